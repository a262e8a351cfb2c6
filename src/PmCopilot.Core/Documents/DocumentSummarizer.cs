using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;
using PmCopilot.Core.Prompts;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Summarises a document with section references. Sections are read one at a time (a long PDF is never held whole):
/// each is ranked with TextRank for its own key sentences, and its best sentences join a bounded candidate pool from
/// which the extractive summary is chosen. With a model, sections are also packed into chunks that fit the context
/// window, each chunk is summarised (map), and the partial summaries are merged (reduce, streamed); references the
/// model cites that the document does not have are removed.
/// </summary>
public static partial class DocumentSummarizer
{
    private const int CandidatesPerSection = 4, SentencesPerCandidate = 5;
    private const int MaxCandidates = 600;
    private const int MaxListedSections = 40;
    private const int RankWindow = 150;
    private const int PromptOverheadTokens = 250;
    private const double SummarySectionWeight = 1.6; // a section the author titled "Summary", "TL;DR", "结论"…
    private const double MetadataWeight = 0.3; // "Status: Final · Author: …", e-mail headers, quoted replies, breadcrumbs, the title repeated
    private const int ShortSentenceTokens = 6;
    private const int MaxFallback = 100;

    public static async Task<DocumentSummary> SummarizeAsync(
        DocumentSummaryRequest request,
        IChatClient? chat,
        IJobObserver? observer,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        observer ??= NullJobObserver.Instance;
        if (request.MaxSentences is < 1 or > 100)
        {
            throw new JobInputException($"MaxSentences must be between 1 and 100 (got {request.MaxSentences}).");
        }

        observer.OnProgress(new JobProgress("load", Message: request.Path ?? request.FileName));
        var content = request.Path is not null
            ? DocumentReader.Open(request.Path)
            : request.Text is not null
                ? DocumentReader.FromText(request.Text, request.FileName)
                : throw new JobInputException("Nothing to summarise: give a file path or text.");

        var state = new State(request, content, chat, observer);
        var sectionIndex = 0;
        foreach (var section in content.Sections)
        {
            ct.ThrowIfCancellationRequested();
            sectionIndex++;
            observer.OnProgress(new JobProgress("read", sectionIndex, content.PageCount, section.Reference));
            state.AddSection(section, sectionIndex);
            if (chat is not null)
            {
                await state.AddToChunkAsync(section, ct).ConfigureAwait(false);
            }
        }

        if (sectionIndex == 0)
        {
            throw new JobInputException($"'{content.Title}' has no text to summarise.");
        }

        var keySentences = state.SelectKeySentences();
        var warnings = new List<string>(content.Warnings);
        var sections = state.SectionOutline(warnings);
        string summary;
        string mode;
        if (chat is null)
        {
            mode = "extractive";
            summary = Bullets(keySentences);
            observer.OnText(summary);
        }
        else
        {
            mode = "model";
            summary = await state.FinishModelAsync(ct).ConfigureAwait(false);
            summary = CheckReferences(summary, state.KnownReferences, warnings, state.Language);
            if (summary.Trim().Length == 0)
            {
                warnings.Add(state.Language == AnswerLanguage.Zh ? "模型没有返回内容，改用抽取式摘要。" : "The model returned nothing; the extractive summary is shown instead.");
                summary = Bullets(keySentences);
                mode = "extractive";
            }
        }

        observer.OnProgress(new JobProgress("done", sectionIndex, sectionIndex));
        return new DocumentSummary(content.Title, mode, summary, sections, warnings)
        {
            Language = state.Language,
            Format = content.Format,
            KeySentences = keySentences,
            SectionCount = sectionIndex,
            PageCount = content.PageCount,
            ChunkCount = state.ChunkCount,
        };
    }

    private static string Bullets(IReadOnlyList<SummarySentence> sentences) =>
        string.Join('\n', sentences.Select(s => $"- {s.Text} [{s.Reference}]"));

