using PmCopilot.Core.Benchmarks;
using PmCopilot.Core.Tests.Feedback;

// Benchmarks and quality runs for Core jobs. Each command prints its own results; see docs/benchmarks.md and docs/quality.md.
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "feedback-eval":
        foreach (var path in args.Skip(1))
        {
            var evaluation = await FeedbackEvaluation.RunAsync(path);
            Console.WriteLine(path);
            Console.Write(evaluation.Describe());
            if (Environment.GetEnvironmentVariable("VERBOSE") == "1")
            {
                foreach (var theme in evaluation.ThemeMakeup)
                {
                    Console.WriteLine("  t " + theme);
                }

                foreach (var mistake in evaluation.Mistakes)
                {
                    Console.WriteLine("  x " + mistake);
                }
            }
        }

        break;
    case "feedback-lodo":
        await FeedbackDomainEvaluation.RunAsync(args.Skip(1).ToArray());
        break;
    case "feedback":
        await FeedbackBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    case "summary-eval":
        await SummaryEvaluation.RunAsync(args.Skip(1).ToArray());
        break;
    case "documents":
        await DocumentBenchmark.RunAsync(args.Skip(1).ToArray());
        break;
    default:
        Console.WriteLine("usage: feedback [--items N[,N…]] | feedback-eval <labelled.csv>… | feedback-lodo [unseen labelled.csv…] | documents [--pages 300,1000] [--runs 3] | summary-eval [repo root] [max sentences]");
        break;
}
