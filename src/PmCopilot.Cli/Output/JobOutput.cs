using System.Text;
using PmCopilot.Core.Jobs;
using PmCopilot.Llama.Models;

namespace PmCopilot.Cli.Output;

/// <summary>
/// Adapts a job's progress and streamed text to the terminal and to <c>--output</c>:
/// <list type="bullet">
/// <item>stdout is a terminal and no file was asked for: tokens are written as they arrive, then the final result follows a rule;</item>
/// <item><c>--output FILE</c>: tokens are appended to <c>FILE.partial</c> as they arrive; success writes FILE atomically and
/// deletes the partial file; Ctrl-C leaves <c>FILE.partial</c>, marked as partial, and never touches an existing FILE;</item>
/// <item>stdout piped: only the final result is written (no ANSI, no bars); Ctrl-C writes the partial text, marked.</item>
/// </list>
/// </summary>
internal sealed class JobOutput : IJobObserver, IDisposable
{
    public const string PartialSuffix = ".partial";
    public const string PartialMarker = "<!-- pmcopilot: PARTIAL OUTPUT, generation was cancelled before it finished -->";

    private readonly CliConsole console;
    private readonly Lock gate = new();
    private readonly StringBuilder generated = new();
    private StreamWriter? partialFile;
    private bool streamedToTerminal;

    public JobOutput(CliConsole console, string? outputPath, OutputFormat format)
    {
        this.console = console;
        OutputPath = outputPath is null ? null : Path.GetFullPath(outputPath, console.WorkingDirectory);
        Format = format;
        StreamsToTerminal = OutputPath is null && console.OutputIsTerminal && format != OutputFormat.Json;
    }

    public string? OutputPath { get; }

    public string? PartialPath => OutputPath is null ? null : OutputPath + PartialSuffix;

    public OutputFormat Format { get; }

    /// <summary>Bars for the job; started after the model has loaded (the load has its own bar, and only one can be live).</summary>
    public ProgressView Progress { get; private set; } = ProgressView.Disabled();

    public void StartProgress() => Progress = ProgressView.For(console);

    public bool StreamsToTerminal { get; }

    /// <summary>How much generated text arrived so far.</summary>
    public int GeneratedLength
    {
        get
        {
            lock (gate)
            {
                return generated.Length;
            }
        }
    }

    /// <summary>Fails early (exit 2) when the output file cannot be written: its folder is missing or it is a folder.</summary>
    public void ValidateTarget()
    {
        if (OutputPath is null)
        {
            return;
        }

        if (Directory.Exists(OutputPath))
        {
            throw new JobInputException($"--output {OutputPath} is a folder; give a file path.");
        }

        var folder = Path.GetDirectoryName(OutputPath);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new JobInputException($"--output {OutputPath}: the folder {folder} does not exist.");
        }
    }

    public void OnProgress(JobProgress progress)
    {
        var label = progress.Message ?? progress.Stage switch
        {
            "load" => "Loading model",
            "chunk" => "Summarizing chunks",
            "classify" => "Classifying feedback",
            "read" => "Reading",
            _ => progress.Stage,
        };
        Progress.Report(progress.Stage, label, progress.Done, progress.Total);
    }

    public void OnText(string delta)
    {
        if (string.IsNullOrEmpty(delta))
        {
            return;
        }

        lock (gate)
        {
            generated.Append(delta);
            if (StreamsToTerminal)
            {
                if (!streamedToTerminal)
                {
                    Progress.Stop();
                    streamedToTerminal = true;
                }

                console.Out.Write(delta);
                console.Out.Flush();
            }
            else if (PartialPath is not null)
            {
                partialFile ??= new StreamWriter(new FileStream(PartialPath, FileMode.Create, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
                partialFile.Write(delta);
                partialFile.Flush();
            }
        }
    }

    /// <summary>
    /// Writes the job's result where the user asked for it. <paramref name="streamIsResult"/>: the streamed text already
    /// was the whole result (raw generation), so a terminal that saw it stream does not get it twice.
    /// </summary>
    public void WriteResult(string text, bool streamIsResult = false)
    {
        Progress.Stop();
        lock (gate)
        {
            ClosePartial();
            if (OutputPath is not null)
            {
                AtomicFile.WriteAllText(OutputPath, text);
                File.Delete(PartialPath!);
                console.Info($"Wrote {OutputPath}");
                return;
            }

            if (streamedToTerminal && streamIsResult)
            {
                console.Out.WriteLine();
                return;
            }

            if (streamedToTerminal)
            {
                console.Out.WriteLine();
                console.Out.WriteLine(console.OutputIsTerminal ? "\u001b[2m──────── result ────────\u001b[0m" : "──────── result ────────");
            }

            console.Out.Write(text);
            if (!text.EndsWith('\n'))
            {
                console.Out.WriteLine();
            }

            console.Out.Flush();
        }
    }

    /// <summary>After Ctrl-C: keeps what was generated so far, clearly marked. Returns where it went (null: nothing generated).</summary>
    public string? KeepPartial()
    {
        Progress.Stop();
        lock (gate)
        {
            ClosePartial();
            var text = generated.ToString();
            if (OutputPath is not null)
            {
                if (text.Length == 0)
                {
                    File.Delete(PartialPath!);
                    return null;
                }

                AtomicFile.WriteAllText(PartialPath!, $"{PartialMarker}\n{text}\n{PartialMarker}\n");
                return PartialPath;
            }

            if (streamedToTerminal)
            {
                console.Out.WriteLine();
                return "terminal";
            }

            if (text.Length > 0)
            {
                console.Out.WriteLine(PartialMarker);
                console.Out.WriteLine(text);
                console.Out.WriteLine(PartialMarker);
                return "stdout";
            }

            return null;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            ClosePartial();
        }

        Progress.Stop();
    }

    private void ClosePartial()
    {
        partialFile?.Dispose();
        partialFile = null;
    }
}
