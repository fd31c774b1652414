/** The harness runs any workflow as GitHub would: proved on small synthetic workflows, no project steps. */
import t from 'tap';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKeyValueFile, runWorkflow, type RunOptions } from './runner.js';

const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAFAKE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'session' };

function workspaceWith(workflows: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'ha-alexa-harness-'));
  mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
  for (const [file, text] of Object.entries(workflows)) writeFileSync(join(workspace, '.github', 'workflows', file), text);
  return workspace;
}

const run = (workspace: string, options: Partial<RunOptions> = {}) =>
  runWorkflow({
    workspace,
    workflow: '.github/workflows/main.yml',
    eventName: 'push',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LEAK_CHECK: 'runner' },
    credentials: CREDENTIALS,
    vars: { NAME: 'world' },
    secrets: { TOKEN: 's3cret' },
    ...options,
  });

const MAIN = `
on: { push: { branches: [main] } }
env: { LEVEL: workflow }
jobs:
  second:
    needs: first
    runs-on: ubuntu-latest
    steps:
      - run: echo "got \${{ needs.first.outputs.greeting }} and $FROM_ENV_FILE?" >> "$GITHUB_STEP_SUMMARY"
  first:
    runs-on: ubuntu-latest
    env: { LEVEL: job, JOB_ONLY: yes }
    outputs:
      greeting: \${{ steps.hello.outputs.greeting }}
    steps:
      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567
      - id: hello
        env: { LEVEL: step, NAME: "\${{ vars.NAME }}" }
        run: |
          echo "greeting=hello $NAME from $LEVEL" >> "$GITHUB_OUTPUT"
          { echo "MULTI<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_ENV"
          echo "FROM_ENV_FILE=set" >> "$GITHUB_ENV"
      - run: |
          test "$LEVEL" = job && test "$JOB_ONLY" = yes && test "$MULTI" = "$(printf 'line 1\\nline 2')"
          test "$FROM_ENV_FILE" = set && test "$LEAK_CHECK" = runner && test "$GITHUB_ACTIONS" = true
          echo "## first" >> "$GITHUB_STEP_SUMMARY"
      - run: npm ci
      - if: \${{ env.LEVEL == 'nope' }}
        run: exit 1
`;

