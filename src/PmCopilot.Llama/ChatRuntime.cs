using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.AI;
using PmCopilot.Llama.Chat;
using PmCopilot.Llama.Embeddings;
using PmCopilot.Llama.Engine;
using PmCopilot.Llama.Gguf;
using PmCopilot.Llama.Natives;
using PmCopilot.Llama.Remote;

namespace PmCopilot.Llama;

/// <summary>
/// A loaded chat provider: the <see cref="IChatClient"/> the jobs use, optional embeddings, and a description of what
/// runs underneath. Dispose it to free the model.
/// </summary>
public sealed class ChatRuntime : IAsyncDisposable
{
    private readonly LLamaWeights? _weights;
    private readonly LlamaEmbeddingGenerator? _embeddings;

    private ChatRuntime(IChatClient chat, RuntimeDescription info, LLamaWeights? weights, LlamaGenerator? generator, LlamaEmbeddingGenerator? embeddings)
    {
        Chat = chat;
        Info = info;
        _weights = weights;
        Generator = generator;
        _embeddings = embeddings;
    }

    public IChatClient Chat { get; }

    /// <summary>Embeddings from the local model; null for a remote provider or when disabled.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => _embeddings;

    public RuntimeDescription Info { get; }

    /// <summary>The local decode loop (the low-level fast path the chat client runs on); null for a remote provider.</summary>
    public LlamaGenerator? Generator { get; }

    /// <summary>
    /// Load the configured provider. Local: validate the GGUF file, load the native libraries, load the weights (with
    /// progress 0..1), create the batched context. Remote: build an OpenAI-compatible client (no network call yet).
    /// </summary>
    /// <exception cref="ModelLoadException">Missing/foreign/truncated model, unsupported architecture, unusable native folder.</exception>
    /// <exception cref="ArgumentException">Settings that cannot work (missing endpoint, sizes out of range).</exception>
    public static async Task<ChatRuntime> LoadAsync(ChatProviderSettings settings, IProgress<float>? loadProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider switch
        {
            ChatProvider.Local => await LoadLocalAsync(settings.Local ?? throw new ArgumentException("The local provider needs LlamaSettings (a model path).", nameof(settings)), loadProgress, cancellationToken).ConfigureAwait(false),
            ChatProvider.OpenAICompatible => LoadRemote(settings),
            _ => throw new ArgumentException($"Unknown provider {settings.Provider}.", nameof(settings)),
        };
    }

    private static ChatRuntime LoadRemote(ChatProviderSettings settings)
    {
        if (settings.Endpoint is null)
            throw new ArgumentException("The OpenAI-compatible provider needs an endpoint, e.g. http://127.0.0.1:8080/v1.", nameof(settings));
        if (string.IsNullOrWhiteSpace(settings.RemoteModel))
            throw new ArgumentException("The OpenAI-compatible provider needs a model name.", nameof(settings));

        var chat = OpenAICompatibleProvider.CreateChatClient(settings.Endpoint, settings.RemoteModel, settings.ApiKey);
        var info = new RuntimeDescription
        {
            Provider = ChatProvider.OpenAICompatible,
            Endpoint = settings.Endpoint,
            RemoteModel = settings.RemoteModel,
        };
        return new ChatRuntime(chat, info, null, null, null);
    }

