using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary><c>pmcopilot bench</c> end to end with the tiny model and tiny sizes: the figures exist and make sense, never their values.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Bench_reports_pp_tg_and_time_to_first_token_as_text_and_json()
    {
        var json = Path.Combine(cli.WorkingDirectory, "bench.json");
        var result = await cli.RunAsync(["bench", "-p", "32", "-n", "8", "-r", "2", "--parallel", "2", "--threads", "1", "--model", RepoPaths.TinyModel, "--json", json], timeoutSeconds: 180);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("pp32", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tg8", result.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        Assert.Equal(1, doc.RootElement.GetProperty("threads").GetInt32());
        var measurements = doc.RootElement.GetProperty("measurements").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m);
        foreach (var name in new[] { "pp32", "tg8", "pp32 x2 aggregate", "tg8 x2 aggregate", "TTFT cold (~400-token turn)", "TTFT follow-up (+~20 tokens)" })
        {
            Assert.True(measurements.TryGetValue(name, out var m), $"missing {name}: {string.Join(", ", measurements.Keys)}");
            var samples = m.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble()).ToList();
            Assert.Equal(2, samples.Count);
            Assert.All(samples, s => Assert.True(s > 0 && double.IsFinite(s), $"{name}: {s}"));
        }
    }

    [Fact]
    public async Task Bench_without_ttft_skips_the_chat_turns()
    {
        var json = Path.Combine(cli.WorkingDirectory, "bench.json");
        var result = await cli.RunAsync(["bench", "-p", "16", "-n", "4", "-r", "1", "--no-ttft", "--threads", "1", "--model", RepoPaths.TinyModel, "--json", json], timeoutSeconds: 120);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("TTFT", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_http_measures_the_batched_figures_through_the_streaming_server()
    {
        var json = Path.Combine(cli.WorkingDirectory, "bench.json");
        var result = await cli.RunAsync(["bench", "-p", "24", "-n", "6", "-r", "2", "--parallel", "3", "--http", "--no-ttft", "--threads", "1", "--model", RepoPaths.TinyModel, "--json", json], timeoutSeconds: 180);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tg6 x3 aggregate via HTTP", result.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken));
        var measurements = doc.RootElement.GetProperty("measurements").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m);
        foreach (var name in new[] { "pp24 x3 aggregate", "tg6 x3 aggregate", "pp24 x3 aggregate via HTTP", "tg6 x3 aggregate via HTTP" })
        {
            Assert.True(measurements.TryGetValue(name, out var m), $"missing {name}: {string.Join(", ", measurements.Keys)}");
            var samples = m.GetProperty("samples").EnumerateArray().Select(s => s.GetDouble()).ToList();
            Assert.Equal(2, samples.Count);
            Assert.All(samples, s => Assert.True(s > 0 && double.IsFinite(s), $"{name}: {s}"));
        }
    }

    [Fact]
    public async Task Bench_http_without_parallel_is_refused()
    {
        var result = await cli.RunAsync("bench", "--http", "--model", RepoPaths.TinyModel);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--parallel", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-n", "1")]
    [InlineData("-p", "0")]
    [InlineData("-r", "0")]
    public async Task Bench_rejects_sizes_that_cannot_be_measured(string option, string value)
    {
        var result = await cli.RunAsync("bench", option, value, "--model", RepoPaths.TinyModel);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("at least", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_without_a_model_exits_2()
    {
        var result = await cli.RunAsync("bench", "-r", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs a model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quantize_writes_a_gguf_that_bench_can_load()
    {
        // The tiny model's rows are 8 wide, too narrow for block quantizations; F32 exercises the same path.
        var output = Path.Combine(cli.WorkingDirectory, "tiny-f32.gguf");
        var result = await cli.RunAsync(["bench", "quantize", RepoPaths.TinyModel, output, "--type", "F32", "--threads", "1"], timeoutSeconds: 120);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(output + ".partial"));
        var bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        Assert.Equal("GGUF"u8.ToArray(), bytes[..4]);
        Assert.True(bytes.Length > new FileInfo(RepoPaths.TinyModel).Length, "F32 is larger than the F16 original");

        var bench = await cli.RunAsync(["bench", "-p", "8", "-n", "4", "-r", "1", "--no-ttft", "--threads", "1", "--model", output], timeoutSeconds: 120);
        Assert.True(bench.ExitCode == 0, bench.ToString());
    }

    [Fact]
    public async Task A_quantization_llama_cpp_refuses_exits_3_and_leaves_no_file()
    {
        var output = Path.Combine(cli.WorkingDirectory, "tiny-q8.gguf");
        var result = await cli.RunAsync(["bench", "quantize", RepoPaths.TinyModel, output, "--type", "Q8_0", "--threads", "1"], timeoutSeconds: 120);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("could not quantize", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Quantize_a_missing_file_exits_2()
    {
        var result = await cli.RunAsync("bench", "quantize", Path.Combine(cli.WorkingDirectory, "nope.gguf"), Path.Combine(cli.WorkingDirectory, "out.gguf"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.gguf", result.Stderr, StringComparison.Ordinal);
    }
}
