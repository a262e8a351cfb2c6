using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace PmCopilot.Core.Faq;

/// <summary>
/// A Lucene index of the knowledge base kept in memory (RAMDirectory; the corpus is a few dozen entries), scored
/// with BM25. Each entry is one document whose title, aliases and answer fields hold both languages, so a question
/// in either language (or a mix) searches the same fields. Field weights live in <see cref="FaqSearchOptions"/>.
/// </summary>
internal sealed partial class FaqSearchIndex : IDisposable
{
    public const string IdField = "id";
    public const string TitleField = "title";
    public const string AliasesField = "aliases";
    public const string AnswerField = "answer";
    public const string ExamplesField = "examples";

    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;
    private readonly FaqSearchOptions options;

    // Per entry: terms of its title and aliases (strong evidence) and of its answer (weaker: answers contain
    // incidental words). Used to say how much of a question an entry covers.
    private readonly HashSet<string>[] keyTerms;
    private readonly HashSet<string>[] answerTerms;
    private readonly HashSet<string>[] exampleTerms;

    // Term -> number of entries containing it anywhere.
    private readonly Dictionary<string, int> documentFrequency = new(StringComparer.Ordinal);

    // Term -> number of entries whose title or aliases contain it.
    private readonly Dictionary<string, int> keyFrequency = new(StringComparer.Ordinal);

    // Unstemmed Latin words of the knowledge base -> their indexed term; typo correction compares surface forms,
    // because stems of misspelled words are too mangled ("modles" -> "modl") to compare reliably.
    private readonly Dictionary<string, string> surfaceVocabulary = new(StringComparer.Ordinal);

    public FaqSearchIndex(FaqKnowledgeBase knowledgeBase, FaqSearchOptions options, FaqExamples? examples = null)
    {
        examples ??= FaqExamples.None;
        KnowledgeBase = knowledgeBase;
        this.options = options;
        Analyzer = new FaqAnalyzer();
        keyTerms = new HashSet<string>[knowledgeBase.Entries.Count];
        answerTerms = new HashSet<string>[knowledgeBase.Entries.Count];
        exampleTerms = new HashSet<string>[knowledgeBase.Entries.Count];

        var config = new IndexWriterConfig(FaqAnalyzer.Version, Analyzer)
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            for (int i = 0; i < knowledgeBase.Entries.Count; i++)
            {
                var entry = knowledgeBase.Entries[i];
                var title = entry.Title.Zh + "\n" + entry.Title.En;
                var aliases = string.Join("\n", entry.Aliases.All);
                var answer = entry.Answer.Zh + "\n" + entry.Answer.En;
                var asked = string.Join("\n", examples.For(entry.Id));
                writer.AddDocument(new Document
                {
                    new StringField(IdField, entry.Id, Field.Store.YES),
                    new TextField(TitleField, title, Field.Store.NO),
                    new TextField(AliasesField, aliases, Field.Store.NO),
                    new TextField(AnswerField, answer, Field.Store.NO),
                    new TextField(ExamplesField, asked, Field.Store.NO),
                });

                keyTerms[i] = new HashSet<string>(Analyzer.Terms(title, TitleField).Concat(Analyzer.Terms(aliases, AliasesField)), StringComparer.Ordinal);
                answerTerms[i] = new HashSet<string>(Analyzer.Terms(answer, AnswerField), StringComparer.Ordinal);
                exampleTerms[i] = new HashSet<string>(Analyzer.Terms(asked, ExamplesField), StringComparer.Ordinal);
                foreach (var t in keyTerms[i].Union(answerTerms[i]).Union(exampleTerms[i]))
                {
                    documentFrequency[t] = documentFrequency.GetValueOrDefault(t) + 1;
                }

                foreach (var t in keyTerms[i])
                {
                    keyFrequency[t] = keyFrequency.GetValueOrDefault(t) + 1;
                }
            }

            writer.Commit();
        }

