using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.LanguageServer.Documents;

namespace PmCopilot.LanguageServer.Diagnostics;

/// <summary>One problem in one document, in the document's own offsets; converted to LSP ranges at the edge.</summary>
internal sealed record Finding(string Code, string Message, int Severity, TextSpan Span, string Source)
{
    /// <summary>Rule title (for hovers and the "Explain" action).</summary>
    public string? Title { get; init; }

    public string? HelpUri { get; init; }

    /// <summary>Fixes known up front (PRD skeletons). C# fixes come on demand from <see cref="IDiagnosticSource.GetFixesAsync"/>.</summary>
    public ImmutableArray<FindingFix> Fixes { get; init; } = [];
}

/// <summary>An edit in LSP terms: fixes may touch other files than the diagnosed one.</summary>
internal sealed record FindingEdit(string Uri, Protocol.Range Range, string NewText)
{
    public static FindingEdit In(DocumentSnapshot document, TextSpan span, string newText) =>
        new(document.Uri, TextPositions.ToRange(document.Text, span), newText);
}

internal sealed record FindingFix(string Title, ImmutableArray<FindingEdit> Edits);

/// <summary>Findings of one snapshot; <see cref="IsComplete"/> is false when parts were carried over from an earlier text.</summary>
internal readonly record struct SourceFindings(ImmutableArray<Finding> Findings, bool IsComplete);

/// <summary>A producer of findings for some kinds of documents (the analyzers for C#, the PRD linter for Markdown).</summary>
internal interface IDiagnosticSource
{
    bool Handles(DocumentSnapshot document);

    /// <summary>All the findings of the document's text.</summary>
    Task<ImmutableArray<Finding>> AnalyzeAsync(DocumentSnapshot document, CancellationToken cancellationToken);

    /// <summary>
    /// Findings as fast as possible while the user types. A source may re-analyze only what the last edit touched and carry
    /// the rest over; it then says the result is not complete, and <see cref="AnalyzeAsync"/> gives the whole truth later.
    /// </summary>
    async Task<SourceFindings> AnalyzeQuicklyAsync(DocumentSnapshot document, CancellationToken cancellationToken) =>
        new(await this.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false), IsComplete: true);

    /// <summary>Fixes for <paramref name="finding"/> as edits to <paramref name="document"/>'s text.</summary>
    Task<ImmutableArray<FindingFix>> GetFixesAsync(DocumentSnapshot document, Finding finding, CancellationToken cancellationToken);

    /// <summary>The document left the editor: drop what was cached for it.</summary>
    void Forget(string uri);

    /// <summary>Whether an edit of <paramref name="changed"/> can change the findings of <paramref name="other"/> (same project).</summary>
    bool Affects(DocumentSnapshot changed, DocumentSnapshot other) => false;

    /// <summary>A project file, a restore or an <c>.editorconfig</c> changed on disk: drop what was derived from them.</summary>
    void ProjectFilesChanged()
    {
    }
}
