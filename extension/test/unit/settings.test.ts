import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectsServerSettings, looksLikeModelPath, readServerSettings, resolveUserPath, toWireSettings } from '../../src/settings';

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

describe('toWireSettings', () => {
  const base = readServerSettings(getter({ provider: 'openai', endpoint: 'http://127.0.0.1:8080/v1', endpointModel: 'qwen', threads: 1, contextSize: 512, answerLanguage: 'zh', knowledgeBase: 'docs' }), '/w', '/h');

  it('uses the server\'s shape, with automatic values as null', () => {
    assert.deepEqual(toWireSettings(base, '', 'sk-1'), {
      pmcopilot: {
        model: { provider: 'openai', path: null, endpoint: 'http://127.0.0.1:8080/v1', name: 'qwen', apiKey: 'sk-1', gpuLayers: null, threads: 1, contextSize: 512 },
        language: 'zh',
        faq: { knowledgeBase: '/w/docs' },
      },
    });
  });

  it('sends the resolved model path and leaves the key out when not given', () => {
    const wire = toWireSettings(readServerSettings(getter({ model: 'qwen2.5-1.5b-instruct', gpuLayers: 0 }), '/w', '/h'), '/models/q.gguf', undefined);
    assert.equal(wire.pmcopilot.model.path, '/models/q.gguf');
    assert.equal(wire.pmcopilot.model.gpuLayers, 0);
    assert.ok(!('apiKey' in wire.pmcopilot.model));
  });

  it('clears the key with null when the secret is empty', () => {
    assert.equal(toWireSettings(base, '', '').pmcopilot.model.apiKey, null);
  });
});
