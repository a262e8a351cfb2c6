namespace PmCopilot.Llama.Natives;

/// <summary>The files of a native folder that passed <see cref="NativeFolderProbe.Inspect"/>.</summary>
public sealed record NativeFolderReport(
    string Directory,
    string LlamaLibrary,
    string GgmlLibrary,
    string GgmlBaseLibrary,
    IReadOnlyList<string> BackendLibraries);

/// <summary>
/// Validates a folder of llama.cpp libraries before anything is loaded: the files are there, they are ELF shared
/// libraries for this CPU, and their exports match the llama.cpp C API that LLamaSharp 0.30.0 binds.
/// Pure file inspection, so it is safe to call any number of times in one process.
/// </summary>
public static class NativeFolderProbe
{
    /// <summary>The llama.cpp releases this check accepts (LLamaSharp 0.30.0 binds c0c7e14 = b9297+1; b9842 checked token-for-token).</summary>
    public const string CompatibleRange = "b9297..b9842";

    /// <summary>
    /// Exports LLamaSharp 0.30.0 and our decode loop call. <c>llama_n_rs_seq</c> is the newest of them (it arrived with
    /// the context-parameter layout LLamaSharp 0.30.0 marshals), so an older build fails here instead of at a struct mismatch.
    /// </summary>
    internal static readonly string[] RequiredLlamaExports =
    [
        "llama_backend_init", "llama_model_load_from_file", "llama_init_from_model", "llama_decode", "llama_batch_init",
        "llama_get_memory", "llama_memory_seq_rm", "llama_memory_seq_cp", "llama_sampler_chain_init", "llama_sampler_sample",
        "llama_sampler_init_penalties", "llama_sampler_init_min_p", "llama_vocab_is_eog", "llama_chat_apply_template",
        "llama_get_embeddings_seq", "llama_n_rs_seq",
    ];

    /// <summary>Exports we call on libggml ourselves (backend registration and enumeration for `doctor`).</summary>
    internal static readonly string[] RequiredGgmlExports =
    [
        "ggml_backend_load_all_from_path", "ggml_backend_reg_count", "ggml_backend_reg_get", "ggml_backend_dev_count",
    ];

    /// <summary>
    /// Exports that only newer llama.cpp lines have. <c>llama_version</c> appeared with the 0.5.x versioning (node-llama-cpp
    /// 3.22's "v0.5.0" build), whose context parameters LLamaSharp 0.30.0 rejects with "Unsupported ctx type".
    /// </summary>
    internal static readonly string[] ForbiddenLlamaExports = ["llama_version"];

    /// <summary>Check a native folder; throws <see cref="NativeLibraryException"/> with the reason when it is not usable.</summary>
    public static NativeFolderReport Inspect(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var dir = Path.GetFullPath(directory);
        if (File.Exists(dir))
            throw new NativeLibraryException($"Native folder {dir} is a file, not a folder. Point PMCOPILOT_NATIVE_DIR at the folder that holds libllama*.so.");
        if (!Directory.Exists(dir))
            throw new NativeLibraryException($"Native folder {dir} does not exist. Set PMCOPILOT_NATIVE_DIR to a folder of llama.cpp libraries (run `pmcopilot gpu`), or unset it to use the bundled CPU libraries.");

        var files = Directory.GetFiles(dir, "*.so*").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var llama = PickLibrary(files, "libllama", excludeSuffixes: ["-common"]);
        var ggml = PickLibrary(files, "libggml", excludeSuffixes: ["-base", "-cpu", "-cuda", "-vulkan", "-blas", "-rpc", "-metal", "-hip", "-sycl", "-opencl", "-musa", "-cann"]);
        var ggmlBase = PickLibrary(files, "libggml-base", excludeSuffixes: []);

        var missing = new List<string>();
        if (llama is null) missing.Add("libllama*.so");
        if (ggml is null) missing.Add("libggml*.so");
        if (ggmlBase is null) missing.Add("libggml-base*.so");
        if (missing.Count > 0)
            throw new NativeLibraryException($"Native folder {dir} is not a llama.cpp build: {string.Join(", ", missing)} not found there (found {(files.Count == 0 ? "no .so files" : string.Join(", ", files))}).");

        var llamaPath = Path.Combine(dir, llama!);
        var ggmlPath = Path.Combine(dir, ggml!);
        var ggmlBasePath = Path.Combine(dir, ggmlBase!);
        var llamaExports = ReadExportsOrThrow(dir, llamaPath);
        var ggmlExports = ReadExportsOrThrow(dir, ggmlPath);
        ggmlExports.UnionWith(ReadExportsOrThrow(dir, ggmlBasePath));

        var missingSymbols = RequiredLlamaExports.Where(s => !llamaExports.Contains(s))
            .Concat(RequiredGgmlExports.Where(s => !ggmlExports.Contains(s) && !llamaExports.Contains(s)))
            .ToList();
        var newer = ForbiddenLlamaExports.Where(llamaExports.Contains).ToList();
        if (missingSymbols.Count > 0 || newer.Count > 0)
        {
            var why = missingSymbols.Count > 0
                ? $"it lacks {string.Join(", ", missingSymbols.Take(5))}{(missingSymbols.Count > 5 ? ", …" : "")}"
                : $"it exports {string.Join(", ", newer)}, which marks a newer, incompatible release line";
            throw new NativeLibraryException($"Native folder {dir} is not a llama.cpp build compatible with LLamaSharp 0.30.0 ({CompatibleRange}): {why}.");
        }

        var backends = files
            .Where(f => f.StartsWith("libggml-", StringComparison.Ordinal) && !f.StartsWith("libggml-base", StringComparison.Ordinal))
            .Select(f => Path.Combine(dir, f))
            .ToList();
        return new NativeFolderReport(dir, llamaPath, ggmlPath, ggmlBasePath, backends);
    }

    private static HashSet<string> ReadExportsOrThrow(string dir, string path)
    {
        try
        {
            return [.. ElfSymbols.ReadExports(path)];
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new NativeLibraryException($"Native folder {dir} is not a llama.cpp build compatible with LLamaSharp 0.30.0 ({CompatibleRange}): {Path.GetFileName(path)} is unreadable ({e.Message}).", e);
        }
    }

    /// <summary>"libllama.so", "libllama.b9842.so" or "libllama.so.1" — the stem followed by a version dot or ".so".</summary>
    internal static string? PickLibrary(IEnumerable<string> files, string stem, string[] excludeSuffixes)
    {
        var candidates = files.Where(f =>
            f.StartsWith(stem, StringComparison.Ordinal)
            && f.Length > stem.Length
            && f[stem.Length] == '.'
            && f.Contains(".so", StringComparison.Ordinal)
            && !excludeSuffixes.Any(x => f.StartsWith(stem + x, StringComparison.Ordinal))).ToList();
        // Prefer the plain name, then the shortest versioned one.
        return candidates.OrderBy(f => f == stem + ".so" ? 0 : 1).ThenBy(f => f.Length).FirstOrDefault();
    }
}
