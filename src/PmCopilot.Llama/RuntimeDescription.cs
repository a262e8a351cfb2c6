using PmCopilot.Llama.Natives;

namespace PmCopilot.Llama;

/// <summary>What a loaded <see cref="ChatRuntime"/> is running on, for `pmcopilot doctor` and logs.</summary>
public sealed record RuntimeDescription
{
    public required ChatProvider Provider { get; init; }

    /// <summary>Local model file, or null for a remote provider.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Remote endpoint and model, or null for the local provider.</summary>
    public Uri? Endpoint { get; init; }

    public string? RemoteModel { get; init; }

    /// <summary>GGUF general.architecture (local only).</summary>
    public string? Architecture { get; init; }

    /// <summary>Native libraries and backends (local only).</summary>
    public NativeRuntimeInfo? Natives { get; init; }

    /// <summary>Layers requested for GPU offload (0 = CPU only).</summary>
    public int GpuLayers { get; init; }

    /// <summary>Layers the model has (offloading more than this offloads all of them).</summary>
    public int ModelLayers { get; init; }

    /// <summary>Context window per sequence.</summary>
    public int ContextSize { get; init; }

    public int BatchSize { get; init; }

    public int Threads { get; init; }

    public int MaxParallelSequences { get; init; }

    /// <summary>"gguf" when the model's own template is applied, otherwise "builtin:&lt;name&gt;".</summary>
    public string? Template { get; init; }

    /// <summary>One line on why the GPU is or is not used.</summary>
    public string? GpuReason { get; init; }
}
