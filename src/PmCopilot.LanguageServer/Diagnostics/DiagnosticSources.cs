using System.Collections.Immutable;
using PmCopilot.LanguageServer.Features;

namespace PmCopilot.LanguageServer.Diagnostics;

internal static class DiagnosticSources
{
    /// <summary>The sources this build has: the PMC analyzers for C#, the PRD linter for Markdown.</summary>
    public static ImmutableArray<IDiagnosticSource> Create(RuleDocs ruleDocs) => [new CSharpDiagnosticSource(ruleDocs), new PrdDiagnosticSource()];
}
