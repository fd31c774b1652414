/**
 * No import cycle in src/: a circle of modules loads in an order that depends on which one is
 * imported first, so a constant read at load time can be undefined in one bundle chunk and not in
 * another. Static imports and re-exports count, `import type` included (a type circle is the same
 * tangle of files, and becomes a runtime one the day a value is added); dynamic `import()` does not,
 * since it is how the lazy chunks are loaded on first use (see src/lazy.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** `from '…'` of every static import and re-export; a dynamic `import('…')` has no `from`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The src/ files `file` imports statically (relative specifiers; packages are not ours). */
function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(STATIC_IMPORT)) {
    const specifier = match[1]!;
    if (specifier.startsWith('.')) found.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
  }
  return found;
}

/** Every cycle reachable in `graph`, each once, as the list of files from its first member back to it. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): void => {
    const at = onPath.indexOf(node);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    onPath.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    onPath.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

t.test('the cycle finder sees a circle of three files and none in a tree', async (t) => {
  t.same(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), [['a', 'b', 'c', 'a']]);
  t.same(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
  t.same(importsOf('/x/a.ts', "import type { T } from './b.js';\nexport { u } from '../c.js';\nconst m = await import('./d.js');\nimport t from 'tap';"), ['/x/b.ts', '/c.ts']);
});

t.test('src/ has no import cycle', async (t) => {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) graph.set(file, importsOf(file, readFileSync(file, 'utf8')));
  t.ok(graph.size > 50, `src/ was read (${graph.size} files)`);
  const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(SRC, file)).join(' → '));
  t.same(cycles, [], 'import cycles in src/ (break each by moving what both sides need into a file of its own)');
});
