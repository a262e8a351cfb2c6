// Entry point: wires the server, the language model, the `@pm` participant, the commands and the status bar.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { PmLanguageModelProvider, vendor } from './languageModel';
import { registerParticipant, type ChatOutcome } from './participant';
import { PmServer } from './server';
import { statusBarView } from './status';

/** The extension's API: what other extensions (and the end-to-end tests) can observe. */
export interface PmCopilotApi {
  server: PmServer;
  /** Fires when an `@pm` request finishes, cancelled or not. */
  onDidFinishChatRequest: vscode.Event<ChatOutcome>;
  chatOutcomes: readonly ChatOutcome[];
  /** Fires for each streamed piece of an `@pm` answer, with the slash command. */
  onDidReceiveChatPartial: vscode.Event<string | undefined>;
}

export function activate(context: vscode.ExtensionContext): PmCopilotApi {
  const server = new PmServer(context);
  const outcomes: ChatOutcome[] = [];
  const outcomeEmitter = new vscode.EventEmitter<ChatOutcome>();
  const partialEmitter = new vscode.EventEmitter<string | undefined>();

  const statusItem = vscode.window.createStatusBarItem('pmcopilot.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'PmCopilot model';
  statusItem.command = 'pmcopilot.showLog';
  const render = (): void => {
    const view = statusBarView(server.state, server.modelStatus);
    statusItem.text = view.text;
    statusItem.tooltip = view.tooltip;
    statusItem.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    statusItem.show();
  };
  render();

  const provider = new PmLanguageModelProvider(server);
  context.subscriptions.push(
    server,
    statusItem,
    outcomeEmitter,
    partialEmitter,
    provider,
    server.onDidChangeState(render),
    server.onDidChangeModelStatus(render),
    vscode.lm.registerLanguageModelChatProvider(vendor, provider),
    registerParticipant(server, (outcome) => {
      outcomes.push(outcome);
      outcomeEmitter.fire(outcome);
    }, (command) => partialEmitter.fire(command)),
    ...registerCommands(server, context),
  );

  // Start at once so C# and Markdown diagnostics appear without waiting for the first job.
  server.ready().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`PmCopilot: ${message}`, 'Open Log').then((choice) => {
      if (choice) server.log.show();
    });
  });

  return { server, onDidFinishChatRequest: outcomeEmitter.event, chatOutcomes: outcomes, onDidReceiveChatPartial: partialEmitter.event };
}

export function deactivate(): void {
  // The server is disposed through context.subscriptions.
}
