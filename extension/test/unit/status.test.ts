import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backendLabel, estimateTokens, modelDisplayName, statusBarView } from '../../src/status';

describe('status bar', () => {
  it('shows the model and CPU or GPU when loaded', () => {
    const cpu = statusBarView('running', { loaded: true, provider: 'local', path: '/m/qwen.gguf', backend: 'cpu' });
    assert.match(cpu.text, /qwen\.gguf · CPU/);
    const gpu = statusBarView('running', { loaded: true, provider: 'local', name: 'llama-8b', backend: 'cuda', gpuLayers: 33 });
    assert.match(gpu.text, /llama-8b · GPU \(CUDA 33 layers\)/);
    assert.ok(!gpu.warning);
  });

  it('says when no model is loaded, when the model failed and when the server failed', () => {
    assert.match(statusBarView('running', { loaded: false, provider: 'local' }).text, /no model/);
    const broken = statusBarView('running', { loaded: false, provider: 'local', error: 'bad file' });
    assert.ok(broken.warning && broken.tooltip.includes('bad file'));
    assert.ok(statusBarView('failed', undefined).warning);
    assert.match(statusBarView('starting', undefined).text, /loading/);
    assert.match(statusBarView('stopped', undefined).tooltip, /stopped/);
  });

  it('names models and endpoints', () => {
    assert.equal(modelDisplayName(undefined), 'no model status');
    assert.equal(modelDisplayName({ loaded: true, provider: 'openai', name: 'gpt-oss' }), 'endpoint: gpt-oss');
    assert.equal(backendLabel({ loaded: true, provider: 'local' }), '');
  });

  it('estimates tokens from length', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcdefgh'), 2);
  });
});
