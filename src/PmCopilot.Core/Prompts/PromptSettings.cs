using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// The model settings a prompt asks for. Read from <c>settings.json</c> (flat: <c>{"max_tokens": 400, …}</c>) or
/// from Semantic Kernel's <c>config.json</c> (the <c>execution_settings.default</c> block); the key names are the
/// same snake-case OpenAI/SK names in both.
/// </summary>
public sealed record PromptSettings(float? Temperature, float? TopP, int? MaxOutputTokens, IReadOnlyList<string> StopSequences)
{
    public static PromptSettings Default { get; } = new(null, null, null, []);

    /// <summary>Tokens the rendered prompt should stay under; the job cuts its context to fit (null = the job decides).</summary>
    public int? MaxInputTokens { get; init; }

    public ChatOptions ToChatOptions() => new()
    {
        Temperature = Temperature,
        TopP = TopP,
        MaxOutputTokens = MaxOutputTokens,
        StopSequences = StopSequences.Count > 0 ? [.. StopSequences] : null,
    };

    internal static PromptSettings FromJson(JsonElement e)
    {
        float? F(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;
        int? I(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        var stops = new List<string>();
        if (e.TryGetProperty("stop_sequences", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            stops.AddRange(s.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }

        return new PromptSettings(F("temperature"), F("top_p"), I("max_tokens"), stops) { MaxInputTokens = I("max_input_tokens") };
    }
}
