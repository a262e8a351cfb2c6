using System.Diagnostics;
using LLama.Native;
using Microsoft.Extensions.AI;
using PmCopilot.Llama.Engine;

namespace PmCopilot.Llama.Benchmarking;

/// <summary>What to measure, llama-bench style: pp = prompt tokens decoded per second, tg = tokens generated per second.</summary>
public sealed record ThroughputBenchmarkOptions
{
    public int PromptTokens { get; init; } = 512;

    public int GeneratedTokens { get; init; } = 128;

    public int Repetitions { get; init; } = 3;

    /// <summary>Measure time to first token through the chat client: a long first turn, then a short follow-up.</summary>
    public bool MeasureTimeToFirstToken { get; init; } = true;

    /// <summary>Concurrent greedy streams for the aggregate generation figure (0 = skip).</summary>
    public IReadOnlyList<int> ParallelSequences { get; init; } = [];
}

/// <summary>One measured figure: mean and sample standard deviation over the repetitions.</summary>
public sealed record Measurement(string Name, double Mean, double StdDev, IReadOnlyList<double> Samples, string Unit)
{
    public static Measurement Of(string name, IReadOnlyList<double> samples, string unit)
    {
        var mean = samples.Average();
        var sd = samples.Count > 1 ? Math.Sqrt(samples.Sum(s => (s - mean) * (s - mean)) / (samples.Count - 1)) : 0;
        return new Measurement(name, mean, sd, samples, unit);
    }
}

public sealed record ThroughputReport(string ModelPath, RuntimeDescription Runtime, IReadOnlyList<Measurement> Measurements);

/// <summary>
/// Measures our runtime the way llama.cpp's <c>llama-bench</c> does, so the two can be compared on the same model and
/// native libraries: pp = one sequence decoding a prompt of random tokens with an empty cache; tg = one sequence
/// generating tokens one at a time (end-of-generation ignored). Both go through <see cref="LlamaGenerator"/>, the
/// decode loop the chat client and the servers use, so the figures include our per-token overhead.
/// </summary>
public static class ThroughputBenchmark
{
    public static async Task<ThroughputReport> RunAsync(ChatRuntime runtime, ThroughputBenchmarkOptions options, IProgress<string>? log = null, CancellationToken cancellationToken = default)
    {
        var generator = runtime.Generator ?? throw new ArgumentException("The benchmark needs a local model.", nameof(runtime));
        if (options.PromptTokens + 1 >= generator.ContextSize || options.GeneratedTokens + 2 >= generator.ContextSize)
            throw new ArgumentException($"Context size {generator.ContextSize} is too small for pp{options.PromptTokens}/tg{options.GeneratedTokens}.", nameof(options));

        var random = new Random(1234);
        var vocabSize = generator.Weights.Vocab.Count;
        LLamaToken[] RandomTokens(int count) => Enumerable.Range(0, count).Select(_ => (LLamaToken)random.Next(vocabSize / 10, vocabSize - 1)).ToArray();

        var measurements = new List<Measurement>();

        // Warm-up, as llama-bench does it: one unmeasured round of the measured shapes. The first decode allocates compute
        // buffers, and the first full-size round runs code paths an 8-token one does not (batch growth, reusing a slot,
        // first JIT/OSR of the arg-max loop): ~3 ms once per process on the tiny model, which one sample per process measured.
        await RunOnceAsync(generator, RandomTokens(8), 2, cancellationToken).ConfigureAwait(false);
        await RunOnceAsync(generator, RandomTokens(options.PromptTokens), 1, cancellationToken).ConfigureAwait(false);
        await RunOnceAsync(generator, RandomTokens(1), Math.Min(options.GeneratedTokens, 16), cancellationToken).ConfigureAwait(false);

        var pp = new List<double>();
        var tg = new List<double>();
        for (var rep = 0; rep < options.Repetitions; rep++)
        {
            // A fresh random prompt each time: no slot holds a prefix of it, so every token is decoded.
            var (ttft, _, _) = await RunOnceAsync(generator, RandomTokens(options.PromptTokens), 1, cancellationToken).ConfigureAwait(false);
            pp.Add(options.PromptTokens / ttft);
            log?.Report($"pp{options.PromptTokens} rep {rep + 1}: {pp[^1]:F1} tok/s");

            var (first, total, generated) = await RunOnceAsync(generator, RandomTokens(1), options.GeneratedTokens, cancellationToken).ConfigureAwait(false);
            tg.Add((generated - 1) / (total - first));
            log?.Report($"tg{options.GeneratedTokens} rep {rep + 1}: {tg[^1]:F1} tok/s");
        }

        measurements.Add(Measurement.Of($"pp{options.PromptTokens}", pp, "tok/s"));
        measurements.Add(Measurement.Of($"tg{options.GeneratedTokens}", tg, "tok/s"));

        foreach (var parallel in options.ParallelSequences.Where(p => p > 0 && p <= generator.MaxParallelSequences))
        {
            var aggregate = new List<double>();
            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                var start = Stopwatch.GetTimestamp();
                var results = await Task.WhenAll(Enumerable.Range(0, parallel)
                    .Select(_ => RunOnceAsync(generator, RandomTokens(16), options.GeneratedTokens, cancellationToken))).ConfigureAwait(false);
                var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                aggregate.Add(results.Sum(r => r.Generated) / seconds);
            }

            measurements.Add(Measurement.Of($"tg{options.GeneratedTokens} x{parallel} aggregate", aggregate, "tok/s"));
            log?.Report($"B={parallel}: {aggregate.Average():F1} tok/s aggregate");
        }

