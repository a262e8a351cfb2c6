using System.Globalization;
using System.Text;

namespace PmCopilot.Analyzers.Tests.Quality;

public class CorpusQualityTests
{
    [Fact]
    public async Task CorpusFilesCompileAgainstTheRealPackages()
    {
        var results = await CorpusEvaluation.RunAsync(TestContext.Current.CancellationToken);
        Assert.True(results.Count >= 10, "corpus too small");
        var broken = results.Where(r => r.CompileErrors.Count > 0).Select(r => r.File + ": " + string.Join(" | ", r.CompileErrors.Take(3))).ToList();
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public async Task PrecisionAndRecallMeetTheTargets()
    {
        var results = await CorpusEvaluation.RunAsync(TestContext.Current.CancellationToken);
        var scores = CorpusEvaluation.ScoreAll(results);
        var report = new StringBuilder();
        report.AppendLine("| rule | TP | FP | FN | precision | recall |");
        foreach (var s in scores)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {s.Id} | {s.TruePositives} | {s.FalsePositives} | {s.FalseNegatives} | {s.Precision:F2} | {s.Recall:F2} |"));
        var misses = results.SelectMany(r => r.Expected.Where(e => !r.Actual.Contains(e)).Select(e => $"missed {e.Id} {e.File}:{e.Line}"))
            .Concat(results.SelectMany(r => r.Actual.Where(a => !r.Expected.Contains(a)).Select(a => $"false {a.Id} {a.File}:{a.Line}")))
            .ToList();
        TestContext.Current.SendDiagnosticMessage(report.ToString());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "corpus-quality.md"), report + Environment.NewLine + string.Join(Environment.NewLine, misses));

        var all = scores.Single(s => s.Id == "all");
        Assert.True(all.Precision >= 0.95 && all.Recall >= 0.90, report + string.Join(Environment.NewLine, misses));
    }

    [Fact]
    public async Task CleanFilesProduceNothing()
    {
        var results = await CorpusEvaluation.RunAsync(TestContext.Current.CancellationToken);
        var noisy = results.Where(r => r.File.StartsWith("Clean", StringComparison.Ordinal) && r.Actual.Count > 0)
            .Select(r => r.File + ": " + string.Join(", ", r.Actual.Select(a => $"{a.Id}@{a.Line}")))
            .ToList();
        Assert.True(noisy.Count == 0, string.Join(Environment.NewLine, noisy));
    }
}
