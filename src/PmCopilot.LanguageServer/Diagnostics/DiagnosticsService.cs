using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Diagnostics;

/// <summary>
/// Findings per document version, computed once and shared by pushes, pulls, code actions and hovers. Analysis is
/// coalesced per document: edits during the quiet delay or during a running analysis fold into one later analysis of
/// the newest text, so a burst of keystrokes costs at most one stale analysis and one fresh one.
/// </summary>
/// <remarks>
/// Each version is first analyzed quickly (a C# source re-analyzes only the member an edit touched, as Roslyn's IDE does)
/// and published at once; when that result was partial and the user has paused, the whole document is analyzed and
/// published again if anything differs (push), or the client is asked to pull again (<c>workspace/diagnostic/refresh</c>).
/// A new edit cancels that second pass.
/// </remarks>
internal sealed class DiagnosticsService : IAsyncDisposable
{
    private readonly ImmutableArray<IDiagnosticSource> sources;
    private readonly Func<PublishDiagnosticsParams, Task> publish;
    private readonly Func<Task> refresh;
    private readonly TextWriter log;
    private readonly ConcurrentDictionary<string, Computation> computations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PushWorker> pushWorkers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource disposal = new();
    private readonly object dependentsGate = new();
    private readonly Dictionary<string, DocumentSnapshot> editedSinceQuiet = new(StringComparer.Ordinal);
    private IReadOnlyCollection<DocumentSnapshot> openAtLastEdit = [];
    private CancellationTokenSource? dependentsPause;

    public DiagnosticsService(ImmutableArray<IDiagnosticSource> sources, Func<PublishDiagnosticsParams, Task> publish, TextWriter log, Func<Task>? refresh = null)
    {
        this.sources = sources;
        this.publish = publish;
        this.refresh = refresh ?? (() => Task.CompletedTask);
        this.log = log;
    }

    /// <summary>Push <c>publishDiagnostics</c>; when off, the client pulls and is sent <c>workspace/diagnostic/refresh</c> instead.</summary>
    public bool PushEnabled { get; set; } = true;

    /// <summary>Whether the pull client accepts <c>workspace/diagnostic/refresh</c>.</summary>
    public bool RefreshSupported { get; set; }

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(25);

    public IDiagnosticSource? SourceFor(DocumentSnapshot document) => this.sources.FirstOrDefault(s => s.Handles(document));

    /// <summary>Findings for exactly this snapshot (text identity and version), computing them at most once.</summary>
    public Task<ImmutableArray<Finding>> GetFindingsAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        if (this.SourceFor(document) is not { } source)
        {
            return Task.FromResult(ImmutableArray<Finding>.Empty);
        }

