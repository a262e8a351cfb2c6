// The `@pm` chat participant: slash commands run the server's jobs and stream their partial results;
// free questions go to the language model chosen in the chat (PmCopilot's own, registered in languageModel.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { followUpsFor, formatSources, planJob, PartialAccumulator, truncate, type ChatContext } from './jobs';
import { Methods } from './protocol';
import type { ChatMessage, Citation, FeedbackQuote } from './protocol';
import type { PmServer } from './server';

export const participantId = 'pmcopilot.pm';

/** What a finished `@pm` request did; exported to the end-to-end tests through the extension's API. */
export interface ChatOutcome {
  command: string | undefined;
  prompt: string;
  text: string;
  citations: Citation[];
  quotes: FeedbackQuote[];
  references: string[];
  modelVendor: string;
  modelId: string;
  partials: number;
  cancelled: boolean;
  error?: string;
}

interface PmChatResult extends vscode.ChatResult {
  metadata: { command: string | undefined; prompt: string };
}

function historyOf(context: vscode.ChatContext): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const turn of context.history) {
    if (turn.participant !== participantId) continue;
    if (turn instanceof vscode.ChatRequestTurn) {
      messages.push({ role: 'user', content: turn.prompt });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response
        .map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : ''))
        .join('');
      if (text !== '') messages.push({ role: 'assistant', content: text });
    }
  }
  return messages.slice(-8);
}

/** The files attached to the request (#file, drag and drop, the editor's implicit context), with selections. */
function attachments(request: vscode.ChatRequest): Pick<ChatContext, 'attachedUris' | 'attachedRanges'> {
  const attachedUris: string[] = [];
  const attachedRanges: NonNullable<ChatContext['attachedRanges']> = {};
  for (const ref of request.references) {
    if (ref.value instanceof vscode.Uri) {
      attachedUris.push(ref.value.toString());
    } else if (ref.value instanceof vscode.Location) {
      const uri = ref.value.uri.toString();
      attachedUris.push(uri);
      const { start, end } = ref.value.range;
      if (!ref.value.range.isEmpty) attachedRanges[uri] = { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
    }
  }
  return { attachedUris, attachedRanges };
}

function chatContext(request: vscode.ChatRequest, context: vscode.ChatContext): ChatContext {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.selection : undefined;
  return {
    ...attachments(request),
    activeDocument: editor ? { uri: editor.document.uri.toString(), languageId: editor.document.languageId } : undefined,
    selection: selection
      ? {
          start: { line: selection.start.line, character: selection.start.character },
          end: { line: selection.end.line, character: selection.end.character },
        }
      : undefined,
    history: historyOf(context),
  };
}

/** A citation's source as a URI VS Code can open, resolving workspace-relative paths. */
export function citationUri(source: string): vscode.Uri | undefined {
  if (/^[a-z][a-z0-9+.-]+:/i.test(source) && !/^[a-z]:[\\/]/i.test(source)) return vscode.Uri.parse(source);
  const folder = vscode.workspace.workspaceFolders?.[0];
  const file = path.isAbsolute(source) ? source : folder ? path.join(folder.uri.fsPath, source) : undefined;
  // A source that is only an entry id (no file behind it) is listed under Sources but not linked.
  return file && fs.existsSync(file) ? vscode.Uri.file(file) : undefined;
}

/** Where a knowledge-base entry named only by id is defined: its `"id"` line in the JSON knowledge base. */
function entryLocation(id: string, knowledgeBase: string): vscode.Location | undefined {
  if (!knowledgeBase.toLowerCase().endsWith('.json') || !fs.existsSync(knowledgeBase)) return undefined;
  const lines = fs.readFileSync(knowledgeBase, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(`"${id}"`) && /"id"\s*:/.test(l));
  return line >= 0 ? new vscode.Location(vscode.Uri.file(knowledgeBase), new vscode.Position(line, 0)) : undefined;
}

function citationLocation(citation: { source: string; line?: number }, knowledgeBase: string): vscode.Uri | vscode.Location | undefined {
  const uri = citationUri(citation.source);
  if (!uri) return entryLocation(citation.source, knowledgeBase);
  return citation.line !== undefined ? new vscode.Location(uri, new vscode.Position(Math.max(0, citation.line), 0)) : uri;
}

/** An unsaved or non-file document is sent as its text (the server reads files, or the documents it has open). */
function withUnsavedText(method: string, params: Record<string, unknown>): Record<string, unknown> {
  if (method !== Methods.summarizeDocument || typeof params.uri !== 'string' || params.uri.startsWith('file:')) return params;
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
  if (!document) return params;
  const range = params.range as { start: vscode.Position; end: vscode.Position } | undefined;
  const text = range ? document.getText(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character)) : document.getText();
  return { text, fileName: `${path.basename(document.uri.path) || 'document'}${document.languageId === 'markdown' && !document.uri.path.endsWith('.md') ? '.md' : ''}` };
}

