namespace PmCopilot.Llama;

/// <summary>How a local GGUF model is loaded and run.</summary>
public sealed record LlamaSettings
{
    /// <summary>Path of the GGUF model file.</summary>
    public required string ModelPath { get; init; }

    /// <summary>Context window of one conversation (tokens). Each parallel sequence gets a window of this size.</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Most tokens handed to one native decode call (prompt chunks and the batched generation step share it).</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Layers to offload to the GPU; null = automatic (all when a GPU backend loaded, otherwise none).</summary>
    public int? GpuLayers { get; init; }

    /// <summary>CPU threads for decoding; null = <see cref="DefaultThreads"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>Default sampling seed when a request sets none; null = a fresh random seed per request.</summary>
    public uint? Seed { get; init; }

    /// <summary>Built-in llama.cpp chat template used when the GGUF has none (or an unrecognised one), e.g. "chatml", "llama3".</summary>
    public string TemplateName { get; init; } = "chatml";

    /// <summary>Requests decoded together as sequences of one batch; more requests wait in a queue.</summary>
    public int MaxParallelSequences { get; init; } = 4;

    /// <summary>Folder of llama.cpp native libraries (PMCOPILOT_NATIVE_DIR); null = the CPU natives bundled with LLamaSharp.</summary>
    public string? NativeDir { get; init; }

    /// <summary>Build the embedding generator (a second, small context) next to the chat client.</summary>
    public bool EnableEmbeddings { get; init; } = true;

    /// <summary>
    /// Thread count when none is configured: half the logical cores, at least 1, at most 8.
    /// On a 2-core machine that is 1: ggml's spin barrier makes 2 threads far slower there as soon as anything else
    /// runs (measured in docs/architecture.md, "Threads").
    /// </summary>
    public static int DefaultThreads => Math.Clamp(Environment.ProcessorCount / 2, 1, 8);

    /// <summary>The thread count in effect.</summary>
    public int EffectiveThreads => Threads is > 0 ? Threads.Value : DefaultThreads;
}

/// <summary>Where chat requests go.</summary>
public enum ChatProvider
{
    /// <summary>A GGUF model run in this process through LLamaSharp.</summary>
    Local,

    /// <summary>Any OpenAI-compatible HTTP endpoint (llama.cpp's llama-server, vLLM, Ollama, another PmCopilot).</summary>
    OpenAICompatible,
}

/// <summary>Chat provider choice and its settings.</summary>
public sealed record ChatProviderSettings
{
    public ChatProvider Provider { get; init; } = ChatProvider.Local;

    /// <summary>Settings of the local model; required when <see cref="Provider"/> is <see cref="ChatProvider.Local"/>.</summary>
    public LlamaSettings? Local { get; init; }

    /// <summary>Base address of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>
    /// API key for the remote endpoint. Callers fill it from the environment (<see cref="ApiKeyEnvironmentVariable"/>)
    /// or the editor's secret storage; it is never read from or written to a configuration file.
    /// </summary>
    public string? ApiKey { get; init; }

    /// <summary>Model name sent to the remote endpoint.</summary>
    public string? RemoteModel { get; init; }

    /// <summary>Environment variable the front ends read the remote API key from.</summary>
    public const string ApiKeyEnvironmentVariable = "PMCOPILOT_API_KEY";

    /// <summary>Environment variable naming the native library folder.</summary>
    public const string NativeDirEnvironmentVariable = "PMCOPILOT_NATIVE_DIR";

    /// <summary>Hides the key from logs and records printed with ToString.</summary>
    public override string ToString() =>
        $"ChatProviderSettings {{ Provider = {Provider}, Endpoint = {Endpoint}, RemoteModel = {RemoteModel}, ApiKey = {(ApiKey is null ? "none" : "***")}, Local = {Local} }}";
}
