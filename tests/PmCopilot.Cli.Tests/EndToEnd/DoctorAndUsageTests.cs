using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary>Usage errors, doctor and configuration precedence through the real process.</summary>
public sealed class DoctorAndUsageTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Help_lists_the_commands()
    {
        var result = await cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "models", "doctor", "prd-lint" })
        {
            Assert.Contains(command, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("frobnicate")]
    [InlineData("doctor", "--threads", "lots")]
    [InlineData("models", "remove")]
    public async Task Bad_usage_exits_2_with_usage(params string[] args)
    {
        var result = await cli.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Usage", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_shows_each_setting_with_its_source()
    {
        cli.Files.Write(".config/pmcopilot/config.json", """{ "threads": 2, "language": "zh", "apiKey": "sk-nope" }""");
        cli.Files.Write("work/.pmcopilot.json", """{ "threads": 3 }""");
        cli.Environment["PMCOPILOT_CONTEXT"] = "2048";

        var result = await cli.RunAsync("doctor", "--no-load", "--gpu-layers", "0");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        Assert.Contains(lines, l => l.Contains("threads", StringComparison.Ordinal) && l.Contains(" 3 ", StringComparison.Ordinal) && l.Contains(".pmcopilot.json", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("language", StringComparison.Ordinal) && l.Contains("zh", StringComparison.Ordinal) && l.Contains("config.json", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("contextSize", StringComparison.Ordinal) && l.Contains("2048", StringComparison.Ordinal) && l.Contains("PMCOPILOT_CONTEXT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("gpuLayers", StringComparison.Ordinal) && l.Contains("--gpu-layers", StringComparison.Ordinal));
        Assert.Contains("apiKey", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-nope", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Contains("verdict: OK", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_loads_the_tiny_model_and_reports_the_runtime()
    {
        var result = await cli.RunAsync("doctor", "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "256");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("backends:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("GPU layers:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("load time:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("verdict: OK (model loaded)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_exits_3_when_the_model_does_not_load_or_is_missing()
    {
        var notGguf = cli.Files.Write("work/broken.gguf", "this is not a model");

        var broken = await cli.RunAsync("doctor", "--model", notGguf);
        Assert.True(broken.ExitCode == 3, broken.ToString());
        Assert.Contains("NOT OK", broken.Stdout, StringComparison.Ordinal);

        cli.Environment["PMCOPILOT_MODEL"] = "qwen2.5-1.5b-instruct";
        var missing = await cli.RunAsync("doctor");
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains("models pull qwen2.5-1.5b-instruct", missing.Stdout, StringComparison.Ordinal);
    }
}
