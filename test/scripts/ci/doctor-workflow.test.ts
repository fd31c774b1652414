/**
 * .github/workflows/doctor.yml: daily and manual, read-only AWS role from config/deploy.yaml, the
 * doctor inside the function, the watchman with issues: write, and a red run when a check failed.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/config-dir.js';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: { workflow_dispatch?: unknown; schedule?: { cron: string }[] };
  permissions: Record<string, string>;
  jobs: Record<string, { if?: string; needs?: string; permissions?: Record<string, string>; outputs?: Record<string, string>; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'doctor.yml'), 'utf8')) as Workflow;
const doctorJob = workflow.jobs.doctor!;
const step = (name: RegExp) => doctorJob.steps.find((entry) => name.test(entry.name ?? entry.uses ?? ''));

t.test('runs daily and on demand, with read-only permissions at the top', async (t) => {
  t.ok(workflow.on.workflow_dispatch);
  t.match(workflow.on.schedule?.[0]?.cron, /^\d+ \d+ \* \* \*$/);
  t.same(workflow.permissions, { contents: 'read' });
  t.same(doctorJob.permissions, { contents: 'read', 'id-token': 'write', issues: 'write' });
});

t.test('assumes the read-only discovery role that deploy-settings derives from config/deploy.yaml, for that account only', async (t) => {
  t.equal(step(/Where the function is/)?.run, 'node dist/tools/deploy-settings.mjs');
  t.match(step(/AWS credentials/)?.with, { 'allowed-account-ids': '${{ steps.target.outputs.account_id }}' });
  t.equal(step(/Where the function is/)?.id, 'target');
  // After a teardown (account_id emptied) the daily run is green with a notice, never red every day.
  const idle = step(/Not deployed yet/);
  t.match(idle?.run, /^echo "::notice title=Doctor skipped::config\/deploy\.yaml has no account_id yet: nothing is deployed \(not set up yet, SETUP\.md step 2; or torn down, SETUP\.md#teardown\)\."\n/);
  t.notMatch(idle?.run, /exit [1-9]/, 'and exits 0');
  t.equal(idle?.if, "steps.target.outputs.configured != 'true'");
  for (const later of doctorJob.steps.slice(doctorJob.steps.indexOf(idle!) + 1)) t.match(later.if, /configured == 'true'/, `${later.name ?? later.uses ?? ''}: skipped then`);
  t.match(step(/AWS credentials/)?.with, { 'role-to-assume': '${{ steps.target.outputs.discovery_role_arn }}' });
  t.match(step(/AWS credentials/)?.if, /configured == 'true'/);
  t.notOk((doctorJob as { environment?: string }).environment, 'no environment: the read-only role trusts the branches');
});

t.test('runs the doctor in the function, then the watchman with the workflow token', async (t) => {
  t.match(step(/Run the doctor/)?.run, /node dist\/tools\/doctor\.mjs --lambda --qualifier "\$QUALIFIER" --json doctor-report\.json/);
  const watch = step(/doctor issue/);
  t.match(watch?.run, 'node dist/tools/doctor-watch.mjs --report doctor-report.json --state .doctor/state.json');
  t.same(watch?.env, { GITHUB_TOKEN: '${{ github.token }}', REPOSITORY_PRIVATE: '${{ github.event.repository.private }}' }, 'the issue shows details only in a private repository');
  t.match(watch?.if, "(inputs.qualifier || 'diagnostics') == 'diagnostics'", 'only the diagnostics alias (moved with live) manages the issue, not a check of another version');
  t.match(step(/Remember/)?.with, { path: '.doctor', 'restore-keys': 'doctor-state-' });
});

t.test('a failed check turns the run red in a job of its own, after the state is saved', async (t) => {
  t.same(doctorJob.outputs, { ok: '${{ steps.doctor.outputs.ok }}' });
  t.match(workflow.jobs.verdict, { needs: 'doctor', if: "needs.doctor.outputs.ok == 'false'", permissions: {} });
});
