using System.Collections.Immutable;
using System.Reflection;
using System.Text.Json;
using PmCopilot.LanguageServer.Assistant;
using PmCopilot.LanguageServer.Configuration;
using PmCopilot.LanguageServer.Diagnostics;
using PmCopilot.LanguageServer.Documents;
using PmCopilot.LanguageServer.Features;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Server;

/// <summary>The LSP methods. Each handler only adapts: documents go through the queue, work goes to the services.</summary>
internal sealed class LspServer : IAsyncDisposable
{
    internal const string ExplainRuleCommand = "pmcopilot.explainRule";

    private readonly JsonRpc rpc;
    private readonly TextWriter log;
    private readonly RequestQueue queue;
    private readonly DiagnosticsService diagnostics;
    private readonly RuleDocs ruleDocs;
    private readonly CodeActions codeActions;
    private readonly AssistantService assistant;
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientCapabilities client = ClientCapabilities.None;

    public LspServer(JsonRpc rpc, LanguageServerOptions options, TextWriter log)
    {
        this.rpc = rpc;
        this.log = log;
        var settings = options.ChatSettings is { } chat && options.Settings.Assistant == new AssistantSettings()
            ? options.Settings with { Assistant = AssistantSettings.From(chat) }
            : options.Settings;
        this.queue = new RequestQueue(ServerState.Create(settings), log);
        this.ruleDocs = new RuleDocs(options.RulesDirectory);
        this.diagnostics = new DiagnosticsService(options.DiagnosticSources is { } given ? [.. given] : DiagnosticSources.Create(this.ruleDocs), this.PublishAsync, log, this.RefreshDiagnosticsAsync)
        {
            Delay = TimeSpan.FromMilliseconds(options.Settings.DiagnosticsDelayMs),
        };
        this.codeActions = new CodeActions(this.diagnostics);
        this.assistant = new AssistantService(rpc, options.ModelLoader ?? new DefaultModelLoader(options.ChatSettings).LoadAsync, log, () => this.client);
    }

    public ServerLifecycle Lifecycle { get; } = new();

    public int? ClientProcessId { get; private set; }

    public Task Exited => this.exited.Task;

