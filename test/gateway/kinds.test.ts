/**
 * Unit tests for src/gateway/kinds/: a request kind is one registry entry. A test kind, built with
 * the same `requestKinds` function as the Lambda's own list (which it extends, never edits), is
 * recognised, run, timed out and failed by the unchanged gateway, and its answer leaves in its own
 * shape, through the secret registry.
 */
import t from 'tap';
import { createRoute, resetColdStart } from '../../src/gateway/route.js';
import { KIND_ENTRIES, REQUEST_KINDS } from '../../src/gateway/kinds/index.js';
import { requestKinds, type RequestKindEntry } from '../../src/gateway/kinds/kind.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { SecretRegistry } from '../../src/logging/redact.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { createFakeAws, useFakeAwsEnv } from '../fixtures/fake-aws.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';

const STORED = 'stored-kinds-token-0123456789';
useFakeAwsEnv();
const aws = createFakeAws();
const { fake } = useFakeHa(t, { tokens: [STORED] }, aws.handlers);
const lines: string[] = [];
setLogSink((line) => lines.push(line));
const BASE_ENV = { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED };

/** What the test kind's handler does: answer after pinging Home Assistant, hang, throw, quote the token, or answer what JSON cannot hold. */
type Behaviour = 'answer' | 'hang' | 'throw' | 'quote-token' | 'unserializable';

/** An HTTP-style kind, shaped like a Function URL request would be: `{"echo":{…}}` in, `{statusCode, headers, body}` out. */
const echoKind: RequestKindEntry = {
  name: 'echo',
  describes: 'echo requests ({"echo":…})',
  recognises: (event) => typeof event.echo === 'object' && event.echo !== null,
  budgetMs: 300,
  refuseThroughDiagnosticsAlias: () => ({ answer: { status: 403, error: 'read-only alias' }, operation: 'echo' }),
  run: async (event, ctx) => {
    const behaviour = (event as { echo: { behaviour: Behaviour } }).echo.behaviour;
    ctx.invocation.operation = `echo:${behaviour}`;
    if (behaviour === 'hang') return new Promise<never>(() => undefined);
    if (behaviour === 'throw') throw new Error('echo handler broke');
    if (behaviour === 'unserializable') return { status: 200, count: 10n };
    if (behaviour === 'quote-token') return { status: 200, said: `Home Assistant said: bad token ${ctx.config.homeAssistantToken ?? ''}` };
    return { status: 200, said: 'pong', haStatus: await ctx.haClient(STORED).ping() };
  },
  fails: {
    disabled: () => ({ status: 503, error: 'disabled' }),
    late: (_event, budgetMs) => ({ status: 504, error: `late after ${budgetMs} ms` }),
    settingsTimeout: (_event, message) => ({ status: 503, error: message }),
    config: (_event, problems) => ({ status: 500, error: problems.join('; ') }),
    internal: () => ({ status: 500, error: 'internal' }),
  },
  shape: (answer, secrets) => {
    const { status, ...rest } = answer as { status: number };
    return { statusCode: status, headers: { 'content-type': 'application/json' }, body: secrets.scrub(JSON.stringify(rest)) };
  },
};

const route = createRoute(requestKinds([...KIND_ENTRIES, echoKind]));
const echo = (behaviour: Behaviour): unknown => ({ echo: { behaviour } });

interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function summary(): Record<string, unknown> {
  const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  if (found.length !== 1) throw new Error(`expected one invocation line, got ${found.length}`);
  return found[0] as Record<string, unknown>;
}

t.beforeEach(() => {
  lines.length = 0;
  fake.reset();
  clearHaCache();
  resetBreakers();
  resetColdStart();
  aws.ssm.delay('GetParametersByPath', 0);
  setLambdaEnv(BASE_ENV);
});

