using System.Text;
using LLama;
using Microsoft.Extensions.AI;
using PmCopilot.Llama.Engine;

namespace PmCopilot.Llama.Tests;

public sealed class ChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Streams_one_update_per_token_and_reports_usage_and_length()
    {
        await using var runtime = await TestModel.LoadAsync();
        var (text, updates) = await TestModel.CollectAsync(runtime.Chat.GetStreamingResponseAsync(TestModel.Ask("Hello, how are you?"), TestModel.Greedy(20), Ct));

        var final = updates[^1];
        var usage = final.Contents.OfType<UsageContent>().Single().Details;
        Assert.Equal(ChatFinishReason.Length, final.FinishReason);
        Assert.Equal(20, usage.OutputTokenCount);
        Assert.True(usage.InputTokenCount > 5);
        Assert.Equal(0, usage.CachedInputTokenCount);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        var textUpdates = updates.Count(u => !string.IsNullOrEmpty(u.Text));
        Assert.InRange(textUpdates, 2, 20);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.False(string.IsNullOrEmpty(text));
    }

    [Fact]
    public async Task Non_streaming_response_carries_usage_and_finish_reason()
    {
        await using var runtime = await TestModel.LoadAsync();
        var response = await runtime.Chat.GetResponseAsync(TestModel.Ask("Write a PRD."), TestModel.Greedy(12), Ct);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(12, response.Usage?.OutputTokenCount);
        Assert.False(string.IsNullOrEmpty(response.Text));
    }

    [Fact]
    public async Task Greedy_decoding_and_a_fixed_seed_are_deterministic()
    {
        // One slot each, so that asking again is served from the KV cache (with free slots a repeated short prompt takes
        // a never-used one, leaving the slot that holds it to its conversation).
        await using var first = await TestModel.LoadAsync(parallel: 1);
        await using var second = await TestModel.LoadAsync(parallel: 1);
        var greedy1 = await first.Chat.GetResponseAsync(TestModel.Ask("Determinism check"), TestModel.Greedy(24), Ct);
        var greedy2 = await second.Chat.GetResponseAsync(TestModel.Ask("Determinism check"), TestModel.Greedy(24), Ct);
        Assert.Equal(greedy1.Text, greedy2.Text);

        var seeded = new ChatOptions { Temperature = 1.0f, TopK = 0, TopP = 1, Seed = 1234, MaxOutputTokens = 24 };
        var s1 = await first.Chat.GetResponseAsync(TestModel.Ask("Sampling check"), seeded, Ct);
        var s2 = await second.Chat.GetResponseAsync(TestModel.Ask("Sampling check"), seeded, Ct);
        Assert.Equal(s1.Text, s2.Text);
        // Served again from the KV cache of the same runtime: still the same tokens.
        var s3 = await first.Chat.GetResponseAsync(TestModel.Ask("Sampling check"), seeded, Ct);
        Assert.Equal(s1.Text, s3.Text);
        Assert.True(s3.Usage?.CachedInputTokenCount > 0);
    }

    [Fact]
    public async Task Stop_sequence_ends_the_answer_and_is_never_emitted()
    {
        await using var runtime = await TestModel.LoadAsync();
        var prompt = TestModel.Ask("Stop sequence check");
        var full = (await runtime.Chat.GetResponseAsync(prompt, TestModel.Greedy(40), Ct)).Text;
        Assert.True(full.Length >= 12, $"need some text to cut: '{full}'");
        var stop = full.Substring(full.Length / 2, 3);
        var expected = full[..full.IndexOf(stop, StringComparison.Ordinal)];

        var (text, updates) = await TestModel.CollectAsync(runtime.Chat.GetStreamingResponseAsync(prompt, TestModel.Greedy(40, stop, "\u0001never"), Ct));

        Assert.Equal(expected, text);
        Assert.DoesNotContain(updates, u => u.Text.Contains(stop, StringComparison.Ordinal));
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.True(updates[^1].Contents.OfType<UsageContent>().Single().Details.OutputTokenCount < 40);
    }

    [Fact]
    public async Task Filling_the_context_window_ends_with_length()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1, contextSize: 48, batchSize: 16);
        var response = await runtime.Chat.GetResponseAsync(TestModel.Ask("Fill the window"), new ChatOptions { Temperature = 0 }, Ct);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        // The window holds 48 tokens; the last sampled token needs no KV cell.
        Assert.Equal(48 + 1, response.Usage!.InputTokenCount + response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_window_is_a_clear_error()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1, contextSize: 48, batchSize: 16);
        var longText = string.Join(' ', Enumerable.Repeat("requirement", 80));
        var e = await Assert.ThrowsAsync<ContextWindowExceededException>(() => runtime.Chat.GetResponseAsync(TestModel.Ask(longText), TestModel.Greedy(4), Ct));
        Assert.Equal(48, e.ContextSize);
        Assert.True(e.PromptTokens > 48);
        // The runtime is still usable afterwards.
        var ok = await runtime.Chat.GetResponseAsync(TestModel.Ask("short"), TestModel.Greedy(4), Ct);
        Assert.Equal(4, ok.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_with_OperationCanceledException()
    {
        await using var runtime = await TestModel.LoadAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in runtime.Chat.GetStreamingResponseAsync(TestModel.Ask("Cancel me"), TestModel.Greedy(4000), cts.Token))
            {
                if (++seen == 3)
                    await cts.CancelAsync();
            }
        });

        // The sequence left the batch within a step: a new request is served at once and nothing else runs.
        var generator = runtime.Generator!;
        var before = generator.DecodeCalls;
        var next = await runtime.Chat.GetResponseAsync(TestModel.Ask("next"), TestModel.Greedy(3), Ct);
        Assert.Equal(3, next.Usage?.OutputTokenCount);
        Assert.InRange(generator.DecodeCalls - before, 1, 6);
    }

    [Fact]
    public async Task Kv_cache_is_reused_for_the_next_turn_of_a_conversation()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 2);
        var generator = runtime.Generator!;
        var history = new List<ChatMessage>
        {
            new(ChatRole.System, "You are a product manager's assistant. " + string.Join(' ', Enumerable.Repeat("Context sentence about the roadmap.", 12))),
            new(ChatRole.User, "Summarise the roadmap."),
        };

        var cold = await runtime.Chat.GetResponseAsync(history, TestModel.Greedy(16), Ct);
        Assert.Equal(0, cold.Usage!.CachedInputTokenCount);
        history.AddRange(cold.Messages);
        history.Add(new ChatMessage(ChatRole.User, "And the risks?"));

        var decodedBefore = generator.PromptTokensDecoded;
        var follow = await runtime.Chat.GetResponseAsync(history, TestModel.Greedy(16), Ct);
        var decoded = generator.PromptTokensDecoded - decodedBefore;

        Assert.True(follow.Usage!.CachedInputTokenCount >= cold.Usage.InputTokenCount, $"cached {follow.Usage.CachedInputTokenCount} of the first prompt's {cold.Usage.InputTokenCount}");
        Assert.Equal(follow.Usage.InputTokenCount - follow.Usage.CachedInputTokenCount, decoded);
        Assert.True(decoded < follow.Usage.InputTokenCount / 3, $"follow-up decoded {decoded} of {follow.Usage.InputTokenCount} prompt tokens");
    }

    [Fact]
    public void Streaming_decoder_reassembles_multibyte_characters_split_over_tokens()
    {
        Natives.NativeRuntime.Configure(null);
        using var weights = LLamaWeights.LoadFromFile(new LLama.Common.ModelParams(TestModel.ModelPath) { GpuLayerCount = 0 });
        foreach (var text in new[] { "需求文档：用户反馈分析 🚀✅", "emoji 👩‍💻 and 中文 mixed", "ÄÖÜ ß € 😀" })
        {
            var tokens = weights.NativeHandle.Tokenize(text, false, false, Encoding.UTF8);
            Assert.True(tokens.Length > text.Length / 2, "byte-fallback tokens expected");
            var decoder = new StreamingTokenDecoder(Encoding.UTF8, weights);
            var pieces = new List<string>();
            foreach (var token in tokens)
            {
                decoder.Add(token);
                pieces.Add(decoder.Read());
            }

            Assert.DoesNotContain(pieces, p => p.Contains('\uFFFD', StringComparison.Ordinal));
            Assert.DoesNotContain(pieces, p => p.Length > 0 && char.IsHighSurrogate(p[^1]));
            Assert.Equal(text, string.Concat(pieces).TrimStart());
        }
    }

    [Fact]
    public void Chat_options_map_to_sampling()
    {
        var options = new ChatOptions { Temperature = 0.3f, TopP = 0.5f, TopK = 7, Seed = 99, FrequencyPenalty = 0.1f, PresencePenalty = 0.2f };
        options.AdditionalProperties = new AdditionalPropertiesDictionary { ["min_p"] = 0.2, ["repeat_penalty"] = 1.1f, ["repeat_last_n"] = 32 };
        var s = Chat.LlamaChatClient.ToSampling(options);
        Assert.Equal(new SamplingSettings { Temperature = 0.3f, TopP = 0.5f, TopK = 7, Seed = 99, FrequencyPenalty = 0.1f, PresencePenalty = 0.2f, MinP = 0.2f, RepeatPenalty = 1.1f, RepeatLastN = 32 }, s);
        Assert.Equal(5u, Chat.LlamaChatClient.ToSampling(null, 5).Seed);
    }

    [Fact]
    public async Task Repeat_penalty_changes_greedy_output()
    {
        await using var runtime = await TestModel.LoadAsync();
        var plain = await runtime.Chat.GetResponseAsync(TestModel.Ask("Penalty check"), TestModel.Greedy(40), Ct);
        var options = TestModel.Greedy(40);
        options.AdditionalProperties = new AdditionalPropertiesDictionary { ["repeat_penalty"] = 5.0 };
        var penalised = await runtime.Chat.GetResponseAsync(TestModel.Ask("Penalty check"), options, Ct);
        Assert.NotEqual(plain.Text, penalised.Text);
    }
}
