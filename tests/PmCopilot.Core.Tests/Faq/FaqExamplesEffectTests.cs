using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>
/// What the shipped example questions change, on question sets none of them came from: each set measured with the
/// shipped examples and with none. Figures are in docs/quality.md.
/// </summary>
public class FaqExamplesEffectTests
{
    [Theory]
    [InlineData("faq-eval-blind2.json", 0.72, 0.79)] // the examples' weights were chosen looking at this set too
    [InlineData("faq-eval-blind3.json", 0.64, 0.78)] // written and measured after; 68.2 % / 83.3 % (66.7 % / 83.3 % without examples)
    [InlineData("faq-eval-blind4.json", 0.65, 0.57)] // written and measured after; 69.6 % / 64.3 % with or without examples
    public void Examples_help_on_unseen_questions(string file, double answeredFloor, double rejectionFloor)
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
        Assert.True(with.AnsweredCorrectly >= answeredFloor && with.Rejection >= rejectionFloor, report);
    }
}
