using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PmCopilot.Core.Prd;

/// <summary>A heading of the document and the template section it was recognised as (null when none).</summary>
internal sealed record OutlineHeading(int Line, int Level, string Text, int TextColumn, PrdSection? Section)
{
    /// <summary>The whole heading is a section name ("Overview"), not just a part of it ("AI 功能规格说明").</summary>
    public bool ExactMatch { get; init; }

    /// <summary>Last line (exclusive) of the heading's range: the next heading of the same or a higher level.</summary>
    public int EndLine { get; set; }
}

/// <summary>A piece of prose the checks read: a paragraph, a list item or a table row, with code and HTML blanked out.</summary>
internal sealed record OutlineUnit(int Start, int End, string Text, int Line, UnitKind Kind, bool TopLevelListItem);

internal enum UnitKind
{
    Paragraph,
    ListItem,
    TableRow,
}

/// <summary>
/// The Markdown of a PRD read once with Markdig: headings matched to template sections, the title, front matter,
/// and prose units whose code spans, code blocks, HTML and guidance quotes are masked so checks never see them.
/// </summary>
internal sealed partial class PrdOutline
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UsePreciseSourceLocation()
        .Build();

    private readonly int[] _lineStarts;

    private PrdOutline(string source)
    {
        Source = source;
        var starts = new List<int> { 0 };
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
        Masked = new bool[source.Length];
    }

    public string Source { get; }

    public bool[] Masked { get; }

    public int LineCount => Source.EndsWith('\n') ? _lineStarts.Length - 1 : _lineStarts.Length;

    public List<OutlineHeading> Headings { get; } = [];

    public List<OutlineUnit> Units { get; } = [];

    /// <summary>Lines holding real content (not headings, code, HTML or guidance quotes).</summary>
    public List<int> ContentLines { get; } = [];

    public OutlineHeading? TitleHeading { get; private set; }

    public string? Title { get; private set; }

    public string? FrontMatterType { get; private set; }

    public static PrdOutline Parse(string markdown)
    {
        var outline = new PrdOutline(markdown);
        outline.Read(Markdown.Parse(markdown, Pipeline));
        return outline;
    }

    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Source.Length);
        var line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line, offset - _lineStarts[line]);
    }

    public string LineText(int line)
    {
        if (line < 0 || line >= _lineStarts.Length)
        {
            return string.Empty;
        }

        var start = _lineStarts[line];
        var end = line + 1 < _lineStarts.Length ? _lineStarts[line + 1] : Source.Length;
        return Source[start..end].TrimEnd('\n', '\r');
    }

    /// <summary>The innermost recognised section whose range holds <paramref name="line"/>.</summary>
    public OutlineHeading? SectionAt(int line)
    {
        OutlineHeading? best = null;
        foreach (var h in Headings)
        {
            if (h.Section is not null && h.Line < line && line < h.EndLine && (best is null || h.Level >= best.Level))
            {
                best = h;
            }
        }

        return best;
    }

    private void Read(MarkdownDocument document)
    {
        foreach (var block in document.Descendants())
        {
            switch (block)
            {
                case YamlFrontMatterBlock yaml:
                    ReadFrontMatter(yaml);
                    Mask(yaml.Span);
                    break;
                case CodeBlock code:
                    Mask(code.Span);
                    break;
                case HtmlBlock html:
                    Mask(html.Span);
                    break;
                case QuoteBlock quote when IsGuidance(quote):
                    Mask(quote.Span);
                    break;
                case HeadingBlock heading:
                    AddHeading(heading);
                    break;
            }
        }

        foreach (var inline in document.Descendants<CodeInline>())
        {
            Mask(inline.Span);
        }

        foreach (var inline in document.Descendants<HtmlInline>())
        {
            Mask(inline.Span);
        }

        foreach (var block in document.Descendants())
        {
            if (IsMasked(block.Span.Start))
            {
                continue;
            }

            switch (block)
            {
                case TableRow row when !row.IsHeader:
                    AddUnit(row.Span, row.Line, UnitKind.TableRow, topLevel: false, TableRowText(row));
                    break;
                case ParagraphBlock paragraph when paragraph.Parent is not TableCell:
                    var item = paragraph.Parent as ListItemBlock;
                    AddUnit(paragraph.Span, paragraph.Line, item is null ? UnitKind.Paragraph : UnitKind.ListItem, topLevel: false, text: null);
                    break;
                case ListItemBlock listItem when listItem.Parent?.Parent is not ListItemBlock:
                    AddUnit(listItem.Span, listItem.Line, UnitKind.ListItem, topLevel: true, text: null);
                    break;
            }
        }

        ResolveRanges();
    }

    private void AddHeading(HeadingBlock heading)
    {
        // Markdig puts a setext heading's Line on its underline; the text starts where the span starts.
        var line = heading.IsSetext ? Position(heading.Span.Start).Line : heading.Line;
        var raw = LineText(line);
        var text = raw;
        var column = 0;
        if (heading.IsSetext)
        {
            column = raw.Length - raw.TrimStart().Length;
            text = raw.Trim();
        }
        else
        {
            var m = AtxHeading().Match(raw);
            if (m.Success)
            {
                column = m.Groups[1].Index;
                text = m.Groups[1].Value;
            }
        }

        var section = HeadingMatcher.Match(text, out var exact);
        Headings.Add(new OutlineHeading(line, heading.Level, text, column, section) { ExactMatch = exact });
    }

    private void ResolveRanges()
    {
        for (var i = 0; i < Headings.Count; i++)
        {
            var end = LineCount;
            for (var j = i + 1; j < Headings.Count; j++)
            {
                if (Headings[j].Level <= Headings[i].Level)
                {
                    end = Headings[j].Line;
                    break;
                }
            }

            Headings[i].EndLine = end;
        }

        // The title is the first heading when it names no section and sits above the others (a lone H1, or the
        // first heading of a document whose sections are all deeper).
        // A top-level heading that merely contains a section word ("AI 功能规格说明", "Problem-solving PRD") is still
        // the title when it stands above at least two other headings; one that is exactly a section name ("Overview")
        // is that section, written one level up.
        if (Headings.Count > 0 && Headings.Skip(1).All(h => h.Level > Headings[0].Level)
            && (Headings[0].Section is null || (Headings[0].Level == 1 && Headings.Count >= 3 && !Headings[0].ExactMatch)))
        {
            Headings[0] = Headings[0] with { Section = null };
            TitleHeading = Headings[0];
            Title ??= Headings[0].Text.Trim();
        }
    }

    private void AddUnit(SourceSpan span, int line, UnitKind kind, bool topLevel, string? text)
    {
        if (span.IsEmpty || span.Start >= Source.Length)
        {
            return;
        }

        var end = Math.Min(span.End + 1, Source.Length);
        var chars = Source.ToCharArray(span.Start, end - span.Start);
        for (var i = 0; i < chars.Length; i++)
        {
            if (Masked[span.Start + i])
            {
                chars[i] = ' ';
            }
        }

        var unitText = text ?? new string(chars);
        if (unitText.Trim().Length == 0)
        {
            return;
        }

        Units.Add(new OutlineUnit(span.Start, end, unitText, line, kind, topLevel));
        if (!topLevel)
        {
            ContentLines.Add(line);
        }
    }

    private string TableRowText(TableRow row)
    {
        // Header names travel with each cell ("Baseline: 32%") so checks can tell what a number stands for.
        var table = row.Parent as Table;
        var header = table?.OfType<TableRow>().FirstOrDefault(r => r.IsHeader);
        var parts = new List<string>();
        for (var i = 0; i < row.Count; i++)
        {
            var cell = (TableCell)row[i];
            var cellText = SpanText(cell.Span);
            var name = header is not null && i < header.Count ? SpanText(((TableCell)header[i]).Span).Trim() : string.Empty;
            parts.Add(name.Length > 0 ? $"{name}: {cellText.Trim()}" : cellText.Trim());
        }

        return string.Join(" | ", parts);
    }

    private string SpanText(SourceSpan span)
    {
        if (span.IsEmpty || span.Start >= Source.Length)
        {
            return string.Empty;
        }

        var end = Math.Min(span.End + 1, Source.Length);
        var chars = Source.ToCharArray(span.Start, end - span.Start);
        for (var i = 0; i < chars.Length; i++)
        {
            if (Masked[span.Start + i])
            {
                chars[i] = ' ';
            }
        }

        return new string(chars).Replace('|', ' ');
    }

    private void ReadFrontMatter(YamlFrontMatterBlock yaml)
    {
        foreach (var line in yaml.Lines.Lines.Take(yaml.Lines.Count))
        {
            var m = FrontMatterField().Match(line.Slice.ToString());
            if (!m.Success)
            {
                continue;
            }

            var key = m.Groups[1].Value.ToLowerInvariant();
            var value = m.Groups[2].Value.Trim().Trim('"', '\'');
            if (key == "title" && value.Length > 0)
            {
                Title = value;
            }
            else if (key is "type" or "kind" or "template")
            {
                FrontMatterType = value;
            }
        }
    }

    private bool IsGuidance(QuoteBlock quote)
    {
        var first = LineText(quote.Line).TrimStart('>', ' ', '\t');
        return first.StartsWith(PrdTemplates.GuidanceMarkerEn, StringComparison.Ordinal)
            || first.StartsWith(PrdTemplates.GuidanceMarkerZh, StringComparison.Ordinal);
    }

    private void Mask(SourceSpan span)
    {
        if (span.IsEmpty)
        {
            return;
        }

        var end = Math.Min(span.End + 1, Source.Length);
        for (var i = Math.Max(span.Start, 0); i < end; i++)
        {
            Masked[i] = true;
        }
    }

    private bool IsMasked(int offset) => offset >= 0 && offset < Masked.Length && Masked[offset];

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^\s*([A-Za-z_]+)\s*:\s*(.*)$")]
    private static partial Regex FrontMatterField();
}
