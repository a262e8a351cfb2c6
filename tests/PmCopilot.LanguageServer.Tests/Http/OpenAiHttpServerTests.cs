using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PmCopilot.LanguageServer.Http;
using PmCopilot.Llama;

namespace PmCopilot.LanguageServer.Tests.Http;

/// <summary>The HTTP mode against the tiny random-weight model: machinery only (shapes, streaming, batching), never wording.</summary>
public sealed class OpenAiHttpServerTests
{
    private static string ModelPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PmCopilot.sln")))
                dir = dir.Parent;
            return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "models", "llama-2-tiny-random.gguf"));
        }
    }

    private static async Task<(ChatRuntime Runtime, OpenAiHttpServer Server, HttpClient Http)> StartAsync(int parallel)
    {
        var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings
        {
            Local = new LlamaSettings { ModelPath = ModelPath, ContextSize = 256, BatchSize = 64, Threads = 1, MaxParallelSequences = parallel, EnableEmbeddings = false },
        }, null, TestContext.Current.CancellationToken);
        var server = new OpenAiHttpServer(runtime.Chat, new OpenAiHttpServerOptions { Port = OpenAiHttpServer.FindFreePort(), ModelId = "tiny" });
        server.Start();
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        return (runtime, server, http);
    }

    private static async Task DisposeAsync((ChatRuntime Runtime, OpenAiHttpServer Server, HttpClient Http) s)
    {
        s.Http.Dispose();
        await s.Server.DisposeAsync();
        await s.Runtime.DisposeAsync();
    }

    private static StringContent Body(string prompt, int maxTokens, bool stream) =>
        new(JsonSerializer.Serialize(new
        {
            model = "tiny",
            messages = new object[] { new { role = "system", content = "You are terse." }, new { role = "user", content = prompt } },
            max_tokens = maxTokens,
            temperature = 0,
            stream,
            stream_options = stream ? new { include_usage = true } : null,
        }), Encoding.UTF8, "application/json");

    private static async Task<(string Text, string? Finish, JsonNode? Usage, List<string> Events)> ReadStreamAsync(HttpResponseMessage response, CancellationToken ct, Func<int, bool>? continueAfter = null)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var text = new StringBuilder();
        string? finish = null;
        JsonNode? usage = null;
        var events = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
                continue;
            Assert.StartsWith("data: ", line);
            var data = line["data: ".Length..];
            events.Add(data);
            if (data == "[DONE]")
                break;
            var chunk = JsonNode.Parse(data)!;
            Assert.Equal("chat.completion.chunk", (string?)chunk["object"]);
            var choices = chunk["choices"]!.AsArray();
            if (chunk["usage"] is { } u)
                usage = u;
            if (choices.Count == 0)
                continue;
            text.Append((string?)choices[0]!["delta"]!["content"]);
            finish ??= (string?)choices[0]!["finish_reason"];
            if (continueAfter is not null && !continueAfter(events.Count))
                break;
        }

        return (text.ToString(), finish, usage, events);
    }

    [Fact]
    public async Task Lists_the_model()
    {
        var s = await StartAsync(1);
        try
        {
            var json = JsonNode.Parse(await s.Http.GetStringAsync("v1/models", TestContext.Current.CancellationToken))!;
            Assert.Equal("list", (string?)json["object"]);
            Assert.Equal("tiny", (string?)json["data"]![0]!["id"]);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Completes_without_streaming_and_reports_usage()
    {
        var s = await StartAsync(1);
        try
        {
            using var response = await s.Http.PostAsync("v1/chat/completions", Body("Hello there", 12, stream: false), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Equal("chat.completion", (string?)json["object"]);
            Assert.Equal("assistant", (string?)json["choices"]![0]!["message"]!["role"]);
            Assert.NotNull((string?)json["choices"]![0]!["message"]!["content"]);
            var completion = (int)json["usage"]!["completion_tokens"]!;
            Assert.InRange(completion, 1, 12);
            Assert.True((int)json["usage"]!["prompt_tokens"]! > 0);
            Assert.Equal(completion == 12 ? "length" : "stop", (string?)json["choices"]![0]!["finish_reason"]);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Streams_server_sent_events_ending_with_done_and_matching_the_unstreamed_answer()
    {
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            using var plain = await s.Http.PostAsync("v1/chat/completions", Body("Stream me", 16, stream: false), ct);
            var expected = (string?)JsonNode.Parse(await plain.Content.ReadAsStringAsync(ct))!["choices"]![0]!["message"]!["content"];

            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Body("Stream me", 16, stream: true) };
            using var response = await s.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var (text, finish, usage, events) = await ReadStreamAsync(response, ct);

            Assert.Equal("[DONE]", events[^1]);
            Assert.True(events.Count >= 4, "role chunk, at least one token, finish chunk, [DONE]");
            Assert.Equal(expected, text);
            Assert.NotNull(finish);
            Assert.NotNull(usage);
            Assert.True((int)usage!["completion_tokens"]! > 0);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Concurrent_requests_beyond_the_slots_queue_complete_and_do_not_mix()
    {
        var s = await StartAsync(parallel: 2);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var prompts = Enumerable.Range(0, 6).Select(i => $"Request number {i} about topic {i * 7}").ToArray();

            // Alone, one after another: the reference answers (greedy, so deterministic).
            var alone = new List<string>();
            foreach (var prompt in prompts)
            {
                using var r = await s.Http.PostAsync("v1/chat/completions", Body(prompt, 20, stream: false), ct);
                alone.Add((string)JsonNode.Parse(await r.Content.ReadAsStringAsync(ct))!["choices"]![0]!["message"]!["content"]!);
            }

            // Together: six streams on two slots, so four wait in the queue while two decode in one batch.
            var together = await Task.WhenAll(prompts.Select(async prompt =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Body(prompt, 20, stream: true) };
                using var response = await s.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                return (await ReadStreamAsync(response, ct)).Text;
            }));

            Assert.Equal(alone, together);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task A_client_that_hangs_up_is_cancelled_and_the_others_go_on()
    {
        var s = await StartAsync(parallel: 3);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            async Task<(string Text, string? Finish)> Run(string prompt)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Body(prompt, 120, stream: true) };
                using var response = await s.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                var result = await ReadStreamAsync(response, ct);
                return (result.Text, result.Finish);
            }

            using var quitter = new CancellationTokenSource();
            var dropped = Task.Run(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Body("I will leave early", 120, stream: true) };
                using var response = await s.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, quitter.Token);
                await ReadStreamAsync(response, quitter.Token, continueAfter: n => n < 3);
            }, ct);
            var first = Run("Keep going one");
            var second = Run("Keep going two");

            await dropped; // read three events, then disposed the response: the connection closes mid-stream
            var results = await Task.WhenAll(first, second);
            foreach (var (text, finish) in results)
            {
                Assert.False(string.IsNullOrEmpty(text));
                Assert.NotNull(finish);
            }
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("[1,2,3]", null)]
    [InlineData("{\"model\":\"tiny\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":-5}", "max_tokens")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}", "temperature")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":3}", "n")]
    public async Task Malformed_requests_get_400_with_a_json_error_and_the_server_goes_on(string body, string? param)
    {
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            using var bad = await s.Http.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var error = JsonNode.Parse(await bad.Content.ReadAsStringAsync(ct))!["error"]!;
            Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
            Assert.Equal("invalid_request_error", (string?)error["type"]);
            Assert.Equal(param, (string?)error["param"]);

            using var good = await s.Http.PostAsync("v1/chat/completions", Body("still there?", 4, stream: false), ct);
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Unknown_paths_and_methods_are_refused_with_json()
    {
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            using var missing = await s.Http.GetAsync("v1/embeddings", ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.NotNull(JsonNode.Parse(await missing.Content.ReadAsStringAsync(ct))!["error"]);
            using var wrongMethod = await s.Http.GetAsync("v1/chat/completions", ct);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Port_zero_takes_a_free_port_and_reports_it()
    {
        await using var runtime = await ChatRuntime.LoadAsync(new ChatProviderSettings
        {
            Local = new LlamaSettings { ModelPath = ModelPath, ContextSize = 256, BatchSize = 64, Threads = 1, MaxParallelSequences = 1, EnableEmbeddings = false },
        }, null, TestContext.Current.CancellationToken);
        await using var server = new OpenAiHttpServer(runtime.Chat, new OpenAiHttpServerOptions { Port = 0, ModelId = "tiny" });
        server.Start();

        Assert.NotEqual(0, server.BaseAddress.Port);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Contains("\"tiny\"", await http.GetStringAsync("v1/models", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_is_not_held_back_by_the_clients_delayed_acknowledgements()
    {
        // With Nagle's algorithm on (as .NET's HttpListener left it), every stream stalled ~40 ms after its first event
        // waiting for the client's delayed ACK. A one-token stream is a handful of small writes and ~1 ms of decoding.
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                using var response = await s.Http.PostAsync("v1/chat/completions", Body($"Quick {i}", 1, stream: true), ct);
                var (_, finish, _, _) = await ReadStreamAsync(response, ct);
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.NotNull(finish);
            }

            times.Sort();
            Assert.True(times[times.Count / 2] < 35, $"one-token streams took {string.Join(", ", times.Select(t => t.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Raw_http_keep_alive_pipelining_chunked_bodies_expect_continue_http10_and_garbage_are_handled()
    {
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            var json = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}";

            async Task<string> ExchangeAsync(string request, Func<System.Net.Sockets.NetworkStream, Task>? afterHead = null)
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(s.Server.BaseAddress.Host, s.Server.BaseAddress.Port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);
                if (afterHead is not null)
                    await afterHead(stream);
                client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return await reader.ReadToEndAsync(ct);
            }

            // Two requests on one connection, sent back to back; the second one closes it.
            var pipelined = await ExchangeAsync("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", pipelined, StringComparison.Ordinal);
            Assert.Contains("HTTP/1.1 404 Not Found", pipelined, StringComparison.Ordinal);

            // A chunked request body (split inside the JSON).
            var chunked = await ExchangeAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{10:X}\r\n{json[..10]}\r\n{json.Length - 10:X}\r\n{json[10..]}\r\n0\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200 OK", chunked, StringComparison.Ordinal);
            Assert.Contains("chat.completion", chunked, StringComparison.Ordinal);

            // Expect: 100-continue: the body follows only after the interim answer (as curl does for bodies over 1 KiB).
            var expect = await ExchangeAsync($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: {json.Length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n", async stream =>
            {
                var interim = new byte[25];
                var read = 0;
                while (read < interim.Length)
                    read += await stream.ReadAsync(interim.AsMemory(read), ct);
                Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.ASCII.GetString(interim));
                await stream.WriteAsync(Encoding.ASCII.GetBytes(json), ct);
            });
            Assert.StartsWith("HTTP/1.1 200 OK", expect, StringComparison.Ordinal);

            // HTTP/1.0 streaming: no chunked framing, the end of the stream is the end of the connection.
            var http10 = await ExchangeAsync($"POST /v1/chat/completions HTTP/1.0\r\nContent-Length: {json.Length + 14}\r\n\r\n{json[..^1]},\"stream\":true}}");
            Assert.StartsWith("HTTP/1.0 200 OK", http10, StringComparison.Ordinal);
            Assert.DoesNotContain("Transfer-Encoding", http10, StringComparison.Ordinal);
            Assert.EndsWith("data: [DONE]\n\n", http10, StringComparison.Ordinal);

            // Not HTTP at all: a JSON 400 and the connection closes; a body larger than allowed: 413.
            var garbage = await ExchangeAsync("HELLO\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 400 Bad Request", garbage, StringComparison.Ordinal);
            Assert.Contains("\"invalid_request_error\"", garbage, StringComparison.Ordinal);
            var tooLarge = await ExchangeAsync("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 413 Payload Too Large", tooLarge, StringComparison.Ordinal);

            // And the server goes on.
            using var good = await s.Http.PostAsync("v1/chat/completions", Body("still there?", 2, stream: false), ct);
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }

    [Fact]
    public async Task Another_PmCopilot_can_use_it_through_the_OpenAI_compatible_provider()
    {
        var s = await StartAsync(1);
        try
        {
            var ct = TestContext.Current.CancellationToken;
            await using var remote = await ChatRuntime.LoadAsync(new ChatProviderSettings
            {
                Provider = ChatProvider.OpenAICompatible,
                Endpoint = new Uri(s.Server.BaseAddress, "v1"),
                RemoteModel = "tiny",
                ApiKey = "unused",
            }, null, ct);

            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in remote.Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { MaxOutputTokens = 8, Temperature = 0 }, ct))
                updates.Add(update);

            Assert.Contains(updates, u => !string.IsNullOrEmpty(u.Text));
            Assert.Contains(updates, u => u.FinishReason is not null);
        }
        finally
        {
            await DisposeAsync(s);
        }
    }
}
