using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using PmCopilot.Core.Jobs;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace PmCopilot.Core.Documents;

/// <summary>
/// PowerPoint decks with OpenXml: one section per slide in show order ("slide 3"), the slide's title placeholder as
/// its heading, then its text boxes, tables (one line per row) and speaker notes, where presenters often write the
/// argument the slide only lists. Hidden slides are left out and counted in a warning.
/// </summary>
internal static class PptxReader
{
    public static DocumentContent Open(string path)
    {
        var name = Path.GetFileName(path);
        try
        {
            return Read(path, name);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            throw new JobInputException($"'{name}' could not be read as a PowerPoint deck ({ex.Message}). Re-save it as .pptx or export it to PDF.", ex);
        }
    }

    private static DocumentContent Read(string path, string name)
    {
        using var document = PresentationDocument.Open(path, false);
        var presentation = document.PresentationPart ?? throw new JobInputException($"'{name}' has no slides.");
        var sections = new List<DocumentSection>();
        int number = 0, hidden = 0;
        string? firstTitle = null;
        foreach (var slideId in presentation.Presentation?.SlideIdList?.Elements<P.SlideId>() ?? [])
        {
            if (slideId.RelationshipId?.Value is not { } relationship || presentation.GetPartById(relationship) is not SlidePart slide)
            {
                continue;
            }

            number++;
            if (slide.Slide?.Show?.Value == false)
            {
                hidden++;
                continue;
            }

            var (title, body) = SlideText(slide);
            firstTitle ??= title;
            var notes = NotesText(slide);
            if (notes.Length > 0)
            {
                body.Append(notes);
            }

            var text = body.ToString().Trim();
            if (text.Length == 0 && title is null)
            {
                continue;
            }

            // A title-only slide (a section divider) still names what follows; its title is its text.
            sections.Add(new DocumentSection(title is null ? [] : [title], $"slide {number}", text.Length > 0 ? text : title!));
        }

        if (sections.Count == 0)
        {
            throw new JobInputException(hidden > 0 ? $"'{name}' has text only on hidden slides." : $"'{name}' contains no text.");
        }

        var deckTitle = document.PackageProperties.Title;
        var content = new DocumentContent(
            string.IsNullOrWhiteSpace(deckTitle) ? firstTitle ?? Path.GetFileNameWithoutExtension(path) : deckTitle.Trim(),
            SourceFormat.Pptx,
            sections);
        if (hidden > 0)
        {
            content.Warnings.Add($"{hidden} hidden slide(s) left out.");
        }

        return content;
    }

    private static (string? Title, StringBuilder Body) SlideText(SlidePart slide)
    {
        string? title = null;
        var body = new StringBuilder();
        var tree = slide.Slide?.CommonSlideData?.ShapeTree;
        if (tree is null)
        {
            return (null, body);
        }

        foreach (var element in tree.Descendants())
        {
            switch (element)
            {
                case P.Shape shape when shape.TextBody is { } textBody:
                    var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
                    if (title is null && (placeholder == P.PlaceholderValues.Title || placeholder == P.PlaceholderValues.CenteredTitle)
                        && string.Join(" ", Paragraphs(textBody)) is { Length: > 0 } titleText)
                    {
                        title = titleText;
                        break;
                    }

                    // Slide numbers, dates and footers repeat on every slide.
                    if (placeholder == P.PlaceholderValues.SlideNumber || placeholder == P.PlaceholderValues.DateAndTime || placeholder == P.PlaceholderValues.Footer)
                    {
                        break;
                    }

                    foreach (var paragraph in Paragraphs(textBody))
                    {
                        body.Append(paragraph).Append('\n');
                    }

                    body.Append('\n');
                    break;
                case A.Table table:
                    foreach (var row in table.Elements<A.TableRow>())
                    {
                        body.AppendJoin(" | ", row.Elements<A.TableCell>().Select(c => string.Join(" ", c.TextBody is null ? [] : Paragraphs(c.TextBody)))).Append('\n');
                    }

                    body.Append('\n');
                    break;
            }
        }

        return (title, body);
    }

    private static string NotesText(SlidePart slide)
    {
        var tree = slide.NotesSlidePart?.NotesSlide?.CommonSlideData?.ShapeTree;
        if (tree is null)
        {
            return string.Empty;
        }

        var notes = new StringBuilder();
        foreach (var shape in tree.Descendants<P.Shape>())
        {
            // The notes page also holds a picture of the slide and its number; only the body placeholder is the notes.
            var placeholder = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
            if (placeholder != P.PlaceholderValues.Body || shape.TextBody is null)
            {
                continue;
            }

            foreach (var paragraph in Paragraphs(shape.TextBody))
            {
                notes.Append(paragraph).Append('\n');
            }
        }

        return notes.Length == 0 ? string.Empty : "\n" + notes.ToString();
    }

    /// <summary>Each paragraph's text, line breaks as spaces; empty paragraphs dropped.</summary>
    private static IEnumerable<string> Paragraphs(OpenXmlElement textBody)
    {
        foreach (var paragraph in textBody.Elements<A.Paragraph>())
        {
            var text = new StringBuilder();
            foreach (var child in paragraph.ChildElements)
            {
                switch (child)
                {
                    case A.Run run:
                        text.Append(run.Text?.Text);
                        break;
                    case A.Field field:
                        text.Append(field.Text?.Text);
                        break;
                    case A.Break:
                        text.Append(' ');
                        break;
                }
            }

            var line = text.ToString().Trim();
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
