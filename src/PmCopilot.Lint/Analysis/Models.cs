namespace PmCopilot.Lint.Analysis;

/// <summary>A zero-based line/character position (LSP convention; characters are UTF-16 code units).</summary>
public readonly record struct PmcPosition(int Line, int Character);

/// <summary>A zero-based, end-exclusive range.</summary>
public readonly record struct PmcRange(PmcPosition Start, PmcPosition End);

/// <summary>Severity after .editorconfig overrides.</summary>
public enum PmcSeverity
{
    Hidden,
    Info,
    Warning,
    Error,
}

/// <summary>One PMC finding in a document.</summary>
/// <param name="Id">Rule ID, e.g. PMC004.</param>
/// <param name="Title">Rule title.</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Severity">Effective severity.</param>
/// <param name="FilePath">Full path of the document.</param>
/// <param name="Range">Where, zero-based.</param>
/// <param name="HelpUri">The rule's documentation page.</param>
public sealed record PmcDiagnostic(string Id, string Title, string Message, PmcSeverity Severity, string FilePath, PmcRange Range, string? HelpUri);

/// <summary>A replacement of <see cref="Range"/> (in the document's text before the fix) by <see cref="NewText"/>.</summary>
public sealed record PmcTextEdit(string FilePath, PmcRange Range, string NewText);

/// <summary>A code fix offered for a diagnostic, as edits ready to apply (LSP WorkspaceEdit-shaped).</summary>
/// <param name="Title">What the fix does, shown to the user.</param>
/// <param name="DiagnosticId">The rule it fixes.</param>
/// <param name="Edits">Non-overlapping edits, possibly in several files, against the current texts.</param>
public sealed record PmcCodeFix(string Title, string DiagnosticId, IReadOnlyList<PmcTextEdit> Edits);
