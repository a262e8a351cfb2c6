using System.Text.RegularExpressions;

namespace PmCopilot.Core.Prompts;

/// <summary>
/// A loaded prompt: its template text and settings. Placeholders are <c>{{name}}</c> or SK's <c>{{$name}}</c>;
/// rendering is plain one-pass substitution (no logic, no escaping), so what is in the file is what the model sees.
/// </summary>
public sealed partial record PromptDefinition(
    string Name,
    string Description,
    string Template,
    PromptSettings Settings,
    IReadOnlyList<string> InputVariables)
{
    /// <summary>Where the template came from (a file path or "embedded:…"), for error messages.</summary>
    public string Source { get; init; } = "embedded";

    /// <summary>The placeholder names in the template, in the order they first appear.</summary>
    public IReadOnlyList<string> Placeholders =>
        [.. Placeholder().Matches(Template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Fills every placeholder in one pass. Values are inserted as they are and never re-scanned, so user text that
    /// happens to contain <c>{{x}}</c> cannot pull in other values. A placeholder with no value is an error (a
    /// silently empty slot makes a prompt that looks fine and answers badly); pass "" to leave one blank on purpose.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var missing = Placeholders.Where(p => !variables.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new PromptLoadException(
                $"Prompt '{Name}' ({Source}) needs a value for {string.Join(", ", missing.Select(m => "'" + m + "'"))}.");
        }

        return Placeholder().Replace(Template, m => variables[m.Groups[1].Value]);
    }

    public string Render(params (string Name, string Value)[] variables)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            map[name] = value;
        }

        return Render(map);
    }

    [GeneratedRegex(@"\{\{\s*\$?([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
