/**
 * npm run skill:login -- [--port 9090] [--out <file>] [--repo OWNER/REPO] [--print-only]
 *
 * The one-time consent that lets the skill workflow manage your skills, run on your computer
 * (never in CI). This script will:
 *   1. read LWA_CLIENT_ID and LWA_CLIENT_SECRET (your Login with Amazon Security Profile, whose
 *      Allowed Return URLs include http://127.0.0.1:9090/cb);
 *   2. listen on 127.0.0.1 and print the consent URL (scopes alexa::ask:skills:readwrite and
 *      alexa::ask:models:readwrite) to open in a browser;
 *   3. receive the code on the loopback address, exchange it for a refresh token, and check it by
 *      listing your vendor;
 *   4. write the refresh token to a file only you can read;
 *   5. if the GitHub CLI is logged in (and --print-only was not given), store the three secrets in
 *      the production environment with `gh secret set` (each value on stdin, never on a command
 *      line), start the Skills workflow with `gh workflow run skill.yml` and delete the file;
 *      otherwise print the `gh secret set` commands to run yourself.
 * No secret is ever printed: the printed commands read the refresh token from the file, so it stays
 * out of the terminal's scrollback and shell history, and gh's own errors are shown scrubbed.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { accessTokenFromRefreshToken, consentUrl, DEFAULT_LWA_AUTHORIZE_URL, DEFAULT_LWA_TOKEN_URL, refreshTokenFromCode, type LwaClient } from './lwa.js';
import { DEFAULT_SMAPI_ENDPOINT, SmapiClient } from './smapi-client.js';
import { describeSmapiError, SmapiError } from './smapi-errors.js';

const USAGE = 'usage: LWA_CLIENT_ID=… LWA_CLIENT_SECRET=… npm run skill:login -- [--port 9090] [--out <file>] [--repo OWNER/REPO] [--print-only]';

/** The port whose return URL the Security Profile allows (SETUP.md). */
export const DEFAULT_PORT = 9090;
const CALLBACK_PATH = '/cb';

export interface LoginTestOptions {
  /** How long to wait for the browser (default 5 minutes, the code's lifetime). */
  waitMs?: number;
}

export function createMain(testOptions: LoginTestOptions = {}): Main {
  return async (argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    if (env.GITHUB_ACTIONS === 'true' || env.CI === 'true') {
      throw new ScriptError('skill:login is for your computer: it needs your browser for the consent. Run it locally, then store the secrets with gh secret set');
    }
    const clientId = env.LWA_CLIENT_ID?.trim();
    const clientSecret = env.LWA_CLIENT_SECRET?.trim();
    if (!clientId || !clientSecret) {
      throw new ScriptError(
        'set LWA_CLIENT_ID and LWA_CLIENT_SECRET from your Security Profile (developer.amazon.com → Login with Amazon → the profile → Web Settings), e.g. read -rs LWA_CLIENT_SECRET && export LWA_CLIENT_SECRET',
      );
    }
    const client: LwaClient = { clientId, clientSecret, tokenUrl: env.LWA_TOKEN_URL?.trim() || DEFAULT_LWA_TOKEN_URL };
    const state = randomBytes(16).toString('hex');

    const callback = await listen(args.port, state, testOptions.waitMs ?? 5 * 60_000);
    let code: string;
    try {
      io.out(`Waiting on ${callback.redirectUri} (the Security Profile's Allowed Return URLs must list it).`);
      io.out('Open this address in your browser, sign in with your Amazon developer account and allow access:');
      io.out('');
      io.out(`  ${consentUrl(env.LWA_AUTHORIZE_URL?.trim() || DEFAULT_LWA_AUTHORIZE_URL, clientId, callback.redirectUri, state)}`);
      io.out('');
      code = await callback.code;
    } finally {
      await callback.close();
    }

    const refreshToken = await refreshTokenFromCode(client, code, callback.redirectUri);
    const vendor = await checkToken(client, refreshToken, env.SMAPI_ENDPOINT?.trim() || DEFAULT_SMAPI_ENDPOINT);
    const file = args.out ?? join(mkdtempSync(join(tmpdir(), 'skill-login-')), 'lwa-refresh-token');
    writeFileSync(file, refreshToken, { mode: 0o600 });

    io.out(`Signed in: SMAPI lists your vendor ${vendor}. The refresh token is in ${file} (readable only by you).`);
    const secrets: Secret[] = [
      { name: 'LWA_CLIENT_ID', value: clientId },
      { name: 'LWA_CLIENT_SECRET', value: clientSecret },
      { name: 'LWA_REFRESH_TOKEN', value: refreshToken },
    ];
    const gh = new GitHubCli(env.GH_PATH?.trim() || 'gh', env, args.repo, secrets.map((secret) => secret.value));
    const reason = args.printOnly ? '--print-only: run these yourself' : storeWithGh(gh, secrets, io);
    if (reason === undefined) {
      rmSync(file, { force: true });
      return 0;
    }
    io.out(`${reason}.`);
    printCommands(io, clientId, file, args.repo);
    return 0;
  };
}

interface Secret {
  name: string;
  value: string;
}

