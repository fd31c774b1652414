/** A rollback during a deploy wins: the deploy never moves `live` over it, and says so. */
import t from 'tap';
import { createFakeAws, defaultInvoke, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, rollbackRun as rollback, useSyncedFakeAws } from '../helpers/deploy-run.js';

useFakeAwsEnv();

let aws: FakeAws = createFakeAws();
useSyncedFakeAws(t, (fresh) => {
  aws = fresh;
});

const live = () => aws.lambda.state.aliases.get('live');

t.test('a rollback while a deploy runs wins: the deploy leaves live alone and fails, saying why', async (t) => {
  // Prepare: build A is live (version 2); while build B's version 3 is smoke-tested, npm run rollback moves live back to 1
  const first = deployFixture({}, [], 'zip-A');
  t.equal(await first.code, 0, first.io.text());
  let rolledBack: ReturnType<typeof rollback> | undefined;
  aws.lambda.state.invoke = async (invocation) => {
    if (invocation.version === '3' && !rolledBack) {
      rolledBack = rollback();
      t.equal(await rolledBack.code, 0, rolledBack.io.text());
    }
    return defaultInvoke(invocation);
  };
  // Act
  const { code, io, summary } = deployFixture({}, [], 'zip-B');
  // Assess
  t.equal(await code, 1, io.text());
  t.equal(live()?.FunctionVersion, '1', 'the rollback stands');
  t.match(live()?.Description, /^npm run rollback moved this alias from version 2 to version 1/);
  t.same(
    aws.lambda.calls.filter((call) => call.op === 'UpdateAlias' && call.input.Name === 'live').map((call) => call.input.FunctionVersion),
    ['2', '1', '3'],
    'the deploy tried its move once, with the revision it read first, and AWS refused it',
  );
  t.equal(aws.lambda.state.aliases.get('diagnostics')?.FunctionVersion, '1', 'diagnostics follows live where the rollback put it');
  t.equal(
    io.lines.at(-1),
    'deploy-lambda: alias live was moved while this deploy ran (npm run rollback moved it from version 2 to version 1): that move stands and live stays on version 1. ' +
      'Version 3 passed its smoke test but is not live; run the deploy again to put it live',
  );
  t.match(summary(), /\| alias `live` \| \*\*not moved\*\*: npm run rollback moved it from version 2 to version 1 while this deploy ran, and that move stands \|/);
  t.match(summary(), /> \[!WARNING\]\n> alias live was moved while this deploy ran/);
});

t.test('a rollback during the check through the alias also wins: the deploy does not move live back over it', async (t) => {
  // Prepare: version 2 passes its smoke test (4 calls); during the check through live, npm run rollback runs, then the check fails
  let calls = 0;
  aws.lambda.state.invoke = async (invocation) => {
    calls += 1;
    if (calls !== 5) return defaultInvoke(invocation);
    const back = rollback(['--to-version', '1']);
    t.equal(await back.code, 0, back.io.text());
    return { payload: { errorType: 'Error', errorMessage: 'boom' }, functionError: 'Unhandled' };
  };
  // Act
  const { code, io, summary } = deployFixture({}, [], 'zip-A');
  // Assess
  t.equal(await code, 1, io.text());
  t.match(live()?.Description, /^npm run rollback moved this alias from version 2 to version 1/, 'the rollback\'s record stands');
  t.match(io.lines.at(-1), /; alias live was not moved back: it was moved meanwhile \(npm run rollback moved it from version 2 to version 1\), and that move stands$/);
  t.match(summary(), /\*\*not moved\*\*: npm run rollback moved it from version 2 to version 1 while this deploy ran/);
});
