using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;
using PmCopilot.Llama;
using Spectre.Console;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot doctor</c>: every effective setting and where it came from, the native runtime, and a timed load of the
/// configured model, ending with a one-line verdict. Exit 3 when the configured model cannot be loaded.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliApplication app)
    {
        var noLoad = new Option<bool>("--no-load") { Description = "Only show settings; do not load the model" };
        var command = new Command("doctor", "Show effective settings and their sources, the native runtime and GPU, and load the configured model") { noLoad };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            var out_ = console.OutAnsi;
            out_.Write(new Rule("settings").LeftJustified());
            // Plain lines, not a table: long paths must not wrap, and scripts grep these.
            foreach (var (name, value, source) in settings.Describe())
            {
                console.Out.WriteLine($"{name,-12} {value}   (from {source})");
            }

            console.Out.WriteLine($"user config:    {settings.UserConfigPath}{(File.Exists(settings.UserConfigPath) ? "" : " (none)")}");
            console.Out.WriteLine($"project config: {settings.ProjectConfigPath ?? "(none found from " + console.WorkingDirectory + " upwards)"}");
            console.Out.WriteLine($"machine:        {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} CPUs, {ModelsCommand.FormatSize(ModelsCommand.MachineMemoryBytes())} memory, .NET {Environment.Version}");

            out_.Write(new Rule("model").LeftJustified());
            if (settings.Provider.Value == ProviderKind.OpenAI)
            {
                console.Out.WriteLine($"provider: OpenAI-compatible endpoint {settings.Endpoint.Value ?? "(endpoint not set!)"}");
            }

            string? modelPath;
            try
            {
                modelPath = settings.Provider.Value == ProviderKind.Local ? ModelResolution.ResolvePath(settings) : null;
            }
            catch (ModelUnavailableException ex)
            {
                console.Out.WriteLine($"model: {ex.Message}");
                console.Out.WriteLine("verdict: NOT OK: the configured model is missing.");
                return ExitCodes.RuntimeFailure;
            }

            if (settings.Provider.Value == ProviderKind.Local && modelPath is null)
            {
                console.Out.WriteLine("model: none configured; jobs run in deterministic mode.");
                console.Out.WriteLine("       get one: pmcopilot models pull qwen2.5-1.5b-instruct");
            }
            else if (modelPath is not null)
            {
                console.Out.WriteLine($"model file: {modelPath} ({ModelsCommand.FormatSize(new FileInfo(modelPath).Length)})");
            }

            if (parse.GetValue(noLoad) || (modelPath is null && settings.Provider.Value == ProviderKind.Local))
            {
                out_.Write(new Rule("runtime").LeftJustified());
                try
                {
                    foreach (var line in RuntimeHost.DescribeNatives(settings))
                    {
                        console.Out.WriteLine(line);
                    }
                }
                catch (ModelLoadException ex)
                {
                    console.Out.WriteLine($"natives: {ex.Message}");
                    console.Out.WriteLine("verdict: NOT OK: the native libraries could not be loaded.");
                    return ExitCodes.RuntimeFailure;
                }

                console.Out.WriteLine(modelPath is null && settings.Provider.Value == ProviderKind.Local
                    ? "verdict: OK (deterministic mode: no model configured)"
                    : "verdict: settings OK (model not loaded: --no-load)");
                return ExitCodes.Success;
            }

            var stopwatch = Stopwatch.StartNew();
            using var progress = ProgressView.For(console);
            RuntimeHost runtime;
            try
            {
                runtime = await RuntimeHost.LoadAsync(settings, modelPath, progress, embeddings: false, token);
            }
            catch (ModelLoadException ex)
            {
                progress.Stop();
                console.Out.WriteLine($"load failed after {stopwatch.Elapsed.TotalSeconds:0.00} s: {ex.Message}");
                console.Out.WriteLine("verdict: NOT OK: the configured model does not load.");
                return ExitCodes.RuntimeFailure;
            }

            await using var loaded = runtime;
            progress.Stop();
            stopwatch.Stop();
            out_.Write(new Rule("runtime").LeftJustified());
            foreach (var line in runtime.Describe())
            {
                console.Out.WriteLine(line);
            }

            console.Out.WriteLine($"load time: {stopwatch.Elapsed.TotalSeconds:0.00} s");
            console.Out.WriteLine("verdict: OK (model loaded)");
            return ExitCodes.Success;
        }));
        return command;
    }
}
