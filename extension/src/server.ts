// Owns the language client: starting `pmcopilot serve`, settings and secrets, streaming requests, model status.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import {
  CancellationToken as LspCancellationToken,
  DidChangeConfigurationNotification,
  LanguageClient,
  ProgressType,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Methods, type AssistantPartial, type AssistantResult, type ModelStatus, type ServerSettings, type WireSettings } from './protocol';
import { installedModelPath } from './cli';
import { normalizeResult } from './results';
import { locateServer, type FileProbe, type ServerCommand } from './serverLocator';
import { affectsServerSettings, looksLikeModelPath, readServerSettings, resolveUserPath, toWireSettings } from './settings';

export const apiKeySecret = 'pmcopilot.endpointApiKey';

const fileProbe: FileProbe = {
  fileTime(file) {
    try {
      const stat = fs.statSync(file);
      return stat.isFile() ? stat.mtimeMs : undefined;
    } catch {
      return undefined;
    }
  },
  isExecutable(file) {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

export type { ServerState } from './serverState';
import type { ServerState } from './serverState';

export class PmServer implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private starting: Promise<LanguageClient> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  private readonly statusEmitter = new vscode.EventEmitter<ModelStatus | undefined>();
  private currentState: ServerState = 'stopped';
  private currentStatus: ModelStatus | undefined;
  private command: ServerCommand | undefined;
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeModelStatus = this.statusEmitter.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('PmCopilot', { log: true });
    this.disposables.push(
      this.log,
      this.stateEmitter,
      this.statusEmitter,
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      context.secrets.onDidChange((e) => {
        if (e.key === apiKeySecret) void this.pushSettings();
      }),
    );
  }

  get state(): ServerState {
    return this.currentState;
  }

  get modelStatus(): ModelStatus | undefined {
    return this.currentStatus;
  }

  get serverCommand(): ServerCommand | undefined {
    return this.command;
  }

  settings(): ServerSettings {
    const config = vscode.workspace.getConfiguration('pmcopilot');
    return readServerSettings((key) => config.get(key), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, os.homedir());
  }

  /** The running client, starting the server first when needed. */
  async ready(): Promise<LanguageClient> {
    if (this.client?.state === State.Running) return this.client;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private setState(state: ServerState): void {
    this.currentState = state;
    this.stateEmitter.fire(state);
  }

  private setModelStatus(status: ModelStatus | undefined): void {
    this.currentStatus = status;
    this.statusEmitter.fire(status);
  }

  private async start(): Promise<LanguageClient> {
    this.setState('starting');
    const config = vscode.workspace.getConfiguration('pmcopilot');
    try {
      this.command = locateServer({
        configuredPath: resolveUserPath((config.get<string>('server.path') ?? '').trim(), vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, os.homedir()),
        extraArgs: config.get<string[]>('server.extraArgs') ?? [],
        extensionPath: this.context.extensionPath,
        workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
        platform: process.platform,
        searchPath: (process.env.PATH ?? '').split(path.delimiter),
        probe: fileProbe,
      });
    } catch (error) {
      this.setState('failed');
      this.log.error(String(error instanceof Error ? error.message : error));
      throw error;
    }
    this.log.info(`Starting ${this.command.origin} server: ${this.command.command} ${this.command.args.join(' ')}`);

    const serverOptions: ServerOptions = {
      command: this.command.command,
      args: this.command.args,
      options: { env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
    };
    const wire = await this.wireSettings();
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'csharp' },
        { scheme: 'untitled', language: 'csharp' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.log,
      initializationOptions: wire,
      // The server answers pull diagnostics (textDocument/diagnostic) when the client can; re-pull after edits.
      diagnosticPullOptions: { onChange: true, onSave: true },
      middleware: {
        workspace: {
          // Servers that pull `workspace/configuration` get the resolved settings, the same as the push.
          configuration: async (params, token, next) => {
            const raw = await next(params, token);
            if (!Array.isArray(raw)) return raw;
            const current = await this.wireSettings();
            return params.items.map((item, i): unknown => (item.section === 'pmcopilot' ? current.pmcopilot : raw[i]));
          },
        },
      },
    };
    const client = new LanguageClient('pmcopilot', 'PmCopilot', serverOptions, clientOptions);
    this.disposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Stopped && this.client === client) this.setState('stopped');
      }),
    );
    try {
      await client.start();
    } catch (error) {
      this.setState('failed');
      this.log.error(`The server failed to start: ${String(error)}`);
      await client.dispose().catch(() => undefined);
      throw error;
    }
    this.client = client;
    client.onNotification(Methods.modelStatusChanged, (status: ModelStatus) => this.setModelStatus(status));
    this.setState('running');
    void this.refreshModelStatus();
    return client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose(5000).catch(() => undefined);
    this.setState('stopped');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.ready();
  }

  async refreshModelStatus(): Promise<ModelStatus | undefined> {
    try {
      const client = await this.ready();
      const status = await client.sendRequest<ModelStatus>(Methods.modelStatus, {});
      this.setModelStatus(status);
      return status;
    } catch (error) {
      this.log.warn(`Model status unavailable: ${String(error)}`);
      this.setModelStatus(undefined);
      return undefined;
    }
  }

  /**
   * Sends an assistant request whose partial results (`$/progress` on a fresh partialResultToken) are handed to
   * `onPartial` as they arrive; cancelling `token` sends `$/cancelRequest`.
   */
  async stream(
    method: string,
    params: Record<string, unknown>,
    token: vscode.CancellationToken,
    onPartial: (partial: AssistantPartial) => void,
  ): Promise<AssistantResult> {
    const client = await this.ready();
    this.assertOffered(client, method);
    const partialResultToken = randomUUID();
    const progress = client.onProgress(new ProgressType<AssistantPartial>(), partialResultToken, onPartial);
    try {
      const raw = await client.sendRequest<unknown>(method, { ...params, partialResultToken }, token as LspCancellationToken);
      return normalizeResult(raw, { sourceUri: typeof params.uri === 'string' ? params.uri : undefined });
    } finally {
      progress.dispose();
      // A request may have loaded (or failed to load) the model: keep the status bar and the model picker current.
      if (this.currentStatus?.state !== 'ready') void this.refreshModelStatus();
    }
  }

  /** The custom methods the server says it implements (`experimental.pmcopilot.methods`), when it says. */
  offeredMethods(client: LanguageClient | undefined = this.client): string[] | undefined {
    const experimental = client?.initializeResult?.capabilities.experimental as { pmcopilot?: { methods?: unknown } } | undefined;
    const methods = experimental?.pmcopilot?.methods;
    return Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : undefined;
  }

  private assertOffered(client: LanguageClient, method: string): void {
    const offered = this.offeredMethods(client);
    if (offered && !offered.includes(method)) {
      const version = client.initializeResult?.serverInfo?.version ?? 'this version';
      throw new Error(`The PmCopilot server (${version}) does not offer ${method} yet.`);
    }
  }

  async request<T>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<T> {
    const client = await this.ready();
    // An explicit `undefined` token would be sent as a second positional parameter.
    return token ? client.sendRequest<T>(method, params, token) : client.sendRequest<T>(method, params);
  }

  /**
   * The settings as the server reads them: a catalog model name resolved to its installed file with
   * `pmcopilot models path`, and the endpoint key read from secret storage (it never lives in settings).
   */
  async wireSettings(): Promise<WireSettings> {
    const settings = this.settings();
    let modelPath = settings.model;
    if (settings.provider === 'local' && modelPath !== '' && !looksLikeModelPath(modelPath) && this.command) {
      try {
        modelPath = await installedModelPath(this.command, modelPath);
      } catch (error) {
        this.log.warn(`Model "${settings.model}" is not installed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const apiKey = settings.provider === 'openai' ? ((await this.context.secrets.get(apiKeySecret)) ?? '') : undefined;
    return toWireSettings(settings, modelPath, apiKey);
  }

  private onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    const effect = affectsServerSettings((section) => event.affectsConfiguration(section));
    if (effect === 'restart') {
      if (this.client) void this.restart().catch(() => undefined);
    } else if (effect === 'notify') {
      void this.pushSettings();
    }
  }

  /** Sends the current settings with `workspace/didChangeConfiguration`; the server applies them without a restart. */
  async pushSettings(): Promise<void> {
    if (this.client?.state !== State.Running) return;
    const wire = await this.wireSettings();
    this.log.info(`Settings sent: model=${wire.pmcopilot.model.path ?? '(none)'} provider=${wire.pmcopilot.model.provider}`);
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: wire });
    await this.refreshModelStatus();
  }

  dispose(): void {
    void this.stop();
    for (const d of this.disposables) d.dispose();
  }
}
