import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backendLabel, estimateTokens, modelDisplayName, statusBarView } from '../../src/status';

describe('status bar', () => {
  it('shows the model and CPU or GPU when ready', () => {
    const cpu = statusBarView('running', { state: 'ready', provider: 'local', model: '/m/qwen.gguf', description: 'qwen.gguf (qwen2, context 4096, 2 threads, 0/28 layers on GPU)' });
    assert.match(cpu.text, /qwen\.gguf · CPU/);
    const gpu = statusBarView('running', { state: 'ready', provider: 'local', model: '/m/llama-8b.gguf', description: 'llama-8b.gguf (llama, context 8192, 8 threads, 33/33 layers on GPU)' });
    assert.match(gpu.text, /llama-8b\.gguf · GPU \(33\/33 layers\)/);
    assert.ok(!gpu.warning);
  });

  it('says when no model is configured, loading, not yet loaded or failed, and when the server failed', () => {
    assert.match(statusBarView('running', { state: 'none', provider: 'local' }).text, /no model/);
    assert.match(statusBarView('running', { state: 'loading', provider: 'local', model: '/m/a.gguf', progress: 0.42 }).text, /loading 42%/);
    assert.match(statusBarView('running', { state: 'notLoaded', provider: 'local', model: '/m/a.gguf' }).text, /a\.gguf/);
    const broken = statusBarView('running', { state: 'failed', provider: 'local', model: '/m/a.gguf', message: 'bad file' });
    assert.ok(broken.warning && broken.tooltip.includes('bad file'));
    assert.ok(statusBarView('failed', undefined).warning);
    assert.match(statusBarView('starting', undefined).text, /loading/);
    assert.match(statusBarView('stopped', undefined).tooltip, /stopped/);
    assert.match(statusBarView('running', undefined).text, /no model/);
  });

  it('names models and endpoints', () => {
    assert.equal(modelDisplayName(undefined), 'no model status');
    assert.equal(modelDisplayName({ state: 'ready', provider: 'openai', model: 'http://localhost:8080/v1' }), 'endpoint http://localhost:8080/v1');
    assert.equal(modelDisplayName({ state: 'none', provider: 'local', model: null }), 'no model');
  });

  it('reads the backend from the description only when it says', () => {
    assert.equal(backendLabel({ state: 'ready', provider: 'local' }), '');
    assert.equal(backendLabel({ state: 'ready', provider: 'local', description: 'tiny.gguf' }), '');
    assert.equal(backendLabel({ state: 'ready', provider: 'local', description: 'runs on CUDA' }), 'GPU (CUDA)');
    assert.equal(backendLabel({ state: 'ready', provider: 'local', description: 'runs on the CPU' }), 'CPU');
    assert.equal(backendLabel({ state: 'ready', provider: 'openai', description: 'qwen at http://127.0.0.1:8080/v1' }), '');
  });

  it('estimates tokens from length', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('abcdefgh'), 2);
  });
});
