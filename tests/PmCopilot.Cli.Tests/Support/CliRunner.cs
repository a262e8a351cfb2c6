using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PmCopilot.Cli.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the built <c>pmcopilot.dll</c> as a real process with its own HOME and XDG folders, no PMCOPILOT_* variables
/// from the machine, and a hard timeout (a hang fails the test instead of blocking the run).
/// </summary>
public sealed class CliRunner : IDisposable
{
    private readonly TempDirectory home = new();

    public CliRunner()
    {
        WorkingDirectory = home.Combine("work");
        Directory.CreateDirectory(WorkingDirectory);
    }

    public static string CliDll { get; } = FindCli();

    public string Home => home.Path;

    public string WorkingDirectory { get; set; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public TempDirectory Files => home;

    public string ModelsDir => Path.Combine(Home, ".local", "share", "pmcopilot", "models");

    public string UserConfigPath => Path.Combine(Home, ".config", "pmcopilot", "config.json");

    public async Task<CliResult> RunAsync(IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 180)
    {
        using var process = Start(args, redirectStdin: stdin is not null);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pmcopilot {string.Join(' ', args)} did not finish within {timeoutSeconds} s.\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    public Process Start(IEnumerable<string> args, bool redirectStdin = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PMCOPILOT_", StringComparison.Ordinal) || k.StartsWith("XDG_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["HOME"] = Home;
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }

    public static void Interrupt(Process process)
    {
        // A child inherits an ignored SIGINT (tests started in the background by a non-interactive shell): it would never stop.
        Assert.False(SigIntIgnored(), "SIGINT is ignored in the test process, so the CLI under test ignores Ctrl-C too; run the tests through .ci/test.sh (it restores the default) or in the foreground");
        Assert.Equal(0, Kill(process.Id, 2));
    }

    private static bool SigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (2 - 1))) != 0;
    }

    public void Dispose() => home.Dispose();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static string FindCli()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "pmcopilot.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = Path.Combine(RepoPaths.Root, "src", "PmCopilot.Cli", "bin", configuration, "net10.0", "pmcopilot.dll");
        return File.Exists(built) ? built : throw new InvalidOperationException("pmcopilot.dll not found; build src/PmCopilot.Cli first.");
    }
}