        if (options.MeasureTimeToFirstToken)
            measurements.AddRange(await TimeToFirstTokenAsync(runtime.Chat, options.Repetitions, random, log, cancellationToken).ConfigureAwait(false));

        return new ThroughputReport(runtime.Info.ModelPath ?? string.Empty, runtime.Info, measurements);
    }

    private static async Task<(double FirstTokenSeconds, double TotalSeconds, int Generated)> RunOnceAsync(LlamaGenerator generator, LLamaToken[] prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        double first = 0;
        var count = 0;
        await using var handle = generator.Start(new GenerationRequest { PromptTokens = prompt, MaxTokens = maxTokens, IgnoreEndOfGeneration = true }, cancellationToken);
        await foreach (var _ in handle.Tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (count++ == 0)
                first = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        await handle.Completion.ConfigureAwait(false);
        return (first, Stopwatch.GetElapsedTime(start).TotalSeconds, count);
    }

    /// <summary>A ~400-token first turn (cold) and an 18-token follow-up that extends it (warm: KV reuse).</summary>
    private static async Task<IReadOnlyList<Measurement>> TimeToFirstTokenAsync(IChatClient chat, int repetitions, Random random, IProgress<string>? log, CancellationToken cancellationToken)
    {
        string[] words = ["roadmap", "latency", "budget", "retention", "onboarding", "pricing", "feedback", "metric", "launch", "privacy"];
        string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));

        var cold = new List<double>();
        var warm = new List<double>();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 };
        // Warm-up turn through the same chat path, as the peer warms up its generate path: the first call of a process
        // pays JIT compilation of the template, tokenizer cache, sampler and streaming code, which is not time to first token.
        await FirstTokenAsync(chat, [new ChatMessage(ChatRole.User, "Warm-up: " + Words(8))], new ChatOptions { Temperature = 0, MaxOutputTokens = 2 }, cancellationToken).ConfigureAwait(false);
        for (var rep = 0; rep < repetitions; rep++)
        {
            // The same first line as the peer's turn (a millisecond clock, not a GUID: ~20 more tokens to decode).
            var history = new List<ChatMessage> { new(ChatRole.User, $"Session {rep} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}: " + Words(380)) };
            var (firstCold, answer, _) = await FirstTokenAsync(chat, history, options, cancellationToken).ConfigureAwait(false);
            cold.Add(firstCold * 1000);
            history.Add(new ChatMessage(ChatRole.Assistant, answer));
            history.Add(new ChatMessage(ChatRole.User, Words(16)));
            var (firstWarm, _, usage) = await FirstTokenAsync(chat, history, options, cancellationToken).ConfigureAwait(false);
            warm.Add(firstWarm * 1000);
            // What the follow-up had to decode: its prompt minus the tokens the KV cache already held.
            log?.Report($"TTFT rep {rep + 1}: cold {firstCold * 1000:F1} ms, follow-up {firstWarm * 1000:F1} ms ({usage?.InputTokenCount} prompt tokens, {usage?.CachedInputTokenCount} from the KV cache)");
        }

        return [Measurement.Of("TTFT cold (~400-token turn)", cold, "ms"), Measurement.Of("TTFT follow-up (+~20 tokens)", warm, "ms")];
    }

    private static async Task<(double Seconds, string Text, UsageDetails? Usage)> FirstTokenAsync(IChatClient chat, List<ChatMessage> history, ChatOptions options, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        double first = -1;
        var text = new System.Text.StringBuilder();
        UsageDetails? usage = null;
        await foreach (var update in chat.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
        {
            if (first < 0 && update.Contents.Count > 0)
                first = Stopwatch.GetElapsedTime(start).TotalSeconds;
            text.Append(update.Text);
            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
        }

        return (first < 0 ? Stopwatch.GetElapsedTime(start).TotalSeconds : first, text.ToString(), usage);
    }
}
