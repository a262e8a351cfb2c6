namespace PmCopilot.Cli.Configuration;

/// <summary>One effective setting and where it came from ("--model", "PMCOPILOT_MODEL", a config file path, "default").</summary>
internal sealed record Setting<T>(T Value, string Source)
{
    public bool IsDefault => Source == SettingsResolver.DefaultSource;
}

internal enum ProviderKind
{
    /// <summary>A GGUF file run in this process through LLamaSharp.</summary>
    Local,

    /// <summary>An OpenAI-compatible HTTP endpoint (llama-server, vLLM, Ollama…).</summary>
    OpenAI,
}

/// <summary>The settings a command runs with, after flags, environment, config files and defaults were merged.</summary>
internal sealed class CliSettings
{
    public required Setting<string?> Model { get; init; }

    public required Setting<string?> NativeDir { get; init; }

    /// <summary>Null lets the runtime choose (all layers when a GPU backend loads, else none).</summary>
    public required Setting<int?> GpuLayers { get; init; }

    public required Setting<int?> Threads { get; init; }

    public required Setting<int?> ContextSize { get; init; }

    public required Setting<ProviderKind> Provider { get; init; }

    public required Setting<string?> Endpoint { get; init; }

    /// <summary>From the environment only; never read from or written to config files.</summary>
    public required Setting<string?> ApiKey { get; init; }

    public required Setting<string> Language { get; init; }

    public required Setting<string> ModelsDir { get; init; }

    public required Setting<string> ConfigDir { get; init; }

    public string? UserConfigPath { get; init; }

    public string? ProjectConfigPath { get; init; }

    /// <summary>Problems found while reading config files (shown as warnings; they never stop a command).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Name, value shown to the user (secrets masked), and source of every setting, for <c>doctor</c>.</summary>
    public IEnumerable<(string Name, string Value, string Source)> Describe()
    {
        yield return ("model", Show(Model.Value), Model.Source);
        yield return ("provider", Provider.Value.ToString().ToLowerInvariant(), Provider.Source);
        yield return ("endpoint", Show(Endpoint.Value), Endpoint.Source);
        yield return ("apiKey", ApiKey.Value is null ? "(not set)" : "(set, hidden)", ApiKey.Source);
        yield return ("nativeDir", Show(NativeDir.Value), NativeDir.Source);
        yield return ("gpuLayers", GpuLayers.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(auto)", GpuLayers.Source);
        yield return ("threads", Threads.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(auto)", Threads.Source);
        yield return ("contextSize", ContextSize.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(auto)", ContextSize.Source);
        yield return ("language", Language.Value, Language.Source);
        yield return ("modelsDir", ModelsDir.Value, ModelsDir.Source);
        yield return ("configDir", ConfigDir.Value, ConfigDir.Source);
    }

    private static string Show(string? value) => value ?? "(not set)";
}
