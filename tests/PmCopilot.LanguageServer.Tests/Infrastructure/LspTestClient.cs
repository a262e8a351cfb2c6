using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Nerdbank.Streams;
using PmCopilot.LanguageServer.Protocol;
using StreamJsonRpc;

namespace PmCopilot.LanguageServer.Tests.Infrastructure;

/// <summary>An LSP client over StreamJsonRpc talking to an in-process server through a duplex stream.</summary>
internal sealed class LspTestClient : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ClientTarget target = new();

    private LspTestClient(LanguageServerOptions options)
    {
        var (serverStream, clientStream) = FullDuplexStream.CreatePair();
        this.ServerRun = Task.Run(() => LanguageServerHost.RunAsync(serverStream, serverStream, options, this.stop.Token));
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = LspJson.CreateOptions() };
        this.Rpc = new JsonRpc(new HeaderDelimitedMessageHandler(clientStream, clientStream, formatter));
        this.Rpc.AddLocalRpcTarget(this.target);
        this.Rpc.StartListening();
    }

    public JsonRpc Rpc { get; }

    public Task<int> ServerRun { get; }

    public ChannelReader<PublishDiagnosticsParams> Published => this.target.Published.Reader;

    public ConcurrentQueue<JsonElement> Progress => this.target.Progress;

    public ConcurrentQueue<string> ShownDocuments => this.target.ShownDocuments;

    /// <summary>The params of each <c>client/registerCapability</c> the server sent.</summary>
    public ConcurrentQueue<JsonElement> Registrations => this.target.Registrations;

    /// <summary>One item per <c>workspace/diagnostic/refresh</c> the server sent.</summary>
    public ChannelReader<bool> Refreshes => this.target.Refreshes.Reader;

    public static async Task<LspTestClient> StartAsync(LanguageServerOptions? options = null, object? capabilities = null, object? initializationOptions = null, bool initialize = true)
    {
        var client = new LspTestClient(options ?? new LanguageServerOptions());
        if (initialize)
        {
            await client.InitializeAsync(capabilities, initializationOptions);
        }

        return client;
    }

    public async Task<JsonElement> InitializeAsync(object? capabilities = null, object? initializationOptions = null)
    {
        var result = await this.RequestAsync("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = (string?)null,
            capabilities = capabilities ?? new { },
            initializationOptions,
        });
        await this.Rpc.NotifyWithParameterObjectAsync("initialized", new { });
        return result;
    }

    public Task<JsonElement> RequestAsync(string method, object? parameters, CancellationToken cancellationToken = default) =>
        this.Rpc.InvokeWithParameterObjectAsync<JsonElement>(method, parameters, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

    public Task NotifyAsync(string method, object? parameters) => this.Rpc.NotifyWithParameterObjectAsync(method, parameters);

    public Task OpenAsync(string uri, string languageId, string text, int version = 1) =>
        this.NotifyAsync("textDocument/didOpen", new { textDocument = new { uri, languageId, version, text } });

    public Task ChangeAsync(string uri, int version, params object[] changes) =>
        this.NotifyAsync("textDocument/didChange", new { textDocument = new { uri, version }, contentChanges = changes });

    public static object Edit(int startLine, int startCharacter, int endLine, int endCharacter, string text) => new
    {
        range = new { start = new { line = startLine, character = startCharacter }, end = new { line = endLine, character = endCharacter } },
        text,
    };

    /// <summary>The next diagnostics published for <paramref name="uri"/> (at <paramref name="version"/> when given).</summary>
    public async Task<PublishDiagnosticsParams> WaitForDiagnosticsAsync(string uri, int? version = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var published = await this.Published.ReadAsync(cts.Token);
            if (published.Uri == uri && (version is null || published.Version == version))
            {
                return published;
            }
        }
    }

    public async Task<int> ShutdownAndExitAsync()
    {
        await this.RequestAsync("shutdown", null);
        await this.NotifyAsync("exit", null);
        return await this.ServerRun.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await this.stop.CancelAsync();
        try
        {
            await this.ServerRun.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
        }

        this.Rpc.Dispose();
        this.stop.Dispose();
    }

    private sealed class ClientTarget
    {
        public Channel<PublishDiagnosticsParams> Published { get; } = Channel.CreateUnbounded<PublishDiagnosticsParams>();

        public ConcurrentQueue<JsonElement> Progress { get; } = new();

        public ConcurrentQueue<string> ShownDocuments { get; } = new();

        public Channel<bool> Refreshes { get; } = Channel.CreateUnbounded<bool>();

        public ConcurrentQueue<JsonElement> Registrations { get; } = new();

        [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
        public object? RegisterCapability(JsonElement parameters)
        {
            this.Registrations.Enqueue(parameters.Clone());
            return null;
        }

        [JsonRpcMethod("workspace/diagnostic/refresh")]
        public object? RefreshDiagnostics()
        {
            this.Refreshes.Writer.TryWrite(true);
            return null;
        }

        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void PublishDiagnostics(PublishDiagnosticsParams parameters) => this.Published.Writer.TryWrite(parameters);

        [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
        public void OnProgress(JsonElement parameters) => this.Progress.Enqueue(parameters.Clone());

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public object? CreateProgress(JsonElement parameters)
        {
            _ = parameters;
            return null;
        }

        [JsonRpcMethod("window/showDocument", UseSingleObjectParameterDeserialization = true)]
        public object ShowDocument(JsonElement parameters)
        {
            this.ShownDocuments.Enqueue(parameters.GetProperty("uri").GetString()!);
            return new { success = true };
        }
    }
}
