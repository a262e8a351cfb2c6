using System.Text.Json;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Tests.TestSupport;

namespace PmCopilot.Core.Tests.Documents;

/// <summary>
/// Key-point recall of the extractive summary against hand-written reference points (summary-keypoints.json).
/// The floor only catches regressions; the measured figures are reported in docs/quality.md.
/// </summary>
public class SummaryQualityTests
{
    [Fact]
    public async Task Extractive_summaries_cover_the_reference_key_points()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("tests", "PmCopilot.Core.Tests", "Documents", "summary-keypoints.json")));
        int covered = 0, total = 0;
        var report = new List<string>();
        foreach (var entry in doc.RootElement.GetProperty("documents").EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: RepoPaths.InRepo(file), MaxSentences: 8), null, null, TestContext.Current.CancellationToken);
            var points = entry.GetProperty("key_points").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();
            var hit = points.Count(p => summary.KeySentences.Any(s => p.All(term => s.Text.Contains(term, StringComparison.OrdinalIgnoreCase))));
            covered += hit;
            total += points.Count;
            report.Add($"{file}: {hit}/{points.Count}");
        }

        TestContext.Current.SendDiagnosticMessage("key-point recall: " + string.Join("; ", report) + $"; total {covered}/{total}");
        Assert.True(covered >= total * 0.35, $"recall {covered}/{total}: " + string.Join("; ", report));
    }

    /// <summary>
    /// Sixteen documents written blind by a helper (md, txt, html; en, zh, mixed; postmortems, design docs, e-mail
    /// threads, reports), 149 key points, split into a tuning half and a half measured only (Eval/README.md).
    /// </summary>
    /// <remarks>
    /// Eval2: a second blind set (12 documents, 115 points, 2026-12-08), mostly without headings — e-mail thread, chat
    /// export, transcripts, prose memo, news, a brain dump, a long preamble, a wiki page, CRLF text. First measured 38 %
    /// as a whole; the dev2 half was then tuned on (33 % → 48 %) and the held-out2 half measured after (44 % → 55 %).
    /// </remarks>
    [Theory]
    [InlineData("Eval", "dev", 0.33)]
    [InlineData("Eval", "heldout", 0.27)]
    [InlineData("Eval2", "dev2", 0.45)]
    [InlineData("Eval2", "heldout2", 0.48)]
    public async Task Blind_documents_keep_their_key_point_recall(string set, string split, double floor)
    {
        var folder = RepoPaths.InRepo("tests", "PmCopilot.Core.Tests", "Documents", set);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "keypoints.json")));
        int covered = 0, total = 0;
        var report = new List<string>();
        foreach (var entry in doc.RootElement.GetProperty("documents").EnumerateArray().Where(e => e.GetProperty("split").GetString() == split))
        {
            var file = entry.GetProperty("file").GetString()!;
            var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: Path.Combine(folder, file), MaxSentences: 8), null, null, TestContext.Current.CancellationToken);
            var points = entry.GetProperty("key_points").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();
            var hit = points.Count(p => summary.KeySentences.Any(s => p.All(term => s.Text.Contains(term, StringComparison.OrdinalIgnoreCase))));
            covered += hit;
            total += points.Count;
            report.Add($"{file}: {hit}/{points.Count}");
        }

        Assert.True(total > 50, $"only {total} key points in split {split}");
        Assert.True(covered >= total * floor, $"recall {covered}/{total}: " + string.Join("; ", report));
    }
}
