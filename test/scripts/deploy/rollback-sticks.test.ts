/**
 * A rollback sticks: a deploy of the build that was rolled back (a rerun, a docs-only push) leaves
 * `live` where npm run rollback put it; a new build (code or settings) deploys as usual.
 */
import t, { type Test } from 'tap';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, fixtureConfigDir, rollbackRun as rollback, syncRun, useSyncedFakeAws } from '../helpers/deploy-run.js';

useFakeAwsEnv();

let aws: FakeAws = createFakeAws();
useSyncedFakeAws(t, (fresh) => {
  aws = fresh;
});

const live = () => aws.lambda.state.aliases.get('live');

/** Deploys build A (version 2), then build B (version 3), then rolls back to version 2. */
async function deployAThenBThenRollBack(t: Test): Promise<void> {
  for (const zip of ['zip-A', 'zip-B']) {
    const run = deployFixture({}, [], zip);
    t.equal(await run.code, 0, run.io.text());
  }
  t.equal(live()?.FunctionVersion, '3');
  const back = rollback();
  t.equal(await back.code, 0, back.io.text());
  t.equal(live()?.FunctionVersion, '2');
}

t.test('after a rollback, a deploy of the same build leaves live where the rollback put it; new code deploys', async (t) => {
  // Prepare
  await deployAThenBThenRollBack(t);
  const publishedBefore = aws.lambda.calls.filter((call) => call.op === 'PublishVersion').length;
  // Act: the Deploy workflow rerun (or a docs-only push): build B again, same config/
  const again = deployFixture({}, [], 'zip-B');
  // Assess
  t.equal(await again.code, 0, again.io.text());
  t.equal(live()?.FunctionVersion, '2', 'live stays where the rollback put it');
  t.match(live()?.Description, /^npm run rollback moved this alias from version 3 to version 2/, 'the rollback record stays');
  t.equal(aws.lambda.calls.filter((call) => call.op === 'PublishVersion').length, publishedBefore, 'nothing is published');
  t.equal(aws.lambda.state.versions.size, 3);
  const text = again.io.text();
  t.match(
    text,
    '4/5 Not published: live stays on version 2, where the rollback put it: this deploy has the same code and settings as version 3, which was rolled back, so nothing was published. ' +
      'Push a change to the code or config/ to deploy again; to put version 3 back on live, run the Rollback workflow with to_version 3 (or npm run rollback -- --to-version 3).',
  );
  t.equal(again.io.lines.at(-1), 'Not deployed: ha-alexa:live stays on version 2, where the rollback put it.');
  const summary = again.summary();
  t.match(summary, /### ↩️ Lambda deploy: `ha-alexa` \(eu-west-1\): `live` stays rolled back/);
  t.match(summary, /\| alias `live` \| \*\*kept\*\* on version 2, where the rollback put it \|/);
  t.match(summary, /\| version \| none published: the same as version 3, which was rolled back \|/);
  t.match(summary, /> \[!NOTE\]\n> live stays on version 2, where the rollback put it: .* run the Rollback workflow with to_version 3/);
  // Act: a new change (different code)
  const next = deployFixture({}, [], 'zip-C');
  // Assess
  t.equal(await next.code, 0, next.io.text());
  t.equal(live()?.FunctionVersion, '4');
  t.match(live()?.Description, /^deploy-lambda moved this alias from version 2 to version 4/, 'the normal record replaces the rollback record');
  t.match(next.io.text(), /live was rolled back from version 3; this build differs from it \(code\), so it deploys as usual/);
});

t.test('after a rollback, the same code with new settings deploys, naming the setting that differs', async (t) => {
  // Prepare
  await deployAThenBThenRollBack(t);
  const rerun = deployFixture({}, [], 'zip-B');
  t.equal(await rerun.code, 0, rerun.io.text());
  t.equal(live()?.FunctionVersion, '2', 'a rerun keeps the rollback');
  // Act: build B with a changed Home Assistant timeout (a new settings set), synced first as the workflow does
  const changed = fixtureConfigDir((text) => text.replace('timeout: 6', 'timeout: 7'));
  const sync = syncRun({}, changed);
  t.equal(await sync.code, 0, sync.io.text());
  const next = deployFixture({}, [], 'zip-B', changed);
  // Assess
  t.equal(await next.code, 0, next.io.text());
  t.equal(live()?.FunctionVersion, '4');
  t.match(live()?.Description, /^deploy-lambda moved this alias from version 2 to version 4/);
  t.match(next.io.text(), /this build differs from it \(PARAMETER_SET\), so it deploys as usual/);
});
