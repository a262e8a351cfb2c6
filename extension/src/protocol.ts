// The custom methods of `pmcopilot serve` that the extension calls, beside standard LSP 3.17.
// docs/protocol.md (owned by the language server) is the source of truth; this file mirrors it.
// Pure module: no `vscode` import, so unit tests can load it.

export const Methods = {
  chat: 'pmcopilot/chat',
  faq: 'pmcopilot/faq',
  draftPrd: 'pmcopilot/draftPrd',
  draftSpec: 'pmcopilot/draftSpec',
  summarizeFeedback: 'pmcopilot/summarizeFeedback',
  summarizeDocument: 'pmcopilot/summarizeDocument',
  modelStatus: 'pmcopilot/modelStatus',
  modelCatalog: 'pmcopilot/models/list',
  modelPull: 'pmcopilot/models/pull',
  countTokens: 'pmcopilot/countTokens',
  /** Notification from the server whenever the model state changes (load, unload, error). */
  modelStatusChanged: 'pmcopilot/modelStatusChanged',
} as const;

export type Role = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: Role;
  content: string;
}

/** Every assistant request may carry these LSP 3.17 progress tokens. */
export interface ProgressParams {
  partialResultToken?: string;
  workDoneToken?: string;
}

export interface ChatParams extends ProgressParams {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
}

export interface FaqParams extends ProgressParams {
  question: string;
  /** Earlier turns, so a follow-up question can refer to them. */
  history?: ChatMessage[];
}

export interface DraftParams extends ProgressParams {
  idea: string;
  /** Document URIs whose text informs the draft. */
  contextUris?: string[];
}

export interface SummarizeFeedbackParams extends ProgressParams {
  uri: string;
}

export interface SummarizeDocumentParams extends ProgressParams {
  uri: string;
  /** Summarize only this range of the document (the editor's selection). */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  /** Unsaved editor text; the server reads the file when absent. */
  text?: string;
}

/** A knowledge-base source that an answer rests on. */
export interface Citation {
  /** The document's URI or workspace-relative path. */
  source: string;
  title?: string;
  /** Zero-based line where the cited passage starts, when known. */
  line?: number;
  /** The passage itself. */
  quote?: string;
}

/** A verbatim piece of user feedback that a summary theme rests on. */
export interface FeedbackQuote {
  text: string;
  source?: string;
  line?: number;
  theme?: string;
}

/** The final result of every assistant request. Partial results carry a subset (usually `delta`). */
export interface AssistantResult {
  /** The whole answer in Markdown. */
  text: string;
  citations?: Citation[];
  quotes?: FeedbackQuote[];
  /** True when no model was available and the deterministic half of the job answered. */
  deterministic?: boolean;
  finishReason?: string;
}

export interface AssistantPartial {
  /** Text appended since the last partial. */
  delta?: string;
  citations?: Citation[];
  quotes?: FeedbackQuote[];
}

/** `pmcopilot/modelStatus`: the configured model and where it stands. */
export interface ModelStatus {
  /** "none" (nothing configured), "notLoaded" (loads on the first request), "loading", "ready" or "failed". */
  state: string;
  /** "local" or "openai". */
  provider: string;
  /** The model path or the endpoint. */
  model?: string | null;
  /** What is loaded and where it runs (e.g. the native backend and GPU layers), when ready. */
  description?: string | null;
  /** Why there is no model, or why loading failed. */
  message?: string | null;
  /** Load progress in [0, 1] while loading. */
  progress?: number | null;
}

export interface CatalogEntry {
  name: string;
  displayName?: string;
  sizeBytes?: number;
  contextLength?: number;
  licence?: string;
  description?: string;
  installed?: boolean;
  path?: string;
}

export interface ModelPullParams extends ProgressParams {
  name: string;
}

export interface ModelPullResult {
  path: string;
}

/** The `pmcopilot.*` settings after validation and path resolution (the extension's view). */
export interface ServerSettings {
  model: string;
  provider: 'local' | 'openai';
  endpoint: string;
  endpointModel: string;
  gpuLayers: number;
  threads: number;
  contextSize: number;
  answerLanguage: 'auto' | 'en' | 'zh';
  knowledgeBase: string;
}

/**
 * What the server reads from `initializationOptions` and `workspace/didChangeConfiguration` (`settings`).
 * Null clears a value (the server's default applies).
 */
export interface WireSettings {
  pmcopilot: {
    model: {
      provider: 'local' | 'openai';
      path: string | null;
      endpoint: string | null;
      name: string | null;
      /** From VS Code's secret storage only; never written to settings. */
      apiKey?: string | null;
      gpuLayers: number | null;
      threads: number | null;
      contextSize: number | null;
    };
    language: 'auto' | 'en' | 'zh';
    faq: { knowledgeBase: string | null };
  };
}
