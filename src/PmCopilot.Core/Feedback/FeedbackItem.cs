using System.Text.Json.Serialization;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

[JsonConverter(typeof(JsonStringEnumConverter<FeedbackCategory>))]
public enum FeedbackCategory
{
    Bug,
    FeatureRequest,
    Praise,
    Complaint,
    Question,
    Other,
}

[JsonConverter(typeof(JsonStringEnumConverter<SentimentLabel>))]
public enum SentimentLabel
{
    Negative,
    Neutral,
    Positive,
}

/// <summary>
/// One piece of feedback as loaded, plus what the pipeline found about it.
/// <see cref="Text"/> is exactly what the input held (quotes are cut from it); <see cref="CleanText"/> is what is analysed.
/// </summary>
public sealed class FeedbackItem
{
    public FeedbackItem(string id, string text)
    {
        Id = id;
        Text = text;
        CleanText = text;
    }

    public string Id { get; }

    public string Text { get; }

    public string CleanText { get; internal set; }

    public DateTimeOffset? Date { get; internal set; }

    public double? Rating { get; internal set; }

    public string? Source { get; internal set; }

    /// <summary>1-based record number in the input (data rows, not counting a header).</summary>
    public int Record { get; internal set; }

    public AnswerLanguage Language { get; internal set; } = AnswerLanguage.En;

    public FeedbackCategory Category { get; internal set; } = FeedbackCategory.Other;

    /// <summary>From -1 (very negative) to 1 (very positive).</summary>
    public double Sentiment { get; internal set; }

    public SentimentLabel SentimentLabel { get; internal set; } = SentimentLabel.Neutral;

    /// <summary>Id of the item this one repeats (exactly or nearly), or null for a unique item.</summary>
    public string? DuplicateOf { get; internal set; }

    /// <summary>How many other items were merged into this one as duplicates.</summary>
    public int DuplicateCount { get; internal set; }

    /// <summary>Theme id (1-based), 0 when the item has no topic words (general comments), -1 for duplicates.</summary>
    public int ThemeId { get; internal set; } = -1;
}
