/**
 * Tests for scripts/build/require-builtins.mjs, the Rollup plugin that loads the bundle's builtins with
 * `require`: a lazy builtin is not loaded until a stand-in for one of its members is used, and then
 * each stand-in behaves as the member it stands for (called, constructed, read, spread, instanceof).
 * The modules it generates run in a fresh Node process, where nothing has loaded the builtins yet.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { builtinModuleSource, requireBuiltins } from '../../../scripts/build/require-builtins.mjs';

/** Runs `script` as an ES module in a fresh Node process beside the generated modules; returns its stdout as JSON. */
function runFresh(dir: string, script: string): unknown {
  const file = join(dir, 'main.mjs');
  writeFileSync(file, script);
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

t.test('a lazy builtin loads on first use, and its stand-ins behave as the real members', (t) => {
  const dir = t.testdir({ 'tls.mjs': builtinModuleSource('tls', true), 'https.mjs': builtinModuleSource('https', true), 'zlib.mjs': builtinModuleSource('zlib', true), 'crypto.mjs': builtinModuleSource('crypto', true) });
  const result = runFresh(
    dir,
    `
import { createRequire } from 'node:module';
const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
// Under tap, coverage tracking may have loaded some builtins already: count only what the stand-ins load.
const preloaded = new Set(process.moduleLoadList);
const loadedHere = (name) => loaded(name) && !preloaded.has('NativeModule ' + name);
const tls = (await import(${JSON.stringify(pathToFileURL(join(dir, 'tls.mjs')).href)})).default;
const https = (await import(${JSON.stringify(pathToFileURL(join(dir, 'https.mjs')).href)})).default;
const zlib = (await import(${JSON.stringify(pathToFileURL(join(dir, 'zlib.mjs')).href)})).default;
const crypto = (await import(${JSON.stringify(pathToFileURL(join(dir, 'crypto.mjs')).href)})).default;
const { rootCertificates, Agent } = { rootCertificates: tls.rootCertificates, Agent: https.Agent };
const before = { tls: loadedHere('tls'), https: loadedHere('https'), zlib: loadedHere('zlib'), crypto: loadedHere('crypto') };
const real = createRequire(import.meta.url);
const agent = new Agent({ keepAlive: true });
process.stdout.write(JSON.stringify({
  before,
  spread: [...rootCertificates, 'mine'].length === real('node:tls').rootCertificates.length + 1,
  constructed: agent instanceof real('node:https').Agent && agent instanceof Agent && agent.keepAlive === true,
  called: crypto.createHash('sha256').update('x').digest('hex') === real('node:crypto').createHash('sha256').update('x').digest('hex'),
  read: zlib.constants.Z_SYNC_FLUSH === real('node:zlib').constants.Z_SYNC_FLUSH,
  method: typeof https.request === 'function' && 'Agent' in https.Agent === false && 'defaultPort' in new Agent() ,
  after: { tls: loaded('tls'), https: loaded('https'), zlib: loaded('zlib'), crypto: loaded('crypto') },
}));
`,
  );
  t.same(result, {
    before: { tls: false, https: false, zlib: false, crypto: false },
    spread: true,
    constructed: true,
    called: true,
    read: true,
    method: true,
    after: { tls: true, https: true, zlib: true, crypto: true },
  });
  t.end();
});

t.test('an eager builtin is required at once and exported whole, for named imports to read from', (t) => {
  const dir = t.testdir({ 'net.mjs': builtinModuleSource('net', false) });
  const result = runFresh(dir, `const net = (await import(${JSON.stringify(pathToFileURL(join(dir, 'net.mjs')).href)})).default;\nprocess.stdout.write(JSON.stringify({ isIP: net.isIP('127.0.0.1'), loaded: process.moduleLoadList.includes('NativeModule net') }));\n`);
  t.same(result, { isIP: 4, loaded: true });
  t.end();
});

t.test('the plugin resolves only the listed builtins, with or without node:, and names come from the default export', (t) => {
  const plugin = requireBuiltins({ eager: ['net'], lazy: ['tls'] });
  t.equal(plugin.resolveId('node:net'), '\0require-builtin:net');
  t.equal(plugin.resolveId('tls'), '\0require-builtin:tls');
  t.equal(plugin.resolveId('node:fs'), null, 'a builtin not listed stays an import');
  t.equal(plugin.resolveId('./net.js'), null);
  t.equal(plugin.load('/src/x.ts'), null);
  t.match(plugin.load('\0require-builtin:tls'), { code: /let loaded;/, syntheticNamedExports: 'default' });
  t.match(plugin.load('\0require-builtin:net'), { code: /const builtin = createRequire\(import\.meta\.url\)\('node:net'\);/, syntheticNamedExports: 'default' });
  t.end();
});
