using System.Diagnostics;
using System.Globalization;

namespace PmCopilot.Llama.GpuNatives;

/// <summary>One NVIDIA GPU as <c>nvidia-smi</c> reports it.</summary>
public sealed record NvidiaGpu(string Name, int Major, int Minor, string MemoryTotal, string DriverVersion)
{
    /// <summary>Compute capability as CMake's CUDA_ARCHITECTURES wants it: 9.0 → "90".</summary>
    public string Arch => string.Create(CultureInfo.InvariantCulture, $"{Major}{Minor}");

    public string ComputeCapability => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    public int DriverMajor => int.TryParse(DriverVersion.Split('.')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var major) ? major : 0;

    public override string ToString() => $"{Name} (compute capability {ComputeCapability}, {MemoryTotal}, driver {DriverVersion})";
}

/// <summary>What detection found: the GPUs, or why there are none.</summary>
public sealed record GpuDetection(IReadOnlyList<NvidiaGpu> Gpus, string? Problem);

/// <summary>Finds programs on a PATH (the one given, so tests can hand in fake tools).</summary>
public sealed class ToolLocator(string? path)
{
    public static ToolLocator FromEnvironment(Func<string, string?> env) => new(env("PATH"));

    public string? Find(string name)
    {
        foreach (var dir in (path ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }

        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows())
            return true;
        return (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}

/// <summary>Asks <c>nvidia-smi</c> for the GPUs and their compute capability.</summary>
public static class GpuDetector
{
    public const string Query = "--query-gpu=name,compute_cap,memory.total,driver_version";

    public static GpuDetection Detect(ToolLocator tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var smi = tools.Find("nvidia-smi");
        if (smi is null)
            return new GpuDetection([], "nvidia-smi is not on PATH (no NVIDIA driver installed)");

        var (code, stdout, stderr) = ProcessRunner.Capture(smi, [Query, "--format=csv,noheader"], TimeSpan.FromSeconds(20));
        if (code != 0)
            return new GpuDetection([], $"nvidia-smi failed (exit {code}): {FirstLine(stderr + stdout)}");
        var gpus = Parse(stdout);
        return gpus.Count == 0 ? new GpuDetection([], "nvidia-smi listed no GPU") : new GpuDetection(gpus, null);
    }

    /// <summary>Lines of "name, 9.0, 143771 MiB, 580.95.05"; lines that do not parse are skipped.</summary>
    public static IReadOnlyList<NvidiaGpu> Parse(string csv)
    {
        var gpus = new List<NvidiaGpu>();
        foreach (var line in (csv ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 4)
                continue;
            var cc = fields[1].Split('.');
            if (cc.Length != 2 || !int.TryParse(cc[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major) || !int.TryParse(cc[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
                continue;
            gpus.Add(new NvidiaGpu(fields[0], major, minor, fields[2], fields[3]));
        }

        return gpus;
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}

/// <summary>Runs a child process with a time limit, capturing or streaming its output.</summary>
internal static class ProcessRunner
{
    public static (int Code, string Stdout, string Stderr) Capture(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        using var process = Start(file, args, workingDirectory);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (124, stdout.Result, $"timed out after {timeout.TotalSeconds:F0} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs to the end, reporting every output line; throws <see cref="GpuNativesException"/> on a non-zero exit.</summary>
    public static async Task RunAsync(string file, IReadOnlyList<string> args, string? workingDirectory, IProgress<string>? log, CancellationToken cancellationToken)
    {
        using var process = Start(file, args, workingDirectory);
        var tail = new Queue<string>();
        void OnLine(string? line)
        {
            if (line is null)
                return;
            log?.Report(line);
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20)
                    tail.Dequeue();
            }
        }

        var readOut = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } l) OnLine(l); }, cancellationToken);
        var readErr = Task.Run(async () => { while (await process.StandardError.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } l) OnLine(l); }, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(readOut, readErr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
            throw new GpuNativesException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed (exit {process.ExitCode}):\n{string.Join('\n', tail)}");
    }

    private static Process Start(string file, IEnumerable<string> args, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new GpuNativesException($"could not start {file}");
    }
}

/// <summary>Fetching, verifying or building GPU natives failed; the message says what to do.</summary>
public sealed class GpuNativesException(string message) : Exception(message);
