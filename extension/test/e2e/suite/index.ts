// The end-to-end suite. It runs inside VS Code's extension host (real `vscode` API, real server, tiny random model),
// so it checks machinery, never wording. VS Code loads this module through `extensionTestsPath` and calls run().
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PmCopilotApi } from '../../../src/extension';
import type { ChatOutcome } from '../../../src/participant';
import { Methods, type AssistantPartial, type AssistantResult } from '../../../src/protocol';
import type { E2eConfig, SuiteReport, TestResult } from '../shared';

const extensionId = 'pmcopilot.pmcopilot';

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return folder.uri.fsPath;
}

function readConfig(): E2eConfig {
  return JSON.parse(fs.readFileSync(path.join(workspaceRoot(), '.pmc-e2e.json'), 'utf8')) as E2eConfig;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** Asks the runner for a browser screenshot and waits until it is taken. */
async function screenshot(config: E2eConfig, name: string): Promise<void> {
  await sleep(700); // let the workbench paint
  fs.writeFileSync(path.join(config.handshake, `${name}.request`), '');
  const done = path.join(config.handshake, `${name}.done`);
  await waitFor(`screenshot ${name}`, () => fs.existsSync(done) || undefined, 15_000).catch(() => undefined);
}

function pmcDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => /^PMC\d{3}$/.test(diagnosticCode(d)));
}

function diagnosticCode(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return String(code ?? '');
}

function nextOutcome(api: PmCopilotApi, timeoutMs: number): Promise<ChatOutcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no @pm request finished within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = api.onDidFinishChatRequest((outcome) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(outcome);
    });
  });
}

/** Sends a chat message the way a user does: Ask mode, PmCopilot's model picked in the model picker. */
async function openChat(query: string): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.chat.open', { query, mode: 'ask', modelSelector: { vendor: 'pmcopilot' } });
}

