using System.Net;
using System.Net.Sockets;
using System.Text;
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
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _inFlight = [];
    private readonly List<HttpConnection> _connections = [];
    private Socket? _listenSocket;
    private Task? _acceptLoop;

    public OpenAiHttpServer(IChatClient chat, OpenAiHttpServerOptions options)
    {
        _chat = chat;
        _options = options;
        // Resolved (and bound) only by Start, whose errors the caller handles.
        var bare = options.Host.Trim('[', ']');
        var host = bare is "0.0.0.0" or "*" or "+" ? "127.0.0.1" : bare.Contains(':') ? $"[{bare}]" : bare;
        BaseAddress = new Uri($"http://{host}:{options.Port}/");
    }

    /// <summary>Where clients reach the server (after <see cref="Start"/>: with the port the system gave for port 0).</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>Idle time after which a kept-alive connection with no new request is closed.</summary>
    public static TimeSpan IdleTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Starts listening (once; later calls do nothing); throws <see cref="SocketException"/> when the port is taken.</summary>
    public void Start()
    {
        if (_acceptLoop is not null)
            return;
        var address = ListenAddress(_options.Host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            socket.Bind(new IPEndPoint(address, _options.Port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listenSocket = socket;
        BaseAddress = new Uri($"http://{UrlHost(address)}:{((IPEndPoint)socket.LocalEndPoint!).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The address to bind: loopback by default; 0.0.0.0, * or + for every IPv4 interface, :: for every interface.</summary>
    private static IPAddress ListenAddress(string host)
    {
        var bare = host.Trim('[', ']');
        if (bare is "0.0.0.0" or "*" or "+")
            return IPAddress.Any;
        if (bare.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return IPAddress.Loopback;
        if (IPAddress.TryParse(bare, out var address))
            return address;
        return Dns.GetHostAddresses(bare).FirstOrDefault() ?? throw new SocketException((int)SocketError.HostNotFound);
    }

    private static string UrlHost(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "127.0.0.1"
        : address.Equals(IPAddress.IPv6Any) ? "[::1]"
        : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]"
        : address.ToString();

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
        _listenSocket?.Dispose();
        if (_acceptLoop is not null)
            await _acceptLoop.ConfigureAwait(false);
        HttpConnection[] open;
        lock (_inFlight)
            open = [.. _connections];
        foreach (var connection in open)
            await connection.DisposeAsync().ConfigureAwait(false);
        Task[] pending;
        lock (_inFlight)
            pending = [.. _inFlight];
        await Task.WhenAll(pending).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listenSocket!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                _options.Log?.WriteLine($"http: accept failed: {ex.Message}");
                continue;
            }

            var connection = new HttpConnection(accepted);
            var task = Task.Run(() => ServeConnectionAsync(connection));
            lock (_inFlight)
            {
                _inFlight.Add(task);
                _inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
    }

    /// <summary>Requests of one connection, one after another, until the client or the server closes it.</summary>
    private async Task ServeConnectionAsync(HttpConnection connection)
    {
        lock (_inFlight)
            _connections.Add(connection);
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                HttpExchange? exchange;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
                {
                    idle.CancelAfter(IdleTimeout);
                    try
                    {
                        exchange = await connection.ReadRequestAsync(idle.Token).ConfigureAwait(false);
                    }
                    catch (HttpProtocolException ex)
                    {
                        await WriteProtocolErrorAsync(connection, ex).ConfigureAwait(false);
                        return;
                    }
                }

                if (exchange is null)
                    return;
                await HandleAsync(exchange).ConfigureAwait(false);
                if (!exchange.KeepAlive || !exchange.ResponseStarted)
                    return;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away, stayed idle too long, or the server is stopping.
        }
        finally
        {
            lock (_inFlight)
                _connections.Remove(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task WriteProtocolErrorAsync(HttpConnection connection, HttpProtocolException error)
    {
        // No exchange exists for a request that could not be read: answer HTTP/1.1 and close.
        var body = ErrorBody(error.Message, "invalid_request_error", null);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {error.Status} {HttpExchange.Reason(error.Status)}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            await connection.Stream.WriteAsync(head.Concat(body).ToArray()).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task HandleAsync(HttpExchange exchange)
    {
        try
        {
            var path = exchange.Path.TrimEnd('/');
            switch (path)
            {
                case "/v1/models" or "/models" when exchange.Method == "GET":
                    await WriteJsonAsync(exchange, 200, ModelsJson()).ConfigureAwait(false);
                    break;
                case "/v1/chat/completions" or "/chat/completions" when exchange.Method == "POST":
                    await ChatCompletionsAsync(exchange).ConfigureAwait(false);
                    break;
                case "/v1/models" or "/models" or "/v1/chat/completions" or "/chat/completions":
                    await WriteErrorAsync(exchange, 405, $"Method {exchange.Method} is not allowed on {path}.", "invalid_request_error").ConfigureAwait(false);
                    break;
                default:
                    await WriteErrorAsync(exchange, 404, $"No such endpoint: {exchange.Method} {path}. This server offers GET /v1/models and POST /v1/chat/completions.", "invalid_request_error").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away; generation for it was already cancelled.
            throw;
        }
        catch (HttpProtocolException ex) when (!exchange.ResponseStarted)
        {
            exchange.CloseAfterResponse();
            await WriteErrorAsync(exchange, ex.Status, ex.Message, "invalid_request_error").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _options.Log?.WriteLine($"http: {exchange.Method} {exchange.Path} failed: {ex.Message}");
            if (!exchange.ResponseStarted)
                await WriteErrorAsync(exchange, 500, ex.Message, "server_error").ConfigureAwait(false);
            else
                throw new IOException("The response failed after it started; the connection is closed.", ex);
        }
    }

    private async Task ChatCompletionsAsync(HttpExchange exchange)
    {
        var body = await exchange.ReadBodyAsync(_options.MaxRequestBytes, _stopping.Token).ConfigureAwait(false);
        if (body is null)
        {
            await WriteErrorAsync(exchange, 413, $"The request body is larger than {_options.MaxRequestBytes} bytes.", "invalid_request_error").ConfigureAwait(false);
            return;
        }

        ChatCompletionRequest parsed;
        try
        {
            parsed = ChatCompletionRequest.Parse(body);
        }
        catch (ChatRequestException ex)
        {
            await WriteErrorAsync(exchange, 400, ex.Message, "invalid_request_error", ex.Param).ConfigureAwait(false);
            return;
        }

        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var model = parsed.Model ?? _options.ModelId;

        // The client hanging up is the only cancellation HTTP offers: a failed write cancels the generation.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        if (parsed.Stream)
            await StreamAsync(exchange, parsed, id, created, model, cancel).ConfigureAwait(false);
        else
            await CompleteAsync(exchange, parsed, id, created, model, cancel.Token).ConfigureAwait(false);
    }

    private async Task CompleteAsync(HttpExchange exchange, ChatCompletionRequest parsed, string id, long created, string model, CancellationToken cancellationToken)
    {
        var result = await _chat.GetResponseAsync(parsed.Messages, parsed.Options, cancellationToken).ConfigureAwait(false);
        var usage = result.Usage;
        await WriteJsonAsync(exchange, 200, writer =>
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

    private async Task StreamAsync(HttpExchange exchange, ChatCompletionRequest parsed, string id, long created, string model, CancellationTokenSource cancel)
    {
        await exchange.StartStreamAsync(200, "text/event-stream; charset=utf-8").ConfigureAwait(false);

        async Task SendAsync(Action<Utf8JsonWriter> chunk)
        {
            var buffer = new MemoryStream();
            buffer.Write("data: "u8);
            using (var writer = new Utf8JsonWriter(buffer))
                chunk(writer);
            buffer.Write("\n\n"u8);
            try
            {
                await exchange.WriteStreamAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
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

        await exchange.WriteStreamAsync("data: [DONE]\n\n"u8.ToArray()).ConfigureAwait(false);
        await exchange.EndStreamAsync().ConfigureAwait(false);
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

    private static async Task WriteJsonAsync(HttpExchange exchange, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        await exchange.WriteAsync(status, "application/json; charset=utf-8", buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpExchange exchange, int status, string message, string type, string? param = null) =>
        exchange.WriteAsync(status, "application/json; charset=utf-8", ErrorBody(message, type, param));

    private static byte[] ErrorBody(string message, string type, string? param)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
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
        }

        return buffer.ToArray();
    }

    /// <summary>A free loopback port, for tests that must know the port before the server starts.</summary>
    public static int FindFreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
