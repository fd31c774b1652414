/**
 * The `uses:` actions the workflows call, emulated by owner/name (any @ref, tag or SHA). An action
 * not listed here fails the rehearsal: a new action needs a deliberate emulation.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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
  // OIDC → fake keys for the loopback AWS, and the region, as the real action exports them.
  'aws-actions/configure-aws-credentials': (context) => {
    const region = required(context, 'aws-region');
    const role = input(context, 'role-to-assume');
    if (role === '' && input(context, 'aws-access-key-id') === '') throw new Error('Input required: role-to-assume (or access keys)');
    for (const [name, value] of Object.entries(context.credentials)) context.exportEnv(name, value);
    context.exportEnv('AWS_REGION', region);
    context.exportEnv('AWS_DEFAULT_REGION', region);
    context.log(`configure-aws-credentials: assumed ${role} in ${region} (fake credentials)`);
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

/** `owner/name` of `owner/name@ref` or `owner/name/path@ref`. */
export function actionName(uses: string): string {
  return uses.split('@')[0]?.split('/').slice(0, 2).join('/') ?? uses;
}
