using System.Diagnostics;
using System.Globalization;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Tests.Feedback;

namespace PmCopilot.Core.Benchmarks;

/// <summary>
/// Times the no-model feedback pipeline on synthetic reviews (CSV text in memory, so disk speed does not count):
/// each size once to warm up, then the median of the repeats, with the time per stage and peak memory.
/// Peers measured in the same run: the 10k run (scaling ratio), and for the one step that is quadratic when done
/// naively, near-duplicate detection, an all-pairs Jaccard baseline on the same items.
/// </summary>
internal static class FeedbackBenchmark
{
    private sealed class StageTimer : IJobObserver
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, double> firstSeen = [];

        public List<(string Stage, double Seconds)> Stages()
        {
            var ordered = firstSeen.OrderBy(s => s.Value).ToList();
            var stages = new List<(string, double)>();
            for (int i = 0; i < ordered.Count - 1; i++)
            {
                stages.Add((ordered[i].Key, ordered[i + 1].Value - ordered[i].Value));
            }

            return stages;
        }

        public void OnProgress(JobProgress progress)
        {
            lock (firstSeen)
            {
                firstSeen.TryAdd(progress.Stage, clock.Elapsed.TotalSeconds);
            }
        }

        public void OnText(string delta)
        {
        }
    }

    public static async Task RunAsync(string[] args)
    {
        var sizes = args.Length > 1 && args[0] == "--items"
            ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : [10_000, 100_000];
        int repeats = args.Length > 3 && args[2] == "--repeats" ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average at start: {LoadAverage()}");
        var results = new List<(int Items, double Seconds)>();
        foreach (int size in sizes)
        {
            var csv = FeedbackSynthesizer.ToCsv(FeedbackSynthesizer.Generate(size, seed: 42));
            Console.WriteLine($"\n{size:N0} items ({csv.Length / 1024.0 / 1024.0:F1} MiB of CSV)");
            await RunOnce(csv, print: false); // warm-up: JIT, lexicon, thread pool
            var times = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                times.Add(await RunOnce(csv, print: r == repeats - 1));
            }

            times.Sort();
            double median = times[times.Count / 2];
            results.Add((size, median));
            Console.WriteLine($"  runs: {string.Join(", ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} s; median {median:F2} s = {size / median:N0} items/s; load average now {LoadAverage()}");
        }

        if (results.Count >= 2)
        {
            var (smallN, smallT) = results[0];
            var (largeN, largeT) = results[^1];
            Console.WriteLine($"\nscaling: {largeN / (double)smallN:F0}x the items took {largeT / smallT:F1}x the time ({smallT:F2} s -> {largeT:F2} s)");
        }

        NearDuplicatePeer(5_000);
    }

    private static async Task<double> RunOnce(string csv, bool print)
    {
        GC.Collect();
        var timer = new StageTimer();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: csv, FormatHint: "csv"), null, timer);
        double seconds = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        if (print)
        {
            long allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            Console.WriteLine($"  analysed {report.AnalyzedItems:N0} unique of {report.TotalItems:N0} ({report.ExactDuplicates:N0} exact + {report.NearDuplicates:N0} near duplicates), {report.Themes.Count} themes");
            Console.WriteLine($"  wall {seconds:F2} s, CPU {cpu:F2} s (both cores together)");
            Console.WriteLine($"  stages: {string.Join(", ", timer.Stages().Select(s => $"{s.Stage} {s.Seconds:F2} s"))}");
            Console.WriteLine($"  allocated {allocated / 1024.0 / 1024.0:N0} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB");
            Console.WriteLine($"  themes: {string.Join(" | ", report.Themes.Select(t => $"{t.Label} {t.Count}"))}");
        }

        return seconds;
    }

    /// <summary>All-pairs Jaccard (what one writes first) against MinHash LSH, on the same normalised keys.</summary>
    private static void NearDuplicatePeer(int size)
    {
        var keys = FeedbackSynthesizer.Generate(size, seed: 42).Select(r => FeedbackText.DuplicateKey(FeedbackText.Clean(r.Text))).ToList();
        var clock = Stopwatch.StartNew();
        var (_, exact, near) = DuplicateFinder.Find(keys, CancellationToken.None);
        double lsh = clock.Elapsed.TotalSeconds;

        clock.Restart();
        int naiveDuplicates = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (keys[i] == keys[j] || (keys[i].Length >= 16 && keys[j].Length >= 16 && DuplicateFinder.Jaccard(keys[i], keys[j]) >= DuplicateFinder.NearThreshold))
                {
                    naiveDuplicates++;
                    break;
                }
            }
        }

        double naive = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"\nnear-duplicate peer on {size:N0} items: MinHash LSH {lsh:F3} s ({exact + near} duplicates), all-pairs Jaccard {naive:F1} s ({naiveDuplicates} duplicates): {naive / lsh:F0}x");
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b);
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
