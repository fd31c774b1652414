/**
 * deploy-lambda's safety around the alias: it must exist before anything changes, and a failure
 * after it moved moves it back.
 */
import t from 'tap';
import { createFakeAws, defaultInvoke, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, useSyncedFakeAws } from '../helpers/deploy-run.js';

useFakeAwsEnv();

let aws: FakeAws = createFakeAws();
useSyncedFakeAws(t, (fresh) => {
  aws = fresh;
});

const deploy = deployFixture;

t.test('a missing alias is named before anything is uploaded or published', async (t) => {
  // Prepare: a function whose bootstrap stack never made the alias Alexa calls
  aws.lambda.state.aliases.delete('live');
  // Act
  const { code, io } = deploy();
  // Assess
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^deploy-lambda: the alias live of ha-alexa does not exist in eu-west-1: .*rerun the bootstrap command/);
  t.notMatch(io.lines.at(-1), /LAMBDA_ALIAS/, 'no setting that no longer exists');
  t.notMatch(io.lines.at(-1), /Check that LAMBDA_FUNCTION_NAME/, 'the function name is not blamed');
  t.same(aws.lambda.ops().filter((op) => !op.startsWith('Get')), [], 'no upload, no configuration change, no version');
  t.equal(aws.lambda.state.versions.size, 1);
});

t.test('a failure after the alias moved moves it back, and says so', async (t) => {
  // Prepare: the version passes its smoke test, then fails through the alias (4 smoke-test calls before)
  let calls = 0;
  aws.lambda.state.invoke = (invocation) => {
    calls += 1;
    return calls > 4 ? { payload: { errorType: 'Error', errorMessage: 'boom' }, functionError: 'Unhandled' } : defaultInvoke(invocation);
  };
  // Act
  const { code, io, summary } = deploy();
  // Assess
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^deploy-lambda: the check through the alias live failed on version 2: the function crashed .*boom; alias live moved back to version 1$/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  t.same(aws.lambda.calls.filter((call) => call.op === 'UpdateAlias').map((call) => call.input.FunctionVersion), ['2', '1']);
  t.equal(aws.lambda.calls.filter((call) => call.op === 'Invoke').at(-1)?.input.Qualifier, 'live', 'the last check went through the alias Alexa calls');
  t.match(summary(), /\*\*moved back\*\* to version 1: the check through the alias failed on version 2/);
});

t.test('the alias records where it came from, for npm run rollback', async (t) => {
  const { code } = deploy();
  t.equal(await code, 0);
  t.match(aws.lambda.state.aliases.get('live')?.Description, /from version 1 to version 2/);
});

t.test('the alias also moves back when the check through it cannot run at all', async (t) => {
  // Prepare: the fourth smoke-test call queues a refusal for the next call, the one through the alias
  let calls = 0;
  aws.lambda.state.invoke = (invocation) => {
    calls += 1;
    if (calls === 4) aws.lambda.fail('Invoke', { code: 'AccessDeniedException', status: 403, message: 'User: x is not authorized to perform: lambda:InvokeFunction on resource: ha-alexa:live', times: 1 });
    return defaultInvoke(invocation);
  };
  // Act
  const denied = deploy();
  // Assess
  t.equal(await denied.code, 1);
  t.match(denied.io.lines.at(-1), /the check through the alias live failed on version 2: access denied: .*; alias live moved back to version 1$/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
});

t.test('a live version that cannot discover (the bootstrap placeholder) is no baseline: the new version is compared with nothing', async (t) => {
  aws.lambda.state.invoke = (invocation) => (invocation.version === '1' && (invocation.event as { directive?: unknown }).directive ? { payload: { ok: true } } : defaultInvoke(invocation));
  const { code, io } = deploy();
  t.equal(await code, 0, io.text());
  t.match(io.text(), /discovery: ok, 2 endpoints\n/);
});
