using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PmCopilot.Analyzers.Tests.Verifiers;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.Analyzers.Tests.Quality;

/// <summary>Runs every analyzer over the labelled corpus and scores the findings against the `// expect PMCxxx` marks.</summary>
public static partial class CorpusEvaluation
{
    public sealed record Finding(string File, int Line, string Id);

    public sealed record FileResult(string File, IReadOnlyList<Finding> Expected, IReadOnlyList<Finding> Actual, IReadOnlyList<string> CompileErrors);

    public static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "Corpus");

    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static IReadOnlyList<FileResult>? s_results;

    /// <summary>The corpus is analyzed once per test run and shared by the tests that read it.</summary>
    public static async Task<IReadOnlyList<FileResult>> RunAsync(CancellationToken cancellationToken)
    {
        await s_gate.WaitAsync(cancellationToken);
        try
        {
            return s_results ??= await RunAllAsync(cancellationToken);
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static async Task<IReadOnlyList<FileResult>> RunAllAsync(CancellationToken cancellationToken)
    {
        var results = new List<FileResult>();
        foreach (var file in Directory.GetFiles(CorpusFolder, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            results.Add(await RunFileAsync(file, cancellationToken));
        return results;
    }

    public static async Task<FileResult> RunFileAsync(string file, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        var name = Path.GetFileName(file);
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path: name, cancellationToken: cancellationToken);
        var usings = CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.Linq; global using System.Threading.Tasks;", new CSharpParseOptions(LanguageVersion.Preview), path: "Usings.g.cs", cancellationToken: cancellationToken);
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(file), [tree, usings], TestReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        var diagnostics = await compilation.WithAnalyzers(AnalyzerCatalog.Analyzers).GetAnalyzerDiagnosticsAsync(cancellationToken);
        var actual = diagnostics.Where(d => d.Id.StartsWith("PMC", StringComparison.Ordinal))
            .Select(d => new Finding(name, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .ToList();
        var failures = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString());
        errors.AddRange(failures);
        var expected = new List<Finding>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var mark = ExpectMark().Match(lines[i]);
            if (!mark.Success)
                continue;
            foreach (var id in mark.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                expected.Add(new Finding(name, i + 1, id));
        }

        return new FileResult(name, expected, actual, errors);
    }

    public sealed record Score(string Id, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    /// <summary>Per-rule scores plus an "all" row; a finding matches an expectation with the same file, line and ID.</summary>
    public static IReadOnlyList<Score> ScoreAll(IReadOnlyList<FileResult> results)
    {
        var expected = results.SelectMany(r => r.Expected).ToList();
        var actual = results.SelectMany(r => r.Actual).Distinct().ToList();
        var ids = expected.Select(e => e.Id).Concat(actual.Select(a => a.Id)).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        var scores = new List<Score>();
        foreach (var id in ids)
        {
            var e = expected.Where(x => x.Id == id).ToHashSet();
            var a = actual.Where(x => x.Id == id).ToHashSet();
            scores.Add(new Score(id, a.Count(e.Contains), a.Count(x => !e.Contains(x)), e.Count(x => !a.Contains(x))));
        }

        scores.Add(new Score("all", scores.Sum(s => s.TruePositives), scores.Sum(s => s.FalsePositives), scores.Sum(s => s.FalseNegatives)));
        return scores;
    }

    [GeneratedRegex(@"//\s*expect\s+((?:PMC\d{3}\s*)+)")]
    private static partial Regex ExpectMark();
}
