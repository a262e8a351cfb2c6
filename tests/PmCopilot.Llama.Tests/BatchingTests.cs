using Microsoft.Extensions.AI;
using PmCopilot.Llama.Engine;

namespace PmCopilot.Llama.Tests;

/// <summary>Concurrent requests are decoded as sequences of one batch, each with its own sampling and cancellation.</summary>
public sealed class BatchingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Prompts = ["Draft a PRD for search.", "Summarise user feedback.", "List launch risks.", "Write an FAQ answer."];

    [Fact]
    public async Task Concurrent_streams_all_complete_in_shared_decode_steps()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 4);
        var generator = runtime.Generator!;
        var tasks = Prompts.Select(p => runtime.Chat.GetResponseAsync(TestModel.Ask(p), TestModel.Greedy(24), Ct)).ToArray();
        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r =>
        {
            Assert.Equal(ChatFinishReason.Length, r.FinishReason);
            Assert.Equal(24, r.Usage?.OutputTokenCount);
        });
        Assert.True(generator.PeakParallelSequences >= 2, $"peak {generator.PeakParallelSequences}");
        // Batched: far fewer decode calls than one per token per request.
        Assert.True(generator.DecodeCalls < 4 * 24, $"{generator.DecodeCalls} decode calls");
    }

    [Fact]
    public async Task Same_prompt_gives_the_same_greedy_tokens_alone_and_in_a_batch()
    {
        var prompt = TestModel.Ask("Cross-talk check");
        string alone;
        await using (var single = await TestModel.LoadAsync(parallel: 1))
            alone = (await single.Chat.GetResponseAsync(prompt, TestModel.Greedy(32), Ct)).Text;

        await using var batched = await TestModel.LoadAsync(parallel: 4);
        var others = Prompts.Take(3).Select(p => batched.Chat.GetResponseAsync(TestModel.Ask(p), TestModel.Greedy(32), Ct)).ToList();
        var mine = batched.Chat.GetResponseAsync(prompt, TestModel.Greedy(32), Ct);
        await Task.WhenAll([.. others, mine]);

        Assert.Equal(alone, (await mine).Text);
        Assert.True(batched.Generator!.PeakParallelSequences >= 2);
    }

    [Fact]
    public async Task Cancelling_one_stream_leaves_the_others_running()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 3);
        using var cancelOne = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelled = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in runtime.Chat.GetStreamingResponseAsync(TestModel.Ask("cancel me"), TestModel.Greedy(400), cancelOne.Token))
            {
                if (++n == 2)
                    await cancelOne.CancelAsync();
            }
        }, Ct);
        var survivors = Prompts.Take(2).Select(p => runtime.Chat.GetResponseAsync(TestModel.Ask(p), TestModel.Greedy(40), Ct)).ToArray();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var done = await Task.WhenAll(survivors);
        Assert.All(done, r => Assert.Equal(40, r.Usage?.OutputTokenCount));
    }

    [Fact]
    public async Task Requests_beyond_the_parallel_limit_queue_and_complete()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 2);
        var generator = runtime.Generator!;
        var tasks = Enumerable.Range(0, 5).Select(i => runtime.Chat.GetResponseAsync(TestModel.Ask($"queued request {i}"), TestModel.Greedy(10), Ct)).ToArray();
        var responses = await Task.WhenAll(tasks);

        Assert.All(responses, r => Assert.Equal(10, r.Usage?.OutputTokenCount));
        Assert.InRange(generator.PeakParallelSequences, 1, 2);
    }

    [Fact]
    public async Task Each_request_keeps_its_own_sampling()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 4);
        var prompt = TestModel.Ask("Sampling isolation");
        var seeded = new ChatOptions { Temperature = 1.0f, TopK = 0, TopP = 1, Seed = 77, MaxOutputTokens = 24 };
        var reference = (await runtime.Chat.GetResponseAsync(prompt, seeded, Ct)).Text;
        var greedyReference = (await runtime.Chat.GetResponseAsync(prompt, TestModel.Greedy(24), Ct)).Text;

        var mixed = await Task.WhenAll(
            runtime.Chat.GetResponseAsync(prompt, seeded, Ct),
            runtime.Chat.GetResponseAsync(prompt, TestModel.Greedy(24), Ct),
            runtime.Chat.GetResponseAsync(prompt, new ChatOptions { Temperature = 1.5f, Seed = 5, MaxOutputTokens = 24 }, Ct));

        Assert.Equal(reference, mixed[0].Text);
        Assert.Equal(greedyReference, mixed[1].Text);
    }

    [Fact]
    public async Task A_finished_conversation_keeps_its_cache_while_another_slot_is_free_then_the_least_recently_used_goes()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 2);
        var generator = runtime.Generator!;

        async Task<(LLama.Native.LLamaToken[] Held, GenerationResult Result)> Turn(LLama.Native.LLamaToken[] prompt)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = 4, IgnoreEndOfGeneration = true }, Ct);
            var tokens = new List<LLama.Native.LLamaToken>(prompt);
            await foreach (var t in handle.Tokens.ReadAllAsync(Ct))
                tokens.Add(t.Token);
            return ([.. tokens], await handle.Completion);
        }

        LLama.Native.LLamaToken[] Then(LLama.Native.LLamaToken[] held, string more) => [.. held, .. generator.Tokenize(more, addBos: false)];

        var (a, _) = await Turn(generator.Tokenize("Retention: what does it mean for a product manager?"));
        // An unrelated request (nothing shared but the BOS) takes the never-used slot, not A's.
        var (b, _) = await Turn(generator.Tokenize("Onboarding metrics, three of them please"));
        var (a2, followUpA) = await Turn(Then(a, " And churn?"));
        Assert.True(followUpA.ReusedPromptTokens >= a.Length - 1, $"A's follow-up reused {followUpA.ReusedPromptTokens} of {a.Length} tokens");

        // Both slots hold a conversation: a third one gives up the least recently used (B), and A keeps its cache.
        await Turn(generator.Tokenize("Launch checklist draft"));
        var (_, followUpA2) = await Turn(Then(a2, " Anything else?"));
        var (_, followUpB) = await Turn(Then(b, " Why those?"));
        Assert.True(followUpA2.ReusedPromptTokens >= a2.Length - 1, $"A's second follow-up reused {followUpA2.ReusedPromptTokens} of {a2.Length}");
        Assert.True(followUpB.ReusedPromptTokens <= 1, $"B's follow-up reused {followUpB.ReusedPromptTokens}: its slot should have gone to C");
    }

    [Fact]
    public async Task A_prompt_another_conversation_began_with_takes_a_free_slot_and_leaves_that_conversation_whole()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 2);
        var generator = runtime.Generator!;

        async Task<(LLama.Native.LLamaToken[] Held, GenerationResult Result)> Turn(LLama.Native.LLamaToken[] prompt, SamplingSettings? sampling = null)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = 6, IgnoreEndOfGeneration = true, Sampling = sampling ?? SamplingSettings.Greedy }, Ct);
            var tokens = new List<LLama.Native.LLamaToken>(prompt);
            await foreach (var t in handle.Tokens.ReadAllAsync(Ct))
                tokens.Add(t.Token);
            return ([.. tokens], await handle.Completion);
        }

        var opening = generator.Tokenize("Hi, can you help me plan a launch?");
        var (first, _) = await Turn(opening);
        // Another client opens with the same words while a slot is free, and gets another answer (sampled): it must not
        // cut the first conversation.
        var (second, _) = await Turn(opening, SamplingSettings.Greedy with { Temperature = 1.5f, Seed = 3 });
        Assert.NotEqual(first, second);
        var (_, followUp) = await Turn([.. first, .. generator.Tokenize(" Yes, next month.", addBos: false)]);

        Assert.True(followUp.ReusedPromptTokens >= first.Length - 1, $"the first conversation's follow-up reused {followUp.ReusedPromptTokens} of {first.Length} tokens");
    }

    [Fact]
    public async Task A_long_prefix_another_slot_holds_is_copied_not_decoded_and_gives_the_same_tokens()
    {
        const string system = "You are a product-management assistant. Answer from the knowledge base: retention, churn, cohorts, "
            + "onboarding funnels, pricing experiments, launch checklists, privacy reviews, model evaluation and feedback triage. ";
        LLama.Native.LLamaToken[] withQuestion(ChatRuntime runtime, string question) => runtime.Generator!.Tokenize(system + question);

        async Task<(List<int> Tokens, GenerationResult Result)> Run(LlamaGenerator generator, LLama.Native.LLamaToken[] prompt, int maxTokens)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = maxTokens, IgnoreEndOfGeneration = true }, Ct);
            var tokens = new List<int>();
            await foreach (var t in handle.Tokens.ReadAllAsync(Ct))
                tokens.Add((int)t.Token);
            return (tokens, await handle.Completion);
        }

        List<int> fromScratch;
        await using (var single = await TestModel.LoadAsync(parallel: 1))
            fromScratch = (await Run(single.Generator!, withQuestion(single, "What is churn?"), 16)).Tokens;

        await using var runtime = await TestModel.LoadAsync(parallel: 3);
        var generator = runtime.Generator!;
        var promptB = withQuestion(runtime, "What is churn?");
        var shared = generator.Tokenize(system).Length - 1;
        Assert.True(shared >= 40, $"the shared prefix is only {shared} tokens");

        // A keeps its slot busy with the shared prefix while B arrives and takes a free slot.
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await using var a = generator.Start(new GenerationRequest { PromptTokens = withQuestion(runtime, "Define retention."), MaxTokens = 400, IgnoreEndOfGeneration = true }, stopA.Token);
        await a.Tokens.ReadAsync(Ct);
        var decodedBefore = generator.PromptTokensDecoded;
        var (tokensB, resultB) = await Run(generator, promptB, 16);

        Assert.Equal(1, generator.PrefixCopies);
        Assert.True(resultB.ReusedPromptTokens >= shared, $"B reused {resultB.ReusedPromptTokens} tokens; the shared prefix is {shared}");
        Assert.True(generator.PromptTokensDecoded - decodedBefore <= promptB.Length - shared, $"B decoded {generator.PromptTokensDecoded - decodedBefore} prompt tokens of {promptB.Length}");
        Assert.Equal(fromScratch, tokensB);
        await stopA.CancelAsync();
    }

    [Fact]
    public async Task A_request_sharing_only_a_system_prompt_leaves_a_finished_conversation_in_place_and_copies_the_shared_part()
    {
        // What concurrent HTTP clients do: each request arrives after the last one ended, all behind the same system prompt.
        const string system = "System: you answer product managers about retention, churn, cohorts, onboarding funnels, pricing tests, launch plans "
            + "and privacy reviews, citing the knowledge base and saying so when it has no answer. ";
        await using var runtime = await TestModel.LoadAsync(parallel: 3);
        var generator = runtime.Generator!;
        Assert.True(generator.Tokenize(system).Length > 40, $"system prompt of {generator.Tokenize(system).Length} tokens");
        var prompts = new[] { "User: what is churn?", "User: define a cohort.", "User: how do I price a pilot?" }
            .Select(q => generator.Tokenize(system + q)).ToArray();

        async Task<GenerationResult> Run(LLama.Native.LLamaToken[] prompt)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = 1, IgnoreEndOfGeneration = true }, Ct);
            await foreach (var _ in handle.Tokens.ReadAllAsync(Ct))
            {
            }

            return await handle.Completion;
        }

        foreach (var prompt in prompts)
            await Run(prompt);
        Assert.Equal(2, generator.PrefixCopies);

        // Each conversation kept its own slot: asked again, each decodes one token.
        foreach (var prompt in prompts)
            Assert.Equal(prompt.Length - 1, (await Run(prompt)).ReusedPromptTokens);
    }

    [Fact]
    public async Task Generator_fast_path_streams_tokens_with_counts()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var generator = runtime.Generator!;
        var tokens = generator.Tokenize("Hello, how are you?");
        await using var handle = generator.Start(new GenerationRequest { PromptTokens = tokens, MaxTokens = 16 }, Ct);
        var received = 0;
        await foreach (var t in handle.Tokens.ReadAllAsync(Ct))
            received++;
        var result = await handle.Completion;

        Assert.Equal(16, received);
        Assert.Equal(new GenerationResult { PromptTokens = tokens.Length, ReusedPromptTokens = 0, GeneratedTokens = 16, StopReason = GenerationStopReason.MaxTokens, TimeToFirstTokenSeconds = result.TimeToFirstTokenSeconds }, result);
        Assert.True(result.TimeToFirstTokenSeconds > 0);
    }
}

