// Bundles the Lambda into dist/index.mjs plus lazily loaded chunks (dist/chunks/). Everything,
// the AWS SDK included, is bundled: the zip is self-contained and does not depend on the SDK
// version of the Lambda runtime. `npm run build` then zips dist/ (scripts/build/package-zip.mjs).
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

/**
 * Node 24 builds an ES-module facade for `import … from 'node:http'` by reading every export, which
 * runs `http`'s lazy getters for WebSocket & co. and so loads undici (~10 ms of a cold start) that
 * this function never uses. A CommonJS `require` of the same builtin reads nothing, so `node:http`
 * and `node:https` are bundled as tiny modules that `require` them. Only the names the code imports
 * are re-exported; an import of any other name fails the build rather than breaking at run time.
 */
function requireBuiltins(names) {
  const prefix = '\0require-builtin:';
  return {
    name: 'require-builtins',
    resolveId(id) {
      const bare = id.replace(/^node:/, '');
      return names.includes(bare) ? `${prefix}${bare}` : null;
    },
    load(id) {
      if (!id.startsWith(prefix)) return null;
      const name = id.slice(prefix.length);
      return [
        "import { createRequire } from 'node:module';",
        `const builtin = createRequire(import.meta.url)('node:${name}');`,
        'export default builtin;',
        'export const Agent = builtin.Agent;',
      ].join('\n');
    },
  };
}

export default {
  input: { index: 'src/handler.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'chunks/[name]-[hash].mjs',
    generatedCode: 'es2015',
    sourcemap: false,
  },
  plugins: [
    requireBuiltins(['http', 'https']),
    typescript({ tsconfig: './tsconfig.build.json', outputToFilesystem: false }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    // Minified code parses faster on a cold start and keeps the zip small. Names and class names
    // are kept, so error names (HaUnreachableError, …) and log lines stay readable.
    terser({ ecma: 2020, module: true, keep_classnames: true, keep_fnames: false, compress: { passes: 2 }, format: { comments: false } }),
  ],
  external: (id) => id.startsWith('node:') && !/^node:https?$/.test(id),
  treeshake: { moduleSideEffects: 'no-external' },
  onwarn(warning, warn) {
    // The AWS SDK and node-fetch polyfills use `this` at the top level of CJS modules and have
    // circular imports; both are harmless in the bundle.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};
