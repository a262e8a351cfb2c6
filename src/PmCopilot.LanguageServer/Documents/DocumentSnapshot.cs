using Microsoft.CodeAnalysis.Text;
using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Documents;

internal enum DocumentKind
{
    Other,
    CSharp,
    Markdown,
}

/// <summary>One open document at one version. Immutable: requests read it while later edits make new snapshots.</summary>
internal sealed record DocumentSnapshot(string Uri, string LanguageId, int Version, SourceText Text)
{
    public DocumentKind Kind { get; } = KindOf(LanguageId, Uri);

    public string? FilePath { get; } = DocumentUris.ToFilePath(Uri);

    public static DocumentKind KindOf(string languageId, string uri)
    {
        if (languageId.Equals("csharp", StringComparison.OrdinalIgnoreCase) || languageId.Equals("cs", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.CSharp;
        }

        if (languageId.Equals("markdown", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Markdown;
        }

        var path = uri.Split('?', '#')[0];
        if (path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.CSharp;
        }

        return path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)
            ? DocumentKind.Markdown
            : DocumentKind.Other;
    }

    public DocumentSnapshot WithChanges(int version, IReadOnlyList<TextDocumentContentChangeEvent> changes)
    {
        var text = this.Text;
        foreach (var change in changes)
        {
            text = change.Range is null
                ? SourceText.From(change.Text)
                : text.WithChanges(new TextChange(TextPositions.ToSpan(text, change.Range), change.Text));
        }

        return this with { Version = version, Text = text };
    }
}

/// <summary>LSP positions are (line, UTF-16 unit) pairs, the same units as <see cref="SourceText"/>.</summary>
internal static class TextPositions
{
    public static int ToOffset(SourceText text, Position position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= text.Lines.Count)
        {
            return text.Length;
        }

        var line = text.Lines[position.Line];
        // The specification: a character past the line's end means the line's end.
        return line.Start + Math.Clamp(position.Character, 0, line.End - line.Start);
    }

    public static TextSpan ToSpan(SourceText text, Protocol.Range range)
    {
        var start = ToOffset(text, range.Start);
        var end = ToOffset(text, range.End);
        return end >= start ? TextSpan.FromBounds(start, end) : TextSpan.FromBounds(end, start);
    }

    public static Position ToPosition(SourceText text, int offset)
    {
        var linePosition = text.Lines.GetLinePosition(Math.Clamp(offset, 0, text.Length));
        return new Position(linePosition.Line, linePosition.Character);
    }

    public static Protocol.Range ToRange(SourceText text, TextSpan span) => new(ToPosition(text, span.Start), ToPosition(text, span.End));

    public static bool Intersects(Protocol.Range a, Protocol.Range b) => Compare(a.Start, b.End) <= 0 && Compare(b.Start, a.End) <= 0;

    public static bool Contains(Protocol.Range range, Position position) => Compare(range.Start, position) <= 0 && Compare(position, range.End) <= 0;

    public static int Compare(Position a, Position b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Character.CompareTo(b.Character);
}

internal static class DocumentUris
{
    public static string? ToFilePath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return null;
        }

        return parsed.LocalPath;
    }

    public static string FromFilePath(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;
}
