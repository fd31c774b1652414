/**
 * Unit tests for src/config/ssm.ts: SSM failures explained with the fix, never with a value, and a
 * slow or hung Parameter Store given up on in bounded time (through the real SDK against SSM faked at
 * the HTTP level).
 */
import { setupServer } from 'msw/node';
import t from 'tap';
import { describeSsmError, readParametersFromSsm, SSM_MAX_ATTEMPTS, SSM_REQUEST_TIMEOUT_MS } from '../../src/config/ssm.js';
import { createFakeAws, FAKE_REGION, useFakeAwsEnv } from '../fixtures/fake-aws.js';

useFakeAwsEnv();
const aws = createFakeAws();
const server = setupServer(...aws.handlers);
server.listen({ onUnhandledRequest: 'error' });
t.teardown(() => server.close());

const PREFIX = '/ssm-test';
aws.ssm.put(`${PREFIX}/homeassistant/url`, 'https://ha.example.com');

t.beforeEach(() => {
  aws.ssm.calls.length = 0;
  aws.ssm.delay('GetParametersByPath', 0);
});

function awsError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

t.test('each kind of SSM failure is explained with what to do', async (t) => {
  t.match(describeSsmError(awsError('AccessDeniedException', 'denied'), '/p'), /access denied\. The function's execution role needs ssm:GetParametersByPath on parameter\/p and parameter\/p\/\*/);
  t.match(describeSsmError(awsError('CredentialsProviderError', 'Could not load credentials from any providers'), '/p'), /no AWS credentials\. Set USE_PARAMETER_STORE=false to run without AWS/);
  t.match(describeSsmError(awsError('ThrottlingException', 'Rate exceeded'), '/p'), /^Could not read SSM parameters under \/p: ThrottlingException: Rate exceeded$/);
  t.match(describeSsmError('boom', '/p'), /^Could not read SSM parameters under \/p: Error: boom$/);
});

t.test('a hung Parameter Store is given up after two attempts, each bounded by the connection and request timeouts', async (t) => {
  // Prepare
  aws.ssm.delay('GetParametersByPath', Number.POSITIVE_INFINITY);

  // Act
  const started = performance.now();
  const error = await readParametersFromSsm(PREFIX, FAKE_REGION).catch((e: unknown) => e);
  const elapsedMs = performance.now() - started;
  t.comment(`a hung SSM was given up after ${Math.round(elapsedMs)} ms`);

  // Assess
  t.type(error, Error);
  t.equal(aws.ssm.ops().length, SSM_MAX_ATTEMPTS, 'tried twice, no more');
  t.equal(SSM_MAX_ATTEMPTS, 2);
  t.match(describeSsmError(error, PREFIX), `Could not read SSM parameters under /ssm-test: Parameter Store did not answer in time (2 attempts, each allowed 1000 ms to connect and ${SSM_REQUEST_TIMEOUT_MS} ms to answer)`);
  t.ok(SSM_MAX_ATTEMPTS * SSM_REQUEST_TIMEOUT_MS < 7_500, 'both attempts fit in Alexa\'s budget');
});

t.test('a first attempt that hangs is retried once and the second answer is used', async (t) => {
  aws.ssm.delay('GetParametersByPath', Number.POSITIVE_INFINITY, 1);
  const values = await readParametersFromSsm(PREFIX, FAKE_REGION);
  t.same([...values.entries()], [['/homeassistant/url', 'https://ha.example.com']]);
  t.equal(aws.ssm.ops().length, 2);
});

t.test('an answer that sends its headers and then trickles is given up when the signal aborts', async (t) => {
  // Prepare: the SSM client's own timeouts never fire (every byte restarts the idle timer).
  aws.ssm.trickle('GetParametersByPath', 1);
  t.teardown(() => aws.ssm.stopTrickles());
  const abort = new AbortController();
  const read = readParametersFromSsm(PREFIX, FAKE_REGION, abort.signal).catch((e: unknown) => e);
  await waitFor(() => aws.ssm.trickles() === 1);

  // Act
  abort.abort(new Error('budget spent'));
  const error = await read;

  // Assess
  t.type(error, Error, 'the read rejects');
  t.same(aws.ssm.ops(), ['GetParametersByPath'], 'not retried');
  await t.rejects(readParametersFromSsm(PREFIX, FAKE_REGION, abort.signal), 'a read handed an aborted signal does not start');
  t.same(aws.ssm.ops(), ['GetParametersByPath'], 'nothing sent for it');
});

/** Resolves once `condition` holds, polling every 10 ms (the test's own timeout bounds it). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
