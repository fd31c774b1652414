/**
 * The ingest door (src/alexa/events/ingest.ts): only an authenticated `POST /v1/ha/push` with a valid
 * poke reaches Home Assistant, Login with Amazon, Parameter Store or the gateway; every refusal is
 * answered without a call and without detail.
 */
import t, { type Test } from 'tap';
import { handleIngest, INGEST_PATH, secretMatches } from '../../../src/alexa/events/ingest.js';
import type { FunctionUrlEvent } from '../../../src/alexa/events/function-url.js';
import { isFunctionUrlEvent } from '../../../src/alexa/events/function-url.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { configFor, eventsEnv, INGEST_SECRET, requestContext, resetWorld, seedGrant, useEventsWorld } from './harness.js';

const STATES = [state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })];
const world = useEventsWorld(t, STATES);

function urlEvent(options: { path?: string; method?: string; body?: string; auth?: string | null; base64?: boolean } = {}): FunctionUrlEvent {
  const body = options.body ?? JSON.stringify({ v: 1, kind: 'state', entity_id: 'light.kitchen', by_user: false, by_rule: false });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.auth !== null) headers.authorization = options.auth ?? `Bearer ${INGEST_SECRET}`;
  return {
    rawPath: options.path ?? INGEST_PATH,
    headers,
    body: options.base64 === true ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 === true,
    requestContext: { http: { method: options.method ?? 'POST' } },
  };
}

async function poke(event: FunctionUrlEvent, env: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const ctx = requestContext(await configFor(eventsEnv(env)));
  try {
    const answer = await handleIngest(event, ctx);
    return { status: answer.statusCode, body: JSON.parse(answer.body) as Record<string, unknown> };
  } finally {
    ctx.dispose();
  }
}

function noCalls(t: Test): void {
  t.same(world.ha.requests, [], 'no Home Assistant call');
  t.same(world.lwa.calls, [], 'no Login with Amazon call');
  t.same(world.aws.ssm.calls, [], 'no Parameter Store call');
  t.same(world.gateway.received, [], 'no gateway call');
}

t.beforeEach(() => resetWorld(world, STATES));

t.test('a Function URL event is recognised by its requestContext.http and rawPath only', async (t) => {
  t.ok(isFunctionUrlEvent(urlEvent()));
  t.notOk(isFunctionUrlEvent({ directive: {} }));
  t.notOk(isFunctionUrlEvent({ rawPath: '/x', requestContext: {} }));
  t.notOk(isFunctionUrlEvent(null));
});

t.test('a missing or wrong bearer gets 401 without detail and without any call', async (t) => {
  for (const auth of [null, 'Bearer nope', `Bearer ${INGEST_SECRET}x`, `Bearer ${INGEST_SECRET.slice(0, -1)}`, INGEST_SECRET, 'Basic abc']) {
    resetWorld(world, STATES);
    const answer = await poke(urlEvent({ auth }));
    t.equal(answer.status, 401, String(auth).slice(0, 12));
    t.same(answer.body, { message: 'Unauthorized' });
    noCalls(t);
  }
});

t.test('without HA_EVENTS_SECRET every poke is refused, and the log says why', async (t) => {
  const answer = await poke(urlEvent(), { HA_EVENTS_SECRET: '' });
  t.equal(answer.status, 401);
  t.match(world.logs.join('\n'), /HA_EVENTS_SECRET is not set/);
  noCalls(t);
});

t.test('a HA_EVENTS_SECRET shorter than 32 characters accepts no poke, even its own', async (t) => {
  const short = 'short-secret-123';
  const answer = await poke(urlEvent({ auth: `Bearer ${short}` }), { HA_EVENTS_SECRET: short });
  t.equal(answer.status, 401);
  t.match(world.logs.join('\n'), /shorter than 32 characters/);
  t.notMatch(world.logs.join('\n'), /short-secret-123/);
  noCalls(t);
});

t.test('the secret is compared on SHA-256 digests: equal and different lengths take the same path', async (t) => {
  t.ok(secretMatches(INGEST_SECRET, INGEST_SECRET));
  t.notOk(secretMatches('x'.repeat(INGEST_SECRET.length), INGEST_SECRET), 'same length, wrong');
  t.notOk(secretMatches('short', INGEST_SECRET), 'different length');
  t.notOk(secretMatches(undefined, INGEST_SECRET));
  t.notOk(secretMatches('', ''), 'an empty secret never matches');
  t.notOk(secretMatches(undefined, undefined));
});