public sealed class GreedyFastPathTests
{
    [Fact]
    public void ArgMax_picks_the_first_maximum_like_llama_cpp_greedy()
    {
        var random = new Random(11);
        var cases = new List<float[]>();
        foreach (var length in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 32000, 128_256 })
        {
            var logits = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
            cases.Add(logits);
            if (length > 10)
            {
                // Ties in different vector lanes, in the same lane (a multiple of any vector width apart), first and last
                // positions, the scalar tail, all equal, all -inf and a NaN: the first maximum wins, as in llama.cpp.
                cases.Add(With(logits, (length / 3, 50), (length / 2, 50)));
                cases.Add(With(logits, (length - 1, 50)));
                cases.Add(With(logits, (5, 50), (3, 50)));
                cases.Add(Enumerable.Repeat(1.5f, length).ToArray());
                cases.Add(Enumerable.Repeat(float.NegativeInfinity, length).ToArray());
                cases.Add(With(logits, (2, float.NaN), (length / 2, 50)));
            }

            if (length > 128)
            {
                cases.Add(With(logits, (length - 64 - 1, 50), (length - 1, 50)));
                cases.Add(With(logits, (0, 50), (64, 50)));
            }
        }

        foreach (var logits in cases)
        {
            var expected = 0;
            for (var i = 1; i < logits.Length; i++)
            {
                if (logits[i] > logits[expected])
                    expected = i;
            }

            Assert.Equal(expected, (int)LlamaGenerator.ArgMax(logits));
        }

