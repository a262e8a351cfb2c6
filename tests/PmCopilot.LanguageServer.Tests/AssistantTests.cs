using System.Text.Json;
using PmCopilot.LanguageServer.Configuration;
using PmCopilot.LanguageServer.Tests.Infrastructure;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Tests;

public sealed class AssistantTests
{
    private static LanguageServerOptions WithModel(FakeModelLoader loader, string path = "/models/a.gguf") => new()
    {
        Settings = new ServerSettings { Assistant = new AssistantSettings { ModelPath = path } },
        ModelLoader = loader.LoadAsync,
    };

    private static object UserSays(string text) => new[] { new { role = "user", content = text } };

    [Fact]
    public async Task Chat_streams_partial_results_before_the_response()
    {
        var loader = new FakeModelLoader(_ => new FakeChatClient { Tokens = 6 });
        await using var client = await LspTestClient.StartAsync(WithModel(loader));
        var result = await client.RequestAsync("pmcopilot/chat", new
        {
            messages = new object[] { new { role = "system", content = "be brief" }, new { role = "user", content = "hi" }, new { role = "assistant", content = "hello" }, new { role = "user", content = "more" } },
            partialResultToken = "chat-1",
        });

        var deltas = client.Progress.Where(p => p.GetProperty("token").GetString() == "chat-1").Select(p => p.GetProperty("value").GetProperty("delta").GetString()).ToList();
        Assert.Equal(6, deltas.Count);
        Assert.Equal(string.Concat(deltas), result.GetProperty("text").GetString());
        Assert.Equal("stop", result.GetProperty("finishReason").GetString());
        Assert.Equal(4, loader.Loads.Single().Client.LastMessages!.Count);
    }

