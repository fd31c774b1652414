/**
 * The deploy's smoke test: a version must discover devices, not far fewer than the live version,
 * and answer a ReportState of one of them; nothing is ever switched.
 */
import t from 'tap';
import { createFakeAws, defaultInvoke, discoverResponse, errorResponse, FAKE_ENDPOINTS, useFakeAwsEnv, type FakeAws, type FakeInvocation } from '../../fixtures/fake-aws.js';
import { deployFixture, useSyncedFakeAws } from '../helpers/deploy-run.js';

useFakeAwsEnv();

let aws: FakeAws = createFakeAws();
useSyncedFakeAws(t, (fresh) => {
  aws = fresh;
});

const deploy = deployFixture;

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
  t.equal(report?.directive?.endpoint?.scope, undefined, 'without a scope: the version reads the state with the token stored in its set');
  t.notOk(events.some((event) => event.directive && !['Discover', 'ReportState'].includes(event.directive.header.name)), 'never a control directive');
  t.match(io.text(), /state: ok, Kitchen Light \(light#kitchen\) reports 2 properties/);
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
});
