using PmCopilot.Core.Faq;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Faq;

public class FaqServiceTests
{
    private static readonly FaqService Service = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_model_answers_with_the_entry_text_in_chinese()
    {
        var answer = await Service.AnswerAsync(new FaqRequest("类别不平衡怎么处理？"), null, null, null, Ct);
        var entry = FaqKnowledgeBase.Embedded.Find("faq.class-imbalance")!;
        Assert.True(answer.InScope);
        Assert.Equal(AnswerLanguage.Zh, answer.Language);
        Assert.Equal(FaqModes.KnowledgeBase, answer.Mode);
        Assert.Contains(entry.Answer.Zh, answer.Answer, StringComparison.Ordinal);
        Assert.Contains("另见", answer.Answer, StringComparison.Ordinal);
        Assert.Equal("faq.class-imbalance", answer.Citations[0].Id);
        Assert.True(answer.Citations.Count >= 2);
        Assert.All(answer.Citations, c => Assert.Contains($"[{c.Id}]", answer.Answer, StringComparison.Ordinal));
        Assert.Empty(answer.Suggestions);
    }

    [Fact]
    public async Task Without_a_model_answers_in_english_and_language_can_be_forced()
    {
        var en = await Service.AnswerAsync(new FaqRequest("How do we deploy a model to production?"), null, null, null, Ct);
        Assert.Equal(AnswerLanguage.En, en.Language);
        Assert.Contains(FaqKnowledgeBase.Embedded.Find(en.Citations[0].Id)!.Answer.En, en.Answer, StringComparison.Ordinal);
        Assert.Contains("See also:", en.Answer, StringComparison.Ordinal);

        var forced = await Service.AnswerAsync(new FaqRequest("How do we deploy a model to production?", AnswerLanguage.Zh), null, null, null, Ct);
        Assert.Equal(AnswerLanguage.Zh, forced.Language);
        Assert.Contains(FaqKnowledgeBase.Embedded.Find(forced.Citations[0].Id)!.Answer.Zh, forced.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("明天北京天气怎么样", AnswerLanguage.Zh)]
    [InlineData("How do I reverse a linked list in Java?", AnswerLanguage.En)]
    public async Task Out_of_scope_says_so_and_offers_topics_without_asking_the_model(string question, AnswerLanguage language)
    {
        var chat = new ScriptedChatClient("Invented answer [faq.deployment]");
        var answer = await Service.AnswerAsync(new FaqRequest(question), chat, null, null, Ct);
        Assert.False(answer.InScope);
        Assert.Equal(language, answer.Language);
        Assert.Equal(0, chat.Calls);
        Assert.Empty(answer.Citations);
        Assert.NotEmpty(answer.Suggestions);
        Assert.All(answer.Suggestions, s => Assert.True(FaqKnowledgeBase.Embedded.Contains(s.Id)));
        Assert.DoesNotContain("Invented", answer.Answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task Empty_questions_are_rejected_clearly(string question)
    {
        var ex = await Assert.ThrowsAsync<JobInputException>(() => Service.AnswerAsync(new FaqRequest(question), null, null, null, Ct));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task TopK_out_of_range_is_rejected(int topK) =>
        await Assert.ThrowsAsync<JobInputException>(() => Service.AnswerAsync(new FaqRequest("overfitting", TopK: topK), null, null, null, Ct));

    [Fact]
    public async Task A_megabyte_question_is_truncated_with_a_note()
    {
        var huge = "模型过拟合了怎么办？" + new string('啊', 1_000_000);
        var answer = await Service.AnswerAsync(new FaqRequest(huge), null, null, null, Ct);
        Assert.True(answer.InScope);
        Assert.Equal("faq.overfitting", answer.Citations[0].Id);
        Assert.Contains(answer.Notes, n => n.Contains("4,000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Model_answer_streams_and_keeps_verified_citations()
    {
        var chat = new ScriptedChatClient("Resample the training set and weight the minority class [faq.class-imbalance]. Judge it by recall and F1 [faq.model-evaluation].");
        var observer = new RecordingObserver();
        var answer = await Service.AnswerAsync(new FaqRequest("How do I handle an imbalanced dataset and which metrics should I use?"), chat, null, observer, Ct);

        Assert.Equal(FaqModes.Model, answer.Mode);
        Assert.True(answer.InScope);
        Assert.Equal(["faq.class-imbalance", "faq.model-evaluation"], answer.Citations.Select(c => c.Id));
        Assert.Empty(answer.RejectedCitations);
        Assert.True(observer.Text.Count > 1);
        Assert.Equal(answer.Answer, string.Concat(observer.Text));
        Assert.Contains(observer.Progress, p => p.Stage == "verify");

        // The prompt carries the retrieved evidence, the question and the answer language, with the prompt's settings.
        var prompt = Assert.Single(chat.Prompts);
        Assert.Contains("[faq.class-imbalance]", prompt, StringComparison.Ordinal);
        Assert.Contains("imbalanced dataset", prompt, StringComparison.Ordinal);
        Assert.Contains("English", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("{{$", prompt, StringComparison.Ordinal);
        Assert.NotNull(chat.LastOptions?.MaxOutputTokens);
    }

    [Fact]
    public async Task Citations_to_entries_that_were_not_retrieved_are_removed_and_reported()
    {
        var chat = new ScriptedChatClient("用重采样和类别权重处理不平衡 [faq.class-imbalance]。另外可以参考 [faq.made-up-entry] 和 [faq.ai-in-healthcare]。");
        var answer = await Service.AnswerAsync(new FaqRequest("类别不平衡怎么处理"), chat, null, null, Ct);
        Assert.Equal(FaqModes.Model, answer.Mode);
        Assert.Equal(["faq.class-imbalance"], answer.Citations.Select(c => c.Id));
        Assert.Contains("faq.made-up-entry", answer.RejectedCitations);
        Assert.DoesNotContain("faq.made-up-entry", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("[faq.class-imbalance]", answer.Answer, StringComparison.Ordinal);
        Assert.NotEmpty(answer.Notes);
    }

    [Theory]
    [InlineData("Just resample the data, trust me [faq.bogus-entry].")]
    [InlineData("Resampling helps, see the docs.")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Falls_back_to_the_knowledge_base_when_the_model_cites_nothing_valid(string reply)
    {
        var chat = new ScriptedChatClient(reply);
        var answer = await Service.AnswerAsync(new FaqRequest("How do I handle class imbalance?"), chat, null, null, Ct);
        Assert.Equal(1, chat.Calls);
        Assert.Equal(FaqModes.KnowledgeBase, answer.Mode);
        Assert.Equal("faq.class-imbalance", answer.Citations[0].Id);
        Assert.Contains(FaqKnowledgeBase.Embedded.Find("faq.class-imbalance")!.Answer.En, answer.Answer, StringComparison.Ordinal);
        Assert.Contains(answer.Notes, n => n.Contains("knowledge-base answer", StringComparison.Ordinal));
        Assert.DoesNotContain("bogus", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_model_falls_back_with_a_note()
    {
        var chat = new ScriptedChatClient("partial output that never finishes", new InvalidOperationException("context overflow"));
        var answer = await Service.AnswerAsync(new FaqRequest("What is overfitting?"), chat, null, null, Ct);
        Assert.Equal(FaqModes.KnowledgeBase, answer.Mode);
        Assert.Contains(answer.Notes, n => n.Contains("context overflow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var chat = new ScriptedChatClient("Regularize [faq.overfitting].");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service.AnswerAsync(new FaqRequest("What is overfitting?"), chat, null, null, cts.Token));
    }

    [Fact]
    public async Task The_rendered_prompt_is_kept_within_its_input_budget()
    {
        var prompts = Path.Combine(Path.GetTempPath(), "pmc-faq-prompts-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(prompts, "faq"));
        File.Copy(Path.Combine(TestSupport.RepoPaths.Root, "prompts", "faq", "skprompt.txt"), Path.Combine(prompts, "faq", "skprompt.txt"));
        File.WriteAllText(Path.Combine(prompts, "faq", "config.json"), """{"execution_settings":{"default":{"max_tokens":50,"max_input_tokens":500}}}""");
        try
        {
            var chat = new ScriptedChatClient("Use class weights [faq.class-imbalance].");
            var service = new FaqService(promptDirectory: prompts);
            await service.AnswerAsync(new FaqRequest("类别不平衡和评估指标怎么选", TopK: 5), chat, null, null, Ct);
            var prompt = Assert.Single(chat.Prompts);
            Assert.InRange(FaqService.EstimateTokens(prompt), 1, 500);
            Assert.Contains("[faq.", prompt, StringComparison.Ordinal);
            Assert.Equal(50, chat.LastOptions?.MaxOutputTokens);

            // The default budget keeps all evidence for an ordinary question.
            var roomy = new ScriptedChatClient("Use class weights [faq.class-imbalance].");
            await new FaqService().AnswerAsync(new FaqRequest("How do I handle class imbalance?"), roomy, null, null, Ct);
            Assert.InRange(FaqService.EstimateTokens(Assert.Single(roomy.Prompts)), 1, 1500);
        }
        finally
        {
            Directory.Delete(prompts, recursive: true);
        }
    }

    [Fact]
    public void Verification_handles_grouped_and_oddly_cased_ids()
    {
        var kb = FaqKnowledgeBase.Embedded;
        var evidence = new[] { kb.Find("faq.overfitting")!, kb.Find("faq.model-evaluation")! }.Select(e => new FaqHit(e, 1, 1, 1, null)).ToList();
        var check = FaqService.VerifyCitations("Use dropout [FAQ.Overfitting, faq.nope] and F1 [ faq.model-evaluation ] .", evidence);
        Assert.Equal(["faq.overfitting", "faq.model-evaluation"], check.Cited);
        Assert.Equal(["faq.nope"], check.Rejected);
        Assert.Equal("Use dropout [faq.overfitting] and F1 [faq.model-evaluation].", check.Text);
    }
}
