// Turns the `pmcopilot.*` settings into what the server receives. Pure: takes a getter, not `vscode`.
import * as path from 'node:path';
import type { ServerSettings, WireSettings } from './protocol';

/** Reads one setting under `pmcopilot.`; returns undefined when unset or of another type. */
export type SettingGetter = (key: string) => unknown;

const providers = ['local', 'openai'] as const;
const languages = ['auto', 'en', 'zh'] as const;

function stringSetting(get: SettingGetter, key: string): string {
  const value = get(key);
  return typeof value === 'string' ? value.trim() : '';
}

function intSetting(get: SettingGetter, key: string, fallback: number, min: number): number {
  const value = get(key);
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.max(min, Math.trunc(value));
}

function oneOf<T extends string>(get: SettingGetter, key: string, allowed: readonly T[], fallback: T): T {
  const value = get(key);
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Expands `~` and makes relative paths absolute against the first workspace folder. */
export function resolveUserPath(value: string, workspaceFolder: string | undefined, home: string): string {
  if (value === '') return value;
  if (value === '~') return home;
  if (value.startsWith('~/')) return path.join(home, value.slice(2));
  if (path.isAbsolute(value)) return value;
  return workspaceFolder ? path.join(workspaceFolder, value) : value;
}

/** True when the model setting names a file rather than a catalog entry. */
export function looksLikeModelPath(value: string): boolean {
  return value.includes('/') || value.includes('\\') || value.toLowerCase().endsWith('.gguf') || value.startsWith('~');
}

export function readServerSettings(get: SettingGetter, workspaceFolder: string | undefined, home: string): ServerSettings {
  const model = stringSetting(get, 'model');
  const knowledgeBase = stringSetting(get, 'knowledgeBase');
  return {
    model: looksLikeModelPath(model) ? resolveUserPath(model, workspaceFolder, home) : model,
    provider: oneOf(get, 'provider', providers, 'local'),
    endpoint: stringSetting(get, 'endpoint'),
    endpointModel: stringSetting(get, 'endpointModel'),
    gpuLayers: intSetting(get, 'gpuLayers', -1, -1),
    threads: intSetting(get, 'threads', 0, 0),
    contextSize: intSetting(get, 'contextSize', 0, 0),
    answerLanguage: oneOf(get, 'answerLanguage', languages, 'auto'),
    knowledgeBase: resolveUserPath(knowledgeBase, workspaceFolder, home),
  };
}

/** The settings sections whose change must be sent to the server (others, e.g. the server path, need a restart). */
export function affectsServerSettings(changed: (section: string) => boolean): 'none' | 'notify' | 'restart' {
  if (changed('pmcopilot.server')) return 'restart';
  const keys = ['model', 'provider', 'endpoint', 'endpointModel', 'gpuLayers', 'threads', 'contextSize', 'answerLanguage', 'knowledgeBase'];
  return keys.some((key) => changed(`pmcopilot.${key}`)) ? 'notify' : 'none';
}

/**
 * The server's settings object. `modelPath` is the model file (a catalog name already resolved to its installed path);
 * "automatic" values (-1 GPU layers, 0 threads or context) are sent as null so the server's defaults apply.
 */
export function toWireSettings(settings: ServerSettings, modelPath: string, apiKey: string | undefined): WireSettings {
  const orNull = (value: string): string | null => (value === '' ? null : value);
  return {
    pmcopilot: {
      model: {
        provider: settings.provider,
        path: orNull(modelPath),
        endpoint: orNull(settings.endpoint),
        name: orNull(settings.endpointModel),
        ...(apiKey !== undefined ? { apiKey: orNull(apiKey) } : {}),
        gpuLayers: settings.gpuLayers >= 0 ? settings.gpuLayers : null,
        threads: settings.threads > 0 ? settings.threads : null,
        contextSize: settings.contextSize > 0 ? settings.contextSize : null,
      },
      language: settings.answerLanguage,
      faq: { knowledgeBase: orNull(settings.knowledgeBase) },
    },
  };
}