        return this.GetAnalysisAsync(source, document, cancellationToken);
    }

    public void DocumentChanged(DocumentSnapshot document)
    {
        if (this.SourceFor(document) is null || (!this.PushEnabled && !this.RefreshSupported))
        {
            return;
        }

        var worker = this.pushWorkers.GetOrAdd(document.Uri, _ => new PushWorker(this));
        worker.Schedule(document);
    }

    /// <summary>
    /// Analyses these documents again though their text did not change (project files did): pushed again, or a pull client
    /// is asked to pull again.
    /// </summary>
    public Task ReanalyzeAsync(IReadOnlyCollection<DocumentSnapshot> documents)
    {
        foreach (var source in this.sources)
        {
            source.ProjectFilesChanged();
        }

        return this.AnalyzeAgainAsync(documents);
    }

    /// <summary>
    /// After an edit of <paramref name="changed"/>, once edits pause (<see cref="DependentsQuietTime"/>), the other open
    /// documents whose findings it can change (same C# project) are analysed again and pushed, or a pull client is asked
    /// to pull again. Called per keystroke, so it only notes the edit; which documents depend on it is worked out once,
    /// after the pause.
    /// </summary>
    public void DependentsMayChange(DocumentSnapshot changed, IReadOnlyCollection<DocumentSnapshot> open)
    {
        if (this.SourceFor(changed) is null || (!this.PushEnabled && !this.RefreshSupported) || open.Count < 2)
        {
            return;
        }

        CancellationTokenSource pause;
        lock (this.dependentsGate)
        {
            this.dependentsPause?.Cancel();
            this.dependentsPause?.Dispose();
            pause = this.dependentsPause = CancellationTokenSource.CreateLinkedTokenSource(this.disposal.Token);
            this.editedSinceQuiet[changed.Uri] = changed;
            this.openAtLastEdit = open;
        }

        _ = this.ReanalyzeDependentsAsync(pause.Token);
    }

    /// <summary>Quiet time after the last edit before other documents of its project are analysed again.</summary>
    public TimeSpan DependentsQuietTime { get; set; } = TimeSpan.FromMilliseconds(500);

    private async Task ReanalyzeDependentsAsync(CancellationToken pause)
    {
        try
        {
            await Task.Delay(this.DependentsQuietTime, pause).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        List<DocumentSnapshot> edited;
        IReadOnlyCollection<DocumentSnapshot> open;
        lock (this.dependentsGate)
        {
            edited = [.. this.editedSinceQuiet.Values];
            this.editedSinceQuiet.Clear();
            open = this.openAtLastEdit;
        }

        var dependents = open.Where(d => edited.Any(e => this.SourceFor(e) is { } source && source.Affects(e, d))).ToList();
        await this.AnalyzeAgainAsync(dependents).ConfigureAwait(false);
    }

    /// <summary>Drops the cached findings of unchanged documents and analyses them again: pushed, or refreshed for a pull client.</summary>
    private async Task AnalyzeAgainAsync(IReadOnlyCollection<DocumentSnapshot> documents)
    {
        foreach (var document in documents)
        {
            this.computations.TryRemove(document.Uri, out _);
            if (this.PushEnabled)
            {
                this.DocumentChanged(document);
            }
        }

        if (!this.PushEnabled && this.RefreshSupported && documents.Count > 0)
        {
            await this.refresh().ConfigureAwait(false);
        }
    }

    public void DocumentClosed(string uri)
    {
        this.computations.TryRemove(uri, out _);
        if (this.pushWorkers.TryRemove(uri, out var worker))
        {
            worker.Stop();
            if (this.PushEnabled)
            {
                _ = this.publish(new PublishDiagnosticsParams(uri, null, []));
            }
        }

        foreach (var source in this.sources)
        {
            source.Forget(uri);
        }
    }

    public static Diagnostic ToLsp(DocumentSnapshot document, Finding finding) => new()
    {
        Range = TextPositions.ToRange(document.Text, finding.Span),
        Severity = finding.Severity,
        Code = finding.Code,
        CodeDescription = Uri.TryCreate(finding.HelpUri, UriKind.Absolute, out _) ? new CodeDescription(finding.HelpUri!) : null,
        Source = finding.Source,
        Message = finding.Message,
    };

    /// <summary>A result id that changes exactly when the reported diagnostics change.</summary>
    public static string ResultIdOf(IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = new StringBuilder();
        foreach (var d in diagnostics)
        {
            text.Append(d.Code).Append('|').Append(d.Message).Append('|').Append(d.Severity)
                .Append('|').Append(d.Range.Start.Line).Append(':').Append(d.Range.Start.Character)
                .Append('-').Append(d.Range.End.Line).Append(':').Append(d.Range.End.Character).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }

    public async ValueTask DisposeAsync()
    {
        await this.disposal.CancelAsync().ConfigureAwait(false);
        lock (this.dependentsGate)
        {
            this.dependentsPause?.Dispose();
            this.dependentsPause = null;
        }

        foreach (var worker in this.pushWorkers.Values)
        {
            worker.Stop();
        }

        foreach (var source in this.sources.OfType<IDisposable>())
        {
            source.Dispose();
        }

        this.disposal.Dispose();
    }

    private static bool SameSnapshot(DocumentSnapshot a, DocumentSnapshot b) => ReferenceEquals(a.Text, b.Text) && a.Version == b.Version;

    private async Task<ImmutableArray<Finding>> GetAnalysisAsync(IDiagnosticSource source, DocumentSnapshot document, CancellationToken cancellationToken) =>
        (await this.GetComputation(source, document).Result.WaitAsync(cancellationToken).ConfigureAwait(false)).Findings;

    private Computation GetComputation(IDiagnosticSource source, DocumentSnapshot document) =>
        this.computations.AddOrUpdate(
            document.Uri,
            _ => new Computation(document, this.Start(document, ct => source.AnalyzeQuicklyAsync(document, ct))),
            (_, existing) => SameSnapshot(existing.Document, document)
                ? existing
                : new Computation(document, this.Start(document, ct => source.AnalyzeQuicklyAsync(document, ct))));

    /// <summary>
    /// The whole-document findings of <paramref name="document"/> when its quick result was partial (they then replace it);
    /// null when the quick result was already complete, or when a newer snapshot has taken its place.
    /// </summary>
    private async Task<ImmutableArray<Finding>?> CompleteAsync(IDiagnosticSource source, DocumentSnapshot document, CancellationToken cancellationToken)
    {
        // Never replace a newer snapshot's computation with this older one's.
        if (!this.computations.TryGetValue(document.Uri, out var computation) || !SameSnapshot(computation.Document, document))
        {
            return null;
        }

        var quick = await computation.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (quick.IsComplete)
        {
            return null;
        }

        var findings = await source.AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
        this.computations.TryUpdate(document.Uri, new Computation(document, Task.FromResult(new SourceFindings(findings, IsComplete: true))), computation);
        return findings;
    }

    private Task<SourceFindings> Start(DocumentSnapshot document, Func<CancellationToken, Task<SourceFindings>> analyze)
    {
        var token = this.disposal.Token;
        return Task.Run(
            async () =>
            {
                try
                {
                    return await analyze(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // An analysis failure must not take the editor's diagnostics down with it: report nothing for this version.
                    this.log.WriteLine($"pmcopilot-lsp: analysis of {document.Uri} failed: {ex}");
                    return new SourceFindings([], IsComplete: true);
                }
            },
            token);
    }

    private sealed record Computation(DocumentSnapshot Document, Task<SourceFindings> Result);

    /// <summary>
    /// Per document: analyzes the newest snapshot (quick pass, published at once), then, detached, the whole-document pass
    /// when the quick one was partial. The detached pass never delays the next edit's quick pass: a new edit cancels it and
    /// starts at once, and a finished pass publishes only if its snapshot is still the newest.
    /// </summary>
    private sealed class PushWorker
    {
        /// <summary>How long the user must pause before the whole-document pass starts (keystrokes come ~100–200 ms apart).</summary>
        private static readonly TimeSpan CompletionQuietTime = TimeSpan.FromMilliseconds(150);

        private readonly DiagnosticsService owner;
        private readonly object gate = new();
        private readonly SemaphoreSlim publishing = new(1, 1);
        private DocumentSnapshot? pending;
        private DocumentSnapshot? latest;
        private CancellationTokenSource? completing;
        private bool running;
        private bool stopped;

        public PushWorker(DiagnosticsService owner) => this.owner = owner;

        public void Schedule(DocumentSnapshot document)
        {
            lock (this.gate)
            {
                this.pending = document;
                this.latest = document;
                this.completing?.Cancel();
                if (this.running || this.stopped)
                {
                    return;
                }

                this.running = true;
            }

            _ = Task.Run(this.RunAsync);
        }

        public void Stop()
        {
            lock (this.gate)
            {
                this.stopped = true;
                this.pending = null;
                this.latest = null;
                this.completing?.Cancel();
            }
        }

        private bool IsLatest(DocumentSnapshot document)
        {
            lock (this.gate)
            {
                return !this.stopped && ReferenceEquals(this.latest, document);
            }
        }

        /// <summary>Publishes unless a newer snapshot has come (serialized, so an older result never lands after a newer one).</summary>
        private async Task PublishIfLatestAsync(DocumentSnapshot document, ImmutableArray<Finding> findings, bool onlyNewest)
        {
            await this.publishing.WaitAsync(this.owner.disposal.Token).ConfigureAwait(false);
            try
            {
                if (onlyNewest ? this.IsLatest(document) : this.IsCurrent())
                {
                    await this.owner.publish(new PublishDiagnosticsParams(document.Uri, document.Version, findings.Select(f => ToLsp(document, f)).ToArray())).ConfigureAwait(false);
                }
            }
            finally
            {
                this.publishing.Release();
            }
        }

        private bool IsCurrent()
        {
            lock (this.gate)
            {
                return !this.stopped;
            }
        }

        private async Task RunAsync()
        {
            var token = this.owner.disposal.Token;
            try
            {
                while (true)
                {
                    lock (this.gate)
                    {
                        if (this.pending is null || this.stopped)
                        {
                            this.running = false;
                            return;
                        }
                    }

                    if (this.owner.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(this.owner.Delay, token).ConfigureAwait(false);
                    }

                    DocumentSnapshot document;
                    lock (this.gate)
                    {
                        if (this.pending is null || this.stopped)
                        {
                            this.running = false;
                            return;
                        }

                        document = this.pending;
                        this.pending = null;
                    }

                    var source = this.owner.SourceFor(document)!;
                    var quick = await this.owner.GetComputation(source, document).Result.WaitAsync(token).ConfigureAwait(false);
                    if (this.owner.PushEnabled)
                    {
                        // Versions reach the client in order, each analysed once, even if a newer edit is already waiting.
                        await this.PublishIfLatestAsync(document, quick.Findings, onlyNewest: false).ConfigureAwait(false);
                    }

                    if (!quick.IsComplete)
                    {
                        this.StartCompletion(source, document, quick.Findings, token);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                this.owner.log.WriteLine($"pmcopilot-lsp: publishing diagnostics failed: {ex.Message}");
                lock (this.gate)
                {
                    this.running = false;
                }
            }
        }

        private void StartCompletion(IDiagnosticSource source, DocumentSnapshot document, ImmutableArray<Finding> quick, CancellationToken token)
        {
            CancellationTokenSource completion;
            lock (this.gate)
            {
                if (this.stopped || !ReferenceEquals(this.latest, document))
                {
                    return;
                }

                this.completing?.Cancel();
                completion = this.completing = CancellationTokenSource.CreateLinkedTokenSource(token);
            }

            _ = Task.Run(() => this.CompleteAsync(source, document, quick, completion));
        }

        /// <summary>The whole-document pass after a partial result; a newer edit cancels it.</summary>
        private async Task CompleteAsync(IDiagnosticSource source, DocumentSnapshot document, ImmutableArray<Finding> quick, CancellationTokenSource completion)
        {
            try
            {
                await Task.Delay(CompletionQuietTime, completion.Token).ConfigureAwait(false);
                var complete = await this.owner.CompleteAsync(source, document, completion.Token).ConfigureAwait(false);
                if (complete is not { } findings || !this.IsLatest(document)
                    || ResultIdOf(quick.Select(f => ToLsp(document, f)).ToArray()) == ResultIdOf(findings.Select(f => ToLsp(document, f)).ToArray()))
                {
                    return;
                }

                if (this.owner.PushEnabled)
                {
                    await this.PublishIfLatestAsync(document, findings, onlyNewest: true).ConfigureAwait(false);
                }
                else
                {
                    await this.owner.refresh().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // A newer edit (or shutdown): its own analysis follows.
            }
            catch (Exception ex)
            {
                // The quick result stays; the next edit tries again.
                this.owner.log.WriteLine($"pmcopilot-lsp: whole-document analysis of {document.Uri} failed: {ex.Message}");
            }
            finally
            {
                lock (this.gate)
                {
                    if (ReferenceEquals(this.completing, completion))
                    {
                        this.completing = null;
                    }
                }

                completion.Dispose();
            }
        }
    }
}