t.test('other paths are 404, other methods 405, a body over 16 KB 413, all without calls', async (t) => {
  t.equal((await poke(urlEvent({ path: '/v1/ha/pushx' }))).status, 404);
  t.equal((await poke(urlEvent({ path: '/' }))).status, 404);
  const get = await poke(urlEvent({ method: 'GET' }));
  t.equal(get.status, 405);
  const big = JSON.stringify({ v: 1, kind: 'start', entity_id: 'x'.repeat(16 * 1024 - 20) });
  t.ok(Buffer.byteLength(big) > 16 * 1024);
  t.equal((await poke(urlEvent({ body: big }))).status, 413);
  t.equal((await poke(urlEvent({ body: big, base64: true }))).status, 413, 'base64 too');
  noCalls(t);
});

t.test('malformed bodies and unknown kinds are 400 naming the field, without calls', async (t) => {
  const cases: [string, RegExp][] = [
    ['not json', /not JSON/],
    ['[]', /JSON object/],
    [JSON.stringify({ v: 2, kind: 'state', entity_id: 'light.kitchen' }), /"v" must be 1/],
    [JSON.stringify({ v: 1, kind: 'poke' }), /"kind"/],
    [JSON.stringify({ v: 1, kind: 'state' }), /entity_id/],
    [JSON.stringify({ v: 1, kind: 'state', entity_id: 'Kitchen Light' }), /entity_id/],
    [JSON.stringify({ v: 1, kind: 'state', entity_id: 'light.kitchen', by_user: 'maybe' }), /by_user/],
    [JSON.stringify({ v: 1, kind: 'start', extra: 1 }), /unknown field/],
    [JSON.stringify({ v: 1, kind: 'state', entity_id: 5 }), /entity_id/],
  ];
  for (const [body, message] of cases) {
    const answer = await poke(urlEvent({ body }));
    t.equal(answer.status, 400, body.slice(0, 40));
    t.match(String(answer.body.message), message);
  }
  noCalls(t);
});

t.test('the 21st poke within a second in one container is 429', async (t) => {
  const ctx = requestContext(await configFor(eventsEnv({ ALEXA_EVENTS: 'off' })));
  const now = 1_000_000;
  const statuses: number[] = [];
  for (let i = 0; i < 21; i += 1) statuses.push((await handleIngest(urlEvent(), ctx, { now: () => now + i, sleep: () => Promise.resolve() })).statusCode);
  ctx.dispose();
  t.same(statuses.slice(0, 20), Array(20).fill(403), 'the first 20 pass the limiter (events are off here)');
  t.equal(statuses[20], 429);
  noCalls(t);
});

t.test('with events off an authenticated poke is 403 with a sentence, and nothing is called', async (t) => {
  const answer = await poke(urlEvent(), { ALEXA_EVENTS: 'off' });
  t.equal(answer.status, 403);
  t.match(String(answer.body.message), /ALEXA_EVENTS=on/);
  noCalls(t);
});

t.test('a base64 body is decoded and a valid poke is reported', async (t) => {
  seedGrant(world);
  const answer = await poke(urlEvent({ base64: true }));
  t.same(answer, { status: 200, body: { kind: 'state', sent: 1 } });
  t.equal(world.gateway.accepted.length, 1);
  assertNoSecretPart(t, world.logs.join('\n'), world.secrets(), 'log lines');
  assertNoSecretPart(t, answer, world.secrets(), 'answer');
});

t.test('a Home Assistant failure answers 502 naming it, without a token', async (t) => {
  seedGrant(world);
  world.ha.override(() => ({ status: 500, body: 'boom' }));
  const answer = await poke(urlEvent());
  t.equal(answer.status, 502);
  t.match(String(answer.body.skipped), /Home Assistant|500|BRIDGE|ENDPOINT/i);
  t.same(world.gateway.received, []);
  assertNoSecretPart(t, answer, world.secrets(), 'answer');
});
