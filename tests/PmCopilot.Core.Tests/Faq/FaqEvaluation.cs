using System.Text;
using System.Text.Json;
using PmCopilot.Core.Faq;

namespace PmCopilot.Core.Tests.Faq;

/// <summary>The evaluation questions (Faq/Data/faq-eval.json) and the metrics computed over them.</summary>
internal static class FaqEvaluation
{
    public sealed record Question(string Q, IReadOnlyList<string> Expect, string Kind, string Split, string Lang)
    {
        public bool OutOfScope => Expect.Count == 0;

        /// <summary>Written after tuning, to measure the weak side of the threshold (probe, probe-ai-dev, probe-ai-heldout): never part of the main figures.</summary>
        public bool IsProbe => Split.StartsWith("probe", StringComparison.Ordinal);
    }

    public sealed record Metrics(
        string Name,
        int InScopeCount,
        int OutOfScopeCount,
        double Top1,
        double Top3,
        double AnsweredCorrectly,
        double Rejection,
        double FalseRejection)
    {
        public override string ToString() =>
            $"{Name}: n={InScopeCount}+{OutOfScopeCount} top1={Top1:P1} top3={Top3:P1} answered-correctly={AnsweredCorrectly:P1} rejection={Rejection:P1} false-rejection={FalseRejection:P1}";
    }

    public static IReadOnlyList<Question> Load(string file = "faq-eval.json")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Faq", "Data", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("questions").EnumerateArray().Select(q => new Question(
            q.GetProperty("q").GetString()!,
            q.GetProperty("expect").EnumerateArray().Select(x => x.GetString()!).ToList(),
            q.GetProperty("kind").GetString()!,
            q.GetProperty("split").GetString()!,
            q.GetProperty("lang").GetString()!)).ToList();
    }

    /// <summary>
    /// top1/top3: the ranking alone (an expected id first / among the first three), over in-scope questions.
    /// answered-correctly: judged in scope AND an expected id first. rejection: out-of-scope questions judged out
    /// of scope. false-rejection: in-scope questions judged out of scope.
    /// </summary>
    public static Metrics Measure(string name, IReadOnlyList<Question> questions, Func<string, FaqSearchResult> search, StringBuilder? failures = null)
    {
        int ins = 0, oos = 0, top1 = 0, top3 = 0, answered = 0, rejected = 0, falseRejected = 0;
        foreach (var q in questions)
        {
            var result = search(q.Q);
            var ids = result.Hits.Select(h => h.Entry.Id).ToList();
            if (q.OutOfScope)
            {
                oos++;
                if (!result.InScope)
                {
                    rejected++;
                }
                else
                {
                    failures?.AppendLine($"ACCEPTED oos  conf={result.Confidence:F2} top={string.Join(",", ids.Take(2))} :: {q.Q}  [{string.Join(" ", result.Terms)}]");
                }

                continue;
            }

            ins++;
            bool first = ids.Count > 0 && q.Expect.Contains(ids[0]);
            bool inTop3 = ids.Take(3).Any(q.Expect.Contains);
            top1 += first ? 1 : 0;
            top3 += inTop3 ? 1 : 0;
            answered += first && result.InScope ? 1 : 0;
            falseRejected += result.InScope ? 0 : 1;
            if (!first || !result.InScope)
            {
                failures?.AppendLine($"{(inTop3 ? "top3" : "MISS")}{(result.InScope ? "" : " REJECTED")} conf={result.Confidence:F2} want={string.Join("|", q.Expect)} got={string.Join(",", ids.Take(3))} :: {q.Q}  [{string.Join(" ", result.Terms)}]");
            }
        }

        if (failures is not null)
        {
            var conf = questions.Select(q => (q, c: search(q.Q).Confidence)).ToList();
            failures.AppendLine("in-scope lowest: " + string.Join(" ", conf.Where(x => !x.q.OutOfScope).Select(x => x.c).Order().Take(8).Select(c => c.ToString("F2"))));
            failures.AppendLine("out-of-scope highest: " + string.Join(" ", conf.Where(x => x.q.OutOfScope).Select(x => x.c).OrderDescending().Take(8).Select(c => c.ToString("F2"))));
        }

        return new Metrics(name, ins, oos, Ratio(top1, ins), Ratio(top3, ins), Ratio(answered, ins), Ratio(rejected, oos), Ratio(falseRejected, ins));
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;
}