    // ---- lifecycle -------------------------------------------------------------------------------------------

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public async Task<InitializeResult> InitializeAsync(InitializeParams parameters)
    {
        this.ClientProcessId = parameters.ProcessId;
        this.client = ClientCapabilities.From(parameters.Capabilities);
        var root = DocumentUris.ToFilePath(parameters.RootUri ?? parameters.WorkspaceFolders?.FirstOrDefault()?.Uri ?? string.Empty) ?? parameters.RootPath;
        this.ruleDocs.SetWorkspaceRoot(root);

        var mode = parameters.InitializationOptions is { ValueKind: JsonValueKind.Object } init
                   && init.TryGetProperty("diagnosticsMode", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : null;
        // Pull when the client can (VS Code): pushing as well would show every diagnostic twice.
        this.diagnostics.PushEnabled = mode switch
        {
            "push" or "both" => true,
            "pull" => false,
            _ => !this.client.PullDiagnostics,
        };
        this.diagnostics.RefreshSupported = this.client.DiagnosticRefresh;

        await this.queue.MutateAsync(state => state with
        {
            Settings = state.Settings.Apply(parameters.InitializationOptions),
            WorkspaceRoot = root,
        }).ConfigureAwait(false);
        this.diagnostics.Delay = TimeSpan.FromMilliseconds(this.queue.Current.Settings.DiagnosticsDelayMs);

        var version = typeof(LspServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return new InitializeResult(
            new ServerCapabilities
            {
                HoverProvider = true,
                CodeActionProvider = new CodeActionOptions(["quickfix"], ResolveProvider: false),
                DiagnosticProvider = new DiagnosticOptions("pmcopilot", InterFileDependencies: true, WorkspaceDiagnostics: false),
                ExecuteCommandProvider = new ExecuteCommandOptions([ExplainRuleCommand]),
                Experimental = JsonSerializer.SerializeToElement(new { pmcopilot = new { methods = AssistantService.Methods } }, LspJson.Options),
            },
            new ServerInfo("pmcopilot", version?.Split('+')[0]));
    }

    [JsonRpcMethod("initialized")]
    public void Initialized()
    {
        if (this.client.WatchedFilesRegistration)
        {
            // Ask the client to tell us when what the analysis reads besides the documents changes (a restore, an .editorconfig).
            _ = this.RegisterProjectFileWatchersAsync();
        }
    }

    [JsonRpcMethod("shutdown")]
    public async Task<object?> ShutdownAsync()
    {
        this.Lifecycle.MarkShutdown();
        await this.assistant.UnloadAsync().ConfigureAwait(false);
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => this.exited.TrySetResult();

    // ---- text synchronisation (mutations) --------------------------------------------------------------------

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public Task DidOpenAsync(DidOpenTextDocumentParams parameters)
    {
        var item = parameters.TextDocument;
        var document = new DocumentSnapshot(item.Uri, item.LanguageId, item.Version, Microsoft.CodeAnalysis.Text.SourceText.From(item.Text));
        return this.queue.MutateAsync(
            state => state with { Documents = state.Documents.SetItem(item.Uri, document) },
            (_, _) => this.diagnostics.DocumentChanged(document));
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public Task DidChangeAsync(DidChangeTextDocumentParams parameters)
    {
        var uri = parameters.TextDocument.Uri;
        DocumentSnapshot? changed = null;
        return this.queue.MutateAsync(
            state =>
            {
                if (state.Find(uri) is not { } current)
                {
                    this.log.WriteLine($"pmcopilot-lsp: didChange for a document that is not open: {uri}");
                    return state;
                }

                changed = current.WithChanges(parameters.TextDocument.Version ?? current.Version + 1, parameters.ContentChanges);
                return state with { Documents = state.Documents.SetItem(uri, changed) };
            },
            (_, after) =>
            {
                if (changed is not null)
                {
                    this.diagnostics.DocumentChanged(changed);
                    this.diagnostics.DependentsMayChange(changed, after.Documents.Values.ToList());
                }
            });
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public Task DidCloseAsync(DidCloseTextDocumentParams parameters)
    {
        var uri = parameters.TextDocument.Uri;
        return this.queue.MutateAsync(
            state => state with { Documents = state.Documents.Remove(uri) },
            (_, _) => this.diagnostics.DocumentClosed(uri));
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public Task DidSaveAsync(DidSaveTextDocumentParams parameters)
    {
        // The text is already known from didChange: the findings of this version are published again (from the cache;
        // changed project files arrive as workspace/didChangeWatchedFiles).
        var uri = parameters.TextDocument.Uri;
        return this.queue.MutateAsync(
            state => state,
            (_, state) =>
            {
                if (state.Find(uri) is { } document)
                {
                    this.diagnostics.DocumentChanged(document);
                }
            });
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public Task DidChangeConfigurationAsync(DidChangeConfigurationParams parameters) =>
        this.queue.MutateAsync(
            state => state with { Settings = state.Settings.Apply(parameters.Settings) },
            (before, after) =>
            {
                this.diagnostics.Delay = TimeSpan.FromMilliseconds(after.Settings.DiagnosticsDelayMs);
                if (before.Settings.Assistant.NeedsReload(after.Settings.Assistant))
                {
                    this.assistant.InvalidateModel();
                }
            });

    /// <summary>
    /// Files the C# analysis reads besides the documents: a change re-reads them and analyses the open documents again
    /// (the client sends these for the watchers registered in <see cref="Initialized"/>, or for its own).
    /// </summary>
    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public Task DidChangeWatchedFilesAsync(DidChangeWatchedFilesParams parameters)
    {
        if (!(parameters.Changes ?? []).Any(c => IsProjectFile(c.Uri)))
        {
            return Task.CompletedTask;
        }

        return this.queue.MutateAsync(state => state, (before, after) => { _ = this.diagnostics.ReanalyzeAsync(after.Documents.Values.ToList()); });
    }

    internal static readonly string[] ProjectFileGlobs = ["**/.editorconfig", "**/*.globalconfig", "**/*.csproj", "**/Directory.Build.props", "**/obj/project.assets.json"];

    private static bool IsProjectFile(string uri)
    {
        var name = Path.GetFileName((DocumentUris.ToFilePath(uri) ?? uri).TrimEnd('/'));
        return name is ".editorconfig" or "Directory.Build.props" or "project.assets.json"
               || name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
               || name.EndsWith(".globalconfig", StringComparison.OrdinalIgnoreCase);
    }

    private async Task RegisterProjectFileWatchersAsync()
    {
        try
        {
            await this.rpc.InvokeWithParameterObjectAsync<object?>("client/registerCapability", new
            {
                registrations = new[]
                {
                    new
                    {
                        id = "pmcopilot-project-files",
                        method = "workspace/didChangeWatchedFiles",
                        registerOptions = new { watchers = ProjectFileGlobs.Select(g => new { globPattern = g }).ToArray() },
                    },
                },
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            // Without watchers the analysis reads project files again only after a restart; the server works on.
            this.log.WriteLine($"pmcopilot-lsp: the client did not register file watchers: {ex.Message}");
        }
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    [JsonRpcMethod("textDocument/diagnostic", UseSingleObjectParameterDeserialization = true)]
    public Task<DocumentDiagnosticReport> DiagnosticAsync(DocumentDiagnosticParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync(
            async (state, ct) =>
            {
                IReadOnlyList<Diagnostic> items = [];
                if (state.Find(parameters.TextDocument.Uri) is { } document)
                {
                    var findings = await this.diagnostics.GetFindingsAsync(document, ct).ConfigureAwait(false);
                    items = findings.Select(f => DiagnosticsService.ToLsp(document, f)).ToArray();
                }

                var resultId = DiagnosticsService.ResultIdOf(items);
                return parameters.PreviousResultId == resultId
                    ? new DocumentDiagnosticReport("unchanged", resultId)
                    : new DocumentDiagnosticReport("full", resultId, items);
            },
            cancellationToken);

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public Task<IReadOnlyList<CodeAction>> CodeActionAsync(CodeActionParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync(
            async (state, ct) =>
            {
                if (state.Find(parameters.TextDocument.Uri) is not { } document)
                {
                    return (IReadOnlyList<CodeAction>)[];
                }

                var actions = await this.codeActions.GetAsync(document, parameters.Range, parameters.Context, ct).ConfigureAwait(false);
                if (this.queue.Current.Find(document.Uri) is { } now && now.Version != document.Version && actions.Any(a => a.Edit is not null))
                {
                    // The edits were computed for text the user has since changed; applying them would corrupt it.
                    throw ErrorMapping.ContentModified("The document changed while code actions were computed");
                }

                return actions;
            },
            cancellationToken);

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Task<Hover?> HoverAsync(TextDocumentPositionParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync(
            async (state, ct) =>
            {
                if (state.Find(parameters.TextDocument.Uri) is not { } document)
                {
                    return null;
                }

                var findings = await this.diagnostics.GetFindingsAsync(document, ct).ConfigureAwait(false);
                return HoverContent.For(document, findings, parameters.Position, this.ruleDocs);
            },
            cancellationToken);

    [JsonRpcMethod("workspace/executeCommand", UseSingleObjectParameterDeserialization = true)]
    public async Task<object?> ExecuteCommandAsync(ExecuteCommandParams parameters, CancellationToken cancellationToken)
    {
        if (parameters.Command != ExplainRuleCommand)
        {
            throw ErrorMapping.InvalidParams($"Unknown command '{parameters.Command}'");
        }

        var ruleId = parameters.Arguments is [{ ValueKind: JsonValueKind.String } first, ..] ? first.GetString()! : throw ErrorMapping.InvalidParams("pmcopilot.explainRule needs the rule id, e.g. \"PMC001\"");
        var path = this.ruleDocs.PathOf(ruleId);
        var helpUri = parameters.Arguments is [_, { ValueKind: JsonValueKind.String } second, ..] ? second.GetString() : null;
        var target = path is not null ? DocumentUris.FromFilePath(path) : helpUri;
        if (target is null)
        {
            throw ErrorMapping.InvalidParams($"No documentation found for {ruleId}");
        }

        var shown = false;
        if (this.client.ShowDocument)
        {
            var result = await this.rpc.InvokeWithParameterObjectAsync<ShowDocumentResult?>(
                "window/showDocument",
                new ShowDocumentParams(target, External: path is null ? true : null, TakeFocus: true),
                cancellationToken).ConfigureAwait(false);
            shown = result?.Success ?? false;
        }

        return new ExplainRuleResult(ruleId, target, shown, this.ruleDocs.Explain(ruleId));
    }

    // ---- assistant ------------------------------------------------------------------------------------------

    [JsonRpcMethod("pmcopilot/chat", UseSingleObjectParameterDeserialization = true)]
    public Task<TextResult> ChatAsync(ChatParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.ChatAsync(state, parameters, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/faq", UseSingleObjectParameterDeserialization = true)]
    public Task<Core.Faq.FaqAnswer> FaqAsync(FaqParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.FaqAsync(state, parameters, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/summarizeDocument", UseSingleObjectParameterDeserialization = true)]
    public Task<DocumentSummaryResult> SummarizeDocumentAsync(SummarizeDocumentParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.SummarizeDocumentAsync(state, parameters, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/summarizeFeedback", UseSingleObjectParameterDeserialization = true)]
    public Task<FeedbackResult> SummarizeFeedbackAsync(SummarizeFeedbackParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.SummarizeFeedbackAsync(state, parameters, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/draftPrd", UseSingleObjectParameterDeserialization = true)]
    public Task<Core.Prd.PrdDraft> DraftPrdAsync(DraftParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.DraftAsync(state, parameters, Core.Prd.DraftKind.Prd, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/draftSpec", UseSingleObjectParameterDeserialization = true)]
    public Task<Core.Prd.PrdDraft> DraftSpecAsync(DraftParams parameters, CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, ct) => this.assistant.DraftAsync(state, parameters, Core.Prd.DraftKind.AiSpec, ct), cancellationToken);

    [JsonRpcMethod("pmcopilot/modelStatus")]
    public Task<ModelStatus> ModelStatusAsync(CancellationToken cancellationToken) =>
        this.queue.ReadAsync((state, _) => Task.FromResult(this.assistant.Status(state)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        this.queue.Complete();
        await this.diagnostics.DisposeAsync().ConfigureAwait(false);
        await this.assistant.UnloadAsync().ConfigureAwait(false);
    }

    private Task PublishAsync(PublishDiagnosticsParams parameters) =>
        this.rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", parameters);

    /// <summary>Asks a pull client to pull again: findings changed without an edit (the whole-document pass after a quick one).</summary>
    private async Task RefreshDiagnosticsAsync()
    {
        if (!this.client.DiagnosticRefresh)
        {
            return;
        }

        try
        {
            await this.rpc.InvokeAsync<object?>("workspace/diagnostic/refresh").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            // The client pulls again on its next edit anyway.
            this.log.WriteLine($"pmcopilot-lsp: workspace/diagnostic/refresh failed: {ex.Message}");
        }
    }
}

internal sealed record ExplainRuleResult(string RuleId, string Uri, bool Shown, string? Markdown);

/// <summary>The few client capabilities the server acts on.</summary>
internal sealed record ClientCapabilities(bool WorkDoneProgress, bool ShowDocument, bool PullDiagnostics, bool DiagnosticRefresh = false, bool WatchedFilesRegistration = false)
{
    public static readonly ClientCapabilities None = new(false, false, false);

    public static ClientCapabilities From(JsonElement? capabilities)
    {
        if (capabilities is not { ValueKind: JsonValueKind.Object } root)
        {
            return None;
        }

        var window = Get(root, "window");
        var textDocument = Get(root, "textDocument");
        var workspace = Get(root, "workspace");
        return new ClientCapabilities(
            WorkDoneProgress: window is { } w && Get(w, "workDoneProgress") is { ValueKind: JsonValueKind.True },
            ShowDocument: window is { } w2 && Get(w2, "showDocument") is { } show && Get(show, "support") is { ValueKind: JsonValueKind.True },
            PullDiagnostics: textDocument is { } t && Get(t, "diagnostic") is { ValueKind: JsonValueKind.Object },
            DiagnosticRefresh: workspace is { } ws && Get(ws, "diagnostics") is { } d && Get(d, "refreshSupport") is { ValueKind: JsonValueKind.True },
            WatchedFilesRegistration: workspace is { } ws2 && Get(ws2, "didChangeWatchedFiles") is { } w3 && Get(w3, "dynamicRegistration") is { ValueKind: JsonValueKind.True });
    }

    private static JsonElement? Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;
}
