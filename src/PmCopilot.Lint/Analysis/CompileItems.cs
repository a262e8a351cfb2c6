using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace PmCopilot.Lint.Analysis;

/// <summary>
/// The <c>Compile</c> items a .csproj states, applied to the SDK's default <c>**/*.cs</c> without MSBuild evaluation: a
/// <c>&lt;Compile Remove="Samples/**" /&gt;</c> keeps those files out of the analysis as it keeps them out of the build.
/// Only unconditional items with literal paths are read; an item that needs evaluation (<c>$(Prop)</c>, <c>@(Item)</c>,
/// a <c>Condition</c>) is left out, so the default set stands where the project cannot be read statically.
/// </summary>
internal static class CompileItems
{
    /// <summary>The files the project compiles: <paramref name="defaults"/> (unless it turns default items off), then each Compile Include/Remove in document order.</summary>
    public static IEnumerable<string> Apply(string projectFile, Func<IEnumerable<string>> defaults)
    {
        var items = ReadItems(projectFile, out var defaultsEnabled);
        if (items.Count == 0)
            return defaultsEnabled ? defaults() : [];

        var directory = Path.GetDirectoryName(projectFile)!;
        var files = new List<string>(defaultsEnabled ? defaults() : []);
        var listed = new HashSet<string>(files, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Remove is not null)
            {
                var remove = Matcher(directory, item.Remove);
                files.RemoveAll(remove);
                listed.RemoveWhere(remove);
            }
            else if (item.Include is not null)
            {
                var exclude = item.Exclude is null ? null : Matcher(directory, item.Exclude);
                foreach (var file in Expand(directory, item.Include))
                {
                    if ((exclude is null || !exclude(file)) && listed.Add(file))
                        files.Add(file);
                }
            }
        }

        return files;
    }

    private sealed record Item(string? Include, string? Exclude, string? Remove);

    private static List<Item> ReadItems(string projectFile, out bool defaultsEnabled)
    {
        defaultsEnabled = true;
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return [];
        }

        var root = document.Root;
        if (root is null)
            return [];
        foreach (var property in root.Elements().Where(e => e.Name.LocalName == "PropertyGroup" && e.Attribute("Condition") is null).SelectMany(g => g.Elements()))
        {
            if (property.Attribute("Condition") is null && property.Name.LocalName is "EnableDefaultCompileItems" or "EnableDefaultItems"
                && string.Equals(property.Value.Trim(), "false", StringComparison.OrdinalIgnoreCase))
                defaultsEnabled = false;
        }

        return root.Elements()
            .Where(e => e.Name.LocalName == "ItemGroup" && e.Attribute("Condition") is null)
            .SelectMany(g => g.Elements())
            .Where(e => e.Name.LocalName == "Compile" && e.Attribute("Condition") is null)
            .Select(e => new Item(Literal(e.Attribute("Include")), Literal(e.Attribute("Exclude")), Literal(e.Attribute("Remove"))))
            .Where(i => i.Include is not null || i.Remove is not null)
            .ToList();
    }

    /// <summary>The attribute's value, or null when absent or when it needs MSBuild to evaluate.</summary>
    private static string? Literal(XAttribute? attribute)
    {
        var value = attribute?.Value.Trim();
        if (string.IsNullOrEmpty(value) || value.Contains("$(", StringComparison.Ordinal) || value.Contains("@(", StringComparison.Ordinal) || value.Contains("%(", StringComparison.Ordinal))
            return null;
        return value;
    }

    /// <summary>A test for full paths matching any of the semicolon-separated specs (relative to the project folder).</summary>
    private static Predicate<string> Matcher(string directory, string specs)
    {
        var patterns = Specs(specs).Select(spec => ToRegex(FullSpec(directory, spec))).ToList();
        return path => patterns.Any(p => p.IsMatch(path));
    }

    /// <summary>The files an Include spec names: literal paths that exist, or the files under a wildcard's fixed prefix that match it.</summary>
    private static IEnumerable<string> Expand(string directory, string specs)
    {
        foreach (var spec in Specs(specs))
        {
            var full = FullSpec(directory, spec);
            var wildcard = full.IndexOfAny(['*', '?']);
            if (wildcard < 0)
            {
                if (File.Exists(full))
                    yield return full;
                continue;
            }

            var root = Path.GetDirectoryName(full[..wildcard]);
            if (root is null || !Directory.Exists(root))
                continue;
            var pattern = ToRegex(full);
            string[] candidates;
            try
            {
                candidates = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var candidate in candidates.OrderBy(c => c, StringComparer.Ordinal))
            {
                if (pattern.IsMatch(candidate))
                    yield return candidate;
            }
        }
    }

    private static IEnumerable<string> Specs(string specs) => specs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string FullSpec(string directory, string spec)
    {
        var normalized = spec.Replace('\\', Path.DirectorySeparatorChar).Replace('/', Path.DirectorySeparatorChar);
        var wildcard = normalized.IndexOfAny(['*', '?']);
        // GetFullPath collapses '..' in the fixed part; the wildcard part is kept as written.
        if (wildcard < 0)
            return Path.GetFullPath(Path.Combine(directory, normalized));
        var cut = normalized.LastIndexOf(Path.DirectorySeparatorChar, wildcard);
        var fixedPart = cut < 0 ? string.Empty : normalized[..cut];
        var rest = cut < 0 ? normalized : normalized[(cut + 1)..];
        return Path.Combine(Path.GetFullPath(Path.Combine(directory, fixedPart)), rest);
    }

    /// <summary>MSBuild wildcards: <c>**</c> any folders (none included), <c>*</c> and <c>?</c> within one name.</summary>
    private static Regex ToRegex(string fullSpec)
    {
        var separator = Regex.Escape(Path.DirectorySeparatorChar.ToString());
        var pattern = new StringBuilder("^");
        for (var i = 0; i < fullSpec.Length; i++)
        {
            var c = fullSpec[i];
            if (c == '*' && i + 1 < fullSpec.Length && fullSpec[i + 1] == '*')
            {
                var followedBySeparator = i + 2 < fullSpec.Length && fullSpec[i + 2] == Path.DirectorySeparatorChar;
                pattern.Append(followedBySeparator ? $"(?:.*{separator})?" : ".*");
                i += followedBySeparator ? 2 : 1;
            }
            else if (c == '*')
            {
                pattern.Append($"[^{separator}]*");
            }
            else if (c == '?')
            {
                pattern.Append($"[^{separator}]");
            }
            else
            {
                pattern.Append(Regex.Escape(c.ToString()));
            }
        }

        pattern.Append('$');
        var options = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? RegexOptions.IgnoreCase : RegexOptions.None;
        return new Regex(pattern.ToString(), options | RegexOptions.CultureInvariant);
    }
}