        foreach (var entry in knowledgeBase.Entries)
        {
            var text = string.Join("\n", entry.Title.En, string.Join("\n", entry.Aliases.All), entry.Answer.En);
            foreach (var word in LatinWords(text))
            {
                if (!surfaceVocabulary.ContainsKey(word) && Analyzer.Terms(word) is [var stem] && documentFrequency.ContainsKey(stem))
                {
                    surfaceVocabulary[word] = stem;
                }
            }
        }

        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        EntryIndexByDoc = new int[reader.MaxDoc];
        var position = knowledgeBase.Entries.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        for (int doc = 0; doc < reader.MaxDoc; doc++)
        {
            EntryIndexByDoc[doc] = position[reader.Document(doc).Get(IdField)];
        }
    }

    public FaqKnowledgeBase KnowledgeBase { get; }

    public FaqAnalyzer Analyzer { get; }

    private int[] EntryIndexByDoc { get; }

    /// <summary>
    /// Scores every entry for the analyzed question terms. Terms unknown to the index are replaced by the closest
    /// indexed term within a small edit distance (typo correction); the corrected term is weighted down.
    /// Returns BM25 scores per entry position (0 when nothing matched) and the term list actually searched.
    /// </summary>
    public LexicalResult Search(string question)
    {
        var questionTerms = Analyzer.Terms(question);
        var surfaceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in LatinWords(question))
        {
            if (Analyzer.Terms(word) is [var stem])
            {
                surfaceOf.TryAdd(stem, word);
            }
        }

        var weighted = new List<(string Raw, string Term, float Weight)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in questionTerms)
        {
            if (weighted.Count >= options.MaxQueryTerms)
            {
                break;
            }

            if (!seen.Add(raw))
            {
                continue;
            }

            if (documentFrequency.ContainsKey(raw))
            {
                weighted.Add((raw, raw, 1f));
            }
            else if (surfaceOf.TryGetValue(raw, out var surface) && Correct(surface) is { } corrected && seen.Add(corrected))
            {
                weighted.Add((raw, corrected, options.CorrectedTermWeight));
            }
            else
            {
                // Unknown and uncorrectable: it still counts against coverage, so off-topic words lower confidence.
                weighted.Add((raw, raw, 0f));
            }
        }

        var scores = new float[KnowledgeBase.Entries.Count];
        // One dis-max per term: a term scores by its best field plus a small share of the others, so a common word
        // that happens to sit in all three fields cannot outweigh a rare, specific one.
        var query = new BooleanQuery();
        foreach (var (_, term, weight) in weighted.Where(w => w.Weight > 0))
        {
            var perTerm = new DisjunctionMaxQuery(options.FieldTieBreaker) { Boost = weight };
            AddField(perTerm, TitleField, term, options.TitleBoost);
            AddField(perTerm, AliasesField, term, options.AliasesBoost);
            AddField(perTerm, AnswerField, term, options.AnswerBoost);
            AddField(perTerm, ExamplesField, term, options.ExamplesBoost);
            query.Add(perTerm, Occur.SHOULD);
        }

        if (query.Clauses.Count > 0)
        {
            var top = searcher.Search(query, KnowledgeBase.Entries.Count);
            foreach (var hit in top.ScoreDocs)
            {
                scores[EntryIndexByDoc[hit.Doc]] = hit.Score;
            }
        }

        var coverage = new float[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            coverage[i] = scores[i] > 0 ? (float)Coverage(question, weighted, i) : 0f;
        }

        var keyEvidence = new float[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            keyEvidence[i] = scores[i] > 0 ? (float)KeyEvidence(weighted, i) : 0f;
        }

        var display = weighted.Select(w => w.Weight == 0 ? w.Raw + "?" : w.Raw == w.Term ? w.Raw : w.Raw + "→" + w.Term).ToList();

        return new LexicalResult(scores, coverage, display) { KeyEvidence = keyEvidence };
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        Analyzer.Dispose();
    }

    /// <summary>
    /// How much of the question entry <paramref name="i"/> accounts for, in [0, 1]. Han text is counted per
    /// character (a character is covered when a bigram containing it matched), because bigrams that straddle two
    /// words ("型到" in "大模型到底") are noise, not unknown words; function characters (的, 么, 吗…) are left out
    /// unless covered. Latin text is counted per term. Matches in the title or keywords count fully, matches only in
    /// the answer count <see cref="AnswerOnlyCredit"/>, since answers hold incidental words.
    /// </summary>
    private double Coverage(string question, List<(string Raw, string Term, float Weight)> searched, int i)
    {
        double Credit(string term) => keyTerms[i].Contains(term) ? 1.0 : answerTerms[i].Contains(term) ? AnswerOnlyCredit : exampleTerms[i].Contains(term) ? options.ExampleCredit : 0;

        double covered = 0, total = 0;
        foreach (var (raw, term, weight) in searched.Where(w => !IsHan(w.Raw[0])))
        {
            total += 1;
            covered += weight * Credit(term);
        }

        var hanBigrams = searched.Where(w => IsHan(w.Raw[0]) && w.Weight > 0).Select(w => w.Term).ToHashSet(StringComparer.Ordinal);

        // Characters: best credit of any matched bigram that contains them. Isolated characters are skipped.
        var chars = question.Where(IsHan).ToArray();
        var charCredit = new double[chars.Length];
        for (int k = 0; k + 1 < chars.Length; k++)
        {
            var bigram = new string([chars[k], chars[k + 1]]);
            double c = hanBigrams.Contains(bigram) ? Credit(bigram) : 0;
            charCredit[k] = Math.Max(charCredit[k], c);
            charCredit[k + 1] = Math.Max(charCredit[k + 1], c);
        }

        for (int k = 0; k < chars.Length; k++)
        {
            if (charCredit[k] > 0 || !FunctionCharacters.Contains(chars[k]))
            {
                total += HanCharacterUnit;
                covered += HanCharacterUnit * charCredit[k];
            }
        }

        return total == 0 ? 0 : covered / total;
    }

    /// <summary>
    /// How specifically the question names entry <paramref name="i"/>'s topic: the summed rarity, ln(N / entries
    /// with the term as a key term), of the question terms found in the entry's title or keywords. Independent of the
    /// question's length, so a long scenario around one precise keyword ("loss", "NaN") keeps its evidence.
    /// </summary>
    private double KeyEvidence(List<(string Raw, string Term, float Weight)> searched, int i)
    {
        double n = KnowledgeBase.Entries.Count, sum = 0;
        foreach (var (_, term, weight) in searched)
        {
            if (weight > 0 && keyTerms[i].Contains(term))
            {
                sum += weight * Math.Log(n / keyFrequency[term]);
            }
        }

        return sum;
    }

    // Roughly two Chinese characters carry what one English word does.
    private const double HanCharacterUnit = 0.5;
    private const double AnswerOnlyCredit = 0.6;

    // Grammatical and question-forming characters of everyday Chinese; they say nothing about the topic.
    private static readonly HashSet<char> FunctionCharacters =
    [
        .. "的了吗呢啊吧呀嘛哦么什怎啥哪谁是个有在和与跟及或把被就都也还又很太要会能可想让给这那我你他她它们一不没才到底得地着过些点如比为对干拿老非用做上下里多少几样应该请问何其但而所以办呗咋吗哈",
    ];

    private static bool IsHan(char c) => Jobs.LanguageDetector.IsCjk(c);

    private static void AddField(DisjunctionMaxQuery query, string field, string term, float boost)
    {
        if (boost > 0)
        {
            query.Add(new TermQuery(new Term(field, term)) { Boost = boost });
        }
    }

    /// <summary>
    /// The indexed term for the knowledge-base word closest to a misspelled question word, or null. Words of 5+
    /// letters are corrected within 1 edit (2 for 8+ letters; a transposition counts as one). Words of up to 6
    /// letters are only corrected to words at least as long, since dropped letters are the common typo and
    /// shortening a short word mostly lands on a different word ("movie" is not "move"). Chinese needs no
    /// correction: a wrong character spoils only the two bigrams that contain it.
    /// </summary>
    private string? Correct(string word)
    {
        if (word.Length < 5)
        {
            return null;
        }

        int maxEdits = word.Length >= 8 ? 2 : 1;
        string? best = null;
        int bestDistance = int.MaxValue, bestDf = 0;
        foreach (var (candidate, stem) in surfaceVocabulary)
        {
            if (Math.Abs(candidate.Length - word.Length) > maxEdits || (word.Length <= 6 && candidate.Length < word.Length))
            {
                continue;
            }

            int d = EditDistance.Bounded(word, candidate, maxEdits);
            int df = documentFrequency.GetValueOrDefault(stem);
            if (d <= maxEdits && (d < bestDistance || (d == bestDistance && df > bestDf)))
            {
                (best, bestDistance, bestDf) = (stem, d, df);
            }
        }

        return best;
    }

    private static IEnumerable<string> LatinWords(string text) =>
        LatinWordPattern().Matches(text).Select(m => m.Value.ToLowerInvariant());

    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z]{2,}")]
    private static partial System.Text.RegularExpressions.Regex LatinWordPattern();
}

internal sealed record LexicalResult(float[] Scores, float[] Coverage, IReadOnlyList<string> Terms)
{
    /// <summary>Per entry: see <see cref="FaqSearchIndex"/>'s KeyEvidence.</summary>
    public float[] KeyEvidence { get; init; } = [];
}

internal static class EditDistance
{
    /// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), capped at max + 1.</summary>
    public static int Bounded(string a, string b, int max)
    {
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            (prev2, prev, cur) = (prev, cur, prev2);
        }

        return Math.Min(prev[b.Length], max + 1);
    }
}