t.test('the Lambda\'s own kinds are listed once each, asked in order', async (t) => {
  t.same(KIND_ENTRIES.map((kind) => kind.name), ['smart-home', 'custom-skill', 'diagnostics', 'ingest']);
  t.equal(REQUEST_KINDS.kindOf({ directive: {} })?.name, 'smart-home');
  t.equal(REQUEST_KINDS.kindOf({ echo: {} }), undefined, 'the test kind is not in the Lambda\'s list');
  t.throws(() => requestKinds([...KIND_ENTRIES, { ...echoKind, name: 'diagnostics' }]), /Two request kinds are named diagnostics/);
  t.throws(() => requestKinds([{ ...echoKind, name: 'unknown' }]), /"unknown" is the gateway's own/);
});

t.test('a registered kind is recognised and run with the invocation\'s context, and answers in its own shape', async (t) => {
  const answer = (await route(echo('answer'), { awsRequestId: 'echo-1' })) as HttpAnswer;
  t.same(answer, { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ said: 'pong', haStatus: 200 }) });
  t.match(fake.requests, [{ method: 'GET', path: '/api/', token: STORED }], 'its handler called Home Assistant through the invocation\'s client');
  t.match(summary(), { requestId: 'echo-1', kind: 'echo', RequestKind: 'echo', operation: 'echo:answer', outcome: 'ok', haCalls: [{ status: 200 }] });
  // The other kinds still route through the same list.
  t.match(await route({ diagnostics: 'health' }), { diagnostics: 'health', ok: true });
});

t.test('a registered kind that outlives its budget gets its own late answer', async (t) => {
  const answer = (await route(echo('hang'))) as HttpAnswer;
  t.match(answer, { statusCode: 504, body: JSON.stringify({ error: 'late after 300 ms' }) });
  t.match(summary(), { kind: 'echo', outcome: 'error', errorType: 'DEADLINE', errorMessage: 'no answer within 300 ms' });
});

t.test('a registered kind gets its own answer for a throw, an answer its shape cannot hold, invalid settings and HOME_ASSISTANT_ENABLED=false', async (t) => {
  t.match(await route(echo('throw')), { statusCode: 500, body: JSON.stringify({ error: 'internal' }) });
  t.match(summary(), { kind: 'echo', errorType: 'INTERNAL_ERROR', errorMessage: 'Error: echo handler broke' });

  lines.length = 0;
  t.match(await route(echo('unserializable')), { statusCode: 500, body: JSON.stringify({ error: 'internal' }) }, 'an answer its shape cannot hold');
  t.ok(lines.some((line) => line.includes('The answer could not be shaped') && line.includes('BigInt')), 'is logged, saying why');

  lines.length = 0;
  setLambdaEnv({ HOME_ASSISTANT_URL: 'not a url' });
  const misconfigured = (await route(echo('answer'))) as HttpAnswer;
  t.equal(misconfigured.statusCode, 500);
  t.match(misconfigured.body, /HOME_ASSISTANT_URL/, 'the answer names the setting at fault');
  t.match(summary(), { kind: 'echo', errorType: 'CONFIG_INVALID' });

  lines.length = 0;
  setLambdaEnv({ ...BASE_ENV, HOME_ASSISTANT_ENABLED: 'false' });
  t.match(await route(echo('answer')), { statusCode: 503, body: JSON.stringify({ error: 'disabled' }) });
  t.match(summary(), { kind: 'echo', errorType: 'DISABLED' });
  t.same(fake.requests, [], 'Home Assistant was not called');
});

