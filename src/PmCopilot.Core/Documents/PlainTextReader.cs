using System.Text;
using System.Text.RegularExpressions;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Plain text: lines that look like headings start sections — numbered ("1. Introduction", "2.3 Scope", "第二章 …",
/// "三、…"), in capitals ("ROLLBACK PROCEDURE"), underlined with === or ---, or a short label ending in a colon on a
/// line of its own ("Background:"); text without such headings is cut into blocks of about 40 lines referenced by line
/// ("l. 41").
/// </summary>
internal static partial class PlainTextReader
{
    private const int LinesPerBlock = 40;

    public static DocumentContent Read(string text, string fallbackTitle)
    {
        var lines = text.Split('\n');
        var headingLines = Enumerable.Range(0, lines.Length).Where(i => IsHeading(lines, i)).ToList();
        var underlined = headingLines.Where(i => IsUnderline(lines, i + 1)).Select(i => i + 1).ToHashSet();
        var title = fallbackTitle;
        var first = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (first >= 0 && lines[first].Trim().Length <= 80 && !headingLines.Contains(first) && (first + 1 >= lines.Length || lines[first + 1].Trim().Length == 0))
        {
            title = lines[first].Trim();
        }

        foreach (var i in underlined)
        {
            lines[i] = string.Empty; // the underline belongs to its heading, not to the section's text
        }

        var sections = headingLines.Count >= 2 ? ByHeadings(lines, headingLines, title) : ByBlocks(lines);
        return new DocumentContent(title, SourceFormat.Text, sections);
    }

    private static List<DocumentSection> ByHeadings(string[] lines, List<int> headingLines, string title)
    {
        var sections = new List<DocumentSection>();
        var numbering = new SectionNumbering();
        if (headingLines[0] > 0)
        {
            var intro = Join(lines, 0, headingLines[0]);
            if (intro.Length > 0 && intro != title)
            {
                sections.Add(new DocumentSection([], "§0", intro) { Line = 1 });
            }
        }

        for (var h = 0; h < headingLines.Count; h++)
        {
            var start = headingLines[h];
            var end = h + 1 < headingLines.Count ? headingLines[h + 1] : lines.Length;
            var heading = lines[start].Trim();
            var reference = numbering.Next(1, heading);
            var body = Join(lines, start + 1, end);
            sections.Add(new DocumentSection([heading], reference, body) { Line = start + 1 });
        }

        return sections;
    }

    private static List<DocumentSection> ByBlocks(string[] lines)
    {
        var sections = new List<DocumentSection>();
        var start = 0;
        while (start < lines.Length)
        {
            // End blocks at a blank line near the size limit so paragraphs stay whole.
            var end = Math.Min(lines.Length, start + LinesPerBlock);
            var blank = Array.FindLastIndex(lines, end - 1, end - start, l => l.Trim().Length == 0);
            if (end < lines.Length && blank > start + LinesPerBlock / 2)
            {
                end = blank + 1;
            }

            var body = Join(lines, start, end);
            if (body.Length > 0)
            {
                sections.Add(new DocumentSection([], $"l. {start + 1}", body) { Line = start + 1 });
            }

            start = end;
        }

        return sections;
    }

    private static string Join(string[] lines, int from, int to)
    {
        var sb = new StringBuilder();
        for (var i = from; i < to; i++)
        {
            sb.Append(lines[i].TrimEnd()).Append('\n');
        }

        return sb.ToString().Trim();
    }

    private static bool IsHeading(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length is 0 or > 60 || line.EndsWith('.') || line.EndsWith('。') || line.EndsWith('，') || line.EndsWith(','))
        {
            return false;
        }

        var standsAlone = i + 1 >= lines.Length || lines[i + 1].Trim().Length == 0 || i == 0 || lines[i - 1].Trim().Length == 0;
        if (IsUnderline(lines, i + 1) && !IsUnderline(lines, i))
        {
            return true;
        }

        if (NumberedHeading().IsMatch(line))
        {
            return standsAlone;
        }

        var blankBefore = i == 0 || lines[i - 1].Trim().Length == 0;
        return blankBefore && (IsCapitals(line) || Label().IsMatch(line));
    }

    private static bool IsUnderline(string[] lines, int i) =>
        i < lines.Length && i > 0 && lines[i - 1].Trim().Length > 0 && Underline().IsMatch(lines[i].Trim());

    // "ROLLBACK PROCEDURE", "Q3 RESULTS": Latin capitals with at most a few digits and separators, two letters or more.
    private static bool IsCapitals(string line)
    {
        var letters = line.Count(char.IsLetter);
        return letters >= 4 && line.All(c => !char.IsLetter(c) || (char.IsUpper(c) && c < 128)) && letters >= line.Length * 0.6;
    }

    [GeneratedRegex(@"^(?:={3,}|-{3,})$")]
    private static partial Regex Underline();

    // "Background:", "Next steps:", "背景：" — a short label alone on its line.
    [GeneratedRegex(@"^[\p{L}][\p{L}\p{N} &/'-]{1,38}[:：]$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+\S|第[一二三四五六七八九十百\d]+[章节部分篇]|[一二三四五六七八九十]+[、.．]\s*\S|(?:chapter|section|part)\s+\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberedHeading();
}
