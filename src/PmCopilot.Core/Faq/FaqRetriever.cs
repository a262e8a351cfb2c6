using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PmCopilot.Core.Faq;

/// <summary>Tuning knobs for FAQ retrieval. Defaults are the values calibrated on the dev half of the evaluation set (docs/quality.md).</summary>
public sealed record FaqSearchOptions
{
    public float TitleBoost { get; init; } = 3f;

    public float AliasesBoost { get; init; } = 2.5f;

    public float AnswerBoost { get; init; } = 1f;

    /// <summary>Weight of a match in the questions users asked about an entry (<see cref="FaqExamples"/>).</summary>
    public float ExamplesBoost { get; init; } = 0.5f;

    /// <summary>Coverage credit of a question term found only in an entry's example questions (title/keywords 1, answer 0.6).</summary>
    public double ExampleCredit { get; init; } = 0.3;

    /// <summary>Dis-max tie breaker: share of a term's non-best field scores that still counts.</summary>
    public float FieldTieBreaker { get; init; } = 0.2f;

    /// <summary>Weight of a term that replaced a misspelled question word.</summary>
    public float CorrectedTermWeight { get; init; } = 0.7f;

    /// <summary>Distinct terms searched at most; bounds work for very long questions (and Lucene's clause limit).</summary>
    public int MaxQueryTerms { get; init; } = 200;

    /// <summary>Questions are cut to this many characters before retrieval.</summary>
    public int MaxQuestionChars { get; init; } = 4000;

    /// <summary>Lexical confidence (see <see cref="FaqSearchResult.Confidence"/>) at or above which a question is in scope.</summary>
    public double InScopeThreshold { get; init; } = 0.38;

    /// <summary>
    /// Confidence needed instead when the question names an AI concept the knowledge base never mentions
    /// (<see cref="UncoveredTopics"/>): such a question is about that concept, not about the entry it shares generic words with.
    /// </summary>
    public double UncoveredTopicThreshold { get; init; } = 0.75;

    /// <summary>
    /// Key-term evidence (see <see cref="FaqSearchResult.KeyEvidence"/>) at or above which a question is in scope even when
    /// it covers little of it: a long scenario ("our recommendation model did well at launch, three months later…")
    /// that names the entry's own keywords. 3.5 is just above the weight of one keyword unique to an entry, ln 31.
    /// </summary>
    public double KeyEvidenceThreshold { get; init; } = 3.5;

    /// <summary>
    /// With embeddings: cosine similarity at or above which the best entry alone makes a question in scope.
    /// Not calibrated (no real embedding model is available to the test suite), so it is set high: embeddings can
    /// rescue a paraphrase with no shared words but rarely overrule the lexical "out of scope".
    /// </summary>
    public double EmbeddingInScopeThreshold { get; init; } = 0.8;

    /// <summary>
    /// With embeddings: how many standard deviations the best cosine must stand above the mean cosine over all
    /// entries for the rescue above. A weak or random embedding model gives everything a similar, often high,
    /// cosine; a real match stands out.
    /// </summary>
    public double EmbeddingMinStandout { get; init; } = 3.0;

    /// <summary>Standout (see <see cref="EmbeddingMinStandout"/>) below which embeddings get no weight in fusion; weight grows linearly to 1 at <see cref="EmbeddingMinStandout"/>.</summary>
    public double EmbeddingFusionFrom { get; init; } = 2.5;

    /// <summary>The k of reciprocal-rank fusion, 1/(k + rank). Small because the corpus is small.</summary>
    public int FusionK { get; init; } = 10;
}

/// <summary>One ranked entry. <see cref="Score"/> is in [0, 1]; see <see cref="FaqRetriever"/> for how it is made.</summary>
public sealed record FaqHit(FaqEntry Entry, double Score, double Bm25, double Coverage, double? Cosine);

/// <summary>
/// Retrieval outcome: all entries with any evidence, best first; whether the question is in scope and how sure.
/// <see cref="Confidence"/> is the share of the question's (idf-weighted) terms that the best of the top three
/// entries contains: 0 when no question word is known to the knowledge base, 1 when every one is.
/// </summary>
public sealed record FaqSearchResult(
    string SearchedText,
    IReadOnlyList<FaqHit> Hits,
    bool InScope,
    double Confidence,
    bool UsedEmbeddings,
    bool Truncated)
{
    /// <summary>The terms searched, for diagnostics: "term", "typo→term" for corrections, "term?" for unknown ones.</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>How specifically the question names the top entry's topic (summed rarity of the key terms it matched).</summary>
    public double KeyEvidence { get; init; }

    /// <summary>An AI concept the question names that the knowledge base does not cover ("hallucination"), or null.</summary>
    public BilingualText? UncoveredTopic { get; init; }
}

