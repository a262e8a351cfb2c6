using System.Diagnostics;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary>Streaming generation with the tiny random-weight model: machinery only, never wording.</summary>
public sealed class GenerationTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Ask_streams_tokens_and_reports_the_finish_reason()
    {
        var result = await cli.RunAsync("ask", "hello", "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "512", "--max-tokens", "16", "--seed", "7", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(16, json.RootElement.GetProperty("outputTokens").GetInt64());
        Assert.Equal("length", json.RootElement.GetProperty("finishReason").GetString());
    }

    [Fact]
    public async Task Ask_without_a_model_exits_3_and_says_how_to_get_one()
    {
        var result = await cli.RunAsync("ask", "hello");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("models pull", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_during_generation_stops_promptly_and_keeps_the_partial_output_marked()
    {
        var output = Path.Combine(cli.WorkingDirectory, "answer.md");
        var partial = output + ".partial";
        using var process = cli.Start(["ask", "tell me everything", "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "8192",
            "--max-tokens", "8000", "--temperature", "0", "--output", output]);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        _ = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);

        var waited = Stopwatch.StartNew();
        while (!(File.Exists(partial) && new FileInfo(partial).Length > 0))
        {
            if (process.HasExited)
            {
                Assert.Fail("pmcopilot ended before generating: " + await stderr);
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no tokens within 60 s");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        CliRunner.Interrupt(process);
        var stopped = Stopwatch.StartNew();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("pmcopilot did not stop within 15 s of SIGINT");
            }
        }

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {await stderr}");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10), $"took {stopped.Elapsed} to stop");
        Assert.False(File.Exists(output), "a cancelled run must not write the final output file");
        var kept = await File.ReadAllTextAsync(partial, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!-- pmcopilot: PARTIAL OUTPUT", kept, StringComparison.Ordinal);
        Assert.True(kept.Length > 100, "partial text was kept");
        Assert.Contains("partial", await stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Output_file_is_written_atomically_and_an_existing_file_survives_a_cancelled_run()
    {
        var output = Path.Combine(cli.WorkingDirectory, "answer.txt");
        var result = await cli.RunAsync("ask", "hello", "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "512", "--max-tokens", "8", "--output", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(new FileInfo(output).Length > 0);
        Assert.False(File.Exists(output + ".partial"));
        Assert.Empty(result.Stdout);
    }
}
