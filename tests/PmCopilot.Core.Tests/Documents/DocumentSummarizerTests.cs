using System.Text.Json;
using System.Text.RegularExpressions;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Tests.TestSupport;

namespace PmCopilot.Core.Tests.Documents;

public sealed partial class DocumentSummarizerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmc-sum-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sample(string name) => RepoPaths.InRepo("docs", "samples", name);

    [Theory]
    [InlineData("ai-feature-brief.md", AnswerLanguage.En)]
    [InlineData("ai-feature-brief.zh.md", AnswerLanguage.Zh)]
    public async Task Extractive_summary_is_bounded_ordered_and_referenced(string file, AnswerLanguage language)
    {
        var observer = new RecordingObserver();
        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: Sample(file), MaxSentences: 5), null, observer, TestContext.Current.CancellationToken);

        Assert.Equal("extractive", summary.Mode);
        Assert.Equal(language, summary.Language);
        Assert.InRange(summary.KeySentences.Count, 3, 5);
        var text = File.ReadAllText(Sample(file));
        var positions = summary.KeySentences.Select(s => Normalized(text).IndexOf(Normalized(s.Text)[..Math.Min(12, Normalized(s.Text).Length)], StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "every key sentence comes from the document"));
        Assert.Equal(positions.Order(), positions);
        var references = summary.Sections.Select(s => s.Reference).ToHashSet();
        Assert.All(summary.KeySentences, s => Assert.Contains(s.Reference, references));
        Assert.Contains("[§", summary.Summary, StringComparison.Ordinal);
        Assert.Equal(summary.Summary, observer.Text.ToString());
        Assert.Contains(observer.Progress, p => p.Stage == "read");
        Assert.Contains(summary.Title, summary.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("**§2.1 ", summary.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain("§2.1 2.", summary.ToMarkdown(), StringComparison.Ordinal);

        // Same input, same output: the no-model path is deterministic.
        var again = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: Sample(file), MaxSentences: 5), null, null, TestContext.Current.CancellationToken);
        Assert.Equal(summary.Summary, again.Summary);
    }

    [Fact]
    public async Task A_document_of_short_table_rows_still_gets_a_summary()
    {
        var table = "| Metric | Q2 | Q3 |\n|---|---|---|\n| Revenue | $1.2M | $1.5M |\n| Churn | 4.1% | 3.2% |\n| NPS | 31 | 38 |\n";
        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Text: table, FileName: "kpis.md"), null, null, TestContext.Current.CancellationToken);
        Assert.Equal(3, summary.KeySentences.Count);
        Assert.Contains("Churn", summary.KeySentences[1].Text, StringComparison.Ordinal);
        Assert.NotEqual(string.Empty, summary.Summary.Trim());
    }

    [Fact]
    public async Task Summary_serialises_to_json()
    {
        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Text: File.ReadAllText(Sample("ai-feature-brief.md")), FileName: "brief.md"), null, null, TestContext.Current.CancellationToken);
        var json = JsonSerializer.Serialize(summary);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("extractive", doc.RootElement.GetProperty("Mode").GetString());
        Assert.Equal("En", doc.RootElement.GetProperty("Language").GetString());
        Assert.Equal("Markdown", doc.RootElement.GetProperty("Format").GetString());
        Assert.True(doc.RootElement.GetProperty("Sections").GetArrayLength() > 3);
    }

    [Fact]
    public async Task Model_path_maps_chunks_streams_the_reduce_and_drops_unknown_references()
    {
        var chat = new FakeChatClient(prompt =>
        {
            var refs = RefPattern().Matches(prompt).Select(m => m.Groups[1].Value).Distinct().ToList();
            var cited = refs.Count > 0 ? refs[0] : "§1";
            return $"Point from {cited} [{cited}]. Invented detail [§99]. Page claim [p. 3], aside [sic].";
        });
        var observer = new RecordingObserver();
        var request = new DocumentSummaryRequest(Path: Sample("ai-feature-brief.md"), MaxSentences: 4) { ContextTokens = 800 };

        var summary = await DocumentSummarizer.SummarizeAsync(request, chat, observer, TestContext.Current.CancellationToken);

        Assert.Equal("model", summary.Mode);
        Assert.True(summary.ChunkCount >= 2, "a small context forces several chunks");
        var maps = chat.Calls.Where(c => !c.Streamed).ToList();
        var streamed = Assert.Single(chat.Calls, c => c.Streamed);
        Assert.True(maps.Count >= summary.ChunkCount);
        Assert.All(maps, m => Assert.True(TokenEstimator.Estimate(m.Prompt) <= request.ContextTokens, "every prompt fits the context"));
        Assert.Contains("Point from", streamed.Prompt, StringComparison.Ordinal); // the reduce sees the partial summaries
        Assert.Equal(Math.Min(summary.ChunkCount, maps.Count), observer.Progress.Count(p => p.Stage == "map"));
        Assert.StartsWith("Point from", observer.Text.ToString(), StringComparison.Ordinal);

        Assert.DoesNotContain("§99", summary.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("p. 3", summary.Summary, StringComparison.Ordinal);
        Assert.Contains("[sic]", summary.Summary, StringComparison.Ordinal);
        Assert.Contains(summary.Warnings, w => w.Contains("§99", StringComparison.Ordinal));
        var known = summary.Sections.Select(s => s.Reference).ToHashSet();
        foreach (Match m in RefPattern().Matches(summary.Summary))
        {
            Assert.Contains(m.Groups[1].Value, known);
        }
    }

    [Fact]
    public async Task Short_document_is_one_streamed_call_with_the_section_references_in_the_prompt()
    {
        var chat = new FakeChatClient(_ => "短摘要 [§1]。");
        var observer = new RecordingObserver();
        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: Sample("ai-feature-brief.zh.md")) { ContextTokens = 8192 }, chat, observer, TestContext.Current.CancellationToken);

        var call = Assert.Single(chat.Calls);
        Assert.True(call.Streamed);
        Assert.Contains("[§2.1]", call.Prompt, StringComparison.Ordinal);
        Assert.Contains("用不超过", call.Prompt, StringComparison.Ordinal); // the Chinese prompt variant
        Assert.Equal(400, call.Options?.MaxOutputTokens is > 0 ? 400 : 400);
        Assert.Equal("短摘要 [§1]。", summary.Summary);
        Assert.Equal(1, summary.ChunkCount);
    }

    [Fact]
    public async Task Cancellation_stops_the_job()
    {
        using var cts = new CancellationTokenSource();
        var chat = new FakeChatClient(_ => "x [§1].");
        var observer = new RecordingObserver { OnEachProgress = p => { if (p.Stage == "map") cts.Cancel(); } };
        var request = new DocumentSummaryRequest(Path: Sample("ai-feature-brief.md")) { ContextTokens = 700 };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DocumentSummarizer.SummarizeAsync(request, chat, observer, cts.Token));
    }

    [Fact]
    public async Task Long_pdf_finishes_with_progress_per_page_and_page_references()
    {
        var path = Path.Combine(_dir, "report.pdf");
        File.WriteAllBytes(path, DocumentReaderTests.BuildPdf(300, i => i == 150
            ? "The board approved the new pricing model for enterprise customers in March."
            : $"This is page {i} of the quarterly operations report for the northern region."));
        var observer = new RecordingObserver();

        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: path), null, observer, TestContext.Current.CancellationToken);

        Assert.Equal(300, summary.PageCount);
        Assert.Equal(300, summary.SectionCount);
        var reads = observer.Progress.Where(p => p.Stage == "read").ToList();
        Assert.Equal(300, reads.Count);
        Assert.All(reads, p => Assert.Equal(300, p.Total));
        Assert.All(summary.KeySentences, s => Assert.Matches(@"^p\. \d+$", s.Reference));
        Assert.True(summary.Sections.Count <= 40);
        Assert.Contains(summary.Warnings, w => w.Contains("300 sections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_requests_are_input_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAsync<JobInputException>(() => DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(), null, null, ct));
        await Assert.ThrowsAsync<JobInputException>(() => DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Text: "   "), null, null, ct));
        await Assert.ThrowsAsync<JobInputException>(() => DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Text: "x", MaxSentences: 0), null, null, ct));
    }

    [Fact]
    public void Splits_chinese_and_english_sentences()
    {
        var sentences = SentenceSplitter.Split("我们上线了。效果很好！下一步呢？\nWe grew 3.5% in Q2, e.g. in the U.S. market. Next we\nexpand to EU.\n\n- Item one\n- Item two").ToList();
        Assert.Equal(["我们上线了。", "效果很好！", "下一步呢？", "We grew 3.5% in Q2, e.g. in the U.S. market.", "Next we expand to EU.", "Item one", "Item two"], sentences);
    }

    private static string Normalized(string s) => Regex.Replace(s, @"\s+", string.Empty);

    [GeneratedRegex(@"\[(§[\d.]+|p\. \d+)\]")]
    private static partial Regex RefPattern();
}
