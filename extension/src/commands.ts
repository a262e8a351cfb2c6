// Commands: the same jobs as `@pm` for when the chat view is not there, plus model and server management.
import * as vscode from 'vscode';
import { ProgressType, type WorkDoneProgressBegin, type WorkDoneProgressReport, type WorkDoneProgressEnd } from 'vscode-languageclient/node';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { draftFileName, formatSources, isFeedbackFile, PartialAccumulator } from './jobs';
import { Methods, type CatalogEntry, type ModelPullResult } from './protocol';
import * as cli from './cli';
import { apiKeySecret, type PmServer } from './server';
import { backendLabel, modelDisplayName } from './status';

/** Opens an untitled Markdown editor and appends the job's text into it as the partial results stream in. */
async function streamIntoNewEditor(
  server: PmServer,
  title: string,
  method: string,
  params: Record<string, unknown>,
  fileName?: string,
): Promise<vscode.TextDocument | undefined> {
  const document = await openUntitledMarkdown(fileName);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  let pending = '';
  let writing = Promise.resolve();
  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      if (pending === '') return;
      const text = pending;
      pending = '';
      const end = document.lineAt(document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, text), { undoStopBefore: false, undoStopAfter: false });
    });
    return writing;
  };

  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `PmCopilot: ${title}`, cancellable: true },
    async (_progress, token) => {
      const accumulator = new PartialAccumulator();
      try {
        const result = await server.stream(method, params, token, (partial) => {
          pending += accumulator.add(partial);
          void flush();
        });
        const rest = accumulator.finish(result);
        await flush();
        if (result.text !== '' && accumulator.text !== result.text) {
          // The job's final document (headings, sections, quotes) replaces the raw text that streamed in.
          await writing;
          const all = new vscode.Range(0, 0, document.lineCount, 0);
          await editor.edit((edit) => edit.replace(all, result.text));
        } else {
          pending += rest;
        }
        pending += formatSources(accumulator.citations, accumulator.quotes.filter((q) => !document.getText().includes(q.text) && !pending.includes(q.text)));
        if (result?.deterministic) pending += '\n\n_No model is loaded: drafted by the deterministic mode._\n';
        await flush();
        return document;
      } catch (error) {
        await flush();
        if (token.isCancellationRequested) {
          void vscode.window.showInformationMessage(`PmCopilot: ${title} cancelled; the partial text is kept in the editor.`);
          return document;
        }
        void vscode.window.showErrorMessage(`PmCopilot: ${title} failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    },
  );
}

/** A new untitled Markdown document; with a name, Save offers it in the workspace folder. */
async function openUntitledMarkdown(fileName: string | undefined): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!fileName || !folder) return vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const stem = fileName.replace(/\.md$/, '');
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? `${stem}.md` : `${stem}-${n}.md`).with({ scheme: 'untitled' });
    if (open.has(uri.toString()) || fs.existsSync(vscode.Uri.joinPath(folder, uri.path.split('/').pop() ?? '').fsPath)) continue;
    const document = await vscode.workspace.openTextDocument(uri);
    return document.languageId === 'markdown' ? document : vscode.languages.setTextDocumentLanguage(document, 'markdown');
  }
}

async function askIdea(kind: 'prd' | 'spec'): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: kind === 'prd' ? 'Draft a PRD' : 'Draft an AI feature spec',
    prompt: kind === 'prd' ? 'Describe the product idea' : 'Describe the AI feature',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Describe the idea in a sentence or more.' : undefined),
  });
}

async function pickModel(server: PmServer): Promise<string | undefined> {
  let catalog: CatalogEntry[] = [];
  let fromServer = true;
  try {
    catalog = await server.request<CatalogEntry[]>(Methods.modelCatalog, {});
  } catch {
    // Servers without the catalog methods: the same executable's `models` commands.
    fromServer = false;
    try {
      if (server.serverCommand) catalog = await cli.listModels(server.serverCommand);
    } catch (error) {
      void vscode.window.showWarningMessage(`The model catalog is unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  type Item = vscode.QuickPickItem & { entry?: CatalogEntry; browse?: boolean };
  const items: Item[] = catalog.map((entry) => ({
    label: `${entry.installed ? '$(check) ' : '$(cloud-download) '}${entry.displayName ?? entry.name}`,
    description: [entry.sizeBytes ? `${(entry.sizeBytes / 1024 ** 3).toFixed(1)} GB` : '', entry.contextLength ? `${entry.contextLength} ctx` : '', entry.licence ?? '']
      .filter(Boolean)
      .join(' · '),
    detail: entry.description,
    entry,
  }));
  items.push({ label: '$(folder-opened) Use a .gguf file on disk…', browse: true });
  const chosen = await vscode.window.showQuickPick(items, { title: 'PmCopilot: pick a model', matchOnDescription: true, ignoreFocusOut: true });
  if (!chosen) return undefined;

  let value: string;
  if (chosen.browse) {
    const files = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'GGUF models': ['gguf'] }, title: 'Choose a GGUF model' });
    if (!files?.[0]) return undefined;
    value = files[0].fsPath;
  } else if (chosen.entry) {
    const entry = chosen.entry;
    value = entry.name;
    if (!entry.installed) {
      const pulled = fromServer ? await pullModel(server, entry) : await pullModelWithCli(server, entry);
      if (!pulled) return undefined;
    }
  } else {
    return undefined;
  }
  await vscode.workspace.getConfiguration('pmcopilot').update('model', value, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(`PmCopilot now uses ${value}.`);
  return value;
}

