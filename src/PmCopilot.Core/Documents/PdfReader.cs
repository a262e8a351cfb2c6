using PmCopilot.Core.Jobs;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace PmCopilot.Core.Documents;

/// <summary>
/// PDF page by page with PdfPig: each page becomes one section referenced "p. N" as it is read, so memory stays
/// bounded by one page whatever the length. Pages with no extractable text (scans) are counted and reported.
/// </summary>
internal static class PdfReader
{
    public static DocumentContent Open(string path)
    {
        var name = Path.GetFileName(path);
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true });
        }
        catch (Exception ex) when (IsPdfFailure(ex))
        {
            throw new JobInputException($"'{name}' could not be read as a PDF ({ex.Message}). It may be damaged or encrypted; try re-saving or printing it to PDF.", ex);
        }

        var title = document.Information?.Title;
        return new DocumentContent(
            string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(path) : title.Trim(),
            SourceFormat.Pdf,
            content => Pages(document, name, content),
            document.NumberOfPages);
    }

    private static IEnumerable<DocumentSection> Pages(PdfDocument document, string name, DocumentContent content)
    {
        using (document)
        {
            var empty = 0;
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                string text;
                try
                {
                    var page = document.GetPage(number);
                    text = ContentOrderTextExtractor.GetText(page);
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        text = string.Join(' ', page.GetWords().Select(w => w.Text));
                    }
                }
                catch (Exception ex) when (IsPdfFailure(ex))
                {
                    throw new JobInputException($"'{name}': page {number} could not be read ({ex.Message}).", ex);
                }

                text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
                if (text.Length == 0)
                {
                    empty++;
                    continue;
                }

                yield return new DocumentSection([$"p. {number}"], $"p. {number}", text) { Page = number };
            }

            if (empty == document.NumberOfPages)
            {
                throw new JobInputException($"'{name}' has no extractable text on any of its {empty} pages (a scan?). Run OCR on it first.");
            }

            if (empty > 0)
            {
                content.Warnings.Add($"{empty} of {document.NumberOfPages} pages had no extractable text (scanned images?) and were skipped.");
            }
        }
    }

    private static bool IsPdfFailure(Exception ex) =>
        ex is PdfDocumentFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
            or InvalidCastException or KeyNotFoundException or NotSupportedException or NullReferenceException or EndOfStreamException;
}
