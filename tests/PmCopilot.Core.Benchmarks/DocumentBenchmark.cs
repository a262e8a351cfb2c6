using System.Diagnostics;
using System.Globalization;
using System.Text;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace PmCopilot.Core.Benchmarks;

/// <summary>
/// Long-document summaries without a model: time and memory for generated PDFs (300 and 1,000 pages) and a large
/// Markdown file, against the peer "only read the document" measured in the same run.
/// Usage: documents [--pages 300,1000] [--runs 3]
/// </summary>
internal static class DocumentBenchmark
{
    private static readonly string[] Topics =
    [
        "Checkout completion for returning customers fell after the redesign of the shipping step",
        "Support tickets about failed uploads doubled in regions with poor mobile coverage",
        "The pricing experiment raised conversion on annual plans but lowered monthly sign-ups",
        "Enterprise customers asked for audit logs before expanding to more departments",
        "Latency of the search service stayed under the agreed budget during the holiday peak",
        "The onboarding checklist shortened time to first value for new workspace admins",
        "Churn among small teams concentrated in the first ninety days after purchase",
        "The recommendation model improved click-through on the home page in the test group",
    ];

    public static async Task RunAsync(string[] args)
    {
        var pages = Option(args, "--pages", "300,1000").Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(Option(args, "--runs", "3"), CultureInfo.InvariantCulture);
        var dir = Directory.CreateTempSubdirectory("pmc-docbench-").FullName;
        try
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine("| input | read only (peer) | extractive summary | ratio | max managed heap during summary | allocated |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var count in pages)
            {
                var pdf = Path.Combine(dir, $"report-{count}.pdf");
                File.WriteAllBytes(pdf, BuildPdf(count));
                await MeasureAsync($"PDF, {count} pages ({new FileInfo(pdf).Length / 1024} KB)", pdf, runs);
            }

            var md = Path.Combine(dir, "handbook.md");
            File.WriteAllText(md, BuildMarkdown(2000));
            await MeasureAsync($"Markdown, 2,000 sections ({new FileInfo(md).Length / 1024} KB)", md, runs);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task MeasureAsync(string label, string path, int runs)
    {
        var read = new List<double>();
        var summarize = new List<double>();
        long maxHeap = 0, allocated = 0;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var chars = 0L;
            foreach (var section in DocumentReader.Open(path).Sections)
            {
                chars += section.Text.Length;
            }

            read.Add(sw.Elapsed.TotalSeconds);

            GC.Collect();
            var observer = new HeapSampler();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            sw.Restart();
            var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: path), null, observer, CancellationToken.None);
            summarize.Add(sw.Elapsed.TotalSeconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            maxHeap = Math.Max(maxHeap, observer.MaxHeap);
            if (summary.KeySentences.Count == 0 || chars == 0)
            {
                throw new InvalidOperationException("benchmark input produced no summary");
            }
        }

        var r = Median(read);
        var s = Median(summarize);
        Console.WriteLine($"| {label} | {r:F2} s | {s:F2} s | {s / r:F2}× | {maxHeap / (1024 * 1024)} MB | {allocated / (1024 * 1024)} MB |");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static byte[] BuildPdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 1; p <= pages; p++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            for (var line = 0; line < 30; line++)
            {
                page.AddText(Sentence(p, line), 9, new PdfPoint(40, 800 - line * 24), font);
            }
        }

        return builder.Build();
    }

    private static string BuildMarkdown(int sections)
    {
        var sb = new StringBuilder("# Operations handbook\n\n");
        for (var s = 1; s <= sections; s++)
        {
            sb.Append("## Section ").Append(s).Append("\n\n");
            for (var line = 0; line < 8; line++)
            {
                sb.Append(Sentence(s, line)).Append(' ');
            }

            sb.Append("\n\n");
        }

        return sb.ToString();
    }

    private static string Sentence(int page, int line) =>
        $"{Topics[(page * 7 + line) % Topics.Length]} in week {page % 52 + 1}, item {line + 1}, by {(page * 13 + line * 7) % 40 + 2} percent.";

    private sealed class HeapSampler : IJobObserver
    {
        private int _count;

        public long MaxHeap { get; private set; }

        public void OnProgress(JobProgress progress)
        {
            if (++_count % 20 == 0)
            {
                MaxHeap = Math.Max(MaxHeap, GC.GetTotalMemory(forceFullCollection: false));
            }
        }

        public void OnText(string delta)
        {
        }
    }
}
