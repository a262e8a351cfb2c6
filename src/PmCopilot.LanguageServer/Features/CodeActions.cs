using System.Collections.Immutable;
using PmCopilot.LanguageServer.Diagnostics;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;
using PmCopilot.LanguageServer.Server;

namespace PmCopilot.LanguageServer.Features;

/// <summary>Quick fixes for the findings under the cursor, and an "Explain" action per rule.</summary>
internal sealed class CodeActions
{
    private readonly DiagnosticsService diagnostics;

    public CodeActions(DiagnosticsService diagnostics) => this.diagnostics = diagnostics;

    public async Task<IReadOnlyList<CodeAction>> GetAsync(DocumentSnapshot document, Protocol.Range range, CodeActionContext context, CancellationToken cancellationToken)
    {
        if (context.Only is { Count: > 0 } only && !only.Any(kind => "quickfix".StartsWith(kind, StringComparison.Ordinal)))
        {
            return [];
        }

        var findings = await this.diagnostics.GetFindingsAsync(document, cancellationToken).ConfigureAwait(false);
        var source = this.diagnostics.SourceFor(document);
        var actions = new List<CodeAction>();
        var explained = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var diagnostic = DiagnosticsService.ToLsp(document, finding);
            if (!TextPositions.Intersects(diagnostic.Range, range))
            {
                continue;
            }

            var fixes = finding.Fixes;
            if (fixes.IsEmpty && source is not null)
            {
                fixes = await source.GetFixesAsync(document, finding, cancellationToken).ConfigureAwait(false);
            }

            foreach (var fix in fixes)
            {
                actions.Add(new CodeAction
                {
                    Title = fix.Title,
                    Kind = "quickfix",
                    Diagnostics = [diagnostic],
                    IsPreferred = fixes.Length == 1 ? true : null,
                    Edit = ToWorkspaceEdit(fix.Edits),
                });
            }

            if (explained.Add(finding.Code) && finding.Code.StartsWith("PMC", StringComparison.Ordinal))
            {
                actions.Add(new CodeAction
                {
                    Title = $"Explain {finding.Code}" + (finding.Title is null ? string.Empty : $": {finding.Title}"),
                    Kind = "quickfix",
                    Diagnostics = [diagnostic],
                    Command = new Command(
                        $"Explain {finding.Code}",
                        LspServer.ExplainRuleCommand,
                        finding.HelpUri is null ? [finding.Code] : [finding.Code, finding.HelpUri]),
                });
            }
        }

        return actions;
    }

    public static WorkspaceEdit ToWorkspaceEdit(ImmutableArray<FindingEdit> edits) => new()
    {
        Changes = edits
            .GroupBy(e => e.Uri, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TextEdit>)g.Select(e => new TextEdit(e.Range, e.NewText)).ToArray(), StringComparer.Ordinal),
    };
}
