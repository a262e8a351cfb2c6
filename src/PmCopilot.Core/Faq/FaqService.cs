using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Faq;

/// <summary>
/// Answers product managers' questions about AI and large models from the FAQ knowledge base.
/// <list type="bullet">
/// <item>No model: the best entry's answer in the question's language, with "see also" entries; every entry cited by id.</item>
/// <item>With a model: the retrieved entries are the only evidence the prompt (<c>prompts/faq</c>) allows; tokens stream
/// through <see cref="IJobObserver.OnText"/>; afterwards every cited id is checked against the retrieved entries and
/// unknown ones are removed and reported. If the model wrote nothing or cited no retrieved entry, the knowledge-base
/// answer is returned instead (<see cref="FaqAnswer.Mode"/> says which one the user got). Streamed text is a preview:
/// front ends show <see cref="FaqAnswer.Answer"/> as the final text.</item>
/// <item>Out of scope: no model is asked (it would have nothing to stand on); the answer says so and lists the nearest topics.</item>
/// </list>
/// </summary>
public sealed partial class FaqService
{
    public const int MaxTopK = 10;

    private const string PromptName = "faq";
    private static readonly string[] DefaultSuggestionIds = ["faq.what-is-large-model", "faq.pm-skills", "faq.ai-use-cases"];

    private readonly string? promptDirectory;

    public FaqService(FaqRetriever? retriever = null, string? promptDirectory = null)
    {
        Retriever = retriever ?? FaqRetriever.Default;
        this.promptDirectory = promptDirectory;
    }

    public FaqRetriever Retriever { get; }

