using System.CommandLine;
using System.CommandLine.Invocation;
using PmCopilot.Cli.Commands;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Core.Jobs;
using PmCopilot.Llama;
using PmCopilot.Llama.Models;

namespace PmCopilot.Cli;

/// <summary>
/// Builds the <c>pmcopilot</c> command tree and runs it: parse errors exit 2 with usage, each command's failures map to
/// the documented exit codes, and Ctrl-C cancels the running command's token (exit 130).
/// </summary>
internal sealed class CliApplication
{
    public CliApplication(CliConsole console)
    {
        Console = console;
        Root = BuildRoot();
    }

    public CliConsole Console { get; }

    public GlobalOptions Globals { get; } = new();

    public RootCommand Root { get; }

    public static async Task<int> RunProcessAsync(string[] args)
    {
        var console = CliConsole.FromProcess();
        using var cancellation = new CancellationTokenSource();
        using var signals = SignalHandling.Install(cancellation, console);
        return await new CliApplication(console).InvokeAsync(args, cancellation.Token).ConfigureAwait(false);
    }

    public async Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken)
    {
        var parse = Root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = Console.Out,
            Error = Console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        if (parse.Errors.Count > 0)
        {
            // System.CommandLine prints the errors and the usage; we only fix the exit code.
            if (parse.Action is ParseErrorAction errorAction)
            {
                errorAction.ShowTypoCorrections = true;
            }

            await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command body with settings resolved and every failure turned into a message and an exit code.</summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken, Func<CliSettings, CliConsole, CancellationToken, Task<int>> body)
    {
        try
        {
            var settings = Globals.Resolve(parse, Console);
            return await body(settings, Console, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Info("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (ExitCodeFor(ex) is { } code)
        {
            Console.Fail(ex.Message);
            if (ex is ModelDownloadException { PartialKept: true })
            {
                Console.Info("The partial download is kept; running the same command again resumes it.");
            }

            return code;
        }
    }

    /// <summary>Known failures and their exit codes; anything else is a bug and keeps its stack trace.</summary>
    internal static int? ExitCodeFor(Exception ex) => ex switch
    {
        JobInputException or SettingsException => ExitCodes.BadInput,
        ContextWindowExceededException => ExitCodes.BadInput,
        ModelUnavailableException or ModelDownloadException or ModelLoadException => ExitCodes.RuntimeFailure,
        Llama.GpuNatives.GpuNativesException => ExitCodes.RuntimeFailure,
        BenchmarkCheckException => ExitCodes.RuntimeFailure,
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.BadInput,
        UnauthorizedAccessException => ExitCodes.BadInput,
        InvalidDataException => ExitCodes.RuntimeFailure,
        IOException => ExitCodes.RuntimeFailure,
        _ => null,
    };

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("PmCopilot: a local-first AI copilot for product managers and ML engineers. Every job also runs without a model, in its deterministic mode.");
        foreach (var option in Globals.All)
        {
            root.Add(option);
        }

        root.Add(ModelsCommand.Create(this));
        root.Add(DoctorCommand.Create(this));
        root.Add(BenchCommand.Create(this));
        root.Add(GpuCommand.Create(this));
        foreach (var command in JobCommands.Create(this))
        {
            root.Add(command);
        }

        return root;
    }
}
