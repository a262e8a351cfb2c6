using System.Collections.Immutable;
using System.Text;
using PmCopilot.LanguageServer.Diagnostics;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Features;

/// <summary>Hovering over a finding shows what the rule is about and how to fix it, from the rule's document.</summary>
internal static class HoverContent
{
    public static Hover? For(DocumentSnapshot document, ImmutableArray<Finding> findings, Position position, RuleDocs ruleDocs)
    {
        var text = new StringBuilder();
        Protocol.Range? range = null;
        foreach (var finding in findings)
        {
            var findingRange = TextPositions.ToRange(document.Text, finding.Span);
            if (!TextPositions.Contains(findingRange, position))
            {
                continue;
            }

            range ??= findingRange;
            if (text.Length > 0)
            {
                text.Append("\n\n---\n\n");
            }

            text.Append("**").Append(finding.Code);
            if (finding.Title is not null)
            {
                text.Append(": ").Append(finding.Title);
            }

            text.Append("**\n\n").Append(finding.Message);
            if (ruleDocs.Explain(finding.Code) is { } explanation)
            {
                text.Append("\n\n").Append(explanation);
            }

            if (finding.HelpUri is not null && Uri.TryCreate(finding.HelpUri, UriKind.Absolute, out _))
            {
                text.Append("\n\n[Rule documentation](").Append(finding.HelpUri).Append(')');
            }
        }

        return text.Length == 0 ? null : new Hover(new MarkupContent("markdown", text.ToString()), range);
    }
}
