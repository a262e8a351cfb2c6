using System.Text.Json;
using PmCopilot.Core.Documents;

namespace PmCopilot.Core.Benchmarks;

/// <summary>
/// Key-point recall of extractive summaries, printing each document's selected sentences and the points missed.
/// Usage: summary-eval [repo root] [max sentences] [--keypoints FILE] [--split NAME] [--quiet].
/// Without --keypoints it reads tests/PmCopilot.Core.Tests/Documents/summary-keypoints.json and every file under
/// tests/PmCopilot.Core.Tests/Documents/Eval/keypoints.json; a point's file is relative to the repo root or, failing
/// that, to its key-point file's folder.
/// </summary>
internal static class SummaryEvaluation
{
    public static async Task RunAsync(string[] args)
    {
        var positional = new List<string>();
        string? keypoints = null, split = null;
        var quiet = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--keypoints": keypoints = args[++i]; break;
                case "--split": split = args[++i]; break;
                case "--quiet": quiet = true; break;
                default: positional.Add(args[i]); break;
            }
        }

        var root = positional.Count > 0 ? positional[0] : ".";
        var max = positional.Count > 1 ? int.Parse(positional[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var files = keypoints is not null
            ? [keypoints]
            : new[]
            {
                Path.Combine(root, "tests", "PmCopilot.Core.Tests", "Documents", "summary-keypoints.json"),
                Path.Combine(root, "tests", "PmCopilot.Core.Tests", "Documents", "Eval", "keypoints.json"),
            }.Where(File.Exists).ToArray();

        int covered = 0, total = 0;
        var byGroup = new SortedDictionary<string, (int Covered, int Total)>(StringComparer.Ordinal);
        foreach (var keypointFile in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(keypointFile));
            foreach (var entry in doc.RootElement.GetProperty("documents").EnumerateArray())
            {
                var entrySplit = entry.TryGetProperty("split", out var s) ? s.GetString()! : "dev";
                if (split is not null && entrySplit != split)
                {
                    continue;
                }

                var file = entry.GetProperty("file").GetString()!;
                var path = File.Exists(Path.Combine(root, file)) ? Path.Combine(root, file) : Path.Combine(Path.GetDirectoryName(keypointFile)!, file);
                var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: path, MaxSentences: max), null, null, CancellationToken.None);
                var points = entry.GetProperty("key_points").EnumerateArray().Select(p => p.EnumerateArray().Select(t => t.GetString()!).ToList()).ToList();
                var missed = points.Where(p => !summary.KeySentences.Any(k => p.All(term => k.Text.Contains(term, StringComparison.OrdinalIgnoreCase)))).ToList();
                covered += points.Count - missed.Count;
                total += points.Count;
                var lang = entry.TryGetProperty("lang", out var l) ? l.GetString()! : (summary.Language == PmCopilot.Core.Jobs.AnswerLanguage.Zh ? "zh" : "en");
                foreach (var group in new[] { $"split {entrySplit}", $"lang {lang}", $"format {summary.Format}" })
                {
                    var (c, t) = byGroup.GetValueOrDefault(group);
                    byGroup[group] = (c + points.Count - missed.Count, t + points.Count);
                }

                Console.WriteLine($"{file}: {points.Count - missed.Count}/{points.Count}");
                if (quiet)
                {
                    continue;
                }

                foreach (var k in summary.KeySentences)
                {
                    Console.WriteLine($"  + [{k.Reference}] {k.Text}");
                }

                foreach (var m in missed)
                {
                    Console.WriteLine($"  - missed: {string.Join(" & ", m)}");
                }
            }
        }

        foreach (var (group, (c, t)) in byGroup)
        {
            Console.WriteLine($"{group}: {c}/{t} = {100.0 * c / t:F0}%");
        }

        Console.WriteLine($"total key-point recall: {covered}/{total} = {(total == 0 ? 0 : 100.0 * covered / total):F0}%");
    }
}
