using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;
using StreamJsonRpc.Reflection;

namespace PmCopilot.LanguageServer.Transport;

/// <summary>Decides whether a well-formed request may be dispatched now (the LSP lifecycle). Null admits it.</summary>
internal delegate (int Code, string Message)? MessageGate(string method, bool isNotification);

/// <summary>
/// LSP base protocol framing (<c>Content-Length</c> headers, UTF-8 JSON bodies) in front of StreamJsonRpc.
/// StreamJsonRpc drops the whole connection on the first unparsable message, on a message that is neither request nor
/// response, and on a response to a request it never sent. An editor must not lose its server to one bad frame, so
/// every frame is checked here first: a bad one is answered with ParseError/InvalidRequest (or dropped, when it is a
/// response) and reading goes on with the next frame.
/// </summary>
internal sealed class LspMessageHandler : IJsonRpcMessageHandler, IJsonRpcMessageBufferManager, IDisposable
{
    internal const int MaxContentLength = 64 * 1024 * 1024;
    private const int MaxHeaderBlock = 8 * 1024;
    private static readonly byte[] HeaderTerminator = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLengthName = "Content-Length:"u8.ToArray();

    private readonly PipeReader reader;
    private readonly Stream output;
    private readonly SystemTextJsonFormatter formatter;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, byte> outgoingRequests = new(StringComparer.Ordinal);
    private readonly TextWriter log;

    public LspMessageHandler(Stream input, Stream output, SystemTextJsonFormatter formatter, TextWriter log)
    {
        this.reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        this.output = output;
        this.formatter = formatter;
        this.log = log;
    }

    public MessageGate? Gate { get; set; }

    public bool CanRead => true;

    public bool CanWrite => true;

    public IJsonRpcMessageFormatter Formatter => this.formatter;

    public async ValueTask<JsonRpcMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await this.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (frame is null)
            {
                return null;
            }

