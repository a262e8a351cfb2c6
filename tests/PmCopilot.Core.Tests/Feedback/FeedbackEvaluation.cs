using System.Globalization;
using System.Text;
using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// Scores the analyzer against a hand-labelled CSV (id, lang, category, sentiment, theme, text): category and
/// sentiment accuracy overall and per language, and theme purity (share of items whose theme's majority label is theirs).
/// Shared by the quality tests and the benchmark program's "eval" command.
/// </summary>
public sealed record FeedbackEvaluation(
    int Items,
    double CategoryAccuracy,
    double SentimentAccuracy,
    double ThemePurity,
    int Themes,
    IReadOnlyDictionary<string, (int Correct, int Total)> CategoryByLanguage,
    IReadOnlyDictionary<string, (int Correct, int Total)> SentimentByLanguage,
    IReadOnlyDictionary<string, (int Correct, int Total)> CategoryByLabel,
    IReadOnlyList<string> Mistakes,
    IReadOnlyList<string> ThemeMakeup)
{
    /// <summary>
    /// Scores one labelled file. By default with the shipped classifier, which was trained on the shipped labelled
    /// files: pass <paramref name="classifier"/> trained without the file's domain to measure a domain it has not
    /// seen, or <paramref name="rulesOnly"/> for the rules alone.
    /// </summary>
    internal static async Task<FeedbackEvaluation> RunAsync(string labelledCsv, int maxThemes = 8, LearnedFeedbackClassifier? classifier = null, bool rulesOnly = false)
    {
        var labels = ReadLabels(labelledCsv);
        // Duplicates are kept so that every labelled item is scored.
        var request = new FeedbackRequest(Path: labelledCsv, MaxThemes: maxThemes) { Deduplicate = false, Classifier = classifier, RulesOnly = rulesOnly };
        var report = await FeedbackAnalyzer.AnalyzeAsync(request);
        var byId = report.Items.ToDictionary(i => i.Id);

        int categoryCorrect = 0, sentimentCorrect = 0;
        var categoryByLanguage = new Dictionary<string, (int, int)>();
        var sentimentByLanguage = new Dictionary<string, (int, int)>();
        var categoryByLabel = new Dictionary<string, (int, int)>();
        var mistakes = new List<string>();
        foreach (var label in labels)
        {
            var item = byId[label.Id];
            var category = FeedbackReport.CategoryKey(item.Category);
            var sentiment = item.SentimentLabel.ToString().ToLowerInvariant();
            bool categoryOk = category == label.Category, sentimentOk = sentiment == label.Sentiment;
            categoryCorrect += categoryOk ? 1 : 0;
            sentimentCorrect += sentimentOk ? 1 : 0;
            Add(categoryByLanguage, label.Language, categoryOk);
            Add(sentimentByLanguage, label.Language, sentimentOk);
            Add(categoryByLabel, label.Category, categoryOk);
            if (!categoryOk || !sentimentOk)
            {
                mistakes.Add(string.Create(CultureInfo.InvariantCulture, $"{label.Id}: category {category} (want {label.Category}), sentiment {sentiment} {item.Sentiment:0.00} (want {label.Sentiment}) | {label.Text}"));
            }
        }

        // Purity over topical themes, counting the general bucket as one more cluster.
        int pure = 0;
        var makeup = new List<string>();
        foreach (var group in labels.GroupBy(l => byId[l.Id].ThemeId).OrderBy(g => g.Key))
        {
            pure += group.GroupBy(l => l.Theme).Max(g => g.Count());
            var theme = report.Themes.FirstOrDefault(t => t.Id == group.Key);
            makeup.Add($"{group.Key} [{theme?.Label}]: " + string.Join(", ", group.GroupBy(l => l.Theme).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        }

        return new FeedbackEvaluation(
            labels.Count,
            categoryCorrect / (double)labels.Count,
            sentimentCorrect / (double)labels.Count,
            pure / (double)labels.Count,
            report.Themes.Count,
            categoryByLanguage,
            sentimentByLanguage,
            categoryByLabel,
            mistakes,
            makeup);
    }

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"items {Items}: category {CategoryAccuracy:P1}, sentiment {SentimentAccuracy:P1}, theme purity {ThemePurity:P1} over {Themes} themes");
        foreach (var (language, (correct, total)) in CategoryByLanguage.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var (sc, st) = SentimentByLanguage[language];
            text.AppendLine(CultureInfo.InvariantCulture, $"  {language}: category {correct}/{total}, sentiment {sc}/{st}");
        }

        foreach (var (label, (correct, total)) in CategoryByLabel.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {label}: {correct}/{total}");
        }

        return text.ToString();
    }

    private static void Add(Dictionary<string, (int, int)> counts, string key, bool ok)
    {
        var (correct, total) = counts.GetValueOrDefault(key);
        counts[key] = (correct + (ok ? 1 : 0), total + 1);
    }

    private sealed record Label(string Id, string Language, string Category, string Sentiment, string Theme, string Text);

    private static List<Label> ReadLabels(string path)
    {
        var labels = new List<Label>();
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = true });
        while (reader.Read())
        {
            var row = reader.Current.ToArray();
            labels.Add(new Label(row[0], row[1], row[2], row[3], row[4], row[5]));
        }

        return labels;
    }
}
