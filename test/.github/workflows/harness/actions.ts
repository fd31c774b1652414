/**
 * The `uses:` actions the workflows call, emulated by owner/name (any @ref, tag or SHA). An action
 * not listed here fails the rehearsal: a new action needs a deliberate emulation.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface ActionContext {
  readonly workspace: string;
  readonly artifactsDir: string;
  /** The evaluated `with:` inputs. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Exports variables to the following steps, as the action's core.exportVariable does. */
  exportEnv(name: string, value: string): void;
  /** Credentials the rehearsal hands out (fake). */
  readonly credentials: Readonly<Record<string, string>>;
  /** Records what an action did, for the step's output. */
  log(line: string): void;
  /** Sets a step output (`steps.<id>.outputs.<name>`), as the action's core.setOutput does. */
  setOutput(name: string, value: string): void;
  /** The repository's Actions cache, kept across the runs of one scenario: key → saved files' folder. */
  readonly cache: Map<string, string>;
}

export type ActionEmulator = (context: ActionContext) => void;

const input = (context: ActionContext, name: string): string => context.inputs[name]?.trim() ?? '';

function required(context: ActionContext, name: string): string {
  const value = input(context, name);
  if (value === '') throw new Error(`Input required and not supplied: ${name}`);
  return value;
}

/** Files under `path` (a file or a folder), absolute. */
function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((file) => join(path, file))
    .filter((file) => statSync(file).isFile());
}

/** The deepest folder holding every file, as upload-artifact roots the artifact. */
function commonRoot(files: readonly string[]): string {
  const parts = files.map((file) => dirname(file).split(sep));
  const first = parts[0] ?? [];
  let length = first.length;
  for (const other of parts) while (first.slice(0, length).join(sep) !== other.slice(0, length).join(sep)) length -= 1;
  return first.slice(0, length).join(sep) || sep;
}

export const ACTIONS: Readonly<Record<string, ActionEmulator>> = {
  // The working copy is the checkout.
  'actions/checkout': (context) => {
    if (input(context, 'path') !== '' || input(context, 'repository') !== '') throw new Error('the rehearsal emulates only a checkout of this repository into the workspace');
    context.log('checkout: the working copy is the workspace');
  },
  // Node is the one running the tests.
  'actions/setup-node': (context) => context.log(`setup-node: using ${process.version}`),
  // OIDC → fake keys for the loopback AWS, and the region, as the real action exports them. The
  // credentials belong to the role's account; `allowed-account-ids` (v5+: "a comma-delimited list of
  // expected AWS account IDs; the action will fail if we receive credentials for the wrong account",
  // github.com/aws-actions/configure-aws-credentials#readme) is checked as the action checks it,
  // before any credentials are exported.
  'aws-actions/configure-aws-credentials': (context) => {
    const region = required(context, 'aws-region');
    const role = input(context, 'role-to-assume');
    if (role === '' && input(context, 'aws-access-key-id') === '') throw new Error('Input required: role-to-assume (or access keys)');
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(role)?.[1];
    if (role !== '' && account === undefined) throw new Error(`Could not assume role with OIDC: ${role} is not a role ARN`);
    const allowed = input(context, 'allowed-account-ids').split(',').map((id) => id.trim()).filter(Boolean);
    if (allowed.length > 0 && !allowed.includes(account ?? '')) throw new Error('The account ID of the provided credentials is not in \'allowed-account-ids\'');
    for (const [name, value] of Object.entries(context.credentials)) context.exportEnv(name, value);
    context.exportEnv('AWS_REGION', region);
    context.exportEnv('AWS_DEFAULT_REGION', region);
    if (account !== undefined) context.setOutput('aws-account-id', account);
    context.log(`configure-aws-credentials: assumed ${role} in ${region} (fake credentials)`);
  },
  // actions/cache/restore and actions/cache/save (github.com/actions/cache, restore/ and save/
  // READMEs): an exact key hit sets cache-hit=true; lookup-only checks without downloading; saving
  // an existing key is refused with a warning ("Unable to reserve cache … another job may be
  // creating this cache"), never overwritten; no restore-keys here (the workflows use none with these).
  'actions/cache/restore': (context) => {
    const key = required(context, 'key');
    required(context, 'path');
    if (input(context, 'restore-keys') !== '') throw new Error('the rehearsal does not emulate restore-keys');
    const saved = context.cache.get(key);
    context.setOutput('cache-hit', saved === undefined ? 'false' : 'true');
    if (saved !== undefined && input(context, 'lookup-only') !== 'true') cpSync(saved, context.workspace, { recursive: true });
    context.log(saved === undefined ? `Cache not found for input keys: ${key}` : `Cache ${input(context, 'lookup-only') === 'true' ? 'found (lookup only)' : 'restored'} from key: ${key}`);
  },
  'actions/cache/save': (context) => {
    const key = required(context, 'key');
    const paths = required(context, 'path').split('\n').map((line) => line.trim()).filter(Boolean);
    if (context.cache.has(key)) {
      context.log(`::warning::Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`);
      return;
    }
    const folder = mkdtempSync(join(tmpdir(), 'ha-alexa-cache-'));
    for (const path of paths) {
      const source = resolve(context.workspace, path);
      if (!existsSync(source)) throw new Error(`Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.`);
      cpSync(source, join(folder, relative(context.workspace, source)), { recursive: true });
    }
    context.cache.set(key, folder);
    context.log(`Cache saved with key: ${key}`);
  },
  'actions/upload-artifact': (context) => {
    const name = input(context, 'name') || 'artifact';
    const paths = input(context, 'path').split('\n').map((line) => line.trim()).filter(Boolean);
    if (paths.some((path) => /[*?!]/.test(path))) throw new Error('the rehearsal does not emulate upload-artifact globs');
    const existing = paths.map((path) => resolve(context.workspace, path)).filter((path) => existsSync(path));
    const files = existing.flatMap(filesUnder);
    if (files.length === 0) {
      const mode = input(context, 'if-no-files-found') || 'warn';
      if (mode === 'error') throw new Error(`No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.`);
      context.log(`upload-artifact: no files for ${name}`);
      return;
    }
    const root = existing.length === 1 && statSync(existing[0] as string).isDirectory() ? (existing[0] as string) : commonRoot(files);
    const target = join(context.artifactsDir, name);
    for (const file of files) {
      const destination = join(target, relative(root, file));
      mkdirSync(dirname(destination), { recursive: true });
      cpSync(file, destination);
    }
    context.log(`upload-artifact: ${name} (${files.length} file${files.length === 1 ? '' : 's'})`);
  },
  'actions/download-artifact': (context) => {
    const name = required(context, 'name');
    const source = join(context.artifactsDir, name);
    if (!existsSync(source)) throw new Error(`Unable to download artifact(s): Artifact not found for name: ${name}`);
    const target = resolve(context.workspace, input(context, 'path') || '.');
    mkdirSync(target, { recursive: true });
    cpSync(source, target, { recursive: true });
    context.log(`download-artifact: ${name} → ${relative(context.workspace, target) || '.'}`);
  },
};

/** `owner/name` of `owner/name@ref`, or `owner/name/path` of `owner/name/path@ref` (e.g. actions/cache/restore). */
export function actionName(uses: string): string {
  return uses.split('@')[0] ?? uses;
}
