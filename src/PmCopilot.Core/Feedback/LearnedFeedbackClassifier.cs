using CsvHelper;

namespace PmCopilot.Core.Feedback;

/// <summary>One hand-labelled feedback item, from one product domain.</summary>
internal sealed record LabelledFeedback(string Domain, string Id, string Text, FeedbackCategory Category, SentimentLabel Sentiment);

/// <summary>
/// Category and sentiment learned from the labelled feedback shipped in <c>Feedback/Data/Labelled</c> (several product
/// domains, English and Chinese): two multinomial logistic regressions over the words, ideograph pairs and emoji of an
/// item plus what the rules of <see cref="FeedbackClassifier"/> found in it. The rules alone carried over poorly to
/// domains whose phrasing they had not seen; the learned weights decide how far to trust each rule cue next to the
/// words around it. Trained on first use (a few hundred items: well under a second), deterministically.
/// </summary>
internal sealed class LearnedFeedbackClassifier
{
    private const int Epochs = 40, MinimumItemsPerFeature = 2;
    private const float Regularization = 1e-3f, RuleFeatureScale = 1.5f;

    /// <summary>The shipped training data: file → product domain (a domain is left out whole when evaluating).</summary>
    internal static readonly IReadOnlyList<(string File, string Domain)> TrainingFiles =
    [
        ("labeled-dev.csv", "note-taking app"),
        ("labeled-holdout.csv", "food delivery"),
        ("blind-b2b-dev.csv", "b2b collaboration saas"),
        ("blind-b2b-heldout.csv", "b2b collaboration saas"),
        ("blind-fintech-dev.csv", "consumer banking"),
        ("blind-fintech-heldout.csv", "consumer banking"),
        ("blind-fitness-dev.csv", "fitness app and watch"),
        ("blind-fitness-heldout.csv", "fitness app and watch"),
        ("blind-marketplace.csv", "second-hand marketplace"),
        ("blind-learning.csv", "language-learning app"),
    ];

    private static readonly FeedbackCategory[] CategoryClasses = Enum.GetValues<FeedbackCategory>();
    private static readonly SentimentLabel[] SentimentClasses = Enum.GetValues<SentimentLabel>();
    private static readonly Lazy<LearnedFeedbackClassifier> ShippedModel = new(() => Train(LoadShippedExamples()));

    // Rule features: the five rule scores, the rule's decision (6), text sentiment split into its two signs.
    private const int RuleFeatures = 5 + 6 + 2;

    private readonly Dictionary<string, int> vocabulary;
    private readonly float[][] categoryWeights;
    private readonly float[][] sentimentWeights;

    private LearnedFeedbackClassifier(Dictionary<string, int> vocabulary, float[][] categoryWeights, float[][] sentimentWeights)
    {
        this.vocabulary = vocabulary;
        this.categoryWeights = categoryWeights;
        this.sentimentWeights = sentimentWeights;
    }

    /// <summary>The classifier trained on every shipped labelled item.</summary>
    public static LearnedFeedbackClassifier Shipped => ShippedModel.Value;

    /// <summary>Category, label probabilities and a −1…1 sentiment (P(positive) − P(negative)) for one tokenized item.</summary>
    public (FeedbackCategory Category, SentimentLabel Label, double Sentiment) Predict(List<FeedbackToken> tokens, in Classification rules)
    {
        var x = Vectorize(tokens, rules, vocabulary);
        var category = Softmax(categoryWeights, x);
        var sentiment = Softmax(sentimentWeights, x);
        int bestCategory = ArgMax(category), bestSentiment = ArgMax(sentiment);
        double score = sentiment[(int)SentimentLabel.Positive] - sentiment[(int)SentimentLabel.Negative];
        return (CategoryClasses[bestCategory], SentimentClasses[bestSentiment], score);
    }

