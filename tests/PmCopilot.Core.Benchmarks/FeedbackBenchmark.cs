namespace PmCopilot.Core.Benchmarks;

internal static class FeedbackBenchmark
{
    public static Task RunAsync(string[] args) => Task.CompletedTask;
}
