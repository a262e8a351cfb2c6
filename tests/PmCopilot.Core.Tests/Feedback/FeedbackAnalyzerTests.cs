using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Feedback;

public class FeedbackAnalyzerTests
{
    private sealed class RecordingObserver : IJobObserver
    {
        public List<JobProgress> Progress { get; } = [];

        public System.Text.StringBuilder Text { get; } = new();

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

    internal static void AssertQuotesAreVerbatim(FeedbackReport report)
    {
        var byId = report.Items.ToDictionary(i => i.Id);
        foreach (var theme in report.Themes)
        {
            foreach (var quote in theme.Quotes)
            {
                Assert.True(byId.ContainsKey(quote.ItemId), $"quote names unknown item {quote.ItemId}");
                Assert.Contains(quote.Text, byId[quote.ItemId].Text, StringComparison.Ordinal);
                Assert.Equal(theme.Id, byId[quote.ItemId].ThemeId);
            }
        }
    }

    [Theory]
    [InlineData("crash")]
    [InlineData("login")]
    public async Task A_small_files_main_topic_is_a_theme_even_when_it_is_half_of_the_items(string topic)
    {
        // Six items, three about one named topic (one in Chinese): the topic is in 50% of the items, which the "too common
        // to tell themes apart" cap (40%) used to drop, leaving one mixed theme and the Chinese item in the general bucket.
        string[] main = topic == "crash"
            ? ["App crashes when I upload a photo, very annoying", "Crashes on upload again; lost my draft", "上传图片就闪退"]
            : ["Login fails with SSO every morning", "SSO login broken after the update", "登录不了，验证码一直收不到"];
        string[] others = ["Love the new dark mode!", "Search is slow, takes 5 seconds", "dark mode is great but search is slow"];
        var csv = "id,comment\n" + string.Join("\n", main.Concat(others).Select((text, i) => $"{i + 1},\"{text}\""));

        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: csv, FormatHint: "csv"), null, null, TestContext.Current.CancellationToken);

