using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Feedback;

/// <summary>
/// The rows of an Excel workbook (.xlsx), as survey tools and app-store consoles export feedback: the first worksheet
/// that has data, cells as text (shared and inline strings, numbers in invariant form, date-formatted numbers as ISO
/// dates, formulas by their cached value). Rows are streamed (SAX), so a sheet of 100,000 answers is not held as a DOM.
/// </summary>
internal static class FeedbackSpreadsheet
{
    // Built-in number formats that show a date or time (ECMA-376 §18.8.30).
    private static readonly HashSet<uint> BuiltInDateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    public static bool IsZip(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    public static (List<string[]> Rows, string Sheet) ReadRows(byte[] bytes, string displayName, CancellationToken ct)
    {
        try
        {
            return Read(bytes, displayName, ct);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FileFormatException or ArgumentException or InvalidOperationException or System.Xml.XmlException)
        {
            // The package is opened lazily, so a damaged or foreign part shows up while reading, not only at Open.
            throw new JobInputException($"{displayName} is a zip-based file but not an Excel workbook that can be read ({ex.Message}). Save the sheet as .xlsx or CSV (UTF-8) and try again.", ex);
        }
    }

    private static (List<string[]> Rows, string Sheet) Read(byte[] bytes, string displayName, CancellationToken ct)
    {
        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false))
        {
            var workbook = document.WorkbookPart ?? throw new JobInputException($"{displayName} is an Excel file without a workbook.");
            var strings = SharedStrings(workbook);
            var dateStyles = DateStyles(workbook);
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart part)
                {
                    continue; // a chart sheet
                }

                var rows = ReadSheet(part, strings, dateStyles, ct);
                if (rows.Count > 0)
                {
                    return (rows, sheet.Name?.Value ?? "Sheet1");
                }
            }

            throw new JobInputException($"{displayName} has no worksheet with data: there is no feedback to analyse.");
        }
    }

    private static List<string[]> ReadSheet(WorksheetPart part, List<string> strings, HashSet<uint> dateStyles, CancellationToken ct)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        bool inRow = false;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row))
            {
                if (reader.IsStartElement)
                {
                    inRow = true;
                    row.Clear();
                }
                else if (reader.IsEndElement && inRow)
                {
                    inRow = false;
                    if (row.Exists(v => !string.IsNullOrWhiteSpace(v)))
                    {
                        rows.Add([.. row]);
                        if ((rows.Count & 4095) == 0)
                        {
                            ct.ThrowIfCancellationRequested();
                        }
                    }
                }
            }
            else if (inRow && reader.ElementType == typeof(Cell) && reader.IsStartElement)
            {
                var cell = (Cell)reader.LoadCurrentElement()!;
                int column = ColumnIndex(cell.CellReference?.Value) ?? row.Count;
                while (row.Count < column)
                {
                    row.Add(string.Empty);
                }

                var value = CellText(cell, strings, dateStyles);
                if (column < row.Count)
                {
                    row[column] = value;
                }
                else
                {
                    row.Add(value);
                }
            }
        }

        return rows;
    }

    private static string CellText(Cell cell, List<string> strings, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && index >= 0 && index < strings.Count ? strings[index] : string.Empty;
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? raw ?? string.Empty;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if (raw is null)
        {
            return string.Empty;
        }

        // A number shown as a date is a day count since 1899-12-30 (Excel's 1900 date system).
        if ((type is null || type == CellValues.Number) && cell.StyleIndex?.Value is uint style && dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double days) && days is > 0 and < 2958466)
        {
            var date = DateTime.FromOADate(days);
            return date.TimeOfDay == TimeSpan.Zero
                ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        }

        return raw;
    }

    private static List<string> SharedStrings(WorkbookPart workbook)
    {
        var strings = new List<string>();
        var part = workbook.SharedStringTablePart;
        if (part is null)
        {
            return strings;
        }

        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                var item = (SharedStringItem)reader.LoadCurrentElement()!;
                // Rich text keeps its runs (r/t); phonetic guides (rPh) are not part of the text.
                var text = item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));
                strings.Add(text);
            }
        }

        return strings;
    }

    /// <summary>Indices of the cell formats (cellXfs) whose number format shows a date.</summary>
    private static HashSet<uint> DateStyles(WorkbookPart workbook)
    {
        var result = new HashSet<uint>();
        var stylesheet = workbook.WorkbookStylesPart?.Stylesheet;
        if (stylesheet?.CellFormats is null)
        {
            return result;
        }

        var custom = stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && f.FormatCode?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        uint index = 0;
        foreach (var format in stylesheet.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (BuiltInDateFormats.Contains(id) || (custom.TryGetValue(id, out var code) && IsDateFormat(code)))
            {
                result.Add(index);
            }

            index++;
        }

        return result;
    }

    /// <summary>A custom format that shows a date: y, d or m outside quoted text, brackets and escapes (and not an elapsed-time or number format).</summary>
    internal static bool IsDateFormat(string code)
    {
        bool quoted = false, bracket = false;
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '[')
            {
                bracket = true;
            }
            else if (!quoted && c == ']')
            {
                bracket = false;
            }
            else if (!quoted && !bracket && c == '\\')
            {
                i++;
            }
            else if (!quoted && !bracket && c is 'y' or 'Y' or 'd' or 'D' or 'e')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"C12" → 2 (zero-based column).</summary>
    internal static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        int column = 0, i = 0;
        while (i < reference.Length && char.IsAsciiLetter(reference[i]))
        {
            column = column * 26 + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
            i++;
        }

        return i == 0 || column > 16384 ? null : column - 1;
    }
}
