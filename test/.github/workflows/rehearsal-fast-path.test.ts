/**
 * The user's journey, end to end: the Deploy and Discovery test workflows run as written in
 * .github/workflows/ (test/.github/workflows/harness/ reads and executes their steps; nothing here names a
 * step), against a loopback fake AWS whose Lambda Invoke runs the built zip of the invoked version,
 * and the loopback fake Home Assistant with the demo home.
 * This file: the config-only fast path and Rollback, and a bundle changed after the build.
 */
import t from 'tap';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { applySetupEdits } from '../../fixtures/setup-edits.js';
import { closeForks, stepOutcome, jobTimes, HA_TOKEN, startFork, explain, assertRan, liveVersion, settingsOf } from './harness/rehearsal-fork.js';

// One real build (about 40 s of CPU), shared by the rehearsal files through the build cache's lock;
// generous, because a 2-core machine running the suite can stretch that several times over.
t.setTimeout(900_000);
t.teardown(closeForks);

t.test('a config-only push skips the suite that already passed for this code and still deploys; after a Rollback, a push with the same Lambda and settings leaves live there', async (t) => {
  const fork = await startFork({ region: 'us-east-1' });
  const first = await fork.run('deploy.yml');
  t.equal(first.conclusion, 'success', 'the first deploy is green', { log: explain(first) });
  t.equal(stepOutcome(first, 'ci / test', /^Test$/), 'success', 'first push: the suite step runs');
  t.equal(fork.cache.size, 1, 'and its pass is remembered under the code\'s key');
  const firstLive = liveVersion(fork).number;

  // The user's next commit: a new assistant name in config/, nothing else.
  applySetupEdits(join(fork.workspace, 'config'), { assistantName: 'Friday' });
  const configOnly = await fork.run('deploy.yml');
  t.equal(configOnly.conclusion, 'success', 'the config-only deploy is green', { log: explain(configOnly) });
  for (const step of [/^Install/, /^Lint/, /^Test$/]) t.equal(stepOutcome(configOnly, 'ci / test', step), 'skipped', `config-only push: ${step.source} is skipped by its if:`);
  t.equal(stepOutcome(configOnly, 'ci / test', /^Already passed$/), 'success', 'and the run says why');
  t.equal(stepOutcome(configOnly, 'ci / build / bundle', /^Smoke-test the zip/), 'success', 'the smoke test with the user\'s settings still runs');
  const live = liveVersion(fork);
  t.not(live.number, firstLive, 'live moved to a new version');
  t.equal(settingsOf(fork, live.version).get('homeassistant/assistant_name'), 'Friday', 'with the new settings');

  // The user rolls back from the Actions tab: live returns to the first version.
  const rollback = await fork.run('rollback.yml', { eventName: 'workflow_dispatch', inputs: { to_version: '' } });
  t.equal(rollback.conclusion, 'success', 'the Rollback workflow is green', { log: explain(rollback) });
  assertRan(t, rollback, ['tools / bundle', 'rollback']);
  t.equal(liveVersion(fork).number, firstLive, 'Rollback moved live back to the first version');

  // A change to the tests only gives a new key: the suite runs again. The Lambda and its settings
  // are those of the rolled-back version, so the rollback sticks.
  const testFile = join(fork.workspace, 'test', 'handler.test.ts');
  writeFileSync(testFile, `${readFileSync(testFile, 'utf8')}\n// a change\n`);
  const code = await fork.run('deploy.yml');
  t.equal(code.conclusion, 'success', { log: explain(code) });
  t.equal(stepOutcome(code, 'ci / test', /^Test$/), 'success', 'code push: the suite step runs again');
  t.equal(fork.cache.size, 2);
  t.equal(liveVersion(fork).number, firstLive, 'live stays where Rollback put it');
  t.match(code.summary, /live stays on version \d+, where the rollback put it/, 'and the summary says so');

  // The harness copies dist/ and dist/tools/ from the test run's first build of identical sources
  // (build-cache.ts, tools-cache.ts); on GitHub each push builds: README adds that time.
  const fast = jobTimes(configOnly);
  const full = jobTimes(first);
  t.comment(`config-only push, this machine, builds copied: ${fast.line}`);
  t.comment(`code push, this machine, without the test job's npm ci, lint and npm test (they do not run inside the suite; .ci/run times them): ${full.line}`);
  const testJob = configOnly.jobs.find((job) => job.id === 'ci / test');
  t.same(testJob?.steps.filter((step) => step.outcome === 'success').map((step) => step.name), ['Run actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803', "The suite's key (every file but config/ and skill-package/)", 'Has the suite passed for this code?', 'Already passed'], 'the test job did nothing but look up its key');
});

t.test('a bundle changed after the build job recorded it is refused before any credentials are used', async (t) => {
  const fork = await startFork({ region: 'us-east-1' });
  // A compromised dev dependency in the test job (which runs npm ci and every test) rewrites a tool.
  const deploy = await fork.run('deploy.yml', {
    afterJob: (job, artifacts) => {
      if (job === 'ci / test') writeFileSync(join(artifacts, 'bundle', 'tools', 'sync-parameters.mjs'), 'console.log(process.env.HA_TOKEN);\n');
    },
  });
  t.equal(deploy.conclusion, 'failure', 'the deploy is red');
  t.match(deploy.annotations.join('\n'), /Bundle check::a file of the bundle differs from what the build job recorded/);
  t.equal(stepOutcome(deploy, 'deploy', /^Get AWS credentials/), 'skipped', 'no credentials were requested');
  t.equal(fork.aws.lambda.ops().length + fork.aws.ssm.store.size, 0, 'nothing touched AWS');
  t.notMatch(deploy.log, HA_TOKEN, 'and the token was never printed');
});
