/**
 * Incremental discovery (src/alexa/events/sync.ts, published.ts): `registry`/`start` pokes compare the
 * exposed endpoints with the list published in Home Assistant and send AddOrUpdateReport / DeleteReport
 * for the difference, within Amazon's limits, then publish the new list; Discover publishes too.
 */
import t, { type Test } from 'tap';
import { handleIngest, INGEST_PATH } from '../../../src/alexa/events/ingest.js';
import type { EventsClock } from '../../../src/alexa/events/context.js';
import { chunkEndpoints } from '../../../src/alexa/events/sync.js';
import { route, resetColdStart } from '../../../src/gateway/route.js';
import type { HaState } from '../../../src/homeassistant/types.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { GATEWAY_FAILURES, gatewayMessageErrors } from '../../fixtures/fake-event-gateway.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { configFor, eventsEnv, HA_TOKEN, INGEST_SECRET, requestContext, resetWorld, seedGrant, useEventsWorld } from './harness.js';

const PUBLISHED = 'sensor.alexa_bridge_reported';

function switches(count: number, prefix = 's'): HaState[] {
  return Array.from({ length: count }, (_, i) => state(`switch.${prefix}${String(i).padStart(3, '0')}`, 'on', { friendly_name: `Switch ${prefix} ${i}` }));
}

const BASE = switches(3);
const world = useEventsWorld(t, BASE);
const waits: number[] = [];
const clock: EventsClock = { now: () => Date.now(), sleep: (ms) => { waits.push(ms); return Promise.resolve(); } };

t.beforeEach(() => {
  resetWorld(world, BASE);
  seedGrant(world);
  waits.length = 0;
});

async function registryPoke(kind: 'registry' | 'start' = 'registry'): Promise<Record<string, unknown>> {
  const ctx = requestContext(await configFor(eventsEnv()));
  try {
    const answer = await handleIngest({ rawPath: INGEST_PATH, headers: { authorization: `Bearer ${INGEST_SECRET}` }, body: JSON.stringify({ v: 1, kind, entity_id: '' }), requestContext: { http: { method: 'POST' } } }, ctx, clock);
    return JSON.parse(answer.body) as Record<string, unknown>;
  } finally {
    ctx.dispose();
  }
}

function published(): string[] {
  return (world.ha.states.get(PUBLISHED)?.attributes.entity_ids as string[] | undefined) ?? [];
}

function types(): string[] {
  return world.gateway.received.map((receipt) => `${receipt.type}:${receipt.status}`);
}

function assertGatewayValid(t: Test): void {
  for (const message of world.gateway.accepted) {
    if (message.event.header.name === 'DeleteReport') t.same(gatewayMessageErrors(message), [], 'DeleteReport valid against the schema from Amazon\'s page');
    else assertAlexaValid(t, message, message.event.header.name);
  }
}

t.test('no published list: AddOrUpdate of every endpoint, no DeleteReport, then the list is published', async (t) => {
  t.same(await registryPoke('start'), { kind: 'start', sent: 1 });
  t.same(types(), ['Alexa.Discovery.AddOrUpdateReport:202']);
  t.same(world.gateway.accepted[0]?.event.payload.endpoints?.map((endpoint) => endpoint.endpointId), ['switch#s000', 'switch#s001', 'switch#s002']);
  t.same(published(), ['switch.s000', 'switch.s001', 'switch.s002']);
  t.equal(world.ha.states.get(PUBLISHED)?.state, '3');
  t.same(await registryPoke(), { kind: 'registry', sent: 0, skipped: 'unchanged' }, 'nothing changed since');
  assertGatewayValid(t);
  assertNoSecretPart(t, world.logs.join('\n'), world.secrets(), 'log lines');
});

t.test('one entity added → one AddOrUpdateReport with exactly it; removed → one DeleteReport; renamed → delete + add', async (t) => {
  await registryPoke();
  world.gateway.received.length = 0;
  world.ha.setState('switch.new', 'on', { friendly_name: 'New' });
  t.same(await registryPoke(), { kind: 'registry', sent: 1 });
  t.same(world.gateway.accepted[0]?.event.payload.endpoints?.map((endpoint) => endpoint.endpointId), ['switch#new']);
  t.ok(published().includes('switch.new'));

  world.gateway.received.length = 0;
  world.ha.states.delete('switch.new');
  t.same(await registryPoke(), { kind: 'registry', sent: 1 });
  t.same(types(), ['Alexa.Discovery.DeleteReport:202']);
  t.same(world.gateway.accepted[0]?.event.payload.endpoints, [{ endpointId: 'switch#new' }]);
  t.notOk(published().includes('switch.new'));

  world.gateway.received.length = 0;
  const old = world.ha.states.get('switch.s001') as HaState;
  world.ha.states.delete('switch.s001');
  world.ha.states.set('switch.renamed', { ...old, entity_id: 'switch.renamed' });
  t.same(await registryPoke(), { kind: 'registry', sent: 2 });
  t.same(types(), ['Alexa.Discovery.AddOrUpdateReport:202', 'Alexa.Discovery.DeleteReport:202']);
  t.same(world.gateway.accepted[1]?.event.payload.endpoints, [{ endpointId: 'switch#s001' }]);

  world.gateway.received.length = 0;
  world.ha.setState('switch.s000', 'on', { friendly_name: 'A new name' });
  t.same(await registryPoke(), { kind: 'registry', sent: 1 }, 'a changed name is an update');
  t.equal(world.gateway.accepted[0]?.event.payload.endpoints?.[0]?.friendlyName, 'A new name');
  assertGatewayValid(t);
});

