using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Protocol;

namespace PmCopilot.LanguageServer.Diagnostics;

/// <summary>
/// Findings per document version, computed once and shared by pushes, pulls, code actions and hovers. Pushing is
/// coalesced per document: edits during the quiet delay or during a running analysis fold into one later analysis of
/// the newest text, so a burst of keystrokes costs at most one stale analysis and one fresh one.
/// </summary>
internal sealed class DiagnosticsService : IAsyncDisposable
{
    private readonly ImmutableArray<IDiagnosticSource> sources;
    private readonly Func<PublishDiagnosticsParams, Task> publish;
    private readonly TextWriter log;
    private readonly ConcurrentDictionary<string, Computation> computations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PushWorker> pushWorkers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource disposal = new();

    public DiagnosticsService(ImmutableArray<IDiagnosticSource> sources, Func<PublishDiagnosticsParams, Task> publish, TextWriter log)
    {
        this.sources = sources;
        this.publish = publish;
        this.log = log;
    }

    public bool PushEnabled { get; set; } = true;

    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(25);

    public IDiagnosticSource? SourceFor(DocumentSnapshot document) => this.sources.FirstOrDefault(s => s.Handles(document));

    /// <summary>Findings for exactly this snapshot (text identity and version), computing them at most once.</summary>
    public Task<ImmutableArray<Finding>> GetFindingsAsync(DocumentSnapshot document, CancellationToken cancellationToken)
    {
        if (this.SourceFor(document) is not { } source)
        {
            return Task.FromResult(ImmutableArray<Finding>.Empty);
        }

        var computation = this.computations.AddOrUpdate(
            document.Uri,
            _ => new Computation(document, this.Start(source, document)),
            (_, existing) => ReferenceEquals(existing.Document.Text, document.Text) && existing.Document.Version == document.Version
                ? existing
                : new Computation(document, this.Start(source, document)));
        return computation.Findings.WaitAsync(cancellationToken);
    }

    public void DocumentChanged(DocumentSnapshot document)
    {
        if (!this.PushEnabled || this.SourceFor(document) is null)
        {
            return;
        }

        var worker = this.pushWorkers.GetOrAdd(document.Uri, _ => new PushWorker(this));
        worker.Schedule(document);
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

    private Task<ImmutableArray<Finding>> Start(IDiagnosticSource source, DocumentSnapshot document)
    {
        var token = this.disposal.Token;
        return Task.Run(
            async () =>
            {
                try
                {
                    return await source.AnalyzeAsync(document, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // An analysis failure must not take the editor's diagnostics down with it: report nothing for this version.
                    this.log.WriteLine($"pmcopilot-lsp: analysis of {document.Uri} failed: {ex}");
                    return ImmutableArray<Finding>.Empty;
                }
            },
            token);
    }

    private sealed record Computation(DocumentSnapshot Document, Task<ImmutableArray<Finding>> Findings);

    private sealed class PushWorker
    {
        private readonly DiagnosticsService owner;
        private readonly object gate = new();
        private DocumentSnapshot? pending;
        private bool running;
        private bool stopped;

        public PushWorker(DiagnosticsService owner) => this.owner = owner;

        public void Schedule(DocumentSnapshot document)
        {
            lock (this.gate)
            {
                this.pending = document;
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

                    var findings = await this.owner.GetFindingsAsync(document, token).ConfigureAwait(false);
                    bool stale;
                    lock (this.gate)
                    {
                        stale = this.stopped;
                    }

                    if (!stale)
                    {
                        var diagnostics = findings.Select(f => ToLsp(document, f)).ToArray();
                        await this.owner.publish(new PublishDiagnosticsParams(document.Uri, document.Version, diagnostics)).ConfigureAwait(false);
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
    }
}
