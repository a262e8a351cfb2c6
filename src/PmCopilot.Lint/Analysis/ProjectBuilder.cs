using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.Lint.References;

namespace PmCopilot.Lint.Analysis;

/// <summary>A file left out of the analysis, and why.</summary>
/// <param name="FilePath">Full path.</param>
/// <param name="Reason">Readable reason (too large, binary, unreadable, syntax errors...).</param>
public sealed record SkippedFile(string FilePath, string Reason);

/// <summary>Builds a Roslyn project for a <see cref="SourceLayout"/> without MSBuild.</summary>
internal static class ProjectBuilder
{
    public const string ImplicitUsingsFileName = "PmCopilot.ImplicitUsings.g.cs";

    // The SDK's implicit usings for Microsoft.NET.Sdk; loose files copied from a project rely on them.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview, DocumentationMode.None);

    /// <summary>Adds the project to <paramref name="solution"/>. Files with <paramref name="texts"/> entries use that text instead of the disk.</summary>
    public static Solution AddProject(Solution solution, SourceLayout layout, ResolvedReferences references, IReadOnlyDictionary<string, string>? texts, bool skipSyntaxErrors, List<SkippedFile> skipped, out ProjectId projectId)
    {
        var id = ProjectId.CreateNewId(layout.Name);
        projectId = id;
        var documents = new List<DocumentInfo>();
        foreach (var file in layout.SourceFiles.Distinct(StringComparer.Ordinal))
        {
            string text;
            if (texts is not null && texts.TryGetValue(file, out var overrideText))
            {
                text = overrideText;
            }
            else if (!SourceFileReader.TryRead(file, out text, out var problem))
            {
                skipped.Add(new SkippedFile(file, problem!));
                continue;
            }

            if (skipSyntaxErrors && !IsGenerated(file))
            {
                var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, file);
                var firstError = tree.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
                if (firstError is not null)
                {
                    var line = firstError.Location.GetLineSpan().StartLinePosition;
                    skipped.Add(new SkippedFile(file, $"syntax error at {line.Line + 1}:{line.Character + 1}: {firstError.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
                    continue;
                }
            }

            documents.Add(CreateDocument(projectId, file, text));
        }

        if (NeedsImplicitUsings(layout))
            documents.Add(CreateDocument(projectId, Path.Combine(layout.Directory, "obj", ImplicitUsingsFileName), ImplicitUsings));

        var editorConfigs = layout.EditorConfigs()
            .Select(path => SourceFileReader.TryRead(path, out var configText, out _) ? CreateDocument(id, path, configText) : null)
            .OfType<DocumentInfo>()
            .ToList();

        var compilationOptions = new CSharpCompilationOptions(
            layout.IsExecutable() ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true,
            concurrentBuild: false);
        var info = ProjectInfo.Create(projectId, VersionStamp.Create(), layout.Name, layout.Name, LanguageNames.CSharp,
                filePath: layout.ProjectFile,
                compilationOptions: compilationOptions,
                parseOptions: ParseOptions,
                documents: documents,
                metadataReferences: references.References)
            .WithAnalyzerConfigDocuments(editorConfigs);
        return solution.AddProject(info);
    }

    private static DocumentInfo CreateDocument(ProjectId projectId, string path, string text)
    {
        return DocumentInfo.Create(DocumentId.CreateNewId(projectId, path), Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create(), path)),
            filePath: path);
    }

    private static bool IsGenerated(string file) => file.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase);

    private static bool NeedsImplicitUsings(SourceLayout layout)
    {
        if (layout.SourceFiles.Any(f => f.EndsWith(".GlobalUsings.g.cs", StringComparison.OrdinalIgnoreCase)))
            return false;
        if (layout.ProjectFile is null)
            return true;
        try
        {
            var project = File.ReadAllText(layout.ProjectFile);
            return project.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)
                || project.Contains("<ImplicitUsings>true</ImplicitUsings>", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static PmcSeverity ToSeverity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => PmcSeverity.Error,
        DiagnosticSeverity.Warning => PmcSeverity.Warning,
        DiagnosticSeverity.Info => PmcSeverity.Info,
        _ => PmcSeverity.Hidden,
    };

    public static PmcRange ToRange(LinePositionSpan span) => new(new PmcPosition(span.Start.Line, span.Start.Character), new PmcPosition(span.End.Line, span.End.Character));

    public static PmcDiagnostic ToPmc(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return new PmcDiagnostic(
            diagnostic.Id,
            diagnostic.Descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture),
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            ToSeverity(diagnostic.Severity),
            span.Path,
            ToRange(span.Span),
            string.IsNullOrEmpty(diagnostic.Descriptor.HelpLinkUri) ? null : diagnostic.Descriptor.HelpLinkUri);
    }
}