    public static LearnedFeedbackClassifier Train(IReadOnlyList<LabelledFeedback> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var tokenized = examples.Select(e => FeedbackTokenizer.Tokenize(FeedbackText.Clean(e.Text))).ToList();
        var rules = tokenized.Select(t => FeedbackClassifier.Classify(t, null, RatingScale.None)).ToList();

        // A feature seen in one item only is that item's, not the domain's: it would be learned by heart.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var tokens in tokenized)
        {
            foreach (var feature in SparseFeatures(tokens).Distinct())
            {
                counts[feature] = counts.GetValueOrDefault(feature) + 1;
            }
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (feature, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (count >= MinimumItemsPerFeature)
            {
                vocabulary[feature] = RuleFeatures + 1 + vocabulary.Count;
            }
        }

        var vectors = tokenized.Select((t, i) => Vectorize(t, rules[i], vocabulary)).ToList();
        int width = vocabulary.Count + RuleFeatures + 1;
        var categoryWeights = Fit(vectors, examples.Select(e => (int)e.Category).ToList(), CategoryClasses.Length, width);
        var sentimentWeights = Fit(vectors, examples.Select(e => (int)e.Sentiment).ToList(), SentimentClasses.Length, width);
        return new LearnedFeedbackClassifier(vocabulary, categoryWeights, sentimentWeights);
    }

    /// <summary>The labelled items shipped with the assembly, each with its product domain.</summary>
    internal static List<LabelledFeedback> LoadShippedExamples(Func<string, bool>? includeDomain = null)
    {
        var assembly = typeof(LearnedFeedbackClassifier).Assembly;
        var examples = new List<LabelledFeedback>();
        foreach (var (file, domain) in TrainingFiles)
        {
            if (includeDomain is not null && !includeDomain(domain))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream("PmCopilot.Core.Feedback.Data.Labelled." + file)
                ?? throw new InvalidOperationException($"The labelled feedback '{file}' is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            examples.AddRange(ParseLabelled(reader.ReadToEnd(), domain));
        }

        return examples;
    }

    /// <summary>Reads a labelled CSV (id, lang, category, sentiment, theme, text).</summary>
    internal static IEnumerable<LabelledFeedback> ParseLabelled(string csv, string domain)
    {
        var options = new CsvReaderOptions { HasHeader = true, AllowLineBreaksInQuotes = true, SkipEmptyLines = true };
        var rows = new List<string[]>();
        using (var reader = CsvReader.FromText(csv, options))
        {
            while (reader.Read())
            {
                rows.Add(reader.Current.ToArray());
            }
        }

        foreach (var row in rows)
        {
            yield return new LabelledFeedback(domain, row[0], row[5], ParseCategory(row[2]), Enum.Parse<SentimentLabel>(row[3], ignoreCase: true));
        }
    }

    internal static FeedbackCategory ParseCategory(string label) => label switch
    {
        "bug" => FeedbackCategory.Bug,
        "feature_request" => FeedbackCategory.FeatureRequest,
        "praise" => FeedbackCategory.Praise,
        "complaint" => FeedbackCategory.Complaint,
        "question" => FeedbackCategory.Question,
        "other" => FeedbackCategory.Other,
        _ => throw new FormatException($"Unknown feedback category '{label}'."),
    };

    /// <summary>Words, word pairs, ideographs and ideograph pairs, emoji, and the question and exclamation marks.</summary>
    private static IEnumerable<string> SparseFeatures(List<FeedbackToken> tokens)
    {
        FeedbackToken? previous = null;
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Word:
                    yield return "w:" + token.Text;
                    if (previous is { Kind: TokenKind.Word } p)
                    {
                        yield return "ww:" + p.Text + " " + token.Text;
                    }

                    break;
                case TokenKind.Number:
                    yield return "n";
                    break;
                case TokenKind.Cjk:
                    yield return "c:" + token.Text;
                    if (previous is { Kind: TokenKind.Cjk } q)
                    {
                        yield return "cc:" + q.Text + token.Text;
                    }

                    break;
                case TokenKind.Emoji:
                    yield return "e:" + token.Text;
                    break;
                case TokenKind.Boundary when token.Text is "?" or "!":
                    yield return "p:" + token.Text;
                    break;
            }

            previous = token;
        }
    }

    /// <summary>A sparse vector: index 0 is the bias, then the rule features, then the present sparse features (L2-normalised).</summary>
    private static (int Index, float Value)[] Vectorize(List<FeedbackToken> tokens, in Classification rules, Dictionary<string, int> vocabulary)
    {
        var present = new SortedSet<int>();
        foreach (var feature in SparseFeatures(tokens))
        {
            if (vocabulary.TryGetValue(feature, out int index))
            {
                present.Add(index);
            }
        }

        var vector = new List<(int, float)>(present.Count + RuleFeatures + 1) { (0, 1f) };
        for (int c = 0; c < 5; c++)
        {
            float s = rules.CategoryScores[c];
            vector.Add((1 + c, RuleFeatureScale * s / (1 + s)));
        }

        vector.Add((1 + 5 + (int)rules.Category, RuleFeatureScale));
        vector.Add((1 + 11, RuleFeatureScale * (float)Math.Max(0, rules.TextSentiment)));
        vector.Add((1 + 12, RuleFeatureScale * (float)Math.Max(0, -rules.TextSentiment)));

        float norm = present.Count == 0 ? 0 : 1f / MathF.Sqrt(present.Count);
        foreach (int index in present)
        {
            vector.Add((index, norm));
        }

        return [.. vector];
    }

    /// <summary>Multinomial logistic regression by stochastic gradient descent with L2 decay, in a fixed order (deterministic).</summary>
    private static float[][] Fit(List<(int Index, float Value)[]> vectors, List<int> labels, int classes, int width)
    {
        var weights = new float[classes][];
        for (int k = 0; k < classes; k++)
        {
            weights[k] = new float[width];
        }

        var order = Enumerable.Range(0, vectors.Count).ToArray();
        var random = new Random(20261208);
        var probabilities = new float[classes];
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            random.Shuffle(order);
            float rate = 0.5f / (1 + 0.1f * epoch);
            foreach (int i in order)
            {
                var x = vectors[i];
                Scores(weights, x, probabilities);
                SoftmaxInPlace(probabilities);
                for (int k = 0; k < classes; k++)
                {
                    float gradient = probabilities[k] - (labels[i] == k ? 1 : 0);
                    var w = weights[k];
                    foreach (var (index, value) in x)
                    {
                        w[index] -= rate * (gradient * value + Regularization * w[index]);
                    }
                }
            }
        }

        return weights;
    }

    private static float[] Softmax(float[][] weights, (int Index, float Value)[] x)
    {
        var p = new float[weights.Length];
        Scores(weights, x, p);
        SoftmaxInPlace(p);
        return p;
    }

    private static void Scores(float[][] weights, (int Index, float Value)[] x, float[] scores)
    {
        for (int k = 0; k < weights.Length; k++)
        {
            float s = 0;
            var w = weights[k];
            foreach (var (index, value) in x)
            {
                s += w[index] * value;
            }

            scores[k] = s;
        }
    }

    private static void SoftmaxInPlace(float[] scores)
    {
        float max = scores.Max(), sum = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = MathF.Exp(scores[k] - max);
            sum += scores[k];
        }

        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] /= sum;
        }
    }

    private static int ArgMax(float[] values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            if (values[k] > values[best])
            {
                best = k;
            }
        }

        return best;
    }
}
