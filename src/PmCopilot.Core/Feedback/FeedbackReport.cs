using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>A verbatim quote: <see cref="Text"/> is an exact substring of the item <see cref="ItemId"/>.</summary>
public sealed record FeedbackQuote(
    [property: JsonPropertyName("itemId")] string ItemId,
    [property: JsonPropertyName("text")] string Text);

/// <summary>Items per period ("2024-W05" or "2024-05") and which way the theme's share of all feedback is going.</summary>
public sealed record FeedbackTrend(
    [property: JsonPropertyName("granularity")] string Granularity,
    [property: JsonPropertyName("points")] IReadOnlyList<FeedbackTrendPoint> Points,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("recentShare")] double RecentShare,
    [property: JsonPropertyName("earlierShare")] double EarlierShare);

public sealed record FeedbackTrendPoint(
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("count")] int Count);

public sealed record SentimentCounts(
    [property: JsonPropertyName("positive")] int Positive,
    [property: JsonPropertyName("neutral")] int Neutral,
    [property: JsonPropertyName("negative")] int Negative)
{
    /// <summary>Positive minus negative, as a percentage of all (−100…100), like a net promoter score.</summary>
    [JsonPropertyName("net")]
    public int Net => Positive + Neutral + Negative == 0 ? 0 : (int)Math.Round(100.0 * (Positive - Negative) / (Positive + Neutral + Negative));
}

public sealed class FeedbackTheme
{
    [JsonPropertyName("id")]
    public int Id { get; init; }

