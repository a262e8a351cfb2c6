using System.Globalization;
using System.Text.Json;

namespace PmCopilot.Cli.Configuration;

/// <summary>A setting has a value that cannot be used; front ends exit with the bad-usage code.</summary>
internal sealed class SettingsException(string message) : Exception(message);

/// <summary>Values given as command-line flags; null means "not given".</summary>
internal sealed record SettingFlags
{
    public string? Model { get; init; }

    public string? NativeDir { get; init; }

    public int? GpuLayers { get; init; }

    public int? Threads { get; init; }

    public int? ContextSize { get; init; }

    public string? Provider { get; init; }

    public string? Endpoint { get; init; }

    public string? Language { get; init; }

    public string? ModelsDir { get; init; }
}

/// <summary>
/// Merges settings with the precedence flags &gt; environment (<c>PMCOPILOT_*</c>) &gt; project <c>.pmcopilot.json</c>
/// (nearest one walking up from the working folder) &gt; user <c>config.json</c> &gt; defaults, remembering where each
/// value came from. Relative paths in a config file are relative to that file's folder.
/// </summary>
internal sealed class SettingsResolver
{
    public const string DefaultSource = "default";

    private static readonly string[] KnownKeys =
        ["model", "nativeDir", "gpuLayers", "threads", "contextSize", "context", "provider", "endpoint", "language", "modelsDir"];

    private readonly Func<string, string?> env;
    private readonly string workingDirectory;
    private readonly List<string> warnings = [];

    public SettingsResolver(Func<string, string?> env, string workingDirectory)
    {
        this.env = env;
        this.workingDirectory = workingDirectory;
    }

    public CliSettings Resolve(SettingFlags flags)
    {
        var configDir = Pick(null, "PMCOPILOT_CONFIG_DIR", [], _ => AppPaths.ConfigDirectory(env), "configDir");
        var userConfigPath = Path.Combine(configDir.Value, AppPaths.UserConfigFileName);
        var projectConfigPath = AppPaths.FindProjectConfig(workingDirectory);

        // Highest precedence first.
        var files = new List<ConfigFile>();
        if (projectConfigPath is not null)
        {
            files.Add(ConfigFile.Read(projectConfigPath, warnings));
        }

        if (File.Exists(userConfigPath) && !string.Equals(Path.GetFullPath(userConfigPath), projectConfigPath, StringComparison.Ordinal))
        {
            files.Add(ConfigFile.Read(userConfigPath, warnings));
        }

        var model = PickPath(flags.Model, "PMCOPILOT_MODEL", files, "model", modelLike: true);
        var nativeDir = PickPath(flags.NativeDir, "PMCOPILOT_NATIVE_DIR", files, "nativeDir", modelLike: false);
        var modelsDirRaw = PickPath(flags.ModelsDir, "PMCOPILOT_MODELS_DIR", files, "modelsDir", modelLike: false);
        var modelsDir = modelsDirRaw.Value is null
            ? new Setting<string>(AppPaths.DefaultModelsDirectory(env), DefaultSource)
            : new Setting<string>(Path.GetFullPath(modelsDirRaw.Value, workingDirectory), modelsDirRaw.Source);

        var gpuLayers = PickInt(flags.GpuLayers, "--gpu-layers", "PMCOPILOT_GPU_LAYERS", files, ["gpuLayers"], min: -1, max: 100_000);
        var threads = PickInt(flags.Threads, "--threads", "PMCOPILOT_THREADS", files, ["threads"], min: 1, max: 1024);
        var context = PickInt(flags.ContextSize, "--context", "PMCOPILOT_CONTEXT", files, ["contextSize", "context"], min: 128, max: 4_194_304);

        var providerText = Pick(flags.Provider, "PMCOPILOT_PROVIDER", files, _ => "local", "provider", "--provider");
        var provider = providerText.Value.Trim().ToLowerInvariant() switch
        {
            "local" or "llama" or "llamasharp" => ProviderKind.Local,
            "openai" or "http" or "remote" => ProviderKind.OpenAI,
            _ => throw new SettingsException($"provider '{providerText.Value}' (from {providerText.Source}) is not one of: local, openai."),
        };

        var endpoint = Pick<string?>(flags.Endpoint, "PMCOPILOT_ENDPOINT", files, _ => null, "endpoint", "--endpoint");
        if (endpoint.Value is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new SettingsException($"endpoint '{url}' (from {endpoint.Source}) is not an http(s) URL.");
        }

        var language = Pick(flags.Language, "PMCOPILOT_LANGUAGE", files, _ => "auto", "language", "--language");
        var normalizedLanguage = language.Value.Trim().ToLowerInvariant();
        if (normalizedLanguage is not ("auto" or "zh" or "en"))
        {
            throw new SettingsException($"language '{language.Value}' (from {language.Source}) is not one of: auto, zh, en.");
        }

        var apiKey = env("PMCOPILOT_API_KEY") is { Length: > 0 } key
            ? new Setting<string?>(key, "PMCOPILOT_API_KEY")
            : new Setting<string?>(null, DefaultSource);

        return new CliSettings
        {
            Model = model,
            NativeDir = nativeDir,
            GpuLayers = gpuLayers,
            Threads = threads,
            ContextSize = context,
            Provider = new Setting<ProviderKind>(provider, providerText.Source),
            Endpoint = endpoint,
            ApiKey = apiKey,
            Language = new Setting<string>(normalizedLanguage, language.Source),
            ModelsDir = modelsDir,
            ConfigDir = configDir,
            UserConfigPath = userConfigPath,
            ProjectConfigPath = projectConfigPath,
            Warnings = warnings,
        };
    }

