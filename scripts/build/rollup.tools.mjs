// Bundles the commands that run in jobs holding keys (the deploy role, HA_TOKEN, the LWA secrets,
// a write token) into dist/tools/, one plain-Node file per command with its dependencies inside:
// those jobs install nothing and run no dev tooling (no tsx, no npm ci), only `node dist/tools/X.mjs`
// from an artifact whose SHA-256 they check against the build job's record (scripts/build/checksums.mjs).
// `npm run build:tools`. Not minified: a user reading a failing deploy's stack can find the source.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

/** The command name (dist/tools/<name>.mjs) → its source. Every key-holding workflow step calls one of these. */
export const TOOLS = {
  'deploy-settings': 'scripts/deploy/deploy-settings.ts',
  'sync-parameters': 'scripts/deploy/sync-parameters.ts',
  'deploy-lambda': 'scripts/deploy/deploy-lambda.ts',
  'alexa-permissions': 'scripts/deploy/alexa-permissions.ts',
  'invoke-discovery': 'scripts/deploy/invoke-discovery.ts',
  'console-sheet': 'scripts/deploy/console-sheet.ts',
  'events-sheet': 'scripts/deploy/events-sheet.ts',
  rollback: 'scripts/deploy/rollback.ts',
  doctor: 'scripts/doctor/doctor.ts',
  'doctor-watch': 'scripts/doctor/watchman.ts',
  'skill-deploy': 'scripts/skill/skill-deploy.ts',
  'skill-consent-link': 'scripts/skill/skill-consent-link.ts',
  'template-sync': 'scripts/ci/template-sync.ts',
};

export default {
  input: TOOLS,
  output: {
    dir: 'dist/tools',
    format: 'es',
    entryFileNames: '[name].mjs',
    chunkFileNames: 'chunks/[name]-[hash].mjs',
    generatedCode: 'es2015',
    sourcemap: false,
  },
  plugins: [
    typescript({ tsconfig: './scripts/build/tsconfig.tools.json', outputToFilesystem: false, compilerOptions: { module: 'NodeNext' } }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
  ],
  external: (id) => id.startsWith('node:'),
  onwarn(warning, warn) {
    // The AWS SDK and node-fetch use `this` at the top level of CJS modules and have circular imports.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
};
