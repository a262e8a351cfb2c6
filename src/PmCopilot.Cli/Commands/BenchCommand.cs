using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Llama;
using PmCopilot.Llama.Benchmarking;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot bench</c>: prompt (pp) and generation (tg) tokens/s through our decode loop, llama-bench style, plus
/// time to first token cold and on a follow-up turn; <c>pmcopilot bench quantize</c> makes the quantized files the
/// benchmark runs on. The peer comparison (node-llama-cpp on the same native folder) is tests/bench/llm/run.sh.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliApplication app)
    {
        var prompt = new Option<int>("-p", "--prompt-tokens") { Description = "Prompt tokens for the pp figure", DefaultValueFactory = _ => 512 };
        var generate = new Option<int>("-n", "--gen-tokens") { Description = "Generated tokens for the tg figure", DefaultValueFactory = _ => 128 };
        var reps = new Option<int>("-r", "--repetitions") { Description = "Repetitions of each measurement", DefaultValueFactory = _ => 3 };
        var parallel = new Option<int[]>("--parallel") { Description = "Also measure B sequences decoded together, llama-batched-bench style (B prompts of -p tokens, then -n tokens each; repeatable)", AllowMultipleArgumentsPerToken = true };
        var viaHttp = new Option<bool>("--http") { Description = "Also measure the --parallel figures through serve --http (streaming chat completions on a loopback port)" };
        var noTtft = new Option<bool>("--no-ttft") { Description = "Skip the time-to-first-token turns" };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file" };
        var nativeLog = new Option<string?>("--native-log") { Description = "Write llama.cpp's log (every level: backends, context parameters, buffers) to this file" };

        var command = new Command("bench", "Measure prompt and generation tokens/s and time to first token on the configured model") { prompt, generate, reps, parallel, viaHttp, noTtft, json, nativeLog };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var p = parse.GetValue(prompt);
            var n = parse.GetValue(generate);
            var r = parse.GetValue(reps);
            var b = parse.GetValue(parallel) ?? [];
            if (p < 1 || n < 2 || r < 1 || b.Any(x => x < 1))
                throw new SettingsException("--prompt-tokens, --repetitions and --parallel must be at least 1, --gen-tokens at least 2.");
            if (parse.GetValue(viaHttp) && b.Length == 0)
                throw new SettingsException("--http measures the --parallel figures through the HTTP server: give --parallel B too.");
            if (settings.Provider.Value != ProviderKind.Local)
                throw new SettingsException("bench measures a local model: set --provider local.");
            var modelPath = ModelResolution.ResolvePath(settings)
                ?? throw new SettingsException("bench needs a model: --model PATH|NAME (or PMCOPILOT_MODEL).");

            var providerSettings = RuntimeHost.ToProviderSettings(settings, modelPath, embeddings: false);
            // The TTFT turns are ~700 tokens of chat (a ~400-word first turn, its answer, a follow-up): room for them too.
            // The parallel figures keep a prompt and its generated tokens in one sequence's window.
            var window = (b.Length > 0 ? p + n : Math.Max(p, n)) + 64;
            if (!parse.GetValue(noTtft))
            {
                window = Math.Max(window, 1024);
            }

            providerSettings = providerSettings with
            {
                Local = providerSettings.Local! with
                {
                    ContextSize = Math.Max(settings.ContextSize.Value ?? 0, window),
                    BatchSize = Math.Max(512, b.DefaultIfEmpty(1).Max()),
                    MaxParallelSequences = Math.Max(1, b.DefaultIfEmpty(1).Max()),
                },
            };

            // Evidence for comparing with another runtime on the same libraries: which CPU variant, n_ubatch, flash
            // attention, repacked weights and graph splits llama.cpp actually chose.
            using var logWriter = parse.GetValue(nativeLog) is { } logPath ? new StreamWriter(logPath) { AutoFlush = true } : null;
            if (logWriter is not null)
                PmCopilot.Llama.Natives.NativeLog.Sink = (level, line) => { lock (logWriter) logWriter.WriteLine($"{level}: {line}"); };
            await using var runtime = await ChatRuntime.LoadAsync(providerSettings, null, token).ConfigureAwait(false);
            var log = new SynchronousProgress<string>(line => console.Info(line));
            var report = await ThroughputBenchmark.RunAsync(runtime, new ThroughputBenchmarkOptions
            {
                PromptTokens = p,
                GeneratedTokens = n,
                Repetitions = r,
                MeasureTimeToFirstToken = !parse.GetValue(noTtft),
                ParallelSequences = b,
            }, log, token).ConfigureAwait(false);

            if (parse.GetValue(viaHttp))
            {
                var overHttp = await HttpServerBenchmark.RunAsync(runtime, p, n, r, b, log, token).ConfigureAwait(false);
                report = report with { Measurements = [.. report.Measurements, .. overHttp] };
            }

            var info = runtime.Info;
            console.Out.WriteLine($"model:   {report.ModelPath}");
            console.Out.WriteLine($"natives: {info.Natives?.NativeDir ?? "bundled LLamaSharp CPU libraries"}; backends {string.Join(", ", info.Natives?.Backends ?? [])}; {info.Threads} thread(s); GPU layers {info.GpuLayers}");
            foreach (var m in report.Measurements)
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Name,-32} {m.Mean,12:F1} ± {m.StdDev,8:F1} {m.Unit}"));

            if (parse.GetValue(json) is { } jsonPath)
            {
                var document = new
                {
                    model = report.ModelPath,
                    nativeDir = info.Natives?.NativeDir,
                    backends = info.Natives?.Backends,
                    threads = info.Threads,
                    gpuLayers = info.GpuLayers,
                    measurements = report.Measurements.Select(m => new { name = m.Name, mean = m.Mean, stddev = m.StdDev, unit = m.Unit, samples = m.Samples }),
                };
                PmCopilot.Llama.Models.AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            }

            return ExitCodes.Success;
        }));

        command.Add(CreateQuantize(app));
        return command;
    }

    private static Command CreateQuantize(CliApplication app)
    {
        var input = new Argument<string>("input") { Description = "GGUF file to quantize (e.g. F16)" };
        var output = new Argument<string>("output") { Description = "Where to write the quantized GGUF" };
        var type = new Option<string>("--type") { Description = "llama.cpp quantization type", DefaultValueFactory = _ => "Q4_K_M" };
        var command = new Command("quantize", "Quantize a GGUF model with llama.cpp's quantizer (for benchmarks of real model shapes)") { input, output, type };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, (settings, console, token) =>
        {
            var from = parse.GetValue(input)!;
            if (!File.Exists(from))
                throw new FileNotFoundException($"No such model file: {from}");
            var threads = settings.Threads.Value ?? LlamaSettings.DefaultThreads;
            console.Info($"Quantizing {from} to {parse.GetValue(type)} with {threads} thread(s)…");
            ModelQuantizer.Quantize(from, parse.GetValue(output)!, parse.GetValue(type)!, threads, settings.NativeDir.Value);
            console.Info($"Wrote {parse.GetValue(output)}");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
