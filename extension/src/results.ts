// Turns each assistant method's result into what the chat and the editors show: Markdown text, citations, quotes.
// The methods answer in their own shapes (docs/protocol.md): chat {text}, drafts {markdown, mode}, summaries
// {markdown, summary}, feedback {report}. Pure: no `vscode` import.
import * as path from 'node:path';
import type { AssistantResult, Citation, FeedbackQuote } from './protocol';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function citationsOf(raw: Json): Citation[] {
  const list = Array.isArray(raw.citations) ? raw.citations : Array.isArray(raw.sources) ? raw.sources : [];
  const citations: Citation[] = [];
  for (const item of list) {
    if (!isObject(item)) continue;
    // Knowledge-base entries may be named only by id (e.g. the built-in knowledge base); the title still shows.
    const source = str(item.source) ?? str(item.uri) ?? str(item.path) ?? str(item.document) ?? str(item.file) ?? str(item.id);
    if (!source) continue;
    const citation: Citation = { source };
    const title = str(item.title) ?? str(item.heading);
    if (title) citation.title = title;
    const line = num(item.line) ?? (isObject(item.range) && isObject(item.range.start) ? num(item.range.start.line) : undefined);
    if (line !== undefined) citation.line = line;
    const quote = str(item.quote) ?? str(item.text) ?? str(item.snippet) ?? str(item.passage);
    if (quote) citation.quote = quote;
    citations.push(citation);
  }
  return citations;
}

function isDeterministic(raw: Json): boolean | undefined {
  if (typeof raw.deterministic === 'boolean') return raw.deterministic;
  const mode = str(raw.mode) ?? (isObject(raw.summary) ? str(raw.summary.mode) : undefined) ?? (isObject(raw.report) ? str(raw.report.mode) : undefined);
  return mode === undefined ? undefined : mode !== 'model';
}

/** The quotes of a feedback report's themes, each tied to the feedback file and its theme. */
export function feedbackQuotes(report: Json, sourceUri: string | undefined): FeedbackQuote[] {
  const quotes: FeedbackQuote[] = [];
  for (const theme of Array.isArray(report.themes) ? report.themes : []) {
    if (!isObject(theme)) continue;
    const label = str(theme.name) ?? str(theme.label);
    for (const quote of Array.isArray(theme.quotes) ? theme.quotes : []) {
      const text = isObject(quote) ? str(quote.text) : str(quote);
      if (!text) continue;
      const item: FeedbackQuote = { text };
      if (sourceUri) item.source = sourceUri;
      if (isObject(quote) && num(quote.line) !== undefined) item.line = num(quote.line);
      if (label) item.theme = label;
      quotes.push(item);
    }
  }
  return quotes;
}

function percent(share: unknown): string {
  const value = num(share);
  return value === undefined ? '' : `${Math.round(value * 100)}%`;
}

/** Markdown for a feedback report: counts, sentiment, then each theme with its quotes and suggested action. */
export function renderFeedbackReport(report: Json, sourceUri?: string): string {
  const lines: string[] = [];
  const name = sourceUri ? path.basename(decodeURIComponent(sourceUri.replace(/^file:\/\//, ''))) : str(report.source);
  lines.push(`# Feedback summary${name ? `: ${name}` : ''}`, '');
  const summary = str(report.summary);
  if (summary) lines.push(summary, '');
  const total = num(report.totalItems);
  const analyzed = num(report.analyzedItems);
  const duplicates = (num(report.exactDuplicates) ?? 0) + (num(report.nearDuplicates) ?? 0);
  if (total !== undefined) {
    lines.push(`**${analyzed ?? total} of ${total} items analyzed**${duplicates > 0 ? `, ${duplicates} duplicates` : ''}.`);
  }
  if (isObject(report.sentiment)) {
    const s = report.sentiment;
    lines.push(`Sentiment: ${num(s.positive) ?? 0} positive, ${num(s.neutral) ?? 0} neutral, ${num(s.negative) ?? 0} negative (net ${num(s.net) ?? 0}).`);
  }
  lines.push('');
  const themes = (Array.isArray(report.themes) ? report.themes : []).filter(isObject);
  if (themes.length > 0) lines.push('## Themes', '');
  themes.forEach((theme, i) => {
    const label = str(theme.name) ?? str(theme.label) ?? `Theme ${i + 1}`;
    const facts = [num(theme.count) !== undefined ? `${num(theme.count)} items` : '', percent(theme.share), str(theme.dominantCategory)?.replace(/_/g, ' ') ?? '', str(theme.trend) ?? '']
      .filter(Boolean)
      .join(', ');
    lines.push(`### ${i + 1}. ${label}${facts ? ` (${facts})` : ''}`, '');
    for (const quote of Array.isArray(theme.quotes) ? theme.quotes : []) {
      const text = isObject(quote) ? str(quote.text) : str(quote);
      if (text) lines.push(`> ${text.replace(/\s+/g, ' ').trim()}`, '');
    }
    const action = str(theme.suggestedAction);
    if (action) lines.push(`**Suggested action:** ${action}`, '');
  });
  if (themes.length === 0) lines.push('_No recurring themes found._', '');
  return lines.join('\n');
}

/** The text, citations and quotes of any assistant method's result. */
export function normalizeResult(raw: unknown, context: { sourceUri?: string } = {}): AssistantResult {
  if (typeof raw === 'string') return { text: raw };
  if (!isObject(raw)) return { text: '' };
  let text = str(raw.text) ?? str(raw.markdown) ?? str(raw.answer) ?? '';
  let quotes: FeedbackQuote[] = [];
  if (Array.isArray(raw.quotes)) {
    for (const q of raw.quotes.filter(isObject)) {
      const text = str(q.text);
      if (!text) continue;
      const quote: FeedbackQuote = { text };
      const source = str(q.source) ?? context.sourceUri;
      if (source) quote.source = source;
      if (num(q.line) !== undefined) quote.line = num(q.line);
      quotes.push(quote);
    }
  }
  if (isObject(raw.report)) {
    if (text === '') text = renderFeedbackReport(raw.report, context.sourceUri);
    if (quotes.length === 0) quotes = feedbackQuotes(raw.report, context.sourceUri);
  }
  if (text === '' && isObject(raw.summary)) text = str(raw.summary.summary) ?? '';
  const result: AssistantResult = { text, citations: citationsOf(raw), quotes };
  const deterministic = isDeterministic(raw);
  if (deterministic !== undefined) result.deterministic = deterministic;
  const finishReason = str(raw.finishReason);
  if (finishReason) result.finishReason = finishReason;
  return result;
}
