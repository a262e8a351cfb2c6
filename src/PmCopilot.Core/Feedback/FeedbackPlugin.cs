using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>Semantic Kernel face of the feedback job: analyse a file or pasted feedback, with the chat client given here or none.</summary>
public sealed class FeedbackPlugin(IChatClient? chat = null, IJobObserver? observer = null)
{
    [KernelFunction("summarize_feedback")]
    [Description("Analyses customer feedback (a CSV, JSON, JSONL or text file, or pasted text with one item per line): categories, sentiment, themes with counts, shares, verified quotes, trends and suggested actions. Returns Markdown or JSON.")]
    public async Task<string> SummarizeFeedbackAsync(
        [Description("Path of the feedback file. Leave empty when passing the feedback text itself.")] string? path = null,
        [Description("The feedback text itself (one item per line, or CSV/JSON). Used when no path is given.")] string? content = null,
        [Description("Most themes to report (1-50).")] int maxThemes = 8,
        [Description("Answer language: auto, zh or en.")] string language = "auto",
        [Description("markdown or json")] string format = "markdown",
        CancellationToken cancellationToken = default)
    {
        var request = new FeedbackRequest(
            Path: string.IsNullOrWhiteSpace(path) ? null : path,
            Content: string.IsNullOrWhiteSpace(path) ? content : null,
            Language: ParseLanguage(language),
            MaxThemes: maxThemes);
        var report = await FeedbackAnalyzer.AnalyzeAsync(request, chat, observer, cancellationToken).ConfigureAwait(false);
        return format.Equals("json", StringComparison.OrdinalIgnoreCase) ? report.ToJson() : report.ToMarkdown();
    }

    internal static AnswerLanguage ParseLanguage(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "zh" or "zh-cn" or "chinese" or "中文" => AnswerLanguage.Zh,
        "en" or "en-us" or "english" => AnswerLanguage.En,
        _ => AnswerLanguage.Auto,
    };
}
