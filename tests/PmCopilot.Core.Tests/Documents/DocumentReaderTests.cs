using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PmCopilot.Core.Documents;
using PmCopilot.Core.Jobs;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace PmCopilot.Core.Tests.Documents;

public sealed class DocumentReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pmc-docs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Markdown_sections_carry_heading_paths_and_numbers()
    {
        var md = "# Brief\n\nIntro text here.\n\n## Problem\n\nIt hurts.\n\n### Evidence\n\n- 40% churn.\n\n```\ncode is skipped\n```\n\n## 3. Plan\n\nShip it.\n\n## Risks\n\nFew.\n";
        var content = DocumentReader.FromText(md, "brief.md");
        var sections = content.Sections.ToList();

        Assert.Equal("Brief", content.Title);
        Assert.Equal(["§0", "§1", "§1.1", "§3", "§4"], sections.Select(s => s.Reference));
        Assert.Equal(["Problem", "Evidence"], sections[2].HeadingPath);
        Assert.Equal("40% churn.", sections[2].Text);
        Assert.DoesNotContain(sections, s => s.Text.Contains("code is skipped", StringComparison.Ordinal));
        Assert.Equal(5, sections[1].Line);
    }

    [Fact]
    public void Html_keeps_headings_and_drops_scripts_styles_and_comments()
    {
        var html = """
            <!doctype html><html><head><title>Launch notes</title><style>h1{color:red}</style></head>
            <body><script>var secret = "do not show";</script>
            <h1>Launch notes</h1><p>We shipped &amp; measured.</p><!-- hidden comment -->
            <h2>Results</h2><p>Activation rose to 41%.</p><ul><li>First</li><li>Second</li></ul>
            <table><tr><th>Metric</th><th>Value</th></tr><tr><td>NPS</td><td>42</td></tr></table>
            </body></html>
            """;
        var content = DocumentReader.FromText(html, "notes.html");
        var sections = content.Sections.ToList();
        var all = string.Join("\n", sections.Select(s => s.Text));

        Assert.Equal("Launch notes", content.Title);
        Assert.Contains("We shipped & measured.", all, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("color", all, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden comment", all, StringComparison.Ordinal);
        var results = Assert.Single(sections, s => s.Heading == "Results");
        Assert.Contains("Activation rose to 41%.", results.Text, StringComparison.Ordinal);
        Assert.Contains("NPS", results.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_uses_numbered_headings_or_line_blocks()
    {
        var numbered = DocumentReader.FromText("Title line\n\n1. Introduction\n\nSome words.\n\n2. Scope\n\nMore words.\n\n第三章 风险\n\n风险很多。\n", "a.txt").Sections.ToList();
        Assert.Equal(["§1", "§2", "§3"], numbered.Select(s => s.Reference));

        var plain = string.Join("\n", Enumerable.Range(1, 100).Select(i => $"Line {i} of a long note without headings."));
        var blocks = DocumentReader.FromText(plain, "b.txt").Sections.ToList();
        Assert.Equal("l. 1", blocks[0].Reference);
        Assert.True(blocks.Count >= 2);
        Assert.StartsWith("l. ", blocks[1].Reference, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_text_headings_in_capitals_underlined_or_as_labels_start_sections()
    {
        var capitals = DocumentReader.FromText("Runbook: nightly load\n\nOVERVIEW\nThe job loads events.\n\nROLLBACK PROCEDURE\nStop the job first.\n", "r.txt").Sections.ToList();
        Assert.Equal(["OVERVIEW", "ROLLBACK PROCEDURE"], capitals.Select(s => s.Heading));
        Assert.Equal("Stop the job first.", capitals[1].Text);

        var underlined = DocumentReader.FromText("Weekly notes\n\nDecisions\n=========\nWe ship on Friday.\n\nRisks\n-----\nThe vendor is late.\n", "n.txt").Sections.ToList();
        Assert.Equal(["Decisions", "Risks"], underlined.Select(s => s.Heading));
        Assert.DoesNotContain("===", underlined[0].Text, StringComparison.Ordinal);

        var labels = DocumentReader.FromText("Hi all,\n\nBackground:\nSales asked for SSO.\n\nNext steps:\nShip in May.\n\n背景：\n客户要求单点登录。\n", "e.txt").Sections.ToList();
        Assert.Equal(["Background:", "Next steps:", "背景："], labels.Where(s => s.HeadingPath.Count > 0).Select(s => s.Heading));
    }

    [Theory]
    [InlineData("The plan: ship in May, then measure.")]          // a sentence with a colon is prose
    [InlineData("NOTE this is a sentence in capitals that ends.")] // ends with a period
    public void Prose_is_not_taken_for_a_heading(string line)
    {
        var sections = DocumentReader.FromText($"Title\n\n{line}\nMore text follows here.\n\nOther text.\n", "p.txt").Sections.ToList();
        Assert.All(sections, s => Assert.Empty(s.HeadingPath));
    }

    [Fact]
    public void Docx_headings_come_from_styles_including_localised_names()
    {
        var path = Path.Combine(_dir, "spec.docx");
        using (var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var stylesPart = main.AddNewPart<StyleDefinitionsPart>();
            stylesPart.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { StyleId = "Heading1", Type = StyleValues.Paragraph },
                new Style(new StyleName { Val = "标题 2" }) { StyleId = "2", Type = StyleValues.Paragraph },
                new Style(new StyleName { Val = "Title" }) { StyleId = "Title", Type = StyleValues.Paragraph });
            main.Document = new Document(new Body(
                Para("Smart replies spec", "Title"),
                Para("Background", "Heading1"),
                Para("Agents type the same answers every day."),
                Para("Evidence", "2"),
                Para("Thirty percent of replies are copies."),
                new Table(new TableRow(new TableCell(Para("Metric")), new TableCell(Para("Value"))), new TableRow(new TableCell(Para("Copies")), new TableCell(Para("30%")))),
                Para("Plan", "Heading1"),
                Para("Suggest three replies.")));
        }

        var content = DocumentReader.Open(path);
        var sections = content.Sections.ToList();
        Assert.Equal(SourceFormat.Docx, content.Format);
        Assert.Equal("Smart replies spec", content.Title);
        Assert.Equal(["§1", "§1.1", "§2"], sections.Select(s => s.Reference));
        Assert.Equal(["Background", "Evidence"], sections[1].HeadingPath);
        Assert.Contains("Copies | 30%", sections[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_is_read_page_by_page_with_page_references()
    {
        var path = Path.Combine(_dir, "long.pdf");
        File.WriteAllBytes(path, BuildPdf(12));

        var content = DocumentReader.Open(path);
        Assert.Equal(12, content.PageCount);
        var sections = content.Sections.ToList();
        Assert.Equal(12, sections.Count);
        Assert.Equal("p. 7", sections[6].Reference);
        Assert.Equal(7, sections[6].Page);
        Assert.Contains("page 7", sections[6].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_files_are_clear_input_errors()
    {
        Assert.Contains("not found", Assert.Throws<JobInputException>(() => DocumentReader.Open(Path.Combine(_dir, "nope.md"))).Message, StringComparison.Ordinal);
        Assert.Contains("folder", Assert.Throws<JobInputException>(() => DocumentReader.Open(_dir)).Message, StringComparison.Ordinal);

        var empty = Path.Combine(_dir, "empty.md");
        File.WriteAllText(empty, string.Empty);
        Assert.Contains("empty", Assert.Throws<JobInputException>(() => DocumentReader.Open(empty)).Message, StringComparison.Ordinal);

        var fakePdf = Path.Combine(_dir, "fake.pdf");
        File.WriteAllText(fakePdf, "just text");
        Assert.Contains("PDF", Assert.Throws<JobInputException>(() => DocumentReader.Open(fakePdf)).Message, StringComparison.Ordinal);

        var brokenPdf = Path.Combine(_dir, "broken.pdf");
        File.WriteAllBytes(brokenPdf, "%PDF-1.7\n garbage garbage"u8.ToArray());
        Assert.Throws<JobInputException>(() => DocumentReader.Open(brokenPdf).Sections.ToList());

        var binary = Path.Combine(_dir, "tool.bin");
        File.WriteAllBytes(binary, [0x7F, 0x45, 0x4C, 0x46, 0, 0, 0, 1, 2, 3]);
        Assert.Contains("binary", Assert.Throws<JobInputException>(() => DocumentReader.Open(binary)).Message, StringComparison.Ordinal);

        var zip = Path.Combine(_dir, "archive.zip");
        File.WriteAllBytes(zip, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);
        Assert.Contains(".docx", Assert.Throws<JobInputException>(() => DocumentReader.Open(zip)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_prd_reads_as_markdown_the_prd_linter_understands()
    {
        var path = Path.Combine(_dir, "prd.docx");
        using (var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var stylesPart = main.AddNewPart<StyleDefinitionsPart>();
            stylesPart.Styles = new Styles(
                new Style(new StyleName { Val = "heading 1" }) { StyleId = "Heading1", Type = StyleValues.Paragraph },
                new Style(new StyleName { Val = "List Bullet" }) { StyleId = "ListBullet", Type = StyleValues.Paragraph },
                new Style(new StyleName { Val = "Title" }) { StyleId = "Title", Type = StyleValues.Paragraph });
            main.Document = new Document(new Body(
                Para("Saved searches PRD", "Title"),
                Para("Problem", "Heading1"),
                Para("Analysts rebuild the same filters every morning."),
                Para("Requirements", "Heading1"),
                Para("The system should be fast and user-friendly.", "ListBullet"),
                Para("Users can save up to 20 searches.", "ListBullet"),
                Para("Success metrics", "Heading1"),
                new Table(new TableRow(new TableCell(Para("Metric")), new TableCell(Para("Target"))), new TableRow(new TableCell(Para("Weekly active savers")), new TableCell(Para("30% | of analysts")))),
                Para("", null)));
        }

        var markdown = DocumentReader.WordToMarkdown(path);

        Assert.StartsWith("# Saved searches PRD\n\n## Problem\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Requirements\n\n- The system should be fast and user-friendly.\n- Users can save up to 20 searches.\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Metric | Target |\n| --- | --- |\n| Weekly active savers | 30% \\| of analysts |", markdown, StringComparison.Ordinal);
        var findings = PmCopilot.Core.Prd.PrdLinter.Lint(markdown);
        // The vague requirement is found on its line of the Markdown.
        var vague = Assert.Single(findings, d => d.Message.Contains("fast", StringComparison.OrdinalIgnoreCase) || d.Message.Contains("user-friendly", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("- The system should be fast and user-friendly.", markdown.Split('\n')[vague.StartLine]);

        var notWord = Path.Combine(_dir, "fake.docx");
        File.WriteAllText(notWord, "plain text");
        Assert.Throws<JobInputException>(() => DocumentReader.WordToMarkdown(notWord));
    }

    [Fact]
    public void Pdf_headings_set_larger_or_in_bold_join_the_page_heading_path()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);
        var first = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        first.AddText("Executive summary", 18, new PdfPoint(50, 790), regular);
        first.AddText("Churn fell to 3.1% after the pricing change in March.", 11, new PdfPoint(50, 760), regular);
        first.AddText("We recommend keeping the annual plan discount.", 11, new PdfPoint(50, 745), regular);
        first.AddText("Next steps", 11, new PdfPoint(50, 715), bold);
        first.AddText("Finance reviews the forecast in May and reports back.", 11, new PdfPoint(50, 700), regular);
        var second = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        second.AddText("Revenue grew in every region compared with the previous quarter.", 11, new PdfPoint(50, 780), regular);
        second.AddText("Support tickets per customer fell for the second quarter running.", 11, new PdfPoint(50, 765), regular);
        var path = Path.Combine(_dir, "report.pdf");
        File.WriteAllBytes(path, builder.Build());

        var sections = DocumentReader.Open(path).Sections.ToList();
        Assert.Equal(["p. 1", "Executive summary", "Next steps"], sections[0].HeadingPath);
        Assert.Equal(["p. 2"], sections[1].HeadingPath);
        Assert.Equal("p. 1", sections[0].Reference);
    }

    internal static byte[] BuildPdf(int pages, Func<int, string>? line = null)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 1; i <= pages; i++)
        {
            var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            page.AddText(line?.Invoke(i) ?? $"This is page {i} of the quarterly report.", 11, new PdfPoint(50, 780), font);
            page.AddText($"Revenue in region {i % 7} grew by {i % 13} percent compared with the previous quarter.", 11, new PdfPoint(50, 760), font);
        }

        return builder.Build();
    }

    private static Paragraph Para(string text, string? style = null)
    {
        var p = new Paragraph(new Run(new Text(text)));
        if (style is not null)
        {
            p.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
        }

        return p;
    }
}
