using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PmCopilot.Llama.Engine;

namespace PmCopilot.Llama.Chat;

/// <summary>
/// <see cref="IChatClient"/> over <see cref="LlamaGenerator"/>: applies the chat template, maps <see cref="ChatOptions"/>
/// to a per-request native sampler chain, streams one update per token, enforces stop sequences on the text, and fills
/// <see cref="UsageDetails"/> (cached prompt tokens included) and <see cref="ChatFinishReason"/>.
/// </summary>
public sealed class LlamaChatClient : IChatClient
{
    private readonly LlamaGenerator _generator;
    private readonly ChatPromptFormatter _formatter;
    private readonly uint? _defaultSeed;
    private readonly PromptTokenCache _promptTokens;

    public LlamaChatClient(LlamaGenerator generator, ChatPromptFormatter formatter, string modelId, uint? defaultSeed = null)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _formatter = formatter ?? throw new ArgumentNullException(nameof(formatter));
        _defaultSeed = defaultSeed;
        _promptTokens = PromptTokenCache.For(generator.Weights.NativeHandle, generator.Tokenize);
        Metadata = new ChatClientMetadata("llama.cpp", defaultModelId: modelId);
    }

    public ChatClientMetadata Metadata { get; }

    /// <summary>The prompt text a conversation becomes (for tests and prompt debugging).</summary>
    public string FormatPrompt(IEnumerable<ChatMessage> messages) => _formatter.Format(messages);

    /// <summary>
    /// The prompt's tokens: equal to tokenizing it whole, but a conversation that only grew since an earlier request
    /// tokenizes just its new text (see <see cref="PromptTokenCache"/>).
    /// </summary>
    internal LLama.Native.LLamaToken[] TokenizePrompt(string prompt) => _promptTokens.Tokenize(prompt);

    internal PromptTokenCache PromptTokens => _promptTokens;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken).ConfigureAwait(false);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = _formatter.Format(messages);
        var tokens = _promptTokens.Tokenize(prompt);
        var request = new GenerationRequest
        {
            PromptTokens = tokens,
            Sampling = ToSampling(options, _defaultSeed),
            MaxTokens = options?.MaxOutputTokens is > 0 ? options.MaxOutputTokens : null,
        };

        var responseId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        var modelId = Metadata.DefaultModelId;
        var filter = new StopSequenceFilter(options?.StopSequences);

        await using var handle = _generator.Start(request, cancellationToken);
        await foreach (var token in handle.Tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var text = filter.Push(token.Text);
            if (text.Length > 0)
                yield return Update(text);
            if (filter.Stopped)
            {
                handle.Stop();
                break;
            }
        }

        var result = await handle.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        var tail = filter.Flush();
        if (tail.Length > 0)
            yield return Update(tail);

        var usage = new UsageDetails
        {
            InputTokenCount = result.PromptTokens,
            OutputTokenCount = result.GeneratedTokens,
            TotalTokenCount = result.PromptTokens + result.GeneratedTokens,
            CachedInputTokenCount = result.ReusedPromptTokens,
        };
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
        {
            ResponseId = responseId,
            MessageId = responseId,
            CreatedAt = created,
            ModelId = modelId,
            FinishReason = filter.Stopped ? ChatFinishReason.Stop : result.StopReason switch
            {
                GenerationStopReason.MaxTokens or GenerationStopReason.ContextFull => ChatFinishReason.Length,
                _ => ChatFinishReason.Stop,
            },
            RawRepresentation = result,
        };

        ChatResponseUpdate Update(string text) => new(ChatRole.Assistant, text)
        {
            ResponseId = responseId,
            MessageId = responseId,
            CreatedAt = created,
            ModelId = modelId,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return Metadata;
        if (serviceType == typeof(LlamaGenerator))
            return _generator;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to free: the generator belongs to the <see cref="ChatRuntime"/>.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// <see cref="ChatOptions"/> to sampling. Beyond the standard options, AdditionalProperties may carry "min_p",
    /// "repeat_penalty" and "repeat_last_n" (llama.cpp's names).
    /// </summary>
    public static SamplingSettings ToSampling(ChatOptions? options, uint? defaultSeed = null)
    {
        var defaults = new SamplingSettings();
        if (options is null)
            return defaults with { Seed = defaultSeed };

        var extra = options.AdditionalProperties;
        return new SamplingSettings
        {
            Temperature = options.Temperature ?? defaults.Temperature,
            TopP = options.TopP ?? defaults.TopP,
            TopK = options.TopK ?? defaults.TopK,
            MinP = GetNumber(extra, "min_p") is { } minP ? (float)minP : defaults.MinP,
            RepeatPenalty = GetNumber(extra, "repeat_penalty") is { } rp ? (float)rp : defaults.RepeatPenalty,
            RepeatLastN = GetNumber(extra, "repeat_last_n") is { } n ? (int)n : defaults.RepeatLastN,
            FrequencyPenalty = options.FrequencyPenalty ?? 0,
            PresencePenalty = options.PresencePenalty ?? 0,
            Seed = options.Seed is { } seed ? unchecked((uint)seed) : defaultSeed,
        };
    }

    private static double? GetNumber(AdditionalPropertiesDictionary? extra, string key)
    {
        if (extra is null || !extra.TryGetValue(key, out var value) || value is null)
            return null;
        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
