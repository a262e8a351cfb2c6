namespace PmCopilot.Core.Documents;

/// <summary>
/// One piece of a document in reading order: the headings above it, a human reference to find it again
/// ("§2.1" for a heading, "p. 12" for a PDF page), and its plain text (paragraphs separated by blank lines).
/// </summary>
public sealed record DocumentSection(IReadOnlyList<string> HeadingPath, string Reference, string Text)
{
    /// <summary>1-based page for PDFs.</summary>
    public int? Page { get; init; }

    /// <summary>1-based line of the heading for text formats.</summary>
    public int? Line { get; init; }

    public string Heading => HeadingPath.Count > 0 ? HeadingPath[^1] : string.Empty;
}

public enum SourceFormat
{
    Markdown,
    Text,
    Pdf,
    Docx,
    Html,
    Pptx,
}

/// <summary>
/// An opened document. <see cref="Sections"/> is read lazily, once, so a 300-page PDF is never held in memory as a
/// whole; <see cref="Warnings"/> fills while it is read (pages without text, skipped tables…).
/// </summary>
public sealed class DocumentContent
{
    private readonly Func<DocumentContent, IEnumerable<DocumentSection>> _sections;
    private bool _read;

    internal DocumentContent(string title, SourceFormat format, IEnumerable<DocumentSection> sections, int? pageCount = null)
        : this(title, format, _ => sections, pageCount)
    {
    }

    /// <param name="sections">Makes the lazy section sequence; it gets this content so it can add warnings as it reads.</param>
    internal DocumentContent(string title, SourceFormat format, Func<DocumentContent, IEnumerable<DocumentSection>> sections, int? pageCount = null)
    {
        Title = title;
        Format = format;
        _sections = sections;
        PageCount = pageCount;
    }

    public string Title { get; internal set; }

    public SourceFormat Format { get; }

    public int? PageCount { get; }

    public List<string> Warnings { get; } = [];

    /// <summary>The sections in reading order. Can be enumerated once.</summary>
    public IEnumerable<DocumentSection> Sections
    {
        get
        {
            if (_read)
            {
                throw new InvalidOperationException("A document's sections can be read once; open it again to re-read.");
            }

            _read = true;
            return _sections(this);
        }
    }
}
