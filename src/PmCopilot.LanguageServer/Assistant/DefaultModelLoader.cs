using PmCopilot.LanguageServer.Configuration;
using PmCopilot.Llama;

namespace PmCopilot.LanguageServer.Assistant;

/// <summary>Loads models through PmCopilot.Llama. Settings the editor cannot set (native folder, template, seed…) come from the CLI's baseline.</summary>
internal sealed class DefaultModelLoader
{
    private readonly ChatProviderSettings? baseline;

    public DefaultModelLoader(ChatProviderSettings? baseline) => this.baseline = baseline;

    public async Task<AssistantModel> LoadAsync(AssistantSettings settings, IProgress<float>? progress, CancellationToken cancellationToken)
    {
        ChatRuntime runtime;
        try
        {
            runtime = await ChatRuntime.LoadAsync(this.ToChatSettings(settings), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new ModelLoadException(ex.Message, ex);
        }

        return new AssistantModel(runtime.Chat, runtime.Embeddings, Describe(runtime.Info), runtime.DisposeAsync);
    }

    internal ChatProviderSettings ToChatSettings(AssistantSettings settings)
    {
        if (settings.Provider.Equals("openai", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint))
            {
                throw new ModelLoadException($"pmcopilot.model.endpoint '{settings.Endpoint}' is not an absolute URL, e.g. http://127.0.0.1:8080/v1");
            }

            return new ChatProviderSettings
            {
                Provider = ChatProvider.OpenAICompatible,
                Endpoint = endpoint,
                RemoteModel = settings.EndpointModel ?? this.baseline?.RemoteModel,
                ApiKey = settings.ApiKey ?? this.baseline?.ApiKey ?? Environment.GetEnvironmentVariable(ChatProviderSettings.ApiKeyEnvironmentVariable),
            };
        }

        var path = settings.ModelPath ?? throw new ModelLoadException("No model path is configured");
        var local = this.baseline?.Local is { } given ? given with { ModelPath = path } : new LlamaSettings { ModelPath = path };
        local = local with
        {
            GpuLayers = settings.GpuLayers ?? local.GpuLayers,
            Threads = settings.Threads ?? local.Threads,
            ContextSize = settings.ContextSize ?? local.ContextSize,
            NativeDir = local.NativeDir ?? Environment.GetEnvironmentVariable(ChatProviderSettings.NativeDirEnvironmentVariable),
        };
        return new ChatProviderSettings { Provider = ChatProvider.Local, Local = local };
    }

    private static string Describe(RuntimeDescription info) => info.Provider == ChatProvider.Local
        ? $"{Path.GetFileName(info.ModelPath)} ({info.Architecture}, context {info.ContextSize}, {info.Threads} threads, {info.GpuLayers}/{info.ModelLayers} layers on GPU)"
        : $"{info.RemoteModel} at {info.Endpoint}";
}
