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

/**
 * src/handler.ts preloads the lazy chunks with a top-level await when LUGS is off. If rollup put the
 * handler's own code in a chunk that a lazy chunk imports (it may, when it merges small shared chunks
 * into the handler's), that await waits for a chunk that waits for it: the bundle never finishes
 * loading (Node exits with code 13). The smoke test caught it once; this makes it a build error.
 */
function noChunkImportsTheHandler() {
  return {
    name: 'no-chunk-imports-the-handler',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const home = chunks.find((chunk) => chunk.moduleIds.some((id) => /[\\/]src[\\/]handler\.ts$/.test(id)));
      if (home === undefined) return;
      const importers = chunks.filter((chunk) => chunk !== home && !chunk.isEntry && (chunk.imports.includes(home.fileName) || chunk.dynamicImports.includes(home.fileName)));
      if (importers.length > 0) {
        this.error(`${importers.map((chunk) => chunk.fileName).join(', ')} import ${home.fileName}, which holds src/handler.ts and its top-level await: with LUGS_ENABLED=false the bundle would never finish loading. Lower experimentalMinChunkSize or move the shared code out of the handler's chunk.`);
      }
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
    // so nothing a lazy chunk holds runs earlier than it did. 8 KB, not 16: at 16 KB rollup merged the
    // shared token and speech helpers into the handler's own chunk, which the lazy chunks then import
    // (see noChunkImportsTheHandler); at 8 KB the entry reads three files.
    experimentalMinChunkSize: 8_000,
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
    noChunkImportsTheHandler(),
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
