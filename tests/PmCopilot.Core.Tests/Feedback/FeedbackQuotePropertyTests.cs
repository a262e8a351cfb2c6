using FsCheck;
using FsCheck.Fluent;
using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>Whatever the input looks like (HTML, odd spacing, emoji, long run-ons, mixed scripts), a printed quote is an exact substring of its item.</summary>
public class FeedbackQuotePropertyTests
{
    private static readonly string[] Pieces =
    [
        "The app crashes", "when I open settings", "please add dark mode", "非常好用", "一打开就闪退", "<br>", "<p>", "</p>", "&amp;", "&#39;",
        "  ", "\t", "!!", "?", "。", "，", "😡", "👍🏽", "🙏", "sync fails again", "too expensive", "导出PDF", "login", " ", " ", " ", "\"quoted\"",
        "a very long sentence that goes on and on about the export feature and the reports and the formatting of tables",
    ];

    [Fact]
    public void Every_quote_is_an_exact_substring_of_its_item()
    {
        var line = Gen.ArrayOf(Gen.Elements(Pieces)).Select(parts => string.Concat(parts)).Where(s => !string.IsNullOrWhiteSpace(s) && !s.Contains('\n'));
        var file = Gen.ArrayOf(line).Where(lines => lines.Length > 0);
        Prop.ForAll(Arb.From(file), lines =>
        {
            var report = FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Content: string.Join('\n', lines), FormatHint: "text", MaxThemes: 4)).GetAwaiter().GetResult();
            var byId = report.Items.ToDictionary(i => i.Id);
            return report.Themes.SelectMany(t => t.Quotes).All(q => q.Text.Length > 0 && byId[q.ItemId].Text.Contains(q.Text, StringComparison.Ordinal));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Extracted_spans_are_substrings_of_the_raw_text()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Elements(Pieces)).Select(p => string.Concat(p))), raw =>
        {
            var quote = ThemeDescriber.ExtractQuote(raw, ["crashes", "dark mode"]);
            return quote is null || raw.Contains(quote, StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }
}