    /// <summary>Drops references the document does not have, so every cited section can be found.</summary>
    internal static string CheckReferences(string summary, IReadOnlySet<string> known, List<string> warnings, AnswerLanguage language)
    {
        var removed = new SortedSet<string>(StringComparer.Ordinal);
        var result = Citation().Replace(summary, m =>
        {
            var parts = m.Groups[1].Value.Split([',', ';', '，', '、', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (!parts.All(p => ReferenceShape().IsMatch(p)))
            {
                return m.Value; // not a citation, e.g. "[sic]"
            }

            var kept = parts.Where(p => known.Contains(NormalizeReference(p))).Select(NormalizeReference).ToList();
            removed.UnionWith(parts.Where(p => !known.Contains(NormalizeReference(p))));
            return kept.Count == 0 ? string.Empty : "[" + string.Join(", ", kept) + "]";
        });
        if (removed.Count > 0)
        {
            warnings.Add(language == AnswerLanguage.Zh
                ? $"模型引用了文档中不存在的章节，已删除：{string.Join("、", removed)}。"
                : $"The model cited sections the document does not have; removed: {string.Join(", ", removed)}.");
        }

        return SpaceBeforePunctuation().Replace(result, "$1");
    }

    private static string NormalizeReference(string reference)
    {
        var r = reference.Trim();
        var page = PageReference().Match(r);
        return page.Success ? "p. " + page.Groups[1].Value : r.Replace("§ ", "§", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[([^\[\]\n]{1,60})\]")]
    private static partial Regex Citation();

    [GeneratedRegex(@"^(?:§\s?\d+(?:\.\d+)*|p\.?\s?\d+|l\.\s?\d+|page\s+\d+|第\s?\d+\s?页)$", RegexOptions.IgnoreCase)]
    private static partial Regex ReferenceShape();

    [GeneratedRegex(@"^(?:p\.?\s?|page\s+|第\s?)(\d+)(?:\s?页)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PageReference();

    [GeneratedRegex(@"[ \t]+([.,;:。，；：])")]
    private static partial Regex SpaceBeforePunctuation();

    /// <param name="LocalScore">Centrality within its section, 1 for the section's most central sentence.</param>
    /// <param name="RawCentrality">PageRank score within its section (mean 1), comparable across sections of similar size.</param>
    private sealed record Candidate(string Text, string Reference, int Order, double LocalScore, double RawCentrality, double Bonus, HashSet<string> Tokens);

    private sealed class State(DocumentSummaryRequest request, DocumentContent content, IChatClient? chat, IJobObserver observer)
    {
        private readonly List<Candidate> _candidates = [];
        private readonly List<SummarySentence> _fallback = [];
        private readonly List<SummarySection> _outline = [];
        private readonly List<string> _partials = [];
        private readonly StringBuilder _chunk = new();
        private readonly HashSet<string> _known = new(StringComparer.Ordinal);
        private int _order;
        private int _chunkTokens;
        private AnswerLanguage _language = request.Language;
        private PromptDefinition? _mapPrompt;
        private PromptDefinition? _reducePrompt;

        public AnswerLanguage Language => _language == AnswerLanguage.Auto ? AnswerLanguage.En : _language;

        public IReadOnlySet<string> KnownReferences => _known;

        public int ChunkCount { get; private set; }

        private int MaxOutputTokens => Math.Min(MapPrompt.Settings.MaxOutputTokens ?? 300, request.MaxOutputTokens ?? int.MaxValue);

        private PromptDefinition MapPrompt => _mapPrompt ??= PromptLibrary.Default.Get("summarize-chunk", Language);

        private PromptDefinition ReducePrompt => _reducePrompt ??= PromptLibrary.Default.Get("summarize-reduce", Language);

        /// <summary>Tokens of document text one prompt may carry.</summary>
        private int ChunkBudget
        {
            get
            {
                var fromContext = request.ContextTokens - MaxOutputTokens - PromptOverheadTokens;
                var fromPrompt = MapPrompt.Settings.MaxInputTokens ?? int.MaxValue;
                return Math.Max(200, Math.Min(fromContext, fromPrompt));
            }
        }

        public void AddSection(DocumentSection section, int index)
        {
            if (_language == AnswerLanguage.Auto)
            {
                _language = LanguageDetector.Detect(section.Text.Length > 4000 ? section.Text[..4000] : section.Text);
            }

            _known.Add(section.Reference);
            var all = SentenceSplitter.Split(section.Text).ToList();
            var sentences = all.Where(Usable).ToList();
            foreach (var fragment in all.Where(f => !Usable(f) && f.Count(char.IsLetter) >= 2).Take(MaxFallback - _fallback.Count))
            {
                _fallback.Add(new SummarySentence(Trim(fragment), section.Reference));
            }

            var inSummary = section.HeadingPath.Any(SentenceSalience.IsSummaryHeading);
            var preamble = section.HeadingPath.Count == 0 && index == 1;
            var titleTokens = TextRank.Tokens(content.Title);
            var headingTokens = TextRank.Tokens(content.Title + " " + string.Join(" ", section.HeadingPath));
            var ranked = new List<(string Text, int Order, double Score, double Bonus, HashSet<string> Tokens)>();
            var speakers = SentenceSalience.SpeakerLabels(sentences);
            for (var start = 0; start < sentences.Count; start += RankWindow)
            {
                var window = sentences.Skip(start).Take(RankWindow).ToList();
                var tokens = window.Select(w => TextRank.Tokens(SentenceSalience.WithoutSpeaker(w, speakers))).ToList();
                var scores = TextRank.Rank(tokens);
                for (var i = 0; i < window.Count; i++)
                {
                    var bonus = SentenceSalience.Bonus(window[i], tokens[i], headingTokens, leadOfSection: start + i == 0)
                        * (inSummary ? SummarySectionWeight : 1.0)
                        * (SentenceSalience.IsMetadataLine(window[i], preamble) || SentenceSalience.IsQuotedReply(window[i])
                            || SentenceSalience.IsNavigation(window[i]) || RepeatsTitle(tokens[i], titleTokens) ? MetadataWeight : 1.0)
                        * Math.Sqrt(Math.Min(1.0, tokens[i].Count / (double)ShortSentenceTokens));
                    ranked.Add((Trim(window[i]), _order + start + i, scores[i], bonus, tokens[i]));
                }
            }

            _order += sentences.Count;

            // Centrality within a section, relative to the section's most central sentence: in a short section whose
            // sentences share no words, PageRank gives every sentence the bare teleport share, which says nothing.
            var sectionMax = ranked.Count > 0 ? ranked.Max(r => r.Score) : 1;
            // A long section (a headingless memo, a transcript, a thread) is a document of its own: four candidates
            // would cap the whole summary at four sentences.
            var perSection = Math.Max(CandidatesPerSection, (int)Math.Ceiling(sentences.Count / (double)SentencesPerCandidate));
            var best = ranked.OrderByDescending(r => r.Score * r.Bonus).Take(perSection).ToList();
            foreach (var r in best)
            {
                _candidates.Add(new Candidate(r.Text, section.Reference, r.Order, r.Score / sectionMax, r.Score, r.Bonus, r.Tokens));
            }

            if (_candidates.Count > MaxCandidates * 2)
            {
                var keep = _candidates.OrderByDescending(c => c.LocalScore * c.Bonus).Take(MaxCandidates).ToList();
                _candidates.Clear();
                _candidates.AddRange(keep.OrderBy(c => c.Order));
            }

            var heading = section.HeadingPath.Count > 0 ? string.Join(" > ", section.HeadingPath) : (index == 1 ? content.Title : section.Reference);
            _outline.Add(new SummarySection(heading, section.Reference, [.. best.Take(2).OrderBy(r => r.Order).Select(r => r.Text)]));
        }

        public IReadOnlyList<SummarySentence> SelectKeySentences()
        {
            if (_candidates.Count == 0)
            {
                // Nothing reads as a sentence (a table of figures, a list of short labels): quote what there is rather
                // than print an empty summary.
                return [.. _fallback.Take(request.MaxSentences)];
            }

            var global = TextRank.Rank([.. _candidates.Select(c => c.Tokens)]);
            var maxGlobal = global.Max();
            var scored = _candidates.Select((c, i) => (Candidate: c, Score: (0.5 * global[i] / maxGlobal + 0.5 * c.LocalScore) * c.Bonus))
                .OrderByDescending(x => x.Score)
                .ToList();

            // Greedy pick by score without near-duplicates. A penalty for a second sentence from the same section was
            // tried (docs/quality.md): it lost key points, because authors put most of them in one summary section.
            var chosen = new List<Candidate>();
            foreach (var (candidate, _) in scored)
            {
                if (chosen.Count == request.MaxSentences)
                {
                    break;
                }

                if (chosen.All(c => Jaccard(c.Tokens, candidate.Tokens) < 0.5))
                {
                    chosen.Add(candidate);
                }
            }

            return [.. chosen.OrderBy(c => c.Order).Select(c => new SummarySentence(c.Text, c.Reference))];
        }

        public IReadOnlyList<SummarySection> SectionOutline(List<string> warnings)
        {
            if (_outline.Count <= MaxListedSections)
            {
                return _outline;
            }

            warnings.Add(Language == AnswerLanguage.Zh
                ? $"共 {_outline.Count} 个部分，只列出要点最集中的 {MaxListedSections} 个。"
                : $"{_outline.Count} sections; the outline lists the {MaxListedSections} with the most central sentences.");
            var keep = _candidates.GroupBy(c => c.Reference).Select(g => (Reference: g.Key, Score: g.Max(c => c.RawCentrality)))
                .OrderByDescending(x => x.Score).Take(MaxListedSections).Select(x => x.Reference).ToHashSet(StringComparer.Ordinal);
            return [.. _outline.Where(s => keep.Contains(s.Reference)).Take(MaxListedSections)];
        }

        public async Task AddToChunkAsync(DocumentSection section, CancellationToken ct)
        {
            var header = $"[{section.Reference}] {(section.HeadingPath.Count > 0 ? string.Join(" > ", section.HeadingPath) : string.Empty)}".TrimEnd();
            foreach (var piece in Pieces(section.Text, ChunkBudget - TokenEstimator.Estimate(header) - 4))
            {
                var block = header + "\n" + piece + "\n\n";
                var tokens = TokenEstimator.Estimate(block);
                if (_chunkTokens > 0 && _chunkTokens + tokens > ChunkBudget)
                {
                    await MapAsync(ct).ConfigureAwait(false);
                }

                _chunk.Append(block);
                _chunkTokens += tokens;
            }
        }

        public async Task<string> FinishModelAsync(CancellationToken ct)
        {
            if (_partials.Count == 0)
            {
                // The whole document fits one prompt: summarise it directly, streaming.
                ChunkCount = 1;
                observer.OnProgress(new JobProgress("summarize", 1, 1));
                var prompt = MapPrompt.Render(Variables(("max_sentences", request.MaxSentences.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("chunk", _chunk.ToString().Trim())));
                return await StreamAsync(prompt, MapPrompt, ct).ConfigureAwait(false);
            }

            if (_chunkTokens > 0)
            {
                await MapAsync(ct).ConfigureAwait(false);
            }

            observer.OnProgress(new JobProgress("reduce", ChunkCount, ChunkCount));
            var reduce = ReducePrompt.Render(Variables(("max_sentences", request.MaxSentences.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("partial_summaries", string.Join("\n\n", _partials))));
            return await StreamAsync(reduce, ReducePrompt, ct).ConfigureAwait(false);
        }

        private async Task MapAsync(CancellationToken ct)
        {
            ChunkCount++;
            observer.OnProgress(new JobProgress("map", ChunkCount, null, $"chunk {ChunkCount}"));
            var perChunk = Math.Max(2, Math.Min(request.MaxSentences, 5));
            var prompt = MapPrompt.Render(Variables(("max_sentences", perChunk.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("chunk", _chunk.ToString().Trim())));
            var response = await chat!.GetResponseAsync([new ChatMessage(ChatRole.User, prompt)], Options(MapPrompt), ct).ConfigureAwait(false);
            _partials.Add(response.Text.Trim());
            _chunk.Clear();
            _chunkTokens = 0;

            // Keep the partial summaries inside one prompt: fold them into one when they grow past the budget.
            if (_partials.Sum(TokenEstimator.Estimate) > ChunkBudget)
            {
                observer.OnProgress(new JobProgress("reduce", ChunkCount, null, "intermediate"));
                var reduce = ReducePrompt.Render(Variables(("max_sentences", request.MaxSentences.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("partial_summaries", string.Join("\n\n", _partials))));
                var folded = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, reduce)], Options(ReducePrompt), ct).ConfigureAwait(false);
                _partials.Clear();
                _partials.Add(folded.Text.Trim());
            }
        }

        private async Task<string> StreamAsync(string prompt, PromptDefinition definition, CancellationToken ct)
        {
            var text = new StringBuilder();
            await foreach (var update in chat!.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], Options(definition), ct).ConfigureAwait(false))
            {
                var delta = update.Text;
                if (!string.IsNullOrEmpty(delta))
                {
                    text.Append(delta);
                    observer.OnText(delta);
                }
            }

            return text.ToString().Trim();
        }

        private ChatOptions Options(PromptDefinition prompt)
        {
            var options = prompt.Settings.ToChatOptions();
            if (request.MaxOutputTokens is { } cap)
            {
                options.MaxOutputTokens = Math.Min(options.MaxOutputTokens ?? cap, cap);
            }

            return options;
        }

        private Dictionary<string, string> Variables(params (string Name, string Value)[] values)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = content.Title };
            foreach (var (name, value) in values)
            {
                map[name] = value;
            }

            return map;
        }

        private static IEnumerable<string> Pieces(string text, int budget)
        {
            budget = Math.Max(100, budget);
            if (TokenEstimator.Estimate(text) <= budget)
            {
                yield return text;
                yield break;
            }

            var piece = new StringBuilder();
            var tokens = 0;
            foreach (var sentence in SentenceSplitter.Split(text))
            {
                var s = TokenEstimator.Estimate(sentence) > budget ? sentence[..Math.Min(sentence.Length, budget * 2)] : sentence;
                var t = TokenEstimator.Estimate(s) + 1;
                if (tokens > 0 && tokens + t > budget)
                {
                    yield return piece.ToString().Trim();
                    piece.Clear();
                    tokens = 0;
                }

                piece.Append(s).Append(' ');
                tokens += t;
            }

            if (piece.Length > 0)
            {
                yield return piece.ToString().Trim();
            }
        }

        private static bool Usable(string sentence)
        {
            var cjk = sentence.Count(LanguageDetector.IsCjk);
            var letters = sentence.Count(char.IsLetter);
            return cjk >= 6 || (letters >= 20 && sentence.Count(c => c == ' ') >= 3);
        }

        // The title again as the first line of a plain-text file, or as a heading-like opening sentence.
        private static bool RepeatsTitle(HashSet<string> sentence, HashSet<string> title) =>
            title.Count > 0 && sentence.Count > 0 && Jaccard(sentence, title) >= 0.7;

        private static string Trim(string sentence) => sentence.Length <= 400 ? sentence : sentence[..397] + "…";

        private static double Jaccard(HashSet<string> a, HashSet<string> b)
        {
            if (a.Count == 0 || b.Count == 0)
            {
                return 0;
            }

            var overlap = a.Count(b.Contains);
            return overlap / (double)(a.Count + b.Count - overlap);
        }
    }
}
