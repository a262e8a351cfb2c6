using LLama.Native;

namespace PmCopilot.Llama.Engine;

/// <summary>One sequence to generate: prompt tokens in, tokens out.</summary>
public sealed record GenerationRequest
{
    /// <summary>The whole prompt (the generator reuses whatever prefix of it a free KV slot already holds).</summary>
    public required IReadOnlyList<LLamaToken> PromptTokens { get; init; }

    public SamplingSettings Sampling { get; init; } = SamplingSettings.Greedy;

    /// <summary>Most tokens to generate; null = until end of generation or the context window is full.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Keep generating past end-of-generation tokens (throughput benchmarks, like llama-bench's tg runs).</summary>
    public bool IgnoreEndOfGeneration { get; init; }
}

/// <summary>One generated token and the text it completed (empty while a multi-byte character is still partial).</summary>
public readonly record struct GeneratedToken(LLamaToken Token, string Text);

/// <summary>Why a sequence stopped.</summary>
public enum GenerationStopReason
{
    /// <summary>The model produced an end-of-generation token.</summary>
    EndOfGeneration,

    /// <summary><see cref="GenerationRequest.MaxTokens"/> reached.</summary>
    MaxTokens,

    /// <summary>The sequence filled its context window.</summary>
    ContextFull,

    /// <summary>The consumer stopped reading (e.g. a stop sequence matched) before the generator finished.</summary>
    Abandoned,
}

/// <summary>Counts for one finished sequence.</summary>
public sealed record GenerationResult
{
    /// <summary>Prompt tokens of the request.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Prompt tokens taken from the KV cache instead of being decoded again.</summary>
    public int ReusedPromptTokens { get; init; }

    /// <summary>Tokens generated (the end-of-generation token not counted).</summary>
    public int GeneratedTokens { get; init; }

    public GenerationStopReason StopReason { get; init; }

    /// <summary>Seconds from submission to the first generated token (queueing included).</summary>
    public double TimeToFirstTokenSeconds { get; init; }
}
