using Microsoft.CodeAnalysis;

namespace PmCopilot.Analyzers
{
    internal static class RuleHelp
    {
        // The repository's public address is not settled yet; hosts that know the local checkout can map this prefix to docs/rules/.
        public const string HelpLinkBase = "https://github.com/pmcopilot/pmcopilot/blob/main/docs/rules/";

        public static string GetHelpUri(string ruleId) => HelpLinkBase + ruleId + ".md";

        public static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description)
        {
            return new DiagnosticDescriptor(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: GetHelpUri(id));
        }
    }
}
