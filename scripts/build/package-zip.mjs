#!/usr/bin/env node
// Writes dist/lambda.zip from dist/index.mjs and dist/chunks/, with index.mjs at the zip's root
// (Lambda handler `index.handler`), and prints the bundle and zip sizes.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';

const dist = 'dist';
const files = {};
const sizes = [];
function add(path) {
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    if (statSync(full).isDirectory()) add(full);
    else if (name.endsWith('.mjs')) {
      const data = readFileSync(full);
      // A fixed date keeps the zip byte-identical for identical code (no spurious deploys).
      files[relative(dist, full).split('\\').join('/')] = [data, { level: 9, mtime: new Date('2020-01-01T00:00:00Z') }];
      sizes.push([relative(dist, full), data.length]);
    }
  }
}
rmSync(join(dist, 'lambda.zip'), { force: true });
add(dist);
if (!files['index.mjs']) {
  console.error('dist/index.mjs is missing: run rollup first (npm run build)');
  process.exit(1);
}
const zip = zipSync(files);
writeFileSync(join(dist, 'lambda.zip'), zip);
const total = sizes.reduce((sum, [, size]) => sum + size, 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
sizes.sort((a, b) => b[1] - a[1]);
for (const [name, size] of sizes) console.log(`  ${name.padEnd(48)} ${kb(size).padStart(10)}`);
console.log(`bundle: ${kb(total)} in ${sizes.length} files; dist/lambda.zip: ${kb(zip.length)} (${zip.length} bytes)`);
