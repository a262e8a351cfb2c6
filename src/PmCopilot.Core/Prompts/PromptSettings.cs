using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// Execution settings stored next to a prompt as <c>settings.json</c>. Snake-case names follow the OpenAI/SK
/// convention so the files read the same as SK's <c>config.json</c> execution settings.
/// </summary>
public sealed record PromptSettings
{
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    [JsonPropertyName("max_tokens")]
    public int MaxTokens { get; init; } = 512;

    [JsonPropertyName("temperature")]
    public float Temperature { get; init; } = 0.2f;

    [JsonPropertyName("top_p")]
    public float? TopP { get; init; }

    [JsonPropertyName("stop_sequences")]
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>Tokens the prompt may take before the caller must cut context (0 = no limit given).</summary>
    [JsonPropertyName("max_input_tokens")]
    public int MaxInputTokens { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
    };

    public static PromptSettings Parse(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PromptSettings>(json, JsonOptions)
                ?? throw new PromptLoadException($"Prompt settings '{source}' are empty (expected a JSON object).");
        }
        catch (JsonException ex)
        {
            throw new PromptLoadException($"Prompt settings '{source}' are not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>The chat options a job passes to <see cref="IChatClient"/> for this prompt.</summary>
    public ChatOptions ToChatOptions() => new()
    {
        MaxOutputTokens = MaxTokens,
        Temperature = Temperature,
        TopP = TopP,
        StopSequences = StopSequences.Count == 0 ? null : [.. StopSequences],
    };
}
