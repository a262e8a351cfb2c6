// PmCopilot's model as a VS Code language model: it appears in the chat model picker and serves
// `vscode.lm` requests (and so `@pm` and any other participant) through the server's chat method.
import * as vscode from 'vscode';
import { Methods, type ChatMessage, type Role } from './protocol';
import type { PmServer } from './server';
import { PartialAccumulator } from './jobs';
import { estimateTokens, modelDisplayName } from './status';

export const vendor = 'pmcopilot';
export const modelId = 'pmcopilot-local';

function roleOf(role: vscode.LanguageModelChatMessageRole): Role {
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  if (role === vscode.LanguageModelChatMessageRole.User) return 'user';
  return 'system';
}

function textOf(content: readonly unknown[]): string {
  return content
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
    .join('');
}

export function toServerMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  return messages.map((m) => ({ role: roleOf(m.role), content: textOf(m.content) })).filter((m) => m.content !== '');
}

export class PmLanguageModelProvider implements vscode.LanguageModelChatProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  constructor(private readonly server: PmServer) {
    server.onDidChangeModelStatus(() => this.changed.fire());
  }

  provideLanguageModelChatInformation(): vscode.LanguageModelChatInformation[] {
    const status = this.server.modelStatus;
    const configured = this.server.settings().contextSize;
    const contextSize = configured > 0 ? configured : 4096;
    return [
      {
        id: modelId,
        name: 'PmCopilot',
        family: 'pmcopilot',
        version: '1',
        detail: modelDisplayName(status),
        tooltip: status?.description ?? status?.model ?? 'The model configured in pmcopilot.model, run by the PmCopilot server on this machine.',
        maxInputTokens: Math.max(256, contextSize - 512),
        maxOutputTokens: 1024,
        capabilities: {},
      },
    ];
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const accumulator = new PartialAccumulator();
    const maxTokens = typeof options.modelOptions?.maxTokens === 'number' ? options.modelOptions.maxTokens : undefined;
    const result = await this.server.stream(
      Methods.chat,
      { messages: toServerMessages(messages), ...(maxTokens ? { maxTokens } : {}) },
      token,
      (partial) => {
        const delta = accumulator.add(partial);
        if (delta !== '') progress.report(new vscode.LanguageModelTextPart(delta));
      },
    );
    const rest = accumulator.finish(result);
    if (rest !== '') progress.report(new vscode.LanguageModelTextPart(rest));
  }

  async provideTokenCount(
    _model: vscode.LanguageModelChatInformation,
    text: string | vscode.LanguageModelChatRequestMessage,
    token: vscode.CancellationToken,
  ): Promise<number> {
    const value = typeof text === 'string' ? text : textOf(text.content);
    try {
      const result = await this.server.request<{ count: number }>(Methods.countTokens, { text: value }, token);
      if (typeof result?.count === 'number') return result.count;
    } catch {
      // Servers without a tokenizer method: an estimate is enough for VS Code's budgeting.
    }
    return estimateTokens(value);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