    [Fact]
    public async Task Chat_cancelled_mid_stream_answers_RequestCancelled()
    {
        var loader = new FakeModelLoader(_ => new FakeChatClient { Endless = true, Delay = TimeSpan.FromMilliseconds(10) });
        await using var raw = new RawLspConnection(WithModel(loader));
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"capabilities":{}}}""");
        await raw.ReadResponseAsync(1);
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":2,"method":"pmcopilot/chat","params":{"messages":[{"role":"user","content":"go"}],"partialResultToken":"p"}}""");
        for (var i = 0; i < 3; i++)
        {
            var progress = await raw.ReadUntilAsync(m => m.TryGetProperty("method", out var method) && method.GetString() == "$/progress");
            Assert.Equal("p", progress.GetProperty("params").GetProperty("token").GetString());
        }

        await raw.SendJsonAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}""");
        var response = await raw.ReadResponseAsync(2);
        Assert.Equal(-32800, response.GetProperty("error").GetProperty("code").GetInt32());

        // The stream stopped: no more partial results arrive after the response, and the server still answers.
        await raw.SendJsonAsync("""{"jsonrpc":"2.0","id":3,"method":"pmcopilot/modelStatus"}""");
        var status = await raw.ReadResponseAsync(3);
        Assert.Equal("ready", status.GetProperty("result").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Chat_without_a_model_says_how_to_get_one()
    {
        await using var client = await LspTestClient.StartAsync(new LanguageServerOptions { ModelLoader = new FakeModelLoader().LoadAsync });
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync("pmcopilot/chat", new { messages = UserSays("hi") }));
        Assert.Equal(-32001, error.ErrorCode);
        Assert.Contains("pmcopilot models pull", error.Message);
    }

    [Fact]
    public async Task Bad_chat_input_is_InvalidParams()
    {
        await using var client = await LspTestClient.StartAsync(WithModel(new FakeModelLoader()));
        // StreamJsonRpc's client surfaces InvalidParams as RemoteMethodNotFoundException.
        var empty = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/chat", new { messages = Array.Empty<object>() }));
        Assert.Equal(-32602, (int)empty.ErrorCode);
        var role = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => client.RequestAsync("pmcopilot/chat", new { messages = new[] { new { role = "robot", content = "x" } } }));
        Assert.Equal(-32602, (int)role.ErrorCode);
        Assert.Contains("robot", role.Message);
    }

    [Fact]
    public async Task A_model_that_fails_to_load_is_reported_and_retried_after_a_settings_change()
    {
        var loader = new FakeModelLoader();
        await using var client = await LspTestClient.StartAsync(WithModel(loader, "/models/missing.gguf"));
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => client.RequestAsync("pmcopilot/chat", new { messages = UserSays("hi") }));
        Assert.Equal(-32001, error.ErrorCode);
        Assert.Contains("missing.gguf", error.Message);
        var status = await client.RequestAsync("pmcopilot/modelStatus", new { });
        Assert.Equal("failed", status.GetProperty("state").GetString());

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { pmcopilot = new { model = new { path = "/models/good.gguf" } } } });
        var result = await client.RequestAsync("pmcopilot/chat", new { messages = UserSays("hi") });
        Assert.False(string.IsNullOrEmpty(result.GetProperty("text").GetString()));
        Assert.Equal("/models/good.gguf", loader.Loads.Single().Settings.ModelPath);
    }

    [Fact]
    public async Task Configuration_changes_reload_the_model_without_restarting()
    {
        var loader = new FakeModelLoader();
        await using var client = await LspTestClient.StartAsync(WithModel(loader));
        Assert.Equal("notLoaded", (await client.RequestAsync("pmcopilot/modelStatus", new { })).GetProperty("state").GetString());
        await client.RequestAsync("pmcopilot/chat", new { messages = UserSays("one") });
        Assert.Equal("ready", (await client.RequestAsync("pmcopilot/modelStatus", new { })).GetProperty("state").GetString());

        // Language alone needs no reload; threads do.
        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { pmcopilot = new { language = "zh" } } });
        await client.RequestAsync("pmcopilot/chat", new { messages = UserSays("two") });
        Assert.Single(loader.Loads);

        await client.NotifyAsync("workspace/didChangeConfiguration", new { settings = new { pmcopilot = new { model = new { threads = 3, gpuLayers = 7 } } } });
        await client.RequestAsync("pmcopilot/chat", new { messages = UserSays("three") });
        Assert.Equal(2, loader.Loads.Count);
        Assert.Equal((3, 7, "/models/a.gguf"), (loader.Loads[1].Settings.Threads, loader.Loads[1].Settings.GpuLayers, loader.Loads[1].Settings.ModelPath));
        await Task.Delay(100);
        Assert.True(loader.Loads[0].Client.Disposed);
        Assert.False(loader.Loads[1].Client.Disposed);
    }

    [Fact]
    public async Task Model_load_reports_work_done_progress()
    {
        var loader = new FakeModelLoader { LoadTime = TimeSpan.FromMilliseconds(90) };
        await using var client = await LspTestClient.StartAsync(WithModel(loader), capabilities: new { window = new { workDoneProgress = true } });
        await client.RequestAsync("pmcopilot/chat", new { messages = UserSays("hi") });
        await Task.Delay(200);
        var kinds = client.Progress
            .Where(p => p.GetProperty("value").TryGetProperty("kind", out _))
            .Select(p => (Token: p.GetProperty("token").ToString(), Kind: p.GetProperty("value").GetProperty("kind").GetString()))
            .ToList();
        Assert.Equal("begin", kinds.First().Kind);
        Assert.Equal("end", kinds.Last().Kind);
        Assert.Contains(kinds, k => k.Kind == "report");
        Assert.Single(kinds.Select(k => k.Token).Distinct());
    }

    [Fact]
    public async Task Concurrent_chats_share_one_model_load()
    {
        var loader = new FakeModelLoader { LoadTime = TimeSpan.FromMilliseconds(60) };
        await using var client = await LspTestClient.StartAsync(WithModel(loader));
        var chats = Enumerable.Range(0, 4).Select(i => client.RequestAsync("pmcopilot/chat", new { messages = UserSays($"q{i}"), partialResultToken = $"c{i}" })).ToList();
        var results = await Task.WhenAll(chats);
        Assert.Single(loader.Loads);
        Assert.All(results, r => Assert.Equal(JsonValueKind.String, r.GetProperty("text").ValueKind));
    }
}