/// <summary>
/// Finds knowledge-base entries for a question. Lexical: BM25 over title/aliases/answer with field boosts, plus
/// typo correction against the index vocabulary. Semantic (when an embedding generator is given): cosine between
/// the question and each entry's title + keywords. The two rankings are combined by weighted reciprocal-rank fusion:
/// the keyword list contributes 1/(k + rank), the embedding list w/(k + rank), where w (0..1) grows with how far the
/// best cosine stands above the others, because a weak embedder that singles nothing out would otherwise scramble
/// a good keyword ranking. A hit's reported score is its lexical coverage, raised to its cosine when embeddings
/// count fully and the cosine is higher. The index is built once, lazily and thread-safely.
/// </summary>
public sealed class FaqRetriever
{
    private static readonly Lazy<FaqRetriever> EmbeddedInstance = new(() => new FaqRetriever(FaqKnowledgeBase.Embedded, examples: FaqExamples.Embedded), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lazy<FaqSearchIndex> index;
    private readonly Lazy<UncoveredTopics> uncoveredTopics;
    private readonly ConditionalWeakTable<IEmbeddingGenerator<string, Embedding<float>>, Task<float[][]>> entryVectors = new();

    /// <param name="examples">Questions users asked about the entries (<see cref="FaqExamples.Embedded"/> belongs to the embedded knowledge base; a knowledge base of one's own has none).</param>
    public FaqRetriever(FaqKnowledgeBase knowledgeBase, FaqSearchOptions? options = null, FaqExamples? examples = null)
    {
        KnowledgeBase = knowledgeBase ?? throw new ArgumentNullException(nameof(knowledgeBase));
        Options = options ?? new FaqSearchOptions();
        Examples = examples ?? FaqExamples.None;
        index = new Lazy<FaqSearchIndex>(() => new FaqSearchIndex(KnowledgeBase, Options, Examples), LazyThreadSafetyMode.ExecutionAndPublication);
        uncoveredTopics = new Lazy<UncoveredTopics>(() => new UncoveredTopics(KnowledgeBase), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A shared retriever over the embedded knowledge base.</summary>
    public static FaqRetriever Default => EmbeddedInstance.Value;

    public FaqKnowledgeBase KnowledgeBase { get; }

    public FaqSearchOptions Options { get; }

    public FaqExamples Examples { get; }

    /// <summary>Lexical search only (no model needed).</summary>
    public FaqSearchResult Search(string question) => Rank(question, null);

    public async Task<FaqSearchResult> SearchAsync(string question, IEmbeddingGenerator<string, Embedding<float>>? embeddings, CancellationToken ct = default)
    {
        if (embeddings is null)
        {
            return Search(question);
        }

        var text = Cut(question, out _);
        var vectors = await EntryVectorsAsync(embeddings, ct).ConfigureAwait(false);
        var generated = await embeddings.GenerateAsync([text], cancellationToken: ct).ConfigureAwait(false);
        var q = generated.Count > 0 ? generated[0].Vector.ToArray() : [];
        var cosines = vectors.Select(v => Cosine(q, v)).ToArray();
        return Rank(question, cosines);
    }

    private FaqSearchResult Rank(string question, double[]? cosines)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = Cut(question, out bool truncated);
        var idx = index.Value;
        var lexical = idx.Search(text);
        var entries = KnowledgeBase.Entries;
        int n = entries.Count;

        var lexicalOrder = Enumerable.Range(0, n).Where(i => lexical.Scores[i] > 0).OrderByDescending(i => lexical.Scores[i]).ThenBy(i => i).ToList();
        double maxBm25 = lexicalOrder.Count > 0 ? lexical.Scores[lexicalOrder[0]] : 0;
        double confidence = lexicalOrder.Take(3).Select(i => (double)lexical.Coverage[i]).DefaultIfEmpty(0).Max();

        List<int> order;
        bool usedEmbeddings = cosines is not null && cosines.Any(c => c != 0);
        if (usedEmbeddings)
        {
            // Tied scores share a rank (1 + number of strictly better entries), so fusion never depends on list order.
            var fused = new double[n];
            foreach (int i in lexicalOrder)
            {
                fused[i] += 1.0 / (Options.FusionK + 1 + lexicalOrder.Count(j => lexical.Scores[j] > lexical.Scores[i]));
            }

            double weight = SemanticWeight(cosines!);
            for (int i = 0; i < n; i++)
            {
                fused[i] += weight / (Options.FusionK + 1 + cosines!.Count(c => c > cosines![i]));
            }

            order = Enumerable.Range(0, n).OrderByDescending(i => fused[i]).ThenBy(i => i).ToList();
        }
        else
        {
            order = lexicalOrder;
        }

        bool fullWeight = usedEmbeddings && SemanticWeight(cosines!) >= 1;
        var hits = order.Select(i =>
        {
            double score = lexical.Coverage[i];
            double? cos = cosines?[i];
            if (usedEmbeddings && fullWeight && cos > score)
            {
                score = Math.Clamp(cos.Value, 0, 1);
            }

            return new FaqHit(entries[i], Math.Round(score, 4), lexical.Scores[i], lexical.Coverage[i], cos);
        }).ToList();

        var uncovered = uncoveredTopics.Value.Find(text);
        double keyEvidence = lexicalOrder.Count > 0 ? lexical.KeyEvidence[lexicalOrder[0]] : 0;
        bool inScope = maxBm25 > 0 && (uncovered is null
            ? confidence >= Options.InScopeThreshold || keyEvidence >= Options.KeyEvidenceThreshold
            : confidence >= Options.UncoveredTopicThreshold);
        if (!inScope && uncovered is null && usedEmbeddings && StandsOut(cosines!))
        {
            inScope = true;
        }

        return new FaqSearchResult(text, hits, inScope, Math.Round(confidence, 4), usedEmbeddings, truncated) { Terms = lexical.Terms, UncoveredTopic = inScope ? null : uncovered, KeyEvidence = Math.Round(keyEvidence, 3) };
    }

    private bool StandsOut(double[] cosines) =>
        cosines.Max() >= Options.EmbeddingInScopeThreshold && Standout(cosines) >= Options.EmbeddingMinStandout;

    /// <summary>
    /// How much the embedding ranking counts in fusion, 0..1: nothing while the best cosine is within
    /// <see cref="FaqSearchOptions.EmbeddingFusionFrom"/> standard deviations of the mean (an embedder that singles
    /// nothing out only adds noise), fully from <see cref="FaqSearchOptions.EmbeddingMinStandout"/> on.
    /// </summary>
    private double SemanticWeight(double[] cosines)
    {
        double z = Standout(cosines);
        double from = Options.EmbeddingFusionFrom, full = Options.EmbeddingMinStandout;
        return full <= from ? (z >= full ? 1 : 0) : Math.Clamp((z - from) / (full - from), 0, 1);
    }

    // Standard deviations between the best cosine and the mean cosine over all entries.
    private static double Standout(double[] cosines)
    {
        double mean = cosines.Average();
        double sd = Math.Sqrt(cosines.Average(c => (c - mean) * (c - mean)));
        return sd > 1e-9 ? (cosines.Max() - mean) / sd : 0;
    }

    private string Cut(string question, out bool truncated)
    {
        truncated = question.Length > Options.MaxQuestionChars;
        var text = truncated ? question[..Options.MaxQuestionChars] : question;
        if (truncated && char.IsHighSurrogate(text[^1]))
        {
            text = text[..^1];
        }

        return text;
    }

    private Task<float[][]> EntryVectorsAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken ct)
    {
        // Cached per generator; a failed or cancelled attempt is not cached so the next question retries.
        var task = entryVectors.GetValue(generator, g => ComputeEntryVectorsAsync(g, ct));
        if (task.IsFaulted || task.IsCanceled)
        {
            entryVectors.Remove(generator);
            task = entryVectors.GetValue(generator, g => ComputeEntryVectorsAsync(g, ct));
        }

        return task;
    }

    private async Task<float[][]> ComputeEntryVectorsAsync(IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken ct)
    {
        var texts = KnowledgeBase.Entries.Select(EmbeddingText).ToList();
        var generated = await generator.GenerateAsync(texts, cancellationToken: ct).ConfigureAwait(false);
        if (generated.Count != texts.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {generated.Count} vectors for {texts.Count} FAQ entries.");
        }

        return generated.Select(e => e.Vector.ToArray()).ToArray();
    }

    // Titles and keywords, not whole answers: short texts keep small local embedding models on topic.
    internal static string EmbeddingText(FaqEntry e) =>
        $"{e.Title.Zh} {e.Title.En} {string.Join(", ", e.Aliases.Zh.Take(12))}; {string.Join(", ", e.Aliases.En.Take(12))}";

    internal static double Cosine(float[] a, float[] b)
    {
        if (a.Length == 0 || a.Length != b.Length)
        {
            return 0;
        }

        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            na += a[i] * (double)a[i];
            nb += b[i] * (double)b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