export function registerParticipant(
  server: PmServer,
  onOutcome: (outcome: ChatOutcome) => void,
  onPartial: (command: string | undefined) => void = () => undefined,
): vscode.Disposable {
  const handler: vscode.ChatRequestHandler = async (request, context, stream, token): Promise<PmChatResult> => {
    const outcome: ChatOutcome = {
      command: request.command,
      prompt: request.prompt,
      text: '',
      citations: [],
      quotes: [],
      references: [],
      modelVendor: request.model.vendor,
      modelId: request.model.id,
      partials: 0,
      cancelled: false,
    };
    const metadata = { command: request.command, prompt: request.prompt };
    const plan = planJob(request.command, request.prompt, chatContext(request, context));
    try {
      if (plan.kind === 'usage') {
        stream.markdown(plan.message);
        outcome.text = plan.message;
        return { metadata };
      }

      if (plan.kind === 'chat') {
        stream.progress('Thinking…');
        const messages = plan.messages.map((m) =>
          m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content),
        );
        const response = await request.model.sendRequest(messages, {}, token);
        for await (const chunk of response.text) {
          outcome.partials++;
          onPartial(request.command);
          outcome.text += chunk;
          stream.markdown(chunk);
        }
        return { metadata };
      }

      stream.progress(`${plan.title}: asking the PmCopilot server…`);
      const params = withUnsavedText(plan.method, plan.params);
      const accumulator = new PartialAccumulator();
      let lastProgress = 0;
      const result = await server.stream(plan.method, params, token, (partial) => {
        outcome.partials++;
        onPartial(request.command);
        const delta = accumulator.add(partial);
        if (delta === '') return;
        if (!plan.document) {
          stream.markdown(delta);
        } else if (Date.now() - lastProgress > 250) {
          // A document's final form (headings, sections, quotes) comes with the result: show the model at work meanwhile.
          lastProgress = Date.now();
          stream.progress(`${plan.title}: writing… ${truncate(accumulator.text.slice(-80), 80)}`);
        }
      });
      if (plan.document) {
        const finalText = result.text !== '' ? result.text : accumulator.text;
        accumulator.finish(result);
        stream.markdown(finalText);
        outcome.text = finalText;
      } else {
        const rest = accumulator.finish(result);
        if (rest !== '') stream.markdown(rest);
        outcome.text = accumulator.text;
      }
      outcome.citations = accumulator.citations;
      outcome.quotes = accumulator.quotes;
      for (const citation of [...accumulator.citations, ...accumulator.quotes.filter((q) => q.source).map((q) => ({ source: q.source ?? '', line: q.line }))]) {
        const location = citationLocation(citation, server.settings().knowledgeBase);
        if (!location) continue;
        stream.reference(location);
        outcome.references.push(location instanceof vscode.Location ? `${location.uri.toString()}#${location.range.start.line}` : location.toString());
      }
      const sources = formatSources(accumulator.citations, accumulator.quotes.filter((q) => !outcome.text.includes(q.text)));
      if (sources !== '') stream.markdown(sources);
      if (result?.deterministic) stream.markdown('\n\n_No model is loaded: this answer came from the deterministic mode._');
      if (request.command === 'prd' || request.command === 'spec') {
        stream.button({ command: 'pmcopilot.openMarkdown', title: 'Open as Markdown', arguments: [outcome.text] });
      }
      return { metadata };
    } catch (error) {
      if (token.isCancellationRequested) {
        outcome.cancelled = true;
        stream.markdown('\n\n_Cancelled._');
        return { metadata };
      }
      const message = error instanceof Error ? error.message : String(error);
      outcome.error = message;
      server.log.error(`@pm /${request.command ?? ''} failed: ${message}`);
      return { metadata, errorDetails: { message } };
    } finally {
      if (token.isCancellationRequested) outcome.cancelled = true;
      onOutcome(outcome);
    }
  };

  const participant = vscode.chat.createChatParticipant(participantId, handler);
  participant.iconPath = new vscode.ThemeIcon('notebook');
  participant.followupProvider = {
    provideFollowups(result: vscode.ChatResult): vscode.ChatFollowup[] {
      const meta = (result as Partial<PmChatResult>).metadata;
      if (!meta || result.errorDetails) return [];
      return followUpsFor(meta.command, meta.prompt).map((f) => ({ prompt: f.prompt, label: f.label, command: f.command }));
    },
  };
  return participant;
}
