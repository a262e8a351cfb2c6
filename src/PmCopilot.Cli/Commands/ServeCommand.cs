using System.CommandLine;
using PmCopilot.Cli.Configuration;
using PmCopilot.LanguageServer;
using PmCopilot.LanguageServer.Configuration;

namespace PmCopilot.Cli.Commands;

/// <summary>
/// <c>pmcopilot serve</c>: the language server over stdio (what the VS Code extension starts). stdout carries only
/// LSP messages; logs go to stderr. The model settings resolved here seed the server; the editor may change them.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliApplication app)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Talk LSP over stdin/stdout (the default; accepted for editors that pass it)" };
        var knowledgeBase = new Option<string?>("--knowledge-base") { Description = "FAQ knowledge base: a JSON file in the format of the built-in FAQ data (docs/faq.md)" };
        var parentPid = new Option<int?>("--client-process-id", "--clientProcessId") { Description = "Exit when this process ends" };
        var http = new Option<bool>("--http") { Description = "Serve an OpenAI-compatible HTTP API (/v1/models, /v1/chat/completions) instead of LSP" };
        var host = new Option<string>("--host") { Description = "HTTP mode: address to listen on (loopback by default; the API has no authentication)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP mode: port", DefaultValueFactory = _ => 8080 };
        var command = new Command("serve", "Start the language server on stdio (used by the VS Code extension), or with --http an OpenAI-compatible API") { stdio, knowledgeBase, parentPid, http, host, port };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            if (parse.GetValue(http))
            {
                return await ServeHttpAsync(settings, console, parse.GetValue(host)!, parse.GetValue(port), token);
            }

            var knowledgeBasePath = parse.GetValue(knowledgeBase) is { } kb ? Path.GetFullPath(kb, console.WorkingDirectory) : null;
            if (knowledgeBasePath is not null)
            {
                CheckKnowledgeBase(knowledgeBasePath);
            }

            ChatProviderSettingsOrNull(settings, out var chatSettings);
            var options = new LanguageServerOptions
            {
                ChatSettings = chatSettings,
                Log = console.Error,
                ParentProcessId = parse.GetValue(parentPid),
                Settings = new ServerSettings { KnowledgeBase = knowledgeBasePath },
            };
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            return await LanguageServerHost.RunAsync(input, output, options, token);
        }));
        return command;
    }

    /// <summary>A wrong --knowledge-base fails at start, with the reason, rather than at the first FAQ request in the editor.</summary>
    private static void CheckKnowledgeBase(string path)
    {
        if (!File.Exists(path))
        {
            throw new Core.Jobs.JobInputException($"--knowledge-base: '{path}' does not exist (it takes a JSON file in the format of the built-in FAQ data; see docs/faq.md).");
        }

        try
        {
            _ = Core.Faq.FaqKnowledgeBase.Parse(File.ReadAllText(path));
        }
        catch (FormatException ex)
        {
            throw new Core.Jobs.JobInputException($"--knowledge-base: '{path}' is not a usable knowledge base: {ex.Message}");
        }
    }

    private static async Task<int> ServeHttpAsync(CliSettings settings, Output.CliConsole console, string host, int port, CancellationToken token)
    {
        if (port is < 0 or > 65535)
        {
            throw new Core.Jobs.JobInputException($"--port {port} is not a TCP port.");
        }

        if (settings.Provider.Value == ProviderKind.Local && settings.Model.Value is null)
        {
            throw new ModelUnavailableException("serve --http needs a model: --model NAME|PATH (see pmcopilot models list).");
        }

        await using var runtime = await RuntimeHost.TryLoadAsync(settings, console, embeddings: false, token)
            ?? throw new ModelUnavailableException("serve --http needs a model.");
        var modelId = settings.Model.Value is { } model ? Path.GetFileNameWithoutExtension(model) : "pmcopilot-local";
        await using var server = new PmCopilot.LanguageServer.Http.OpenAiHttpServer(runtime.Chat, new PmCopilot.LanguageServer.Http.OpenAiHttpServerOptions
        {
            Host = host,
            Port = port,
            ModelId = modelId,
            Log = console.Error,
        });
        try
        {
            server.Start();
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            throw new Core.Jobs.JobInputException($"cannot listen on {host}:{port}: {ex.Message}");
        }

        console.Info($"Serving {modelId} at {server.BaseAddress}v1 (Ctrl-C to stop)");
        try
        {
            await server.RunAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }

        console.Info("Stopped.");
        return ExitCodes.Success;
    }

    /// <summary>The configured model, if any; a missing model file is reported and the server starts without one.</summary>
    private static void ChatProviderSettingsOrNull(CliSettings settings, out Llama.ChatProviderSettings? chatSettings)
    {
        chatSettings = null;
        if (settings.Provider.Value == ProviderKind.OpenAI)
        {
            chatSettings = RuntimeHost.ToProviderSettings(settings, null, embeddings: true);
            return;
        }

        if (ModelResolution.ResolvePath(settings) is { } path)
        {
            chatSettings = RuntimeHost.ToProviderSettings(settings, path, embeddings: true);
        }
    }
}
