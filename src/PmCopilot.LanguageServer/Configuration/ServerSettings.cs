using System.Text.Json;
using PmCopilot.Core.Jobs;

namespace PmCopilot.LanguageServer.Configuration;

/// <summary>
/// Which model answers assistant requests. Mirrors the editor's <c>pmcopilot.model.*</c> settings. A change to any
/// member reloads the model on the next assistant request; the API key is held in memory only.
/// </summary>
public sealed record AssistantSettings
{
    /// <summary><c>local</c> (a GGUF file through LLamaSharp) or <c>openai</c> (any OpenAI-compatible endpoint).</summary>
    public string Provider { get; init; } = "local";

    public string? ModelPath { get; init; }

    public string? Endpoint { get; init; }

    /// <summary>The model name sent to an OpenAI-compatible endpoint.</summary>
    public string? EndpointModel { get; init; }

    public string? ApiKey { get; init; }

    public int? GpuLayers { get; init; }

    public int? Threads { get; init; }

    public int? ContextSize { get; init; }

    public AnswerLanguage Language { get; init; } = AnswerLanguage.Auto;

    public bool HasModel => this.Provider.Equals("openai", StringComparison.OrdinalIgnoreCase)
        ? !string.IsNullOrWhiteSpace(this.Endpoint)
        : !string.IsNullOrWhiteSpace(this.ModelPath);

    /// <summary>The editor-settable part of what the CLI resolved.</summary>
    public static AssistantSettings From(Llama.ChatProviderSettings settings) => settings.Provider == Llama.ChatProvider.OpenAICompatible
        ? new AssistantSettings
        {
            Provider = "openai",
            Endpoint = settings.Endpoint?.AbsoluteUri,
            EndpointModel = settings.RemoteModel,
            ApiKey = settings.ApiKey,
        }
        : new AssistantSettings
        {
            Provider = "local",
            ModelPath = settings.Local?.ModelPath,
            GpuLayers = settings.Local?.GpuLayers,
            Threads = settings.Local?.Threads,
            ContextSize = settings.Local?.ContextSize,
        };

    /// <summary>True when switching from this to <paramref name="other"/> needs a different loaded model (language does not).</summary>
    public bool NeedsReload(AssistantSettings other) => this with { Language = other.Language } != other;
}

/// <summary>Everything the editor can set, with the defaults used before (or without) <c>workspace/didChangeConfiguration</c>.</summary>
public sealed record ServerSettings
{
    public AssistantSettings Assistant { get; init; } = new();

    /// <summary>FAQ knowledge base: a JSON file in the format of the built-in FAQ data (relative to the workspace root); null for the built-in one.</summary>
    public string? KnowledgeBase { get; init; }

    /// <summary>Quiet time after an edit before diagnostics are recomputed and pushed; edits inside it are coalesced.</summary>
    public int DiagnosticsDelayMs { get; init; } = 25;

    /// <summary>
    /// Reads <c>{"pmcopilot": {...}}</c> (VS Code's section form) or the inner object itself. Unknown keys are ignored;
    /// keys that are absent keep their current value, so partial updates work.
    /// </summary>
    public ServerSettings Apply(JsonElement? settings)
    {
        if (settings is not { ValueKind: JsonValueKind.Object } root)
        {
            return this;
        }

        if (root.TryGetProperty("pmcopilot", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            root = section;
        }

        var result = this;
        var assistant = this.Assistant;
        if (root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object)
        {
            assistant = assistant with
            {
                Provider = String(model, "provider") ?? assistant.Provider,
                ModelPath = StringOrClear(model, "path", assistant.ModelPath),
                Endpoint = StringOrClear(model, "endpoint", assistant.Endpoint),
                EndpointModel = StringOrClear(model, "name", assistant.EndpointModel),
                ApiKey = StringOrClear(model, "apiKey", assistant.ApiKey),
                GpuLayers = Int(model, "gpuLayers", assistant.GpuLayers),
                Threads = Int(model, "threads", assistant.Threads),
                ContextSize = Int(model, "contextSize", assistant.ContextSize),
            };
        }

        if (String(root, "language") is { } language)
        {
            assistant = assistant with
            {
                Language = language.ToLowerInvariant() switch
                {
                    "zh" => AnswerLanguage.Zh,
                    "en" => AnswerLanguage.En,
                    _ => AnswerLanguage.Auto,
                },
            };
        }

        result = result with { Assistant = assistant };
        if (root.TryGetProperty("faq", out var faq) && faq.ValueKind == JsonValueKind.Object)
        {
            result = result with { KnowledgeBase = StringOrClear(faq, "knowledgeBase", result.KnowledgeBase) };
        }

        if (root.TryGetProperty("diagnostics", out var diagnostics) && diagnostics.ValueKind == JsonValueKind.Object
            && Int(diagnostics, "delayMs", null) is { } delay)
        {
            result = result with { DiagnosticsDelayMs = Math.Clamp(delay, 0, 5000) };
        }

        return result;
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? StringOrClear(JsonElement obj, string name, string? current)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return current;
        }

        return value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
    }

    private static int? Int(JsonElement obj, string name, int? current)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return current;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
    }
}
