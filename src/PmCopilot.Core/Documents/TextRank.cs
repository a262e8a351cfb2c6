using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>
/// TextRank over sentences (Mihalcea &amp; Tarau 2004): sentences are nodes, edges weigh word overlap normalised by
/// sentence length, PageRank scores centrality. Words are lower-cased English tokens without stop words, and
/// character bigrams for Chinese, so one graph handles both languages.
/// </summary>
public static class TextRank
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "of", "to", "in", "on", "for", "with", "by", "at", "from", "as",
        "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "we", "our",
        "you", "your", "they", "their", "he", "she", "his", "her", "i", "me", "my", "not", "no", "so", "than", "too",
        "very", "can", "will", "would", "should", "could", "may", "might", "must", "do", "does", "did", "has", "have",
        "had", "which", "who", "whom", "what", "when", "where", "why", "how", "all", "any", "each", "more", "most",
        "other", "some", "such", "only", "own", "same", "also", "into", "about", "over", "after", "before", "there",
        "here", "up", "down", "out", "just", "one", "per", "via", "while", "because", "both", "between", "through",
    };

    public static HashSet<string> Tokens(string sentence)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var word = new System.Text.StringBuilder();
        char? previousCjk = null;

        void FlushWord()
        {
            if (word.Length >= 2)
            {
                var w = word.ToString().ToLowerInvariant();
                if (!StopWords.Contains(w))
                {
                    tokens.Add(w.Length > 4 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w);
                }
            }

            word.Clear();
        }

        foreach (var c in sentence)
        {
            if (LanguageDetector.IsCjk(c))
            {
                FlushWord();
                if (previousCjk is { } p)
                {
                    tokens.Add(string.Concat(p, c));
                }

                previousCjk = c;
            }
            else
            {
                previousCjk = null;
                if (char.IsLetterOrDigit(c))
                {
                    word.Append(c);
                }
                else
                {
                    FlushWord();
                }
            }
        }

        FlushWord();
        return tokens;
    }

    public static double Similarity(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count < 2 || b.Count < 2)
        {
            return 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var overlap = small.Count(large.Contains);
        return overlap == 0 ? 0 : overlap / (Math.Log(a.Count) + Math.Log(b.Count));
    }

    /// <summary>Centrality scores (mean 1) for each token set; isolated sentences get the teleport share only.</summary>
    public static double[] Rank(IReadOnlyList<HashSet<string>> sentences, int iterations = 40, double damping = 0.85)
    {
        var n = sentences.Count;
        if (n == 0)
        {
            return [];
        }

        var weights = new double[n][];
        var outSum = new double[n];
        for (var i = 0; i < n; i++)
        {
            weights[i] = new double[n];
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var w = Similarity(sentences[i], sentences[j]);
                weights[i][j] = w;
                weights[j][i] = w;
                outSum[i] += w;
                outSum[j] += w;
            }
        }

        var score = Enumerable.Repeat(1.0, n).ToArray();
        var next = new double[n];
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var delta = 0.0;
            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (weights[j][i] > 0)
                    {
                        sum += weights[j][i] / outSum[j] * score[j];
                    }
                }

                next[i] = (1 - damping) + damping * sum;
                delta += Math.Abs(next[i] - score[i]);
            }

            (score, next) = (next, score);
            if (delta < 1e-6 * n)
            {
                break;
            }
        }

        return score;
    }
}
