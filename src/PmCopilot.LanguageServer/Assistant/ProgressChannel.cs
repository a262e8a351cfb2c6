using System.Text.Json;
using System.Threading.Channels;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Assistant;

/// <summary>
/// <c>$/progress</c> notifications for one token, sent in order. Disposing waits until every queued notification is
/// written, so a request's partial results always reach the client before its response.
/// </summary>
internal sealed class ProgressChannel : IAsyncDisposable
{
    private readonly JsonRpc rpc;
    private readonly Channel<object> values = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task pump;

    public ProgressChannel(JsonRpc rpc, JsonElement token)
    {
        this.rpc = rpc;
        this.Token = token;
        this.pump = Task.Run(this.PumpAsync);
    }

    public JsonElement Token { get; }

    public void Report(object value) => this.values.Writer.TryWrite(value);

    public async ValueTask DisposeAsync()
    {
        this.values.Writer.TryComplete();
        await this.pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (var value in this.values.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await this.rpc.NotifyWithParameterObjectAsync("$/progress", new ProgressParams(this.Token, value)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectionLostException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}

/// <summary>A work-done progress bar (<c>begin</c>, <c>report</c>…, <c>end</c>) on the client.</summary>
internal sealed class WorkDoneProgress : IAsyncDisposable
{
    private static int nextToken;
    private readonly ProgressChannel channel;
    private int lastPercentage = -1;

    private WorkDoneProgress(ProgressChannel channel, string title)
    {
        this.channel = channel;
        channel.Report(new WorkDoneProgressBegin(title, Percentage: 0, Cancellable: false));
    }

    /// <summary>Uses the request's <c>workDoneToken</c>, else creates a token when the client supports server-initiated progress; null when neither.</summary>
    public static async Task<WorkDoneProgress?> BeginAsync(JsonRpc rpc, bool clientCreatesTokens, JsonElement? requestToken, string title, CancellationToken cancellationToken)
    {
        var token = requestToken is { ValueKind: JsonValueKind.String or JsonValueKind.Number } given ? given : (JsonElement?)null;
        if (token is null && clientCreatesTokens)
        {
            var created = JsonSerializer.SerializeToElement($"pmcopilot-{Interlocked.Increment(ref nextToken)}");
            try
            {
                await rpc.InvokeWithParameterObjectAsync<object?>("window/workDoneProgress/create", new WorkDoneProgressCreateParams(created), cancellationToken).ConfigureAwait(false);
                token = created;
            }
            catch (RemoteInvocationException)
            {
                // The client refused the token; the work goes on without a progress bar.
            }
        }

        return token is { } t ? new WorkDoneProgress(new ProgressChannel(rpc, t), title) : null;
    }

    public void Report(string? message, double? fraction)
    {
        int? percentage = fraction is { } f ? (int)Math.Clamp(Math.Round(f * 100), 0, 100) : null;
        if (percentage is { } p)
        {
            // Loaders report often; the client needs a message only when the whole percentage moves.
            if (p == Volatile.Read(ref this.lastPercentage) && message is null)
            {
                return;
            }

            Volatile.Write(ref this.lastPercentage, p);
        }

        this.channel.Report(new WorkDoneProgressReport(message, percentage));
    }

    public async ValueTask DisposeAsync()
    {
        this.channel.Report(new WorkDoneProgressEnd());
        await this.channel.DisposeAsync().ConfigureAwait(false);
    }
}
