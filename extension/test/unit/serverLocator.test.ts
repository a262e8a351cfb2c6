import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliCommand, findRepoRoot, locateServer, ServerNotFoundError, type FileProbe, type LocatorInput } from '../../src/serverLocator';

function probe(files: Record<string, number>, executables: string[] = []): FileProbe {
  return { fileTime: (f) => files[f], isExecutable: (f) => executables.includes(f) };
}

function input(overrides: Partial<LocatorInput>): LocatorInput {
  return {
    configuredPath: '',
    extraArgs: [],
    extensionPath: '/ext',
    workspaceFolders: [],
    platform: 'linux',
    searchPath: [],
    probe: probe({}),
    ...overrides,
  };
}

describe('locateServer', () => {
  it('runs a configured dll with dotnet and an executable directly', () => {
    assert.deepEqual(locateServer(input({ configuredPath: '/b/pmcopilot.dll', probe: probe({ '/b/pmcopilot.dll': 1 }) })), {
      command: 'dotnet',
      args: ['/b/pmcopilot.dll', 'serve'],
      origin: 'setting',
    });
    assert.deepEqual(locateServer(input({ configuredPath: '/b/pmcopilot', extraArgs: ['--log', 'debug'], probe: probe({ '/b/pmcopilot': 1 }) })), {
      command: '/b/pmcopilot',
      args: ['serve', '--log', 'debug'],
      origin: 'setting',
    });
  });

  it('reports a configured path that is not a file instead of falling back', () => {
    assert.throws(() => locateServer(input({ configuredPath: '/nope', probe: probe({}, ['/ext/server/pmcopilot']) })), ServerNotFoundError);
  });

  it('prefers the bundled server, then a development build, then PATH', () => {
    const all = probe(
      { '/repo/PmCopilot.sln': 1, '/repo/src/PmCopilot.Cli/bin/Debug/net10.0/pmcopilot.dll': 5 },
      ['/ext/server/pmcopilot', '/usr/bin/pmcopilot'],
    );
    assert.equal(locateServer(input({ probe: all, extensionPath: '/ext' })).origin, 'bundled');
    const noBundle = probe({ '/repo/PmCopilot.sln': 1, '/repo/src/PmCopilot.Cli/bin/Debug/net10.0/pmcopilot.dll': 5 }, ['/usr/bin/pmcopilot']);
    const dev = locateServer(input({ probe: noBundle, extensionPath: '/repo/extension', searchPath: ['/usr/bin'] }));
    assert.deepEqual(dev, { command: 'dotnet', args: ['/repo/src/PmCopilot.Cli/bin/Debug/net10.0/pmcopilot.dll', 'serve'], origin: 'development' });
    const onPath = locateServer(input({ probe: probe({}, ['/usr/bin/pmcopilot']), searchPath: ['', '/usr/bin'] }));
    assert.deepEqual(onPath, { command: '/usr/bin/pmcopilot', args: ['serve'], origin: 'path' });
  });

  it('picks the newer of the Release and Debug builds', () => {
    const files = {
      '/repo/PmCopilot.sln': 1,
      '/repo/src/PmCopilot.Cli/bin/Debug/net10.0/pmcopilot.dll': 5,
      '/repo/src/PmCopilot.Cli/bin/Release/net10.0/pmcopilot.dll': 9,
    };
    assert.match(locateServer(input({ probe: probe(files), extensionPath: '/repo/extension' })).args[0] ?? '', /Release/);
  });

  it('finds development builds from a workspace folder too', () => {
    const files = { '/w/PmCopilot.sln': 1, '/w/src/PmCopilot.Cli/bin/Release/net10.0/pmcopilot.dll': 2 };
    assert.equal(locateServer(input({ probe: probe(files), workspaceFolders: ['/w/docs'] })).origin, 'development');
  });

  it('uses pmcopilot.exe on Windows', () => {
    assert.equal(locateServer(input({ platform: 'win32', probe: probe({}, ['/ext/server/pmcopilot.exe']) })).command, '/ext/server/pmcopilot.exe');
  });

  it('says how to fix it when nothing is found', () => {
    assert.throws(() => locateServer(input({})), /pmcopilot\.server\.path/);
  });

  it('stops walking up at the file system root', () => {
    assert.equal(findRepoRoot('/a/b/c', probe({})), undefined);
  });
});

describe('cliCommand', () => {
  it('keeps dotnet and the dll, replaces serve and its extra arguments', () => {
    assert.deepEqual(cliCommand({ command: 'dotnet', args: ['/b/pmcopilot.dll', 'serve', '--x'], origin: 'setting' }, ['models', 'path', 'q']), {
      command: 'dotnet',
      args: ['/b/pmcopilot.dll', 'models', 'path', 'q'],
    });
    assert.deepEqual(cliCommand({ command: '/ext/server/pmcopilot', args: ['serve'], origin: 'bundled' }, ['models', 'list', '--json']), {
      command: '/ext/server/pmcopilot',
      args: ['models', 'list', '--json'],
    });
  });
});
