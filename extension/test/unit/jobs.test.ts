import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citationLabel, draftFileName, followUpsFor, formatSources, isFeedbackFile, PartialAccumulator, planJob, type ChatContext } from '../../src/jobs';
import { Methods } from '../../src/protocol';

const empty: ChatContext = { attachedUris: [], history: [] };

describe('planJob', () => {
  it('sends /faq questions with the history to the FAQ method', () => {
    const history = [{ role: 'user' as const, content: 'earlier' }];
    const plan = planJob('faq', '  What is churn?  ', { ...empty, history });
    assert.deepEqual(plan, { kind: 'request', method: Methods.faq, params: { question: 'What is churn?', history }, title: 'FAQ' });
  });

  it('asks for input instead of sending an empty request', () => {
    for (const command of ['faq', 'prd', 'spec']) {
      assert.equal(planJob(command, '   ', empty).kind, 'usage', command);
    }
    assert.equal(planJob(undefined, '', empty).kind, 'usage');
  });

  it('drafts PRDs and specs with the attached files as context', () => {
    const context = { ...empty, attachedUris: ['file:///w/notes.md', 'untitled:Untitled-1'] };
    const prd = planJob('prd', 'Meal planner', context);
    const spec = planJob('spec', 'Meal planner', context);
    assert.ok(prd.kind === 'request' && spec.kind === 'request');
    assert.equal(prd.method, Methods.draftPrd);
    assert.equal(spec.method, Methods.draftSpec);
    assert.deepEqual(prd.params, { idea: 'Meal planner', contextUris: ['file:///w/notes.md'] });
  });

  it('summarizes the first attached feedback file, else the active one, else explains', () => {
    const attached = planJob('feedback', '', { ...empty, attachedUris: ['file:///w/a.md', 'file:///w/survey.CSV'] });
    assert.ok(attached.kind === 'request');
    assert.deepEqual(attached.params, { uri: 'file:///w/survey.CSV' });

    const active = planJob('feedback', '', { ...empty, activeDocument: { uri: 'file:///w/tickets.json', languageId: 'json' } });
    assert.ok(active.kind === 'request');
    assert.deepEqual(active.params, { uri: 'file:///w/tickets.json' });

    const notFeedback = planJob('feedback', '', { ...empty, activeDocument: { uri: 'file:///w/main.cs', languageId: 'csharp' } });
    assert.equal(notFeedback.kind, 'usage');
  });

  it('summarizes the selection of the active document when there is one', () => {
    const selection = { start: { line: 1, character: 0 }, end: { line: 4, character: 2 } };
    const plan = planJob('summarize', '', { ...empty, activeDocument: { uri: 'file:///w/doc.md', languageId: 'markdown' }, selection });
    assert.ok(plan.kind === 'request');
    assert.deepEqual(plan.params, { uri: 'file:///w/doc.md', range: selection });
    assert.equal(plan.document, true);
    assert.equal(planJob('summarize', '', empty).kind, 'usage');
  });

  it('summarizes an attached selection before the active document', () => {
    const range = { start: { line: 2, character: 0 }, end: { line: 9, character: 0 } };
    const plan = planJob('summarize', '', {
      ...empty,
      attachedUris: ['file:///w/spec.md'],
      attachedRanges: { 'file:///w/spec.md': range },
      activeDocument: { uri: 'file:///w/other.md', languageId: 'markdown' },
    });
    assert.ok(plan.kind === 'request');
    assert.deepEqual(plan.params, { uri: 'file:///w/spec.md', range });
  });

  it('sends free questions to the chat model with the history', () => {
    const plan = planJob(undefined, 'hello', { ...empty, history: [{ role: 'assistant', content: 'hi' }] });
    assert.deepEqual(plan, { kind: 'chat', messages: [{ role: 'assistant', content: 'hi' }, { role: 'user', content: 'hello' }] });
  });

  it('rejects unknown commands with the list of known ones', () => {
    const plan = planJob('deploy', 'x', empty);
    assert.ok(plan.kind === 'usage' && plan.message.includes('/faq'));
  });
});

