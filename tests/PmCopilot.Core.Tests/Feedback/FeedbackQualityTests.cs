using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// Floors under the measured quality on the hand-labelled sets (docs/quality.md has the figures). The rules are
/// measured alone (the shipped learned classifier is trained on these very files); the learned classifier is measured
/// leaving each product domain out of its training.
/// </summary>
public class FeedbackQualityTests
{
    [Fact]
    public async Task Dev_set_meets_the_floor()
    {
        var evaluation = await FeedbackEvaluation.RunAsync(FeedbackTestFiles.Data("labeled-dev.csv"), rulesOnly: true);
        Assert.True(evaluation.CategoryAccuracy >= 0.9, evaluation.Describe());
        Assert.True(evaluation.SentimentAccuracy >= 0.9, evaluation.Describe());
        Assert.True(evaluation.ThemePurity >= 0.55, evaluation.Describe());
    }

    [Fact]
    public async Task Held_out_set_meets_the_floor()
    {
        var evaluation = await FeedbackEvaluation.RunAsync(FeedbackTestFiles.Data("labeled-holdout.csv"), rulesOnly: true);
        Assert.True(evaluation.CategoryAccuracy >= 0.75, evaluation.Describe());
        Assert.True(evaluation.SentimentAccuracy >= 0.75, evaluation.Describe());
        Assert.True(evaluation.ThemePurity >= 0.45, evaluation.Describe());
    }

    /// <summary>
    /// Three more domains (B2B collaboration SaaS, consumer banking, fitness app with a watch), labelled by helpers who had not seen the rules.
    /// The odd-numbered half of each file was used for tuning (dev), the even half only measured (held-out).
    /// </summary>
    [Theory]
    [InlineData("blind-b2b-dev.csv", 0.85, 0.80, 0.55)]
    [InlineData("blind-fintech-dev.csv", 0.80, 0.80, 0.55)]
    [InlineData("blind-b2b-heldout.csv", 0.68, 0.65, 0.40)]
    [InlineData("blind-fintech-heldout.csv", 0.62, 0.72, 0.45)]
    [InlineData("blind-fitness-dev.csv", 0.68, 0.72, 0.55)]
    [InlineData("blind-fitness-heldout.csv", 0.50, 0.54, 0.45)]
    [InlineData("blind-marketplace.csv", 0.48, 0.56, 0.36)]
    [InlineData("blind-learning.csv", 0.52, 0.58, 0.32)]
    public async Task Blind_sets_meet_their_floors(string file, double category, double sentiment, double purity)
    {
        var evaluation = await FeedbackEvaluation.RunAsync(FeedbackTestFiles.Data(file), rulesOnly: true);
        Assert.True(evaluation.CategoryAccuracy >= category, evaluation.Describe());
        Assert.True(evaluation.SentimentAccuracy >= sentiment, evaluation.Describe());
        Assert.True(evaluation.ThemePurity >= purity, evaluation.Describe());
    }

    /// <summary>
    /// The learned classifier on a product domain it was not trained on (each of the seven left out in turn): measured
    /// 2026-12-08 at 79.6 % category and 87.2 % sentiment over 760 items, against 73.4 % and 75.9 % for the rules alone.
    /// </summary>
    [Fact]
    public void Learned_classifier_beats_the_rules_on_domains_it_was_not_trained_on()
    {
        var results = FeedbackDomainEvaluation.LeaveOneDomainOut();
        var table = string.Join("\n", results.Select(r => $"{r.Domain}: category {r.RulesCategory:P1} -> {r.LearnedCategory:P1}, sentiment {r.RulesSentiment:P1} -> {r.LearnedSentiment:P1}"));
        Assert.Equal(7, results.Count);
        double items = results.Sum(r => r.Items);
        double Mean(Func<FeedbackDomainEvaluation.DomainResult, double> f) => results.Sum(r => f(r) * r.Items) / items;
        Assert.True(Mean(r => r.LearnedCategory) >= 0.76, table);
        Assert.True(Mean(r => r.LearnedSentiment) >= 0.84, table);
        Assert.True(Mean(r => r.LearnedCategory) >= Mean(r => r.RulesCategory) + 0.03, table);
        Assert.True(Mean(r => r.LearnedSentiment) >= Mean(r => r.RulesSentiment) + 0.06, table);
        Assert.All(results, r => Assert.True(r.LearnedCategory >= 0.6 && r.LearnedSentiment >= 0.7, table));
    }

    [Fact]
    public async Task The_analyzer_uses_the_learned_classifier_unless_told_rules_only()
    {
        // The shipped classifier has seen this file (its training accuracy is high); the rules alone have not.
        var path = FeedbackTestFiles.Data("blind-marketplace.csv");
        var learned = await FeedbackEvaluation.RunAsync(path);
        var rules = await FeedbackEvaluation.RunAsync(path, rulesOnly: true);
        Assert.True(learned.CategoryAccuracy >= 0.85 && learned.CategoryAccuracy > rules.CategoryAccuracy + 0.2, learned.Describe() + rules.Describe());
    }

    [Fact]
    public void Training_is_deterministic_and_reads_every_shipped_file()
    {
        var examples = LearnedFeedbackClassifier.LoadShippedExamples();
        Assert.Equal(760, examples.Count);
        Assert.Equal(LearnedFeedbackClassifier.TrainingFiles.Select(f => f.Domain).Distinct().Count(), examples.Select(e => e.Domain).Distinct().Count());
        var first = LearnedFeedbackClassifier.Train(examples);
        var second = LearnedFeedbackClassifier.Train(examples);
        foreach (var example in examples.Take(200))
        {
            var tokens = FeedbackTokenizer.Tokenize(FeedbackText.Clean(example.Text));
            var rules = FeedbackClassifier.Classify(tokens, null, RatingScale.None);
            Assert.Equal(first.Predict(tokens, rules), second.Predict(tokens, rules));
        }
    }

    [Fact]
    public void A_labelled_file_with_an_unknown_category_is_refused_clearly()
    {
        var error = Assert.Throws<FormatException>(() => LearnedFeedbackClassifier.ParseLabelled("id,lang,category,sentiment,theme,text\nx1,en,rant,negative,t,text", "d").ToList());
        Assert.Contains("rant", error.Message, StringComparison.Ordinal);
    }
}
