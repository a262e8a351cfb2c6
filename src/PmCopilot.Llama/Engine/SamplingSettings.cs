namespace PmCopilot.Llama.Engine;

/// <summary>Per-request sampling; each request gets its own native sampler chain built from these.</summary>
public sealed record SamplingSettings
{
    /// <summary>0 or less = greedy (argmax), otherwise softmax temperature.</summary>
    public float Temperature { get; init; } = 0.8f;

    public float TopP { get; init; } = 0.95f;

    /// <summary>0 = off.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>0 = off.</summary>
    public float MinP { get; init; } = 0.05f;

    /// <summary>1 = off.</summary>
    public float RepeatPenalty { get; init; } = 1.0f;

    /// <summary>Tokens the penalties look back over.</summary>
    public int RepeatLastN { get; init; } = 64;

    public float FrequencyPenalty { get; init; }

    public float PresencePenalty { get; init; }

    /// <summary>Seed of the distribution sampler; null = random.</summary>
    public uint? Seed { get; init; }

    /// <summary>Greedy decoding (temperature 0).</summary>
    public static SamplingSettings Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Run even plain greedy decoding through the native sampler chain (tests compare it with the arg-max path).</summary>
    internal bool ForceNativeSampler { get; init; }

    internal bool UsesPenalties => RepeatPenalty != 1.0f || FrequencyPenalty != 0 || PresencePenalty != 0;
}
