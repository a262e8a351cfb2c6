using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
/// <para>Thread-safe: text updates are serialized; analyses of different texts may run at the same time (the analysis of the text last
/// set is the one kept as the base for the next quick pass). Paths are file-system paths; they are normalized with <see cref="Path.GetFullPath(string)"/>.</para>
/// <para>Typical use: <see cref="UpdateDocumentIncrementallyAsync"/> on didOpen/didChange (publish the result at once), then
/// <see cref="UpdateDocumentAsync"/> when the user pauses if that result was not complete; <see cref="CloseDocument"/> on didClose,
/// <see cref="GetCodeFixesAsync(string, PmcRange, CancellationToken)"/> on codeAction.</para>
/// </remarks>
public sealed class DocumentAnalysisHost : IDisposable
{
    private readonly AdhocWorkspace _workspace = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReferenceResolver _references;
    private readonly Dictionary<string, ProjectId> _projects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _openTexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AnalysisRecord> _records = new(StringComparer.Ordinal);
    private long _generation;
    private long _resetGeneration;

    /// <param name="references">Reference resolver; defaults to <see cref="ReferenceResolver.Shared"/>.</param>
    public DocumentAnalysisHost(ReferenceResolver? references = null)
    {
        _references = references ?? ReferenceResolver.Shared;
    }

    /// <summary>Sets the document's current text (as open in the editor) and returns all its PMC diagnostics.</summary>
    /// <param name="filePath">Path of the .cs file; it need not exist on disk.</param>
    /// <param name="text">Full current text.</param>
    /// <param name="cancellationToken">Cancels the analysis (the text update is kept).</param>
    public async Task<IReadOnlyList<PmcDiagnostic>> UpdateDocumentAsync(string filePath, string text, CancellationToken cancellationToken = default)
    {
        var (path, document, generation) = await SetTextAsync(filePath, text, cancellationToken).ConfigureAwait(false);
        return (await AnalyzeCompletelyAsync(path, document, generation, cancellationToken).ConfigureAwait(false)).Diagnostics;
    }