t.test('65 removals → DeleteReports of 30, 30 and 5, 150 ms apart', async (t) => {
  const many = switches(65, 'm');
  for (const entity of many) world.ha.states.set(entity.entity_id, entity);
  await registryPoke();
  world.gateway.received.length = 0;
  for (const entity of many) world.ha.states.delete(entity.entity_id);
  t.same(await registryPoke(), { kind: 'registry', sent: 3 });
  t.same(world.gateway.accepted.map((message) => message.event.payload.endpoints?.length), [30, 30, 5]);
  t.same(waits, [150, 150]);
  assertGatewayValid(t);
});

t.test('300 endpoints of about 1 KB go in AddOrUpdateReports of at most 256 KB and 300 endpoints; the published list stays under 16,384 bytes', async (t) => {
  const big = Array.from({ length: 300 }, (_, i) => state(`switch.big_entity_with_a_long_name_${String(i).padStart(3, '0')}`, 'on', { friendly_name: `A switch with quite a long name ${i}`.padEnd(100, '.') }));
  resetWorld(world, big);
  seedGrant(world);
  t.same(await registryPoke(), { kind: 'registry', sent: 2 }, 'about 300 KB of endpoints: two messages');
  const sizes = world.gateway.accepted.map((message) => message.event.payload.endpoints?.length ?? 0);
  t.equal(sizes.reduce((sum, size) => sum + size, 0), 300, 'every endpoint once');
  for (const message of world.gateway.accepted) t.ok(Buffer.byteLength(JSON.stringify(message)) <= 256 * 1024 && (message.event.payload.endpoints?.length ?? 0) <= 300, 'within 256 KB and 300 endpoints');
  const attributes = world.ha.states.get(PUBLISHED)?.attributes ?? {};
  t.ok(Buffer.byteLength(JSON.stringify(attributes)) <= 16_384, `published attributes: ${Buffer.byteLength(JSON.stringify(attributes))} bytes`);
  assertGatewayValid(t);

  const endpoint = { endpointId: 'x', description: 'y'.repeat(1000) };
  const chunks = chunkEndpoints(Array(700).fill(endpoint));
  t.ok(chunks.every((chunk) => chunk.length <= 300 && Buffer.byteLength(JSON.stringify(chunk)) <= 256 * 1024 - 4 * 1024));
  t.equal(chunks.flat().length, 700);
  t.same(chunkEndpoints(Array(301).fill({ endpointId: 'x' })).map((chunk) => chunk.length), [300, 1]);
});

t.test('a 413 on an AddOrUpdateReport sends two halves', async (t) => {
  world.gateway.refuse = (message) => ((message.event.payload.endpoints?.length ?? 0) > 2 ? GATEWAY_FAILURES.TOO_LARGE() : undefined);
  const four = switches(4, 'h');
  resetWorld(world, four);
  seedGrant(world);
  world.gateway.refuse = (message) => ((message.event.payload.endpoints?.length ?? 0) > 2 ? GATEWAY_FAILURES.TOO_LARGE() : undefined);
  t.same(await registryPoke(), { kind: 'registry', sent: 1 });
  t.same(types(), ['Alexa.Discovery.AddOrUpdateReport:413', 'Alexa.Discovery.AddOrUpdateReport:202', 'Alexa.Discovery.AddOrUpdateReport:202']);
  t.same(world.gateway.accepted.map((message) => message.event.payload.endpoints?.length), [2, 2]);
  t.equal(published().length, 4);
});

t.test('a refused report leaves the published list as it was, so the next poke tries again', async (t) => {
  world.gateway.injected.push(GATEWAY_FAILURES.INVALID_REQUEST());
  const answer = await registryPoke();
  t.equal(answer.sent, 0);
  t.match(String(answer.skipped), /published after the next successful sync/);
  t.notOk(world.ha.states.has(PUBLISHED));
  t.same(await registryPoke(), { kind: 'registry', sent: 1 });
  t.equal(published().length, 3);
});

t.test('Discover publishes the list it answered when events are on, and writes nothing when they are off', async (t) => {
  const discover = { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'm1', payloadVersion: '3' }, payload: { scope: { type: 'BearerToken', token: HA_TOKEN } } } };
  await configFor(eventsEnv({ ALEXA_EVENTS: 'off' }));
  resetColdStart();
  await route(discover);
  t.notOk(world.ha.states.has(PUBLISHED));
  t.notOk(world.ha.requests.some((request) => request.method === 'POST'));

  await configFor(eventsEnv());
  const answer = await route(discover) as { event: { payload: { endpoints: unknown[] } } };
  t.equal(answer.event.payload.endpoints.length, 3);
  t.same(published(), ['switch.s000', 'switch.s001', 'switch.s002']);
  t.same(world.gateway.received, [], 'Discover sends no event');

  world.ha.nonAdminTokens.add(HA_TOKEN);
  t.teardown(() => world.ha.nonAdminTokens.clear());
  world.ha.states.delete(PUBLISHED);
  const still = await route(discover) as { event: { header: { name: string } } };
  t.equal(still.event.header.name, 'Discover.Response', 'a refused publish never fails Discover');
  t.match(world.logs.join('\n'), /administrator/);
});
