using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace PmCopilot.Llama.GpuNatives;

public enum GpuNativeAction
{
    /// <summary>No NVIDIA GPU: the CPU libraries stay in use.</summary>
    NoGpu,

    /// <summary>A valid folder for this GPU is already in the cache (stamp and hashes match).</summary>
    UsePresent,

    /// <summary>npm's prebuilt CUDA package covers this GPU: fetch and verify it.</summary>
    FetchPrebuilt,

    /// <summary>Build llama.cpp b9842 from the npm bundle for this compute capability.</summary>
    BuildFromSource,

    /// <summary>Neither route is possible here; <see cref="GpuNativePlan.Reason"/> says which tool is missing.</summary>
    Unavailable,
}

/// <summary>What <c>pmcopilot gpu</c> will do and why; <see cref="Steps"/> are the commands (shown by --dry-run).</summary>
public sealed record GpuNativePlan(GpuNativeAction Action, NvidiaGpu? Gpu, string? Folder, string? NativeDir, string Reason, IReadOnlyList<string> Steps);

/// <summary>
/// Chooses how to get CUDA natives of llama.cpp b9842 (the release LLamaSharp 0.30.0 can drive) for the detected GPU:
/// reuse a stamped folder, fetch npm's prebuilt package where its architectures cover the GPU, or build from the
/// llama.cpp source bundled in <c>node-llama-cpp@3.19.0</c>.
/// </summary>
public static class GpuNativePlanner
{
    public const string Release = "b9842";
    public const string PrebuiltPackage = "@node-llama-cpp/linux-x64-cuda@3.19.0";
    public const string SourcePackage = "node-llama-cpp@3.19.0";

    /// <summary>
    /// Architectures the prebuilt package has code for (sm_86/89/120/121, per issue 11; its build metadata does not list
    /// them) — no sm_90, so no H100/H200. Code for M.m runs on M.n (n ≥ m), never across majors.
    /// </summary>
    public static readonly IReadOnlyList<(int Major, int Minor)> PrebuiltArchitectures = [(8, 6), (8, 9), (12, 0), (12, 1)];

    /// <summary>CUDA 13 (the prebuilt package's toolkit) needs an R580 or newer driver.</summary>
    public const int PrebuiltMinimumDriver = 580;

