using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Word documents with OpenXml: paragraphs in body order, headings from their style (built-in "heading N",
/// localised names such as "标题 1", or an outline level), tables as one line per row.
/// </summary>
internal static partial class DocxReader
{
    public static DocumentContent Open(string path)
    {
        var name = Path.GetFileName(path);
        using (var document = OpenDocument(path, name))
        {
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new JobInputException($"'{name}' has no document body.");
            var styles = StyleLevels(document);
            var sections = new List<DocumentSection>();
            var numbering = new SectionNumbering();
            var path_ = new List<(int Level, string Text)>();
            var text = new StringBuilder();
            var reference = "§0";
            IReadOnlyList<string> current = [];
            string? title = document.PackageProperties.Title;

            void Flush()
            {
                var content = text.ToString().Trim();
                if (content.Length > 0)
                {
                    sections.Add(new DocumentSection(current, reference, content));
                }

                text.Clear();
            }

            foreach (var element in body.ChildElements)
            {
                if (element is Paragraph paragraph)
                {
                    var paragraphText = paragraph.InnerText.Trim();
                    if (paragraphText.Length == 0)
                    {
                        continue;
                    }

                    var level = Level(paragraph, styles);
                    if (level == -1)
                    {
                        title ??= paragraphText;
                        continue;
                    }

                    if (level > 0)
                    {
                        Flush();
                        while (path_.Count > 0 && path_[^1].Level >= level)
                        {
                            path_.RemoveAt(path_.Count - 1);
                        }

                        path_.Add((level, paragraphText));
                        reference = numbering.Next(path_.Count, paragraphText);
                        current = [.. path_.Select(p => p.Text)];
                        continue;
                    }

                    text.Append(paragraphText).Append("\n\n");
                }
                else if (element is Table table)
                {
                    foreach (var row in table.Elements<TableRow>())
                    {
                        text.AppendJoin(" | ", row.Elements<TableCell>().Select(c => c.InnerText.Trim())).Append('\n');
                    }

                    text.Append('\n');
                }
            }

            Flush();
            if (sections.Count == 0)
            {
                throw new JobInputException($"'{name}' contains no text.");
            }

            return new DocumentContent(string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(path) : title.Trim(), SourceFormat.Docx, sections);
        }
    }

    /// <summary>
    /// The document as Markdown, for checks written for Markdown (the PRD linter): the Title style as "#", headings one
    /// level below it (or at their own level when there is no Title), list paragraphs as "- " items, tables as
    /// Markdown tables with their first row as the header, other paragraphs as they are, blank lines between blocks.
    /// </summary>
    public static string ToMarkdown(string path)
    {
        var name = Path.GetFileName(path);
        using (var document = OpenDocument(path, name))
        {
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new JobInputException($"'{name}' has no document body.");
            var styles = StyleLevels(document);
            var paragraphs = body.ChildElements.OfType<Paragraph>().ToList();
            bool hasTitle = paragraphs.Any(p => Level(p, styles) == -1);
            var markdown = new StringBuilder();
            foreach (var element in body.ChildElements)
            {
                if (element is Paragraph paragraph)
                {
                    var text = paragraph.InnerText.Trim();
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    var level = Level(paragraph, styles);
                    if (level == -1)
                    {
                        markdown.Append("# ").Append(text).Append("\n\n");
                    }
                    else if (level > 0)
                    {
                        markdown.Append('#', Math.Min(6, level + (hasTitle ? 1 : 0))).Append(' ').Append(text).Append("\n\n");
                    }
                    else if (paragraph.ParagraphProperties?.NumberingProperties is not null || IsListStyle(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value))
                    {
                        markdown.Append("- ").Append(text).Append('\n');
                    }
                    else
                    {
                        markdown.Append(text).Append("\n\n");
                    }
                }
                else if (element is Table table)
                {
                    var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText.Trim().Replace("|", "\\|", StringComparison.Ordinal)).ToList()).Where(r => r.Count > 0).ToList();
                    if (rows.Count == 0)
                    {
                        continue;
                    }

                    markdown.Append('\n');
                    markdown.Append("| ").AppendJoin(" | ", rows[0]).Append(" |\n");
                    markdown.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", rows[0].Count))).Append('\n');
                    foreach (var row in rows.Skip(1))
                    {
                        markdown.Append("| ").AppendJoin(" | ", row).Append(" |\n");
                    }

                    markdown.Append('\n');
                }
            }

            var result = markdown.ToString().Trim();
            return result.Length > 0 ? result + "\n" : throw new JobInputException($"'{name}' contains no text.");
        }
    }

    private static WordprocessingDocument OpenDocument(string path, string name)
    {
        try
        {
            return WordprocessingDocument.Open(path, false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or ArgumentException or InvalidOperationException)
        {
            throw new JobInputException($"'{name}' could not be read as a Word document ({ex.Message}). Re-save it as .docx.", ex);
        }
    }

    private static int Level(Paragraph paragraph, Dictionary<string, int> styles)
    {
        var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        return paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : (styleId is not null && styles.TryGetValue(styleId, out var l) ? l : 0);
    }

    private static bool IsListStyle(string? styleId) =>
        styleId is not null && (styleId.StartsWith("List", StringComparison.OrdinalIgnoreCase) || styleId.Contains("列表", StringComparison.Ordinal));

    /// <summary>Style id → heading level (1–9), or -1 for the Title style.</summary>
    private static Dictionary<string, int> StyleLevels(WordprocessingDocument document)
    {
        var levels = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var styles = document.MainDocumentPart?.StyleDefinitionsPart?.Styles;
        if (styles is not null)
        {
            foreach (var style in styles.Elements<Style>())
            {
                var id = style.StyleId?.Value;
                if (id is null)
                {
                    continue;
                }

                var name = style.StyleName?.Val?.Value ?? string.Empty;
                var outline = style.StyleParagraphProperties?.OutlineLevel?.Val?.Value;
                var level = LevelFromName(name);
                if (level == 0 && outline is { } o && o < 9)
                {
                    level = o + 1;
                }

                if (level != 0)
                {
                    levels[id] = level;
                }
            }
        }

        // Documents written without a styles part still use the built-in ids.
        for (var i = 1; i <= 9; i++)
        {
            levels.TryAdd("Heading" + i, i);
        }

        levels.TryAdd("Title", -1);
        return levels;
    }

    private static int LevelFromName(string name)
    {
        if (name.Equals("Title", StringComparison.OrdinalIgnoreCase) || name == "标题")
        {
            return -1;
        }

        var m = HeadingName().Match(name);
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^(?:heading|标题|überschrift|titre)\s*([1-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingName();
}