describe('isFeedbackFile', () => {
  it('accepts csv, tsv, xlsx, json, jsonl and txt in any case, and ignores query strings', () => {
    assert.ok(isFeedbackFile('/a/b.csv'));
    assert.ok(isFeedbackFile('file:///a/b.JSON'));
    assert.ok(isFeedbackFile('file:///a/b.txt?x=1'));
    assert.ok(isFeedbackFile('/a/survey.xlsx'));
    assert.ok(isFeedbackFile('/a/export.jsonl'));
    assert.ok(!isFeedbackFile('/a/old.xls'));
    assert.ok(!isFeedbackFile('/a/b.md'));
    assert.ok(!isFeedbackFile('/a/csv'));
  });
});

describe('PartialAccumulator', () => {
  it('appends deltas and adds only the missing tail of the final text', () => {
    const acc = new PartialAccumulator();
    assert.equal(acc.add({ delta: 'Hel' }), 'Hel');
    assert.equal(acc.add([{ delta: 'lo' }, { delta: ',' }]), 'lo,');
    assert.equal(acc.finish({ text: 'Hello, world' }), ' world');
    assert.equal(acc.text, 'Hello, world');
  });

  it('turns cumulative partial texts into deltas', () => {
    const acc = new PartialAccumulator();
    assert.equal(acc.add({ text: 'A' }), 'A');
    assert.equal(acc.add({ text: 'AB' }), 'B');
    assert.equal(acc.add({ text: 'AB' }), '');
  });

  it('keeps what was streamed when the final text disagrees', () => {
    const acc = new PartialAccumulator();
    acc.add({ delta: 'draft one' });
    assert.equal(acc.finish({ text: 'something else' }), '');
    assert.equal(acc.text, 'draft one');
  });

  it('collects citations and quotes once, from partials and the result', () => {
    const acc = new PartialAccumulator();
    const citation = { source: 'docs/a.md', line: 3 };
    acc.add({ citations: [citation] });
    acc.finish({ text: '', citations: [citation, { source: 'docs/b.md' }], quotes: [{ text: 'slow export' }, { text: 'slow export' }] });
    assert.equal(acc.citations.length, 2);
    assert.equal(acc.quotes.length, 1);
  });

  it('ignores missing and malformed partials', () => {
    const acc = new PartialAccumulator();
    assert.equal(acc.add(undefined), '');
    assert.equal(acc.add({}), '');
    assert.equal(acc.finish(undefined), '');
  });
});

describe('sources and names', () => {
  it('labels citations by title or file name, with a one-based line', () => {
    assert.equal(citationLabel({ source: 'file:///w/docs/faq.md', line: 0 }), 'faq.md:1');
    assert.equal(citationLabel({ source: 'docs/faq.md', title: 'FAQ' }), 'FAQ');
  });

  it('formats numbered sources and quotes, nothing when empty', () => {
    assert.equal(formatSources([], []), '');
    const text = formatSources([{ source: 'docs/faq.md', line: 2, quote: 'a  long\nquote' }], [{ text: 'Export fails', source: '/w/survey.csv', line: 4 }]);
    assert.match(text, /\*\*Sources\*\*/);
    assert.match(text, /1\. faq\.md:3 — “a long quote”/);
    assert.match(text, /> Export fails \(survey\.csv:5\)/);
    assert.ok(text.startsWith('\n\n'), 'separated from the answer by a blank line');
  });

  it('makes safe draft file names', () => {
    assert.equal(draftFileName('prd', 'Churn-risk score: for support agents!'), 'prd-churn-risk-score-for-support-agents.md');
    assert.equal(draftFileName('spec', '???'), 'spec-draft.md');
    assert.ok(draftFileName('prd', 'x'.repeat(100)).length <= 'prd-.md'.length + 40);
  });

  it('offers follow-ups that keep the idea', () => {
    const [spec] = followUpsFor('prd', ' Meal planner ');
    assert.equal(spec?.command, 'spec');
    assert.equal(spec?.prompt, 'Meal planner');
    assert.deepEqual(followUpsFor(undefined, 'x'), []);
  });
});
