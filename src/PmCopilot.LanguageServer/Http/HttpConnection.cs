using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PmCopilot.LanguageServer.Http;

/// <summary>A request the connection cannot serve; answered with <see cref="Status"/>, then the connection closes.</summary>
internal sealed class HttpProtocolException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// One client connection of the HTTP mode: HTTP/1.1 requests one after another (keep-alive), each read into an
/// <see cref="HttpExchange"/>. Only what an OpenAI client sends is understood: a request line, headers, a body by
/// Content-Length or chunked, <c>Expect: 100-continue</c>. The socket has Nagle's algorithm off: a server-sent-events
/// stream writes one small event per token, and with Nagle on each write after the first waited for the client's
/// delayed acknowledgement (~40 ms on Linux) — what .NET's managed HttpListener did, which this replaces.
/// </summary>
internal sealed class HttpConnection : IAsyncDisposable
{
    private const int MaxHeaderBytes = 32 * 1024;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private byte[] _buffer = new byte[8 * 1024];
    private int _start;
    private int _end;

    public HttpConnection(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public Stream Stream => _stream;

    /// <summary>The next request's head, or null when the client closed the connection between requests.</summary>
    /// <exception cref="HttpProtocolException">The head is malformed or too large.</exception>
    public async Task<HttpExchange?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd()) < 0)
        {
            if (_end - _start >= MaxHeaderBytes)
                throw new HttpProtocolException(431, $"The request head is larger than {MaxHeaderBytes} bytes.");
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                if (_end == _start)
                    return null;
                throw new HttpProtocolException(400, "The connection closed in the middle of a request head.");
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start);
        _start = headerEnd + 4;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[0].Length == 0 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new HttpProtocolException(400, $"Not an HTTP/1.x request line: \"{Truncate(lines[0])}\".");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new HttpProtocolException(400, $"Malformed header line: \"{Truncate(line)}\".");
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        long? contentLength = null;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            if (!long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                throw new HttpProtocolException(400, $"Content-Length \"{Truncate(length)}\" is not a number.");
            contentLength = parsed;
        }

        var chunked = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        var http10 = requestLine[2] == "HTTP/1.0";
        var connection = headers.GetValueOrDefault("Connection") ?? string.Empty;
        var keepAlive = http10 ? connection.Contains("keep-alive", StringComparison.OrdinalIgnoreCase) : !connection.Contains("close", StringComparison.OrdinalIgnoreCase);
        var target = requestLine[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return new HttpExchange(this, requestLine[0], query < 0 ? target : target[..query], headers, contentLength, chunked, http10, keepAlive);
    }

    /// <summary>Up to <paramref name="count"/> body bytes already read or from the socket; 0 at the end of the stream.</summary>
    internal async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_end == _start && await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
            return 0;
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }

    /// <summary>One CRLF-terminated line of a chunked body (chunk sizes, trailers).</summary>
    internal async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
            if (at >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, at);
                _start += at + 2;
                return line;
            }

            if (_end - _start >= MaxHeaderBytes)
                throw new HttpProtocolException(400, "A chunk header line is too long.");
            if (await FillAsync(cancellationToken).ConfigureAwait(false) == 0)
                throw new HttpProtocolException(400, "The connection closed in the middle of a chunked body.");
        }
    }

    private int IndexOfHeaderEnd()
    {
        var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
        return at < 0 ? -1 : _start + at;
    }

    private async Task<int> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxHeaderBytes * 2));
        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}

/// <summary>One request and its response: a body read at most once, then either one whole response or an event stream.</summary>
internal sealed class HttpExchange(HttpConnection connection, string method, string path, IReadOnlyDictionary<string, string> headers, long? contentLength, bool chunked, bool http10, bool keepAlive)
{
    private bool _bodyConsumed;
    private bool _streaming;

    public string Method { get; } = method;

    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    public long? ContentLength { get; } = contentLength;

    /// <summary>Whether the connection serves another request after this one.</summary>
    public bool KeepAlive { get; private set; } = keepAlive;

    public bool ResponseStarted { get; private set; }

