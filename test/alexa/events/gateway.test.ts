/**
 * Tokens and the gateway's answers (src/alexa/events/tokens.ts, gateway.ts): the access token is reused
 * until fewer than 300 s remain and refreshed once for any number of waiting pokes; refusals are handled
 * as Amazon documents them, resends counted and spaced with a recording clock; the region picks the host.
 */
import t from 'tap';
import { handleIngest, INGEST_PATH } from '../../../src/alexa/events/ingest.js';
import type { EventsClock } from '../../../src/alexa/events/context.js';
import { GATEWAY_FAILURES } from '../../fixtures/fake-event-gateway.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { configFor, eventsEnv, GRANT, INGEST_SECRET, requestContext, resetWorld, seedGrant, useEventsWorld } from './harness.js';

const STATES = [state('switch.a', 'on', { friendly_name: 'A' }), state('switch.b', 'on', { friendly_name: 'B' })];
const world = useEventsWorld(t, STATES);

interface Clock extends EventsClock {
  time: number;
  readonly waits: number[];
}

function clock(): Clock {
  const result: Clock = {
    time: Date.now(),
    waits: [],
    now: () => result.time,
    sleep: (ms) => {
      result.waits.push(ms);
      result.time += ms;
      return Promise.resolve();
    },
  };
  return result;
}

let time = clock();
t.beforeEach(() => {
  resetWorld(world, STATES);
  time = clock();
});

async function pokeState(entityId: string, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const ctx = requestContext(await configFor(eventsEnv(env)));
  try {
    const answer = await handleIngest({
      rawPath: INGEST_PATH,
      headers: { authorization: `Bearer ${INGEST_SECRET}` },
      body: JSON.stringify({ v: 1, kind: 'state', entity_id: entityId }),
      requestContext: { http: { method: 'POST' } },
    }, ctx, time);
    return JSON.parse(answer.body) as Record<string, unknown>;
  } finally {
    ctx.dispose();
  }
}

/** Makes the next poke of `switch.a` a change. */
function flip(): void {
  const current = world.ha.states.get('switch.a')?.state;
  world.ha.setState('switch.a', current === 'on' ? 'off' : 'on');
}

t.test('the access token is reused until fewer than 300 s remain, then refreshed', async (t) => {
  seedGrant(world);
  await pokeState('switch.a');
  flip();
  time.time += 3_000_000; // 600 s left
  await pokeState('switch.a');
  t.equal(world.lwa.calls.length, 1, 'one refresh for two pokes');
  flip();
  time.time += 301_000; // 299 s left
  await pokeState('switch.a');
  t.equal(world.lwa.calls.length, 2, 'refreshed once under 300 s');
  t.same(world.lwa.calls.map((call) => call.grantType), ['refresh_token', 'refresh_token']);
  t.equal(world.gateway.accepted.length, 3);
  t.equal(world.aws.ssm.ops().filter((op) => op === 'GetParameter').length, 1, 'the grant is read once per container');
});

t.test('20 concurrent pokes in a cold container cause exactly one refresh', async (t) => {
  seedGrant(world);
  const ids = Array.from({ length: 20 }, (_, i) => `switch.s${i}`);
  for (const id of ids) world.ha.setState(id, 'on', { friendly_name: id });
  const answers = await Promise.all(ids.map((id) => pokeState(id)));
  t.same(answers.map((answer) => answer.sent), Array(20).fill(1));
  t.equal(world.lwa.calls.length, 1);
  t.equal(world.aws.ssm.ops().filter((op) => op === 'GetParameter').length, 1);
});

t.test('a rotated refresh token is written back; invalid_grant on refresh deletes the grant', async (t) => {
  const first = seedGrant(world);
  world.lwa.rotate = true;
  await pokeState('switch.a');
  const stored = JSON.parse(world.aws.ssm.store.get(GRANT)?.Value ?? '{}') as { refresh_token: string; region: string };
  t.not(stored.refresh_token, first, 'the new refresh token is stored');
  t.equal(stored.region, 'eu-west-1');
  t.equal(world.aws.ssm.store.get(GRANT)?.Type, 'SecureString');

  resetWorld(world, STATES);
  world.lwa.revoke(seedGrant(world));
  const answer = await pokeState('switch.a');
  t.same(answer, { kind: 'state', sent: 0, skipped: 'gateway: LWA_INVALID_GRANT' });
  t.notOk(world.aws.ssm.store.has(GRANT), 'the grant is deleted');
  t.ok(world.aws.ssm.ops().includes('DeleteParameter'));
  t.same(world.gateway.received, []);
  assertNoSecretPart(t, world.logs.join('\n'), world.secrets(), 'log lines');
});

t.test('no grant: nothing is sent, and the container looks again only after 60 s', async (t) => {
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: NO_GRANT' });
  await pokeState('switch.a');
  t.equal(world.aws.ssm.ops().filter((op) => op === 'GetParameter').length, 1);
  time.time += 60_000;
  seedGrant(world);
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 1 });
  t.match(world.logs.join('\n'), /disable and enable the skill/);
});

t.test('401: one refresh and one resend; a second 401 stops and keeps the grant', async (t) => {
  seedGrant(world);
  world.gateway.injected.push(GATEWAY_FAILURES.INVALID_ACCESS_TOKEN());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 1 });
  t.equal(world.lwa.calls.length, 2, 'refreshed after the 401');
  t.equal(world.gateway.received.length, 2);
  t.not(world.gateway.received[0]?.bearer, world.gateway.received[1]?.bearer, 'resent with the new token');

  flip();
  world.gateway.injected.push(GATEWAY_FAILURES.INVALID_ACCESS_TOKEN(), GATEWAY_FAILURES.INVALID_ACCESS_TOKEN());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: INVALID_ACCESS_TOKEN_EXCEPTION' });
  t.equal(world.gateway.received.length, 4);
  t.ok(world.aws.ssm.store.has(GRANT), 'the grant is kept');
});

