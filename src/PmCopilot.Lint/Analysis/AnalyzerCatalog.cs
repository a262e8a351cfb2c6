using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using PmCopilot.Analyzers;

namespace PmCopilot.Lint.Analysis;

/// <summary>The PMC analyzers and code fix providers, created once from the analyzer assembly.</summary>
public static class AnalyzerCatalog
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> s_analyzers = new(() => Create<DiagnosticAnalyzer>());
    private static readonly Lazy<ImmutableArray<CodeFixProvider>> s_fixers = new(() => Create<CodeFixProvider>());

    /// <summary>Every PMC analyzer.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => s_analyzers.Value;

    /// <summary>Every PMC code fix provider.</summary>
    public static ImmutableArray<CodeFixProvider> CodeFixProviders => s_fixers.Value;

    /// <summary>Each rule's descriptor (one per ID), ordered by ID.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> Rules { get; } = Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .GroupBy(d => d.Id)
        .Select(g => g.First())
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    private static ImmutableArray<T> Create<T>()
    {
        var assembly = typeof(RuleIdentifiers).Assembly;
        return assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null || t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}