async function pullModel(server: PmServer, entry: CatalogEntry): Promise<ModelPullResult | undefined> {
  const client = await server.ready();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${entry.displayName ?? entry.name}`, cancellable: true },
    async (progress, token) => {
      const workDoneToken = randomUUID();
      let last = 0;
      const subscription = client.onProgress(
        new ProgressType<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>(),
        workDoneToken,
        (value) => {
          if (value.kind === 'end') return;
          const percentage = typeof value.percentage === 'number' ? value.percentage : undefined;
          const increment = percentage !== undefined ? Math.max(0, percentage - last) : undefined;
          if (percentage !== undefined) last = percentage;
          progress.report({ message: value.message, increment });
        },
      );
      try {
        return await server.request<ModelPullResult>(Methods.modelPull, { name: entry.name, workDoneToken }, token);
      } catch (error) {
        if (!token.isCancellationRequested) {
          void vscode.window.showErrorMessage(`Download failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return undefined;
      } finally {
        subscription.dispose();
      }
    },
  );
}

async function pullModelWithCli(server: PmServer, entry: CatalogEntry): Promise<string | undefined> {
  const command = server.serverCommand;
  if (!command) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${entry.displayName ?? entry.name} (pmcopilot models pull)`, cancellable: true },
    async (_progress, token) => {
      try {
        return await cli.pullModel(command, entry.name, token, server.log);
      } catch (error) {
        if (!token.isCancellationRequested) {
          void vscode.window.showErrorMessage(`Download failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return undefined;
      }
    },
  );
}

/** Opens every C# file of the workspace so the server analyzes it; results land in the Problems panel. */
async function lintWorkspace(server: PmServer): Promise<number> {
  await server.ready();
  const files = await vscode.workspace.findFiles('**/*.cs', '{**/bin/**,**/obj/**,**/node_modules/**,**/.git/**}', 2000);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'PmCopilot: analyzing C# files', cancellable: true },
    async (progress, token) => {
      for (const [i, file] of files.entries()) {
        if (token.isCancellationRequested) break;
        await vscode.workspace.openTextDocument(file);
        progress.report({ message: `${i + 1}/${files.length}`, increment: 100 / Math.max(1, files.length) });
      }
    },
  );
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return files.length;
}

