using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using PmCopilot.Analyzers.Tests.Verifiers;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.Analyzers.Tests.HeldOut;

/// <summary>
/// Independent held-out corpus: files written without looking at the analyzers, each labelled in its first line with
/// <c>// expect: PMC004@23, PMC007@10</c> or <c>// expect: none</c>. A finding matches an expectation with the same rule
/// on the same line ±1. The numbers are printed, not asserted: only compilation against the real packages is checked.
/// </summary>
public partial class HeldOutCorpusTests
{
    public sealed record Expectation(string File, int Line, string Id);

    public sealed record FileOutcome(string File, IReadOnlyList<Expectation> Expected, IReadOnlyList<Expectation> Actual, IReadOnlyList<string> Errors);

    public sealed record RuleScore(string Id, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    private static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "HeldOut", "Corpus");

    [Fact]
    public async Task EveryCorpusFileCompilesAndIsLabelled()
    {
        var outcomes = await RunAllAsync(TestContext.Current.CancellationToken);
        Assert.True(outcomes.Count >= 60, $"held-out corpus has {outcomes.Count} files");
        var broken = outcomes.Where(o => o.Errors.Count > 0).Select(o => o.File + ": " + string.Join(" | ", o.Errors.Take(3))).ToList();
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public async Task ReportPrecisionAndRecall()
    {
        var outcomes = await RunAllAsync(TestContext.Current.CancellationToken);
        var (scores, details) = Score(outcomes);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Held-out corpus: {outcomes.Count} files, {outcomes.Count(o => o.Expected.Count == 0)} expected clean");
        report.AppendLine("| rule | TP | FP | FN | precision | recall |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in scores)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Id} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.Precision:F2} | {s.Recall:F2} |"));
        report.AppendLine();
        foreach (var line in details)
            report.AppendLine(line);
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "heldout-quality.md"), report.ToString(), TestContext.Current.CancellationToken);
        Assert.NotEmpty(scores);
    }

    public static (IReadOnlyList<RuleScore> Scores, IReadOnlyList<string> Details) Score(IReadOnlyList<FileOutcome> outcomes)
    {
        var tp = new Dictionary<string, int>(StringComparer.Ordinal);
        var fp = new Dictionary<string, int>(StringComparer.Ordinal);
        var fn = new Dictionary<string, int>(StringComparer.Ordinal);
        var details = new List<string>();
        foreach (var outcome in outcomes)
        {
            var unmatched = outcome.Actual.Distinct().ToList();
            foreach (var e in outcome.Expected)
            {
                var hit = unmatched.FirstOrDefault(a => a.Id == e.Id && Math.Abs(a.Line - e.Line) <= 1);
                if (hit is null)
                {
                    Bump(fn, e.Id);
                    details.Add($"missed {e.Id} {e.File}:{e.Line}");
                }
                else
                {
                    unmatched.Remove(hit);
                    Bump(tp, e.Id);
                }
            }

            foreach (var a in unmatched)
            {
                Bump(fp, a.Id);
                details.Add($"false  {a.Id} {a.File}:{a.Line}");
            }
        }

        var ids = tp.Keys.Concat(fp.Keys).Concat(fn.Keys).Distinct().OrderBy(i => i, StringComparer.Ordinal);
        var scores = ids.Select(id => new RuleScore(id, tp.GetValueOrDefault(id), fp.GetValueOrDefault(id), fn.GetValueOrDefault(id))).ToList();
        scores.Add(new RuleScore("all", scores.Sum(s => s.TruePositives), scores.Sum(s => s.FalsePositives), scores.Sum(s => s.FalseNegatives)));
        return (scores, details);

        static void Bump(Dictionary<string, int> counts, string id) => counts[id] = counts.GetValueOrDefault(id) + 1;
    }

    public static async Task<IReadOnlyList<FileOutcome>> RunAllAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<FileOutcome>();
        foreach (var file in Directory.GetFiles(CorpusFolder, "*.cs").OrderBy(f => f, StringComparer.Ordinal))
            outcomes.Add(await RunFileAsync(file, cancellationToken));
        return outcomes;
    }

    private static async Task<FileOutcome> RunFileAsync(string file, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(file, cancellationToken);
        var name = Path.GetFileName(file);
        var errors = new List<string>();
        var expected = ParseHeader(name, text, errors);
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: name, cancellationToken: cancellationToken);
        // A file written as a program (top-level statements) is compiled as one, as its author built it; the rest are libraries.
        var outputKind = tree.GetCompilationUnitRoot(cancellationToken).Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()
            ? OutputKind.ConsoleApplication
            : OutputKind.DynamicallyLinkedLibrary;
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(file), [tree], TestReferences.All,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
        errors.AddRange(compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
        var withAnalyzers = compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken);
        errors.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
        var actual = diagnostics.Where(d => d.Id.StartsWith("PMC", StringComparison.Ordinal))
            .Select(d => new Expectation(name, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .ToList();
        return new FileOutcome(name, expected, actual, errors);
    }

    private static List<Expectation> ParseHeader(string name, string text, List<string> errors)
    {
        var firstLine = text.Split('\n', 2)[0].Trim();
        var header = HeaderPattern().Match(firstLine);
        if (!header.Success)
        {
            errors.Add("first line is not an '// expect:' header");
            return [];
        }

        var body = header.Groups[1].Value.Trim();
        if (body == "none")
            return [];
        var expected = new List<Expectation>();
        foreach (var item in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var mark = MarkPattern().Match(item);
            if (!mark.Success)
                errors.Add($"bad expectation '{item}'");
            else
                expected.Add(new Expectation(name, int.Parse(mark.Groups[2].Value, CultureInfo.InvariantCulture), mark.Groups[1].Value));
        }

        return expected;
    }

    [GeneratedRegex(@"^//\s*expect:\s*(.+)$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^(PMC\d{3})@(\d+)$")]
    private static partial Regex MarkPattern();
}
