using PmCopilot.Core.Faq;
using PmCopilot.Core.Tests.TestSupport;
using PmCopilot.Llama;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>
/// The FAQ job against the real local runtime with the tiny random-weight model (machinery only, never wording):
/// tokens stream, the prompt fits the context, citations are verified, and random embeddings do not turn
/// unrelated questions into answers.
/// </summary>
public sealed class FaqTinyModelTests(TinyModelFixture fixture) : IClassFixture<TinyModelFixture>
{
    private readonly ChatRuntime? runtime = fixture.Runtime;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_and_returns_a_verified_answer()
    {
        // The real template with small limits: this checks the plumbing, and a random model never stops early.
        var prompts = Path.Combine(Path.GetTempPath(), "pmc-faq-prompts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(prompts, "faq"));
        File.Copy(RepoPaths.InRepo("prompts", "faq", "skprompt.txt"), Path.Combine(prompts, "faq", "skprompt.txt"));
        File.WriteAllText(Path.Combine(prompts, "faq", "config.json"), """{"execution_settings":{"default":{"max_tokens":24,"max_input_tokens":700,"temperature":0}}}""");
        var observer = new RecordingObserver();
        FaqAnswer answer;
        try
        {
            answer = await new FaqService(promptDirectory: prompts).AnswerAsync(new FaqRequest("大模型部署上线要注意什么？"), runtime!.Chat, runtime.Embeddings, observer, Ct);
        }
        finally
        {
            Directory.Delete(prompts, recursive: true);
        }

        Assert.True(answer.InScope);
        Assert.NotEmpty(observer.Text);
        Assert.Contains(observer.Progress, p => p.Stage == "verify");
        Assert.NotEmpty(answer.Citations);
        Assert.All(answer.Citations, c => Assert.Contains($"[{c.Id}]", answer.Answer, StringComparison.Ordinal));
        Assert.All(answer.RejectedCitations, id => Assert.DoesNotContain(id, answer.Answer, StringComparison.Ordinal));
        if (answer.Mode == FaqModes.KnowledgeBase)
        {
            // Random weights almost never cite an entry, so this is the usual outcome: the checked entry text.
            Assert.Contains(FaqKnowledgeBase.Embedded.Find(answer.Citations[0].Id)!.Answer.Get(answer.Language), answer.Answer, StringComparison.Ordinal);
            Assert.NotEmpty(answer.Notes);
        }
    }

    [Fact]
    public async Task Random_embeddings_do_not_bring_unrelated_questions_into_scope()
    {
        var retriever = FaqRetriever.Default;
        var outOfScope = FaqEvaluation.Load().Where(q => q.OutOfScope && !q.IsProbe).ToList();
        foreach (var q in outOfScope)
        {
            var result = await retriever.SearchAsync(q.Q, runtime!.Embeddings, Ct);
            Assert.True(result.UsedEmbeddings);
            Assert.False(result.InScope, q.Q);
        }
    }

    [Fact]
    public async Task Uninformative_embeddings_barely_change_the_keyword_ranking()
    {
        // Random 8-dimensional embeddings single nothing out, so fusion must leave keyword ranking almost intact
        // (equal-weight fusion measured 32 % top-1 here; see docs/quality.md).
        var questions = FaqEvaluation.Load().Where(q => !q.OutOfScope && q.Split == "dev").ToList();
        var results = new Dictionary<string, FaqSearchResult>();
        foreach (var q in questions)
        {
            results[q.Q] = await FaqRetriever.Default.SearchAsync(q.Q, runtime!.Embeddings, Ct);
        }

        var fused = FaqEvaluation.Measure("tiny-fused", questions, q => results[q]);
        var lexical = FaqEvaluation.Measure("lexical", questions, FaqRetriever.Default.Search);
        Assert.True(fused.Top1 >= lexical.Top1 - 0.05, $"{fused} vs {lexical}");
    }
}

/// <summary>One loaded tiny model shared by the tests of a class (loading per test would repeat the native setup).</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    public ChatRuntime? Runtime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var settings = new LlamaSettings
        {
            ModelPath = Path.Combine(RepoPaths.Shared, "models", "llama-2-tiny-random.gguf"),
            ContextSize = 2048,
            BatchSize = 64,
            Threads = 1,
            MaxParallelSequences = 1,
            Seed = 1,
        };
        Runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings { Local = settings }, null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (Runtime is not null)
        {
            await Runtime.DisposeAsync();
        }
    }
}