t.test('a registered kind whose settings do not load within its budget gets its own settings-timeout answer', async (t) => {
  aws.ssm.delay('GetParametersByPath', Number.POSITIVE_INFINITY);
  setLambdaEnv({ USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/kinds-hung', HOME_ASSISTANT_TOKEN: STORED });
  const answer = (await route(echo('answer'))) as HttpAnswer;
  t.equal(answer.statusCode, 503);
  t.match(answer.body, /could not load its settings within 300 ms/);
  t.match(summary(), { kind: 'echo', errorType: 'CONFIG_TIMEOUT' });
});

t.test('through the diagnostics alias, a registered kind gets its own refusal before the settings are read', async (t) => {
  setLambdaEnv({ HOME_ASSISTANT_URL: 'not a url' });
  const answer = await route(echo('answer'), { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:alexa:diagnostics' });
  t.match(answer, { statusCode: 403, body: JSON.stringify({ error: 'read-only alias' }) });
  t.match(summary(), { kind: 'echo', operation: 'echo', errorType: 'READ_ONLY_ALIAS' });
});

t.test('a registered kind\'s answer leaves through the secret registry, and unknown events name it', async (t) => {
  const answer = await route(echo('quote-token'));
  t.match(answer, { statusCode: 200, body: /bad token/ });
  assertNoSecretPart(t, answer, [STORED], 'the echo answer');
  assertNoSecretPart(t, lines.join('\n'), [STORED], 'the log');

  const unknown = await route({ httpMethod: 'GET' });
  t.match(unknown, { error: { type: 'UNRECOGNIZED_EVENT', message: /\{"diagnostics":"health"\|"ping"\|"doctor"\}, Home Assistant's pokes on the Function URL \(POST \/v1\/ha\/push\) and echo requests \(\{"echo":…\}\); got an object with keys httpMethod/ } });
});

t.test('smart-home kind, proxy mode: Home Assistant\'s answer is walked once on its way out, and a token it echoes never leaves', async (t) => {
  setLambdaEnv({ ...BASE_ENV, HA_ALEXA_MODE: 'proxy' });
  const turnOn = {
    directive: {
      header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm-1', correlationToken: 'corr-kinds' },
      endpoint: { endpointId: 'light#kitchen', cookie: {} },
      payload: {},
    },
  };
  // Not the correlation token: Alexa needs it back exactly as sent, and it is not checked.
  const strings = ['Alexa', 'Response', '3', 'a1b2c3d4-0000-4000-8000-000000000000', 'light#kitchen'];
  const haAnswer = (quoted?: string) => ({
    event: {
      header: { namespace: 'Alexa', name: 'Response', payloadVersion: '3', messageId: 'a1b2c3d4-0000-4000-8000-000000000000', correlationToken: 'corr-kinds' },
      endpoint: { endpointId: 'light#kitchen' },
      payload: {},
    },
    context: { properties: quoted === undefined ? [] : [{ deep: { deeper: [quoted] } }] },
  });
  let answerOf = (): unknown => haAnswer();
  fake.override((request) => (request.path === '/api/alexa/smart_home' ? { status: 200, body: answerOf() } : undefined));
  // Every string of an answer, on every walk, passes SecretRegistry.holds: count what it is asked.
  const { prototype } = SecretRegistry;
  const holds = Object.getOwnPropertyDescriptor(prototype, 'holds')!;
  const checked: string[] = [];
  Object.defineProperty(prototype, 'holds', {
    ...holds,
    value(this: SecretRegistry, text: string): boolean {
      checked.push(text);
      return (holds.value as (text: string) => boolean).call(this, text);
    },
  });
  t.teardown(() => {
    Object.defineProperty(prototype, 'holds', holds);
  });

  const clean = await route(turnOn);
  t.same(clean, haAnswer(), 'the answer is Home Assistant\'s, unchanged');
  assertAlexaValid(t, clean);
  t.same(checked.filter((text) => strings.includes(text)).sort(), [...strings].sort(), 'each of its strings was checked once');

  answerOf = () => haAnswer(`upstream said: Authorization: Bearer ${STORED}; token=${STORED}`);
  const echoed = await route(turnOn);
  t.match(echoed, { context: { properties: [{ deep: { deeper: [/upstream said: Authorization: Bearer \[REDACTED\]; token=\[REDACTED\]/] } }] } });
  assertNoSecretPart(t, echoed, [STORED], 'the proxied answer');
  assertNoSecretPart(t, lines.join('\n'), [STORED], 'the log');
});
