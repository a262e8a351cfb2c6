using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Prd;

/// <summary>A short product idea (plus optional context files) to turn into a PRD or AI-feature spec.</summary>
public sealed record DraftRequest(
    string Idea,
    DraftKind Kind,
    IReadOnlyList<string>? ContextFiles = null,
    AnswerLanguage Language = AnswerLanguage.Auto)
{
    /// <summary>The model's context window in tokens; each section prompt is kept inside it.</summary>
    public int ContextTokens { get; init; } = 4096;

    /// <summary>Caps the tokens of each section the model writes below the prompt's <c>max_tokens</c> (null = the prompt's setting).</summary>
    public int? MaxOutputTokens { get; init; }
}

/// <summary>How a section of the draft was produced: "model" (written by the model), "filled" (from the idea or
/// context, no model), "questions" (only guiding questions), or "fallback" (the model returned nothing usable).</summary>
public sealed record DraftSectionStatus(string Id, string Title, string Status);

public sealed record PrdDraft(string Markdown, string Mode, IReadOnlyList<DraftSectionStatus> Sections)
{
    public string Title { get; init; } = string.Empty;

    public AnswerLanguage Language { get; init; }

    public DraftKind Kind { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Drafts a PRD or AI-feature spec. Without a model: the template with the idea filled into the title, TL;DR and
/// problem, evidence sentences from the context files, and guiding questions made specific to the idea. With a
/// model: one short prompt per section (idea, the context sentences most related to that section, one-line summaries
/// of the sections already written), so a small local model stays on one task at a time; each section streams.
/// </summary>
public static partial class PrdDrafter
{
    private const int MaxContextFiles = 8;
    private const int MaxContextSentences = 2000;
    private const int ExcerptsPerSection = 4;

    public static async Task<PrdDraft> DraftAsync(DraftRequest request, IChatClient? chat, IJobObserver? observer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        observer ??= NullJobObserver.Instance;
        if (string.IsNullOrWhiteSpace(request.Idea))
        {
            throw new JobInputException("Describe the idea in a sentence, e.g. \"AI summaries of long support tickets for agents\".");
        }

        if (request.Idea.Length > 4000)
        {
            throw new JobInputException($"The idea is {request.Idea.Length} characters; keep it under 4,000 and pass longer material as a context file.");
        }

        var idea = IdeaAnalysis.From(request.Idea, request.Language);
        var language = idea.Language;
        var zh = language == AnswerLanguage.Zh;
        var warnings = new List<string>();
        var context = await ReadContextAsync(request.ContextFiles ?? [], warnings, observer, ct).ConfigureAwait(false);

        var sections = PrdSections.For(request.Kind).ToList();
        var statuses = new List<DraftSectionStatus>();
        var md = new StringBuilder();
        var titlePrefix = request.Kind == DraftKind.AiSpec ? (zh ? "AI 功能规格说明：" : "AI feature spec: ") : (zh ? "产品需求文档：" : "PRD: ");
        var header = $"# {titlePrefix}{idea.Title}\n\n";
        md.Append(header);
        observer.OnText(header);
        if (chat is null)
        {
            var note = zh
                ? $"> 由 PmCopilot 根据想法生成的骨架（未使用模型）。回答每一节的问题，然后运行 `pmcopilot prd-lint`。\n\n"
                : $"> Skeleton drafted by PmCopilot from the idea, without a model. Answer the questions in each section, then run `pmcopilot prd-lint`.\n\n";
            md.Append(note);
            observer.OnText(note);
        }

        var written = new List<(string Title, string Gist)>();
        for (var i = 0; i < sections.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var section = sections[i];
            var title = section.Title(language);
            observer.OnProgress(new JobProgress("section", i + 1, sections.Count, title));
            var questions = GuidingQuestions.For(section, idea, language);
            var excerpts = context.Count == 0 ? [] : Relevant(context, section, idea, language);
            string block;
            string status;
            if (chat is null)
            {
                (block, status) = Skeleton(section, idea, language, questions, excerpts);
                md.Append(block);
                observer.OnText(block);
            }
            else
            {
                var heading = $"## {title}\n\n";
                md.Append(heading);
                observer.OnText(heading);
                var body = await WriteSectionAsync(chat, request, section, idea, language, questions, excerpts, written, observer, ct).ConfigureAwait(false);
                if (body.Length == 0)
                {
                    warnings.Add(zh ? $"模型没有写出“{title}”，保留了引导问题。" : $"The model wrote nothing for \"{title}\"; its guiding questions are kept instead.");
                    block = Guidance(questions, language);
                    status = "fallback";
                    observer.OnText(block);
                }
                else
                {
                    block = body + "\n\n";
                    status = "model";
                    observer.OnText("\n\n");
                    written.Add((title, Gist(body)));
                }

                md.Append(block);
            }

            statuses.Add(new DraftSectionStatus(section.Id, title, status));
        }

        observer.OnProgress(new JobProgress("done", sections.Count, sections.Count));
        return new PrdDraft(md.ToString().TrimEnd('\n') + "\n", chat is null ? "skeleton" : "model", statuses)
        {
            Title = titlePrefix + idea.Title,
            Language = language,
            Kind = request.Kind,
            Warnings = warnings,
        };
    }

    private static (string Block, string Status) Skeleton(PrdSection section, IdeaAnalysis idea, AnswerLanguage language, IReadOnlyList<string> questions, IReadOnlyList<ContextSentence> excerpts)
    {
        var zh = language == AnswerLanguage.Zh;
        var sb = new StringBuilder();
        sb.Append("## ").Append(section.Title(language)).Append("\n\n");
        var filled = false;
        switch (section.Id)
        {
            case "tldr":
                sb.Append(zh ? $"{EndWith(idea.Idea, '。')}\n\n" : $"{Sentence(idea.Idea)}\n\n");
                filled = true;
                break;
            case "problem":
                // A need the idea states in so many words ("… need to export audit logs") is restated; anything else is
                // quoted as written rather than spliced into a sentence it may not fit.
                sb.Append(zh ? $"- 想法原文：“{idea.Idea}”\n"
                    : idea.Need is { } need ? $"- Problem as stated in the idea: {idea.Persona} need {need}.\n"
                    : $"- The idea as written: “{idea.Idea}”\n");
                filled = true;
                break;
            case "personas" when idea.Persona is not ("users" or "用户"):
                sb.Append(zh ? $"- {idea.Persona}（来自想法描述）\n" : $"- {Capital(idea.Persona)} (named in the idea)\n");
                filled = true;
                break;
        }

        if (excerpts.Count > 0)
        {
            sb.Append(zh ? "- 资料中的相关内容（请核实）：\n" : "- From the context files (check before relying on it):\n");
            foreach (var e in excerpts)
            {
                sb.Append("  - ").Append(e.Text).Append(" (").Append(e.Source).Append(")\n");
            }

            filled = true;
        }

        if (filled)
        {
            sb.Append('\n');
        }

        sb.Append(Guidance(questions, language));
        return (sb.ToString(), filled ? "filled" : "questions");
    }

    private static string Guidance(IReadOnlyList<string> questions, AnswerLanguage language)
    {
        var sb = new StringBuilder("> ").Append(language == AnswerLanguage.Zh ? PrdTemplates.GuidanceMarkerZh : PrdTemplates.GuidanceMarkerEn).Append('\n');
        foreach (var q in questions)
        {
            sb.Append("> - ").Append(q).Append('\n');
        }

        return sb.Append('\n').ToString();
    }

    private static async Task<string> WriteSectionAsync(
        IChatClient chat,
        DraftRequest request,
        PrdSection section,
        IdeaAnalysis idea,
        AnswerLanguage language,
        IReadOnlyList<string> questions,
        IReadOnlyList<ContextSentence> excerpts,
        List<(string Title, string Gist)> written,
        IJobObserver observer,
        CancellationToken ct)
    {
        var zh = language == AnswerLanguage.Zh;
        var prompt = PromptLibrary.Default.Get("prd-section", language);
        var options = prompt.Settings.ToChatOptions();
        if (request.MaxOutputTokens is { } cap)
        {
            options.MaxOutputTokens = Math.Min(options.MaxOutputTokens ?? cap, cap);
        }

        var maxWords = section.Id is "functional" or "user-stories" or "evaluation" ? 160 : 110;
        var previous = written.Count == 0 ? (zh ? "（无）" : "(none yet)") : string.Join('\n', written.TakeLast(6).Select(w => $"- {w.Title}: {w.Gist}"));
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["document_kind"] = PrdTemplates.DocumentName(request.Kind, language),
            ["idea"] = idea.Idea,
            ["previous_sections"] = previous,
            ["section_title"] = section.Title(language),
            ["section_guidance"] = section.Guidance(language) + " " + string.Join(' ', questions),
            ["max_words"] = maxWords.ToString(CultureInfo.InvariantCulture),
            ["context"] = string.Empty,
        };

        // Context excerpts are added only as far as the window allows: the model's own answer must still fit.
        var budget = Math.Min(prompt.Settings.MaxInputTokens ?? int.MaxValue, request.ContextTokens - (options.MaxOutputTokens ?? 400) - 64);
        var used = TokenEstimator.Estimate(prompt.Render(values));
        if (excerpts.Count > 0)
        {
            var sb = new StringBuilder(zh ? "资料摘录（只在相关时使用）：\n" : "Context excerpts (use only if relevant):\n");
            foreach (var e in excerpts)
            {
                var line = $"- {e.Text} ({e.Source})\n";
                if (used + TokenEstimator.Estimate(sb.ToString() + line) > budget)
                {
                    break;
                }

                sb.Append(line);
            }

            values["context"] = sb.ToString();
        }

        var text = new StringBuilder();
        await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt.Render(values))], options, ct).ConfigureAwait(false))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                text.Append(update.Text);
                observer.OnText(update.Text);
            }
        }

        return CleanSection(text.ToString());
    }

    /// <summary>Drops a repeated heading and anything from the next heading on: the model writes one section's body.</summary>
    internal static string CleanSection(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && (lines[0].Trim().Length == 0 || lines[0].TrimStart().StartsWith('#')))
        {
            lines.RemoveAt(0);
        }

        var next = lines.FindIndex(l => HeadingLine().IsMatch(l));
        if (next >= 0)
        {
            lines.RemoveRange(next, lines.Count - next);
        }

        return string.Join('\n', lines).Trim();
    }

    private static string Gist(string body)
    {
        var first = SentenceSplitter.Split(body).FirstOrDefault() ?? body;
        return first.Length <= 140 ? first : first[..137] + "…";
    }

    private sealed record ContextSentence(string Text, string Source, HashSet<string> Tokens);

    private static async Task<List<ContextSentence>> ReadContextAsync(IReadOnlyList<string> files, List<string> warnings, IJobObserver observer, CancellationToken ct)
    {
        if (files.Count > MaxContextFiles)
        {
            throw new JobInputException($"{files.Count} context files given; at most {MaxContextFiles} are read. Pick the most relevant ones.");
        }

        var sentences = new List<ContextSentence>();
        for (var f = 0; f < files.Count; f++)
        {
            ct.ThrowIfCancellationRequested();
            observer.OnProgress(new JobProgress("context", f + 1, files.Count, Path.GetFileName(files[f])));
            var content = DocumentReader.Open(files[f]);
            var name = Path.GetFileName(files[f]);
            var taken = 0;
            foreach (var section in content.Sections)
            {
                foreach (var sentence in SentenceSplitter.Split(section.Text))
                {
                    if (sentence.Length < 15)
                    {
                        continue;
                    }

                    if (sentences.Count >= MaxContextSentences)
                    {
                        warnings.Add($"Context is long; only its first {MaxContextSentences} sentences were used.");
                        return sentences;
                    }

                    var text = sentence.Length <= 300 ? sentence : sentence[..297] + "…";
                    sentences.Add(new ContextSentence(text, $"{name} {section.Reference}", TextRank.Tokens(text)));
                    taken++;
                }
            }

            warnings.AddRange(content.Warnings.Select(w => $"{name}: {w}"));
            if (taken == 0)
            {
                warnings.Add($"{name}: no usable sentences.");
            }

            await Task.Yield();
        }

        return sentences;
    }

    private static List<ContextSentence> Relevant(List<ContextSentence> context, PrdSection section, IdeaAnalysis idea, AnswerLanguage language)
    {
        var query = TextRank.Tokens(section.TitleEn + " " + section.TitleZh + " " + section.Guidance(language) + " " + string.Join(' ', section.Aliases) + " " + idea.Idea);
        return [.. context
            .Select((c, i) => (c, i, Score: c.Tokens.Count(query.Contains) / Math.Sqrt(c.Tokens.Count + 1)))
            .Where(x => x.Score > 0.35)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.i)
            .Take(ExcerptsPerSection)
            .OrderBy(x => x.i)
            .Select(x => x.c)];
    }

    private static string Sentence(string s) => EndWith(s, '.');

    // A question or exclamation keeps its own mark: no "?." or "？。".
    private static string EndWith(string s, char mark) => s.Length > 0 && ".!?。！？…".Contains(s[^1], StringComparison.Ordinal) ? s : s + mark;

    private static string Capital(string s) => s.Length > 0 ? char.ToUpperInvariant(s[0]) + s[1..] : s;

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s")]
    private static partial Regex HeadingLine();
}
