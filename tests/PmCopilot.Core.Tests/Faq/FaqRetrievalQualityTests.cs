using System.Text;
using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>
/// Retrieval quality on the evaluation set. Floors are the measured values (docs/quality.md) minus a small margin,
/// so a change that makes retrieval clearly worse fails here.
/// </summary>
public class FaqRetrievalQualityTests
{
    private static readonly IReadOnlyList<FaqEvaluation.Question> Questions = FaqEvaluation.Load();

    [Fact]
    public void Evaluation_set_is_broad_enough()
    {
        Assert.True(Questions.Count >= 80);
        Assert.True(Questions.Count(q => q.OutOfScope) >= 15);
        Assert.True(Questions.Count(q => q.Lang == "zh") >= 30);
        Assert.True(Questions.Count(q => q.Lang == "en") >= 30);
        Assert.True(Questions.Count(q => q.Kind == "typo") >= 8);
        Assert.True(Questions.Count(q => q.Kind == "mixed") >= 5);
        var kb = FaqKnowledgeBase.Embedded;
        Assert.All(Questions.SelectMany(q => q.Expect), id => Assert.True(kb.Contains(id), id));
    }

    [Fact]
    public void Measures_both_halves_and_meets_floors()
    {
        // The shipped example questions include this set's: measure with the other sets' examples only.
        var retriever = new FaqRetriever(FaqKnowledgeBase.Embedded, examples: FaqExamples.Embedded.Without("main"));
        var dump = Environment.GetEnvironmentVariable("FAQ_EVAL_DUMP");
        var failures = dump is null ? null : new StringBuilder();
        var dev = FaqEvaluation.Measure("dev", Questions.Where(q => q.Split == "dev").ToList(), retriever.Search, failures);

        // Only aggregate numbers of the held-out half are ever printed.
        var heldOut = FaqEvaluation.Measure("heldout", Questions.Where(q => q.Split == "heldout").ToList(), retriever.Search);
        var all = FaqEvaluation.Measure("all", Questions.Where(q => !q.IsProbe).ToList(), retriever.Search);
        var probe = FaqEvaluation.Measure("probe", Questions.Where(q => q.Split == "probe").ToList(), retriever.Search);
        var aiFailures = dump is null ? null : new StringBuilder();
        var aiDev = FaqEvaluation.Measure("probe-ai-dev", Questions.Where(q => q.Split == "probe-ai-dev").ToList(), retriever.Search, aiFailures);
        var aiHeldOut = FaqEvaluation.Measure("probe-ai-heldout", Questions.Where(q => q.Split == "probe-ai-heldout").ToList(), retriever.Search);
        var aiNew = FaqEvaluation.Measure("probe-ai-new", Questions.Where(q => q.Split == "probe-ai-new").ToList(), retriever.Search);
        if (dump is not null)
        {
            // While tuning only the dev halves are shown.
            File.WriteAllText(dump, $"{dev}\n\n{failures}\n\n{aiDev}\n\n{aiFailures}");
        }

        if (Environment.GetEnvironmentVariable("FAQ_EVAL_REPORT") is { } report)
        {
            var main = Questions.Where(q => !q.IsProbe).ToList();
            var byKind = main.GroupBy(q => q.Kind).Select(g => FaqEvaluation.Measure("kind=" + g.Key, g.ToList(), retriever.Search));
            var byLang = main.GroupBy(q => q.Lang).Select(g => FaqEvaluation.Measure("lang=" + g.Key, g.ToList(), retriever.Search));
            File.WriteAllText(report, string.Join("\n", new[] { dev, heldOut, all, probe, aiDev, aiHeldOut, aiNew }.Concat(byLang).Concat(byKind)));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{dev}\n{heldOut}\n{all}\n{probe}\n{aiDev}\n{aiHeldOut}\n{aiNew}");

        // Measured 2026-11-30 (docs/quality.md): all top1 94.6 %, top3 97.8 %, rejection 100 %, false rejection 0 %;
        // held-out top1 93.5 %, top3 97.8 %; near-domain probe rejection 73 %.
        Assert.True(all.Top1 >= 0.88, all.ToString());
        Assert.True(all.Top3 >= 0.93, all.ToString());
        Assert.True(all.AnsweredCorrectly >= 0.88, all.ToString());
        Assert.True(all.Rejection >= 0.85, all.ToString());
        Assert.True(all.FalseRejection <= 0.05, all.ToString());
        Assert.True(heldOut.Top3 >= 0.90, heldOut.ToString());
        Assert.True(heldOut.Top1 >= 0.85, heldOut.ToString());
        Assert.True(probe.Rejection >= 0.60, probe.ToString());
        // AI topics the knowledge base does not cover: 83 % / 92 % since questions naming an uncovered concept need more
        // confidence (UncoveredTopics); 50 % on the set written after that change, on topics partly outside its glossary.
        Assert.True((aiDev.Rejection + aiHeldOut.Rejection) / 2 >= 0.75, $"{aiDev}\n{aiHeldOut}");
        Assert.True(aiNew.Rejection >= 0.4, aiNew.ToString());
    }
}
