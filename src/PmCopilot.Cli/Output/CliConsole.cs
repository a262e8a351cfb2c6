using Spectre.Console;

namespace PmCopilot.Cli.Output;

/// <summary>
/// The process's streams and what they are connected to. Colour, progress bars and live token streaming happen only
/// when the stream is a terminal; piped output stays plain text with no ANSI codes.
/// </summary>
internal sealed class CliConsole
{
    private readonly HashSet<string> notesShown = new(StringComparer.Ordinal);
    private readonly Lock notesLock = new();

    public CliConsole(TextWriter output, TextWriter error, Func<Stream> openInput, bool outputIsTerminal, bool errorIsTerminal, Func<string, string?> env, string workingDirectory)
    {
        Out = output;
        Error = error;
        OpenInput = openInput;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        Env = env;
        WorkingDirectory = workingDirectory;
        ErrorAnsi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = errorIsTerminal && env("NO_COLOR") is null ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = errorIsTerminal && env("NO_COLOR") is null ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = errorIsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        OutAnsi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = outputIsTerminal && env("NO_COLOR") is null ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = outputIsTerminal && env("NO_COLOR") is null ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!outputIsTerminal)
        {
            // Piped output is read by scripts: do not wrap tables at 80 columns.
            OutAnsi.Profile.Width = 120;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public Func<Stream> OpenInput { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    public Func<string, string?> Env { get; }

    public string WorkingDirectory { get; }

    /// <summary>Spectre console on stderr: progress bars, warnings, tables for humans.</summary>
    public IAnsiConsole ErrorAnsi { get; }

    /// <summary>Spectre console on stdout, for human-facing tables (plain when piped).</summary>
    public IAnsiConsole OutAnsi { get; }

    public static CliConsole FromProcess()
    {
        var utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        Console.OutputEncoding = utf8;
        var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = true };
        var error = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
        return new CliConsole(
            output,
            error,
            Console.OpenStandardInput,
            !Console.IsOutputRedirected,
            !Console.IsErrorRedirected,
            Environment.GetEnvironmentVariable,
            Environment.CurrentDirectory);
    }

    public void Warn(string message) => WriteLine(Error, "warning: ", message, ErrorIsTerminal ? "\u001b[33m" : null);

    public void Fail(string message) => WriteLine(Error, "error: ", message, ErrorIsTerminal ? "\u001b[31m" : null);

    public void Info(string message) => Error.WriteLine(message);

    /// <summary>Says something once per process (e.g. "no model configured"), however many jobs run.</summary>
    public void NoteOnce(string key, string message)
    {
        lock (notesLock)
        {
            if (!notesShown.Add(key))
            {
                return;
            }
        }

        Error.WriteLine(message);
    }

    private void WriteLine(TextWriter writer, string prefix, string message, string? color)
    {
        if (color is not null && Env("NO_COLOR") is null)
        {
            writer.WriteLine($"{color}{prefix}\u001b[0m{message}");
        }
        else
        {
            writer.WriteLine(prefix + message);
        }
    }
}
