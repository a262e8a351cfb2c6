using Microsoft.SemanticKernel;
using PmCopilot.Core.Feedback;

namespace PmCopilot.Core.Tests.Feedback;

public class FeedbackPluginTests
{
    [Fact]
    public async Task Kernel_function_analyses_pasted_feedback()
    {
        var kernel = new Kernel();
        var plugin = kernel.ImportPluginFromObject(new FeedbackPlugin(), "feedback");
        var function = plugin["summarize_feedback"];
        Assert.Contains("feedback", function.Description, StringComparison.OrdinalIgnoreCase);

        var content = string.Join('\n', FeedbackSynthesizer.Generate(120, seed: 2).Select(r => r.Text.Replace('\n', ' ')));
        var markdown = await kernel.InvokeAsync<string>(function, new KernelArguments { ["content"] = content }, TestContext.Current.CancellationToken);
        Assert.Contains("# Feedback summary", markdown);
        Assert.Contains("120 items", markdown);

        var json = await kernel.InvokeAsync<string>(function, new KernelArguments { ["content"] = content, ["format"] = "json", ["maxThemes"] = 3 }, TestContext.Current.CancellationToken);
        var report = FeedbackReport.FromJson(json!)!;
        Assert.InRange(report.Themes.Count(t => !t.IsGeneral), 1, 3);
    }

    [Fact]
    public async Task Kernel_function_reads_a_file()
    {
        var kernel = new Kernel();
        var plugin = kernel.ImportPluginFromObject(new FeedbackPlugin(), "feedback");
        var markdown = await kernel.InvokeAsync<string>(plugin["summarize_feedback"], new KernelArguments { ["path"] = FeedbackTestFiles.Data("labeled-holdout.csv"), ["language"] = "zh" }, TestContext.Current.CancellationToken);
        Assert.Contains("# 用户反馈分析", markdown);
    }
}
