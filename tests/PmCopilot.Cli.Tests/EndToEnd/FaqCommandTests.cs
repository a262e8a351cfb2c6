using System.Diagnostics;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

public sealed class FaqCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("如何处理类别不平衡？", "zh")]
    [InlineData("How should I evaluate a model before launch?", "en")]
    public async Task Answers_from_the_knowledge_base_without_a_model(string question, string language)
    {
        var result = await cli.RunAsync("faq", question, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(language, json.RootElement.GetProperty("language").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("answer").GetString()));
    }

    [Fact]
    public async Task A_one_megabyte_question_is_refused_quickly()
    {
        var question = string.Concat(Enumerable.Repeat("why is my model slow ", 1024 * 1024 / 20));
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["faq", "-"], stdin: question, timeoutSeconds: 30);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Contains("KiB", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_question_and_bad_top_exit_2()
    {
        Assert.Equal(2, (await cli.RunAsync("faq", "   ")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("faq", "what is RAG", "--top", "99")).ExitCode);
    }

    [Fact]
    public async Task With_the_tiny_model_the_answer_still_comes_back()
    {
        var result = await cli.RunAsync("faq", "what is a large model", "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "2048", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("answer").GetString()));
    }
}