    /// <summary>
    /// Sets the document's current text and returns its diagnostics as fast as possible, for typing: when the edit since the
    /// last analysis changed only comments or whitespace, the findings are moved with the text; when it stayed inside one
    /// member (a method, a property, a field) and the code around it parses as before, only that member is re-analyzed and
    /// the other members' findings are carried over. Anything else (directives, new or removed members, usings) is analyzed whole.
    /// </summary>
    /// <remarks>
    /// Rules can look across members (a pipeline built in one method and trained in another), so an edit can change findings
    /// outside the edited member: such a result has <see cref="DocumentAnalysis.IsComplete"/> false, and the caller should follow
    /// it with <see cref="UpdateDocumentAsync"/> (or <see cref="GetDiagnosticsAsync"/>) once the user pauses.
    /// </remarks>
    public async Task<DocumentAnalysis> UpdateDocumentIncrementallyAsync(string filePath, string text, CancellationToken cancellationToken = default)
    {
        var (path, document, generation) = await SetTextAsync(filePath, text, cancellationToken).ConfigureAwait(false);
        var current = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        AnalysisRecord? previous;
        lock (_records)
            _records.TryGetValue(path, out previous);
        if (previous is not null && ReferenceEquals(previous.Text, current))
            return previous.Result;

        if (previous is not null && await TryAnalyzeEditedMemberAsync(document, previous, generation, cancellationToken).ConfigureAwait(false) is { } partial)
        {
            Remember(path, partial);
            return partial.Result;
        }

        return await AnalyzeCompletelyAsync(path, document, generation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns all the PMC diagnostics of a document as last updated (or as on disk if never opened).</summary>
    public async Task<IReadOnlyList<PmcDiagnostic>> GetDiagnosticsAsync(string filePath, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(filePath);
        Document document;
        long generation;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            document = EnsureDocument(path);
            generation = ++_generation;
        }
        finally
        {
            _gate.Release();
        }

        return (await AnalyzeCompletelyAsync(path, document, generation, cancellationToken).ConfigureAwait(false)).Diagnostics;
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
            lock (_records)
                _records.Remove(path);
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
    public Task<IReadOnlyList<PmcCodeFix>> GetCodeFixesAsync(string filePath, PmcRange range, CancellationToken cancellationToken = default) =>
        GetCodeFixesAsync(filePath, range, diagnosticId: null, cancellationToken);

    /// <summary>
    /// Code fixes for the <paramref name="diagnosticId"/> diagnostics (null: every PMC diagnostic) that intersect
    /// <paramref name="range"/>. An editor asks on every cursor move onto a finding, so with a rule named the member around
    /// the range is analyzed first (Roslyn's span filter: a few milliseconds) and the whole document only when that does
    /// not produce the finding (a rule that reports from what it gathered across members).
    /// </summary>
    public async Task<IReadOnlyList<PmcCodeFix>> GetCodeFixesAsync(string filePath, PmcRange range, string? diagnosticId, CancellationToken cancellationToken = default)
    {
        var document = await GetDocumentAsync(filePath, cancellationToken).ConfigureAwait(false);
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var span = ToSpan(text, range);
        bool At(Diagnostic d) => (diagnosticId is null || d.Id == diagnosticId)
            && (d.Location.SourceSpan.IntersectsWith(span) || d.Location.SourceSpan.Contains(span) || (span.IsEmpty && d.Location.SourceSpan.Start <= span.Start && span.Start <= d.Location.SourceSpan.End));
        List<Diagnostic> diagnostics = diagnosticId is null ? [] : (await AnalyzeMemberAtAsync(document, span, cancellationToken).ConfigureAwait(false)).Where(At).ToList();
        if (diagnostics.Count == 0)
            diagnostics = (await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false)).Where(At).ToList();
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
    public Task<IReadOnlyList<PmcCodeFix>> GetCodeFixesAsync(PmcDiagnostic diagnostic, CancellationToken cancellationToken = default) =>
        GetCodeFixesAsync(diagnostic.FilePath, diagnostic.Range, diagnostic.Id, cancellationToken);

    /// <summary>PMC diagnostics of the innermost member (method, property, field) around <paramref name="span"/>; empty when there is none.</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeMemberAtAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null)
            return ImmutableArray<Diagnostic>.Empty;
        var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        if (MembersContaining(root, span).MinBy(member => member.FullSpan.Length) is not { } member)
            return ImmutableArray<Diagnostic>.Empty;
        var found = await RunAnalyzersAsync(document.Project, compilation, tree, member.FullSpan, cancellationToken).ConfigureAwait(false);
        return Reportable(found, tree).ToImmutableArray();
    }

    /// <summary>Drops every cached project (e.g. after a restore changed project.assets.json); open texts are kept.</summary>
    public void Reset()
    {
        _gate.Wait();
        try
        {
            _projects.Clear();
            _workspace.ClearSolution();
            lock (_records)
            {
                _records.Clear();
                // An analysis still running on the old projects must not become the base of the next quick pass.
                _resetGeneration = ++_generation;
            }
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

        var references = layout.ReferenceProject is null ? _references.Bundled() : _references.ForProject(layout.ReferenceProject);
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

    /// <summary>
    /// Puts <paramref name="text"/> into the workspace as an edit of the text it holds (the changed region only), so Roslyn
    /// re-parses incrementally and keeps the rest of the compilation.
    /// </summary>
    private async Task<(string Path, Document Document, long Generation)> SetTextAsync(string filePath, string text, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(filePath);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _openTexts[path] = text;
            var document = EnsureDocument(path);
            var held = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (TextDiff.Between(held.ToString(), text) is { } change)
            {
                Apply(_workspace.CurrentSolution.WithDocumentText(document.Id, held.WithChanges(change), PreservationMode.PreserveIdentity));
                document = _workspace.CurrentSolution.GetDocument(document.Id)!;
                ForgetProjectMates(path, document.Project.Id);
            }

            return (path, document, ++_generation);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DocumentAnalysis> AnalyzeCompletelyAsync(string path, Document document, long generation, CancellationToken cancellationToken)
    {
        var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        lock (_records)
        {
            if (_records.TryGetValue(path, out var known) && known.IsComplete && ReferenceEquals(known.Text, text))
                return known.Result;
        }

        var tree = (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
        var diagnostics = await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        var record = new AnalysisRecord(generation, text, tree, diagnostics.Select(d => new LocatedDiagnostic(d.Location.SourceSpan, ProjectBuilder.ToPmc(d))).ToImmutableArray(), IsComplete: true);
        Remember(path, record);
        return record.Result;
    }

    /// <summary>
    /// The other documents of an edited project were analysed against its old text: their findings can no longer be carried
    /// over, so their next analysis is a whole one. Caller holds the gate.
    /// </summary>
    private void ForgetProjectMates(string path, ProjectId project)
    {
        lock (_records)
        {
            foreach (var other in _records.Keys.Where(k => k != path).ToList())
            {
                if (_workspace.CurrentSolution.GetDocumentIdsWithFilePath(other).Any(id => id.ProjectId == project))
                    _records.Remove(other);
            }
        }
    }

    /// <summary>Whether two files are analysed in one project (edits to one can change the other's findings).</summary>
    public static bool SameProject(string filePath, string otherFilePath) =>
        SourceLayout.ForFile(Path.GetFullPath(filePath)).Key == SourceLayout.ForFile(Path.GetFullPath(otherFilePath)).Key;

    /// <summary>Keeps the newest analysis of each document as the base the next edit is compared with.</summary>
    private void Remember(string path, AnalysisRecord record)
    {
        lock (_records)
        {
            if (record.Generation > _resetGeneration && (!_records.TryGetValue(path, out var known) || known.Generation <= record.Generation))
                _records[path] = record;
        }
    }

    /// <summary>Re-analyzes only the member an edit stayed inside; null when the edit is not of that kind (the caller analyzes everything).</summary>
    private static async Task<AnalysisRecord?> TryAnalyzeEditedMemberAsync(Document document, AnalysisRecord previous, long generation, CancellationToken cancellationToken)
    {
        var newText = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var newTree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (newTree is null || !Equals(newTree.Options, previous.Tree.Options))
            return null;

        var oldString = previous.Text.ToString();
        if (TextDiff.Between(oldString, newText.ToString()) is not { } change)
            return previous with { Generation = generation, Text = newText, Tree = newTree };

        // Preprocessor directives (#pragma warning, #if, #nullable) act on everything after them.
        if (change.NewText!.Contains('#', StringComparison.Ordinal) || oldString.AsSpan(change.Span.Start, change.Span.Length).Contains('#'))
            return null;

        var oldRoot = await previous.Tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await newTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var delta = change.NewText.Length - change.Span.Length;
        if (SyntaxFactory.AreEquivalent(oldRoot, newRoot, topLevel: false))
        {
            // Only comments and whitespace changed (directives were excluded above): same code, same findings, moved with the text.
            var moved = previous.Diagnostics.Select(d => Move(d, change.Span, delta, newText)).ToImmutableArray();
            return new AnalysisRecord(generation, newText, newTree, moved, previous.IsComplete);
        }

        // The edit must stay inside one member, and the code around that member must parse as before (an unbalanced brace
        // or an open comment re-shapes what follows, and then everything is analyzed).
        var newSpan = new TextSpan(change.Span.Start, change.NewText.Length);
        if (EditedMember(oldRoot, change.Span, newRoot, newSpan, delta) is not var (oldMember, newMember) || !SameSurroundings(oldMember, newMember, delta))
            return null;

        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
            return null;
        var fresh = await RunAnalyzersAsync(document.Project, compilation, newTree, newMember.FullSpan, cancellationToken).ConfigureAwait(false);

        var items = ImmutableArray.CreateBuilder<LocatedDiagnostic>();
        foreach (var kept in previous.Diagnostics)
        {
            if (!oldMember.FullSpan.Contains(kept.Span))
                items.Add(Move(kept, change.Span, delta, newText));
        }

        foreach (var diagnostic in Reportable(fresh, newTree))
        {
            if (newMember.FullSpan.Contains(diagnostic.Location.SourceSpan))
                items.Add(new LocatedDiagnostic(diagnostic.Location.SourceSpan, ProjectBuilder.ToPmc(diagnostic)));
        }

        var ordered = items.DistinctBy(d => (d.Diagnostic.Id, d.Span, d.Diagnostic.Message))
            .OrderBy(d => d.Span.Start).ThenBy(d => d.Diagnostic.Id, StringComparer.Ordinal).ToImmutableArray();
        return new AnalysisRecord(generation, newText, newTree, ordered, IsComplete: false);
    }

    /// <summary>A finding of the text before <paramref name="changed"/> was replaced, where it is in the text after.</summary>
    private static LocatedDiagnostic Move(LocatedDiagnostic finding, TextSpan changed, int delta, SourceText newText)
    {
        var span = finding.Span;
        if (span.Start >= changed.End)
            span = new TextSpan(span.Start + delta, span.Length);
        else if (span.Start <= changed.Start && changed.End <= span.End)
            span = new TextSpan(span.Start, span.Length + delta);
        return new LocatedDiagnostic(span, finding.Diagnostic with { Range = ProjectBuilder.ToRange(newText.Lines.GetLinePositionSpan(span)) });
    }

    /// <summary>
    /// The member (method, constructor, accessor-bearing property, field…) that holds the whole edit both before and after it,
    /// found as the same declaration that only grew or shrank by the edit's length.
    /// </summary>
    private static (MemberDeclarationSyntax Old, MemberDeclarationSyntax New)? EditedMember(SyntaxNode oldRoot, TextSpan oldSpan, SyntaxNode newRoot, TextSpan newSpan, int delta)
    {
        foreach (var candidate in MembersContaining(newRoot, newSpan))
        {
            var oldFullSpan = new TextSpan(candidate.FullSpan.Start, candidate.FullSpan.Length - delta);
            foreach (var old in MembersContaining(oldRoot, oldSpan))
            {
                if (old.FullSpan == oldFullSpan && old.RawKind == candidate.RawKind)
                    return (old, candidate);
            }
        }

        return null;
    }

    private static bool SameSurroundings(SyntaxNode oldMember, SyntaxNode newMember, int delta)
    {
        var oldBefore = oldMember.GetFirstToken().GetPreviousToken();
        var newBefore = newMember.GetFirstToken().GetPreviousToken();
        var oldAfter = oldMember.GetLastToken().GetNextToken();
        var newAfter = newMember.GetLastToken().GetNextToken();
        return oldBefore.RawKind == newBefore.RawKind && oldBefore.Span == newBefore.Span
            && oldAfter.RawKind == newAfter.RawKind && oldAfter.Span.Start + delta == newAfter.Span.Start && oldAfter.Span.Length == newAfter.Span.Length;
    }

    private static IEnumerable<MemberDeclarationSyntax> MembersContaining(SyntaxNode root, TextSpan span) =>
        root.DescendantNodes(node => node.FullSpan.Start <= span.Start && span.End <= node.FullSpan.End && node is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .OfType<MemberDeclarationSyntax>()
            .Where(member => member is BaseMethodDeclarationSyntax or BasePropertyDeclarationSyntax or BaseFieldDeclarationSyntax
                             && member.FullSpan.Start <= span.Start && span.End <= member.FullSpan.End);

    /// <remarks>
    /// Distinct (here and when a member's findings are merged with the carried-over ones): once, in a loaded test run, a
    /// member-scoped pass produced two copies of two findings, and the cause was not pinned down (Roslyn's span-filtered
    /// analysis has had duplicate bugs, dotnet/roslyn#63205). A finding shown twice helps nobody.
    /// </remarks>
    private static IEnumerable<Diagnostic> Reportable(ImmutableArray<Diagnostic> diagnostics, SyntaxTree tree) =>
        diagnostics.Where(d => d.Id.StartsWith("PMC", StringComparison.Ordinal) && d.Location.SourceTree == tree && d.Severity != DiagnosticSeverity.Hidden)
            .DistinctBy(d => (d.Id, d.Location.SourceSpan, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Our analyzers on one tree (all of it, or the nodes in <paramref name="filterSpan"/>), with the project's options.</summary>
    private static Task<ImmutableArray<Diagnostic>> RunAnalyzersAsync(Project project, Compilation compilation, SyntaxTree tree, TextSpan? filterSpan, CancellationToken cancellationToken)
    {
        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(AnalyzerCatalog.Analyzers, options)
            .GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan, cancellationToken);
    }

    /// <summary>PMC diagnostics of one document: only this tree is analyzed; the compilation is shared and incremental.</summary>
    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || tree is null)
            return ImmutableArray<Diagnostic>.Empty;
        var semantic = await RunAnalyzersAsync(document.Project, compilation, tree, filterSpan: null, cancellationToken).ConfigureAwait(false);
        return Reportable(semantic, tree)
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

/// <summary>The PMC diagnostics of one text of a document.</summary>
/// <param name="Diagnostics">Ordered by position.</param>
/// <param name="IsComplete">False when only the edited member was re-analyzed and the rest carried over (see <see cref="DocumentAnalysisHost.UpdateDocumentIncrementallyAsync"/>).</param>
public sealed record DocumentAnalysis(IReadOnlyList<PmcDiagnostic> Diagnostics, bool IsComplete);

internal readonly record struct LocatedDiagnostic(TextSpan Span, PmcDiagnostic Diagnostic);

/// <summary>One analysis of one text; <see cref="Generation"/> orders analyses that finish out of order.</summary>
internal sealed record AnalysisRecord(long Generation, SourceText Text, SyntaxTree Tree, ImmutableArray<LocatedDiagnostic> Diagnostics, bool IsComplete)
{
    public DocumentAnalysis Result => new(this.Diagnostics.Select(d => d.Diagnostic).ToList(), this.IsComplete);
}

/// <summary>The single replacement that turns one text into another (common prefix and suffix kept).</summary>
internal static class TextDiff
{
    public static TextChange? Between(string before, string after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
            return null;
        var prefix = before.AsSpan().CommonPrefixLength(after);
        var maxSuffix = Math.Min(before.Length, after.Length) - prefix;
        var suffix = 0;
        while (suffix < maxSuffix && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
            suffix++;
        return new TextChange(TextSpan.FromBounds(prefix, before.Length - suffix), after.Substring(prefix, after.Length - suffix - prefix));
    }
}
