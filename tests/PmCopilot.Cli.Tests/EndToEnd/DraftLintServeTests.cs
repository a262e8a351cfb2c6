using System.Net.Http.Json;
using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

public sealed class DraftLintServeTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Prd_and_spec_draft_without_a_model_and_the_draft_goes_through_prd_lint()
    {
        cli.Files.Write("work/notes.md", "Agents spend 11 minutes per long ticket reading history. 40% of escalations lack a summary.");
        var output = Path.Combine(cli.WorkingDirectory, "draft.md");

        var prd = await cli.RunAsync("prd", "AI summaries of long support tickets for agents", "--context", "notes.md", "--output", output);
        Assert.True(prd.ExitCode == 0, prd.ToString());
        Assert.StartsWith("#", await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var lint = await cli.RunAsync("prd-lint", "draft.md");
        Assert.True(lint.ExitCode is 0 or 1, lint.ToString());

        var spec = await cli.RunAsync("spec", "smart reply suggestions", "--format", "json");
        Assert.True(spec.ExitCode == 0, spec.ToString());
        using var json = JsonDocument.Parse(spec.Stdout);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("markdown").GetString()));
    }

    [Fact]
    public async Task Prd_refuses_missing_context_files_and_oversized_ideas()
    {
        Assert.Equal(2, (await cli.RunAsync("prd", "an idea", "--context", "nope.md")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("spec", "")).ExitCode);

        // A 1 MB idea is refused quickly, not processed.
        var huge = new string('x', 1024 * 1024);
        var result = await cli.RunAsync(["prd", "-"], stdin: huge, timeoutSeconds: 30);
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Lint_reports_through_the_lint_host_with_its_exit_codes()
    {
        cli.Files.Write("work/src/a.cs", "class A { void M() { var x = 1; } }\n");

        // Roslyn start-up is slow on a loaded 2-core machine: give it time.
        var clean = await cli.RunAsync(["lint", "src", "--format", "json"], timeoutSeconds: 300);
        Assert.True(clean.ExitCode is 0 or 1, clean.ToString());
        using (JsonDocument.Parse(clean.Stdout))
        {
        }

        Assert.Equal(2, (await cli.RunAsync(["lint", "missing-folder"], timeoutSeconds: 300)).ExitCode);
    }

    [Fact]
    public async Task Serve_http_answers_openai_requests_with_the_tiny_model_and_stops_on_ctrl_c()
    {
        var port = PmCopilot.LanguageServer.Http.OpenAiHttpServer.FindFreePort();
        using var process = cli.Start(["serve", "--http", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--model", RepoPaths.TinyModel, "--threads", "1", "--context", "512"]);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

        JsonDocument? models = null;
        for (var attempt = 0; attempt < 120 && models is null; attempt++)
        {
            try
            {
                models = JsonDocument.Parse(await http.GetStringAsync("v1/models", TestContext.Current.CancellationToken));
            }
            catch (HttpRequestException)
            {
                Assert.False(process.HasExited, "server exited");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }

        Assert.NotNull(models);
        models.Dispose();
        var reply = await http.PostAsJsonAsync("v1/chat/completions", new { messages = new[] { new { role = "user", content = "hi" } }, max_tokens = 4 }, TestContext.Current.CancellationToken);
        Assert.True(reply.IsSuccessStatusCode);

        CliRunner.Interrupt(process);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, await stderr);
    }

    [Fact]
    public async Task Serve_http_without_a_model_exits_3()
    {
        var result = await cli.RunAsync("serve", "--http", "--port", "0");

        Assert.Equal(3, result.ExitCode);
    }

    [Theory]
    [InlineData("missing.json", "does not exist")]
    [InlineData("notes.md", "not a usable knowledge base")]
    [InlineData("broken.json", "not a usable knowledge base")]
    public async Task Serve_with_an_unusable_knowledge_base_exits_2_before_serving(string name, string reason)
    {
        var folder = Directory.CreateTempSubdirectory("pmc-kb-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "notes.md"), "# What is a token?\n\nA piece of text.\n");
            File.WriteAllText(Path.Combine(folder.FullName, "broken.json"), "{\"entries\": [{\"id\": \"faq.x\"}]}");
            var result = await cli.RunAsync(["serve", "--knowledge-base", Path.Combine(folder.FullName, name)], stdin: string.Empty);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
