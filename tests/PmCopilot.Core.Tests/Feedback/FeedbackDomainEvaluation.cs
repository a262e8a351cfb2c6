using System.Globalization;
using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// Leave-one-domain-out evaluation of the learned classifier: for each product domain of the shipped labelled data,
/// a classifier trained on the other domains only is scored on that domain's files, beside the rules alone. This is
/// the honest figure for a user's feedback about a product none of the training data describes.
/// </summary>
internal static class FeedbackDomainEvaluation
{
    internal sealed record DomainResult(string Domain, int Items, double RulesCategory, double RulesSentiment, double LearnedCategory, double LearnedSentiment);

    /// <summary>Category and sentiment only (themes do not depend on the classifier), in memory: fast enough for every test run.</summary>
    public static List<DomainResult> LeaveOneDomainOut()
    {
        var all = LearnedFeedbackClassifier.LoadShippedExamples();
        var results = new List<DomainResult>();
        foreach (var domain in LearnedFeedbackClassifier.TrainingFiles.Select(f => f.Domain).Distinct())
        {
            var classifier = LearnedFeedbackClassifier.Train(all.Where(e => e.Domain != domain).ToList());
            var test = all.Where(e => e.Domain == domain).ToList();
            int rulesCategory = 0, rulesSentiment = 0, learnedCategory = 0, learnedSentiment = 0;
            foreach (var example in test)
            {
                var tokens = FeedbackTokenizer.Tokenize(FeedbackText.Clean(example.Text));
                var rules = FeedbackClassifier.Classify(tokens, null, RatingScale.None);
                var (category, label, _) = classifier.Predict(tokens, rules);
                rulesCategory += rules.Category == example.Category ? 1 : 0;
                rulesSentiment += rules.Label == example.Sentiment ? 1 : 0;
                learnedCategory += category == example.Category ? 1 : 0;
                learnedSentiment += label == example.Sentiment ? 1 : 0;
            }

            double n = test.Count;
            results.Add(new DomainResult(domain, test.Count, rulesCategory / n, rulesSentiment / n, learnedCategory / n, learnedSentiment / n));
        }

        return results;
    }

    /// <summary>Prints the leave-one-domain-out table, then rules against the shipped classifier on files it was not trained on.</summary>
    public static async Task RunAsync(string[] unseenFiles)
    {
        Console.WriteLine("leave one domain out (category rules → learned, sentiment rules → learned):");
        var results = LeaveOneDomainOut();
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Domain,-24} {r.Items,4} items  category {r.RulesCategory:P1} → {r.LearnedCategory:P1}  sentiment {r.RulesSentiment:P1} → {r.LearnedSentiment:P1}"));
        }

        int total = results.Sum(r => r.Items);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"all (item-weighted)",-24} {total,4} items  category {results.Sum(r => r.RulesCategory * r.Items) / total:P1} → {results.Sum(r => r.LearnedCategory * r.Items) / total:P1}  sentiment {results.Sum(r => r.RulesSentiment * r.Items) / total:P1} → {results.Sum(r => r.LearnedSentiment * r.Items) / total:P1}"));

        foreach (var path in unseenFiles)
        {
            var rules = await FeedbackEvaluation.RunAsync(path, rulesOnly: true);
            var learned = await FeedbackEvaluation.RunAsync(path);
            Console.WriteLine(path);
            Console.Write("  rules:   " + rules.Describe());
            Console.Write("  learned: " + learned.Describe());
            if (Environment.GetEnvironmentVariable("VERBOSE") == "1")
            {
                foreach (var mistake in learned.Mistakes)
                {
                    Console.WriteLine("  x " + mistake);
                }
            }
        }
    }
}
