using System.Runtime.InteropServices;
using LLama.Exceptions;
using LLama.Native;

namespace PmCopilot.Llama.Natives;

/// <summary>
/// Chooses and loads the llama.cpp native libraries once per process, before any other LLamaSharp call.
/// LLamaSharp's <see cref="NativeLibraryConfig"/> can be set only before its first native call, so this is the single
/// place that touches it; <see cref="ChatRuntime.LoadAsync"/> calls it first.
/// </summary>
public static class NativeRuntime
{
    /// <summary>All layers: llama.cpp clamps the count to the model's layers.</summary>
    public const int AllLayers = 999;

    private static readonly Lock Gate = new();
    private static NativeRuntimeInfo? _info;
    private static Exception? _failure;
    private static string? _failedDir;

    /// <summary>The loaded natives, or null before <see cref="Configure"/>.</summary>
    public static NativeRuntimeInfo? Info => _info;

    /// <summary>
    /// Load the native libraries: from <paramref name="nativeDir"/> (validated first) or, when null, LLamaSharp's bundled
    /// CPU libraries. Idempotent for the same folder; a different folder after loading is an error (restart needed).
    /// </summary>
    /// <exception cref="NativeLibraryException">The folder is missing, incomplete, incompatible or fails to load.</exception>
    public static NativeRuntimeInfo Configure(string? nativeDir)
    {
        var requested = string.IsNullOrWhiteSpace(nativeDir) ? null : Path.GetFullPath(nativeDir);
        lock (Gate)
        {
            if (_info is not null)
            {
                if (string.Equals(_info.NativeDir, requested, StringComparison.Ordinal))
                    return _info;
                throw new NativeLibraryException(
                    $"Native libraries were already loaded from {_info.NativeDir ?? "the bundled CPU build"}; restart to use {requested ?? "the bundled CPU build"}.");
            }

            if (_failure is not null)
            {
                if (string.Equals(_failedDir, requested, StringComparison.Ordinal))
                    throw _failure;
                throw new NativeLibraryException($"Loading native libraries already failed in this process ({_failure.Message}); restart to try {requested ?? "the bundled CPU build"}.", _failure);
            }

            var report = requested is null ? null : NativeFolderProbe.Inspect(requested);
            try
            {
                _info = Load(report);
                return _info;
            }
            catch (NativeLibraryException e)
            {
                _failure = e;
                _failedDir = requested;
                throw;
            }
        }
    }

