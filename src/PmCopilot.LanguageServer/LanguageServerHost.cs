using System.Diagnostics;
using PmCopilot.LanguageServer.Protocol;
using PmCopilot.LanguageServer.Server;
using PmCopilot.LanguageServer.Transport;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer;

/// <summary>The server as a library: <c>pmcopilot serve</c> and the tests host it over any pair of streams.</summary>
public static class LanguageServerHost
{
    /// <summary>
    /// Serves LSP over <paramref name="input"/>/<paramref name="output"/> until <c>exit</c>, end of input, the parent
    /// process's death or <paramref name="cancellationToken"/>. Returns the process exit code the specification asks
    /// for: 0 after <c>shutdown</c> then <c>exit</c>, 1 otherwise.
    /// </summary>
    public static async Task<int> RunAsync(Stream input, Stream output, LanguageServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var log = TextWriter.Synchronized(options.Log);

        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.CreateOptions() };
        using var handler = new LspMessageHandler(input, output, formatter, log);
        using var rpc = new LspJsonRpc(handler, log);
        await using var server = new LspServer(rpc, options, log);
        handler.Gate = server.Lifecycle.Admit;
        rpc.AddLocalRpcTarget(server, new JsonRpcTargetOptions { NotifyClientOfEvents = false });
        rpc.Disconnected += (_, e) => log.WriteLine($"pmcopilot-lsp: connection closed ({e.Reason}): {e.Description} {e.Exception?.Message}");
        rpc.StartListening();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parentWatch = WatchParentsAsync(server, options, stop.Token);
        var finished = await Task.WhenAny(rpc.Completion, server.Exited, parentWatch, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
        var parentGone = finished == parentWatch && parentWatch.Result;
        if (parentGone)
        {
            log.WriteLine("pmcopilot-lsp: the parent process ended; exiting");
        }

        await stop.CancelAsync().ConfigureAwait(false);
        return server.Lifecycle.ShutdownRequested && !parentGone ? 0 : 1;
    }

    /// <summary>Completes when the parent given in the options or in <c>initialize</c> no longer runs.</summary>
    private static async Task<bool> WatchParentsAsync(LspServer server, LanguageServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (IsGone(options.ParentProcessId) || IsGone(server.ClientProcessId))
                {
                    return true;
                }

                await Task.Delay(options.ParentPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    private static bool IsGone(int? processId)
    {
        if (processId is not { } id || id <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
