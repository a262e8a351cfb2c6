using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>
/// What the shipped example questions change, on question sets none of them came from: each set measured with the
/// shipped examples and with none. Figures are in docs/quality.md.
/// </summary>
public class FaqExamplesEffectTests
{
    [Theory]
    [InlineData("faq-eval-blind2.json")]
    public void Examples_help_on_unseen_questions(string file)
    {
        var questions = FaqEvaluation.Load(file);
        Assert.DoesNotContain(questions, q => FaqExamples.Embedded.Items.Any(e => e.Question == q.Q));
        var with = FaqEvaluation.Measure("with examples", questions, FaqRetriever.Default.Search);
        var without = FaqEvaluation.Measure("without", questions, new FaqRetriever(FaqKnowledgeBase.Embedded).Search);
        var report = $"{with}\n{without}";
        if (Environment.GetEnvironmentVariable("FAQ_EXAMPLES_REPORT") is { } path)
        {
            File.AppendAllText(path, $"{file}\n{report}\n");
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(with.AnsweredCorrectly >= without.AnsweredCorrectly, report);
        Assert.True(with.Rejection >= without.Rejection - 0.05, report);
    }
}