    public async Task<FaqAnswer> AnswerAsync(
        FaqRequest request,
        IChatClient? chat,
        IEmbeddingGenerator<string, Embedding<float>>? embeddings,
        IJobObserver? observer,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        observer ??= NullJobObserver.Instance;
        if (string.IsNullOrWhiteSpace(request.Question))
        {
            throw new JobInputException("The question is empty. Ask something about AI or large models, for example \"How do I handle class imbalance?\" or \"如何评估模型效果？\".");
        }

        if (request.TopK is < 1 or > MaxTopK)
        {
            throw new JobInputException($"TopK must be between 1 and {MaxTopK} (got {request.TopK}).");
        }

        int limit = Retriever.Options.MaxQuestionChars;
        var language = LanguageDetector.Resolve(request.Language, request.Question.Length > limit ? request.Question[..limit] : request.Question);
        var notes = new List<string>();

        observer.OnProgress(new JobProgress("retrieve"));
        FaqSearchResult search;
        try
        {
            search = await Retriever.SearchAsync(request.Question, embeddings, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (embeddings is not null && ex is not OperationCanceledException)
        {
            notes.Add(Text(language, $"嵌入模型出错（{ex.Message}），仅使用关键词检索。", $"The embedding model failed ({ex.Message}); keyword search only."));
            search = Retriever.Search(request.Question);
        }

        if (search.Truncated)
        {
            notes.Add(Text(
                language,
                $"问题超过 {limit:N0} 个字符，检索只使用了前 {limit:N0} 个字符。",
                $"The question is longer than {limit:N0} characters; only the first {limit:N0} were used for search."));
        }

        observer.OnProgress(new JobProgress("retrieve", search.Hits.Count, Retriever.KnowledgeBase.Entries.Count, search.InScope ? "in scope" : "out of scope"));
        if (!search.InScope)
        {
            return OutOfScope(language, search, notes);
        }

        var evidence = SelectEvidence(search, request.TopK);
        if (chat is null)
        {
            return KnowledgeBaseAnswer(language, search, evidence, notes);
        }

        return await ModelAnswerAsync(request, language, search, evidence, chat, observer, notes, ct).ConfigureAwait(false);
    }

    // The best hit always; others only when they score at least half as well, so weak matches are not presented as evidence.
    private static List<FaqHit> SelectEvidence(FaqSearchResult search, int topK)
    {
        var best = search.Hits[0];
        return search.Hits.Take(topK).Where((h, i) => i == 0 || h.Score >= best.Score * 0.5).ToList();
    }

    private FaqAnswer KnowledgeBaseAnswer(AnswerLanguage language, FaqSearchResult search, List<FaqHit> evidence, List<string> notes)
    {
        var best = evidence[0].Entry;
        var citations = new List<FaqCitation> { Cite(evidence[0], language) };

        // See also: the other retrieved entries first, then the best entry's own related list; three at most.
        var seeAlso = evidence.Skip(1).Select(h => h.Entry).ToList();
        foreach (var id in best.Related)
        {
            if (seeAlso.Count >= 3)
            {
                break;
            }

            if (Retriever.KnowledgeBase.Find(id) is { } related && seeAlso.All(e => e.Id != id))
            {
                seeAlso.Add(related);
            }
        }

        var text = new StringBuilder()
            .Append(best.Title.Get(language)).Append(" [").Append(best.Id).Append(']').AppendLine()
            .AppendLine()
            .AppendLine(best.Answer.Get(language));
        if (seeAlso.Count > 0)
        {
            text.AppendLine().AppendLine(Text(language, "另见：", "See also:"));
            foreach (var entry in seeAlso)
            {
                text.Append("- ").Append(entry.Title.Get(language)).Append(" [").Append(entry.Id).Append(']').AppendLine();
                var hit = search.Hits.FirstOrDefault(h => h.Entry.Id == entry.Id);
                citations.Add(new FaqCitation(entry.Id, entry.Title.Get(language), hit?.Score ?? 0));
            }
        }

        return new FaqAnswer(language, true, text.ToString().TrimEnd(), citations, [], FaqModes.KnowledgeBase)
        {
            Confidence = search.Confidence,
            Notes = notes,
        };
    }

    private FaqAnswer OutOfScope(AnswerLanguage language, FaqSearchResult search, List<string> notes)
    {
        var suggestions = search.Hits.Take(3).Select(h => Cite(h, language)).ToList();
        var text = new StringBuilder(search.UncoveredTopic is { } topic
            ? Text(
                language,
                $"知识库还没有关于“{topic.Zh}”的条目（它覆盖的是产品经理关心的 AI 与大模型话题的一部分），所以这里不作回答，以免编造。",
                $"The knowledge base has no entry about {topic.En} yet (it covers a set of AI and large-model topics for product managers), so I won't guess.")
            : Text(
                language,
                "知识库里没有能回答这个问题的内容（它覆盖产品经理关心的 AI 与大模型话题），所以这里不作回答，以免编造。",
                "The knowledge base has nothing that answers this question (it covers AI and large-model topics for product managers), so I won't guess."));
        text.AppendLine().AppendLine();
        if (suggestions.Count > 0)
        {
            text.AppendLine(Text(language, "最接近的主题：", "The nearest topics are:"));
        }
        else
        {
            text.AppendLine(Text(language, "可以试试这些主题：", "You could ask about, for example:"));
            suggestions = DefaultSuggestionIds.Select(Retriever.KnowledgeBase.Find).OfType<FaqEntry>()
                .Select(e => new FaqCitation(e.Id, e.Title.Get(language), 0)).ToList();
        }

        foreach (var s in suggestions)
        {
            text.Append("- ").Append(s.Title).Append(" [").Append(s.Id).Append(']').AppendLine();
        }

        return new FaqAnswer(language, false, text.ToString().TrimEnd(), [], suggestions, FaqModes.KnowledgeBase)
        {
            Confidence = search.Confidence,
            Notes = notes,
        };
    }

    private async Task<FaqAnswer> ModelAnswerAsync(
        FaqRequest request,
        AnswerLanguage language,
        FaqSearchResult search,
        List<FaqHit> evidence,
        IChatClient chat,
        IJobObserver observer,
        List<string> notes,
        CancellationToken ct)
    {
        var prompt = PromptLibrary.Load(PromptName, promptDirectory);
        string Render(IReadOnlyList<FaqHit> used, int answerChars) => prompt.Render(new Dictionary<string, string>
        {
            ["question"] = search.SearchedText,
            ["evidence"] = string.Join("\n\n", used.Select(h => $"[{h.Entry.Id}] {h.Entry.Title.Get(language)}\n{Shorten(h.Entry.Answer.Get(language), answerChars)}")),
            ["language"] = language == AnswerLanguage.Zh ? "简体中文 (Simplified Chinese)" : "English",
            ["max_words"] = "250",
            ["example_id"] = used[0].Entry.Id,
        });

        // Keep the prompt within the model's input budget: drop the weakest evidence first, then shorten what is left.
        int budget = prompt.Settings.MaxInputTokens ?? DefaultMaxInputTokens;
        var used = evidence.ToList();
        int answerChars = int.MaxValue;
        var rendered = Render(used, answerChars);
        while (EstimateTokens(rendered) > budget && used.Count > 1)
        {
            used.RemoveAt(used.Count - 1);
            rendered = Render(used, answerChars);
        }

        for (answerChars = 1200; EstimateTokens(rendered) > budget && answerChars >= 150; answerChars -= 150)
        {
            rendered = Render(used, answerChars);
        }

        evidence = used;

        observer.OnProgress(new JobProgress("generate"));
        var written = new StringBuilder();
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, rendered)], prompt.Settings.ToChatOptions(), ct).ConfigureAwait(false))
            {
                var delta = update.Text;
                if (!string.IsNullOrEmpty(delta))
                {
                    written.Append(delta);
                    observer.OnText(delta);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            notes.Add(Text(language, $"模型出错（{ex.Message}），以下是知识库原文。", $"The model failed ({ex.Message}); showing the knowledge-base answer."));
            observer.OnProgress(new JobProgress("verify", Message: "model failed; knowledge-base answer"));
            return KnowledgeBaseAnswer(language, search, evidence, notes);
        }

        var verified = VerifyCitations(written.ToString(), evidence);
        if (verified.Rejected.Count > 0)
        {
            notes.Add(Text(
                language,
                $"已删除模型引用的、不在检索结果中的条目：{string.Join(", ", verified.Rejected)}。",
                $"Removed citations the model made to entries that were not retrieved: {string.Join(", ", verified.Rejected)}."));
        }

        if (string.IsNullOrWhiteSpace(verified.Text) || verified.Cited.Count == 0)
        {
            notes.Add(Text(
                language,
                "模型的回答为空或没有引用任何检索到的条目，因此改为显示知识库原文。",
                "The model's answer was empty or cited none of the retrieved entries, so the knowledge-base answer is shown instead."));
            observer.OnProgress(new JobProgress("verify", Message: "no valid citation; knowledge-base answer"));
            var fallback = KnowledgeBaseAnswer(language, search, evidence, notes);
            return fallback with { RejectedCitations = verified.Rejected };
        }

        observer.OnProgress(new JobProgress("verify", verified.Cited.Count, evidence.Count, "citations verified"));
        var citations = verified.Cited.Select(id => Cite(evidence.First(h => h.Entry.Id == id), language)).ToList();
        return new FaqAnswer(language, true, verified.Text, citations, [], FaqModes.Model)
        {
            Confidence = search.Confidence,
            Notes = notes,
            RejectedCitations = verified.Rejected,
        };
    }

    internal sealed record CitationCheck(string Text, IReadOnlyList<string> Cited, IReadOnlyList<string> Rejected);

    /// <summary>
    /// Keeps citations of retrieved entries, removes every other <c>[faq.…]</c> id (unknown, or known but not
    /// retrieved, hence not evidence). A bracket may hold several ids ("[faq.a, faq.b]").
    /// </summary>
    internal static CitationCheck VerifyCitations(string text, IReadOnlyList<FaqHit> evidence)
    {
        var allowed = evidence.Select(h => h.Entry.Id).ToHashSet(StringComparer.Ordinal);
        var cited = new List<string>();
        var rejected = new List<string>();
        var cleaned = CitationBracket().Replace(text, m =>
        {
            var kept = new List<string>();
            foreach (Match id in CitationId().Matches(m.Groups[1].Value))
            {
                var value = id.Value.ToLowerInvariant();
                if (allowed.Contains(value))
                {
                    kept.Add(value);
                    if (!cited.Contains(value))
                    {
                        cited.Add(value);
                    }
                }
                else if (!rejected.Contains(value))
                {
                    rejected.Add(value);
                }
            }

            return kept.Count == 0 ? string.Empty : "[" + string.Join(", ", kept) + "]";
        });
        cleaned = SpaceBeforePunctuation().Replace(cleaned, "$1");
        cleaned = RepeatedSpaces().Replace(cleaned, " ").Trim();
        return new CitationCheck(cleaned, cited, rejected);
    }

    private const int DefaultMaxInputTokens = 1500;

    /// <summary>
    /// A deliberately high token estimate that needs no tokenizer: a Han character can take up to three byte-level
    /// tokens in a Llama-style vocabulary (1.5 on average is used), Latin text about one token per 3.5 characters.
    /// </summary>
    internal static int EstimateTokens(string text)
    {
        int han = text.Count(LanguageDetector.IsCjk);
        return (int)Math.Ceiling((han * 1.5) + ((text.Length - han) / 3.5));
    }

    // Cuts at a sentence end within the limit when there is one, so evidence never ends mid-word.
    private static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text[..maxChars];
        int end = cut.LastIndexOfAny(['。', '.', '！', '？', '!', '?', '\n']);
        return (end > maxChars / 2 ? cut[..(end + 1)] : cut) + " …";
    }

    private static FaqCitation Cite(FaqHit hit, AnswerLanguage language) => new(hit.Entry.Id, hit.Entry.Title.Get(language), hit.Score);

    private static string Text(AnswerLanguage language, string zh, string en) => language == AnswerLanguage.Zh ? zh : en;

    [GeneratedRegex(@"\[\s*((?:faq\.[A-Za-z0-9\-]+)(?:\s*[,;，、 ]\s*faq\.[A-Za-z0-9\-]+)*)\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex CitationBracket();

    [GeneratedRegex(@"faq\.[A-Za-z0-9\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex CitationId();

    [GeneratedRegex(@"[ \t]+([,.;:!?，。；：！？])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex RepeatedSpaces();
}
