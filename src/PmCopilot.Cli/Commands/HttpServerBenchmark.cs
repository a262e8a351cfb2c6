using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using PmCopilot.LanguageServer.Http;
using PmCopilot.Llama;
using PmCopilot.Llama.Benchmarking;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot bench --parallel B --http</c>: the batched figures again, but through <c>serve --http</c> as clients see
/// it — B concurrent streaming <c>/v1/chat/completions</c> requests on a loopback port, each a user message of about
/// <c>-p</c> tokens, then the same B requests again with <c>max_tokens = -n</c> (the slots hold the prompts, as in
/// <see cref="ThroughputBenchmark"/>). Counts come from each stream's usage chunk, time from the first request sent to
/// the last <c>[DONE]</c>: chat template, JSON, SSE and HTTP included.
/// </summary>
internal static class HttpServerBenchmark
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(ChatRuntime runtime, int promptTokens, int generatedTokens, int repetitions, IReadOnlyList<int> parallel, IProgress<string>? log, CancellationToken cancellationToken)
    {
        var generator = runtime.Generator ?? throw new ArgumentException("The benchmark needs a local model.", nameof(runtime));
        await using var server = new OpenAiHttpServer(runtime.Chat, new OpenAiHttpServerOptions { Port = 0 });
        server.Start();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var random = new Random(4321);
        string[] words = ["roadmap", "latency", "budget", "retention", "onboarding", "pricing", "feedback", "metric", "launch", "privacy", "churn", "cohort"];

        string Prompt()
        {
            // Words until the text alone is the prompt size; the chat template adds its few tokens around it.
            var text = new StringBuilder($"Request {random.Next()}:");
            while (generator.Tokenize(text.ToString(), addBos: false).Length < promptTokens)
                text.Append(' ').Append(words[random.Next(words.Length)]);
            return text.ToString();
        }

        var measurements = new List<Measurement>();
        foreach (var b in parallel.Where(p => p > 0 && p <= generator.MaxParallelSequences))
        {
            var promptSpeed = new List<double>();
            var generationSpeed = new List<double>();
            for (var rep = 0; rep < repetitions + 1; rep++)
            {
                var prompts = Enumerable.Range(0, b).Select(_ => Prompt()).ToArray();
                var start = Stopwatch.GetTimestamp();
                var first = await Task.WhenAll(prompts.Select(p => StreamAsync(http, p, 1, cancellationToken))).ConfigureAwait(false);
                var promptSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

                var decodedBefore = generator.PromptTokensDecoded;
                start = Stopwatch.GetTimestamp();
                var second = await Task.WhenAll(prompts.Select(p => StreamAsync(http, p, generatedTokens, cancellationToken))).ConfigureAwait(false);
                var generationSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var redecoded = generator.PromptTokensDecoded - decodedBefore;
                if (redecoded > 2 * b)
                    throw new BenchmarkCheckException($"B={b} over HTTP: the generation phase decoded {redecoded} prompt tokens for {b} requests (their prompts did not find their KV slots again).");
                if (rep == 0)
                    continue;
                promptSpeed.Add(first.Sum(r => r.PromptTokens) / promptSeconds);
                generationSpeed.Add(second.Sum(r => r.CompletionTokens) / generationSeconds);
                log?.Report($"B={b} over HTTP rep {rep}: prompts {promptSpeed[^1]:F1} tok/s, generation {generationSpeed[^1]:F1} tok/s aggregate ({second.Sum(r => r.CompletionTokens)} tokens)");
            }

            measurements.Add(Measurement.Of($"pp{promptTokens} x{b} aggregate via HTTP", promptSpeed, "tok/s"));
            measurements.Add(Measurement.Of($"tg{generatedTokens} x{b} aggregate via HTTP", generationSpeed, "tok/s"));
        }

        return measurements;
    }

    private sealed record StreamResult(int PromptTokens, int CompletionTokens);

    private static async Task<StreamResult> StreamAsync(HttpClient http, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "bench",
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = prompt } },
            ["max_tokens"] = maxTokens,
            ["temperature"] = 0,
            ["stream"] = true,
            ["stream_options"] = new Dictionary<string, bool> { ["include_usage"] = true },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchmarkCheckException($"The HTTP server answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        StreamResult? usage = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            var data = line["data: ".Length..];
            if (data == "[DONE]")
                break;
            using var chunk = JsonDocument.Parse(data);
            if (chunk.RootElement.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
                usage = new StreamResult(u.GetProperty("prompt_tokens").GetInt32(), u.GetProperty("completion_tokens").GetInt32());
        }

        return usage ?? throw new BenchmarkCheckException("The HTTP stream ended without its usage chunk.");
    }
}
