namespace PmCopilot.Llama.Natives;

/// <summary>A ggml compute device (CPU, GPU) as the loaded backends report it.</summary>
public sealed record NativeDevice(string Backend, string Name, string Description, string Type, ulong FreeBytes, ulong TotalBytes);

/// <summary>Which native libraries this process loaded and what they can run on.</summary>
public sealed record NativeRuntimeInfo
{
    /// <summary>The configured native folder; null = LLamaSharp's bundled CPU libraries.</summary>
    public string? NativeDir { get; init; }

    /// <summary>llama.cpp/ggml shared libraries mapped into the process (full paths).</summary>
    public required IReadOnlyList<string> LoadedFiles { get; init; }

    /// <summary>Registered ggml backends, e.g. "CPU", "CUDA".</summary>
    public required IReadOnlyList<string> Backends { get; init; }

    public required IReadOnlyList<NativeDevice> Devices { get; init; }

    /// <summary>Build features the backends report, "BACKEND: NAME=VALUE" (CPU instruction sets, CUDA ARCHS, …).</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>True when a GPU backend registered a device this build can run kernels on.</summary>
    public bool GpuAvailable { get; init; }

    /// <summary>GPU layers used when the settings say "auto": all (999) with a GPU, 0 without.</summary>
    public int DefaultGpuLayers { get; init; }

    /// <summary>One line saying why the GPU is or is not used.</summary>
    public required string GpuReason { get; init; }

    /// <summary>The libllama among <see cref="LoadedFiles"/> (full path), by the rule a native folder is probed with; null if none.</summary>
    public string? LlamaLibrary =>
        LoadedFiles.FirstOrDefault(f => Path.GetFileName(f) == NativeFolderProbe.PickLibrary(LoadedFiles.Select(Path.GetFileName)!, "libllama", ["-common"]));

    /// <summary>llama.cpp's llama_print_system_info line (CPU features).</summary>
    public string? SystemInfo { get; init; }
}