t.test('403 SKILL_DISABLED deletes the grant and nothing more is sent for it; a 403 without code keeps it', async (t) => {
  seedGrant(world);
  world.gateway.injected.push(GATEWAY_FAILURES.SKILL_DISABLED());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: SKILL_DISABLED_EXCEPTION' });
  t.notOk(world.aws.ssm.store.has(GRANT));
  t.match(world.logs.join('\n'), /Link the skill again/);
  const lwaCalls = world.lwa.calls.length;
  await pokeState('switch.b');
  t.equal(world.lwa.calls.length, lwaCalls, 'no LWA call');
  t.equal(world.gateway.received.length, 1, 'no further gateway call');

  resetWorld(world, STATES);
  seedGrant(world);
  world.gateway.injected.push(GATEWAY_FAILURES.FORBIDDEN_NO_CODE());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: HTTP_403' });
  t.ok(world.aws.ssm.store.has(GRANT), 'kept');
  t.match(world.logs.join('\n'), /gateway region/);
});

t.test('429: at most 3 resends, each at least 1 s after the previous; then dropped', async (t) => {
  seedGrant(world);
  for (let i = 0; i < 5; i += 1) world.gateway.injected.push(GATEWAY_FAILURES.THROTTLING());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: THROTTLING_EXCEPTION' });
  t.equal(world.gateway.received.length, 4, 'one send and 3 resends');
  t.same(time.waits, [1000, 1000, 1000]);
  resetWorld(world, STATES);
  seedGrant(world);
  time = clock();
  world.gateway.injected.push(GATEWAY_FAILURES.THROTTLING());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 1 }, 'a resend that passes is sent');
});

t.test('500/503: at most 2 resends; 400: no resend, and Amazon\'s description is logged; 404 kept', async (t) => {
  seedGrant(world);
  world.gateway.injected.push(GATEWAY_FAILURES.INTERNAL(), GATEWAY_FAILURES.UNAVAILABLE(), GATEWAY_FAILURES.INTERNAL());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: INTERNAL_SERVICE_EXCEPTION' });
  t.equal(world.gateway.received.length, 3);
  t.same(time.waits, [250, 1000]);

  flip();
  world.gateway.injected.push(GATEWAY_FAILURES.INVALID_REQUEST());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: INVALID_REQUEST_EXCEPTION' });
  t.equal(world.gateway.received.length, 4, 'no resend');
  t.match(world.logs.join('\n'), /payload\.change\.properties\[0\]\.value is invalid/);

  flip();
  world.gateway.injected.push(GATEWAY_FAILURES.SKILL_NOT_FOUND());
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: SKILL_NOT_FOUND_EXCEPTION' });
  t.ok(world.aws.ssm.store.has(GRANT));
  const metrics = world.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.EventsFailed === 1).map((line) => line.EventCode);
  t.same(metrics, ['INTERNAL_SERVICE_EXCEPTION', 'INVALID_REQUEST_EXCEPTION', 'SKILL_NOT_FOUND_EXCEPTION'], 'EventsFailed by code');
});

t.test('the region picks the gateway; a grant stored in another region is not used', async (t) => {
  const hosts: Record<string, string> = { 'us-east-1': 'api.amazonalexa.com', 'eu-west-1': 'api.eu.amazonalexa.com', 'us-west-2': 'api.fe.amazonalexa.com' };
  const region = process.env.AWS_REGION;
  t.teardown(() => {
    process.env.AWS_REGION = region;
  });
  for (const [name, host] of Object.entries(hosts)) {
    resetWorld(world, STATES);
    process.env.AWS_REGION = name;
    seedGrant(world, name);
    t.same(await pokeState('switch.a'), { kind: 'state', sent: 1 }, name);
    t.same(world.gateway.received.map((receipt) => receipt.host), [host]);
  }
  resetWorld(world, STATES);
  process.env.AWS_REGION = 'eu-west-1';
  seedGrant(world, 'us-east-1');
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: NO_GRANT' });
  t.same(world.lwa.calls, []);
  t.match(world.logs.join('\n'), /received by a function in us-east-1.*eu-west-1/);
  const sent = world.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.EventsSent === 1);
  t.equal(sent, undefined);
});

t.test('an answer that is not Amazon\'s JSON is named by its status; a region without a gateway sends nothing', async (t) => {
  seedGrant(world);
  world.gateway.injected.push({ status: 502, body: undefined }, { status: 502, body: undefined }, { status: 502, body: undefined });
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: HTTP_502' });
  const region = process.env.AWS_REGION;
  t.teardown(() => {
    process.env.AWS_REGION = region;
  });
  resetWorld(world, STATES);
  process.env.AWS_REGION = 'ap-south-1';
  seedGrant(world, 'ap-south-1');
  t.same(await pokeState('switch.a'), { kind: 'state', sent: 0, skipped: 'gateway: NO_GATEWAY' });
  t.match(world.logs.join('\n'), /us-east-1, eu-west-1 and us-west-2 only/);
  t.same(world.lwa.calls, []);
});

t.test('a sent event writes an EventsSent metric with its latency', async (t) => {
  seedGrant(world);
  await pokeState('switch.a');
  const line = world.logs.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.EventsSent === 1);
  t.equal(line?.EventType, 'ChangeReport');
  t.type(line?.EventLatency, 'number');
  t.match(line?._aws, { CloudWatchMetrics: [{ Namespace: 'HomeAssistantAlexa', Dimensions: [['EventType']] }] });
});
