using System.Diagnostics;
using System.Text;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary>summarize, feedback and serve through the built CLI, with and without the tiny model.</summary>
public sealed class JobCommandTests : IDisposable
{
    private const string Brief = """
        # Offline mode for the field app

        ## Problem
        Field technicians lose signal in basements and lose their notes. Last quarter 14% of work orders had missing notes.

        ## Proposal
        The app keeps a local queue of notes and photos and syncs it when the network returns. Conflicts are shown side by side.

        ## Metrics
        Missing notes fall from 14% to under 3% within two months of launch.
        """;

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private static string Sample => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs", "samples"), "*.md").Order(StringComparer.Ordinal).First();

    [Fact]
    public async Task Readme_main_command_works_exactly_as_written_on_a_fresh_home()
    {
        // The README's command, run with `dotnet run` from the repository root (slow: done once).
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"), TestContext.Current.CancellationToken);
        var line = readme.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("dotnet run --project src/PmCopilot.Cli -- summarize ", StringComparison.Ordinal));
        var args = line["dotnet ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, args[^1])), $"README names {args[^1]}, which is not in the repository");

        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The arguments stay exactly as written; MSBuild takes the configuration from the environment, so the run
        // reuses what this test run already built instead of building another configuration.
        info.Environment["Configuration"] = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PMCOPILOT_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = cli.Home;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{line} did not finish within 10 minutes\n{await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"{line}\n{await stdout}\n{await stderr}");
        Assert.StartsWith("#", (await stdout).TrimStart(), StringComparison.Ordinal);
        Assert.Contains("models pull", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_without_a_model_writes_markdown_and_says_once_how_to_get_a_model()
    {
        var result = await cli.RunAsync("summarize", Sample);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("#", result.Stdout, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n'), l => l.Contains("models pull", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_a_folder_covers_each_document_and_skips_unreadable_ones()
    {
        cli.Files.Write("work/docs/a.md", Brief);
        cli.Files.Write("work/docs/sub/b.txt", Brief.Replace("Offline", "Online", StringComparison.Ordinal));
        cli.Files.Write("work/docs/empty.md", "");
        cli.Files.Write("work/docs/image.png", new byte[] { 1, 2, 3 });

        var result = await cli.RunAsync("summarize", "docs", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var files = json.RootElement.EnumerateArray().Select(e => e.GetProperty("file").GetString()!.Replace('\\', '/')).ToList();
        Assert.Equal(["docs/a.md", "docs/sub/b.txt"], files);
        Assert.Contains("empty.md", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_reads_standard_input_and_writes_output_files_atomically()
    {
        var output = Path.Combine(cli.WorkingDirectory, "out", "summary.md");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var result = await cli.RunAsync(["summarize", "-", "--output", output], stdin: Brief);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.StartsWith("#", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task Summarize_with_the_tiny_model_runs_the_model_path()
    {
        var result = await cli.RunAsync("summarize", Sample, "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "1024", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.NotEqual("extractive", json.RootElement.GetProperty("mode").GetString());
        Assert.DoesNotContain("models pull", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_inputs_to_jobs_exit_2_without_a_stack_trace()
    {
        cli.Files.Write("work/empty.md", "");
        cli.Files.Write("work/binary.pdf", new byte[] { 0, 1, 2, 3, 4 });
        Directory.CreateDirectory(cli.Files.Combine("work", "emptydir"));
        var cases = new[]
        {
            new[] { "summarize", "nope.md" },
            ["summarize", "empty.md"],
            ["summarize", "binary.pdf"],
            ["summarize", "emptydir"],
            ["summarize", "-", "--output", "/no/such/folder/x.md"],
            ["summarize", "--sentences", "0", "x.md"],
            ["feedback", "nope.csv"],
            ["feedback", "emptydir"],
            ["feedback", "empty.md"],
        };

        foreach (var args in cases)
        {
            var result = await cli.RunAsync(args, stdin: args.Contains("-") ? Brief : null);
            Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)}: {result}");
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Configured_model_that_is_missing_exits_3()
    {
        var result = await cli.RunAsync("summarize", Sample, "--model", cli.Files.Combine("missing.gguf"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_analyzes_a_csv()
    {
        var csv = new StringBuilder("id,date,text,rating\n");
        var texts = new[] { "The app crashes when I upload a photo", "Crash on photo upload again", "Love the new dark mode", "Sync is slow on weekends", "Please add export to Excel", "Export to CSV would help", "Dark mode looks great" };
        for (var i = 0; i < 40; i++)
        {
            csv.Append(i).Append(",2026-0").Append(1 + (i % 6)).Append("-1").Append(i % 9).Append(",\"").Append(texts[i % texts.Length]).Append(" #").Append(i).Append("\",").Append(1 + (i % 5)).Append('\n');
        }

        cli.Files.Write("work/feedback.csv", csv.ToString());

        var markdown = await cli.RunAsync("feedback", "feedback.csv");
        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.StartsWith("#", markdown.Stdout.TrimStart(), StringComparison.Ordinal);

        var json = await cli.RunAsync("feedback", "feedback.csv", "--format", "json");
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.True(doc.RootElement.TryGetProperty("themes", out _) || doc.RootElement.TryGetProperty("Themes", out _));
    }

    [Fact]
    public async Task Serve_speaks_lsp_on_stdio_and_exits_0_after_shutdown_and_exit()
    {
        using var process = cli.Start(["serve"], redirectStdin: true);
        var stdin = process.StandardInput.BaseStream;
        await Send(stdin, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}""");
        var reply = await ReadMessage(process.StandardOutput.BaseStream);
        Assert.Contains("\"capabilities\"", reply, StringComparison.Ordinal);
        await Send(stdin, """{"jsonrpc":"2.0","method":"initialized","params":{}}""");
        await Send(stdin, """{"jsonrpc":"2.0","id":2,"method":"shutdown"}""");
        await ReadUntilId(process.StandardOutput.BaseStream, 2);
        await Send(stdin, """{"jsonrpc":"2.0","method":"exit"}""");

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(limit.Token);
        Assert.Equal(0, process.ExitCode);
    }

    private static async Task Send(Stream stream, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static async Task ReadUntilId(Stream stream, int id)
    {
        while (true)
        {
            var message = await ReadMessage(stream);
            using var json = JsonDocument.Parse(message);
            if (json.RootElement.TryGetProperty("id", out var got) && got.ValueKind == JsonValueKind.Number && got.GetInt32() == id)
            {
                return;
            }
        }
    }

    private static async Task<string> ReadMessage(Stream stream)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, limit.Token) == 0)
            {
                throw new EndOfStreamException("server closed stdout");
            }

            header.Append((char)one[0]);
        }

        var length = int.Parse(header.ToString().Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, limit.Token);
        return Encoding.UTF8.GetString(body);
    }
}
