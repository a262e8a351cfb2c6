using Microsoft.SemanticKernel;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prd;
using PmCopilot.Core.Tests.TestSupport;

namespace PmCopilot.Core.Tests.Prd;

public sealed class PrdDrafterTests : IDisposable
{
    private const string Idea = "AI summaries of long support tickets for support agents in Zendesk";
    private readonly string _dir = Directory.CreateTempSubdirectory("pmc-draft-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Skeleton_fills_the_idea_and_asks_questions_specific_to_it()
    {
        var draft = await PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.AiSpec), null, null, TestContext.Current.CancellationToken);

        Assert.Equal("skeleton", draft.Mode);
        Assert.Equal(AnswerLanguage.En, draft.Language);
        Assert.StartsWith("# AI feature spec: AI summaries of long support tickets", draft.Markdown, StringComparison.Ordinal);
        Assert.Equal(PrdSections.For(DraftKind.AiSpec).Count(), draft.Sections.Count);
        Assert.Equal("filled", draft.Sections.Single(s => s.Id == "tldr").Status);
        Assert.Equal("filled", draft.Sections.Single(s => s.Id == "problem").Status);
        Assert.Equal("questions", draft.Sections.Single(s => s.Id == "evaluation").Status);
        Assert.Contains("support agents", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("support tickets", draft.Markdown, StringComparison.Ordinal);

        // The skeleton is a complete, unfinished spec: nothing missing, the unanswered sections reported empty.
        var findings = PrdLinter.Lint(draft.Markdown);
        Assert.DoesNotContain(findings, d => d.Code is PrdCodes.MissingSection or PrdCodes.MissingEvaluationPlan or PrdCodes.MissingFallback or PrdCodes.MissingPrivacyReview);
        Assert.Equal(DraftKind.AiSpec, PrdLinter.DetectKind(draft.Markdown));
        Assert.Contains(findings, d => d.Code == PrdCodes.EmptySection);
        Assert.DoesNotContain(findings, d => d.Code == PrdCodes.EmptySection && d.Message.Contains("TL;DR", StringComparison.Ordinal));

        var again = await PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.AiSpec), null, null, TestContext.Current.CancellationToken);
        Assert.Equal(draft.Markdown, again.Markdown);
    }

    [Fact]
    public async Task Chinese_idea_gives_a_chinese_skeleton_naming_the_persona()
    {
        var draft = await PrdDrafter.DraftAsync(new DraftRequest("为客服自动生成长工单的摘要", DraftKind.Prd), null, null, TestContext.Current.CancellationToken);

        Assert.Equal(AnswerLanguage.Zh, draft.Language);
        Assert.StartsWith("# 产品需求文档：为客服自动生成长工单的摘要", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("## 用户故事与验收标准", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("作为客服", draft.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("## AI 假设", draft.Markdown, StringComparison.Ordinal);
        Assert.Equal(DraftKind.Prd, PrdLinter.DetectKind(draft.Markdown));
    }

    [Fact]
    public async Task Context_files_are_read_and_quoted_with_their_source()
    {
        var notes = Path.Combine(_dir, "research.md");
        File.WriteAllText(notes, "# Research\n\n## Findings\n\nMedian handle time for support tickets with more than six messages is 11.2 minutes.\n\nAgents said long tickets are the hardest part of the day.\n");

        var draft = await PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.Prd, [notes]), null, null, TestContext.Current.CancellationToken);

        Assert.Contains("11.2 minutes", draft.Markdown, StringComparison.Ordinal);
        Assert.Contains("(research.md §1)", draft.Markdown, StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobInputException>(() => PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.Prd, [Path.Combine(_dir, "missing.md")]), null, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Model_writes_each_section_in_its_own_prompt_with_earlier_sections_summarised()
    {
        var chat = new FakeChatClient(prompt =>
        {
            var title = prompt.Split('"').Skip(1).FirstOrDefault() ?? "?";
            return $"## {title}\n\n- Content for {title}: p95 under 300 ms.\n\n## Some other section\n\nmust not leak";
        });
        var observer = new RecordingObserver();
        var request = new DraftRequest(Idea, DraftKind.AiSpec) { ContextTokens = 1200 };

        var draft = await PrdDrafter.DraftAsync(request, chat, observer, TestContext.Current.CancellationToken);

        var sections = PrdSections.For(DraftKind.AiSpec).ToList();
        Assert.Equal("model", draft.Mode);
        Assert.Equal(sections.Count, chat.Calls.Count);
        Assert.All(chat.Calls, c => Assert.True(c.Streamed));
        for (var i = 0; i < sections.Count; i++)
        {
            Assert.Contains($"\"{sections[i].TitleEn}\"", chat.Calls[i].Prompt, StringComparison.Ordinal);
            Assert.Contains(Idea, chat.Calls[i].Prompt, StringComparison.Ordinal);
            Assert.True(TokenEstimator.Estimate(chat.Calls[i].Prompt) + 400 <= request.ContextTokens);
        }

        Assert.Contains("(none yet)", chat.Calls[0].Prompt, StringComparison.Ordinal);
        Assert.Contains($"- {sections[0].TitleEn}: Content for {sections[0].TitleEn}", chat.Calls[1].Prompt, StringComparison.Ordinal);
        Assert.All(draft.Sections, s => Assert.Equal("model", s.Status));
        Assert.DoesNotContain("must not leak", draft.Markdown, StringComparison.Ordinal);
        Assert.Equal(sections.Count, draft.Markdown.Split("\n## ").Length - 1);
        Assert.Equal(sections.Count, observer.Progress.Count(p => p.Stage == "section"));
        Assert.All(observer.Progress.Where(p => p.Stage == "section"), p => Assert.Equal(sections.Count, p.Total));
        Assert.Contains("Content for Evaluation plan", observer.Text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_model_output_keeps_the_questions_and_warns()
    {
        var draft = await PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.Prd), new FakeChatClient(_ => "   "), null, TestContext.Current.CancellationToken);
        Assert.All(draft.Sections, s => Assert.Equal("fallback", s.Status));
        Assert.NotEmpty(draft.Warnings);
        Assert.Contains(PrdTemplates.GuidanceMarkerEn, draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_drafting()
    {
        using var cts = new CancellationTokenSource();
        var observer = new RecordingObserver { OnEachProgress = p => { if (p.Stage == "section" && p.Done == 2) cts.Cancel(); } };
        var chat = new FakeChatClient(_ => "- text 1");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PrdDrafter.DraftAsync(new DraftRequest(Idea, DraftKind.Prd), chat, observer, cts.Token));
        Assert.True(chat.Calls.Count <= 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Empty_idea_is_an_input_error(string idea) =>
        await Assert.ThrowsAsync<JobInputException>(() => PrdDrafter.DraftAsync(new DraftRequest(idea, DraftKind.Prd), null, null, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Plugins_expose_their_functions_to_semantic_kernel()
    {
        var kernel = new Kernel();
        var prd = kernel.ImportPluginFromObject(new PrdPlugin(), "prd");
        var docs = kernel.ImportPluginFromObject(new DocumentPlugin(), "documents");

        Assert.Equal(["draft_ai_spec", "draft_prd", "lint_prd"], prd.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["summarize_document", "summarize_text"], docs.Select(f => f.Name).Order(StringComparer.Ordinal));

        var lint = await kernel.InvokeAsync(prd["lint_prd"], new KernelArguments { ["markdown"] = "# X\n\n## Functional requirements\n\n- It must be fast.\n" }, TestContext.Current.CancellationToken);
        Assert.Contains("PRD003", lint.GetValue<string>(), StringComparison.Ordinal);

        var draft = await kernel.InvokeAsync(prd["draft_prd"], new KernelArguments { ["idea"] = "Saved searches for analysts" }, TestContext.Current.CancellationToken);
        Assert.StartsWith("# PRD: Saved searches for analysts", draft.GetValue<string>(), StringComparison.Ordinal);

        var summary = await kernel.InvokeAsync(docs["summarize_document"], new KernelArguments { ["path"] = RepoPaths.InRepo("docs", "samples", "ai-feature-brief.md"), ["maxSentences"] = 3 }, TestContext.Current.CancellationToken);
        Assert.Contains("[§", summary.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Ideas in the forms a blind review found broken sentences for (stories, problem statements, questions, fragments):
    /// the skeleton must not splice them into grammar they do not fit.
    /// </summary>
    [Theory]
    [InlineData("As a dispatcher I want to see all trucks on one map so that I can route around traffic")]
    [InlineData("Customers can't find their past invoices so they email support every month")]
    [InlineData("Can we auto-tag incoming Zendesk tickets by product area?")]
    [InlineData("Why can't users export reports to PDF?")]
    [InlineData("Dark mode")]
    [InlineData("Add a referral program that gives both users $10 credit")]
    [InlineData("能不能自动把客户的微信聊天记录同步到CRM？")]
    [InlineData("新用户注册流程太长，导致30%的人中途放弃")]
    [InlineData("Slack integration for incident alerts")]
    public async Task Skeletons_of_awkward_ideas_read_as_sentences(string idea)
    {
        var draft = await PrdDrafter.DraftAsync(new DraftRequest(idea, DraftKind.AiSpec), null, null, TestContext.Current.CancellationToken);
        // Each of these stood in a skeleton before (the idea itself is quoted verbatim, so none of them is in the ideas).
        foreach (var broken in new[] { "?.", "？。", "the As ", "the Customers", "the Can ", "the Why ", "users need why", "users need can", "users need as ", "need referral", "the Dark", "'s output", "too much", "struggle with", "the slack", " my " })
        {
            Assert.DoesNotContain(broken, draft.Markdown, StringComparison.Ordinal);
        }
    }
}
