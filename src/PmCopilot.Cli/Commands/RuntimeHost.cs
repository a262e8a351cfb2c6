using System.Globalization;
using Microsoft.Extensions.AI;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Llama;
using PmCopilot.Llama.Natives;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// The loaded model (or endpoint) a job talks to. Loading belongs to PmCopilot.Llama (<see cref="ChatRuntime"/>); this
/// maps the CLI settings onto it, shows a load bar, and formats what doctor prints.
/// </summary>
internal sealed class RuntimeHost : IAsyncDisposable
{
    public const int DefaultContextSize = 4096;

    private readonly ChatRuntime runtime;

    private RuntimeHost(ChatRuntime runtime) => this.runtime = runtime;

    public IChatClient Chat => runtime.Chat;

    public IEmbeddingGenerator<string, Embedding<float>>? Embeddings => runtime.Embeddings;

    public RuntimeDescription Info => runtime.Info;

    /// <summary>Loads the native libraries only (no model) and describes them.</summary>
    public static IReadOnlyList<string> DescribeNatives(CliSettings settings) => DescribeNatives(NativeRuntime.Configure(settings.NativeDir.Value));

    /// <summary>
    /// Loads what the settings ask for. Returns null when no model is configured for the local provider (the job then
    /// runs its deterministic mode).
    /// </summary>
    public static async Task<RuntimeHost?> TryLoadAsync(CliSettings settings, CliConsole console, bool embeddings, CancellationToken cancellationToken)
    {
        string? modelPath = null;
        if (settings.Provider.Value == ProviderKind.Local)
        {
            modelPath = ModelResolution.ResolvePath(settings);
            if (modelPath is null)
            {
                ModelResolution.SayNoModelOnce(console);
                return null;
            }
        }

        using var progress = ProgressView.For(console);
        return await LoadAsync(settings, modelPath, progress, embeddings, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RuntimeHost> LoadAsync(CliSettings settings, string? modelPath, ProgressView progress, bool embeddings, CancellationToken cancellationToken)
    {
        var providerSettings = ToProviderSettings(settings, modelPath, embeddings);
        var loadBar = new SynchronousProgress<float>(p => progress.Report("load", "Loading model", p * 100, 100));
        try
        {
            var runtime = await ChatRuntime.LoadAsync(providerSettings, loadBar, cancellationToken).ConfigureAwait(false);
            progress.Complete("load");
            return new RuntimeHost(runtime);
        }
        catch (ArgumentException ex)
        {
            throw new SettingsException(ex.Message);
        }
        finally
        {
            progress.Stop();
        }
    }

    internal static ChatProviderSettings ToProviderSettings(CliSettings settings, string? modelPath, bool embeddings)
    {
        if (settings.Provider.Value == ProviderKind.OpenAI)
        {
            if (settings.Endpoint.Value is not { } endpoint)
            {
                throw new SettingsException("provider openai needs an endpoint: --endpoint URL or PMCOPILOT_ENDPOINT (e.g. http://127.0.0.1:8080/v1).");
            }

            return new ChatProviderSettings
            {
                Provider = ChatProvider.OpenAICompatible,
                Endpoint = new Uri(endpoint),
                ApiKey = settings.ApiKey.Value,
                RemoteModel = settings.Model.Value ?? "default",
            };
        }

        var entry = ModelsCommand.OpenStore(settings).Catalog.FindByFileName(Path.GetFileName(modelPath!));
        return new ChatProviderSettings
        {
            Provider = ChatProvider.Local,
            Local = new LlamaSettings
            {
                ModelPath = modelPath!,
                ContextSize = settings.ContextSize.Value ?? DefaultContextSize,
                GpuLayers = settings.GpuLayers.Value is -1 ? NativeRuntime.AllLayers : settings.GpuLayers.Value,
                Threads = settings.Threads.Value,
                NativeDir = settings.NativeDir.Value,
                TemplateName = entry?.ChatTemplate ?? "chatml",
                EnableEmbeddings = embeddings,
            },
        };
    }

    public IEnumerable<string> Describe()
    {
        var info = runtime.Info;
        if (info.Provider == ChatProvider.OpenAICompatible)
        {
            yield return $"provider:   OpenAI-compatible endpoint {info.Endpoint} (model '{info.RemoteModel}')";
            yield break;
        }

        yield return $"model:      {info.ModelPath} (architecture {info.Architecture ?? "?"}, {info.ModelLayers} layers, template {info.Template})";
        yield return $"context:    {info.ContextSize} tokens, batch {info.BatchSize}, {info.Threads} thread(s), {info.MaxParallelSequences} parallel sequence(s)";
        yield return $"GPU layers: {info.GpuLayers} of {info.ModelLayers} offloaded — {info.GpuReason}";
        if (info.Natives is { } natives)
        {
            foreach (var line in DescribeNatives(natives))
            {
                yield return line;
            }
        }
    }

    private static IReadOnlyList<string> DescribeNatives(NativeRuntimeInfo natives)
    {
        var lines = new List<string>
        {
            $"natives:    {natives.NativeDir ?? "bundled LLamaSharp CPU libraries"}",
        };
        lines.AddRange(natives.LoadedFiles.Select(f => $"  loaded    {f}"));
        lines.Add($"backends:   {(natives.Backends.Count == 0 ? "(none)" : string.Join(", ", natives.Backends))}");
        lines.AddRange(natives.Devices.Select(d => d.TotalBytes > 0
            ? $"  device    {d.Backend}: {d.Description} ({d.Type}), {FormatBytes(d.FreeBytes)} free of {FormatBytes(d.TotalBytes)}"
            : $"  device    {d.Backend}: {d.Description} ({d.Type})"));
        lines.Add($"GPU:        {(natives.GpuAvailable ? "available" : "not used")} — {natives.GpuReason}");
        if (natives.SystemInfo is { } system)
        {
            lines.Add($"CPU:        {system}");
        }

        return lines;
    }

    private static string FormatBytes(ulong bytes) =>
        (bytes / (double)(1UL << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";

    public ValueTask DisposeAsync() => runtime.DisposeAsync();
}
