using System.Diagnostics;
using System.Text.Json;
using PmCopilot.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task Initialize_advertises_what_is_implemented()
    {
        await using var client = await LspTestClient.StartAsync(initialize: false);
        var result = await client.InitializeAsync();
        var capabilities = result.GetProperty("capabilities");
        Assert.Equal(2, capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
        Assert.True(capabilities.GetProperty("textDocumentSync").GetProperty("openClose").GetBoolean());
        Assert.True(capabilities.GetProperty("hoverProvider").GetBoolean());
        Assert.Equal("pmcopilot", capabilities.GetProperty("diagnosticProvider").GetProperty("identifier").GetString());
        Assert.Contains("quickfix", capabilities.GetProperty("codeActionProvider").GetProperty("codeActionKinds").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("utf-16", capabilities.GetProperty("positionEncoding").GetString());
        // Nothing the server does not implement.
        foreach (var absent in new[] { "completionProvider", "definitionProvider", "referencesProvider", "documentFormattingProvider", "renameProvider" })
        {
            Assert.False(capabilities.TryGetProperty(absent, out _), absent);
        }

        Assert.Equal("pmcopilot", result.GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(0, await client.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Exit_without_shutdown_ends_with_code_1()
    {
        await using var client = await LspTestClient.StartAsync();
        await client.NotifyAsync("exit", null);
        Assert.Equal(1, await client.ServerRun.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Requests_before_initialize_and_after_shutdown_are_refused()
    {
        await using var client = await LspTestClient.StartAsync(initialize: false);
        var early = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync("textDocument/hover", new { textDocument = new { uri = "file:///a.txt" }, position = new { line = 0, character = 0 } }));
        Assert.Equal(-32002, early.ErrorCode);

        await client.InitializeAsync();
        var again = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.InitializeAsync());
        Assert.Equal(-32600, again.ErrorCode);

        await client.RequestAsync("shutdown", null);
        var late = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync("pmcopilot/modelStatus", new { }));
        Assert.Equal(-32600, late.ErrorCode);
        await client.NotifyAsync("exit", null);
        Assert.Equal(0, await client.ServerRun.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Unknown_methods_get_MethodNotFound_and_the_server_keeps_going()
    {
        await using var client = await LspTestClient.StartAsync();
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("textDocument/completion", new { }));
        Assert.Equal(-32601, (int)error.ErrorCode);
        await client.NotifyAsync("$/unknownNotification", new { });
        var status = await client.RequestAsync("pmcopilot/modelStatus", new { });
        Assert.Equal("none", status.GetProperty("state").GetString());
    }

    [Fact]
    public async Task End_of_input_stops_the_server()
    {
        await using var raw = new RawLspConnection();
        raw.CloseInput();
        Assert.Equal(1, await raw.ServerRun.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_server_exits_when_its_parent_process_dies()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await using var raw = new RawLspConnection(new LanguageServerOptions { ParentProcessId = parent.Id, ParentPollInterval = TimeSpan.FromMilliseconds(50) });
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""");
        await raw.ReadResponseAsync(1);
        Assert.False(raw.ServerRun.IsCompleted);
        parent.Kill();
        await parent.WaitForExitAsync();
        Assert.Equal(1, await raw.ServerRun.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_processId_from_initialize_is_watched_too()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        await using var raw = new RawLspConnection(new LanguageServerOptions { ParentPollInterval = TimeSpan.FromMilliseconds(50) });
        await raw.SendJsonAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method = "initialize", @params = new { processId = parent.Id, capabilities = new { } } }));
        await raw.ReadResponseAsync(1);
        parent.Kill();
        Assert.Equal(1, await raw.ServerRun.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
