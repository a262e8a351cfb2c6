using PmCopilot.Core.Jobs;

namespace PmCopilot.Core.Documents;

/// <summary>
/// Opens Markdown, plain text, PDF, DOCX, PPTX and HTML as <see cref="DocumentContent"/>. The format comes from the file's
/// first bytes (PDF and ZIP signatures), then its extension; anything the readers cannot use is refused with a
/// <see cref="JobInputException"/> that names the file and says what to do.
/// </summary>
public static class DocumentReader
{
    /// <summary>Text files larger than this are refused (PDFs are read page by page and have no such limit).</summary>
    public const long MaxTextFileBytes = 64L * 1024 * 1024;

    public static DocumentContent Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new JobInputException($"'{path}' is a folder; give a document file (.md, .txt, .html, .pdf, .docx, .pptx).");
        }

        if (!File.Exists(full))
        {
            throw new JobInputException($"File not found: '{path}'.");
        }

        var name = Path.GetFileName(full);
        var length = new FileInfo(full).Length;
        if (length == 0)
        {
            throw new JobInputException($"'{name}' is empty: there is nothing to read.");
        }

        var head = new byte[8];
        using (var stream = File.OpenRead(full))
        {
            _ = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var extension = Path.GetExtension(full).ToLowerInvariant();
        if (head.AsSpan().StartsWith("%PDF"u8))
        {
            return PdfReader.Open(full);
        }

        if (head.AsSpan().StartsWith("PK\u0003\u0004"u8))
        {
            return extension switch
            {
                ".docx" or ".docm" or ".dotx" => DocxReader.Open(full),
                ".pptx" or ".pptm" or ".potx" or ".ppsx" => PptxReader.Open(full),
                _ => throw new JobInputException($"'{name}' is a ZIP archive. Word (.docx) and PowerPoint (.pptx) files are read from ZIP containers; export other formats to .docx, .pdf or .md."),
            };
        }

        if (extension is ".pdf" or ".docx" or ".pptx")
        {
            throw new JobInputException($"'{name}' does not start like a {extension[1..].ToUpperInvariant()} file; it may be damaged or renamed.");
        }

        if (extension is ".doc" or ".xls" or ".xlsx" or ".ppt" or ".odt" or ".odp")
        {
            throw new JobInputException($"'{name}': {extension} files are not supported. Save it as .docx, .pptx, .pdf or .md.");
        }

        if (length > MaxTextFileBytes)
        {
            throw new JobInputException($"'{name}' is {length / (1024 * 1024)} MB; text documents up to {MaxTextFileBytes / (1024 * 1024)} MB are read. Split it or convert it to PDF.");
        }

        return FromText(TextDecoder.Decode(File.ReadAllBytes(full), name), name);
    }

    /// <summary>
    /// A Word document (.docx) as Markdown — headings from its styles, lists, tables — for checks written for Markdown
    /// such as the PRD linter.
    /// </summary>
    public static string WordToMarkdown(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return DocxReader.ToMarkdown(Path.GetFullPath(path));
    }

    /// <summary>Reads text that is already in memory; <paramref name="fileName"/> (optional) picks the format by extension.</summary>
    public static DocumentContent FromText(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var name = fileName ?? "text";
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new JobInputException($"'{name}' is empty: there is nothing to read.");
        }

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var extension = Path.GetExtension(name).ToLowerInvariant();
        var title = Path.GetFileNameWithoutExtension(name);
        if (extension is ".html" or ".htm" or ".xhtml" || (extension.Length == 0 && HtmlReader.LooksLikeHtml(text)))
        {
            return HtmlReader.Read(text, title);
        }

        if (extension is ".md" or ".markdown" or ".mdx" || (extension.Length == 0 && MarkdownReader.LooksLikeMarkdown(text)))
        {
            return MarkdownReader.Read(text, title);
        }

        return PlainTextReader.Read(text, title);
    }
}