            if (frame.Value.HeaderError is { } headerError)
            {
                await this.WriteErrorAsync(null, LspErrorCodes.ParseError, headerError, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var body = frame.Value.Body!;
            var verdict = Inspect(body);
            if (verdict.Error is { } error)
            {
                this.log.WriteLine($"pmcopilot-lsp: rejected message: {error.Message}");
                await this.WriteErrorAsync(verdict.Id, error.Code, error.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (verdict.IsResponse)
            {
                if (verdict.IdKey is null || !this.outgoingRequests.TryRemove(verdict.IdKey, out _))
                {
                    this.log.WriteLine("pmcopilot-lsp: ignored a response to no request of ours");
                    continue;
                }
            }
            else if (this.Gate?.Invoke(verdict.Method!, verdict.Id is null) is { } refusal)
            {
                if (verdict.Id is not null)
                {
                    await this.WriteErrorAsync(verdict.Id, refusal.Code, refusal.Message, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            try
            {
                return this.formatter.Deserialize(new ReadOnlySequence<byte>(body));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or OverflowException)
            {
                await this.WriteErrorAsync(verdict.Id, LspErrorCodes.InvalidRequest, "Invalid request: " + ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask WriteAsync(JsonRpcMessage jsonRpcMessage, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        this.formatter.Serialize(body, jsonRpcMessage);
        if (jsonRpcMessage is JsonRpcRequest { IsResponseExpected: true } request)
        {
            this.outgoingRequests[KeyOf(request.RequestId)] = 0;
        }

        await this.WriteFrameAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    void IJsonRpcMessageBufferManager.DeserializationComplete(JsonRpcMessage message) =>
        (message as IJsonRpcMessageBufferManager)?.DeserializationComplete(message);

    public void Dispose()
    {
        this.reader.Complete();
        this.writeLock.Dispose();
    }

    private async Task WriteErrorAsync(JsonElement? id, int code, string message, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartObject("error");
            json.WriteNumber("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await this.WriteFrameAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteFrameAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        await this.writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await this.output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await this.output.WriteAsync(body, cancellationToken).ConfigureAwait(false);
            await this.output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            this.writeLock.Release();
        }
    }

    private readonly record struct Frame(byte[]? Body, string? HeaderError);

    /// <summary>Next frame, a header error to answer (after skipping the bad bytes), or null at end of input.</summary>
    private async ValueTask<Frame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await this.reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var headerEnd = IndexOf(buffer, HeaderTerminator, 0);
            if (headerEnd < 0)
            {
                if (buffer.Length > MaxHeaderBlock)
                {
                    // No header block in sight: skip to the next thing that looks like one.
                    var next = IndexOf(buffer, ContentLengthName, 1);
                    var skip = next > 0 ? next : buffer.Length - ContentLengthName.Length;
                    this.reader.AdvanceTo(buffer.GetPosition(skip));
                    return new Frame(null, "Parse error: no Content-Length header block found");
                }

                if (result.IsCompleted)
                {
                    this.reader.AdvanceTo(buffer.End);
                    return null;
                }

                this.reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var headerBytes = buffer.Slice(0, headerEnd).ToArray();
            var bodyStart = headerEnd + HeaderTerminator.Length;
            var headerError = ParseHeaders(headerBytes, out var contentLength);
            if (headerError is not null)
            {
                // A header block with garbage in front of a real Content-Length: resume at that header.
                var restart = IndexOf(new ReadOnlySequence<byte>(headerBytes), ContentLengthName, 1);
                this.reader.AdvanceTo(buffer.GetPosition(restart > 0 ? restart : bodyStart));
                return new Frame(null, headerError);
            }

            if (buffer.Length - bodyStart < contentLength)
            {
                if (result.IsCompleted)
                {
                    this.reader.AdvanceTo(buffer.End);
                    return null;
                }

                this.reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            var body = buffer.Slice(bodyStart, contentLength).ToArray();
            this.reader.AdvanceTo(buffer.GetPosition(bodyStart + contentLength));
            return new Frame(body, null);
        }
    }

    private static string? ParseHeaders(byte[] block, out long contentLength)
    {
        contentLength = -1;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(block);
        }
        catch (DecoderFallbackException)
        {
            return "Parse error: header is not text";
        }

        foreach (var line in text.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return "Parse error: malformed header line";
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out contentLength) || contentLength > MaxContentLength)
                {
                    contentLength = -1;
                    return "Parse error: invalid Content-Length";
                }
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                     && value.Contains("charset", StringComparison.OrdinalIgnoreCase)
                     && !value.Contains("utf-8", StringComparison.OrdinalIgnoreCase)
                     && !value.Contains("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return "Parse error: only utf-8 content is supported";
            }
        }

        return contentLength < 0 ? "Parse error: missing Content-Length" : null;
    }

    private readonly record struct Verdict(JsonElement? Id, string? IdKey, string? Method, bool IsResponse, (int Code, string Message)? Error);

    /// <summary>Checks a body against JSON-RPC 2.0 before StreamJsonRpc sees it.</summary>
    private static Verdict Inspect(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Fail(null, LspErrorCodes.ParseError, "Parse error: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(null, LspErrorCodes.InvalidRequest, "Invalid request: a message must be a JSON object (batches are not part of LSP)");
            }

            JsonElement? id = null;
            string? idKey = null;
            if (root.TryGetProperty("id", out var idElement))
            {
                switch (idElement.ValueKind)
                {
                    case JsonValueKind.Number when idElement.TryGetInt64(out var number):
                        id = idElement.Clone();
                        idKey = number.ToString(CultureInfo.InvariantCulture);
                        break;
                    case JsonValueKind.String:
                        id = idElement.Clone();
                        idKey = "s:" + idElement.GetString();
                        break;
                    default:
                        return Fail(null, LspErrorCodes.InvalidRequest, "Invalid request: id must be an integer or a string");
                }
            }

            if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
            {
                return Fail(id, LspErrorCodes.InvalidRequest, "Invalid request: jsonrpc must be \"2.0\"");
            }

            if (root.TryGetProperty("method", out var method))
            {
                if (method.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(method.GetString()))
                {
                    return Fail(id, LspErrorCodes.InvalidRequest, "Invalid request: method must be a non-empty string");
                }

                if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                {
                    return Fail(id, LspErrorCodes.InvalidRequest, "Invalid request: params must be an object or an array");
                }

                return new Verdict(id, idKey, method.GetString(), false, null);
            }

            var hasResult = root.TryGetProperty("result", out _);
            var hasError = root.TryGetProperty("error", out var error);
            if (id is not null && hasResult != hasError)
            {
                if (hasError && (error.ValueKind != JsonValueKind.Object
                                 || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out _)
                                 || !error.TryGetProperty("message", out var text) || text.ValueKind != JsonValueKind.String))
                {
                    // A response cannot be answered; treat it as one to no request so it is dropped.
                    return new Verdict(id, null, null, true, null);
                }

                return new Verdict(id, idKey, null, true, null);
            }

            return Fail(id, LspErrorCodes.InvalidRequest, "Invalid request: neither a request, a notification nor a response");
        }

        static Verdict Fail(JsonElement? id, int code, string message) => new(id, null, null, false, (code, message));
    }

    private static string KeyOf(RequestId id) =>
        id.Number is { } number ? number.ToString(CultureInfo.InvariantCulture) : "s:" + id.String;

    private static long IndexOf(ReadOnlySequence<byte> buffer, byte[] pattern, long start)
    {
        if (start >= buffer.Length)
        {
            return -1;
        }

        // Header blocks are small; a linear scan over the (usually single) segment is enough.
        var reader = new SequenceReader<byte>(buffer.Slice(start));
        if (reader.TryReadTo(out ReadOnlySequence<byte> before, pattern, advancePastDelimiter: false))
        {
            return start + before.Length;
        }

        return -1;
    }
}
