using System.Text.Json;
using PmCopilot.Cli.Tests.Support;

namespace PmCopilot.Cli.Tests.EndToEnd;

/// <summary>`pmcopilot models …` run as a process against a local HTTP server.</summary>
public sealed class ModelsCommandTests : IAsyncLifetime
{
    private readonly CliRunner cli = new();
    private readonly LocalHttpServer server = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        cli.Dispose();
    }

    [Fact]
    public async Task Pull_by_url_installs_then_list_verify_path_and_remove_see_it()
    {
        var body = FakeGguf.Create(200_000, seed: 11);
        server.ServeFile("/files/own-model.gguf", body, dropAfterBytes: 70_000, dropTimes: 1);
        var url = server.Url("files/own-model.gguf").ToString();

        var dropped = await cli.RunAsync("models", "pull", "--url", url, "--sha256", FakeGguf.Sha256(body));
        Assert.True(dropped.ExitCode == 3, dropped.ToString());
        Assert.Contains("resume", dropped.Stderr, StringComparison.OrdinalIgnoreCase);

        var pulled = await cli.RunAsync("models", "pull", "--url", url, "--sha256", FakeGguf.Sha256(body));
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        var installed = Path.Combine(cli.ModelsDir, "own-model.gguf");
        Assert.Equal(installed, pulled.Stdout.Trim());
        Assert.Equal(body, await File.ReadAllBytesAsync(installed, TestContext.Current.CancellationToken));
        Assert.StartsWith("bytes=", server.Requests[^1].Range, StringComparison.Ordinal);

        var list = await cli.RunAsync("models", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        using (var json = JsonDocument.Parse(list.Stdout))
        {
            var row = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "own-model.gguf");
            Assert.True(row.GetProperty("installed").GetBoolean());
            Assert.Equal(body.Length, row.GetProperty("sizeBytes").GetInt64());
            Assert.Contains(json.RootElement.GetProperty("models").EnumerateArray(), m => m.GetProperty("name").GetString() == "qwen2.5-1.5b-instruct");
        }

        var path = await cli.RunAsync("models", "path", "own-model");
        Assert.Equal(installed, path.Stdout.Trim());

        // --sha256 given: no pin; verify has nothing to compare with until one exists, so pin it by a fresh pull.
        var verify = await cli.RunAsync("models", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var removed = await cli.RunAsync("models", "remove", "own-model.gguf");
        Assert.Equal(0, removed.ExitCode);
        Assert.False(File.Exists(installed));
        Assert.Equal(3, (await cli.RunAsync("models", "path", "own-model.gguf")).ExitCode);
    }

    [Fact]
    public async Task Wrong_hash_exits_3_and_keeps_the_installed_file()
    {
        var good = FakeGguf.Create(40_000, seed: 12);
        Directory.CreateDirectory(cli.ModelsDir);
        var installed = Path.Combine(cli.ModelsDir, "m.gguf");
        await File.WriteAllBytesAsync(installed, good, TestContext.Current.CancellationToken);
        server.ServeFile("/m.gguf", FakeGguf.Create(40_000, seed: 13));

        var result = await cli.RunAsync("models", "pull", "--url", server.Url("m.gguf").ToString(), "--sha256", FakeGguf.Sha256(good), "--force");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("sha256 mismatch", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(good, await File.ReadAllBytesAsync(installed, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Trust_on_first_download_pins_and_verify_catches_a_later_change()
    {
        var body = FakeGguf.Create(30_000, seed: 14);
        server.ServeFile("/p.gguf", body);

        var pulled = await cli.RunAsync("models", "pull", "--url", server.Url("p.gguf").ToString());
        Assert.True(pulled.ExitCode == 0, pulled.ToString());
        Assert.Contains("pinned", pulled.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cli.ModelsDir, "pins.json")));

        body[100] ^= 1;
        await File.WriteAllBytesAsync(Path.Combine(cli.ModelsDir, "p.gguf"), body, TestContext.Current.CancellationToken);
        var verify = await cli.RunAsync("models", "verify", "p.gguf");
        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("BAD", verify.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Server_errors_exit_3_with_the_status(int status)
    {
        server.ServeStatus("/x.gguf", status);

        var result = await cli.RunAsync("models", "pull", "--url", server.Url("x.gguf").ToString());

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cli.ModelsDir, "x.gguf")));
    }

    [Fact]
    public async Task Bad_pull_arguments_exit_2()
    {
        Assert.Equal(2, (await cli.RunAsync("models", "pull")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("models", "pull", "no-such-model")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("models", "pull", "--url", "ftp://example/x.gguf")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("models", "pull", "--url", server.Url("x.gguf").ToString(), "--sha256", "abc")).ExitCode);
        Assert.Equal(2, (await cli.RunAsync("models", "pull", "--file", cli.Files.Combine("missing.gguf"))).ExitCode);
    }

    [Fact]
    public async Task Pull_from_a_local_file_installs_it()
    {
        var body = FakeGguf.Create(10_000, seed: 15);
        var source = cli.Files.Write("downloads/local.gguf", body);

        var result = await cli.RunAsync("models", "pull", "--file", source);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(body, await File.ReadAllBytesAsync(Path.Combine(cli.ModelsDir, "local.gguf"), TestContext.Current.CancellationToken));
    }
}
