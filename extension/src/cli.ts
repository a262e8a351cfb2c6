// Runs the `pmcopilot` CLI (the same executable as the server) for model management the server does not offer.
import { execFile, spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { cliCommand, type ServerCommand } from './serverLocator';
import type { CatalogEntry } from './protocol';

const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', NO_COLOR: '1' };

export async function runCli(server: ServerCommand, args: string[], timeoutMs = 60_000): Promise<string> {
  const { command, args: full } = cliCommand(server, args);
  return new Promise((resolve, reject) => {
    execFile(command, full, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr.trim().split('\n').pop() || error.message));
      else resolve(stdout);
    });
  });
}

/** `pmcopilot models path NAME`: where a catalog model is installed. */
export async function installedModelPath(server: ServerCommand, name: string): Promise<string> {
  const out = await runCli(server, ['models', 'path', name]);
  const path = out.trim().split('\n').pop()?.trim() ?? '';
  if (path === '') throw new Error(`pmcopilot models path ${name} printed nothing`);
  return path;
}

interface CliModelRow {
  name: string;
  tier?: string;
  sizeBytes?: number | null;
  installed?: boolean;
  fitsMemory?: boolean | null;
  license?: string | null;
  path?: string | null;
}

/** `pmcopilot models list --json`, in the catalog shape the picker shows. */
export async function listModels(server: ServerCommand): Promise<CatalogEntry[]> {
  const parsed = JSON.parse(await runCli(server, ['models', 'list', '--json'])) as { models?: CliModelRow[] };
  return (parsed.models ?? []).map((row) => ({
    name: row.name,
    sizeBytes: row.sizeBytes ?? undefined,
    licence: row.license ?? undefined,
    description: [row.tier ? `for ${row.tier}` : '', row.fitsMemory === false ? 'too big for this machine' : ''].filter(Boolean).join(' · ') || undefined,
    installed: row.installed === true,
    path: row.path ?? undefined,
  }));
}

/** `pmcopilot models pull NAME`; cancelling kills it (the CLI keeps the partial file and resumes next time). */
export async function pullModel(server: ServerCommand, name: string, token: vscode.CancellationToken, log: vscode.LogOutputChannel): Promise<string> {
  const { command, args } = cliCommand(server, ['models', 'pull', name]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      log.info(`[models pull] ${chunk.toString().trimEnd()}`);
    });
    const cancel = token.onCancellationRequested(() => child.kill('SIGINT'));
    child.on('error', reject);
    child.on('close', (code) => {
      cancel.dispose();
      if (token.isCancellationRequested) reject(new vscode.CancellationError());
      else if (code === 0) resolve(stdout.trim().split('\n').pop()?.trim() ?? '');
      else reject(new Error(stderr.trim().split('\n').pop() || `pmcopilot models pull exited with ${code}`));
    });
  });
}