    private static NativeRuntimeInfo Load(NativeFolderReport? report)
    {
        if (NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            if (report is not null)
                throw new NativeLibraryException($"LLamaSharp loaded its bundled natives before the native folder {report.Directory} could be configured.");
            // Something used LLamaSharp first; still route llama.cpp's log here so load errors can be quoted.
            NativeLogConfig.llama_log_set(NativeLog.Callback);
        }
        else
        {
            if (report is not null)
                NativeLibraryConfig.All.WithLibrary(report.LlamaLibrary, null).WithSearchDirectory(report.Directory);
            NativeLibraryConfig.All.WithLogCallback(NativeLog.Callback);
        }

        var where = report?.Directory ?? "the bundled LLamaSharp CPU libraries";
        try
        {
            // Any native call runs LLamaSharp's loader (static constructor of NativeApi).
            _ = NativeApi.llama_max_devices();
        }
        catch (Exception e) when (e is TypeInitializationException or RuntimeError or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            var inner = e is TypeInitializationException { InnerException: { } i } ? i : e;
            throw new NativeLibraryException(
                $"Native folder {where} is not a llama.cpp build compatible with LLamaSharp 0.30.0 ({NativeFolderProbe.CompatibleRange}): loading it failed ({FirstLine(inner.Message)}).", e);
        }

        var ggmlPath = report?.GgmlLibrary ?? LoadedNativeFiles().FirstOrDefault(IsCoreGgml)
            ?? throw new NativeLibraryException($"The llama library from {where} loaded, but no libggml is mapped into the process.");
        var ggml = Ggml.Open(ggmlPath);

        // Backends built as loadable modules (GGML_BACKEND_DL) only exist after this call; without it model loading
        // fails with "no backends are loaded". The bundled build links its CPU backend, so it already has one.
        if (report is not null)
            ggml.LoadAllFromPath(report.Directory);
        else if (ggml.RegistryNames().Count == 0)
            ggml.LoadAllFromPath(Path.GetDirectoryName(ggmlPath)!);

        var backends = ggml.RegistryNames();
        if (backends.Count == 0)
            throw new NativeLibraryException($"Native folder {where} loaded, but registered no ggml backend (no libggml-cpu*.so or GPU backend there?).");

        var devices = ggml.Devices();
        var features = ggml.Features();
        var gpus = devices.Where(IsGpu).ToList();
        string reason;
        var cudaArchs = features.FirstOrDefault(f => f.Backend.StartsWith("CUDA", StringComparison.OrdinalIgnoreCase) && f.Name == "ARCHS").Value;
        var capabilities = CudaCompatibility.ParseComputeCapabilities(NativeLog.RecentLines());
        var unusable = gpus.Count > 0 && gpus.All(g => g.Backend.StartsWith("CUDA", StringComparison.OrdinalIgnoreCase))
            && capabilities.Count > 0 && !capabilities.Values.Any(cc => CudaCompatibility.CanRun(cudaArchs, cc.Major, cc.Minor));
        if (unusable)
        {
            var cc = capabilities.Values.First();
            reason = $"CPU: the CUDA libraries in {report?.Directory} have code for {CudaCompatibility.Describe(cudaArchs)} but {gpus[0].Description} is sm_{cc.Major}{cc.Minor}; build natives for it (`pmcopilot gpu`). Not offloading, so no kernel without code for this GPU ever runs.";
            gpus.Clear();
        }
        else if (gpus.Count > 0)
        {
            var g = gpus[0];
            reason = $"GPU: {g.Backend} {g.Description} ({g.FreeBytes / (1024.0 * 1024 * 1024):F1} GiB free) — all layers offloaded by default.";
        }
        else if (report?.BackendLibraries.Any(f => Path.GetFileName(f).StartsWith("libggml-cuda", StringComparison.Ordinal)) == true)
        {
            reason = "CPU: libggml-cuda is in the native folder but registered no GPU (no NVIDIA driver, CUDA runtime or GPU visible, or the build lacks this GPU's architecture).";
        }
        else if (report is null)
        {
            reason = "CPU: the bundled LLamaSharp natives are CPU-only; set PMCOPILOT_NATIVE_DIR to a CUDA build (`pmcopilot gpu`) to use a GPU.";
        }
        else
        {
            reason = $"CPU: the native folder {report.Directory} has no GPU backend.";
        }

        string? systemInfo = null;
        try
        {
            systemInfo = Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info())?.Trim();
        }
        catch (EntryPointNotFoundException)
        {
        }

        return new NativeRuntimeInfo
        {
            NativeDir = report?.Directory,
            LoadedFiles = LoadedNativeFiles(),
            Backends = backends,
            Devices = devices,
            Features = [.. features.Select(f => $"{f.Backend}: {f.Name}={f.Value}")],
            GpuAvailable = gpus.Count > 0,
            DefaultGpuLayers = gpus.Count > 0 ? AllLayers : 0,
            GpuReason = reason,
            SystemInfo = systemInfo,
        };
    }

    /// <summary>llama/ggml/mtmd shared objects mapped into this process, from /proc/self/maps (Linux).</summary>
    public static IReadOnlyList<string> LoadedNativeFiles()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return [];
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/');
            if (slash < 0)
                continue;
            var path = line[slash..];
            var name = Path.GetFileName(path);
            if ((name.StartsWith("libllama", StringComparison.Ordinal) || name.StartsWith("libggml", StringComparison.Ordinal) || name.StartsWith("libmtmd", StringComparison.Ordinal))
                && name.Contains(".so", StringComparison.Ordinal))
                result.Add(path);
        }

        return [.. result];
    }

    private static readonly string[] GpuBackends = ["CUDA", "Vulkan", "ROCm", "HIP", "SYCL", "Metal", "MUSA", "OpenCL"];

    private static bool IsGpu(NativeDevice device) =>
        device.Type == "GPU" || GpuBackends.Any(b => device.Backend.StartsWith(b, StringComparison.OrdinalIgnoreCase));

    private static bool IsCoreGgml(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith("libggml.", StringComparison.Ordinal);
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return (i < 0 ? s : s[..i]).Trim();
    }
}
