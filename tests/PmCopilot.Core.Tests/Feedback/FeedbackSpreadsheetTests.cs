using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PmCopilot.Core.Feedback;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Tests.Feedback;

/// <summary>Feedback exported as an Excel workbook, as survey tools and app-store consoles write it.</summary>
public class FeedbackSpreadsheetTests
{
    [Fact]
    public async Task A_workbook_is_read_with_shared_and_inline_strings_numbers_and_dates()
    {
        using var files = new FeedbackTestFiles();
        var path = files.WriteBytes("survey.xlsx", Workbook(
            ("Responses",
            [
                [S("Submitted"), S("Score"), S("What could we do better?")],
                [D(new DateTime(2026, 11, 2)), N(2), S("The app crashes when I upload a photo")],
                [D(new DateTime(2026, 11, 3)), N(5), I("Love the new search, it's fast")],
                [D(new DateTime(2026, 11, 20)), N(1), S("同步以后步数变成0了，数据全没了")],
                [D(new DateTime(2026, 11, 21)), null, S("Please add an export to PDF")],
            ])));

        var loaded = await FeedbackLoader.LoadAsync(new FeedbackRequest(Path: path), TestContext.Current.CancellationToken);

        Assert.Equal("xlsx", loaded.Format);
        Assert.Equal(4, loaded.Items.Count);
        Assert.Equal("What could we do better?", loaded.Columns.Text);
        Assert.Equal("The app crashes when I upload a photo", loaded.Items[0].Text);
        Assert.Equal("Love the new search, it's fast", loaded.Items[1].Text);
        Assert.Equal(new DateTime(2026, 11, 2), loaded.Items[0].Date?.Date);
        Assert.Equal(2, loaded.Items[0].Rating);
        Assert.Null(loaded.Items[3].Rating);

        var report = await FeedbackAnalyzer.AnalyzeAsync(new FeedbackRequest(Path: path), ct: TestContext.Current.CancellationToken);
        Assert.Equal(4, report.AnalyzedItems);
        Assert.Equal(FeedbackCategory.Bug, report.Items.Single(i => i.Text.StartsWith("The app crashes", StringComparison.Ordinal)).Category);
    }

    [Fact]
    public async Task The_first_sheet_with_data_is_used_and_gaps_keep_their_columns()
    {
        using var files = new FeedbackTestFiles();
        var path = files.WriteBytes("export.xlsx", Workbook(
            ("Cover", []),
            ("Reviews",
            [
                [S("id"), null, S("review")],
                [N(1), null, S("Checkout keeps failing with error 500")],
                [N(2), null, S("Shipping took nine days, far too slow")],
            ])));

        var loaded = await FeedbackLoader.LoadAsync(new FeedbackRequest(Path: path), TestContext.Current.CancellationToken);
        Assert.Equal(2, loaded.Items.Count);
        Assert.Equal("review", loaded.Columns.Text);
        Assert.Equal("Shipping took nine days, far too slow", loaded.Items[1].Text);
    }

    [Fact]
    public async Task A_zip_that_is_not_a_workbook_and_a_workbook_without_data_are_clear_errors()
    {
        using var files = new FeedbackTestFiles();
        using (var stream = new MemoryStream())
        {
            using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
            {
                word.AddMainDocumentPart().Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body());
            }

            var docx = files.WriteBytes("notes.xlsx", stream.ToArray());
            var error = await Assert.ThrowsAsync<JobInputException>(() => FeedbackLoader.LoadAsync(new FeedbackRequest(Path: docx), TestContext.Current.CancellationToken));
            Assert.Contains("not an Excel workbook", error.Message, StringComparison.Ordinal);
        }

        var empty = files.WriteBytes("empty.xlsx", Workbook(("Sheet1", [])));
        var noData = await Assert.ThrowsAsync<JobInputException>(() => FeedbackLoader.LoadAsync(new FeedbackRequest(Path: empty), TestContext.Current.CancellationToken));
        Assert.Contains("no worksheet with data", noData.Message, StringComparison.Ordinal);

        // Told it is CSV, a workbook is not read as text.
        var book = files.WriteBytes("book.xlsx", Workbook(("Sheet1", [[S("text")], [S("fine")]])));
        var asCsv = await Assert.ThrowsAsync<JobInputException>(() => FeedbackLoader.LoadAsync(new FeedbackRequest(Path: book, FormatHint: "csv"), TestContext.Current.CancellationToken));
        Assert.Contains("zip-based", asCsv.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yyyy-mm-dd", true)]
    [InlineData("d/m/yy h:mm", true)]
    [InlineData("[$-409]mmmm d, yyyy", true)]
    [InlineData("0.00%", false)]
    [InlineData("#,##0 \"days\"", false)] // "days" is quoted text, not a day field
    [InlineData("[h]:mm:ss", false)]
    [InlineData("0.0\\d", false)]
    public void Date_formats_are_told_from_number_formats(string code, bool expected) =>
        Assert.Equal(expected, FeedbackSpreadsheet.IsDateFormat(code));

    [Theory]
    [InlineData("A1", 0)]
    [InlineData("Z9", 25)]
    [InlineData("AA10", 26)]
    [InlineData("XFD1", 16383)]
    public void Column_letters_are_zero_based_indices(string reference, int expected) =>
        Assert.Equal(expected, FeedbackSpreadsheet.ColumnIndex(reference));

    private abstract record CellSpec;

    private sealed record SharedText(string Value) : CellSpec;

    private sealed record InlineText(string Value) : CellSpec;

    private sealed record NumberCell(double Value) : CellSpec;

    private sealed record DateCell(DateTime Value) : CellSpec;

    private static SharedText S(string value) => new(value);

    private static InlineText I(string value) => new(value);

    private static NumberCell N(double value) => new(value);

    private static DateCell D(DateTime value) => new(value);

    /// <summary>A workbook as Excel writes one: shared strings, a date style (built-in format 14), cell references.</summary>
    private static byte[] Workbook(params (string Name, CellSpec?[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sharedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            string Shared(string value)
            {
                if (!sharedIndex.TryGetValue(value, out int index))
                {
                    index = sharedIndex.Count;
                    sharedIndex[value] = index;
                    shared.SharedStringTable.Append(new SharedStringItem(new Text(value)));
                }

                return index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                for (int r = 0; r < rows.Length; r++)
                {
                    var row = new Row { RowIndex = (uint)(r + 1) };
                    for (int c = 0; c < rows[r].Length; c++)
                    {
                        if (rows[r][c] is not { } spec)
                        {
                            continue;
                        }

                        var reference = $"{(char)('A' + c)}{r + 1}";
                        row.Append(spec switch
                        {
                            SharedText t => new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(t.Value)) },
                            InlineText t => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(t.Value)) },
                            NumberCell n => new Cell { CellReference = reference, CellValue = new CellValue(n.Value) },
                            DateCell d => new Cell { CellReference = reference, StyleIndex = 1, CellValue = new CellValue(d.Value.ToOADate()) },
                            _ => throw new InvalidOperationException(),
                        });
                    }

                    data.Append(row);
                }

                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId++, Name = name });
            }
        }

        return stream.ToArray();
    }
}