    /// <summary>Cache root: $XDG_CACHE_HOME/pmcopilot/natives (default ~/.cache/pmcopilot/natives).</summary>
    public static string DefaultCacheRoot(Func<string, string?> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var xdg = env("XDG_CACHE_HOME");
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg, "pmcopilot", "natives");
    }

    public static bool PrebuiltCovers(NvidiaGpu gpu) =>
        gpu.DriverMajor >= PrebuiltMinimumDriver && PrebuiltArchitectures.Any(a => a.Major == gpu.Major && a.Minor <= gpu.Minor);

    public static string PrebuiltFolder(string cacheRoot) => Path.Combine(cacheRoot, $"{Release}-cuda-prebuilt");

    public static string BuildFolder(string cacheRoot, NvidiaGpu gpu) => Path.Combine(cacheRoot, $"{Release}-cuda-sm{gpu.Arch}");

    public static GpuNativePlan Plan(GpuDetection detection, string cacheRoot, ToolLocator tools, bool forceBuild = false)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(tools);
        if (detection.Gpus.Count == 0)
            return new GpuNativePlan(GpuNativeAction.NoGpu, null, null, null, $"No NVIDIA GPU: {detection.Problem}. The CPU libraries stay in use.", []);

        // The first GPU decides (llama.cpp uses all of them; mixed machines should build for the lowest capability).
        var gpu = detection.Gpus.OrderBy(g => g.Major).ThenBy(g => g.Minor).First();
        var prebuilt = !forceBuild && PrebuiltCovers(gpu);
        var folder = prebuilt ? PrebuiltFolder(cacheRoot) : BuildFolder(cacheRoot, gpu);
        if (NativeStamp.Check(folder, out var present) is { } nativeDir)
            return new GpuNativePlan(GpuNativeAction.UsePresent, gpu, folder, nativeDir, $"CUDA natives for {gpu.ComputeCapability} are already in {folder} ({present}).", []);

        var why = prebuilt
            ? $"npm's prebuilt {PrebuiltPackage} has code for compute capability {gpu.ComputeCapability}"
            : PrebuiltArchitectures.Any(a => a.Major == gpu.Major && a.Minor <= gpu.Minor)
                ? $"the prebuilt package needs driver ≥ {PrebuiltMinimumDriver} (this one is {gpu.DriverVersion}), so build for sm_{gpu.Arch}"
                : $"npm's prebuilt CUDA package has no code for compute capability {gpu.ComputeCapability} (it covers sm_86/89/120/121), so build for sm_{gpu.Arch}";

        var required = prebuilt ? new[] { "npm", "tar" } : ["npm", "tar", "git", "cmake", "nvcc"];
        var missing = required.Where(t => tools.Find(t) is null).ToList();
        if (missing.Count > 0)
        {
            var hint = prebuilt ? "install Node.js (npm)" : "install the CUDA toolkit (nvcc), CMake ≥ 3.18, git and Node.js (npm), or put them on PATH";
            return new GpuNativePlan(GpuNativeAction.Unavailable, gpu, folder, null, $"{char.ToUpperInvariant(why[0])}{why[1..]}, but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not on PATH: {hint}.", []);
        }

        var work = folder + ".partial";
        List<string> steps = prebuilt
            ? [
                $"npm pack {PrebuiltPackage} --json --pack-destination {work}",
                "verify the tarball against npm's integrity (sha512) and shasum (sha1)",
                $"tar -xzf <tarball> -C {work}",
                $"check {work}/package/bins/linux-x64-cuda with NativeFolderProbe, write the stamp, rename to {folder}",
            ]
            : [
                $"npm pack {SourcePackage} --json --pack-destination {work}  (verified against npm's integrity)",
                $"tar -xzf <tarball> -C {work} package/llama/gitRelease.bundle",
                $"git clone {work}/package/llama/gitRelease.bundle {work}/llama.cpp",
                $"cmake -S {work}/llama.cpp -B {work}/build {string.Join(' ', CmakeFlags(gpu))}",
                $"cmake --build {work}/build --config Release -j {Environment.ProcessorCount}",
                $"check {work}/build/bin with NativeFolderProbe, write the stamp, rename to {folder}",
            ];
        return new GpuNativePlan(prebuilt ? GpuNativeAction.FetchPrebuilt : GpuNativeAction.BuildFromSource, gpu, folder, null, $"{char.ToUpperInvariant(why[0])}{why[1..]}.", steps);
    }

    /// <summary>Shared libraries, CUDA for exactly this architecture, and the tools (llama-bench, llama-batched-bench, llama-quantize) from the same build.</summary>
    public static IReadOnlyList<string> CmakeFlags(NvidiaGpu gpu)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        return ["-DCMAKE_BUILD_TYPE=Release", "-DGGML_CUDA=ON", $"-DCMAKE_CUDA_ARCHITECTURES={gpu.Arch}", "-DBUILD_SHARED_LIBS=ON", "-DCMAKE_BUILD_RPATH_USE_ORIGIN=ON", "-DLLAMA_BUILD_TOOLS=ON", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF", "-DLLAMA_CURL=OFF"];
    }
}

/// <summary>
/// <c>pmcopilot-natives.json</c> in a cache folder: release, kind, architecture, the native folder, and the SHA-256 of
/// every library in it. A folder counts as present only when all of them still match.
/// </summary>
public static class NativeStamp
{
    public const string FileName = "pmcopilot-natives.json";

    private sealed record Stamp(string Release, string Kind, string Arch, string NativeDir, Dictionary<string, string> Files, string? Source);

    /// <summary>The native folder if <paramref name="folder"/> holds a valid stamp for <see cref="GpuNativePlanner.Release"/>; else null with the reason.</summary>
    public static string? Check(string folder, out string reason)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            reason = "no stamp";
            return null;
        }

        Stamp? stamp;
        try
        {
            stamp = JsonSerializer.Deserialize<Stamp>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            stamp = null;
        }

        if (stamp is null || stamp.Release != GpuNativePlanner.Release || stamp.Files.Count == 0)
        {
            reason = "stamp unreadable or for another release";
            return null;
        }

        var nativeDir = Path.Combine(folder, stamp.NativeDir);
        foreach (var (name, hash) in stamp.Files)
        {
            var file = Path.Combine(nativeDir, name);
            if (!File.Exists(file) || !string.Equals(Sha256(file), hash, StringComparison.OrdinalIgnoreCase))
            {
                reason = $"{name} is missing or changed";
                return null;
            }
        }

        reason = string.Create(CultureInfo.InvariantCulture, $"{stamp.Kind} {stamp.Release} for sm_{stamp.Arch}, {stamp.Files.Count} libraries verified");
        return nativeDir;
    }

    /// <summary>Stamp every shared library of <paramref name="nativeDir"/> (relative to <paramref name="folder"/>).</summary>
    public static void Write(string folder, string nativeDir, string kind, string arch, string? source)
    {
        var full = Path.Combine(folder, nativeDir);
        var files = Directory.GetFiles(full, "*.so*").Order(StringComparer.Ordinal).ToDictionary(f => Path.GetFileName(f), Sha256, StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(new Stamp(GpuNativePlanner.Release, kind, arch, nativeDir, files, source), new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(folder, FileName), json);
    }

    internal static string Sha256(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
