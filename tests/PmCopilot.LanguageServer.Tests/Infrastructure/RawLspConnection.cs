using System.Text;
using System.Text.Json;
using Nerdbank.Streams;

namespace PmCopilot.LanguageServer.Tests.Infrastructure;

/// <summary>Raw bytes to the server and raw frames back: for what a well-behaved client library would never send.</summary>
internal sealed class RawLspConnection : IAsyncDisposable
{
    private readonly Stream stream;
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] buffer = new byte[64 * 1024];
    private readonly MemoryStream pending = new();

    public RawLspConnection(LanguageServerOptions? options = null)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        this.stream = clientStream;
        this.ServerRun = Task.Run(() => LanguageServerHost.RunAsync(serverStream, serverStream, options ?? new LanguageServerOptions(), this.stop.Token));
    }

    public Task<int> ServerRun { get; }

    public static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    public async Task SendAsync(byte[] bytes)
    {
        await this.stream.WriteAsync(bytes);
        await this.stream.FlushAsync();
    }

    public Task SendJsonAsync(string json) => this.SendAsync(Frame(json));

    public void CloseInput() => this.stream.Dispose();

    /// <summary>Reads frames until one satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> ReadUntilAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var message = await this.ReadFrameAsync(cts.Token);
            if (match(message))
            {
                return message;
            }
        }
    }

    public Task<JsonElement> ReadResponseAsync(object id, TimeSpan? timeout = null) =>
        this.ReadUntilAsync(m => m.TryGetProperty("id", out var got) && got.ToString() == id.ToString() && !m.TryGetProperty("method", out _), timeout);

    public async Task<JsonElement> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var data = this.pending.ToArray();
            var text = Encoding.ASCII.GetString(data);
            var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0)
            {
                var header = text[..headerEnd];
                var length = int.Parse(header.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..].Trim());
                var start = headerEnd + 4;
                if (data.Length - start >= length)
                {
                    var body = data.AsSpan(start, length).ToArray();
                    this.pending.SetLength(0);
                    this.pending.Write(data, start + length, data.Length - start - length);
                    return JsonDocument.Parse(body).RootElement.Clone();
                }
            }

            var read = await this.stream.ReadAsync(this.buffer, cancellationToken);
            if (read == 0)
            {
                throw new EndOfStreamException("The server closed its output");
            }

            this.pending.Write(this.buffer, 0, read);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            await this.ServerRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
        }

        await this.stream.DisposeAsync();
        this.stop.Dispose();
    }
}
