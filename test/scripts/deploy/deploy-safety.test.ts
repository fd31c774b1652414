/**
 * deploy-lambda's safety checks: the alias must exist before anything changes, a failure after the
 * alias moved moves it back, and the smoke test refuses a version that sees no or far fewer devices.
 */
import t from 'tap';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import { createFakeAws, defaultInvoke, discoverResponse, errorResponse, FAKE_ENDPOINTS, stateReport, useFakeAwsEnv, type FakeAws, type FakeInvocation } from '../../fixtures/fake-aws.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { createRun } from '../helpers/recorder.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';

useFakeAwsEnv();
const FAST = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
const TOKEN = 'ha-token-for-the-deploy-safety-tests-0123456789';
const FIXTURE = fileURLToPath(new URL('../../fixtures/config/deploy-safety/', import.meta.url));

let aws: FakeAws = createFakeAws();
const server = setupServer();
t.before(() => server.listen({ onUnhandledRequest: 'error' }));
t.teardown(() => server.close());
t.beforeEach(async () => {
  aws = createFakeAws();
  server.resetHandlers(...aws.handlers);
  const recorder = createRun({ HA_TOKEN: TOKEN });
  await runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', configDir()], recorder.env, recorder.io);
  aws.ssm.calls.length = 0;
});

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-a2-safety-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const deploy = (env: NodeJS.ProcessEnv = {}, argv: string[] = [], zip = 'zip-v2') => {
  const zipPath = join(mkdtempSync(join(tmpdir(), 'ha-alexa-a2-zip-')), 'lambda.zip');
  writeFileSync(zipPath, zip);
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('deploy-lambda', createDeployMain(FAST), ['--zip', zipPath, '--config-dir', configDir(), ...argv], recorder.env, recorder.io) };
};

t.test('a missing alias is named before anything is uploaded or published', async (t) => {
  // Act
  const { code, io } = deploy({ LAMBDA_ALIAS: 'prod' });
  // Assess
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^deploy-lambda: the alias prod of ha-alexa does not exist in eu-west-1: .*LAMBDA_ALIAS/);
  t.notMatch(io.lines.at(-1), /Check that LAMBDA_FUNCTION_NAME/, 'the function name is not blamed');
  t.same(aws.lambda.ops().filter((op) => !op.startsWith('Get')), [], 'no upload, no configuration change, no version');
  t.equal(aws.lambda.state.versions.size, 1);
});

/** `n` discoverable lights. */
function lights(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    ...FAKE_ENDPOINTS[0],
    endpointId: `light#room_${i}`,
    friendlyName: `Room ${i} Light`,
  }));
}

/** A function whose version `version` discovers `counts[version]` endpoints (default: the fake's two). */
function discovering(counts: Record<string, number>) {
  return (invocation: FakeInvocation) => {
    const count = counts[invocation.version];
    const directive = (invocation.event as { directive?: { header?: { name?: string } } }).directive;
    if (count === undefined || directive?.header?.name !== 'Discover') return defaultInvoke(invocation);
    return { payload: discoverResponse(lights(count)) };
  };
}

t.test('a version that discovers no device fails the smoke test and the alias stays', async (t) => {
  aws.lambda.state.invoke = discovering({ '1': 0, '2': 0 });
  const { code, io } = deploy();
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /smoke test failed on version 2: discovery: no endpoints: Home Assistant exposed nothing to Alexa/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
});

t.test('a version that discovers far fewer devices than the live one fails; a small drop passes', async (t) => {
  // Prepare: live (version 1) discovers 20
  aws.lambda.state.invoke = discovering({ '1': 20, '2': 3 });
  // Act
  const dropped = deploy();
  // Assess
  t.equal(await dropped.code, 1);
  t.match(dropped.io.lines.at(-1), /discovery: 3 endpoints, down from 20 on version 1 \(the live version\): check alexa\.filter/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  // A drop of 5 or fewer, or of at most half, is a normal change
  aws.lambda.state.invoke = discovering({ '1': 20, '3': 15 });
  const fine = deploy({}, [], 'zip-v3');
  t.equal(await fine.code, 0, fine.io.text());
  t.match(fine.io.text(), /discovery: ok, 15 endpoints \(version 1 has 20\)/);
});

t.test('--allow-fewer-endpoints accepts an intended large drop', async (t) => {
  aws.lambda.state.invoke = discovering({ '1': 20, '2': 3 });
  const { code, io } = deploy({}, ['--allow-fewer-endpoints']);
  t.equal(await code, 0, io.text());
  t.match(io.text(), /warning: .*3 endpoints, down from 20 on version 1/);
});

t.test('the smoke test reads the state of one discovered device (ReportState), as Alexa does', async (t) => {
  // Act
  const { code, io } = deploy();
  // Assess
  t.equal(await code, 0, io.text());
  const events = aws.lambda.calls.filter((call) => call.op === 'Invoke' && call.input.Qualifier === '2').map((call) => call.input.event as { directive?: { header: { name: string }; endpoint?: { endpointId: string; scope?: { token: string } } } });
  const report = events.find((event) => event.directive?.header.name === 'ReportState');
  t.equal(report?.directive?.endpoint?.endpointId, 'light#kitchen');
  t.equal(report?.directive?.endpoint?.scope?.token, TOKEN, 'with the token Alexa would send');
  t.notOk(events.some((event) => event.directive && !['Discover', 'ReportState'].includes(event.directive.header.name)), 'never a control directive');
  t.match(io.text(), /state: ok, Kitchen Light \(light#kitchen\) reports 2 properties/);
  assertAlexaValid(t, stateReport('light#kitchen'), 'the fake function\'s StateReport');
});

t.test('a ReportState error fails the smoke test; ENDPOINT_UNREACHABLE (HA answered, the device did not) only warns', async (t) => {
  const answering = (type: string) => (invocation: FakeInvocation) =>
    (invocation.event as { directive?: { header?: { name?: string } } }).directive?.header?.name === 'ReportState'
      ? { payload: errorResponse(type, 'from the test') }
      : defaultInvoke(invocation);
  aws.lambda.state.invoke = answering('INTERNAL_ERROR');
  const failed = deploy();
  t.equal(await failed.code, 1);
  t.match(failed.io.lines.at(-1), /smoke test failed on version 2: state of light#kitchen: the function or Home Assistant failed \(the function said: from the test\)/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  aws.lambda.state.invoke = answering('ENDPOINT_UNREACHABLE');
  const unreachable = deploy({}, [], 'zip-v3');
  t.equal(await unreachable.code, 0, unreachable.io.text());
  t.match(unreachable.io.text(), /warning: .*light#kitchen is unreachable in Home Assistant/);
  assertAlexaValid(t, errorResponse('ENDPOINT_UNREACHABLE', 'from the test'), 'the fake ErrorResponse');
});