        var themeOf = report.Items.ToDictionary(i => i.Text, i => i.ThemeId);
        var mainThemes = main.Select(text => themeOf[text]).Distinct().ToList();
        var theme = report.Themes.Single(t => t.Id == Assert.Single(mainThemes));
        Assert.False(theme.IsGeneral);
        Assert.Equal(3, theme.Count);
        AssertQuotesAreVerbatim(report);
    }

    [Fact]
    public async Task A_word_common_to_the_chinese_items_does_not_make_them_one_theme()
    {
        // A bilingual file where every Chinese item names the product's domain ("学习"): counted against all items (12 of
        // 32) the word looks rare enough to be a topic, and it pulled the Chinese items of three topics together.
        string[] certificates = ["学习结束后证书一直生成不了", "证书上的名字拼错了，学习记录也对不上", "学习完成了但是证书下载失败", "证书页面打不开，学习进度显示百分百"];
        string[] words = ["学习单词的时候发音听不清楚", "单词复习太多了，每天学习两小时也背不完", "单词本里的例句有错误，学习起来很困惑", "希望学习单词时可以离线发音"];
        string[] teachers = ["外教迟到了十分钟，学习体验很差", "外教口音太重，学习效果一般", "预约外教总是没有时间段，学习计划被打乱", "外教课取消了也不通知，学习安排全乱了"];
        // Enough English items that the Chinese ones are under 40% of the file.
        string[] english =
        [
            "Certificate PDF has the wrong name", "Certificate download fails at 100%", "My certificate never arrived by email",
            "Certificate shows last year's date", "Can I share the certificate on LinkedIn?", "Certificate page is blank",
            "Vocabulary review is too long", "Vocabulary audio is muffled", "Please add vocabulary flashcards offline",
            "Vocabulary list lost my starred entries", "Vocabulary quiz repeats the same entries", "Vocabulary examples have typos",
            "Tutor was late again", "Tutor cancelled without notice", "Tutor audio keeps cutting out", "Tutor booking calendar is empty",
            "Tutor was great, very patient", "Tutor session ended early", "Tutor ratings seem fake", "Tutor no-show, want a refund",
        ];
        var all = certificates.Concat(words).Concat(teachers).Concat(english).ToArray();
        var csv = "id,comment\n" + string.Join("\n", all.Select((text, i) => $"{i + 1},\"{text}\""));

        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: csv, FormatHint: "csv") { Deduplicate = false }, null, null, TestContext.Current.CancellationToken);

        var themeOf = report.Items.ToDictionary(i => i.Text, i => i.ThemeId);
        int Majority(string[] group) => group.GroupBy(t => themeOf[t]).Max(g => g.Count());
        var majorityThemes = new[] { certificates, words, teachers }.Select(g => g.GroupBy(t => themeOf[t]).OrderByDescending(x => x.Count()).First().Key).ToList();
        Assert.True(majorityThemes.Distinct().Count() == 3, string.Join("; ", report.Items.Select(i => $"{i.ThemeId}:{i.Text}")));
        Assert.All(new[] { certificates, words, teachers }, g => Assert.True(Majority(g) >= 3, string.Join("; ", report.Items.Select(i => $"{i.ThemeId}:{i.Text}"))));
    }

    [Fact]
    public async Task Synthetic_reviews_become_themes_with_counts_quotes_trends_and_actions()
    {
        var rows = FeedbackSynthesizer.Generate(1500, seed: 11);
        var observer = new RecordingObserver();
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: FeedbackSynthesizer.ToCsv(rows), FormatHint: "csv"), null, observer, TestContext.Current.CancellationToken);

        Assert.Equal(1500, report.TotalItems);
        Assert.True(report.Language == AnswerLanguage.En, $"languages en {report.Languages["en"]} zh {report.Languages["zh"]}");
        Assert.Equal(report.TotalItems, report.AnalyzedItems + report.ExactDuplicates + report.NearDuplicates);
        Assert.True(report.ExactDuplicates + report.NearDuplicates >= 40, $"duplicates found: {report.ExactDuplicates}+{report.NearDuplicates}");
        Assert.InRange(report.Themes.Count(t => !t.IsGeneral), 3, 8);
        Assert.Equal(report.AnalyzedItems, report.Themes.Sum(t => t.Count));
        Assert.All(report.Themes, t => Assert.InRange(t.Quotes.Count, 1, 3));
        Assert.All(report.Themes, t => Assert.False(string.IsNullOrWhiteSpace(t.SuggestedAction)));
        AssertQuotesAreVerbatim(report);

        // The crash topic grows over the twelve weeks; its theme must say so.
        var crashTheme = report.Themes.OrderByDescending(t => t.Categories["bug"]).First();
        Assert.NotNull(crashTheme.Trend);
        Assert.Equal("week", crashTheme.Trend!.Granularity);
        Assert.Contains(crashTheme.Trend.Direction, new[] { "rising", "new" });
        Assert.Contains("Triage and fix", crashTheme.SuggestedAction);

        // Most items of a theme share one generated topic.
        var topicById = rows.ToDictionary(r => r.Id, r => r.Topic);
        double purity = report.Themes.Where(t => !t.IsGeneral).Sum(t => report.Items.Where(i => i.ThemeId == t.Id).GroupBy(i => topicById[i.Id]).Max(g => g.Count()))
            / (double)report.Items.Count(i => i.ThemeId > 0 && !report.Themes.First(t => t.Id == i.ThemeId).IsGeneral);
        Assert.True(purity >= 0.6, $"purity {purity:P0}");

        Assert.Contains(observer.Progress, p => p.Stage == "classify" && p.Done == 1500);
        Assert.Contains(observer.Progress, p => p.Stage == "themes");
        Assert.Equal("done", observer.Progress[^1].Stage);
    }

    [Fact]
    public async Task Markdown_and_json_carry_the_figures()
    {
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Path: FeedbackTestFiles.Data("labeled-dev.csv")), ct: TestContext.Current.CancellationToken);
        var markdown = report.ToMarkdown();
        Assert.Contains("# Feedback summary", markdown);
        Assert.Contains("| # | Theme | Items | Share |", markdown);
        foreach (var theme in report.Themes)
        {
            Assert.Contains(theme.Label, markdown);
            foreach (var quote in theme.Quotes)
            {
                Assert.Contains(quote.Text, markdown);
            }
        }

        var json = report.ToJson();
        foreach (var name in new[] { "\"totalItems\"", "\"analyzedItems\"", "\"themes\"", "\"quotes\"", "\"itemId\"", "\"share\"", "\"suggestedAction\"", "\"dominantCategory\"", "\"feature_request\"" })
        {
            Assert.Contains(name, json);
        }

        var back = FeedbackReport.FromJson(json)!;
        Assert.Equal(report.TotalItems, back.TotalItems);
        Assert.Equal(report.Themes.Select(t => (t.Id, t.Count, t.Label)), back.Themes.Select(t => (t.Id, t.Count, t.Label)));
        Assert.Equal(report.Themes[0].Quotes, back.Themes[0].Quotes);
    }

    [Fact]
    public async Task Chinese_input_gets_a_chinese_report()
    {
        var rows = FeedbackSynthesizer.Generate(300, seed: 5, chineseShare: 1.0);
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: FeedbackSynthesizer.ToCsv(rows)), ct: TestContext.Current.CancellationToken);
        Assert.Equal(AnswerLanguage.Zh, report.Language);
        Assert.Contains("# 用户反馈分析", report.ToMarkdown());
        Assert.True(report.Languages["zh"] >= report.AnalyzedItems * 0.9, $"zh {report.Languages["zh"]} of {report.AnalyzedItems}");
        AssertQuotesAreVerbatim(report);
    }

    [Fact]
    public async Task Exact_and_near_duplicates_are_merged_and_counted()
    {
        var lines = new[]
        {
            "The app crashes every time I open the settings page on my phone.",
            "the app crashes every time I open the settings page on my phone!!",
            "The app crashes every time I open the settings page on my phone, please help",
            "Please add an export to PDF option for the weekly reports.",
            "Dark mode would be lovely for late night reading sessions.",
        };
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: string.Join('\n', lines), FormatHint: "text"), ct: TestContext.Current.CancellationToken);
        Assert.Equal(1, report.ExactDuplicates);
        Assert.Equal(1, report.NearDuplicates);
        Assert.Equal(3, report.AnalyzedItems);
        var first = report.Items[0];
        Assert.Equal(2, first.DuplicateCount);
        Assert.Equal(first.Id, report.Items[2].DuplicateOf);
        Assert.Equal(3, report.Themes.Sum(t => t.Mentions) - report.Themes.Sum(t => t.Count) + 1);

        var kept = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: string.Join('\n', lines), FormatHint: "text") { Deduplicate = false }, ct: TestContext.Current.CancellationToken);
        Assert.Equal(5, kept.AnalyzedItems);
    }

    [Fact]
    public async Task Html_remnants_are_cleaned_but_quotes_stay_verbatim()
    {
        var lines = Enumerable.Range(0, 12).Select(i => i % 2 == 0
            ? $"<p>Sync fails with error {i} when I edit on the tablet.</p><br>Really annoying &amp; slow."
            : $"Please add dark mode number {i}, my eyes hurt at night.");
        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: string.Join('\n', lines), FormatHint: "text"), ct: TestContext.Current.CancellationToken);
        AssertQuotesAreVerbatim(report);
        Assert.DoesNotContain(report.Themes.SelectMany(t => t.Quotes), q => q.Text.Contains('<') || q.Text.Contains("&amp;"));
        Assert.DoesNotContain(report.Items, i => i.CleanText.Contains('<'));
    }

    [Fact]
    public async Task Cancellation_stops_the_job()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var csv = FeedbackSynthesizer.ToCsv(FeedbackSynthesizer.Generate(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: csv), ct: cts.Token));
    }

    [Fact]
    public async Task Tiny_inputs_still_produce_a_report()
    {
        var one = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: "Great app!", FormatHint: "text"), ct: TestContext.Current.CancellationToken);
        Assert.Equal(1, one.AnalyzedItems);
        Assert.Single(one.Themes);
        Assert.Equal("Great app!", one.Themes[0].Quotes.Single().Text);
        Assert.NotEmpty(one.ToMarkdown());
    }

    [Fact]
    public async Task Invalid_max_themes_is_an_input_error() =>
        await Assert.ThrowsAsync<JobInputException>(() => FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: "x", MaxThemes: 0), ct: TestContext.Current.CancellationToken));
}
