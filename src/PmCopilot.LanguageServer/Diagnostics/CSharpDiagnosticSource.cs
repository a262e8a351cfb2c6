using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Features;
using PmCopilot.LanguageServer.Protocol;
using PmCopilot.Lint.Analysis;

namespace PmCopilot.LanguageServer.Diagnostics;

/// <summary>
/// PMC analyzers over C# documents through the Lint host, which keeps one Roslyn project per .csproj (references from
/// <c>obj/project.assets.json</c>, else the bundled ML.NET/TorchSharp references) and re-analyzes only the edited tree.
/// </summary>
internal sealed class CSharpDiagnosticSource : IDiagnosticSource, IDisposable
{
    public const string SourceName = "pmcopilot";
    private readonly DocumentAnalysisHost host;
    private readonly RuleDocs ruleDocs;

    public CSharpDiagnosticSource(RuleDocs ruleDocs, DocumentAnalysisHost? host = null)
    {
        this.ruleDocs = ruleDocs;
        this.host = host ?? new DocumentAnalysisHost();
    }

    public bool Handles(DocumentSnapshot document) => document.Kind == DocumentKind.CSharp;

    public async Task<ImmutableArray<Finding>> AnalyzeAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        var diagnostics = await this.host.UpdateDocumentAsync(PathOf(document), document.Text.ToString(), cancellationToken).ConfigureAwait(false);
        return this.ToFindings(document, diagnostics);
    }

    public async Task<SourceFindings> AnalyzeQuicklyAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        var analysis = await this.host.UpdateDocumentIncrementallyAsync(PathOf(document), document.Text.ToString(), cancellationToken).ConfigureAwait(false);
        return new SourceFindings(this.ToFindings(document, analysis.Diagnostics), analysis.IsComplete);
    }

    private ImmutableArray<Finding> ToFindings(DocumentSnapshot document, IReadOnlyList<PmcDiagnostic> diagnostics) =>
        diagnostics
            .Where(d => d.Severity != PmcSeverity.Hidden)
            .Select(d => new Finding(d.Id, d.Message, ToSeverity(d.Severity), TextPositions.ToSpan(document.Text, ToRange(d.Range)), SourceName)
            {
                Title = d.Title,
                HelpUri = this.ruleDocs.PathOf(d.Id) is { } local ? DocumentUris.FromFilePath(local) : d.HelpUri,
            })
            .ToImmutableArray();

    public async Task<ImmutableArray<FindingFix>> GetFixesAsync(DocumentSnapshot document, Finding finding, CancellationToken cancellationToken)
    {
        var path = PathOf(document);
        var range = TextPositions.ToRange(document.Text, finding.Span);
        var fixes = await this.host.GetCodeFixesAsync(
            path,
            new PmcRange(new PmcPosition(range.Start.Line, range.Start.Character), new PmcPosition(range.End.Line, range.End.Character)),
            finding.Code,
            cancellationToken).ConfigureAwait(false);
        var fullPath = Path.GetFullPath(path);
        return fixes
            .Where(f => f.DiagnosticId == finding.Code)
            .Select(f => new FindingFix(
                f.Title,
                f.Edits.Select(e => new FindingEdit(
                    string.Equals(Path.GetFullPath(e.FilePath), fullPath, StringComparison.Ordinal) ? document.Uri : DocumentUris.FromFilePath(e.FilePath),
                    ToRange(e.Range),
                    e.NewText)).ToImmutableArray()))
            .ToImmutableArray();
    }

    public void Forget(string uri)
    {
        var path = DocumentUris.ToFilePath(uri) ?? UntitledPath(uri);
        this.host.CloseDocument(path);
    }

    /// <summary>Rules follow pipelines into helpers in other files of the project (PMC001 reads them).</summary>
    public bool Affects(DocumentSnapshot changed, DocumentSnapshot other) =>
        other.Kind == DocumentKind.CSharp && other.Uri != changed.Uri && DocumentAnalysisHost.SameProject(PathOf(changed), PathOf(other));

    /// <summary>References and <c>.editorconfig</c> severities are read per project; a change rebuilds the projects on next use.</summary>
    public void ProjectFilesChanged() => this.host.Reset();

    public void Dispose() => this.host.Dispose();

    private static string PathOf(DocumentSnapshot document) => document.FilePath ?? UntitledPath(document.Uri);

    /// <summary>Unsaved buffers get a stable path outside any project, so they are analyzed with the bundled references.</summary>
    private static string UntitledPath(string uri) => Path.Combine(
        Path.GetTempPath(),
        "pmcopilot-untitled",
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uri)).AsSpan(0, 8)) + ".cs");

    private static Protocol.Range ToRange(PmcRange range) =>
        new(new Position(range.Start.Line, range.Start.Character), new Position(range.End.Line, range.End.Character));

    private static int ToSeverity(PmcSeverity severity) => severity switch
    {
        PmcSeverity.Error => DiagnosticSeverity.Error,
        PmcSeverity.Warning => DiagnosticSeverity.Warning,
        PmcSeverity.Info => DiagnosticSeverity.Information,
        _ => DiagnosticSeverity.Hint,
    };
}
