using System.Collections.Concurrent;
using System.Reflection;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// Loads prompts from <c>prompts/&lt;function&gt;/</c>: <c>template.md</c> (or <c>.txt</c>; a language variant
/// <c>template.zh.md</c> / <c>template.en.md</c> wins when asked for) and an optional <c>settings.json</c>.
/// A folder on disk is searched first so users can edit prompts without rebuilding; the copies embedded in
/// this assembly are the fallback, so a front end that lost its <c>prompts/</c> folder still works.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>Overrides where prompts are read from (a folder holding one sub-folder per function).</summary>
    public const string DirectoryVariable = "PMCOPILOT_PROMPTS";

    internal const string ResourcePrefix = "PmCopilot.Prompts/";

    private static readonly string[] TemplateExtensions = [".md", ".txt"];
    private static readonly Lazy<PromptLibrary> LazyDefault = new(() => new PromptLibrary(FindDefaultDirectory()));

    private readonly ConcurrentDictionary<(string, AnswerLanguage), PromptTemplate> _cache = new();
    private readonly Assembly? _embedded;
    private readonly HashSet<string> _embeddedNames;

    /// <param name="directory">Folder with one sub-folder per prompt; null to use only the embedded copies.</param>
    /// <param name="useEmbeddedFallback">False to see only what is on disk (tests of user overrides).</param>
    public PromptLibrary(string? directory, bool useEmbeddedFallback = true)
    {
        Directory = directory is null ? null : Path.GetFullPath(directory);
        _embedded = useEmbeddedFallback ? typeof(PromptLibrary).Assembly : null;
        _embeddedNames = _embedded is null
            ? []
            : _embedded.GetManifestResourceNames()
                .Select(n => n.Replace('\\', '/'))
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
                .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The prompts next to the app (or in <c>$PMCOPILOT_PROMPTS</c>), with the embedded copies behind them.</summary>
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
                    if (TemplateExtensions.Any(ext => System.IO.Directory.EnumerateFiles(dir, "template*" + ext).Any()))
                    {
                        names.Add(Path.GetFileName(dir));
                    }
                }
            }

            foreach (var resource in _embeddedNames)
            {
                var rest = resource[ResourcePrefix.Length..];
                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && rest[(slash + 1)..].StartsWith("template", StringComparison.Ordinal))
                {
                    names.Add(rest[..slash]);
                }
            }

            return [.. names];
        }
    }

    /// <summary>Loads a prompt. Throws <see cref="PromptLoadException"/> naming the places searched when it is missing.</summary>
    public PromptTemplate Get(string name, AnswerLanguage language = AnswerLanguage.Auto)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(['/', '\\']) >= 0 || name.Contains("..", StringComparison.Ordinal))
        {
            throw new PromptLoadException($"Prompt name '{name}' is not a plain folder name.");
        }

        return _cache.GetOrAdd((name, language), key => Load(key.Item1, key.Item2));
    }

    public bool TryGet(string name, out PromptTemplate? template, AnswerLanguage language = AnswerLanguage.Auto)
    {
        try
        {
            template = Get(name, language);
            return true;
        }
        catch (PromptLoadException)
        {
            template = null;
            return false;
        }
    }

    private PromptTemplate Load(string name, AnswerLanguage language)
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
                    var settingsPath = Path.Combine(folder, "settings.json");
                    var settings = File.Exists(settingsPath)
                        ? PromptSettings.Parse(File.ReadAllText(settingsPath), settingsPath)
                        : new PromptSettings();
                    return new PromptTemplate(name, PromptTemplate.Normalize(File.ReadAllText(path)), settings, path);
                }
            }
        }

        foreach (var file in candidates)
        {
            var resource = ResourcePrefix + name + "/" + file;
            if (_embeddedNames.Contains(resource))
            {
                var settingsResource = ResourcePrefix + name + "/settings.json";
                var settings = _embeddedNames.Contains(settingsResource)
                    ? PromptSettings.Parse(ReadResource(settingsResource), "embedded:" + settingsResource)
                    : new PromptSettings();
                return new PromptTemplate(name, PromptTemplate.Normalize(ReadResource(resource)), settings, "embedded:" + resource);
            }
        }

        var where = Directory is null ? "no prompts folder" : $"'{Path.Combine(Directory, name)}'";
        var embedded = _embedded is null ? string.Empty : " or among the prompts built into PmCopilot.Core";
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
        if (suffix is not null)
        {
            foreach (var ext in TemplateExtensions)
            {
                yield return "template" + suffix + ext;
            }
        }

        foreach (var ext in TemplateExtensions)
        {
            yield return "template" + ext;
        }
    }

    private string ReadResource(string normalizedName)
    {
        var actual = _embedded!.GetManifestResourceNames().First(n => n.Replace('\\', '/') == normalizedName);
        using var stream = _embedded.GetManifestResourceStream(actual)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
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
