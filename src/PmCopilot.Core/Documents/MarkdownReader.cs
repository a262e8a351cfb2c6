using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;

namespace PmCopilot.Core.Documents;

/// <summary>Markdown to sections: one per heading, numbered §1, §1.2… (or by the heading's own number "3.2 Scope").</summary>
internal static partial class MarkdownReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().UseGridTables().Build();

    public static bool LooksLikeMarkdown(string text) => AtxLine().IsMatch(text);

    public static DocumentContent Read(string text, string fallbackTitle)
    {
        var document = Markdown.Parse(text, Pipeline);
        var lines = text.Split('\n');
        var headings = document.Descendants<HeadingBlock>().ToList();

        // A lone top heading above all others is the document's title, not section 1.
        string? title = null;
        HeadingBlock? titleBlock = null;
        if (headings.Count > 0 && headings.Skip(1).All(h => h.Level > headings[0].Level))
        {
            titleBlock = headings[0];
            title = HeadingText(lines, headings[0]);
        }

        var sections = new List<DocumentSection>();
        var numbering = new SectionNumbering();
        var path = new List<(int Level, string Text)>();
        var body = new StringBuilder();
        string reference = "§0";
        int? line = 1;
        IReadOnlyList<string> currentPath = [];

        void Flush()
        {
            var content = body.ToString().Trim();
            if (content.Length > 0)
            {
                sections.Add(new DocumentSection(currentPath, reference, content) { Line = line });
            }

            body.Clear();
        }

        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock)
            {
                foreach (var l in SpanText(text, block).Split('\n'))
                {
                    var m = FrontMatterTitle().Match(l);
                    if (m.Success)
                    {
                        title ??= m.Groups[1].Value.Trim().Trim('"', '\'');
                    }
                }

                continue;
            }

            if (block is HeadingBlock heading)
            {
                Flush();
                if (heading == titleBlock)
                {
                    continue;
                }

                var headingText = HeadingText(lines, heading);
                while (path.Count > 0 && path[^1].Level >= heading.Level)
                {
                    path.RemoveAt(path.Count - 1);
                }

                path.Add((heading.Level, headingText));
                reference = numbering.Next(path.Count, headingText);
                currentPath = [.. path.Select(p => p.Text)];
                line = (heading.IsSetext ? heading.Line - 1 : heading.Line) + 1;
                continue;
            }

            AppendBlock(block, text, body);
        }

        Flush();
        return new DocumentContent(title ?? fallbackTitle, SourceFormat.Markdown, sections);
    }

    private static void AppendBlock(Block block, string source, StringBuilder body)
    {
        switch (block)
        {
            case CodeBlock or HtmlBlock or ThematicBreakBlock or LinkReferenceDefinitionGroup:
                return; // code and markup are not prose to summarise
            case Table table:
                // Each data row becomes its own line of "header: value" pairs, so a row reads as one sentence.
                string[]? header = null;
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = Cells(SpanText(source, row));
                    if (row.IsHeader)
                    {
                        header = cells;
                        continue;
                    }

                    var pairs = cells.Select((c, i) => header is not null && i < header.Length && header[i].Length > 0 ? $"{header[i]}: {c}" : c);
                    body.AppendJoin("; ", pairs).Append("\n\n");
                }

                return;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlock(child, source, body);
                }

                return;
            case LeafBlock leaf:
                var text = Plain(string.Join('\n', SpanText(source, leaf).Split('\n').Select(l => QuoteMarks().Replace(l, string.Empty))));
                if (text.Length > 0)
                {
                    body.Append(text).Append("\n\n");
                }

                return;
        }
    }

    private static string[] Cells(string rowSource)
    {
        var line = rowSource.Split('\n')[0].Trim();
        var parts = line.Split('|').Select(c => Plain(c.Trim())).ToList();
        if (parts.Count > 0 && parts[0].Length == 0)
        {
            parts.RemoveAt(0);
        }

        if (parts.Count > 0 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return [.. parts];
    }

    private static string SpanText(string source, Block block)
    {
        var span = block.Span;
        if (span.IsEmpty || span.Start >= source.Length)
        {
            return string.Empty;
        }

        return source[span.Start..Math.Min(span.End + 1, source.Length)];
    }

    private static string HeadingText(string[] lines, HeadingBlock heading)
    {
        // Markdig puts a setext heading's Line on its underline; its text is the line above.
        var line = heading.IsSetext ? heading.Line - 1 : heading.Line;
        var raw = line >= 0 && line < lines.Length ? lines[line] : string.Empty;
        return Plain(raw.Trim().TrimStart('#').TrimEnd('#').Trim());
    }

    /// <summary>Markdown inline syntax to plain text: links keep their words, emphasis and code marks go.</summary>
    internal static string Plain(string markdown)
    {
        var text = Image().Replace(markdown, "$1");
        text = Link().Replace(text, "$1");
        text = Emphasis().Replace(text, string.Empty);
        return text.Trim();
    }

    [GeneratedRegex(@"^\s*(?:>\s?)+")]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+\S", RegexOptions.Multiline)]
    private static partial Regex AtxLine();

    [GeneratedRegex(@"^\s*title\s*:\s*(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FrontMatterTitle();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")]
    private static partial Regex Emphasis();
}

/// <summary>Hierarchical section numbers; a heading that carries its own number ("2.1 Scope", "3. Goals") keeps it.</summary>
internal sealed partial class SectionNumbering
{
    private readonly List<int> _counters = [];

    public string Next(int depth, string headingText)
    {
        var own = OwnNumber().Match(headingText);
        if (own.Success)
        {
            var parts = own.Groups[1].Value.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            _counters.Clear();
            _counters.AddRange(parts);
            return "§" + string.Join('.', parts);
        }

        while (_counters.Count < depth)
        {
            _counters.Add(0);
        }

        _counters.RemoveRange(depth, _counters.Count - depth);
        _counters[depth - 1]++;
        return "§" + string.Join('.', _counters.Select(c => Math.Max(c, 1)));
    }

    [GeneratedRegex(@"^\s*(\d{1,3}(?:\.\d{1,3}){0,4})\.?(?:\s|$)")]
    private static partial Regex OwnNumber();
}
