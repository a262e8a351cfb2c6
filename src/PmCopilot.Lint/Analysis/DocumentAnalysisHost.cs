using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using PmCopilot.Lint.References;

namespace PmCopilot.Lint.Analysis;

/// <summary>
/// Per-document PMC analysis for an editor (the language server): keeps one Roslyn project per .csproj (or per folder for loose
/// files) alive, so an edit only re-parses the changed document and re-runs the analyzers on it while the rest of the compilation is reused.
/// </summary>
/// <remarks>
/// <para>References are resolved once per project: from its restored <c>obj/project.assets.json</c> when present, otherwise the
/// bundled ML.NET and TorchSharp reference assemblies plus the running framework. <c>.editorconfig</c> severities apply.</para>
/// <para>Thread-safe: calls are serialized internally. Paths are file-system paths; they are normalized with <see cref="Path.GetFullPath(string)"/>.</para>
/// <para>Typical use: <see cref="UpdateDocumentAsync"/> on didOpen/didChange (publish the result), <see cref="CloseDocument"/> on didClose,
/// <see cref="GetCodeFixesAsync(string, PmcRange, CancellationToken)"/> on codeAction.</para>
/// </remarks>
public sealed class DocumentAnalysisHost : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReferenceResolver _references;
    private readonly Dictionary<string, ProjectId> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _openTexts = new(StringComparer.Ordinal);

    /// <param name="references">Reference resolver; defaults to <see cref="ReferenceResolver.Shared"/>.</param>
    public DocumentAnalysisHost(ReferenceResolver? references = null)
    {
        _references = references ?? ReferenceResolver.Shared;
    }

    /// <summary>Sets the document's current text (as open in the editor) and returns its PMC diagnostics.</summary>
    /// <param name="filePath">Path of the .cs file; it need not exist on disk.</param>
    /// <param name="text">Full current text.</param>
    /// <param name="cancellationToken">Cancels the analysis (the text update is kept).</param>
    public async Task<IReadOnlyList<PmcDiagnostic>> UpdateDocumentAsync(string filePath, string text, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(filePath);
        Document document;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _openTexts[path] = text;
            document = EnsureDocument(path);
            if (!(await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString().Equals(text, StringComparison.Ordinal))
            {
                var solution = _workspace.CurrentSolution.WithDocumentText(document.Id, SourceText.From(text), PreservationMode.PreserveIdentity);
                Apply(solution);
                document = _workspace.CurrentSolution.GetDocument(document.Id)!;
            }
        }
        finally
        {
            _gate.Release();
        }

        return (await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false)).Select(ProjectBuilder.ToPmc).ToList();
    }

    /// <summary>Returns the PMC diagnostics of a document as last updated (or as on disk if never opened).</summary>
    public async Task<IReadOnlyList<PmcDiagnostic>> GetDiagnosticsAsync(string filePath, CancellationToken cancellationToken = default)
    {
        var document = await GetDocumentAsync(filePath, cancellationToken).ConfigureAwait(false);
        return (await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false)).Select(ProjectBuilder.ToPmc).ToList();
    }

    /// <summary>Forgets the editor text of a document: it reverts to the file on disk (or leaves the project if it has no file).</summary>
    public void CloseDocument(string filePath)
    {
        var path = Path.GetFullPath(filePath);
        _gate.Wait();
        try
        {
            if (!_openTexts.Remove(path))
                return;
            var id = _workspace.CurrentSolution.GetDocumentIdsWithFilePath(path).FirstOrDefault();
            if (id is null)
                return;
            var solution = SourceFileReader.TryRead(path, out var diskText, out _)
                ? _workspace.CurrentSolution.WithDocumentText(id, SourceText.From(diskText))
                : _workspace.CurrentSolution.RemoveDocument(id);
            Apply(solution);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Code fixes for the PMC diagnostics that intersect <paramref name="range"/>, each as text edits against the current texts.</summary>
    public async Task<IReadOnlyList<PmcCodeFix>> GetCodeFixesAsync(string filePath, PmcRange range, CancellationToken cancellationToken = default)
    {
        var document = await GetDocumentAsync(filePath, cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var span = ToSpan(text, range);
        var diagnostics = (await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Location.SourceSpan.IntersectsWith(span) || d.Location.SourceSpan.Contains(span) || (span.IsEmpty && d.Location.SourceSpan.Start <= span.Start && span.Start <= d.Location.SourceSpan.End))
            .ToList();
        var fixes = new List<PmcCodeFix>();
        foreach (var diagnostic in diagnostics)
        {
            foreach (var provider in AnalyzerCatalog.CodeFixProviders.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                foreach (var action in actions)
                {
                    var edits = await ToEditsAsync(document.Project.Solution, action, cancellationToken).ConfigureAwait(false);
                    if (edits.Count > 0)
                        fixes.Add(new PmcCodeFix(action.Title, diagnostic.Id, edits));
                }
            }
        }

        return fixes;
    }

    /// <summary>Code fixes for one diagnostic previously returned by this host.</summary>
    public Task<IReadOnlyList<PmcCodeFix>> GetCodeFixesAsync(PmcDiagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        return FilterAsync(GetCodeFixesAsync(diagnostic.FilePath, diagnostic.Range, cancellationToken), diagnostic.Id);

        static async Task<IReadOnlyList<PmcCodeFix>> FilterAsync(Task<IReadOnlyList<PmcCodeFix>> all, string id) => (await all.ConfigureAwait(false)).Where(f => f.DiagnosticId == id).ToList();
    }

    /// <summary>Drops every cached project (e.g. after a restore changed project.assets.json); open texts are kept.</summary>
    public void Reset()
    {
        _gate.Wait();
        try
        {
            _projects.Clear();
            _workspace.ClearSolution();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _gate.Dispose();
    }

    private async Task<Document> GetDocumentAsync(string filePath, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(filePath);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return EnsureDocument(path);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Finds the document, creating its project (references resolved once) on first use. Caller holds the gate.</summary>
    private Document EnsureDocument(string path)
    {
        var existing = _workspace.CurrentSolution.GetDocumentIdsWithFilePath(path).FirstOrDefault();
        if (existing is not null)
            return _workspace.CurrentSolution.GetDocument(existing)!;

        var layout = SourceLayout.ForFile(path);
        if (_projects.TryGetValue(layout.Key, out var projectId) && _workspace.CurrentSolution.GetProject(projectId) is { } project)
        {
            // A new file in a known project (created in the editor).
            var text = _openTexts.TryGetValue(path, out var open) ? open : SourceFileReader.TryRead(path, out var disk, out _) ? disk : string.Empty;
            var documentId = DocumentId.CreateNewId(project.Id, path);
            var solution = _workspace.CurrentSolution.AddDocument(DocumentInfo.Create(documentId, Path.GetFileName(path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Create(), path)), filePath: path));
            Apply(solution);
            return _workspace.CurrentSolution.GetDocument(documentId)!;
        }

        var references = layout.ProjectFile is null ? _references.Bundled() : _references.ForProject(layout.ProjectFile);
        var skipped = new List<SkippedFile>();
        var withProject = ProjectBuilder.AddProject(_workspace.CurrentSolution, layout, references, _openTexts, skipSyntaxErrors: false, skipped, out var newId);
        Apply(withProject);
        _projects[layout.Key] = newId;
        var id = _workspace.CurrentSolution.GetDocumentIdsWithFilePath(path).FirstOrDefault();
        if (id is not null)
            return _workspace.CurrentSolution.GetDocument(id)!;

        // The file itself was skipped (too large, binary): analyze it anyway as the editor holds it.
        var fallbackText = _openTexts.TryGetValue(path, out var held) ? held : string.Empty;
        var fallbackId = DocumentId.CreateNewId(newId, path);
        Apply(_workspace.CurrentSolution.AddDocument(DocumentInfo.Create(fallbackId, Path.GetFileName(path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(fallbackText), VersionStamp.Create(), path)), filePath: path)));
        return _workspace.CurrentSolution.GetDocument(fallbackId)!;
    }

    private void Apply(Solution solution)
    {
        if (!_workspace.TryApplyChanges(solution))
            throw new InvalidOperationException("The analysis workspace rejected a change.");
    }

    /// <summary>PMC diagnostics of one document: only this tree is analyzed; the compilation is shared and incremental.</summary>
    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || tree is null)
            return ImmutableArray<Diagnostic>.Empty;
        var options = new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, options);
        var model = compilation.GetSemanticModel(tree);
        var semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
        return semantic
            .Where(d => d.Id.StartsWith("PMC", StringComparison.Ordinal) && d.Location.SourceTree == tree && d.Severity != DiagnosticSeverity.Hidden)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static async Task<IReadOnlyList<PmcTextEdit>> ToEditsAsync(Solution original, CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().FirstOrDefault();
        if (apply is null)
            return [];
        var edits = new List<PmcTextEdit>();
        foreach (var projectChanges in apply.ChangedSolution.GetChanges(original).GetProjectChanges())
        {
            foreach (var documentId in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = original.GetDocument(documentId)!;
                var after = apply.ChangedSolution.GetDocument(documentId)!;
                var oldText = await before.GetTextAsync(cancellationToken).ConfigureAwait(false);
                foreach (var change in await after.GetTextChangesAsync(before, cancellationToken).ConfigureAwait(false))
                {
                    var span = oldText.Lines.GetLinePositionSpan(change.Span);
                    edits.Add(new PmcTextEdit(before.FilePath ?? before.Name, ProjectBuilder.ToRange(span), change.NewText ?? string.Empty));
                }
            }
        }

        return edits;
    }

    private static TextSpan ToSpan(SourceText text, PmcRange range)
    {
        int Offset(PmcPosition p)
        {
            if (p.Line >= text.Lines.Count)
                return text.Length;
            var line = text.Lines[Math.Max(0, p.Line)];
            return Math.Min(line.Start + Math.Max(0, p.Character), line.EndIncludingLineBreak);
        }

        var start = Offset(range.Start);
        var end = Math.Max(start, Offset(range.End));
        return TextSpan.FromBounds(start, end);
    }
}
