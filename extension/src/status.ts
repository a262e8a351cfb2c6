// Words for the model's state: status bar, tooltips, the model picker. Pure.
import * as path from 'node:path';
import type { ModelStatus } from './protocol';
import type { ServerState } from './serverState';

export function modelDisplayName(status: ModelStatus | undefined): string {
  if (!status) return 'no model status';
  const target = status.model ?? '';
  if (status.provider === 'openai') return target ? `endpoint ${target}` : 'endpoint';
  if (target === '') return 'no model';
  return path.basename(target);
}

/** "CPU" or "GPU (…)" from the server's description of the loaded model, '' when it does not say. */
export function backendLabel(status: ModelStatus | undefined): string {
  const description = status?.description ?? '';
  if (description === '') return '';
  // The server's own form: "model.gguf (llama, context 512, 1 threads, 20/33 layers on GPU)".
  const offload = /(\d+)\s*\/\s*(\d+)\s*layers on GPU/i.exec(description);
  if (offload) return offload[1] === '0' ? 'CPU' : `GPU (${offload[1]}/${offload[2]} layers)`;
  const gpu = /\b(cuda|vulkan|metal|rocm|hip)\b/i.exec(description);
  if (gpu) return `GPU (${(gpu[1] ?? 'gpu').toUpperCase()})`;
  return /\bcpu\b/i.test(description) ? 'CPU' : '';
}

export interface StatusBarView {
  text: string;
  tooltip: string;
  warning: boolean;
}

export function statusBarView(state: ServerState, status: ModelStatus | undefined): StatusBarView {
  switch (state) {
    case 'starting':
      return { text: '$(loading~spin) PmCopilot', tooltip: 'Starting the PmCopilot server…', warning: false };
    case 'failed':
      return { text: '$(error) PmCopilot', tooltip: 'The PmCopilot server failed to start. Click to open its log.', warning: true };
    case 'stopped':
      return { text: '$(circle-slash) PmCopilot', tooltip: 'The PmCopilot server is stopped. Click to open its log.', warning: false };
    case 'running': {
      switch (status?.state) {
        case 'ready': {
          const backend = backendLabel(status);
          const name = modelDisplayName(status);
          return {
            text: `$(hubot) ${name}${backend ? ` · ${backend}` : ''}`,
            tooltip: `PmCopilot model loaded: ${status?.description ?? name}. Click to open the log.`,
            warning: false,
          };
        }
        case 'loading': {
          const percent = typeof status.progress === 'number' ? ` ${Math.round(status.progress * 100)}%` : '';
          return { text: `$(loading~spin) PmCopilot: loading${percent}`, tooltip: `Loading ${modelDisplayName(status)}…`, warning: false };
        }
        case 'failed':
          return { text: '$(warning) PmCopilot: model failed', tooltip: `The model did not load: ${status.message ?? 'unknown error'}. Click to open the log.`, warning: true };
        case 'notLoaded':
          return { text: `$(circle-outline) ${modelDisplayName(status)}`, tooltip: `PmCopilot model ${status.model ?? ''} loads on the first request. Click to open the log.`, warning: false };
        default:
          return {
            text: '$(circle-outline) PmCopilot: no model',
            tooltip: 'No model is configured: jobs run in their deterministic mode. Set pmcopilot.model or run "PmCopilot: Pick or Download a Model…". Click to open the log.',
            warning: false,
          };
      }
    }
  }
}

/** About four characters per token: VS Code only uses the count to budget prompts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