    private bool HasBody => chunked || ContentLength > 0;

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> bytes (then the connection closes).</summary>
    public async Task<byte[]?> ReadBodyAsync(int limit, CancellationToken cancellationToken)
    {
        if (_bodyConsumed)
            throw new InvalidOperationException("The body was read already.");
        _bodyConsumed = true;
        if (!HasBody)
            return [];
        if (ContentLength > limit)
        {
            KeepAlive = false;
            return null;
        }

        if (Headers.TryGetValue("Expect", out var expect) && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase) && !http10)
            await connection.Stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        if (!chunked)
        {
            var left = ContentLength!.Value;
            while (left > 0)
            {
                var n = await connection.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new HttpProtocolException(400, $"The connection closed {left} bytes before the end of the body.");
                body.Write(buffer, 0, n);
                left -= n;
            }

            return body.ToArray();
        }

        while (true)
        {
            var sizeLine = await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            var sizeText = sizeLine.Split(';')[0].Trim();
            if (!long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
                throw new HttpProtocolException(400, $"Bad chunk size \"{sizeText}\".");
            if (size == 0)
            {
                while ((await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length > 0)
                {
                    // Trailer fields: none is used.
                }

                return body.ToArray();
            }

            if (body.Length + size > limit)
            {
                KeepAlive = false;
                return null;
            }

            var left = size;
            while (left > 0)
            {
                var n = await connection.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new HttpProtocolException(400, "The connection closed in the middle of a chunk.");
                body.Write(buffer, 0, n);
                left -= n;
            }

            if ((await connection.ReadLineAsync(cancellationToken).ConfigureAwait(false)).Length != 0)
                throw new HttpProtocolException(400, "A chunk did not end with CRLF.");
        }
    }

    /// <summary>A whole response with its length.</summary>
    public async Task WriteAsync(int status, string contentType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var head = Head(status, [("Content-Type", contentType), ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))]);
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsMemory(head.Length));
        await connection.Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a response whose length is not known (chunked; HTTP/1.0: until the connection closes).</summary>
    public async Task StartStreamAsync(int status, string contentType, CancellationToken cancellationToken = default)
    {
        if (http10)
            KeepAlive = false;
        _streaming = true;
        var head = Head(status, http10
            ? [("Content-Type", contentType), ("Cache-Control", "no-cache")]
            : [("Content-Type", contentType), ("Cache-Control", "no-cache"), ("Transfer-Encoding", "chunked")]);
        await connection.Stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One piece of a stream, sent at once (one socket write).</summary>
    public async Task WriteStreamAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (!_streaming)
            throw new InvalidOperationException("StartStreamAsync first.");
        if (data.Length == 0)
            return;
        if (http10)
        {
            await connection.Stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return;
        }

        var size = Encoding.ASCII.GetBytes(data.Length.ToString("X", CultureInfo.InvariantCulture) + "\r\n");
        var message = new byte[size.Length + data.Length + 2];
        size.CopyTo(message, 0);
        data.CopyTo(message.AsMemory(size.Length));
        message[^2] = (byte)'\r';
        message[^1] = (byte)'\n';
        await connection.Stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    public async Task EndStreamAsync(CancellationToken cancellationToken = default)
    {
        if (_streaming && !http10)
            await connection.Stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        _streaming = false;
    }

    private byte[] Head(int status, IEnumerable<(string Name, string Value)> fields)
    {
        if (ResponseStarted)
            throw new InvalidOperationException("The response was started already.");
        ResponseStarted = true;
        // A body nobody read is still on the wire: the connection cannot carry another request.
        if (HasBody && !_bodyConsumed)
            KeepAlive = false;
        var text = new StringBuilder();
        text.Append(http10 ? "HTTP/1.0 " : "HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(status)).Append("\r\n");
        foreach (var (name, value) in fields)
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        text.Append("Connection: ").Append(KeepAlive ? "keep-alive" : "close").Append("\r\n\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>After a request that could not be read to its end, nothing more can be read from the connection.</summary>
    public void CloseAfterResponse() => KeepAlive = false;

    internal static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
