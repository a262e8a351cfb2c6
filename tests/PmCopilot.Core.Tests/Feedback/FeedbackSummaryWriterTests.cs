using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Feedback;

public partial class FeedbackSummaryWriterTests
{
    /// <summary>A chat client that writes whatever <see cref="Script"/> makes of the prompt, streamed in small pieces.</summary>
    private sealed class ScriptedChat(Func<string, string> script) : IChatClient
    {
        public string? Prompt { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, script(messages.Last().Text))));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Prompt = messages.Last().Text;
            var text = script(Prompt);
            for (int i = 0; i < text.Length; i += 7)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(7, text.Length - i)));
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class TextObserver : IJobObserver
    {
        public System.Text.StringBuilder Text { get; } = new();

        public void OnProgress(JobProgress progress)
        {
        }

        public void OnText(string delta)
        {
            lock (Text)
            {
                Text.Append(delta);
            }
        }
    }

    private static string Csv() => FeedbackSynthesizer.ToCsv(FeedbackSynthesizer.Generate(600, seed: 3));

    /// <summary>An honest model: names every theme and writes sentences with numbers and a quote copied from the evidence.</summary>
    private static string Honest(string prompt)
    {
        var themes = ThemeLine().Matches(prompt).Select(m => (Id: m.Groups[1].Value, Count: m.Groups[2].Value)).ToList();
        var quote = QuoteLine().Match(prompt).Groups[1].Value;
        var names = string.Join("\n", themes.Select(t => $"T{t.Id}: Topic number {t.Id}"));
        return $"NAMES\n{names}\n\nSUMMARY\nThe largest theme is [T{themes[0].Id}] with {themes[0].Count} items. One user wrote \"{quote}\". Start with [T{themes[0].Id}].";
    }

    [Fact]
    public async Task An_honest_model_names_themes_and_its_summary_streams_through()
    {
        var chat = new ScriptedChat(Honest);
        var observer = new TextObserver();
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: Csv(), FormatHint: "csv"), chat, observer, TestContext.Current.CancellationToken);

        Assert.True(report.ModelUsed);
        Assert.True(report.SummaryWarnings!.Count == 0, string.Join("; ", report.SummaryWarnings));
        Assert.All(report.Themes, t => Assert.Equal($"Topic number {t.Id}", t.Name));
        Assert.Contains($"with {report.Themes[0].Count} items", report.Summary);
        Assert.Equal(report.Summary, observer.Text.ToString().Trim());
        Assert.Contains("## Summary", report.ToMarkdown());
        Assert.Contains("Topic number 1", report.ToMarkdown());

        // The model saw the computed evidence, not the raw items.
        Assert.Contains("[T1] terms:", chat.Prompt);
        Assert.DoesNotContain(report.Items.First(i => report.Themes.All(t => t.Quotes.All(q => q.ItemId != i.Id))).Text, chat.Prompt);
    }

    [Fact]
    public async Task Invented_counts_quotes_and_themes_are_caught_and_never_streamed()
    {
        var chat = new ScriptedChat(prompt =>
            "NAMES\nT1: Crashes hit 73% of users\nT2: Export wishes\n\nSUMMARY\n" +
            "Most people complain about [T1]. Exactly 4817 users reported crashes. " +
            "A user said \"this app deleted my entire company\". Theme [T99] is growing. Two thousand people want exports. 他们有三百条反馈。 " +
            "Users ask for exports in [T2].");
        var observer = new TextObserver();
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: Csv(), FormatHint: "csv"), chat, observer, TestContext.Current.CancellationToken);

        Assert.Equal("Most people complain about [T1]. Users ask for exports in [T2].", report.Summary!.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal).Trim());
        var streamed = observer.Text.ToString();
        foreach (var invented in new[] { "4817", "deleted my entire company", "T99", "73%", "thousand", "三百" })
        {
            Assert.DoesNotContain(invented, streamed);
            Assert.DoesNotContain(invented, report.Summary);
            Assert.Contains(report.SummaryWarnings!, w => w.Contains(invented, StringComparison.Ordinal));
        }

        Assert.Null(report.Themes.First(t => t.Id == 1).Name);
        Assert.Equal("Export wishes", report.Themes.First(t => t.Id == 2).Name);
        Assert.Contains("## Removed from the model's output", report.ToMarkdown());
    }

    [Fact]
    public async Task A_failing_model_leaves_the_computed_report()
    {
        var chat = new ScriptedChat(_ => throw new InvalidOperationException("server unavailable"));
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: Csv(), FormatHint: "csv"), chat, null, TestContext.Current.CancellationToken);
        Assert.Null(report.Summary);
        Assert.Contains(report.SummaryWarnings!, w => w.Contains("server unavailable", StringComparison.Ordinal));
        Assert.NotEmpty(report.Themes);
    }

    [Fact]
    public async Task Chinese_reports_use_the_chinese_prompt()
    {
        var chat = new ScriptedChat(prompt => "NAMES\nT1: 闪退问题\n\nSUMMARY\n最主要的问题是 [T1]。");
        var csv = FeedbackSynthesizer.ToCsv(FeedbackSynthesizer.Generate(300, seed: 9, chineseShare: 1.0));
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: csv), chat, null, TestContext.Current.CancellationToken);
        Assert.Contains("分析结果由程序计算得出", chat.Prompt);
        Assert.Contains("关键词：", chat.Prompt);
        Assert.Equal("闪退问题", report.Themes[0].Name);
        Assert.Equal("最主要的问题是 [T1]。", report.Summary);
    }

    [Theory]
    [InlineData("There are 5 themes.", true)]
    [InlineData("There are 5,000 reports.", false)]
    [InlineData("About 12.5% complain.", false)]
    [InlineData("[T2] is the biggest.", true)]
    [InlineData("Half of it is about \"The app crashes\".", true)]
    [InlineData("Someone said \"great job team\".", false)]
    [InlineData("共有三条反馈。", false)]
    [InlineData("共有5条反馈。", true)]
    public void Checker_accepts_only_what_the_evidence_holds(string sentence, bool accepted)
    {
        var report = new FeedbackReport
        {
            Themes =
            [
                new FeedbackTheme { Id = 1, Label = "crash", Count = 5, Quotes = [new FeedbackQuote("#1", "The app crashes on start")] },
                new FeedbackTheme { Id = 2, Label = "export", Count = 7 },
            ],
        };
        var checker = new FeedbackSummaryWriter.EvidenceChecker("[T1] items: 5; share: 40%\n[T2] items: 7", report);
        Assert.Equal(accepted, checker.Check(sentence, zh: false) is null);
    }

    [GeneratedRegex(@"\[T(\d+)\] terms: [^;]*; items: (\d+)")]
    private static partial Regex ThemeLine();

    [GeneratedRegex("^  \"(.+)\"$", RegexOptions.Multiline)]
    private static partial Regex QuoteLine();
}
