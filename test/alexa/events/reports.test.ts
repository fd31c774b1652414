/**
 * State pokes become ChangeReports and DoorbellPresses (src/alexa/events/report-change.ts): the entity
 * is read again from Home Assistant, the message is schema-valid, deduplicated per container, and a
 * doorbell rings only for a fresh press.
 */
import t from 'tap';
import { handleIngest, INGEST_PATH } from '../../../src/alexa/events/ingest.js';
import type { HaState } from '../../../src/homeassistant/types.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { configFor, eventsEnv, INGEST_SECRET, requestContext, resetWorld, seedGrant, useEventsWorld } from './harness.js';

function at(entity: HaState, time: string): HaState {
  return { ...entity, last_changed: time, last_updated: time };
}

const STATES = [
  state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['brightness'], color_mode: 'brightness', brightness: 255 }),
  state('binary_sensor.front_door', 'on', { friendly_name: 'Front door', device_class: 'door' }),
  state('sensor.outside', '20.0', { friendly_name: 'Outside', device_class: 'temperature', unit_of_measurement: '°C' }),
  state('switch.hidden', 'on', { friendly_name: 'Hidden' }),
];
const world = useEventsWorld(t, STATES);
t.beforeEach(() => {
  resetWorld(world, STATES);
  seedGrant(world);
});

async function pokeState(entityId: string, flags: { by_user?: boolean; by_rule?: boolean } = {}, env: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const ctx = requestContext(await configFor(eventsEnv(env)));
  try {
    const answer = await handleIngest({
      rawPath: INGEST_PATH,
      headers: { authorization: `Bearer ${INGEST_SECRET}` },
      body: JSON.stringify({ v: 1, kind: 'state', entity_id: entityId, by_user: flags.by_user ?? false, by_rule: flags.by_rule ?? false }),
      requestContext: { http: { method: 'POST' } },
    }, ctx);
    if (answer.statusCode !== 200) throw new Error(`poke ${entityId} answered ${answer.statusCode}: ${answer.body}`);
    return JSON.parse(answer.body) as Record<string, unknown>;
  } finally {
    ctx.dispose();
  }
}

t.test('ChangeReport causes follow the poke, or are always APP_INTERACTION with ALEXA_REPORT_CAUSE=app', async (t) => {
  const cases: [{ by_user?: boolean; by_rule?: boolean }, Record<string, string>, string][] = [
    [{}, {}, 'PHYSICAL_INTERACTION'],
    [{ by_user: true }, {}, 'APP_INTERACTION'],
    [{ by_rule: true }, {}, 'RULE_TRIGGER'],
    [{ by_user: true, by_rule: true }, {}, 'RULE_TRIGGER'],
    [{}, { ALEXA_REPORT_CAUSE: 'app' }, 'APP_INTERACTION'],
  ];
  for (const [flags, env, cause] of cases) {
    resetWorld(world, STATES);
    seedGrant(world);
    t.same(await pokeState('light.kitchen', flags, env), { kind: 'state', sent: 1 });
    const [message] = world.gateway.accepted;
    t.equal(message?.event.payload.change?.cause.type, cause, JSON.stringify({ flags, env }));
    assertAlexaValid(t, message, 'the ChangeReport');
  }
});

t.test('ChangeReport content: discovery ID, changed vs unchanged properties, timeOfSample, bearer = scope token, EU host', async (t) => {
  await pokeState('light.kitchen');
  const [first] = world.gateway.accepted;
  const receipt = world.gateway.received[0];
  t.equal(receipt?.host, 'api.eu.amazonalexa.com', 'the gateway of the function\'s region (eu-west-1)');
  t.equal(first?.event.endpoint?.endpointId, 'light#kitchen');
  t.equal(receipt?.bearer, first?.event.endpoint?.scope.token, 'bearer = scope token');
  t.ok(world.lwa.isLive(receipt?.bearer ?? ''), 'a live LWA access token');
  const changed = first?.event.payload.change?.properties.map((p) => `${p.namespace}.${p.name}`).sort();
  t.same(changed, ['Alexa.BrightnessController.brightness', 'Alexa.EndpointHealth.connectivity', 'Alexa.PowerController.powerState'], 'no previous report: everything changed');
  t.same(first?.context?.properties, []);
  t.equal(Date.parse(first?.event.payload.change?.properties[0]?.timeOfSample ?? ''), Date.parse('2026-01-01T12:00:00+00:00'), 'timeOfSample = last_updated');
  assertAlexaValid(t, first, 'first report');

  world.ha.setState('light.kitchen', 'on', { ...world.ha.states.get('light.kitchen')?.attributes, brightness: 128 });
  await pokeState('light.kitchen');
  const second = world.gateway.accepted[1];
  t.same(second?.event.payload.change?.properties.map((p) => `${p.namespace}.${p.name}`), ['Alexa.BrightnessController.brightness'], 'only the brightness changed');
  t.same(second?.context?.properties?.map((p) => `${p.namespace}.${p.name}`).sort(), ['Alexa.EndpointHealth.connectivity', 'Alexa.PowerController.powerState'], 'the rest is context');
  t.equal(second?.event.payload.change?.properties[0]?.value, 50);
  assertAlexaValid(t, second, 'second report');

  world.ha.setState('light.kitchen', 'unavailable', { friendly_name: 'Kitchen', supported_color_modes: ['brightness'] });
  await pokeState('light.kitchen');
  const third = world.gateway.accepted[2];
  t.same(third?.event.payload.change?.properties.find((p) => p.name === 'connectivity')?.value, { value: 'UNREACHABLE' }, 'unavailable → UNREACHABLE');
  assertAlexaValid(t, third, 'unreachable report');
  assertNoSecretPart(t, world.logs.join('\n'), world.secrets(), 'log lines');
});

