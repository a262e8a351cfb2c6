using System.Security.Cryptography;
using System.Text.Json;
using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama.GpuNatives;

/// <summary>
/// Carries out a <see cref="GpuNativePlan"/>: everything happens in <c>FOLDER.partial</c>, which becomes FOLDER only once
/// the tarball matched npm's integrity, the libraries passed <see cref="NativeFolderProbe"/> and the stamp is written —
/// so an interrupted fetch or build never looks present.
/// </summary>
public static class GpuNativeInstaller
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(15);

    /// <summary>Runs the plan and returns the native folder to point PMCOPILOT_NATIVE_DIR at.</summary>
    public static async Task<string> InstallAsync(GpuNativePlan plan, ToolLocator tools, IProgress<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tools);
        switch (plan.Action)
        {
            case GpuNativeAction.UsePresent:
                return plan.NativeDir!;
            case GpuNativeAction.FetchPrebuilt or GpuNativeAction.BuildFromSource:
                break;
            default:
                throw new GpuNativesException(plan.Reason);
        }

        var folder = plan.Folder!;
        var work = folder + ".partial";
        if (Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        string Tool(string name) => tools.Find(name) ?? throw new GpuNativesException($"{name} is not on PATH.");

        string nativeDir;
        if (plan.Action == GpuNativeAction.FetchPrebuilt)
        {
            var tarball = Pack(Tool("npm"), GpuNativePlanner.PrebuiltPackage, work, log, out var integrity);
            log?.Report("unpacking");
            await ProcessRunner.RunAsync(Tool("tar"), ["-xzf", tarball, "-C", work], work, null, cancellationToken).ConfigureAwait(false);
            File.Delete(tarball);
            nativeDir = Path.Combine("package", "bins", "linux-x64-cuda");
            Probe(Path.Combine(work, nativeDir));
            NativeStamp.Write(work, nativeDir, "prebuilt", string.Join(',', GpuNativePlanner.PrebuiltArchitectures.Select(a => $"{a.Major}{a.Minor}")), $"{GpuNativePlanner.PrebuiltPackage} {integrity}");
        }
        else
        {
            var gpu = plan.Gpu!;
            var tarball = Pack(Tool("npm"), GpuNativePlanner.SourcePackage, work, log, out var integrity);
            await ProcessRunner.RunAsync(Tool("tar"), ["-xzf", tarball, "-C", work, "package/llama/gitRelease.bundle"], work, null, cancellationToken).ConfigureAwait(false);
            File.Delete(tarball);
            var source = Path.Combine(work, "llama.cpp");
            log?.Report($"cloning llama.cpp {GpuNativePlanner.Release} from the bundle");
            await ProcessRunner.RunAsync(Tool("git"), ["clone", "-q", Path.Combine(work, "package", "llama", "gitRelease.bundle"), source], work, log, cancellationToken).ConfigureAwait(false);
            var build = Path.Combine(work, "build");
            log?.Report($"configuring for sm_{gpu.Arch}");
            await ProcessRunner.RunAsync(Tool("cmake"), ["-S", source, "-B", build, .. GpuNativePlanner.CmakeFlags(gpu)], work, log, cancellationToken).ConfigureAwait(false);
            log?.Report("building (CUDA kernels take a while: tens of minutes on a few cores)");
            await ProcessRunner.RunAsync(Tool("cmake"), ["--build", build, "--config", "Release", "-j", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)], work, log, cancellationToken).ConfigureAwait(false);
            nativeDir = Path.Combine("build", "bin");
            Probe(Path.Combine(work, nativeDir));
            NativeStamp.Write(work, nativeDir, "source-build", gpu.Arch, $"{GpuNativePlanner.SourcePackage} {integrity}");
        }

        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.Move(work, folder);
        return Path.Combine(folder, nativeDir);
    }

    /// <summary><c>npm pack</c> into <paramref name="destination"/>, then check the tarball against the sha512 integrity and sha1 shasum npm reports.</summary>
    internal static string Pack(string npm, string package, string destination, IProgress<string>? log, out string integrity)
    {
        log?.Report($"npm pack {package}");
        var (code, stdout, stderr) = ProcessRunner.Capture(npm, ["pack", package, "--json", "--pack-destination", destination], NpmTimeout, destination);
        if (code != 0)
            throw new GpuNativesException($"npm pack {package} failed (exit {code}): {stderr.Trim()}");

        string file, shasum;
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var entry = doc.RootElement[0];
            file = Path.Combine(destination, entry.GetProperty("filename").GetString()!);
            integrity = entry.GetProperty("integrity").GetString()!;
            shasum = entry.GetProperty("shasum").GetString()!;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or ArgumentNullException)
        {
            throw new GpuNativesException($"npm pack {package} did not report the tarball's integrity: {ex.Message}");
        }

        if (!File.Exists(file))
            throw new GpuNativesException($"npm pack {package} reported {file}, which is not there.");
        byte[] sha512, sha1;
        using (var stream = File.OpenRead(file))
            sha512 = SHA512.HashData(stream);
        using (var stream = File.OpenRead(file))
            sha1 = SHA1.HashData(stream);
        if (integrity != "sha512-" + Convert.ToBase64String(sha512) || !string.Equals(shasum, Convert.ToHexStringLower(sha1), StringComparison.OrdinalIgnoreCase))
            throw new GpuNativesException($"{Path.GetFileName(file)} does not match npm's integrity ({integrity}) or shasum ({shasum}); refusing it.");
        log?.Report($"verified {Path.GetFileName(file)} ({integrity[..Math.Min(integrity.Length, 24)]}…)");
        return file;
    }

    private static void Probe(string nativeDir)
    {
        try
        {
            NativeFolderProbe.Inspect(nativeDir);
        }
        catch (NativeLibraryException ex)
        {
            throw new GpuNativesException($"The libraries in {nativeDir} are not usable: {ex.Message}");
        }
    }
}
