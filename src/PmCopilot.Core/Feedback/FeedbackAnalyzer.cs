using Microsoft.Extensions.AI;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>
/// The feedback job. With no model it loads, cleans, de-duplicates, classifies, scores sentiment and groups items
/// into themes with verified quotes, trends and actions, all deterministically. With a model it also lets the model
/// name the themes and write a summary from that computed evidence only, and checks what it wrote.
/// </summary>
public static class FeedbackAnalyzer
{
    private const int MaxVocabulary = 6000, ProgressEvery = 10000;
    private const float MinimumThemeFit = 0.15f;
    private const int MinimumScriptItems = 10;

    public static async Task<FeedbackReport> AnalyzeAsync(FeedbackRequest request, IChatClient? chat = null, IJobObserver? observer = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        observer ??= NullJobObserver.Instance;
        if (request.MaxThemes < 1 || request.MaxThemes > 50)
        {
            throw new JobInputException($"MaxThemes must be between 1 and 50 (got {request.MaxThemes}).");
        }

        observer.OnProgress(new JobProgress("load", Message: request.Path ?? "text"));
        var loaded = await FeedbackLoader.LoadAsync(request, ct).ConfigureAwait(false);
        var items = loaded.Items;
        if (items.Count == 0)
        {
            throw new JobInputException("The input has no feedback items (every row or line is empty).");
        }

        observer.OnProgress(new JobProgress("load", items.Count, items.Count, $"{items.Count} items ({loaded.Format}, {loaded.Encoding})"));
        var report = Analyze(loaded, request, observer, ct);

        if (chat is not null)
        {
            observer.OnProgress(new JobProgress("summarize", Message: "writing the summary from the computed evidence"));
            await FeedbackSummaryWriter.WriteAsync(report, chat, observer, ct, request: request).ConfigureAwait(false);
        }

        observer.OnProgress(new JobProgress("done", report.AnalyzedItems, report.AnalyzedItems));
        return report;
    }

