using System.CommandLine;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// The shape every job command shares: check the output target, load the model if one is configured (else say once
/// how to get one), run the Core job with progress and streaming, write the result in the asked format, and on
/// Ctrl-C keep what was generated.
/// </summary>
internal static class JobRunner
{
    public static async Task<int> RunAsync<TResult>(
        ParseResult parse,
        ResultOptions resultOptions,
        CliSettings settings,
        CliConsole console,
        JobModelNeeds needs,
        Func<RuntimeHost?, IJobObserver, CancellationToken, Task<TResult>> run,
        Func<TResult, OutputFormat, string> render,
        CancellationToken cancellationToken,
        bool streamIsResult = false)
    {
        using var output = new JobOutput(console, parse.GetValue(resultOptions.Output), parse.GetValue(resultOptions.Format));
        output.ValidateTarget();

        RuntimeHost? runtime = null;
        try
        {
            if (needs != JobModelNeeds.None)
            {
                runtime = await RuntimeHost.TryLoadAsync(settings, console, needs == JobModelNeeds.ChatAndEmbeddings, cancellationToken).ConfigureAwait(false);
            }

            output.StartProgress();
            var result = await run(runtime, output, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            output.WriteResult(render(result, output.Format), streamIsResult);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var kept = output.KeepPartial();
            console.Info(kept switch
            {
                null => "Cancelled before any text was generated.",
                "terminal" or "stdout" => "Cancelled; the text above is partial.",
                _ => $"Cancelled; the partial output is kept in {kept}.",
            });
            return ExitCodes.Cancelled;
        }
        finally
        {
            if (runtime is not null)
            {
                await runtime.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

internal enum JobModelNeeds
{
    /// <summary>Purely deterministic (linters).</summary>
    None,

    /// <summary>Uses a chat model when one is configured, else runs its deterministic mode.</summary>
    Chat,

    ChatAndEmbeddings,
}
