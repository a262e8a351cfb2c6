import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectsServerSettings, looksLikeModelPath, readServerSettings, resolveUserPath } from '../../src/settings';

const getter = (values: Record<string, unknown>) => (key: string): unknown => values[key];

describe('readServerSettings', () => {
  it('has defaults for everything', () => {
    assert.deepEqual(readServerSettings(getter({}), '/w', '/home/u'), {
      model: '',
      provider: 'local',
      endpoint: '',
      endpointModel: '',
      gpuLayers: -1,
      threads: 0,
      contextSize: 0,
      answerLanguage: 'auto',
      knowledgeBase: '',
    });
  });

  it('resolves model paths but keeps catalog names', () => {
    assert.equal(readServerSettings(getter({ model: 'models/tiny.gguf' }), '/w', '/h').model, '/w/models/tiny.gguf');
    assert.equal(readServerSettings(getter({ model: '~/m/q.gguf' }), '/w', '/h').model, '/h/m/q.gguf');
    assert.equal(readServerSettings(getter({ model: ' qwen2.5-1.5b-instruct ' }), '/w', '/h').model, 'qwen2.5-1.5b-instruct');
    assert.equal(readServerSettings(getter({ knowledgeBase: 'docs' }), '/w', '/h').knowledgeBase, '/w/docs');
  });

  it('replaces wrong types and out-of-range values with defaults or bounds', () => {
    const s = readServerSettings(getter({ provider: 'cloud', answerLanguage: 'fr', gpuLayers: -7, threads: 2.7, contextSize: 'big', endpoint: 42 }), undefined, '/h');
    assert.equal(s.provider, 'local');
    assert.equal(s.answerLanguage, 'auto');
    assert.equal(s.gpuLayers, -1);
    assert.equal(s.threads, 2);
    assert.equal(s.contextSize, 0);
    assert.equal(s.endpoint, '');
  });

  it('never carries an API key', () => {
    const s = readServerSettings(getter({ apiKey: 'sk-secret', endpointApiKey: 'sk-secret' }), '/w', '/h');
    assert.ok(!JSON.stringify(s).includes('sk-secret'));
  });
});

describe('paths', () => {
  it('expands ~ and relative paths only', () => {
    assert.equal(resolveUserPath('', '/w', '/h'), '');
    assert.equal(resolveUserPath('~', '/w', '/h'), '/h');
    assert.equal(resolveUserPath('/abs/x', '/w', '/h'), '/abs/x');
    assert.equal(resolveUserPath('rel/x', undefined, '/h'), 'rel/x');
  });

  it('tells file paths from catalog names', () => {
    assert.ok(looksLikeModelPath('a/b'));
    assert.ok(looksLikeModelPath('model.GGUF'));
    assert.ok(!looksLikeModelPath('llama-3.1-8b-instruct'));
  });
});

describe('affectsServerSettings', () => {
  it('restarts for the server path, notifies for model settings, ignores the rest', () => {
    assert.equal(affectsServerSettings((s) => s === 'pmcopilot.server'), 'restart');
    assert.equal(affectsServerSettings((s) => s === 'pmcopilot.threads'), 'notify');
    assert.equal(affectsServerSettings((s) => s === 'editor.fontSize'), 'none');
  });
});
