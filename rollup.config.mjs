// Bundles the Lambda into dist/index.mjs plus lazily loaded chunks (dist/chunks/). Everything,
// the AWS SDK included, is bundled: the zip is self-contained and does not depend on the SDK
// version of the Lambda runtime. `npm run build` then zips dist/ (scripts/build/package-zip.mjs).
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { requireBuiltins } from './scripts/build/require-builtins.mjs';

/**
 * Builtins loaded with `require` (see scripts/build/require-builtins.mjs): those a first Smart Home
 * request needs, when the bundle loads; node:https, node:tls, node:crypto and node:zlib on first use
 * (an http:// Home Assistant, an uncompressed answer and no hashing need none of them).
 */
const BUILTINS = {
  eager: ['http', 'net', 'stream', 'buffer', 'util', 'url', 'fs', 'fs/promises', 'path', 'os', 'process', 'child_process'],
  lazy: ['https', 'tls', 'crypto', 'zlib', 'stream/web', 'worker_threads'],
};
const isRequiredBuiltin = (id) => [...BUILTINS.eager, ...BUILTINS.lazy].includes(id.replace(/^node:/, ''));

/**
 * fetch-blob (node-fetch's Blob) imports `streams.cjs` for its side effect alone: reading
 * `globalThis.ReadableStream` makes Node load its web streams at init (~4–12 ms of CPU, Node 20–24),
 * and its fallback is a 60 KB polyfill that no Node this runs on needs (package.json engines: >= 20.11,
 * where ReadableStream is global). The import is dropped; `Blob.stream()` still reads
 * `globalThis.ReadableStream` when it is called, which the Lambda never does.
 */
function dropFetchBlobStreamsPolyfill() {
  const empty = '\0fetch-blob-streams';
  return {
    name: 'drop-fetch-blob-streams-polyfill',
    resolveId(id, importer) {
      return id === './streams.cjs' && /[\\/]fetch-blob[\\/]index\.js$/.test(importer ?? '') ? empty : null;
    },
    load(id) {
      return id === empty ? 'export {};' : null;
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
    // Code shared by the handler and the lazy chunks would otherwise land in half a dozen small files
    // (the logger, the Alexa response builders, the builtin stand-ins), each its own ES module to
    // resolve, read and link on a cold start. Merged, the first import reads two files instead of
    // eight and takes ~3 ms less (Node 20, 14.6 → 11.9 ms); rollup merges only side-effect-free code,
    // so nothing a lazy chunk holds runs earlier than it did.
    experimentalMinChunkSize: 16_000,
    generatedCode: 'es2015',
    sourcemap: false,
  },
  plugins: [
    requireBuiltins(BUILTINS),
    dropFetchBlobStreamsPolyfill(),
    typescript({ tsconfig: './tsconfig.build.json', outputToFilesystem: false }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    // Minified code parses faster on a cold start and keeps the zip small. Names and class names
    // are kept, so error names (HaUnreachableError, …) and log lines stay readable.
    terser({ ecma: 2020, module: true, keep_classnames: true, keep_fnames: false, compress: { passes: 2 }, format: { comments: false } }),
  ],
  // Builtins not in BUILTINS stay ES-module imports; those in it are resolved by requireBuiltins.
  external: (id) => id.startsWith('node:') && !isRequiredBuiltin(id),
  treeshake: { moduleSideEffects: 'no-external' },
  onwarn(warning, warn) {
    // The AWS SDK and node-fetch polyfills use `this` at the top level of CJS modules and have
    // circular imports; both are harmless in the bundle.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};
