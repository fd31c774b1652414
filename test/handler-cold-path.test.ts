/**
 * What the Lambda's entry point (src/handler.ts) loads before its first answer: every module it
 * reaches through static imports (import() is lazy and is not followed). The validation library yup
 * is not among them: its import and schema cost ~20 ms of CPU on every cold start (issue 10), so
 * the settings are validated by hand there; yup stays the validator of the deploy-time files.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import t from 'tap';

const ROOT = resolve(import.meta.dirname, '..');

/** Packages and modules reached from `entry` through static, non-type imports. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

t.test('the Smart Home cold path does not import yup', (t) => {
  const { files, packages } = staticGraph(join(ROOT, 'src', 'handler.ts'));
  t.ok(files.has(join(ROOT, 'src', 'config', 'parse.ts')), 'the settings are validated on the cold path');
  t.ok(files.has(join(ROOT, 'src', 'homeassistant', 'client.ts')), 'the graph is followed through the gateway');
  t.notOk(packages.has('yup'), `static packages: ${[...packages].join(', ')}`);
  t.end();
});
