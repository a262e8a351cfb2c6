using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PmCopilot.LanguageServer.Http;

/// <summary>Where the HTTP mode listens and what it calls its model.</summary>
public sealed record OpenAiHttpServerOptions
{
    /// <summary>Loopback by default: the server has no authentication, so exposing it is the user's explicit choice.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 8080;

    /// <summary>The id listed by <c>/v1/models</c>; requests may name any model, there is only one.</summary>
    public string ModelId { get; init; } = "pmcopilot-local";

    /// <summary>Largest request body accepted; larger ones get 413 without being read whole.</summary>
    public int MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    public TextWriter? Log { get; init; }
}

/// <summary>
/// An OpenAI-compatible endpoint (<c>GET /v1/models</c>, <c>POST /v1/chat/completions</c> with or without SSE
/// streaming) over one <see cref="IChatClient"/>, so any OpenAI client — or another PmCopilot — can share one model.
/// Requests are handled concurrently; the local chat client decodes concurrent requests together as sequences of one
/// batch and queues them when all its slots are busy, so this layer only translates.
/// </summary>
public sealed class OpenAiHttpServer : IAsyncDisposable
{
    private readonly IChatClient _chat;
    private readonly OpenAiHttpServerOptions _options;
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _inFlight = [];
    private Task? _acceptLoop;

    public OpenAiHttpServer(IChatClient chat, OpenAiHttpServerOptions options)
    {
        _chat = chat;
        _options = options;
        var host = options.Host is "0.0.0.0" or "*" ? "+" : options.Host.Contains(':') && !options.Host.StartsWith('[') ? $"[{options.Host}]" : options.Host;
        _listener.Prefixes.Add($"http://{host}:{options.Port}/");
        BaseAddress = new Uri($"http://{(host == "+" ? "127.0.0.1" : host)}:{options.Port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts listening (once; later calls do nothing); throws <see cref="HttpListenerException"/> when the port is taken.</summary>
    public void Start()
    {
        if (_acceptLoop is not null)
            return;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Starts (unless already started) and runs until <paramref name="cancellationToken"/> is cancelled (Ctrl-C).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Start();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener.IsListening)
            _listener.Stop();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
        Task[] pending;
        lock (_inFlight)
            pending = [.. _inFlight];
        await Task.WhenAll(pending).ConfigureAwait(false);
        _listener.Close();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException ex)
            {
                _options.Log?.WriteLine($"http: accept failed: {ex.Message}");
                continue;
            }

            var task = Task.Run(() => HandleAsync(context));
            lock (_inFlight)
            {
                _inFlight.Add(task);
                _inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            var path = request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
            switch (path)
            {
                case "/v1/models" or "/models" when request.HttpMethod == "GET":
                    await WriteJsonAsync(response, 200, ModelsJson()).ConfigureAwait(false);
                    break;
                case "/v1/chat/completions" or "/chat/completions" when request.HttpMethod == "POST":
                    await ChatCompletionsAsync(request, response).ConfigureAwait(false);
                    break;
                case "/v1/models" or "/models" or "/v1/chat/completions" or "/chat/completions":
                    await WriteErrorAsync(response, 405, $"Method {request.HttpMethod} is not allowed on {path}.", "invalid_request_error").ConfigureAwait(false);
                    break;
                default:
                    await WriteErrorAsync(response, 404, $"No such endpoint: {request.HttpMethod} {path}. This server offers GET /v1/models and POST /v1/chat/completions.", "invalid_request_error").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away; generation for it was already cancelled.
        }
        catch (Exception ex)
        {
            _options.Log?.WriteLine($"http: {request.HttpMethod} {request.Url?.AbsolutePath} failed: {ex.Message}");
            try
            {
                await WriteErrorAsync(response, 500, ex.Message, "server_error").ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Headers may already be sent (a failure mid-stream); the client sees the stream end.
            }
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception)
            {
                // Closing a response whose connection is gone throws; nothing is left to do for it.
            }
        }
    }

