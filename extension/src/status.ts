// Words for the model's state: status bar, tooltips, the model picker. Pure.
import * as path from 'node:path';
import type { ModelStatus } from './protocol';
import type { ServerState } from './serverState';

export function modelDisplayName(status: ModelStatus | undefined): string {
  if (!status) return 'no model status';
  if (status.provider === 'openai') return `endpoint${status.name ? `: ${status.name}` : ''}`;
  if (status.name) return status.name;
  if (status.path) return path.basename(status.path);
  return 'no model';
}

export function backendLabel(status: ModelStatus | undefined): string {
  if (!status?.backend) return '';
  const backend = status.backend.toLowerCase();
  if (backend === 'cpu') return 'CPU';
  const layers = typeof status.gpuLayers === 'number' && status.gpuLayers >= 0 ? ` ${status.gpuLayers} layers` : '';
  return `GPU (${status.backend.toUpperCase()}${layers})`;
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
      if (status?.error) return { text: '$(warning) PmCopilot', tooltip: `Model error: ${status.error}. Click to open the log.`, warning: true };
      if (!status?.loaded) {
        return {
          text: '$(circle-outline) PmCopilot: no model',
          tooltip: 'No model is loaded: jobs run in their deterministic mode. Set pmcopilot.model or run "PmCopilot: Pick or Download a Model…". Click to open the log.',
          warning: false,
        };
      }
      const backend = backendLabel(status);
      const name = modelDisplayName(status);
      return {
        text: `$(hubot) ${name}${backend ? ` · ${backend}` : ''}`,
        tooltip: `PmCopilot model loaded: ${status.path ?? name}${backend ? ` on ${backend}` : ''}. Click to open the log.`,
        warning: false,
      };
    }
  }
}

/** About four characters per token: VS Code only uses the count to budget prompts. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