export async function run(): Promise<void> {
  const config = readConfig();
  const results: TestResult[] = [];
  let api: PmCopilotApi | undefined;
  const getApi = (): PmCopilotApi => {
    assert.ok(api, 'the extension activated');
    return api;
  };
  const test = async (name: string, timeoutMs: number, body: () => Promise<void>): Promise<void> => {
    const started = Date.now();
    try {
      await Promise.race([
        body(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`test timed out after ${timeoutMs} ms`)), timeoutMs)),
      ]);
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) });
    }
    fs.writeFileSync(config.resultsFile, JSON.stringify({ tests: results } satisfies SuiteReport, null, 2));
  };

  await test('activates and starts the real server', 60_000, async () => {
    const extension = vscode.extensions.getExtension<PmCopilotApi>(extensionId);
    assert.ok(extension, `${extensionId} is installed in development mode`);
    api = await extension.activate();
    await api.server.ready();
    assert.equal(api.server.state, 'running');
    assert.equal(api.server.serverCommand?.origin, 'setting', 'the server came from pmcopilot.server.path');
  });

  await test('registers PmCopilot as a language model', 30_000, async () => {
    const models = await waitFor('a pmcopilot chat model', async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'pmcopilot' });
      return found.length > 0 ? found : undefined;
    }, 20_000);
    assert.equal(models[0]?.id, 'pmcopilot-local');
  });

  await test('the language model streams an answer from the server', 90_000, async () => {
    const [model] = await vscode.lm.selectChatModels({ vendor: 'pmcopilot' });
    assert.ok(model);
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Say hello.')], { modelOptions: { maxTokens: 16 } });
    let chunks = 0;
    let text = '';
    for await (const chunk of response.text) {
      chunks++;
      text += chunk;
    }
    assert.ok(chunks >= 1 && text.length > 0, 'at least one streamed chunk of text');
  });

  await test('the model status reports the configured model as ready', 30_000, async () => {
    const status = await getApi().server.refreshModelStatus();
    assert.ok(status, 'the server answered pmcopilot/modelStatus');
    assert.equal(status.state, 'ready', `state ${status.state}: ${status.message ?? ''}`);
    assert.equal(status.provider, 'local');
    assert.equal(path.resolve(status.model ?? ''), path.resolve(config.model), 'the model from the settings');
  });

  const sample = (): vscode.Uri => vscode.Uri.file(path.join(workspaceRoot(), 'src', 'ChurnTraining.cs'));

  await test('diagnostics from the server on a C# ML file', 90_000, async () => {
    getApi();
    const document = await vscode.workspace.openTextDocument(sample());
    await vscode.window.showTextDocument(document);
    const found = await waitFor('PMC diagnostics', () => (pmcDiagnostics(sample()).length > 0 ? pmcDiagnostics(sample()) : undefined), 80_000);
    for (const d of found) assert.ok(d.message.length > 0, `${diagnosticCode(d)} has a message`);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot(config, 'problems-panel');
  });

  await test('a quick fix from the server applies and clears its diagnostic', 90_000, async () => {
    const uri = sample();
    const document = await vscode.workspace.openTextDocument(uri);
    const before = document.getText();
    let applied: { code: string; title: string; line: number } | undefined;
    const seen: string[] = [];
    for (const diagnostic of pmcDiagnostics(uri)) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      seen.push(...(actions ?? []).map((a) => `${diagnosticCode(diagnostic)}: "${a.title}" edit=${a.edit?.size ?? 'none'} diagnostics=${(a.diagnostics ?? []).map(diagnosticCode).join('+')}`));
      // The API command drops the action's own diagnostics list; the range asked for ties it to this diagnostic.
      const fix = actions?.find((a) => a.edit && a.edit.size > 0);
      if (!fix?.edit) continue;
      assert.ok(await vscode.workspace.applyEdit(fix.edit), `applied "${fix.title}"`);
      applied = { code: diagnosticCode(diagnostic), title: fix.title, line: diagnostic.range.start.line };
      break;
    }
    assert.ok(applied, `some PMC diagnostic offered a quick fix with an edit (actions: ${seen.join('; ') || 'none'})`);
    assert.notEqual(document.getText(), before, 'the fix changed the document');
    const code = applied.code;
    await waitFor(`${code} to clear after "${applied.title}"`, () => (pmcDiagnostics(uri).some((d) => diagnosticCode(d) === code) ? undefined : true), 60_000);
  });

  await test('@pm /faq answers through the chat with knowledge-base citations', 120_000, async () => {
    const outcome = nextOutcome(getApi(), 110_000);
    await openChat('@pm /faq What does the churn model predict?');
    const result = await outcome;
    await screenshot(config, 'chat-faq');
    assert.equal(result.error, undefined, `no error (got ${result.error ?? ''})`);
    assert.equal(result.command, 'faq');
    assert.equal(result.modelVendor, 'pmcopilot', 'the chat ran on the registered PmCopilot model');
    assert.ok(result.text.trim().length > 0, 'an answer was streamed');
    assert.ok(result.citations.length > 0, 'the answer cites the knowledge base');
    const kb = fs.readFileSync(path.join(workspaceRoot(), 'docs', 'faq-kb.json'), 'utf8');
    for (const c of result.citations) {
      assert.ok(kb.includes(`"id": "${c.source}"`) || /churn-faq\.md|release-process\.md|faq-kb\.json/.test(c.source), `citation ${c.source} is an entry of the workspace's knowledge base`);
    }
    assert.ok(result.references.length > 0, 'citations were shown as chat references');
    assert.ok(result.references.every((r) => /faq-kb\.json|churn-faq\.md|release-process\.md/.test(r)), `references open the knowledge base (got ${result.references.join(', ')})`);
  });

  await test('a PRD is drafted into a new Markdown editor', 120_000, async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('pmcopilot.draftPrd', 'Let support agents see a churn-risk score for each customer');
    assert.ok(document, 'the command returned the drafted document');
    assert.equal(document.languageId, 'markdown');
    assert.ok(document.isUntitled, 'a new, unsaved editor');
    assert.equal(vscode.window.activeTextEditor?.document, document, 'the draft is the active editor');
    assert.ok(/^#{1,3} \S/m.test(document.getText()), 'the draft has Markdown headings');
    await screenshot(config, 'prd-draft');
  });

  await test('a feedback file is summarized into a new editor with verbatim quotes', 120_000, async () => {
    const file = vscode.Uri.file(path.join(workspaceRoot(), 'feedback', 'survey.csv'));
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('pmcopilot.summarizeFeedback', file);
    assert.ok(document, 'the command returned the summary document');
    assert.equal(document.languageId, 'markdown');
    const source = fs.readFileSync(file.fsPath, 'utf8');
    // Quote lines, without the "(file:line)" note a Quotes block adds.
    const quotes = document.getText().split('\n').filter((l) => l.startsWith('> ')).map((l) => l.slice(2).replace(/ \([^()]*\)$/, '').trim());
    assert.ok(quotes.length > 0, 'the summary quotes the feedback');
    for (const quote of quotes) assert.ok(source.includes(quote), `"${quote}" is verbatim from the file`);
  });

  await test('cancelling a streaming request stops it and the server keeps serving', 120_000, async () => {
    const server = getApi().server;
    const source = new vscode.CancellationTokenSource();
    let partials = 0;
    // Cancel ($/cancelRequest) as soon as the first piece of the answer arrives; the answer could run to 400 tokens.
    const request = server.stream(Methods.chat, { messages: [{ role: 'user', content: 'Write a long story.' }], maxTokens: 400 }, source.token, (_p: AssistantPartial) => {
      partials++;
      if (partials === 1) source.cancel();
    });
    let outcome: string;
    try {
      const result: AssistantResult = await request;
      outcome = `resolved (${result.finishReason ?? 'no finish reason'}, ${result.text.length} chars)`;
    } catch (error) {
      outcome = `rejected: ${error instanceof Error ? error.message : String(error)}`;
    }
    assert.ok(partials >= 1, `the answer streamed before the cancel (${outcome})`);
    assert.match(outcome, /^rejected: .*cancel/i, 'the request ended as cancelled');
    const settledAt = partials;
    await sleep(500);
    assert.equal(partials, settledAt, 'no more partial results after the cancel');
    const after = await server.request<AssistantResult>(Methods.chat, { messages: [{ role: 'user', content: 'Hi' }], maxTokens: 4 });
    assert.equal(typeof after.text, 'string', 'the server answers the next request');
  });

  await test('cancelling @pm in the chat view stops the streaming answer', 120_000, async () => {
    const api = getApi();
    const outcome = nextOutcome(api, 110_000);
    // Cancel the way the chat's stop button does, as soon as the first piece of the draft has streamed in.
    const firstPartial = new Promise<void>((resolve) => {
      const sub = api.onDidReceiveChatPartial(() => {
        sub.dispose();
        resolve();
      });
    });
    await openChat('@pm /prd A mobile app that plans weekly meals from what is in the fridge');
    const first = await Promise.race([firstPartial.then(() => undefined), outcome]);
    assert.equal(first?.error, undefined, `no error before the first partial (got ${first?.error ?? ''})`);
    assert.equal(first, undefined, 'the answer was still streaming when cancelled');
    // The stop command acts on the last focused chat widget; an editor opened by an earlier test can hold the focus,
    // and then the press is lost (as a user's click on a hidden view would be). Press again, with the chat in front,
    // until the request ends, as a user would.
    let settled = false;
    void outcome.then(() => (settled = true), () => (settled = true));
    for (let press = 0; press < 20 && !settled; press++) {
      if (press > 0) await vscode.commands.executeCommand('workbench.action.chat.open');
      await vscode.commands.executeCommand('workbench.action.chat.cancel');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const result = await outcome;
    await screenshot(config, 'chat-cancelled');
    assert.equal(result.error, undefined, `no error (got ${result.error ?? ''})`);
    assert.ok(result.partials >= 1, 'the answer had started streaming');
    assert.ok(result.cancelled, 'the request ended as cancelled');
  });

  await test('lint workspace opens the C# files and their diagnostics reach the Problems panel', 60_000, async () => {
    const count = await vscode.commands.executeCommand<number>('pmcopilot.lintWorkspace');
    assert.equal(count, 1, 'the fixture has one C# file (bin/obj excluded)');
    await waitFor('PMC diagnostics after linting', () => (pmcDiagnostics(sample()).length > 0 ? true : undefined), 30_000);
  });

  await test('settings changes reach the server without a restart', 60_000, async () => {
    const server = getApi().server;
    const settings = vscode.workspace.getConfiguration('pmcopilot');
    const model = settings.get<string>('model');
    try {
      await settings.update('model', '', vscode.ConfigurationTarget.Workspace);
      const none = await waitFor('model state none', async () => ((await server.refreshModelStatus())?.state === 'none' ? true : undefined), 20_000);
      assert.ok(none);
    } finally {
      await settings.update('model', model, vscode.ConfigurationTarget.Workspace);
    }
    const back = await waitFor('the model configured again', async () => {
      const status = await server.refreshModelStatus();
      return status && status.state !== 'none' ? status : undefined;
    }, 20_000);
    assert.equal(path.resolve(back.model ?? ''), path.resolve(config.model));
    assert.equal(server.state, 'running', 'the same server kept running');
  });

  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} end-to-end test(s) failed: ${failed.map((f) => f.name).join('; ')}`);
}
