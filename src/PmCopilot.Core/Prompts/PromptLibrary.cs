using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// Prompts are files in <c>prompts/&lt;function&gt;/</c>: a template (<c>template.md</c>, <c>template.txt</c> or SK's
/// <c>skprompt.txt</c>; a language variant such as <c>template.zh.md</c> wins when that language is asked for) and
/// optional settings (<c>settings.json</c>, flat, or SK's <c>config.json</c>). A folder on disk is searched first,
/// so users can edit a prompt without rebuilding; the copies embedded in this assembly fill in whatever the folder
/// lacks, so a front end that lost its <c>prompts/</c> folder still works.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>Overrides where <see cref="Default"/> reads prompts from (a folder holding one sub-folder per function).</summary>
    public const string DirectoryVariable = "PMCOPILOT_PROMPTS";

    /// <summary>Semantic Kernel's template file name; <c>template.md</c> / <c>template.txt</c> are read too.</summary>
    public const string TemplateFileName = "skprompt.txt";

    /// <summary>Semantic Kernel's settings file name; a flat <c>settings.json</c> is read too.</summary>
    public const string SettingsFileName = "config.json";

    private const string ResourcePrefix = "prompts/";
    private static readonly string[] TemplateStems = ["template", "skprompt"];
    private static readonly string[] TemplateExtensions = [".md", ".txt"];
    private static readonly string[] SettingsFiles = ["settings.json", SettingsFileName];
    private static readonly Assembly ThisAssembly = typeof(PromptLibrary).Assembly;
    private static readonly Lazy<PromptLibrary> LazyDefault = new(() => new PromptLibrary(FindDefaultDirectory()));
    private static readonly Lazy<Dictionary<string, string>> EmbeddedResources = new(() =>
        ThisAssembly.GetManifestResourceNames()
            .Where(n => Normalize(n).StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(Normalize, n => n, StringComparer.Ordinal));

    private readonly ConcurrentDictionary<(string, AnswerLanguage), PromptDefinition> _cache = new();
    private readonly bool _useEmbedded;

    /// <param name="directory">Folder with one sub-folder per prompt; null to use only the embedded copies.</param>
    /// <param name="useEmbeddedFallback">False to see only what is on disk.</param>
    public PromptLibrary(string? directory, bool useEmbeddedFallback = true)
    {
        Directory = directory is null ? null : Path.GetFullPath(directory);
        _useEmbedded = useEmbeddedFallback;
    }

    /// <summary>The prompts in <c>$PMCOPILOT_PROMPTS</c> or next to the app, with the embedded copies behind them.</summary>
    public static PromptLibrary Default => LazyDefault.Value;

    public string? Directory { get; }

    /// <summary>Every prompt name that can be loaded, from disk and embedded.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            if (Directory is not null && System.IO.Directory.Exists(Directory))
            {
                foreach (var dir in System.IO.Directory.EnumerateDirectories(Directory))
                {
                    if (System.IO.Directory.EnumerateFiles(dir).Any(f => IsTemplateFile(Path.GetFileName(f))))
                    {
                        names.Add(Path.GetFileName(dir));
                    }
                }
            }

            if (_useEmbedded)
            {
                names.UnionWith(EmbeddedFunctions());
            }

            return [.. names];
        }
    }

    /// <summary>Names of the prompt functions embedded in this assembly.</summary>
    public static IReadOnlyList<string> EmbeddedFunctions() =>
        [.. EmbeddedResources.Value.Keys
            .Select(n => n[ResourcePrefix.Length..].Split('/'))
            .Where(parts => parts.Length == 2 && IsTemplateFile(parts[1]))
            .Select(parts => parts[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    /// <summary>Loads <paramref name="function"/> from <paramref name="overrideDirectory"/> when it has it, else the embedded copy.</summary>
    public static PromptDefinition Load(string function, string? overrideDirectory = null) =>
        (overrideDirectory is null ? new PromptLibrary(null) : new PromptLibrary(overrideDirectory)).Get(function);

    /// <summary>Loads a prompt. Throws <see cref="PromptLoadException"/> naming the places searched when it is missing.</summary>
    public PromptDefinition Get(string name, AnswerLanguage language = AnswerLanguage.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new PromptLoadException($"Prompt name '{name}' is not a plain folder name.");
        }

        return _cache.GetOrAdd((name, language), key => Load(key.Item1, key.Item2));
    }

    public bool TryGet(string name, out PromptDefinition? prompt, AnswerLanguage language = AnswerLanguage.Auto)
    {
        try
        {
            prompt = Get(name, language);
            return true;
        }
        catch (PromptLoadException)
        {
            prompt = null;
            return false;
        }
    }

    internal static PromptDefinition Parse(string name, string template, string? settingsJson, string source = "embedded", string? settingsSource = null)
    {
        var text = NormalizeText(template);
        if (string.IsNullOrWhiteSpace(settingsJson))
        {
            return new PromptDefinition(name, string.Empty, text, PromptSettings.Default, []) { Source = source };
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(settingsJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new PromptLoadException($"Settings of prompt '{name}' ({settingsSource ?? source}) are not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PromptLoadException($"Settings of prompt '{name}' ({settingsSource ?? source}) must be a JSON object.");
            }

            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : string.Empty;
            var variables = new List<string>();
            if (root.TryGetProperty("input_variables", out var vars) && vars.ValueKind == JsonValueKind.Array)
            {
                foreach (var v in vars.EnumerateArray())
                {
                    if (v.ValueKind == JsonValueKind.Object && v.TryGetProperty("name", out var n) && n.GetString() is { } s)
                    {
                        variables.Add(s);
                    }
                }
            }

            // SK's config.json nests the settings per service; a flat settings.json is the settings object itself.
            var settings = root.TryGetProperty("execution_settings", out var exec) && exec.ValueKind == JsonValueKind.Object
                ? (exec.TryGetProperty("default", out var def) || TryFirst(exec, out def) ? PromptSettings.FromJson(def) : PromptSettings.Default)
                : PromptSettings.FromJson(root);

            return new PromptDefinition(name, description, text, settings, variables) { Source = source };
        }
    }

    private PromptDefinition Load(string name, AnswerLanguage language)
    {
        var candidates = TemplateFileNames(language).ToList();
        if (Directory is not null)
        {
            var folder = Path.Combine(Directory, name);
            foreach (var file in candidates)
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path))
                {
                    var settingsPath = SettingsFiles.Select(s => Path.Combine(folder, s)).FirstOrDefault(File.Exists);
                    return Parse(name, File.ReadAllText(path), settingsPath is null ? null : File.ReadAllText(settingsPath), path, settingsPath);
                }
            }
        }

        if (_useEmbedded)
        {
            foreach (var file in candidates)
            {
                var resource = ResourcePrefix + name + "/" + file;
                if (ReadResource(resource) is { } template)
                {
                    var settings = SettingsFiles.Select(s => ReadResource(ResourcePrefix + name + "/" + s)).FirstOrDefault(s => s is not null);
                    return Parse(name, template, settings, "embedded:" + resource);
                }
            }
        }

        var where = Directory is null ? "no prompts folder" : $"'{Path.Combine(Directory, name)}'";
        var embedded = _useEmbedded ? " nor among the prompts built into PmCopilot.Core" : string.Empty;
        throw new PromptLoadException(
            $"Prompt '{name}' was not found in {where}{embedded} (looked for {string.Join(", ", candidates)}). " +
            $"Reinstall PmCopilot or set {DirectoryVariable} to a folder holding '{name}/template.md'.");
    }

    private static IEnumerable<string> TemplateFileNames(AnswerLanguage language)
    {
        var suffix = language switch
        {
            AnswerLanguage.Zh => ".zh",
            AnswerLanguage.En => ".en",
            _ => null,
        };
        foreach (var stem in TemplateStems)
        {
            if (suffix is not null)
            {
                foreach (var ext in TemplateExtensions)
                {
                    yield return stem + suffix + ext;
                }
            }

            foreach (var ext in TemplateExtensions)
            {
                yield return stem + ext;
            }
        }
    }

    private static bool IsTemplateFile(string fileName) =>
        TemplateStems.Any(stem => fileName.StartsWith(stem, StringComparison.Ordinal))
        && TemplateExtensions.Any(ext => fileName.EndsWith(ext, StringComparison.Ordinal));

    private static bool TryFirst(JsonElement obj, out JsonElement first)
    {
        foreach (var p in obj.EnumerateObject())
        {
            first = p.Value;
            return true;
        }

        first = default;
        return false;
    }

    private static string? ReadResource(string logicalName)
    {
        if (!EmbeddedResources.Value.TryGetValue(logicalName, out var actual))
        {
            return null;
        }

        using var stream = ThisAssembly.GetManifestResourceStream(actual)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // RecursiveDir uses the build machine's separator; resource names must not depend on it.
    private static string Normalize(string resourceName) => resourceName.Replace('\\', '/');

    private static string NormalizeText(string text)
    {
        // Files edited on Windows keep working: the model sees \n only, and no trailing blank lines.
        var sb = new StringBuilder(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        while (sb.Length > 0 && (sb[^1] == '\n' || sb[^1] == ' '))
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    private static string? FindDefaultDirectory()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var nextToApp = Path.Combine(AppContext.BaseDirectory, "prompts");
        return System.IO.Directory.Exists(nextToApp) ? nextToApp : null;
    }
}
