using DocumentFormat.OpenXml.Packaging;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace PmCopilot.Core.Tests.Documents;

/// <summary>Slide decks, as PMs are handed them: titles, bullets, tables, speaker notes, hidden slides.</summary>
public sealed class PptxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmc-pptx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Slides_are_sections_in_show_order_with_titles_tables_and_notes()
    {
        var path = Path.Combine(_dir, "review.pptx");
        WriteDeck(path,
            new Slide("Q3 review: AI search", ["Prepared by the search team"], Notes: null),
            new Slide("Results", ["Search success rose from 61% to 74%.", "Zero-result queries fell by a third."], Notes: "Stress that the gain held for Chinese queries too.", Table: [["Metric", "Before", "After"], ["Success", "61%", "74%"]]),
            new Slide("Backup numbers", ["Do not show"], Notes: null, Hidden: true),
            new Slide("Decision", ["We roll out to all users on 15 January."], Notes: null),
            new Slide(null, ["An untitled slide still counts."], Notes: null));

        var content = DocumentReader.Open(path);
        var sections = content.Sections.ToList();

        Assert.Equal(SourceFormat.Pptx, content.Format);
        Assert.Equal("Q3 review: AI search", content.Title);
        Assert.Equal(["slide 1", "slide 2", "slide 4", "slide 5"], sections.Select(s => s.Reference));
        Assert.Equal("Results", sections[1].Heading);
        Assert.Contains("Search success rose from 61% to 74%.", sections[1].Text, StringComparison.Ordinal);
        Assert.Contains("Success | 61% | 74%", sections[1].Text, StringComparison.Ordinal);
        Assert.Contains("Stress that the gain held for Chinese queries too.", sections[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(sections, s => s.Text.Contains("Do not show", StringComparison.Ordinal));
        Assert.DoesNotContain(sections, s => s.Text.Contains("‹#›", StringComparison.Ordinal));
        Assert.Empty(sections[3].HeadingPath);
        Assert.Contains(content.Warnings, w => w.Contains("1 hidden slide", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deck_is_summarised_with_slide_references()
    {
        var path = Path.Combine(_dir, "launch.pptx");
        WriteDeck(path,
            new Slide("Launch plan", ["Assistant for support agents"], Notes: null),
            new Slide("Problem", ["Agents spend 40% of each ticket searching old answers.", "New agents take six weeks to reach target speed."], Notes: null),
            new Slide("Summary", ["We decided to launch the assistant to 200 agents on 3 March.", "The main risk is wrong answers sent without review."], Notes: "Ask for the budget of 30,000 dollars."));

        var summary = await DocumentSummarizer.SummarizeAsync(new DocumentSummaryRequest(Path: path, MaxSentences: 3), null, null, TestContext.Current.CancellationToken);

        Assert.Equal(SourceFormat.Pptx, summary.Format);
        Assert.NotEmpty(summary.KeySentences);
        Assert.All(summary.KeySentences, s => Assert.Matches(@"^slide \d+$", s.Reference));
        Assert.Contains(summary.KeySentences, s => s.Text.Contains("decided to launch", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pptx_that_is_something_else_is_a_clear_error()
    {
        var renamed = Path.Combine(_dir, "notes.pptx");
        File.WriteAllText(renamed, "just some text");
        Assert.Contains("does not start like", Assert.Throws<JobInputException>(() => DocumentReader.Open(renamed)).Message, StringComparison.Ordinal);

        var word = Path.Combine(_dir, "memo.pptx");
        using (var document = WordprocessingDocument.Create(word, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body());
        }

        Assert.Contains("PowerPoint", Assert.Throws<JobInputException>(() => DocumentReader.Open(word)).Message, StringComparison.Ordinal);

        var empty = Path.Combine(_dir, "empty.pptx");
        WriteDeck(empty, new Slide(null, [], Notes: null));
        Assert.Contains("no text", Assert.Throws<JobInputException>(() => DocumentReader.Open(empty).Sections.ToList()).Message, StringComparison.Ordinal);
    }

    private sealed record Slide(string? Title, string[] Bullets, string? Notes, string[][]? Table = null, bool Hidden = false);

    /// <summary>A deck with what the reader looks at: slide order, placeholders, a table frame, a notes page, a slide number.</summary>
    private static void WriteDeck(string path, params Slide[] slides)
    {
        using var document = PresentationDocument.Create(path, DocumentFormat.OpenXml.PresentationDocumentType.Presentation);
        var presentation = document.AddPresentationPart();
        var ids = new P.SlideIdList();
        uint id = 256;
        foreach (var slide in slides)
        {
            var part = presentation.AddNewPart<SlidePart>();
            var tree = new P.ShapeTree(
                new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                new P.GroupShapeProperties());
            uint shapeId = 2;
            if (slide.Title is not null)
            {
                tree.Append(Shape(shapeId++, P.PlaceholderValues.Title, [slide.Title]));
            }

            if (slide.Bullets.Length > 0)
            {
                tree.Append(Shape(shapeId++, P.PlaceholderValues.Body, slide.Bullets));
            }

            tree.Append(Shape(shapeId++, P.PlaceholderValues.SlideNumber, ["‹#›"]));
            if (slide.Table is { } rows)
            {
                var table = new A.Table(new A.TableGrid(rows[0].Select(_ => new A.GridColumn { Width = 1000000 })));
                foreach (var row in rows)
                {
                    var tableRow = new A.TableRow { Height = 300000 };
                    foreach (var cell in row)
                    {
                        tableRow.Append(new A.TableCell(new A.TextBody(new A.BodyProperties(), new A.Paragraph(new A.Run(new A.Text(cell))))));
                    }

                    table.Append(tableRow);
                }

                tree.Append(new P.GraphicFrame(
                    new P.NonVisualGraphicFrameProperties(new P.NonVisualDrawingProperties { Id = shapeId++, Name = "Table" }, new P.NonVisualGraphicFrameDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                    new P.Transform(),
                    new A.Graphic(new A.GraphicData(table) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/table" })));
            }

            part.Slide = new P.Slide(new P.CommonSlideData(tree));
            if (slide.Hidden)
            {
                part.Slide.Show = false;
            }

            if (slide.Notes is { } notes)
            {
                var notesPart = part.AddNewPart<NotesSlidePart>();
                var notesTree = new P.ShapeTree(
                    new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = "" }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
                    new P.GroupShapeProperties(),
                    Shape(2, P.PlaceholderValues.SlideImage, []),
                    Shape(3, P.PlaceholderValues.Body, [notes]));
                notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(notesTree));
            }

            ids.Append(new P.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(part) });
        }

        presentation.Presentation = new P.Presentation(ids);
    }

    private static P.Shape Shape(uint id, P.PlaceholderValues placeholder, string[] paragraphs)
    {
        var body = new P.TextBody(new A.BodyProperties(), new A.ListStyle());
        if (paragraphs.Length == 0)
        {
            body.Append(new A.Paragraph());
        }

        foreach (var paragraph in paragraphs)
        {
            body.Append(new A.Paragraph(new A.Run(new A.Text(paragraph))));
        }

        return new P.Shape(
            new P.NonVisualShapeProperties(
                new P.NonVisualDrawingProperties { Id = id, Name = "Placeholder " + id },
                new P.NonVisualShapeDrawingProperties(),
                new P.ApplicationNonVisualDrawingProperties(new P.PlaceholderShape { Type = placeholder })),
            new P.ShapeProperties(),
            body);
    }
}