t.test('jobs run in needs order with outputs, env layering, GITHUB_ENV, summaries and skips', async (t) => {
  const result = await run(workspaceWith({ 'main.yml': MAIN }));
  t.equal(result.conclusion, 'success', result.log);
  t.same(result.jobs.map((job) => job.id), ['first', 'second']);
  const first = result.jobs[0];
  t.equal(first?.outputs.greeting, 'hello world from step');
  t.same(first?.steps.map((step) => step.outcome), ['success', 'success', 'success', 'success', 'skipped']);
  t.match(first?.steps[3]?.skippedCommand, 'npm ci');
  t.match(result.summary, /## first\n[\s\S]*got hello world from step and \?/, 'GITHUB_ENV does not cross jobs');
});

t.test('a failing step fails the job, later steps are skipped unless failure() or always(), and dependants are skipped', async (t) => {
  const workspace = workspaceWith({
    'main.yml': `
on: push
jobs:
  a:
    steps:
      - run: echo "::error title=x::it broke"; exit 3
      - run: echo never
      - if: failure()
        run: echo "cleanup ran"
      - if: \${{ always() }}
        run: echo "always ran"
  b:
    needs: [a]
    steps:
      - run: echo never
  c:
    needs: a
    if: always()
    steps:
      - run: echo "c sees \${{ needs.a.result }}"
`,
  });
  const result = await run(workspace);
  t.equal(result.conclusion, 'failure');
  t.same(result.jobs.map((job) => [job.id, job.result]), [['a', 'failure'], ['b', 'skipped'], ['c', 'success']]);
  t.same(result.jobs[0]?.steps.map((step) => step.outcome), ['failure', 'skipped', 'success', 'success']);
  t.match(result.annotations, ['::error title=x::it broke']);
  t.match(result.log, /c sees failure/);
});

t.test('a job if: false skips the whole workflow; workflow_dispatch inputs have their defaults', async (t) => {
  const workspace = workspaceWith({
    'main.yml': `
on:
  workflow_dispatch:
    inputs:
      who: { type: string, default: fallback }
      mode: { type: choice, default: stored, options: [stored, secret] }
jobs:
  only:
    if: \${{ github.event.repository.is_template }}
    steps: [{ run: exit 1 }]
  echo:
    steps:
      - env: { WHO: "\${{ inputs.who }}", MODE: "\${{ github.event.inputs.mode }}" }
        run: echo "$WHO/$MODE"
`,
  });
  const result = await run(workspace, { eventName: 'workflow_dispatch', inputs: { who: 'me' }, event: { repository: { is_template: false } } });
  t.equal(result.conclusion, 'success');
  t.equal(result.jobs[0]?.result, 'skipped');
  t.match(result.log, /me\/stored/);
  await t.rejects(run(workspace, { eventName: 'push' }), /does not run on push/);
});

t.test('reusable workflows, artifacts and AWS credentials are emulated', async (t) => {
  const workspace = workspaceWith({
    'main.yml': `
on: push
jobs:
  build:
    uses: ./.github/workflows/build.yml
    with: { label: "\${{ vars.NAME }}" }
    secrets: inherit
  deploy:
    needs: build
    steps:
      - uses: actions/download-artifact@v7
        with: { name: bundle, path: out }
      - uses: aws-actions/configure-aws-credentials@v6
        with: { role-to-assume: "arn:aws:iam::111122223333:role/r", aws-region: eu-west-1 }
      - run: |
          test "$(cat out/zip.txt)" = "zip for world" && test "$AWS_REGION" = eu-west-1 && test "$AWS_ACCESS_KEY_ID" = AKIAFAKE
          echo "built \${{ needs.build.outputs.zip }}"
`,
    'build.yml': `
on:
  workflow_call:
    inputs: { label: { type: string, required: true } }
    outputs:
      zip: { value: "\${{ jobs.make.outputs.zip }}" }
jobs:
  make:
    outputs: { zip: "\${{ steps.z.outputs.zip }}" }
    steps:
      - id: z
        env: { TOKEN: "\${{ secrets.TOKEN }}" }
        run: |
          mkdir -p dist && echo "zip for \${{ inputs.label }}" > dist/zip.txt
          test "$TOKEN" = s3cret && echo "zip=dist/zip.txt" >> "$GITHUB_OUTPUT"
      - uses: actions/upload-artifact@v6
        with: { name: bundle, path: dist/zip.txt, if-no-files-found: error }
`,
  });
  const result = await run(workspace);
  t.equal(result.conclusion, 'success', result.log);
  t.same(result.jobs.map((job) => job.id), ['build / make', 'deploy']);
  t.match(result.log, /built dist\/zip\.txt/);
});

t.test('what the harness cannot emulate fails the rehearsal instead of passing silently', async (t) => {
  const workflow = (steps: string) => workspaceWith({ 'main.yml': `on: push\njobs:\n  a:\n    steps:\n${steps}` });
  await t.rejects(run(workflow('      - uses: someone/deploy-action@v1\n')), /unknown action someone\/deploy-action@v1/);
  await t.rejects(run(workflow('      - run: npm ci && npm run build\n')), /combines a command the rehearsal skips/);
  await t.rejects(run(workflow('      - run: echo\n        shell: pwsh\n')), /only shell: bash/);
  await t.rejects(run(workspaceWith({ 'main.yml': 'on: push\njobs:\n  a:\n    strategy: { matrix: { n: [1, 2] } }\n    steps: [{ run: echo }]\n' })), /strategy\/matrix/);
  const missing = await run(workflow('      - uses: actions/upload-artifact@v6\n        with: { name: x, path: nothing/here, if-no-files-found: error }\n'));
  t.equal(missing.conclusion, 'failure');
  t.match(missing.annotations.join('\n'), /No files were found/);
});

t.test('GITHUB_OUTPUT files: key=value and heredocs', (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ha-alexa-kv-')), 'out');
  writeFileSync(file, 'a=1\nb=x=y\nc<<END\nl1\nl2\nEND\n');
  t.same(parseKeyValueFile(file), { a: '1', b: 'x=y', c: 'l1\nl2' });
  writeFileSync(file, 'c<<END\nno end\n');
  t.throws(() => parseKeyValueFile(file), /unterminated c<<END/);
  t.same(parseKeyValueFile(join(file, 'nope')), {});
  t.ok(readFileSync(file, 'utf8'));
  t.end();
});
