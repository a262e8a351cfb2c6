using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>
/// Which columns (CSV headers, JSON property names, or 1-based column numbers) hold each field.
/// Anything left null is detected from header names, then from the values.
/// </summary>
public sealed record FeedbackColumns(
    string? TextColumn = null,
    string? DateColumn = null,
    string? RatingColumn = null,
    string? IdColumn = null,
    string? SourceColumn = null);

/// <summary>
/// One feedback analysis: either a file (<paramref name="Path"/>) or text already in memory (<paramref name="Content"/>).
/// <paramref name="FormatHint"/> is csv, tsv, json, jsonl or text; without it the format comes from the file extension, then the content.
/// </summary>
public sealed record FeedbackRequest(
    string? Path = null,
    string? Content = null,
    string? FormatHint = null,
    FeedbackColumns? Columns = null,
    AnswerLanguage Language = AnswerLanguage.Auto,
    int MaxThemes = 8)
{
    /// <summary>Merge exact and near-duplicate items before counting (their count is reported). On by default.</summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>The model's context window in tokens, when known: the evidence block is cut to fit it.</summary>
    public int? ContextTokens { get; init; }

    /// <summary>Most tokens the model may write (default: the prompt's settings).</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Quotes shown per theme (2–3 is what a reader takes in).</summary>
    public int QuotesPerTheme { get; init; } = 3;

    /// <summary>Category and sentiment from the rules alone, without the learned classifier (for comparing the two).</summary>
    internal bool RulesOnly { get; init; }

    /// <summary>A classifier trained on other data than the shipped one (to evaluate a domain it has not seen).</summary>
    internal LearnedFeedbackClassifier? Classifier { get; init; }
}