        static float[] With(float[] logits, params (int At, float Value)[] changes)
        {
            var copy = (float[])logits.Clone();
            foreach (var (at, value) in changes)
                copy[at] = value;
            return copy;
        }
    }

    [Fact]
    public async Task Greedy_fast_path_gives_the_native_greedy_samplers_tokens()
    {
        await using var runtime = await TestModel.LoadAsync(parallel: 1);
        var generator = runtime.Generator!;
        var prompt = generator.Tokenize("Greedy path check");

        async Task<List<int>> Run(SamplingSettings sampling)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = 40, Sampling = sampling }, TestContext.Current.CancellationToken);
            var tokens = new List<int>();
            await foreach (var t in handle.Tokens.ReadAllAsync(TestContext.Current.CancellationToken))
                tokens.Add((int)t.Token);
            return tokens;
        }

        var fast = await Run(SamplingSettings.Greedy);
        var native = await Run(SamplingSettings.Greedy with { ForceNativeSampler = true });
        Assert.Equal(40, fast.Count);
        Assert.Equal(native, fast);
    }

    [Fact]
    public async Task Many_greedy_streams_picked_on_several_cores_give_the_tokens_and_text_they_give_alone()
    {
        // Ten sequences × the tiny model's 32k vocabulary pass the size from which the arg-maxes run in parallel.
        const int streams = 10;
        await using var runtime = await TestModel.LoadAsync(parallel: streams, batchSize: 128);
        var generator = runtime.Generator!;
        var prompts = Enumerable.Range(0, streams).Select(i => generator.Tokenize($"Stream {i}: {new string('x', i)} summarise the feedback")).ToArray();

        async Task<(List<int> Tokens, string Text)> Run(LLama.Native.LLamaToken[] prompt)
        {
            await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = 24, IgnoreEndOfGeneration = true }, TestContext.Current.CancellationToken);
            var tokens = new List<int>();
            var text = new System.Text.StringBuilder();
            await foreach (var t in handle.Tokens.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                tokens.Add((int)t.Token);
                text.Append(t.Text);
            }

            return (tokens, text.ToString());
        }

        var alone = new List<(List<int> Tokens, string Text)>();
        foreach (var prompt in prompts)
            alone.Add(await Run(prompt));
        Assert.Equal(0, generator.ParallelPickSteps);

        var together = await Task.WhenAll(prompts.Select(Run));

        Assert.True(generator.ParallelPickSteps > 0, "no step took the parallel path");
        for (var i = 0; i < streams; i++)
        {
            Assert.Equal(alone[i].Tokens, together[i].Tokens);
            Assert.Equal(alone[i].Text, together[i].Text);
        }
    }
}
