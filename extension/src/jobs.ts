// What each `@pm` slash command and each command asks of the server. Pure: no `vscode` import.
import * as path from 'node:path';
import { Methods } from './protocol';
import type { AssistantPartial, AssistantResult, ChatMessage, Citation, FeedbackQuote } from './protocol';

export type SlashCommand = 'faq' | 'prd' | 'spec' | 'feedback' | 'summarize';
export const slashCommands: readonly SlashCommand[] = ['faq', 'prd', 'spec', 'feedback', 'summarize'];

export const feedbackExtensions = ['.csv', '.tsv', '.json', '.jsonl', '.xlsx', '.txt'] as const;

export interface ChatContext {
  /** URIs the user attached (#file) or dropped into the chat, in order. */
  attachedUris: string[];
  /** Ranges of attachments that are a part of a file (a selection), by URI. */
  attachedRanges?: Record<string, Range>;
  activeDocument?: { uri: string; languageId: string };
  /** The active editor's selection, when not empty. */
  selection?: Range;
  history: ChatMessage[];
}

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export type JobPlan =
  /** `document`: the result is a document (draft, summary, report) whose final text replaces what streamed. */
  | { kind: 'request'; method: string; params: Record<string, unknown>; title: string; document?: boolean }
  | { kind: 'chat'; messages: ChatMessage[] }
  | { kind: 'usage'; message: string };