t.test('the same poke twice sends one report; a contact sensor reports DETECTED', async (t) => {
  t.same(await pokeState('binary_sensor.front_door'), { kind: 'state', sent: 1 });
  t.same(await pokeState('binary_sensor.front_door'), { kind: 'state', sent: 0, skipped: 'unchanged' });
  t.equal(world.gateway.received.length, 1);
  const change = world.gateway.accepted[0]?.event.payload.change?.properties.find((p) => p.namespace === 'Alexa.ContactSensor');
  t.equal(change?.value, 'DETECTED');
  assertAlexaValid(t, world.gateway.accepted[0], 'contact report');
});

t.test('a temperature is reported again only once it moved 0.5 °C from the value last sent', async (t) => {
  const sent: number[] = [];
  for (const value of ['20.0', '20.2', '20.4', '20.5', '20.7', '21.1']) {
    world.ha.setState('sensor.outside', value, { friendly_name: 'Outside', device_class: 'temperature', unit_of_measurement: '°C' });
    const answer = await pokeState('sensor.outside');
    if (answer.sent === 1) sent.push(Number(value));
  }
  t.same(sent, [20.0, 20.5, 21.1]);
  for (const message of world.gateway.accepted) assertAlexaValid(t, message, 'temperature report');
});

t.test('an entity that is not exposed is skipped without a gateway call', async (t) => {
  const filter = JSON.stringify({ include_entities: ['light.kitchen'] });
  t.same(await pokeState('switch.hidden', {}, { HA_ALEXA_FILTER: filter }), { kind: 'state', sent: 0, skipped: 'not exposed' });
  t.same(await pokeState('camera.unknown_domain_x'), { kind: 'state', sent: 0, skipped: 'not exposed' });
  t.same(await pokeState('light.missing'), { kind: 'state', sent: 0, skipped: 'not exposed' });
  t.same(world.gateway.received, []);
  t.same(world.lwa.calls, []);
});

t.test('a doorbell press at most 30 s old rings once; an older one never', async (t) => {
  const now = Date.now();
  const fresh = new Date(now - 5_000).toISOString();
  world.ha.states.set('event.front_door', at(state('event.front_door', fresh, { device_class: 'doorbell', friendly_name: 'Doorbell', event_type: 'ring' }), fresh));
  t.same(await pokeState('event.front_door'), { kind: 'state', sent: 1 });
  t.same(await pokeState('event.front_door'), { kind: 'state', sent: 0, skipped: 'unchanged' }, 'the same press is announced once');
  const press = world.gateway.accepted[0];
  t.equal(press?.event.header.name, 'DoorbellPress');
  t.equal(press?.event.header.namespace, 'Alexa.DoorbellEventSource');
  t.match(press?.event.payload.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.equal(press?.event.payload.cause?.type, 'PHYSICAL_INTERACTION');
  t.equal(press?.event.endpoint?.endpointId, 'event#front_door');
  assertAlexaValid(t, press, 'DoorbellPress');

  const stale = new Date(now - 31_000).toISOString();
  world.ha.states.set('event.front_door', at(state('event.front_door', stale, { device_class: 'doorbell', friendly_name: 'Doorbell' }), stale));
  t.same(await pokeState('event.front_door'), { kind: 'state', sent: 0, skipped: 'press too old' });

  // A binary_sensor doorbell: `on` since last_changed.
  world.ha.states.set('binary_sensor.bell', at(state('binary_sensor.bell', 'on', { friendly_name: 'Bell', device_class: 'occupancy' }), fresh));
  const doorbellFilter = JSON.stringify({ entity_config: { 'binary_sensor.bell': { display_categories: 'DOORBELL' } } });
  t.same(await pokeState('binary_sensor.bell', {}, { HA_ALEXA_FILTER: doorbellFilter }), { kind: 'state', sent: 1 });
  world.ha.states.set('binary_sensor.bell', at(state('binary_sensor.bell', 'off', { friendly_name: 'Bell', device_class: 'occupancy' }), fresh));
  t.same(await pokeState('binary_sensor.bell', {}, { HA_ALEXA_FILTER: doorbellFilter }), { kind: 'state', sent: 0, skipped: 'no press' }, 'released is no press');
  t.equal(world.gateway.accepted.length, 2);
});
