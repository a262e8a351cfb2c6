using System.Text.Json;
using PmCopilot.Core.Documents;

namespace PmCopilot.Core.Benchmarks;

/// <summary>
/// Key-point recall of extractive summaries (tests/PmCopilot.Core.Tests/Documents/summary-keypoints.json), printing
/// each document's selected sentences and the points missed. Usage: summary-eval [repo root] [max sentences]
/// </summary>
internal static class SummaryEvaluation
{
    public static async Task RunAsync(string[] args)
    {
        var root = args.Length > 0 ? args[0] : ".";
        var max = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "tests", "PmCopilot.Core.Tests", "Documents", "summary-keypoints.json")));
        int covered = 0, total = 0;
        foreach (var entry in doc.RootElement.GetProperty("documents").EnumerateArray())
        {
            var file = entry.GetProperty("file").GetString()!;
            var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: Path.Combine(root, file), MaxSentences: max), null, null, CancellationToken.None);
            var points = entry.GetProperty("key_points").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();
            var missed = points.Where(p => !summary.KeySentences.Any(s => p.All(term => s.Text.Contains(term, StringComparison.OrdinalIgnoreCase)))).ToList();
            covered += points.Count - missed.Count;
            total += points.Count;
            Console.WriteLine($"{file}: {points.Count - missed.Count}/{points.Count}");
            foreach (var s in summary.KeySentences)
            {
                Console.WriteLine($"  + [{s.Reference}] {s.Text}");
            }

            foreach (var m in missed)
            {
                Console.WriteLine($"  - missed: {string.Join(" & ", m)}");
            }
        }

        Console.WriteLine($"total key-point recall: {covered}/{total} = {100.0 * covered / total:F0}%");
    }
}