export function registerCommands(server: PmServer, context: vscode.ExtensionContext): vscode.Disposable[] {
  const register = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn);
  return [
    register('pmcopilot.summarizeDocument', async (uri?: vscode.Uri) => {
      const editor = vscode.window.activeTextEditor;
      const target = uri instanceof vscode.Uri ? uri : editor?.document.uri;
      if (!target) {
        void vscode.window.showWarningMessage('Open a document (or select part of it) to summarize.');
        return undefined;
      }
      const params: Record<string, unknown> = { uri: target.toString() };
      if (editor && editor.document.uri.toString() === target.toString()) {
        if (!editor.selection.isEmpty) params.range = { start: editor.selection.start, end: editor.selection.end };
        if (editor.document.isDirty || editor.document.isUntitled) params.text = editor.document.getText();
      }
      return streamIntoNewEditor(server, 'Summary', Methods.summarizeDocument, params);
    }),
    register('pmcopilot.summarizeFeedback', async (uri?: vscode.Uri) => {
      let target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || !isFeedbackFile(target.path)) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Feedback: ['csv', 'tsv', 'xlsx', 'json', 'jsonl', 'txt'] }, title: 'Choose a feedback file' });
        target = picked?.[0];
      }
      if (!target) return undefined;
      return streamIntoNewEditor(server, 'Feedback summary', Methods.summarizeFeedback, { uri: target.toString() });
    }),
    register('pmcopilot.draftPrd', async (idea?: string) => {
      const text = typeof idea === 'string' ? idea : await askIdea('prd');
      if (!text) return undefined;
      return streamIntoNewEditor(server, 'PRD draft', Methods.draftPrd, { idea: text, contextUris: [] }, draftFileName('prd', text));
    }),
    register('pmcopilot.draftSpec', async (idea?: string) => {
      const text = typeof idea === 'string' ? idea : await askIdea('spec');
      if (!text) return undefined;
      return streamIntoNewEditor(server, 'AI spec draft', Methods.draftSpec, { idea: text, contextUris: [] }, draftFileName('spec', text));
    }),
    register('pmcopilot.askFaq', async (question?: string) => {
      const text = typeof question === 'string' ? question : await vscode.window.showInputBox({ title: 'Ask the knowledge base', ignoreFocusOut: true });
      if (!text) return undefined;
      return streamIntoNewEditor(server, 'FAQ answer', Methods.faq, { question: text });
    }),
    register('pmcopilot.openMarkdown', async (content?: string) => {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: typeof content === 'string' ? content : '' });
      await vscode.window.showTextDocument(document, { preview: false });
      return document;
    }),
    register('pmcopilot.lintWorkspace', () => lintWorkspace(server)),
    register('pmcopilot.modelStatus', async () => {
      const status = await server.refreshModelStatus();
      const origin = server.serverCommand ? ` Server: ${server.serverCommand.origin} (${server.serverCommand.command}).` : '';
      const message = status
        ? `PmCopilot: model ${status.state} — ${modelDisplayName(status)}${backendLabel(status) ? ` on ${backendLabel(status)}` : ''}.${status.description ? ` ${status.description}.` : ''}${status.message ? ` ${status.message}` : ''}${origin}`
        : `PmCopilot: the server did not report a model status.${origin}`;
      const choice = await vscode.window.showInformationMessage(message, 'Pick Model…', 'Open Log');
      if (choice === 'Pick Model…') await vscode.commands.executeCommand('pmcopilot.pickModel');
      if (choice === 'Open Log') server.log.show();
      return status;
    }),
    register('pmcopilot.pickModel', () => pickModel(server)),
    register('pmcopilot.setApiKey', async () => {
      const key = await vscode.window.showInputBox({ title: 'API key for the OpenAI-compatible endpoint', password: true, ignoreFocusOut: true, prompt: 'Stored in VS Code secret storage; empty clears it.' });
      if (key === undefined) return;
      if (key === '') await context.secrets.delete(apiKeySecret);
      else await context.secrets.store(apiKeySecret, key);
    }),
    register('pmcopilot.openChat', (query?: string) =>
      // Ask mode: Agent mode only lists models with tool calling, which the local model does not offer.
      vscode.commands.executeCommand('workbench.action.chat.open', {
        query: typeof query === 'string' ? query : '@pm ',
        isPartialQuery: typeof query !== 'string',
        mode: 'ask',
        modelSelector: { vendor: 'pmcopilot' },
      }),
    ),
    register('pmcopilot.showLog', () => server.log.show()),
    register('pmcopilot.restartServer', () => server.restart()),
  ];
}

