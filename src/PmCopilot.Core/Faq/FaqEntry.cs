using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Faq;

/// <summary>A text in both product languages.</summary>
public sealed record BilingualText(string Zh, string En)
{
    public string Get(AnswerLanguage language) => language == AnswerLanguage.Zh ? Zh : En;
}

/// <summary>Keywords and synonyms (abbreviations, common misspellings) that users may type for a topic.</summary>
public sealed record BilingualList(IReadOnlyList<string> Zh, IReadOnlyList<string> En)
{
    public IEnumerable<string> All => Zh.Concat(En);
}

/// <summary>
/// One knowledge-base topic. <see cref="Seeds"/> names the seed articles the facts came from (the first is the main
/// source); <see cref="Related"/> are ids offered as "see also".
/// </summary>
public sealed record FaqEntry(
    string Id,
    IReadOnlyList<string> Seeds,
    BilingualText Title,
    BilingualList Aliases,
    BilingualText Answer,
    IReadOnlyList<string> Related);
