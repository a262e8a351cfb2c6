using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PmCopilot.Cli.Tests.Support;

/// <summary>A request as the test server saw it.</summary>
public sealed record SeenRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Range => Headers.GetValueOrDefault("range");
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 built on TcpListener, so tests can do what HttpListener cannot: cut a connection
/// in the middle of a body. Serves files with Range support, redirects, error codes, and a "drop after N bytes" mode.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Dictionary<string, Route> routes = new(StringComparer.Ordinal);
    private readonly List<SeenRequest> seen = [];
    private readonly Task loop;

    public LocalHttpServer()
    {
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (seen)
            {
                return seen.ToList();
            }
        }
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    /// <summary>Serves <paramref name="body"/>; the first <paramref name="dropTimes"/> full-body responses stop after <paramref name="dropAfterBytes"/> bytes and close the socket.</summary>
    public void ServeFile(string path, byte[] body, long dropAfterBytes = -1, int dropTimes = 0, bool supportsRange = true)
    {
        lock (routes)
        {
            routes[path] = new Route { Body = body, DropAfter = dropAfterBytes, DropsLeft = dropTimes, SupportsRange = supportsRange };
        }
    }

    public void ServeStatus(string path, int status)
    {
        lock (routes)
        {
            routes[path] = new Route { Status = status };
        }
    }

    public void ServeRedirect(string path, string location, int status = 302)
    {
        lock (routes)
        {
            routes[path] = new Route { Status = status, Location = location };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (method, path, headers) = await ReadRequestAsync(stream);
                lock (seen)
                {
                    seen.Add(new SeenRequest(method, path, headers));
                }

                Route? route;
                lock (routes)
                {
                    routes.TryGetValue(path, out route);
                }

                if (route is null)
                {
                    await WriteHeadAsync(stream, 404, "Not Found", new() { ["Content-Length"] = "0" });
                    return;
                }

                if (route.Location is not null)
                {
                    await WriteHeadAsync(stream, route.Status, "Found", new() { ["Location"] = route.Location, ["Content-Length"] = "0" });
                    return;
                }

                if (route.Body is null)
                {
                    await WriteHeadAsync(stream, route.Status, "Error", new() { ["Content-Length"] = "0" });
                    return;
                }

                var body = route.Body;
                long from = 0;
                if (route.SupportsRange && headers.TryGetValue("range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal))
                {
                    from = long.Parse(range["bytes=".Length..].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);
                    if (from >= body.Length)
                    {
                        await WriteHeadAsync(stream, 416, "Range Not Satisfiable", new() { ["Content-Range"] = $"bytes */{body.Length}", ["Content-Length"] = "0" });
                        return;
                    }

                    await WriteHeadAsync(stream, 206, "Partial Content", new()
                    {
                        ["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}",
                        ["Content-Length"] = (body.Length - from).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["Accept-Ranges"] = "bytes",
                    });
                }
                else
                {
                    await WriteHeadAsync(stream, 200, "OK", new() { ["Content-Length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Accept-Ranges"] = route.SupportsRange ? "bytes" : "none" });
                }

                var drop = false;
                lock (routes)
                {
                    if (route.DropsLeft > 0 && from == 0)
                    {
                        route.DropsLeft--;
                        drop = true;
                    }
                }

                var end = drop ? Math.Min(route.DropAfter, body.Length) : body.Length;
                await stream.WriteAsync(body.AsMemory((int)from, (int)(end - from)));
                await stream.FlushAsync();
                if (drop)
                {
                    // Reset instead of a clean close so the client sees the body end early.
                    client.Client.LingerState = new LingerOption(true, 0);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<(string Method, string Path, Dictionary<string, string> Headers)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("client closed");
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
            }
        }

        return (parts[0], parts[1], headers);
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private static async Task WriteHeadAsync(NetworkStream stream, int status, string reason, Dictionary<string, string> headers)
    {
        var text = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
    }

    private sealed class Route
    {
        public int Status { get; init; } = 200;

        public byte[]? Body { get; init; }

        public string? Location { get; init; }

        public long DropAfter { get; init; } = -1;

        public int DropsLeft { get; set; }

        public bool SupportsRange { get; init; } = true;
    }
}