    private static FeedbackReport Analyze(FeedbackLoadResult loaded, FeedbackRequest request, IJobObserver observer, CancellationToken ct)
    {
        var items = loaded.Items;
        int n = items.Count;
        var scale = FeedbackClassifier.ScaleOf(items.Where(i => i.Rating is not null).Select(i => i.Rating!.Value));

        // Per item, in parallel: clean, tokenize, detect language, classify, extract theme features.
        observer.OnProgress(new JobProgress("classify", 0, n, "cleaning, language, category, sentiment"));
        var learned = request.RulesOnly ? null : request.Classifier ?? LearnedFeedbackClassifier.Shipped;
        var features = new List<(string Term, float Weight)>[n];
        var keys = new string[n];
        int done = 0;
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var item = items[i];
            item.CleanText = FeedbackText.Clean(item.Text);
            item.Language = FeedbackText.Language(item.CleanText);
            var tokens = FeedbackTokenizer.Tokenize(item.CleanText);
            var result = FeedbackClassifier.Classify(tokens, item.Rating, scale);
            var (category, label, sentiment) = learned is null ? (result.Category, result.Label, result.Sentiment) : Learned(learned, tokens, result, item.Rating, scale);
            item.Category = category;
            item.Sentiment = Math.Round(sentiment, 4);
            item.SentimentLabel = label;
            features[i] = ThemeFeatures.Extract(tokens);
            keys[i] = FeedbackText.DuplicateKey(item.CleanText);
            int now = Interlocked.Increment(ref done);
            if (now % ProgressEvery == 0)
            {
                observer.OnProgress(new JobProgress("classify", now, n));
            }
        });
        observer.OnProgress(new JobProgress("classify", n, n));

        int exact = 0, near = 0;
        if (request.Deduplicate)
        {
            observer.OnProgress(new JobProgress("dedupe", Message: "finding exact and near duplicates"));
            (var duplicateOf, exact, near) = DuplicateFinder.Find(keys, ct);
            for (int i = 0; i < n; i++)
            {
                if (duplicateOf[i] >= 0)
                {
                    items[i].DuplicateOf = items[duplicateOf[i]].Id;
                    items[duplicateOf[i]].DuplicateCount++;
                }
            }
        }

        var unique = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            if (items[i].DuplicateOf is null)
            {
                unique.Add(i);
            }
        }

        observer.OnProgress(new JobProgress("themes", Message: $"grouping {unique.Count} items"));
        var (themes, vocabulary) = BuildThemes(items, unique, features, request, ct);
        observer.OnProgress(new JobProgress("themes", unique.Count, unique.Count, $"{themes.Count} themes"));

        var uniqueItems = unique.Select(i => items[i]).ToList();
        var language = request.Language != AnswerLanguage.Auto
            ? request.Language
            : uniqueItems.Count(i => i.Language == AnswerLanguage.Zh) * 2 > uniqueItems.Count ? AnswerLanguage.Zh : AnswerLanguage.En;
        var dates = uniqueItems.Where(i => i.Date is not null).Select(i => i.Date!.Value).ToList();

        var report = new FeedbackReport
        {
            Source = request.Path is null ? "text" : System.IO.Path.GetFileName(request.Path),
            Format = loaded.Format,
            Encoding = loaded.Encoding,
            Columns = loaded.Columns,
            Language = language,
            TotalItems = n,
            AnalyzedItems = unique.Count,
            ExactDuplicates = exact,
            NearDuplicates = near,
            MalformedRows = loaded.MalformedRows,
            EmptyRows = loaded.EmptyRows,
            Languages = new Dictionary<string, int>
            {
                ["en"] = uniqueItems.Count(i => i.Language == AnswerLanguage.En),
                ["zh"] = uniqueItems.Count(i => i.Language == AnswerLanguage.Zh),
            },
            Categories = CountCategories(uniqueItems),
            Sentiment = CountSentiment(uniqueItems),
            FirstDate = dates.Count > 0 ? dates.Min() : null,
            LastDate = dates.Count > 0 ? dates.Max() : null,
            Items = items,
        };

        return Describe(report, themes, vocabulary, uniqueItems, language == AnswerLanguage.Zh, request.QuotesPerTheme);
    }

    private sealed record Cluster(List<(FeedbackItem Item, float Fit)> Members, int[] TermDf, bool General);

    private sealed record ThemeVocabulary(string[] Terms, int[] Df, bool[] Generic, int Total);

    private static bool IsChineseTerm(string term) => term.Length > 0 && LanguageDetector.IsCjk(term[0]);

    /// <summary>The learned classifier's verdict; a rating, when the item has one, anchors sentiment as it does for the rules.</summary>
    private static (FeedbackCategory, SentimentLabel, double) Learned(LearnedFeedbackClassifier learned, List<FeedbackToken> tokens, in Classification rules, double? rating, RatingScale scale)
    {
        var (category, label, sentiment) = learned.Predict(tokens, rules);
        if (FeedbackClassifier.NormalizeRating(rating, scale) is not double fromRating)
        {
            return (category, label, sentiment);
        }

        double combined = 0.5 * sentiment + 0.5 * fromRating;
        return (category, combined >= 0.2 ? SentimentLabel.Positive : combined <= -0.2 ? SentimentLabel.Negative : SentimentLabel.Neutral, combined);
    }

    private static (List<Cluster> Clusters, ThemeVocabulary Vocabulary) BuildThemes(IReadOnlyList<FeedbackItem> items, List<int> unique, List<(string Term, float Weight)>[] features, FeedbackRequest request, CancellationToken ct)
    {
        // Vocabulary: terms in at least two items (or 0.05% of them) and in at most 40% (named topics: any share); the most
        // frequent MaxVocabulary.
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        var generic = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int chineseItems = 0, latinItems = 0;
        foreach (var i in unique)
        {
            seen.Clear();
            bool chinese = false, latin = false;
            foreach (var (term, weight) in features[i])
            {
                if (seen.Add(term))
                {
                    df[term] = df.GetValueOrDefault(term) + 1;
                    if (weight < 1)
                    {
                        generic.Add(term);
                    }

                    chinese |= IsChineseTerm(term);
                    latin |= !IsChineseTerm(term) && !ThemeConcepts.IsConcept(term);
                }
            }

            chineseItems += chinese ? 1 : 0;
            latinItems += latin ? 1 : 0;
        }

        int total = unique.Count;
        int minDf = Math.Max(2, total / 2000);

        // How common a word is counts among the items written in its script: in a file of English and Chinese feedback
        // about one product, a Chinese word in most Chinese items ("学习" in a learning app's) says as little as an
        // English word in most items, and would otherwise pull every Chinese item into one theme.
        // A handful of items in the other script is too few to judge a word's share by: they count against the whole file.
        int Population(string term)
        {
            int script = ThemeConcepts.IsConcept(term) ? total : IsChineseTerm(term) ? chineseItems : latinItems;
            return script >= MinimumScriptItems ? script : total;
        }

        // The 40% cap drops words too common to tell themes apart; a named topic (a concept: crash, login, pricing…) stays
        // whatever its share, or the main topic of a small file — three crash reports among six items — would vanish.
        var vocabulary = df.Where(kv => kv.Value >= minDf && (kv.Value <= Math.Max(2, Population(kv.Key) * 0.4) || ThemeConcepts.IsConcept(kv.Key)))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(MaxVocabulary).Select(kv => kv.Key).ToArray();
        var termIds = vocabulary.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var idf = vocabulary.Select(t => (float)Math.Log((1.0 + Population(t)) / (1.0 + df[t])) + 1f).ToArray();
        var vocabularyDf = vocabulary.Select(t => df[t]).ToArray();
        var isGeneric = vocabulary.Select(generic.Contains).ToArray();

        var vectors = new SparseVector?[unique.Count];
        Parallel.For(0, unique.Count, new ParallelOptions { CancellationToken = ct }, u =>
        {
            var tf = new Dictionary<int, float>();
            foreach (var (term, weight) in features[unique[u]])
            {
                if (termIds.TryGetValue(term, out int id))
                {
                    tf[id] = tf.GetValueOrDefault(id) + weight;
                }
            }

            if (tf.Count == 0)
            {
                return;
            }

            var ids = tf.Keys.Order().ToArray();
            var values = ids.Select(id => (float)(1 + Math.Log(tf[id])) * idf[id]).ToArray();
            float norm = (float)Math.Sqrt(values.Sum(v => v * v));
            if (norm <= 0)
            {
                return;
            }

            for (int v = 0; v < values.Length; v++)
            {
                values[v] /= norm;
            }

            vectors[u] = new SparseVector(ids, values);
        });

        var topical = new List<int>();
        var general = new List<(FeedbackItem, float)>();
        for (int u = 0; u < unique.Count; u++)
        {
            if (vectors[u] is null)
            {
                general.Add((items[unique[u]], 0f));
            }
            else
            {
                topical.Add(u);
            }
        }

        var result = ThemeClusterer.Cluster(topical.Select(u => vectors[u]!).ToList(), vocabulary.Length, request.MaxThemes, ct);
        var clusters = new List<Cluster>();
        for (int c = 0; c < result.K; c++)
        {
            clusters.Add(new Cluster([], new int[vocabulary.Length], false));
        }

        for (int t = 0; t < topical.Count; t++)
        {
            // An item that hardly resembles its theme's centre shares little with any theme: k-means must put it
            // somewhere, and such items made one diffuse catch-all theme whose label and quotes describe none of them.
            if (result.Similarity[t] < MinimumThemeFit)
            {
                general.Add((items[unique[topical[t]]], result.Similarity[t]));
                continue;
            }

            var cluster = clusters[result.Assignment[t]];
            var vector = vectors[topical[t]]!;
            cluster.Members.Add((items[unique[topical[t]]], result.Similarity[t]));
            foreach (var id in vector.Ids)
            {
                cluster.TermDf[id]++;
            }
        }

        // Clusters too small to be a theme join the general bucket rather than crowd the list.
        int minimumSize = Math.Max(2, total / 200);
        foreach (var small in clusters.Where(c => c.Members.Count < minimumSize).ToList())
        {
            general.AddRange(small.Members);
            clusters.Remove(small);
        }

        clusters.Sort((a, b) => b.Members.Count.CompareTo(a.Members.Count));
        if (general.Count > 0)
        {
            clusters.Add(new Cluster(general, new int[vocabulary.Length], true));
        }

        return (clusters, new ThemeVocabulary(vocabulary, vocabularyDf, isGeneric, total));
    }

    private static FeedbackReport Describe(FeedbackReport report, List<Cluster> clusters, ThemeVocabulary vocabulary, List<FeedbackItem> uniqueItems, bool zh, int quotesPerTheme)
    {
        var (terms, df, generic, total) = vocabulary;
        var dated = uniqueItems.Where(i => i.Date is not null).ToList();
        string? granularity = null;
        List<string> periods = [];
        if (dated.Count * 2 >= uniqueItems.Count && dated.Count >= 6)
        {
            var first = dated.Min(i => i.Date!.Value);
            var last = dated.Max(i => i.Date!.Value);
            double days = (last - first).TotalDays;
            if (days >= 14)
            {
                granularity = days <= 120 ? "week" : "month";
                periods = ThemeDescriber.Periods(first, last, granularity);
            }
        }

        var themes = new List<FeedbackTheme>();
        int id = 0;
        foreach (var cluster in clusters)
        {
            id++;
            var members = cluster.Members.Select(m => m.Item).ToList();
            foreach (var member in members)
            {
                member.ThemeId = id;
            }

            var categories = CountCategories(members);
            var dominant = Enum.GetValues<FeedbackCategory>()
                .OrderByDescending(c => categories[FeedbackReport.CategoryKey(c)])
                .ThenBy(c => c == FeedbackCategory.Other ? 1 : 0)
                .First();
            var label = cluster.General
                ? (zh ? "一般评价（无具体话题）" : "General comments (no specific topic)")
                : string.Join(" / ", ThemeDescriber.Terms(cluster.TermDf, members.Count, df, total, terms, generic, members, zh));
            var labelTerms = cluster.General ? [] : label.Split(" / ").ToList();
            if (!cluster.General && label.Length == 0)
            {
                label = zh ? $"主题 {id}" : $"Theme {id}";
            }

            var sentiment = CountSentiment(members);
            var trend = granularity is null ? null : ThemeDescriber.Trend(members, dated, granularity, periods);
            var quotes = ThemeDescriber.Quotes(cluster.Members, dominant, labelTerms, quotesPerTheme);
            themes.Add(new FeedbackTheme
            {
                Id = id,
                Label = label,
                Terms = labelTerms,
                Count = members.Count,
                Share = uniqueItems.Count == 0 ? 0 : Math.Round(members.Count / (double)uniqueItems.Count, 4),
                Mentions = members.Count + members.Sum(m => m.DuplicateCount),
                Sentiment = sentiment,
                Categories = categories,
                DominantCategory = dominant,
                Quotes = quotes,
                Trend = trend,
                SuggestedAction = ThemeDescriber.SuggestedAction(dominant, label, members.Count, sentiment, trend, zh),
                IsGeneral = cluster.General,
            });
        }

        return new FeedbackReport
        {
            Source = report.Source,
            Format = report.Format,
            Encoding = report.Encoding,
            Columns = report.Columns,
            Language = report.Language,
            TotalItems = report.TotalItems,
            AnalyzedItems = report.AnalyzedItems,
            ExactDuplicates = report.ExactDuplicates,
            NearDuplicates = report.NearDuplicates,
            MalformedRows = report.MalformedRows,
            EmptyRows = report.EmptyRows,
            Languages = report.Languages,
            Categories = report.Categories,
            Sentiment = report.Sentiment,
            FirstDate = report.FirstDate,
            LastDate = report.LastDate,
            Items = report.Items,
            Themes = themes,
        };
    }

    private static Dictionary<string, int> CountCategories(IEnumerable<FeedbackItem> items)
    {
        var counts = Enum.GetValues<FeedbackCategory>().ToDictionary(FeedbackReport.CategoryKey, _ => 0);
        foreach (var item in items)
        {
            counts[FeedbackReport.CategoryKey(item.Category)]++;
        }

        return counts;
    }

    private static SentimentCounts CountSentiment(IReadOnlyCollection<FeedbackItem> items) => new(
        items.Count(i => i.SentimentLabel == SentimentLabel.Positive),
        items.Count(i => i.SentimentLabel == SentimentLabel.Neutral),
        items.Count(i => i.SentimentLabel == SentimentLabel.Negative));
}
