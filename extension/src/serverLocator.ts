// Finds how to start `pmcopilot serve`. Pure apart from the injected file probe, so every branch is unit-tested.
import * as path from 'node:path';

export interface ServerCommand {
  command: string;
  args: string[];
  /** Where the command came from, for the log and the status tooltip. */
  origin: 'setting' | 'bundled' | 'development' | 'path';
}

export interface FileProbe {
  /** Modification time in ms when `file` is a file, else undefined. */
  fileTime(file: string): number | undefined;
  isExecutable(file: string): boolean;
}

export interface LocatorInput {
  configuredPath: string;
  extraArgs: string[];
  extensionPath: string;
  workspaceFolders: string[];
  platform: NodeJS.Platform;
  /** The PATH variable's folders. */
  searchPath: string[];
  probe: FileProbe;
}

export class ServerNotFoundError extends Error {}

function serveArgs(extra: string[]): string[] {
  return ['serve', ...extra];
}

function fromFile(file: string, extra: string[], origin: ServerCommand['origin']): ServerCommand {
  // A framework-dependent build is a .dll that `dotnet` runs; a published build is a native apphost.
  return file.toLowerCase().endsWith('.dll')
    ? { command: 'dotnet', args: [file, ...serveArgs(extra)], origin }
    : { command: file, args: serveArgs(extra), origin };
}

/** Walks up from `start` to the folder holding PmCopilot.sln (a development checkout). */
export function findRepoRoot(start: string, probe: FileProbe): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (probe.fileTime(path.join(dir, 'PmCopilot.sln')) !== undefined) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The newest `pmcopilot.dll` among the CLI's Release and Debug builds in a checkout. */
export function newestDevelopmentBuild(repoRoot: string, probe: FileProbe): string | undefined {
  let best: { file: string; time: number } | undefined;
  for (const configuration of ['Release', 'Debug']) {
    const file = path.join(repoRoot, 'src', 'PmCopilot.Cli', 'bin', configuration, 'net10.0', 'pmcopilot.dll');
    const time = probe.fileTime(file);
    if (time !== undefined && (best === undefined || time > best.time)) best = { file, time };
  }
  return best?.file;
}

export function locateServer(input: LocatorInput): ServerCommand {
  const { probe, extraArgs } = input;
  const exe = input.platform === 'win32' ? 'pmcopilot.exe' : 'pmcopilot';

  if (input.configuredPath !== '') {
    if (probe.fileTime(input.configuredPath) === undefined) {
      throw new ServerNotFoundError(`pmcopilot.server.path points at "${input.configuredPath}", which is not a file.`);
    }
    return fromFile(input.configuredPath, extraArgs, 'setting');
  }

  const bundled = path.join(input.extensionPath, 'server', exe);
  if (probe.isExecutable(bundled)) return fromFile(bundled, extraArgs, 'bundled');

  for (const start of [input.extensionPath, ...input.workspaceFolders]) {
    const root = findRepoRoot(start, probe);
    const build = root && newestDevelopmentBuild(root, probe);
    if (build) return fromFile(build, extraArgs, 'development');
  }

  for (const folder of input.searchPath) {
    if (folder === '') continue;
    const candidate = path.join(folder, exe);
    if (probe.isExecutable(candidate)) return fromFile(candidate, extraArgs, 'path');
  }

  throw new ServerNotFoundError(
    'The PmCopilot server was not found: set pmcopilot.server.path, install `pmcopilot` on PATH, ' +
      'or build it with `dotnet build src/PmCopilot.Cli`.',
  );
}

/** The same executable run as the `pmcopilot` CLI with other arguments (e.g. `models path NAME`). */
export function cliCommand(server: ServerCommand, args: string[]): { command: string; args: string[] } {
  const serveAt = server.args.indexOf('serve');
  const prefix = serveAt >= 0 ? server.args.slice(0, serveAt) : [];
  return { command: server.command, args: [...prefix, ...args] };
}
