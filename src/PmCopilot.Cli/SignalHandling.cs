using System.Runtime.InteropServices;
using PmCopilot.Cli.Output;

namespace PmCopilot.Cli;

/// <summary>
/// First Ctrl-C (SIGINT) or SIGTERM cancels the running command so it can stop cleanly and keep partial output;
/// a second one, or a command that has not stopped within a few seconds, ends the process with exit code 130.
/// </summary>
internal sealed class SignalHandling : IDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);
    private readonly List<PosixSignalRegistration> registrations = [];
    private int signals;

    private SignalHandling(CancellationTokenSource cancellation, CliConsole console)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (Interlocked.Increment(ref signals) > 1)
                {
                    Environment.Exit(ExitCodes.Cancelled);
                }

                context.Cancel = true;
                console.Error.WriteLine();
                console.Info("Stopping… (press Ctrl-C again to quit at once)");
                cancellation.Cancel();
                _ = Task.Delay(GracePeriod).ContinueWith(_ => Environment.Exit(ExitCodes.Cancelled), TaskScheduler.Default);
            }));
        }
    }

    public static SignalHandling Install(CancellationTokenSource cancellation, CliConsole console) => new(cancellation, console);

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
    }
}
