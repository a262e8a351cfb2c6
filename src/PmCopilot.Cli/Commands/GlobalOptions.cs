using System.CommandLine;
using PmCopilot.Cli.Configuration;
using PmCopilot.Cli.Output;

namespace PmCopilot.Cli.Commands;

/// <summary>Options every command accepts (System.CommandLine "recursive" options on the root).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "Model: a catalog name (see 'models list') or a path to a .gguf file", Recursive = true };

    public Option<string?> NativeDir { get; } = new("--native-dir") { Description = "Folder of llama.cpp native libraries to load instead of the bundled CPU ones", Recursive = true };

    public Option<int?> GpuLayers { get; } = new("--gpu-layers") { Description = "Layers to offload to the GPU (-1 or a large number: all; 0: none)", Recursive = true };

    public Option<int?> Threads { get; } = new("--threads") { Description = "CPU threads for generation", Recursive = true };

    public Option<int?> Context { get; } = new("--context") { Description = "Context window in tokens", Recursive = true };

    public Option<string?> Provider { get; } = new("--provider") { Description = "local (GGUF in process) or openai (an OpenAI-compatible endpoint)", Recursive = true };

    public Option<string?> Endpoint { get; } = new("--endpoint") { Description = "OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1", Recursive = true };

    public Option<string?> Language { get; } = new("--language") { Description = "Answer language: auto, zh or en", Recursive = true };

    public Option<string?> ModelsDir { get; } = new("--models-dir") { Description = "Folder where models are downloaded", Recursive = true };

    public IEnumerable<Option> All => [Model, NativeDir, GpuLayers, Threads, Context, Provider, Endpoint, Language, ModelsDir];

    public CliSettings Resolve(ParseResult parse, CliConsole console)
    {
        var flags = new SettingFlags
        {
            Model = parse.GetValue(Model),
            NativeDir = parse.GetValue(NativeDir),
            GpuLayers = parse.GetValue(GpuLayers),
            Threads = parse.GetValue(Threads),
            ContextSize = parse.GetValue(Context),
            Provider = parse.GetValue(Provider),
            Endpoint = parse.GetValue(Endpoint),
            Language = parse.GetValue(Language),
            ModelsDir = parse.GetValue(ModelsDir),
        };
        var settings = new SettingsResolver(console.Env, console.WorkingDirectory).Resolve(flags);
        foreach (var warning in settings.Warnings)
        {
            console.Warn(warning);
        }

        return settings;
    }
}

/// <summary><c>--output</c> and <c>--format</c> for commands that produce a document.</summary>
internal sealed class ResultOptions
{
    public ResultOptions(OutputFormat defaultFormat = OutputFormat.Markdown)
    {
        Format = new Option<OutputFormat>("--format", "-f")
        {
            Description = "Output format: text, markdown or json",
            DefaultValueFactory = _ => defaultFormat,
        };
    }

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the result to this file (atomically); on Ctrl-C the partial text is kept in FILE.partial" };

    public Option<OutputFormat> Format { get; }

    public void AddTo(Command command)
    {
        command.Add(Output);
        command.Add(Format);
    }
}
