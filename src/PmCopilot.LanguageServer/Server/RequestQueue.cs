using System.Threading.Channels;
using PmCopilot.LanguageServer.Documents;

namespace PmCopilot.LanguageServer.Server;

/// <summary>
/// The CLaSP rule: messages are taken in arrival order; a mutating one (document sync, configuration) runs alone and
/// produces the next <see cref="ServerState"/>; a read (hover, diagnostics, assistant…) is handed the state current
/// at its turn and then runs concurrently with everything after it, so a slow read never delays typing and never sees
/// a half-applied edit. Arrival order is kept because StreamJsonRpc starts handlers one at a time in message order and
/// every handler enqueues before its first await.
/// </summary>
internal sealed class RequestQueue
{
    private readonly Channel<Func<Task>> items = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TextWriter log;
    private ServerState state;

    public RequestQueue(ServerState initial, TextWriter log)
    {
        this.state = initial;
        this.log = log;
        this.Completion = Task.Run(this.RunAsync);
    }

    public ServerState Current => Volatile.Read(ref this.state);

    public Task Completion { get; }

    /// <summary>Runs <paramref name="change"/> after every earlier message; <paramref name="after"/> sees (before, after) once the new state is visible.</summary>
    public Task MutateAsync(Func<ServerState, ServerState> change, Action<ServerState, ServerState>? after = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        this.Enqueue(() =>
        {
            try
            {
                var before = this.state;
                var next = change(before);
                Volatile.Write(ref this.state, next);
                after?.Invoke(before, next);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                this.log.WriteLine($"pmcopilot-lsp: a document update failed: {ex.Message}");
                done.TrySetException(ex);
            }

            return Task.CompletedTask;
        });
        return done.Task;
    }

    /// <summary>Runs <paramref name="read"/> on the state as of this message, concurrently with later messages.</summary>
    public Task<T> ReadAsync<T>(Func<ServerState, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        this.Enqueue(() =>
        {
            var snapshot = this.state;
            _ = Task.Run(
                async () =>
                {
                    try
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        done.TrySetResult(await read(snapshot, cancellationToken).ConfigureAwait(false));
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        done.TrySetCanceled(cancellationToken);
                    }
                    catch (Exception ex)
                    {
                        done.TrySetException(ex);
                    }
                },
                CancellationToken.None);
            return Task.CompletedTask;
        });
        return done.Task;
    }

    public void Complete() => this.items.Writer.TryComplete();

    private void Enqueue(Func<Task> item)
    {
        if (!this.items.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The server is shutting down");
        }
    }

    private async Task RunAsync()
    {
        await foreach (var item in this.items.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await item().ConfigureAwait(false);
        }
    }
}