    private Setting<T> Pick<T>(string? flag, string envName, List<ConfigFile> files, Func<object?, T> fallback, string key, string? flagName = null)
        where T : class?
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return new Setting<T>((T)(object)flag, flagName ?? "--" + key);
        }

        if (env(envName) is { Length: > 0 } fromEnv)
        {
            return new Setting<T>((T)(object)fromEnv, envName);
        }

        foreach (var file in files)
        {
            if (file.GetString(key) is { } fromFile)
            {
                return new Setting<T>((T)(object)fromFile, file.Path);
            }
        }

        return new Setting<T>(fallback(null), DefaultSource);
    }

    private Setting<string?> PickPath(string? flag, string envName, List<ConfigFile> files, string key, bool modelLike)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return new Setting<string?>(flag, "--" + ToKebab(key));
        }

        if (env(envName) is { Length: > 0 } fromEnv)
        {
            return new Setting<string?>(fromEnv, envName);
        }

        foreach (var file in files)
        {
            if (file.GetString(key) is { } fromFile)
            {
                // A catalog name stays a name; anything path-like is relative to the file that says it.
                var isPath = !modelLike || fromFile.IndexOfAny(['/', '\\']) >= 0 || fromFile.StartsWith('.') || fromFile.StartsWith('~');
                var value = isPath ? Path.GetFullPath(ExpandHome(fromFile), Path.GetDirectoryName(file.Path)!) : fromFile;
                return new Setting<string?>(value, file.Path);
            }
        }

        return new Setting<string?>(null, DefaultSource);
    }

    private Setting<int?> PickInt(int? flag, string flagName, string envName, List<ConfigFile> files, string[] keys, int min, int max)
    {
        if (flag is { } fromFlag)
        {
            return new Setting<int?>(Check(fromFlag, flagName), flagName);
        }

        if (env(envName) is { Length: > 0 } fromEnv)
        {
            if (!int.TryParse(fromEnv.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new SettingsException($"{envName}='{fromEnv}' is not a whole number.");
            }

            return new Setting<int?>(Check(parsed, envName), envName);
        }

        foreach (var file in files)
        {
            foreach (var key in keys)
            {
                if (file.GetInt(key, warnings) is { } fromFile)
                {
                    return new Setting<int?>(Check(fromFile, $"{key} in {file.Path}"), file.Path);
                }
            }
        }

        return new Setting<int?>(null, DefaultSource);

        int Check(int value, string where) => value >= min && value <= max
            ? value
            : throw new SettingsException($"{where} = {value} is out of range ({min}..{max}).");
    }

    private string ExpandHome(string path) =>
        path == "~" ? AppPaths.Home(env)
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(AppPaths.Home(env), path[2..])
        : path;

    private static string ToKebab(string key) =>
        string.Concat(key.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private sealed class ConfigFile
    {
        private readonly Dictionary<string, JsonElement> values;

        private ConfigFile(string path, Dictionary<string, JsonElement> values)
        {
            Path = path;
            this.values = values;
        }

        public string Path { get; }

        public static ConfigFile Read(string path, List<string> warnings)
        {
            var values = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new SettingsException($"{path} must hold a JSON object.");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Name.Contains("key", StringComparison.OrdinalIgnoreCase) || property.Name.Contains("secret", StringComparison.OrdinalIgnoreCase)
                        || property.Name.Contains("token", StringComparison.OrdinalIgnoreCase))
                    {
                        warnings.Add($"{path}: '{property.Name}' ignored; API keys are read from PMCOPILOT_API_KEY only, never from config files.");
                        continue;
                    }

                    if (!KnownKeys.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        warnings.Add($"{path}: unknown setting '{property.Name}' ignored.");
                        continue;
                    }

                    values[property.Name] = property.Value.Clone();
                }
            }
            catch (JsonException ex)
            {
                throw new SettingsException($"{path} is not valid JSON: {ex.Message}");
            }
            catch (IOException ex)
            {
                throw new SettingsException($"{path} could not be read: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new SettingsException($"{path} could not be read: {ex.Message}");
            }

            return new ConfigFile(path, values);
        }

        public string? GetString(string key) =>
            values.TryGetValue(key, out var value) ? value.ValueKind switch
            {
                JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null => null,
                JsonValueKind.String => null,
                _ => throw new SettingsException($"{Path}: '{key}' must be a string."),
            } : null;

        public int? GetInt(string key, List<string> warnings)
        {
            if (!values.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }

            throw new SettingsException($"{Path}: '{key}' must be a whole number.");
        }
    }
}
