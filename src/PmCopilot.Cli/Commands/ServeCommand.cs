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
        var knowledgeBase = new Option<string?>("--knowledge-base") { Description = "Folder or file of Markdown/text the FAQ answers from" };
        var parentPid = new Option<int?>("--client-process-id", "--clientProcessId") { Description = "Exit when this process ends" };
        var command = new Command("serve", "Start the language server on stdio (used by the VS Code extension)") { stdio, knowledgeBase, parentPid };
        command.SetAction((parse, ct) => app.RunAsync(parse, ct, async (settings, console, token) =>
        {
            ChatProviderSettingsOrNull(settings, out var chatSettings);
            var options = new LanguageServerOptions
            {
                ChatSettings = chatSettings,
                Log = console.Error,
                ParentProcessId = parse.GetValue(parentPid),
                Settings = new ServerSettings { KnowledgeBase = parse.GetValue(knowledgeBase) is { } kb ? Path.GetFullPath(kb, console.WorkingDirectory) : null },
            };
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            return await LanguageServerHost.RunAsync(input, output, options, token);
        }));
        return command;
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