export function isFeedbackFile(uriOrPath: string): boolean {
  const ext = path.extname(uriOrPath.split(/[?#]/)[0] ?? '').toLowerCase();
  return (feedbackExtensions as readonly string[]).includes(ext);
}

export function planJob(command: string | undefined, prompt: string, context: ChatContext): JobPlan {
  const text = prompt.trim();
  switch (command) {
    case 'faq':
      if (text === '') return { kind: 'usage', message: 'Ask a question after `/faq`, for example: `/faq What does the churn model predict?`' };
      return { kind: 'request', method: Methods.faq, params: { question: text, history: context.history }, title: 'FAQ' };
    case 'prd':
    case 'spec': {
      const what = command === 'prd' ? 'a product idea' : 'an AI feature idea';
      if (text === '') return { kind: 'usage', message: `Describe ${what} after \`/${command}\`.` };
      return {
        kind: 'request',
        method: command === 'prd' ? Methods.draftPrd : Methods.draftSpec,
        // Only files: the server reads context from disk (an unsaved editor attached as context is left out).
        params: { idea: text, contextUris: context.attachedUris.filter((u) => u.startsWith('file:')) },
        title: command === 'prd' ? 'PRD' : 'AI spec',
        document: true,
      };
    }
    case 'feedback': {
      const file = context.attachedUris.find(isFeedbackFile)
        ?? (context.activeDocument && isFeedbackFile(context.activeDocument.uri) ? context.activeDocument.uri : undefined);
      if (!file) {
        return { kind: 'usage', message: 'Attach a feedback file (.csv, .tsv, .xlsx, .json, .jsonl or .txt) with `#file`, or open one in the editor, then ask `/feedback` again.' };
      }
      return { kind: 'request', method: Methods.summarizeFeedback, params: { uri: file }, title: 'Feedback summary', document: true };
    }
    case 'summarize': {
      const attached = context.attachedUris[0];
      if (attached) {
        const range = context.attachedRanges?.[attached];
        return { kind: 'request', method: Methods.summarizeDocument, params: range ? { uri: attached, range } : { uri: attached }, title: 'Summary', document: true };
      }
      if (context.activeDocument) {
        const params: Record<string, unknown> = { uri: context.activeDocument.uri };
        if (context.selection) params.range = context.selection;
        return { kind: 'request', method: Methods.summarizeDocument, params, title: 'Summary', document: true };
      }
      return { kind: 'usage', message: 'Open a document (or select part of it), or attach one with `#file`, then ask `/summarize` again.' };
    }
    case undefined:
    case '':
      if (text === '') return { kind: 'usage', message: 'Ask anything, or use `/faq`, `/prd`, `/spec`, `/feedback` or `/summarize`.' };
      return { kind: 'chat', messages: [...context.history, { role: 'user', content: text }] };
    default:
      return { kind: 'usage', message: `Unknown command /${command}. Use /faq, /prd, /spec, /feedback or /summarize.` };
  }
}

export interface FollowUp {
  prompt: string;
  label: string;
  command?: SlashCommand;
}

export function followUpsFor(command: string | undefined, prompt: string): FollowUp[] {
  switch (command) {
    case 'faq':
      return [{ command: 'faq', prompt: `What are the limits of this answer to "${prompt.trim()}"?`, label: 'Ask about the limits' }];
    case 'prd':
      return [
        { command: 'spec', prompt: prompt.trim(), label: 'Draft the AI spec for the same idea' },
        { prompt: 'Which success metrics and risks are missing from this PRD?', label: 'Review metrics and risks' },
      ];
    case 'spec':
      return [{ command: 'prd', prompt: prompt.trim(), label: 'Draft the PRD for the same idea' }];
    case 'feedback':
      return [{ command: 'prd', prompt: 'Address the top theme of this feedback', label: 'Draft a PRD for the top theme' }];
    case 'summarize':
      return [{ prompt: 'List the open questions in this document.', label: 'List open questions' }];
    default:
      return [];
  }
}

/** Turns a stream of partial results (deltas, or a cumulative `text` from servers that send it) into appended text. */
export class PartialAccumulator {
  private shown = '';
  readonly citations: Citation[] = [];
  readonly quotes: FeedbackQuote[] = [];

  get text(): string {
    return this.shown;
  }

  /** Returns the text to append to what is already shown ('' when nothing new). */
  add(partial: AssistantPartial | AssistantPartial[] | { text?: string } | undefined): string {
    if (partial === undefined || partial === null) return '';
    if (Array.isArray(partial)) return partial.map((p) => this.add(p)).join('');
    let delta = '';
    if ('delta' in partial && typeof partial.delta === 'string') {
      delta = partial.delta;
    } else if ('text' in partial && typeof partial.text === 'string' && partial.text.startsWith(this.shown)) {
      delta = partial.text.slice(this.shown.length);
    }
    this.shown += delta;
    if ('citations' in partial && Array.isArray(partial.citations)) addUnique(this.citations, partial.citations, citationKey);
    if ('quotes' in partial && Array.isArray(partial.quotes)) addUnique(this.quotes, partial.quotes, (q) => `${q.source ?? ''}|${q.text}`);
    return delta;
  }

  /** The text still missing once the final result arrives (servers may send the whole answer only at the end). */
  finish(result: AssistantResult | undefined): string {
    if (!result) return '';
    if (Array.isArray(result.citations)) addUnique(this.citations, result.citations, citationKey);
    if (Array.isArray(result.quotes)) addUnique(this.quotes, result.quotes, (q) => `${q.source ?? ''}|${q.text}`);
    const full = typeof result.text === 'string' ? result.text : '';
    if (full.startsWith(this.shown)) {
      const rest = full.slice(this.shown.length);
      this.shown = full;
      return rest;
    }
    // The final text differs from the streamed one (e.g. the server cleaned it up): keep what was shown.
    return '';
  }
}

function citationKey(c: Citation): string {
  return `${c.source}|${c.line ?? ''}|${c.quote ?? ''}`;
}

function addUnique<T>(into: T[], items: T[], key: (item: T) => string): void {
  const seen = new Set(into.map(key));
  for (const item of items) {
    if (item && !seen.has(key(item))) {
      seen.add(key(item));
      into.push(item);
    }
  }
}

/** A short label for a citation: its title, else the file name, with the line. */
export function citationLabel(citation: Citation): string {
  const name = citation.title ?? path.basename(citation.source.replace(/^file:\/\//, ''));
  return citation.line !== undefined ? `${name}:${citation.line + 1}` : name;
}

/** Markdown for the "Sources" block under an answer, numbered in order. */
export function formatSources(citations: Citation[], quotes: FeedbackQuote[]): string {
  const lines: string[] = [];
  if (citations.length > 0) {
    lines.push('', '', '**Sources**', '');
    citations.forEach((c, i) => {
      const quote = c.quote ? ` — “${truncate(c.quote, 160)}”` : '';
      lines.push(`${i + 1}. ${citationLabel(c)}${quote}`);
    });
  }
  if (quotes.length > 0) {
    lines.push('', '', '**Quotes**', '');
    for (const q of quotes) lines.push(`> ${truncate(q.text, 200)}${q.source ? ` (${path.basename(q.source)}${q.line !== undefined ? `:${q.line + 1}` : ''})` : ''}`, '');
  }
  return lines.join('\n');
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** A file name for a drafted document: `prd-<slug>.md`. */
export function draftFileName(kind: 'prd' | 'spec', idea: string): string {
  const slug = idea.toLowerCase().normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return `${kind}-${slug || 'draft'}.md`;
}
