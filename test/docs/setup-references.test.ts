/**
 * Every "SETUP.md step N" (and every SETUP.md#anchor link) in the docs, workflows, scripts, sources
 * and messages names a heading SETUP.md has, so a user sent to a step lands on the right one.
 * config/ is read through its copies in test/fixtures/ (a fork edits config/; check:template keeps
 * the copies equal to the template's).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { REPO_ROOT } from '../scripts/helpers/config-dir.js';

const setup = readFileSync(join(REPO_ROOT, 'SETUP.md'), 'utf8');
const headings = [...setup.matchAll(/^#{2,4} (.+)$/gm)].map((match) => match[1]!.trim());
/** "## 3. Create the AWS side" → 3; "### 8.1 A Login…" → 8.1. */
const steps = new Set(headings.map((heading) => /^(\d+(?:\.\d+)?)\.? /.exec(heading)?.[1]).filter((step) => step !== undefined));
/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchors = new Set(headings.map((heading) => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-')));

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

const scanned = [
  join(REPO_ROOT, 'README.md'),
  ...files(join(REPO_ROOT, '.github', 'workflows'), (path) => path.endsWith('.yml')),
  ...files(join(REPO_ROOT, 'scripts'), (path) => /\.(ts|mts|mjs|sh)$/.test(path)),
  ...files(join(REPO_ROOT, 'src'), (path) => path.endsWith('.ts')),
  ...files(join(REPO_ROOT, 'test', 'fixtures'), (path) => /\.(ya?ml|ts)$/.test(path)),
];

/** `SETUP.md step 3`, `[SETUP.md](SETUP.md) step 3`, `SETUP.md, step 8.4`, `SETUP step 3`. */
const STEP_REFERENCE = /SETUP(?:\.md)?(?:\]\(SETUP\.md\))?,? steps? (\d+(?:\.\d+)?)/g;
const ANCHOR_REFERENCE = /SETUP\.md#([\w-]+)/g;

t.test('SETUP.md\'s numbered headings are found (the test reads what it checks against)', async (t) => {
  for (const step of ['1', '3', '8', '8.1']) t.ok(steps.has(step), `step ${step}`);
  t.ok(anchors.has('your-files-and-the-templates'));
});

t.test('every "SETUP.md step N" elsewhere names a step SETUP.md has', async (t) => {
  let found = 0;
  for (const path of scanned) {
    for (const match of readFileSync(path, 'utf8').matchAll(STEP_REFERENCE)) {
      found += 1;
      t.ok(steps.has(match[1]!), `${relative(REPO_ROOT, path)}: "${match[0]}"`);
    }
  }
  t.ok(found > 3, `references were found (${found})`);
});

t.test('every "(step N)" inside SETUP.md names one of its own steps', async (t) => {
  for (const match of setup.matchAll(/\bsteps? (\d+(?:\.\d+)?)\b/g)) t.ok(steps.has(match[1]!), `SETUP.md: "${match[0]}"`);
});

t.test('every SETUP.md#anchor link lands on a heading', async (t) => {
  for (const path of [...scanned, join(REPO_ROOT, 'SETUP.md')]) {
    for (const match of readFileSync(path, 'utf8').matchAll(ANCHOR_REFERENCE)) t.ok(anchors.has(match[1]!), `${relative(REPO_ROOT, path)}: ${match[0]}`);
  }
  for (const match of setup.matchAll(/\]\(#([\w-]+)\)/g)) t.ok(anchors.has(match[1]!), `SETUP.md: #${match[1]}`);
});

t.test('the bootstrap command is referred to by the step where SETUP.md creates the AWS side', async (t) => {
  const heading = headings.find((candidate) => /^\d+\. .*AWS side/.test(candidate));
  t.ok(heading, 'SETUP.md has a numbered "AWS side" step');
  const bootstrapStep = /^(\d+)\./.exec(heading ?? '')?.[1];
  for (const path of scanned) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!/bootstrap/i.test(line)) continue;
      for (const match of line.matchAll(STEP_REFERENCE)) t.equal(match[1], bootstrapStep, `${relative(REPO_ROOT, path)}: ${line.trim().slice(0, 100)}`);
    }
  }
});
