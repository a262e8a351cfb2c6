using System.Text;
using System.Text.RegularExpressions;

namespace PmCopilot.LanguageServer.Features;

/// <summary>
/// The rule documents (<c>docs/rules/PMCxxx.md</c>: what, why, how to fix, example). Found in the configured folder,
/// else in a <c>docs/rules</c> folder above the server binary or above the workspace root.
/// </summary>
internal sealed partial class RuleDocs
{
    private readonly string? configured;
    private string? workspaceRoot;

    public RuleDocs(string? configured) => this.configured = configured;

    public void SetWorkspaceRoot(string? root) => this.workspaceRoot = root;

    public string? PathOf(string ruleId)
    {
        if (!RuleIdPattern().IsMatch(ruleId))
        {
            return null;
        }

        foreach (var folder in this.Folders())
        {
            var path = Path.Combine(folder, ruleId + ".md");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The why and how-to-fix parts of a rule document as Markdown, or null when there is no document.</summary>
    public string? Explain(string ruleId)
    {
        var path = this.PathOf(ruleId);
        if (path is null)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }

        var sections = SplitSections(text);
        var wanted = sections.Where(s => IsWhy(s.Heading) || IsHow(s.Heading)).ToList();
        if (wanted.Count == 0)
        {
            // No recognised headings: the document's opening is the best summary there is.
            return string.Join('\n', text.Split('\n').Take(30)).Trim();
        }

        var result = new StringBuilder();
        foreach (var section in wanted)
        {
            result.Append("**").Append(section.Heading).Append("**\n\n").Append(section.Body.Trim()).Append("\n\n");
        }

        return result.ToString().Trim();
    }

    private static bool IsWhy(string heading) => heading.Contains("why", StringComparison.OrdinalIgnoreCase) || heading.Contains("what", StringComparison.OrdinalIgnoreCase);

    private static bool IsHow(string heading) => heading.Contains("how", StringComparison.OrdinalIgnoreCase) || heading.Contains("fix", StringComparison.OrdinalIgnoreCase);

    private static List<(string Heading, string Body)> SplitSections(string markdown)
    {
        var sections = new List<(string, string)>();
        string? heading = null;
        var body = new StringBuilder();
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    sections.Add((heading, body.ToString()));
                }

                heading = line[3..].Trim();
                body.Clear();
            }
            else if (heading is not null)
            {
                body.Append(line).Append('\n');
            }
        }

        if (heading is not null)
        {
            sections.Add((heading, body.ToString()));
        }

        return sections;
    }

    private IEnumerable<string> Folders()
    {
        if (this.configured is not null)
        {
            yield return this.configured;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, this.workspaceRoot })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "docs", "rules");
                if (Directory.Exists(candidate))
                {
                    yield return candidate;
                    break;
                }
            }
        }
    }

    [GeneratedRegex("^[A-Z]{2,5}[0-9]{3}$")]
    private static partial Regex RuleIdPattern();
}
