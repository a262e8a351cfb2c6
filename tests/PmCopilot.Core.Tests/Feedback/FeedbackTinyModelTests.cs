using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Tests.TestSupport;
using PmCopilot.Llama;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// The feedback model path on a real local model: the tiny random-weight GGUF from ../shared. Its text is noise, so
/// this checks machinery only: the job finishes, the prompt fits the window, only checked sentences reach the
/// observer and the report, and the computed figures are untouched.
/// </summary>
public sealed class FeedbackTinyModelTests
{
    private sealed class Observer : IJobObserver
    {
        public System.Text.StringBuilder Text { get; } = new();

        public List<JobProgress> Progress { get; } = [];

        public void OnProgress(JobProgress progress)
        {
            lock (Progress)
            {
                Progress.Add(progress);
            }
        }

        public void OnText(string delta)
        {
            lock (Text)
            {
                Text.Append(delta);
            }
        }
    }

    [Fact]
    public async Task Feedback_summary_runs_on_the_tiny_model()
    {
        var modelPath = Path.Combine(RepoPaths.Shared, "models", "llama-2-tiny-random.gguf");
        Assert.True(File.Exists(modelPath), $"test model missing: {modelPath}");
        await using var runtime = await ChatRuntime.LoadAsync(
            new ChatProviderSettings
            {
                Local = new LlamaSettings { ModelPath = modelPath, ContextSize = 1024, BatchSize = 128, Threads = 1, MaxParallelSequences = 1, EnableEmbeddings = false, Seed = 7 },
            },
            null,
            TestContext.Current.CancellationToken);

        var request = new FeedbackRequest(Path: FeedbackTestFiles.Data("labeled-dev.csv")) { ContextTokens = 1024, MaxOutputTokens = 48 };
        var withoutModel = await FeedbackAnalyzer.AnalyzeAsync(request, ct: TestContext.Current.CancellationToken);
        var observer = new Observer();
        var report = await FeedbackAnalyzer.AnalyzeAsync(request, runtime.Chat, observer, TestContext.Current.CancellationToken);

        Assert.True(report.ModelUsed);
        Assert.Contains(observer.Progress, p => p.Stage == "summarize");
        Assert.Equal(withoutModel.Themes.Select(t => (t.Id, t.Count, t.Label)), report.Themes.Select(t => (t.Id, t.Count, t.Label)));
        Assert.Equal(report.Summary ?? string.Empty, observer.Text.ToString().Trim());
        Assert.True(!report.SummaryWarnings!.Any(w => w.StartsWith("The model failed", StringComparison.Ordinal)), string.Join("; ", report.SummaryWarnings!));

        // Whatever the noise says, every sentence that survived passes the evidence check again.
        var checker = new FeedbackSummaryWriter.EvidenceChecker(FeedbackSummaryWriter.BuildEvidence(report, zh: false, quotesPerTheme: 2), report);
        foreach (var line in (report.Summary ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Null(checker.Check(line, zh: false));
        }

        Assert.Contains("# Feedback summary", report.ToMarkdown());
    }
}
