import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedbackQuotes, normalizeResult, renderFeedbackReport } from '../../src/results';

const report = {
  source: 'text',
  totalItems: 5,
  analyzedItems: 5,
  exactDuplicates: 1,
  nearDuplicates: 0,
  sentiment: { positive: 1, neutral: 1, negative: 3, net: -40 },
  themes: [
    {
      id: 1,
      label: 'export / slow',
      count: 2,
      share: 0.4,
      dominantCategory: 'bug',
      quotes: [{ itemId: '1', text: 'The export to CSV is slow' }, { itemId: '3', text: 'Export keeps failing' }],
      suggestedAction: 'Triage and fix the export.',
    },
    { id: 2, label: 'shortcuts', name: 'Keyboard shortcuts', count: 2, share: 0.4, quotes: [{ itemId: '2', text: 'I miss keyboard shortcuts' }] },
  ],
};

describe('normalizeResult', () => {
  it('reads chat results', () => {
    assert.deepEqual(normalizeResult({ text: 'Hi', finishReason: 'stop' }), { text: 'Hi', citations: [], quotes: [], finishReason: 'stop' });
  });

  it('reads drafts and summaries as Markdown, with the deterministic mode', () => {
    const draft = normalizeResult({ markdown: '# PRD: X', mode: 'skeleton', kind: 'prd' });
    assert.equal(draft.text, '# PRD: X');
    assert.equal(draft.deterministic, true);
    const summary = normalizeResult({ summary: { mode: 'model', summary: '- point' }, markdown: '# Summary' });
    assert.equal(summary.text, '# Summary');
    assert.equal(summary.deterministic, false);
    assert.equal(normalizeResult({ summary: { mode: 'extractive', summary: '- only this' } }).text, '- only this');
  });

  it('renders feedback reports and ties their quotes to the file', () => {
    const result = normalizeResult({ report }, { sourceUri: 'file:///w/feedback/survey.csv' });
    assert.match(result.text, /^# Feedback summary: survey\.csv/);
    assert.equal(result.quotes?.length, 3);
    assert.deepEqual(result.quotes?.[0], { text: 'The export to CSV is slow', source: 'file:///w/feedback/survey.csv', theme: 'export / slow' });
  });

  it('accepts citations under several spellings and skips ones without a source', () => {
    const result = normalizeResult({
      answer: 'A',
      sources: [
        { uri: 'file:///w/docs/a.md', heading: 'Intro', range: { start: { line: 4, character: 0 } }, snippet: 'the passage' },
        { path: 'docs/b.md', line: 2, text: 'other' },
        { title: 'no source' },
        { id: 'kb-refunds', title: 'Refunds', score: 0.8 },
        'junk',
      ],
    });
    assert.equal(result.text, 'A');
    assert.deepEqual(result.citations, [
      { source: 'file:///w/docs/a.md', title: 'Intro', line: 4, quote: 'the passage' },
      { source: 'docs/b.md', line: 2, quote: 'other' },
      { source: 'kb-refunds', title: 'Refunds' },
    ]);
  });

  it('survives null, strings and unexpected shapes', () => {
    assert.equal(normalizeResult(null).text, '');
    assert.equal(normalizeResult('plain').text, 'plain');
    assert.equal(normalizeResult([1, 2]).text, '');
    assert.deepEqual(normalizeResult({ quotes: [{ text: 'q', line: 3 }, { nope: 1 }] }, { sourceUri: 'file:///f.txt' }).quotes, [{ text: 'q', source: 'file:///f.txt', line: 3 }]);
  });
});

describe('renderFeedbackReport', () => {
  it('lists counts, sentiment, themes by their model-written name, quotes and actions', () => {
    const text = renderFeedbackReport(report);
    assert.match(text, /\*\*5 of 5 items analyzed\*\*, 1 duplicates/);
    assert.match(text, /net -40/);
    assert.match(text, /### 1\. export \/ slow \(2 items, 40%, bug\)/);
    assert.match(text, /### 2\. Keyboard shortcuts/);
    assert.match(text, /> I miss keyboard shortcuts/);
    assert.match(text, /\*\*Suggested action:\*\* Triage and fix the export\./);
  });

  it('says when there are no themes', () => {
    assert.match(renderFeedbackReport({ totalItems: 0, themes: [] }), /No recurring themes/);
    assert.deepEqual(feedbackQuotes({}, undefined), []);
  });
});
