/** Types of require-builtins.mjs (plain JavaScript, loaded by rollup.config.mjs with the machine's Node). */

/** The source of the module that stands for builtin `name` (without `node:`) in the bundle. */
export function builtinModuleSource(name: string, lazy: boolean): string;

export interface RequireBuiltinsPlugin {
  readonly name: 'require-builtins';
  resolveId(id: string): string | null;
  load(id: string): { code: string; syntheticNamedExports: 'default' } | null;
}

/** The Rollup plugin: `eager` builtins are required when the bundle loads, `lazy` ones on first use. */
export function requireBuiltins(builtins: { readonly eager: readonly string[]; readonly lazy: readonly string[] }): RequireBuiltinsPlugin;
