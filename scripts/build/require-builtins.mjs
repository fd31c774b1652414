// Rollup plugin used by rollup.config.mjs: every `node:` builtin the bundle imports is loaded with a
// CommonJS `require` instead of an ES-module import, and the builtins a first request over plain
// http does not need are not loaded at all until they are used.
//
// Why: for `import … from 'node:x'` Node builds an ES-module facade by reading every export of the
// builtin, which runs its lazy getters (node:http's WebSocket & co. load undici, node:crypto's
// webcrypto, …). On Node 24 the facades of the builtins a cold start imports cost ~15 ms of CPU; a
// `require` of the same builtins ~2 ms. Loading node:tls, node:https, node:crypto and node:zlib costs
// another ~10–40 ms on Node 24 (measured on a busy 2-core machine), and a Smart Home request to an
// http:// Home Assistant needs none of them.
//
// - An eager builtin is required when the bundle loads; its named imports are read from the required
//   module (rollup's `syntheticNamedExports`).
// - A lazy builtin is required on first use: each name imported from it (and each property of its
//   default export) is a stand-in that requires the builtin when it is called, constructed, or a
//   property of it is read. `typeof` a stand-in is always 'function'; nothing in the bundle relies on
//   `typeof` of an imported builtin member.
//
// Plain JavaScript: rollup loads it with the machine's Node.
const PREFIX = '\0require-builtin:';

/** The module that stands for builtin `name` in the bundle. */
export function builtinModuleSource(name, lazy) {
  const head = ["import { createRequire } from 'node:module';"];
  if (!lazy) {
    return [...head, `const builtin = createRequire(import.meta.url)('node:${name}');`, 'export default builtin;'].join('\n');
  }
  return [
    ...head,
    'let loaded;',
    `const load = () => (loaded ??= createRequire(import.meta.url)('node:${name}'));`,
    // A function target, so that a stand-in can be called and constructed as well as read.
    'const member = (key) => new Proxy(function () {}, {',
    '  apply: (_target, _self, args) => Reflect.apply(load()[key], load(), args),',
    '  construct: (_target, args) => Reflect.construct(load()[key], args),',
    '  get: (_target, property) => { const value = load()[key][property]; return typeof value === "function" && property !== "prototype" && property !== "constructor" ? value.bind(load()[key]) : value; },',
    '  has: (_target, property) => property in load()[key],',
    '});',
    'const members = new Map();',
    'const builtin = new Proxy({}, { get: (_target, key) => { if (!members.has(key)) members.set(key, member(key)); return members.get(key); } });',
    'export default builtin;',
  ].join('\n');
}

/**
 * @param {{ eager: readonly string[], lazy: readonly string[] }} builtins names without `node:`
 */
export function requireBuiltins({ eager, lazy }) {
  const all = new Set([...eager, ...lazy]);
  return {
    name: 'require-builtins',
    resolveId(id) {
      const bare = id.replace(/^node:/, '');
      return all.has(bare) ? `${PREFIX}${bare}` : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      return { code: builtinModuleSource(name, lazy.includes(name)), syntheticNamedExports: 'default' };
    },
  };
}
