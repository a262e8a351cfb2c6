using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Faq;

/// <summary>A question for <see cref="FaqService"/>. <paramref name="TopK"/> entries (1–10) are retrieved as evidence.</summary>
public sealed record FaqRequest(string Question, AnswerLanguage Language = AnswerLanguage.Auto, int TopK = 3);

/// <summary>A knowledge-base entry an answer rests on (or that is offered as the nearest topic), with its retrieval score in [0, 1].</summary>
public sealed record FaqCitation(string Id, string Title, double Score);

/// <summary>
/// The FAQ job's result. <see cref="Answer"/> is in <see cref="Language"/>. When <see cref="InScope"/> is false,
/// the answer says the knowledge base does not cover the question and <see cref="Suggestions"/> lists the nearest
/// topics. <see cref="Mode"/> is <see cref="FaqModes.KnowledgeBase"/> (entry text, no model) or
/// <see cref="FaqModes.Model"/> (written by the model from retrieved entries, citations verified).
/// <see cref="Notes"/> explains anything the user should know (truncated question, model fallback, removed citations).
/// </summary>
public sealed record FaqAnswer(
    AnswerLanguage Language,
    bool InScope,
    string Answer,
    IReadOnlyList<FaqCitation> Citations,
    IReadOnlyList<FaqCitation> Suggestions,
    string Mode)
{
    /// <summary>Lexical confidence of the retrieval (see <see cref="FaqSearchResult.Confidence"/>).</summary>
    public double Confidence { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Ids the model cited that were not among the retrieved entries; they were removed from <see cref="Answer"/>.</summary>
    public IReadOnlyList<string> RejectedCitations { get; init; } = [];
}

public static class FaqModes
{
    public const string KnowledgeBase = "knowledge-base";
    public const string Model = "model";
}