    private static async Task<ChatRuntime> LoadLocalAsync(LlamaSettings settings, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        if (settings.ContextSize < 16)
            throw new ArgumentException($"Context size {settings.ContextSize} is too small (at least 16).", nameof(settings));
        if (settings.MaxParallelSequences is < 1 or > 256)
            throw new ArgumentException($"MaxParallelSequences {settings.MaxParallelSequences} must be between 1 and 256.", nameof(settings));
        if (settings.BatchSize < settings.MaxParallelSequences)
            throw new ArgumentException($"Batch size {settings.BatchSize} must be at least MaxParallelSequences ({settings.MaxParallelSequences}).", nameof(settings));

        var path = Path.GetFullPath(settings.ModelPath);
        var header = GgufReader.Validate(path);
        var natives = NativeRuntime.Configure(settings.NativeDir);
        var maxSequences = LLama.Native.NativeApi.llama_max_parallel_sequences();
        if (settings.MaxParallelSequences > maxSequences)
            throw new ArgumentException($"MaxParallelSequences {settings.MaxParallelSequences} is more than this llama.cpp build supports ({maxSequences}).", nameof(settings));

        // Without a usable GPU nothing is offloaded, whatever the settings say: a CUDA device without code for its
        // architecture would abort the process at the first kernel.
        var gpuLayers = natives.GpuAvailable ? settings.GpuLayers ?? natives.DefaultGpuLayers : 0;
        var threads = settings.EffectiveThreads;

        var mark = NativeLog.Mark();
        LLamaWeights weights;
        var library = natives.LlamaLibrary;
        try
        {
            // Through our loader: LLamaSharp's own marshals a newer llama_model_params than b9842 folders have (see ModelLoader).
            weights = await ModelLoader.LoadAsync(path, gpuLayers, library, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadWeightsFailedException e)
        {
            throw new ModelLoadException(DescribeLoadFailure(path, header, NativeLog.ErrorsSince(mark)), e);
        }

        try
        {
            var generator = new LlamaGenerator(weights, new LlamaGeneratorOptions
            {
                ContextSize = settings.ContextSize,
                BatchSize = settings.BatchSize,
                Threads = threads,
                MaxParallelSequences = settings.MaxParallelSequences,
                AllowGpuOps = natives.GpuAvailable,
                LibraryPath = library,
            });
            ChatPromptFormatter formatter;
            try
            {
                formatter = new ChatPromptFormatter(weights, settings.TemplateName);
            }
            catch
            {
                generator.Dispose();
                throw;
            }

            var modelId = header.Name ?? Path.GetFileNameWithoutExtension(path);
            var chat = new LlamaChatClient(generator, formatter, modelId, settings.Seed);
            var embeddings = settings.EnableEmbeddings ? new LlamaEmbeddingGenerator(weights, Math.Min(settings.ContextSize, 512), threads, modelId, natives.GpuAvailable) : null;
            var info = new RuntimeDescription
            {
                Provider = ChatProvider.Local,
                ModelPath = path,
                Architecture = header.Architecture,
                Natives = natives,
                GpuLayers = Math.Min(gpuLayers, weights.NativeHandle.LayerCount + 1),
                ModelLayers = weights.NativeHandle.LayerCount,
                ContextSize = settings.ContextSize,
                BatchSize = settings.BatchSize,
                Threads = threads,
                MaxParallelSequences = settings.MaxParallelSequences,
                Template = formatter.Template,
                GpuReason = settings.GpuLayers is { } explicitLayers && natives.GpuAvailable
                    ? $"{natives.GpuReason} (GpuLayers set to {explicitLayers})"
                    : natives.GpuReason,
            };
            return new ChatRuntime(chat, info, weights, generator, embeddings);
        }
        catch (Exception e) when (e is RuntimeError or LoadWeightsFailedException)
        {
            weights.Dispose();
            throw new ModelLoadException($"llama.cpp could not create a context for {path}: {string.Join(" / ", NativeLog.ErrorsSince(mark).DefaultIfEmpty(e.Message))}", e);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private static string DescribeLoadFailure(string path, GgufHeader header, IReadOnlyList<string> errors)
    {
        var arch = header.Architecture ?? "unknown";
        if (errors.Any(l => l.Contains("unknown model architecture", StringComparison.OrdinalIgnoreCase)))
            return $"Model {path} has architecture '{arch}', which this llama.cpp build does not support.";
        var detail = errors.Count == 0 ? "no details from llama.cpp" : string.Join(" / ", errors.TakeLast(3));
        return $"llama.cpp could not load model {path} (architecture '{arch}'): {detail}";
    }

    public ValueTask DisposeAsync()
    {
        Generator?.Dispose();
        _embeddings?.Dispose();
        Chat.Dispose();
        _weights?.Dispose();
        return ValueTask.CompletedTask;
    }
}