/** Stores the secrets and starts the Skills workflow; undefined when done, else why not (one line). */
function storeWithGh(gh: GitHubCli, secrets: readonly Secret[], io: Io): string | undefined {
  const status = gh.run(['auth', 'status']);
  if (status.missing) return `gh is not installed (${gh.path}): run these yourself`;
  if (status.code !== 0) return 'gh is not logged in (gh auth login): run these yourself';
  for (const secret of secrets) {
    const result = gh.run(['secret', 'set', secret.name, '--env', 'production', ...gh.repoArgs], secret.value);
    if (result.code !== 0) return `gh secret set ${secret.name} failed${result.error ? ` (${result.error})` : ''}: run these yourself`;
    io.out(`Stored ${secret.name} in the production environment.`);
  }
  const workflow = gh.run(['workflow', 'run', 'skill.yml', ...gh.repoArgs]);
  if (workflow.code !== 0) return `gh workflow run skill.yml failed${workflow.error ? ` (${workflow.error})` : ''}: the secrets are stored; start the Skills workflow yourself (Actions → Skills → Run workflow), or run these again`;
  io.out(`Started the Skills workflow: follow it with gh run watch${gh.repoArgs.length > 0 ? ` ${gh.repoArgs.join(' ')}` : ''} or in the Actions tab.`);
  return undefined;
}

interface GhResult {
  code: number;
  missing: boolean;
  /** gh's stderr cut to one line, the secret values replaced by ***. */
  error: string;
}

/** The GitHub CLI, run with values on stdin and errors scrubbed of the given secrets. */
class GitHubCli {
  readonly repoArgs: readonly string[];

  constructor(
    readonly path: string,
    private readonly env: NodeJS.ProcessEnv,
    repo: string | undefined,
    private readonly secretValues: readonly string[],
  ) {
    this.repoArgs = repo ? ['--repo', repo] : [];
  }

  run(args: readonly string[], input = ''): GhResult {
    const result = spawnSync(this.path, args, { input, encoding: 'utf8', env: this.env, timeout: 60_000 });
    if (result.error) {
      const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
      return { code: 1, missing, error: this.scrub(result.error.message) };
    }
    return { code: result.status ?? 1, missing: false, error: this.scrub(result.stderr || result.stdout) };
  }

  private scrub(text: string): string {
    let line = text.split(/\r?\n/).map((part) => part.trim()).find((part) => part !== '') ?? '';
    for (const value of this.secretValues) if (value) line = line.split(value).join('***');
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
  }
}

function printCommands(io: Io, clientId: string, file: string, repo: string | undefined): void {
  const repoArg = repo ? ` --repo ${repo}` : '';
  io.out('Store the three secrets in the production environment (GitHub CLI, in your repository folder):');
  io.out('');
  io.out(`  gh secret set LWA_CLIENT_ID --env production${repoArg} --body '${clientId}'`);
  io.out(`  gh secret set LWA_CLIENT_SECRET --env production${repoArg}    # paste the client secret when asked`);
  io.out(`  gh secret set LWA_REFRESH_TOKEN --env production${repoArg} < '${file}'`);
  io.out(`  rm '${file}'`);
  io.out('');
  io.out('Then run the Skills workflow (Actions → Skills → Run workflow).');
}

/** The vendor the new token acts for, as `name (id)`; proves the scopes before anything is stored. */
async function checkToken(client: LwaClient, refreshToken: string, endpoint: string): Promise<string> {
  const smapi = new SmapiClient({ endpoint, accessToken: await accessTokenFromRefreshToken(client, refreshToken) });
  try {
    const vendors = await smapi.listVendors();
    return vendors.map((vendor) => `${vendor.name} (${vendor.id})`).join(', ') || '(none yet: accept the terms at developer.amazon.com/alexa/console/ask)';
  } catch (err) {
    throw err instanceof SmapiError ? describeSmapiError(err, 'list your vendor IDs with the new token') : err;
  }
}

interface Callback {
  redirectUri: string;
  code: Promise<string>;
  close(): Promise<void>;
}

/** A loopback server that resolves with the consent code once, checking `state`. */
async function listen(port: number, state: string, waitMs: number): Promise<Callback> {
  let settle: { resolve: (code: string) => void; reject: (err: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) {
      res.writeHead(404).end();
      return;
    }
    const reply = (status: number, text: string) => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
    const error = url.searchParams.get('error');
    if (error) {
      reply(400, `Login with Amazon said ${error}. You can close this tab.`);
      settle?.reject(new ScriptError(`Login with Amazon answered ${error}${url.searchParams.get('error_description') ? ` (${url.searchParams.get('error_description') ?? ''})` : ''}: allow access on the consent page, and check that the Security Profile's Allowed Return URLs include the address above`));
      return;
    }
    if (url.searchParams.get('state') !== state) {
      reply(400, 'This answer does not belong to the running skill:login. You can close this tab.');
      return;
    }
    const value = url.searchParams.get('code');
    if (!value) {
      reply(400, 'No code in the answer. You can close this tab.');
      return;
    }
    reply(200, 'Signed in. You can close this tab and go back to the terminal.');
    settle?.resolve(value);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new ScriptError(err.code === 'EADDRINUSE' ? `port ${port} is in use: pass --port with another one (and add its return URL to the Security Profile)` : `cannot listen on 127.0.0.1:${port}: ${err.message}`)),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const timer = setTimeout(() => settle?.reject(new ScriptError(`no answer from the browser within ${Math.round(waitMs / 1000)} s: run npm run skill:login again and open the address it prints`)), waitMs);
  timer.unref();
  const { port: actual } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${actual}${CALLBACK_PATH}`,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    port: { type: 'string', default: String(DEFAULT_PORT) },
    out: { type: 'string' },
    repo: { type: 'string' },
    'print-only': { type: 'boolean', default: false },
  }, USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ScriptError(`--port ${values.port} is not a port number; ${USAGE}`);
  if (values.repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(values.repo)) throw new ScriptError(`--repo ${values.repo} is not OWNER/REPO; ${USAGE}`);
  return { port, out: values.out, repo: values.repo, printOnly: values['print-only'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('skill:login', main);
}