    private async Task ChatCompletionsAsync(HttpListenerRequest request, HttpListenerResponse response)
    {
        if (request.ContentLength64 > _options.MaxRequestBytes)
        {
            await WriteErrorAsync(response, 413, $"The request body is larger than {_options.MaxRequestBytes} bytes.", "invalid_request_error").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(request.InputStream, _options.MaxRequestBytes).ConfigureAwait(false);
        if (body is null)
        {
            await WriteErrorAsync(response, 413, $"The request body is larger than {_options.MaxRequestBytes} bytes.", "invalid_request_error").ConfigureAwait(false);
            return;
        }

        ChatCompletionRequest parsed;
        try
        {
            parsed = ChatCompletionRequest.Parse(body);
        }
        catch (ChatRequestException ex)
        {
            await WriteErrorAsync(response, 400, ex.Message, "invalid_request_error", ex.Param).ConfigureAwait(false);
            return;
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var model = parsed.Model ?? _options.ModelId;

        // The client hanging up is the only cancellation HTTP offers: a failed write cancels the generation.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (parsed.Stream)
            await StreamAsync(response, parsed, id, created, model, cancel).ConfigureAwait(false);
        else
            await CompleteAsync(response, parsed, id, created, model, cancel.Token).ConfigureAwait(false);
    }

    private async Task CompleteAsync(HttpListenerResponse response, ChatCompletionRequest parsed, string id, long created, string model, CancellationToken cancellationToken)
    {
        var result = await _chat.GetResponseAsync(parsed.Messages, parsed.Options, cancellationToken).ConfigureAwait(false);
        var usage = result.Usage;
        await WriteJsonAsync(response, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", created);
            writer.WriteString("model", model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", result.Text);
            writer.WriteEndObject();
            writer.WriteString("finish_reason", FinishReasonText(result.FinishReason));
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, usage);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private async Task StreamAsync(HttpListenerResponse response, ChatCompletionRequest parsed, string id, long created, string model, CancellationTokenSource cancel)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.SendChunked = true;
        response.Headers["Cache-Control"] = "no-cache";
        var output = response.OutputStream;

        async Task SendAsync(Action<Utf8JsonWriter> chunk)
        {
            var buffer = new MemoryStream();
            buffer.Write("data: "u8);
            using (var writer = new Utf8JsonWriter(buffer))
                chunk(writer);
            buffer.Write("\n\n"u8);
            try
            {
                await output.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), CancellationToken.None).ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await cancel.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        void ChunkHeader(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("object", "chat.completion.chunk");
            writer.WriteNumber("created", created);
            writer.WriteString("model", model);
        }

        await SendAsync(writer =>
        {
            ChunkHeader(writer);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", string.Empty);
            writer.WriteEndObject();
            writer.WriteNull("finish_reason");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);

        ChatFinishReason? finish = null;
        UsageDetails? usage = null;
        await foreach (var update in _chat.GetStreamingResponseAsync(parsed.Messages, parsed.Options, cancel.Token).ConfigureAwait(false))
        {
            finish ??= update.FinishReason;
            foreach (var content in update.Contents)
            {
                if (content is UsageContent u)
                    usage = u.Details;
            }

            var text = update.Text;
            if (string.IsNullOrEmpty(text))
                continue;
            await SendAsync(writer =>
            {
                ChunkHeader(writer);
                writer.WriteStartArray("choices");
                writer.WriteStartObject();
                writer.WriteNumber("index", 0);
                writer.WriteStartObject("delta");
                writer.WriteString("content", text);
                writer.WriteEndObject();
                writer.WriteNull("finish_reason");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();
            }).ConfigureAwait(false);
        }

        await SendAsync(writer =>
        {
            ChunkHeader(writer);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteStartObject("delta");
            writer.WriteEndObject();
            writer.WriteString("finish_reason", FinishReasonText(finish));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);

        if (parsed.IncludeUsage)
        {
            await SendAsync(writer =>
            {
                ChunkHeader(writer);
                writer.WriteStartArray("choices");
                writer.WriteEndArray();
                WriteUsage(writer, usage);
                writer.WriteEndObject();
            }).ConfigureAwait(false);
        }

        await output.WriteAsync("data: [DONE]\n\n"u8.ToArray()).ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
    }

    private static void WriteUsage(Utf8JsonWriter writer, UsageDetails? usage)
    {
        var prompt = usage?.InputTokenCount ?? 0;
        var completion = usage?.OutputTokenCount ?? 0;
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("total_tokens", prompt + completion);
        if (usage?.CachedInputTokenCount is { } cached)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", cached);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static string FinishReasonText(ChatFinishReason? reason) =>
        reason == ChatFinishReason.Length ? "length"
        : reason == ChatFinishReason.ContentFilter ? "content_filter"
        : reason == ChatFinishReason.ToolCalls ? "tool_calls"
        : "stop";

    private Action<Utf8JsonWriter> ModelsJson() => writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        writer.WriteStartObject();
        writer.WriteString("id", _options.ModelId);
        writer.WriteString("object", "model");
        writer.WriteNumber("created", 0);
        writer.WriteString("owned_by", "pmcopilot");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    };

    private static async Task<byte[]?> ReadBodyAsync(Stream input, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteJsonAsync(HttpListenerResponse response, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength64 = buffer.Length;
        await response.OutputStream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpListenerResponse response, int status, string message, string type, string? param = null) =>
        WriteJsonAsync(response, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            if (param is null)
                writer.WriteNull("param");
            else
                writer.WriteString("param", param);
            writer.WriteNull("code");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });

    /// <summary>Free loopback port for tests and for <c>--port 0</c> (HttpListener cannot bind port 0 itself).</summary>
    public static int FindFreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