    /// <summary>Top distinctive terms, joined: computed, always present.</summary>
    [JsonPropertyName("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary>A readable name written by the model from the evidence, when a model was used and its name passed the checks.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; internal set; }

    [JsonPropertyName("terms")]
    public IReadOnlyList<string> Terms { get; init; } = [];

    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>Share of analysed (unique) items, 0…1.</summary>
    [JsonPropertyName("share")]
    public double Share { get; init; }

    /// <summary>Items in this theme plus the duplicates merged into them.</summary>
    [JsonPropertyName("mentions")]
    public int Mentions { get; init; }

    [JsonPropertyName("sentiment")]
    public SentimentCounts Sentiment { get; init; } = new(0, 0, 0);

    [JsonPropertyName("categories")]
    public IReadOnlyDictionary<string, int> Categories { get; init; } = new Dictionary<string, int>();

    [JsonPropertyName("dominantCategory")]
    public FeedbackCategory DominantCategory { get; init; }

    [JsonPropertyName("quotes")]
    public IReadOnlyList<FeedbackQuote> Quotes { get; init; } = [];

    [JsonPropertyName("trend")]
    public FeedbackTrend? Trend { get; init; }

    [JsonPropertyName("suggestedAction")]
    public string SuggestedAction { get; init; } = string.Empty;

    /// <summary>True for the bucket of items with no topic words ("great!", "好").</summary>
    [JsonPropertyName("general")]
    public bool IsGeneral { get; init; }

    [JsonIgnore]
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Label : Name;
}

/// <summary>The result of a feedback analysis: computed figures, themes with verified quotes, and (with a model) a checked summary.</summary>
public sealed class FeedbackReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    [JsonPropertyName("source")]
    public string Source { get; init; } = string.Empty;

    [JsonPropertyName("format")]
    public string Format { get; init; } = string.Empty;

    [JsonPropertyName("encoding")]
    public string Encoding { get; init; } = string.Empty;

    [JsonPropertyName("columns")]
    public FeedbackColumnsUsed? Columns { get; init; }

    [JsonPropertyName("language")]
    public AnswerLanguage Language { get; init; }

    [JsonPropertyName("totalItems")]
    public int TotalItems { get; init; }

    [JsonPropertyName("analyzedItems")]
    public int AnalyzedItems { get; init; }

    [JsonPropertyName("exactDuplicates")]
    public int ExactDuplicates { get; init; }

    [JsonPropertyName("nearDuplicates")]
    public int NearDuplicates { get; init; }

    [JsonPropertyName("malformedRows")]
    public int MalformedRows { get; init; }

    [JsonPropertyName("emptyRows")]
    public int EmptyRows { get; init; }

    [JsonPropertyName("languages")]
    public IReadOnlyDictionary<string, int> Languages { get; init; } = new Dictionary<string, int>();

    [JsonPropertyName("categories")]
    public IReadOnlyDictionary<string, int> Categories { get; init; } = new Dictionary<string, int>();

    [JsonPropertyName("sentiment")]
    public SentimentCounts Sentiment { get; init; } = new(0, 0, 0);

    [JsonPropertyName("firstDate")]
    public DateTimeOffset? FirstDate { get; init; }

    [JsonPropertyName("lastDate")]
    public DateTimeOffset? LastDate { get; init; }

    [JsonPropertyName("themes")]
    public IReadOnlyList<FeedbackTheme> Themes { get; init; } = [];

    /// <summary>The model's summary, only the sentences that passed the evidence checks; null without a model.</summary>
    [JsonPropertyName("summary")]
    public string? Summary { get; internal set; }

    /// <summary>What the checks removed from the model's output, and why.</summary>
    [JsonPropertyName("summaryWarnings")]
    public IReadOnlyList<string>? SummaryWarnings { get; internal set; }

    [JsonPropertyName("modelUsed")]
    public bool ModelUsed { get; internal set; }

    /// <summary>Every item as loaded and classified (not serialised: the report stays small for 100,000 items).</summary>
    [JsonIgnore]
    public IReadOnlyList<FeedbackItem> Items { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static FeedbackReport? FromJson(string json) => JsonSerializer.Deserialize<FeedbackReport>(json, JsonOptions);

    public string ToMarkdown()
    {
        bool zh = Language == AnswerLanguage.Zh;
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(zh ? "# 用户反馈分析" : "# Feedback summary").AppendLine();
        md.AppendLine(zh
            ? $"来源：{Source}（{Format}）。共 {TotalItems} 条，去重后分析 {AnalyzedItems} 条（完全重复 {ExactDuplicates}，近似重复 {NearDuplicates}）。"
            : $"Source: {Source} ({Format}). {TotalItems} items, {AnalyzedItems} analysed after removing {ExactDuplicates} exact and {NearDuplicates} near duplicates.");
        if (MalformedRows > 0 || EmptyRows > 0)
        {
            md.AppendLine(zh ? $"跳过：格式错误 {MalformedRows} 行，空行 {EmptyRows} 行。" : $"Skipped: {MalformedRows} malformed rows, {EmptyRows} empty rows.");
        }

        if (FirstDate is { } first && LastDate is { } last)
        {
            md.AppendLine(zh ? $"时间范围：{first:yyyy-MM-dd} 至 {last:yyyy-MM-dd}。" : $"Dates: {first:yyyy-MM-dd} to {last:yyyy-MM-dd}.");
        }

        md.AppendLine();
        md.AppendLine(zh
            ? $"情感：正面 {Sentiment.Positive}，中性 {Sentiment.Neutral}，负面 {Sentiment.Negative}（净值 {Sentiment.Net:+0;-0;0}）。"
            : $"Sentiment: {Sentiment.Positive} positive, {Sentiment.Neutral} neutral, {Sentiment.Negative} negative (net {Sentiment.Net:+0;-0;0}).");
        md.AppendLine((zh ? "类别：" : "Categories: ") + string.Join(zh ? "，" : ", ", Categories.Where(c => c.Value > 0).Select(c => $"{CategoryName(c.Key, zh)} {c.Value}")) + (zh ? "。" : "."));
        md.AppendLine();

        if (!string.IsNullOrWhiteSpace(Summary))
        {
            md.AppendLine(zh ? "## 摘要" : "## Summary").AppendLine().AppendLine(Summary.Trim()).AppendLine();
        }

        md.AppendLine(zh ? "## 主题" : "## Themes").AppendLine();
        md.AppendLine(zh ? "| # | 主题 | 条数 | 占比 | 净情感 | 主要类别 | 趋势 |" : "| # | Theme | Items | Share | Net sentiment | Mostly | Trend |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var theme in Themes)
        {
            md.AppendLine(inv, $"| {theme.Id} | {Escape(theme.DisplayName)} | {theme.Count} | {theme.Share:P0} | {theme.Sentiment.Net:+0;-0;0} | {CategoryName(CategoryKey(theme.DominantCategory), zh)} | {TrendWord(theme.Trend, zh)} |");
        }

        md.AppendLine();
        foreach (var theme in Themes)
        {
            md.AppendLine(inv, $"### {theme.Id}. {theme.DisplayName}").AppendLine();
            if (theme.Name is not null)
            {
                md.AppendLine(zh ? $"关键词：{theme.Label}" : $"Terms: {theme.Label}").AppendLine();
            }

            md.AppendLine(zh
                ? string.Create(inv, $"{theme.Count} 条（{theme.Share:P0}，含重复共 {theme.Mentions} 次提及）；正面 {theme.Sentiment.Positive} / 中性 {theme.Sentiment.Neutral} / 负面 {theme.Sentiment.Negative}。")
                : string.Create(inv, $"{theme.Count} items ({theme.Share:P0}; {theme.Mentions} mentions with duplicates); {theme.Sentiment.Positive} positive / {theme.Sentiment.Neutral} neutral / {theme.Sentiment.Negative} negative."));
            if (theme.Trend is { } trend)
            {
                md.AppendLine().AppendLine((zh ? "趋势（" + (trend.Granularity == "week" ? "按周" : "按月") + "）：" : $"Trend by {trend.Granularity}: ")
                    + string.Join(", ", trend.Points.Select(p => $"{p.Period}: {p.Count}")) + $" — {TrendWord(trend, zh)}");
            }

            md.AppendLine();
            foreach (var quote in theme.Quotes)
            {
                md.AppendLine($"> \"{quote.Text}\" — {quote.ItemId}");
                md.AppendLine();
            }

            md.AppendLine((zh ? "**建议：** " : "**Suggested action:** ") + theme.SuggestedAction).AppendLine();
        }

        if (SummaryWarnings is { Count: > 0 })
        {
            md.AppendLine(zh ? "## 已移除的模型输出" : "## Removed from the model's output").AppendLine();
            foreach (var warning in SummaryWarnings)
            {
                md.AppendLine($"- {warning}");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>The JSON name of a category: bug, feature_request, praise, complaint, question, other.</summary>
    public static string CategoryKey(FeedbackCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    internal static string CategoryName(string snake, bool zh) => snake switch
    {
        "bug" => zh ? "缺陷" : "bug reports",
        "feature_request" => zh ? "功能需求" : "feature requests",
        "praise" => zh ? "好评" : "praise",
        "complaint" => zh ? "抱怨/体验" : "complaints/UX",
        "question" => zh ? "提问" : "questions",
        _ => zh ? "其他" : "other",
    };

    private static string TrendWord(FeedbackTrend? trend, bool zh) => trend?.Direction switch
    {
        null => "—",
        "rising" => zh ? "上升" : "rising",
        "falling" => zh ? "下降" : "falling",
        "new" => zh ? "新出现" : "new",
        _ => zh ? "平稳" : "stable",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
