using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// Prompts live as files in <c>prompts/&lt;function&gt;/</c> (Semantic Kernel's layout: <c>skprompt.txt</c> plus
/// <c>config.json</c>) and are embedded into this assembly at build time, so a published tool never depends on the
/// current directory. A directory given to <see cref="Load(string, string?)"/> overrides the embedded copy, which
/// lets users and tests try a prompt without rebuilding.
/// </summary>
public static class PromptLibrary
{
    public const string TemplateFileName = "skprompt.txt";
    public const string SettingsFileName = "config.json";

    private static readonly Assembly ThisAssembly = typeof(PromptLibrary).Assembly;
    private static readonly ConcurrentDictionary<string, PromptDefinition> Embedded = new(StringComparer.Ordinal);

    /// <summary>Names of the embedded prompt functions (folder names under <c>prompts/</c>).</summary>
    public static IReadOnlyList<string> EmbeddedFunctions() =>
        ThisAssembly.GetManifestResourceNames()
            .Select(Normalize)
            .Where(n => n.StartsWith("prompts/", StringComparison.Ordinal) && n.EndsWith("/" + TemplateFileName, StringComparison.Ordinal))
            .Select(n => n["prompts/".Length..^(TemplateFileName.Length + 1)])
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>Loads prompt <paramref name="function"/>; from <paramref name="overrideDirectory"/>/&lt;function&gt; when that folder exists.</summary>
    public static PromptDefinition Load(string function, string? overrideDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        if (overrideDirectory is not null)
        {
            var folder = Path.Combine(overrideDirectory, function);
            if (File.Exists(Path.Combine(folder, TemplateFileName)))
            {
                var settingsPath = Path.Combine(folder, SettingsFileName);
                return Parse(
                    function,
                    File.ReadAllText(Path.Combine(folder, TemplateFileName)),
                    File.Exists(settingsPath) ? File.ReadAllText(settingsPath) : null);
            }
        }

        return Embedded.GetOrAdd(function, static f =>
        {
            var template = ReadResource($"prompts/{f}/{TemplateFileName}")
                ?? throw new InvalidOperationException($"No prompt named '{f}' is embedded (expected prompts/{f}/{TemplateFileName}).");
            return Parse(f, template, ReadResource($"prompts/{f}/{SettingsFileName}"));
        });
    }

    internal static PromptDefinition Parse(string name, string template, string? settingsJson)
    {
        if (string.IsNullOrWhiteSpace(settingsJson))
        {
            return new PromptDefinition(name, string.Empty, template, PromptSettings.Default, []);
        }

        using var doc = JsonDocument.Parse(settingsJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
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

        var settings = PromptSettings.Default;
        if (root.TryGetProperty("execution_settings", out var exec) && exec.ValueKind == JsonValueKind.Object
            && (exec.TryGetProperty("default", out var def) || TryFirst(exec, out def)))
        {
            settings = PromptSettings.FromJson(def);
        }

        return new PromptDefinition(name, description, template, settings, variables);
    }

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
        var actual = ThisAssembly.GetManifestResourceNames().FirstOrDefault(n => Normalize(n) == logicalName);
        if (actual is null)
        {
            return null;
        }

        using var stream = ThisAssembly.GetManifestResourceStream(actual)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // RecursiveDir uses the build machine's separator; resource names must not depend on it.
    private static string Normalize(string resourceName) => resourceName.Replace('\\', '/');
}

/// <summary>The model settings a prompt asks for (the <c>execution_settings.default</c> block of <c>config.json</c>).</summary>
public sealed record PromptSettings(float? Temperature, float? TopP, int? MaxOutputTokens, IReadOnlyList<string> StopSequences)
{
    public static PromptSettings Default { get; } = new(null, null, null, []);

    public ChatOptions ToChatOptions() => new()
    {
        Temperature = Temperature,
        TopP = TopP,
        MaxOutputTokens = MaxOutputTokens,
        StopSequences = StopSequences.Count > 0 ? StopSequences.ToList() : null,
    };

    internal static PromptSettings FromJson(JsonElement e)
    {
        float? F(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetSingle() : null;
        int? I(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        var stops = new List<string>();
        if (e.TryGetProperty("stop_sequences", out var s) && s.ValueKind == JsonValueKind.Array)
        {
            stops.AddRange(s.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        }

        return new PromptSettings(F("temperature"), F("top_p"), I("max_tokens"), stops);
    }
}

/// <summary>A loaded prompt: its template text (<c>{{$name}}</c> placeholders) and settings.</summary>
public sealed partial record PromptDefinition(
    string Name,
    string Description,
    string Template,
    PromptSettings Settings,
    IReadOnlyList<string> InputVariables)
{
    /// <summary>
    /// Fills <c>{{$name}}</c> placeholders in one pass. Values are inserted as they are and never re-scanned, so
    /// evidence or user text that happens to contain <c>{{$x}}</c> cannot pull in other variables.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return Placeholder().Replace(Template, m =>
            variables.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new KeyNotFoundException($"Prompt '{Name}' needs a value for '{m.Groups[1].Value}'."));
    }

    [GeneratedRegex(@"\{\{\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
