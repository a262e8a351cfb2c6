namespace PmCopilot.Core.Tests.Feedback;

/// <summary>
/// Floors under the measured quality on the hand-labelled sets (docs/quality.md has the figures). The held-out set
/// was labelled with the dev set, before any rule was tuned, and is not used for tuning.
/// </summary>
public class FeedbackQualityTests
{
    [Fact]
    public async Task Dev_set_meets_the_floor()
    {
        var evaluation = await FeedbackEvaluation.RunAsync(FeedbackTestFiles.Data("labeled-dev.csv"));
        Assert.True(evaluation.CategoryAccuracy >= 0.9, evaluation.Describe());
        Assert.True(evaluation.SentimentAccuracy >= 0.9, evaluation.Describe());
        Assert.True(evaluation.ThemePurity >= 0.55, evaluation.Describe());
    }

    [Fact]
    public async Task Held_out_set_meets_the_floor()
    {
        var evaluation = await FeedbackEvaluation.RunAsync(FeedbackTestFiles.Data("labeled-holdout.csv"));
        Assert.True(evaluation.CategoryAccuracy >= 0.75, evaluation.Describe());
        Assert.True(evaluation.SentimentAccuracy >= 0.75, evaluation.Describe());
        Assert.True(evaluation.ThemePurity >= 0.45, evaluation.Describe());
    }
}
