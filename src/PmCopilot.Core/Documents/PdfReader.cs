using PmCopilot.Core.Jobs;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace PmCopilot.Core.Documents;

/// <summary>
/// PDF page by page with PdfPig: each page becomes one section referenced "p. N" as it is read, so memory stays
/// bounded by one page whatever the length. Pages with no extractable text (scans) are counted and reported. A page's
/// headings — short lines set clearly larger than its body text, or wholly in bold — join its heading path
/// ("p. 3 > Executive summary"), so the outline names them and the summary can tell an author's summary page.
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
                IReadOnlyList<string> headings;
                try
                {
                    var page = document.GetPage(number);
                    headings = Headings(page);
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

                yield return new DocumentSection([$"p. {number}", .. headings], $"p. {number}", text) { Page = number };
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

    private const int MaxHeadingsPerPage = 3;

    /// <summary>Lines at least 15% larger than the page's body text, or entirely bold, short and not ending a sentence.</summary>
    internal static IReadOnlyList<string> Headings(Page page)
    {
        // Cheap test on the letters first: most pages have one size and no bold, and need no word extraction.
        var letterSizes = page.Letters.Where(l => l.PointSize > 0 && !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.PointSize).ToList();
        if (letterSizes.Count == 0 || (letterSizes.Max() < letterSizes.Min() * 1.15 && !page.Letters.Any(IsBold)))
        {
            return [];
        }

        var words = page.GetWords().Where(w => w.Letters.Count > 0 && w.Text.Any(char.IsLetterOrDigit)).ToList();
        if (words.Count < 3)
        {
            return [];
        }

        var sizes = words.SelectMany(w => w.Letters).Select(l => l.PointSize).Where(p => p > 0).Order().ToList();
        if (sizes.Count == 0)
        {
            return [];
        }

        var body = sizes[sizes.Count / 2];
        var allLetters = words.SelectMany(w => w.Letters).ToList();
        var mostlyBold = allLetters.Count(IsBold) * 2 > allLetters.Count; // a page set in bold has no bold headings
        var lines = new List<List<Word>>();
        foreach (var word in words.OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left))
        {
            var line = lines.Count > 0 ? lines[^1] : null;
            if (line is not null && Math.Abs(line[0].BoundingBox.Bottom - word.BoundingBox.Bottom) <= body * 0.5)
            {
                line.Add(word);
            }
            else
            {
                lines.Add([word]);
            }
        }

        var headings = new List<string>();
        foreach (var line in lines)
        {
            var text = string.Join(' ', line.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)).Trim();
            var letters = line.SelectMany(w => w.Letters).ToList();
            var size = letters.Average(l => l.PointSize);
            var bold = !mostlyBold && letters.All(IsBold);
            var endsSentence = text.EndsWith('.') || text.EndsWith('。') || text.EndsWith(',') || text.EndsWith('，') || text.EndsWith(':') || text.EndsWith('：');
            if (text.Length is > 1 and <= 80 && line.Count <= 12 && !endsSentence && (size >= body * 1.15 || (bold && line.Count <= 8)))
            {
                headings.Add(text);
                if (headings.Count == MaxHeadingsPerPage)
                {
                    break;
                }
            }
        }

        return headings;
    }

    private static bool IsBold(Letter letter) => letter.FontName?.Contains("Bold", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsPdfFailure(Exception ex) =>
        ex is PdfDocumentFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException
            or InvalidCastException or KeyNotFoundException or NotSupportedException or NullReferenceException or EndOfStreamException;
}
