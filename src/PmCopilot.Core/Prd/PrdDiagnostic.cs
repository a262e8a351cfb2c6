namespace PmCopilot.Core.Prd;

public enum PrdSeverity
{
    Error,
    Warning,
    Info,
}

/// <summary>A text edit that resolves a finding: insert <see cref="Text"/> at the start of 0-based <see cref="Line"/>
/// (a line equal to the document's line count means "append at the end").</summary>
public sealed record PrdFix(string Title, int Line, string Text);

/// <summary>
/// One lint finding. Codes are stable (documented in docs/prd-lint.md); positions are 0-based lines and UTF-16
/// columns, end exclusive, so the language server can pass them through as LSP ranges.
/// </summary>
public sealed record PrdDiagnostic(
    string Code,
    PrdSeverity Severity,
    string Message,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    PrdFix? Fix = null);

public sealed record PrdLintOptions
{
    /// <summary>Lint as this kind; null detects it from the title, front matter and headings.</summary>
    public DraftKind? Kind { get; init; }

    /// <summary>Language of inserted skeletons; Auto follows the document.</summary>
    public Jobs.AnswerLanguage Language { get; init; } = Jobs.AnswerLanguage.Auto;

    /// <summary>Report missing recommended sections (Info). Off for quick drafts.</summary>
    public bool ReportRecommendedSections { get; init; } = true;
}
