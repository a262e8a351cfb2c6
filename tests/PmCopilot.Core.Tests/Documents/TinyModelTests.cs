using System.Text.RegularExpressions;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Prd;
using PmCopilot.Core.Tests.TestSupport;
using PmCopilot.Llama;

namespace PmCopilot.Core.Tests.Documents;

/// <summary>
/// The model paths on a real local model: the tiny random-weight GGUF from ../shared. Its text is noise, so these
/// tests check machinery only — the job finishes, streams, stays in its context window and keeps its promises
/// (known references only, one section per prompt).
/// </summary>
public sealed partial class TinyModelTests
{
    private static string ModelPath => Path.Combine(RepoPaths.Shared, "models", "llama-2-tiny-random.gguf");

    private static Task<ChatRuntime> LoadAsync(int contextSize) => ChatRuntime.LoadAsync(
        new ChatProviderSettings
        {
            Local = new LlamaSettings { ModelPath = ModelPath, ContextSize = contextSize, BatchSize = 128, Threads = 1, MaxParallelSequences = 1, EnableEmbeddings = false, Seed = 7 },
        },
        null,
        TestContext.Current.CancellationToken);

    [Fact]
    public async Task Summarizer_runs_map_reduce_on_the_tiny_model()
    {
        Assert.True(File.Exists(ModelPath), $"test model missing: {ModelPath}");
        await using var runtime = await LoadAsync(1024);
        var observer = new RecordingObserver();
        var request = new DocumentSummaryRequest(Path: RepoPaths.InRepo("docs", "samples", "ai-feature-brief.md"), MaxSentences: 3) { ContextTokens = 1024, MaxOutputTokens = 24 };

        var summary = await DocumentSummarizer.SummarizeAsync(request, runtime.Chat, observer, TestContext.Current.CancellationToken);

        Assert.True(summary.ChunkCount >= 2);
        Assert.Contains(observer.Progress, p => p.Stage == "map");
        var known = summary.Sections.Select(s => s.Reference).ToHashSet();
        foreach (Match m in Reference().Matches(summary.Summary))
        {
            Assert.Contains(m.Groups[1].Value, known);
        }

        if (summary.Mode == "model")
        {
            Assert.False(string.IsNullOrWhiteSpace(observer.Text.ToString()), "the reduce streams its text");
        }
        else
        {
            Assert.Contains(summary.Warnings, w => w.Contains("returned nothing", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Drafter_writes_every_section_on_the_tiny_model()
    {
        await using var runtime = await LoadAsync(1024);
        var observer = new RecordingObserver();

        var draft = await PrdDrafter.DraftAsync(new DraftRequest("Saved searches for analysts", DraftKind.Prd) { ContextTokens = 1024, MaxOutputTokens = 24 }, runtime.Chat, observer, TestContext.Current.CancellationToken);

        var sections = PrdSections.For(DraftKind.Prd).ToList();
        Assert.Equal("model", draft.Mode);
        Assert.Equal(sections.Count, draft.Sections.Count);
        Assert.All(draft.Sections, s => Assert.Contains(s.Status, (string[])["model", "fallback"]));
        Assert.Equal(sections.Count, observer.Progress.Count(p => p.Stage == "section"));
        foreach (var section in sections)
        {
            Assert.Contains("## " + section.TitleEn, draft.Markdown, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\[(§[\d.]+|p\. \d+)\]")]
    private static partial Regex Reference();
}
