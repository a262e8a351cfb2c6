using System.Text;
using System.Text.RegularExpressions;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// One prompt: its text with <c>{{name}}</c> placeholders and its execution settings. Rendering is plain
/// substitution (no logic, no escaping) so what is in the file is exactly what the model sees.
/// </summary>
public sealed partial class PromptTemplate
{
    public PromptTemplate(string name, string text, PromptSettings settings, string source)
    {
        Name = name;
        Text = text;
        Settings = settings;
        Source = source;
        Placeholders = [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
    }

    public string Name { get; }

    public string Text { get; }

    public PromptSettings Settings { get; }

    /// <summary>Where the template came from (a file path or "embedded:…"), for error messages.</summary>
    public string Source { get; }

    /// <summary>The placeholder names in the order they first appear.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>
    /// Replaces every <c>{{name}}</c> with its value. A placeholder with no value is an error (a silently empty
    /// slot makes a prompt that looks fine and answers badly); pass an empty string to leave one blank on purpose.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var missing = Placeholders.Where(p => !values.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new PromptLoadException(
                $"Prompt '{Name}' ({Source}) needs a value for {string.Join(", ", missing.Select(m => "{{" + m + "}}"))}.");
        }

        return PlaceholderPattern().Replace(Text, m => values[m.Groups[1].Value] ?? string.Empty);
    }

    public string Render(params (string Name, string? Value)[] values)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            map[name] = value;
        }

        return Render(map);
    }

    internal static string Normalize(string text)
    {
        // Files edited on Windows keep working: the model sees \n only, and no trailing blank lines.
        var sb = new StringBuilder(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        while (sb.Length > 0 && (sb[^1] == '\n' || sb[^1] == ' '))
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}
