using Spectre.Console;

namespace PmCopilot.Cli.Output;

/// <summary>
/// Spectre progress bars on stderr, shown only when stderr is a terminal. Bars are keyed by stage ("load", "chunk",
/// "download"…); reports may come from any thread. <see cref="Stop"/> clears the bars so streamed text can take over
/// the terminal without the two fighting over the cursor.
/// </summary>
internal sealed class ProgressView : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ProgressTask> tasks = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<ProgressContext> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task? rendering;
    private bool stopped;

    private ProgressView(IAnsiConsole? console, bool bytes)
    {
        if (console is null)
        {
            stopped = true;
            return;
        }

        rendering = console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(bytes
                ? [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn(), new SpinnerColumn()]
                : [new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn()])
            .StartAsync(async context =>
            {
                started.TrySetResult(context);
                await finished.Task.ConfigureAwait(false);
                context.Refresh();
            });
    }

    public bool IsActive
    {
        get
        {
            lock (gate)
            {
                return !stopped;
            }
        }
    }

    /// <param name="bytes">Show amounts as bytes with a transfer speed (downloads, hashing).</param>
    public static ProgressView For(CliConsole console, bool bytes = false) => new(console.ErrorIsTerminal ? console.ErrorAnsi : null, bytes);

    public static ProgressView Disabled() => new(null, false);

    /// <summary>Shows or updates the bar for <paramref name="key"/>. A null total shows an indeterminate bar.</summary>
    public void Report(string key, string description, double? done, double? total, bool bytes = false)
    {
        if (!IsActive)
        {
            return;
        }

        // Spectre starts the display on its own thread; if it cannot (another live display), give up on bars.
        if (!started.Task.Wait(TimeSpan.FromSeconds(2)) || rendering is { IsFaulted: true })
        {
            Stop();
            return;
        }

        var context = started.Task.Result;
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            if (!tasks.TryGetValue(key, out var task))
            {
                task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: total is > 0 ? total.Value : 100);
                tasks[key] = task;
            }

            task.Description = Markup.Escape(description);
            if (total is > 0)
            {
                task.IsIndeterminate = false;
                task.MaxValue = total.Value;
                task.Value = Math.Min(done ?? 0, total.Value);
            }
            else
            {
                task.IsIndeterminate = true;
            }

            _ = bytes;
        }
    }

    public void Complete(string key)
    {
        lock (gate)
        {
            if (!stopped && tasks.TryGetValue(key, out var task))
            {
                task.IsIndeterminate = false;
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    /// <summary>Removes the bars from the terminal and waits until Spectre has let go of it.</summary>
    public void Stop()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
        }

        finished.TrySetResult();
        try
        {
            rendering?.GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Another live display was active; nothing was drawn, nothing to clear.
        }
    }

    public void Dispose() => Stop();
}
