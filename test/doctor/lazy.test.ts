/**
 * The doctor is a lazily loaded chunk (src/lazy.ts): nothing on the Lambda's static import graph,
 * which every Smart Home cold start loads, reaches src/doctor/.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO_ROOT } from '../scripts/helpers/config-dir.js';

/** Files reached from `entry` through static value imports (not `import type`, not `import()`). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)) {
      visit(resolve(dirname(file), (match[1] as string).replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return seen;
}

t.test('a Smart Home cold start never loads the doctor', async (t) => {
  const graph = [...staticGraph(join(REPO_ROOT, 'src', 'handler.ts'))].map((file) => relative(REPO_ROOT, file));
  t.ok(graph.includes('src/gateway/diagnostics.ts'), 'the walk follows the gateway');
  t.same(graph.filter((file) => file.startsWith('src/doctor/')), []);
  t.match(readFileSync(join(REPO_ROOT, 'src', 'lazy.ts'), 'utf8'), /import\('\.\/doctor\/index\.js'\)/);
});
