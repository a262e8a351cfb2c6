using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.LanguageServer.Diagnostics;
using PmCopilot.LanguageServer.Documents;

namespace PmCopilot.LanguageServer.Tests.Infrastructure;

/// <summary>A deterministic source for the server's machinery: every "TODO" in a .txt document is a PMC001 finding, fixed by "DONE".</summary>
internal sealed class TodoDiagnosticSource : IDiagnosticSource
{
    private int analyses;

    public int Analyses => Volatile.Read(ref this.analyses);

    /// <summary>Delay inside each analysis, to make edits overlap running analyses.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>When set, the quick pass reports only the first TODO and says it is partial, as a member-scoped pass can.</summary>
    public bool PartialQuickPass { get; init; }

    public bool Handles(DocumentSnapshot document) => document.Uri.EndsWith(".txt", StringComparison.Ordinal);

    public async Task<ImmutableArray<Finding>> AnalyzeAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref this.analyses);
        if (this.Latency > TimeSpan.Zero)
        {
            await Task.Delay(this.Latency, cancellationToken);
        }

        var text = document.Text.ToString();
        var findings = ImmutableArray.CreateBuilder<Finding>();
        for (var at = text.IndexOf("TODO", StringComparison.Ordinal); at >= 0; at = text.IndexOf("TODO", at + 4, StringComparison.Ordinal))
        {
            findings.Add(new Finding("PMC001", "Unfinished work: replace TODO", 2, new TextSpan(at, 4), "pmcopilot") { Title = "Test rule" });
        }

        return findings.ToImmutable();
    }

    public async Task<SourceFindings> AnalyzeQuicklyAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        var all = await this.AnalyzeAsync(document, cancellationToken);
        return this.PartialQuickPass && all.Length > 1 ? new SourceFindings([all[0]], IsComplete: false) : new SourceFindings(all, IsComplete: true);
    }

    public Task<ImmutableArray<FindingFix>> GetFixesAsync(DocumentSnapshot document, Finding finding, CancellationToken cancellationToken) =>
        Task.FromResult<ImmutableArray<FindingFix>>([new FindingFix("Replace TODO with DONE", [FindingEdit.In(document, finding.Span, "DONE")])]);

    public void Forget(string uri)
    {
    }
}
