using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.Core.Prd;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Diagnostics;

/// <summary>
/// The PRD linter over Markdown documents that are PRDs or AI specs: named so (<c>*prd*.md</c>, <c>*spec*.md</c>,
/// <c>*requirements*.md</c>) or shaped so (front matter or three template sections). A README is left alone.
/// </summary>
internal sealed partial class PrdDiagnosticSource : IDiagnosticSource
{
    public const string SourceName = "pmcopilot-prd";

    public bool Handles(DocumentSnapshot document) => document.Kind == DocumentKind.Markdown;

    public Task<ImmutableArray<Finding>> AnalyzeAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        var markdown = document.Text.ToString();
        if (!IsPrdName(document.Uri) && !PrdLinter.LooksLikePrd(markdown))
        {
            return Task.FromResult(ImmutableArray<Finding>.Empty);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var findings = PrdLinter.Lint(markdown)
            .Select(d => new Finding(d.Code, d.Message, ToSeverity(d.Severity), SpanOf(document.Text, d), SourceName)
            {
                Fixes = d.Fix is { } fix ? [ToFix(document, fix)] : [],
            })
            .ToImmutableArray();
        return Task.FromResult(findings);
    }

    public Task<ImmutableArray<FindingFix>> GetFixesAsync(DocumentSnapshot document, Finding finding, CancellationToken cancellationToken) =>
        Task.FromResult(finding.Fixes);

    public void Forget(string uri)
    {
    }

    internal static bool IsPrdName(string uri) => PrdName().IsMatch(Path.GetFileName(uri.Split('?', '#')[0]));

    private static int ToSeverity(PrdSeverity severity) => severity switch
    {
        PrdSeverity.Error => DiagnosticSeverity.Error,
        PrdSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Information,
    };

    private static TextSpan SpanOf(SourceText text, PrdDiagnostic d) => TextPositions.ToSpan(
        text,
        new Protocol.Range(new Position(d.StartLine, d.StartColumn), new Position(d.EndLine, d.EndColumn)));

    private static FindingFix ToFix(DocumentSnapshot document, PrdFix fix)
    {
        var text = document.Text;
        if (fix.Line < text.Lines.Count)
        {
            return new FindingFix(fix.Title, [FindingEdit.In(document, new TextSpan(text.Lines[Math.Max(0, fix.Line)].Start, 0), fix.Text)]);
        }

        // Appending: keep the skeleton off the last line when the document does not end with a line break.
        var endsWithBreak = text.Length == 0 || text[text.Length - 1] is '\n' or '\r';
        return new FindingFix(fix.Title, [FindingEdit.In(document, new TextSpan(text.Length, 0), (endsWithBreak ? string.Empty : "\n") + fix.Text)]);
    }

    [GeneratedRegex(@"(prd|spec|requirement)", RegexOptions.IgnoreCase)]
    private static partial Regex PrdName();
}
