using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PmCopilot.Llama.Tests;

public sealed class OpenAICompatibleProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_from_an_openai_compatible_server_with_key_and_options()
    {
        await using var server = FakeOpenAIServer.Start();
        await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings
        {
            Provider = ChatProvider.OpenAICompatible,
            Endpoint = server.Endpoint,
            RemoteModel = "remote-model",
            ApiKey = "test-key",
        }, null, Ct);

        Assert.Null(runtime.Embeddings);
        Assert.Equal(ChatProvider.OpenAICompatible, runtime.Info.Provider);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var u in runtime.Chat.GetStreamingResponseAsync(TestModel.Ask("hi"), new ChatOptions { MaxOutputTokens = 7, StopSequences = ["\nUser:"], Temperature = 0.2f }, Ct))
            updates.Add(u);

        Assert.Equal("Hello, world", string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 3);
        Assert.Contains(updates, u => u.FinishReason == ChatFinishReason.Stop);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Single().Details;
        Assert.Equal(5, usage.InputTokenCount);
        Assert.Equal(3, usage.OutputTokenCount);

        var request = server.Requests.Single();
        Assert.Equal("Bearer test-key", request.Authorization);
        Assert.Equal("/v1/chat/completions", request.Path);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("remote-model", json.RootElement.GetProperty("model").GetString());
        Assert.True(json.RootElement.GetProperty("stream").GetBoolean());
        Assert.Equal("\nUser:", json.RootElement.GetProperty("stop")[0].GetString());
    }

    [Fact]
    public async Task Non_streaming_response_and_finish_reason_length()
    {
        await using var server = FakeOpenAIServer.Start();
        await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings
        {
            Provider = ChatProvider.OpenAICompatible,
            Endpoint = server.Endpoint,
            RemoteModel = "remote-model",
        }, null, Ct);

        var response = await runtime.Chat.GetResponseAsync(TestModel.Ask("hi"), new ChatOptions { MaxOutputTokens = 2 }, Ct);
        Assert.Equal("Hello", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(2, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public void Api_key_is_not_printed()
    {
        var settings = new ChatProviderSettings { Provider = ChatProvider.OpenAICompatible, ApiKey = "sk-secret-123" };
        Assert.DoesNotContain("sk-secret-123", settings.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A loopback HTTP server answering /v1/chat/completions like an OpenAI-compatible endpoint (SSE when stream=true).</summary>
    private sealed class FakeOpenAIServer : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _loop;

        private FakeOpenAIServer(HttpListener listener, int port)
        {
            _listener = listener;
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
            _loop = Task.Run(LoopAsync);
        }

        public Uri Endpoint { get; }

        public List<(string Path, string? Authorization, string Body)> Requests { get; } = [];

        public static FakeOpenAIServer Start()
        {
            for (var attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                var port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                try
                {
                    listener.Start();
                    return new FakeOpenAIServer(listener, port);
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                }
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                lock (Requests)
                    Requests.Add((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
                using var json = JsonDocument.Parse(body);
                var stream = json.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean();
                var response = context.Response;
                if (stream)
                {
                    response.ContentType = "text/event-stream";
                    response.SendChunked = true;
                    string[] pieces = ["Hello", ", ", "world"];
                    foreach (var (piece, i) in pieces.Select((p, i) => (p, i)))
                    {
                        var delta = i == 0 ? $"{{\"role\":\"assistant\",\"content\":\"{piece}\"}}" : $"{{\"content\":\"{piece}\"}}";
                        await WriteAsync(response, $"data: {{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"remote-model\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":null}}]}}\n\n");
                    }

                    await WriteAsync(response, "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"remote-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}\n\n");
                    await WriteAsync(response, "data: [DONE]\n\n");
                }
                else
                {
                    response.ContentType = "application/json";
                    await WriteAsync(response, "{\"id\":\"c2\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"remote-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}");
                }

                response.Close();
            }
        }

        private static async Task WriteAsync(HttpListenerResponse response, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            await response.OutputStream.WriteAsync(bytes);
            await response.OutputStream.FlushAsync();
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop.ConfigureAwait(false);
        }
    }
}
