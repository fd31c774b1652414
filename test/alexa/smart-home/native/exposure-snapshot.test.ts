/**
 * Exposure from Home Assistant's UI end to end, through the real handler against the loopback fake
 * Home Assistant (REST and WebSocket): `filter` opens no WebSocket; `assist` and `label` read the
 * registry once per Discover and follow it; names come from aliases; a WebSocket failure is
 * BRIDGE_UNREACHABLE naming the cause (never "expose everything"); directives use the snapshot.
 * Every answer is validated against Amazon's schema and no log line holds the token.
 * Also unit tests of src/alexa/smart-home/native/exposure-snapshot.ts's cache (60 s, 24 h).
 */
import t, { type Test } from 'tap';
import { resetConfigCache, type Config } from '../../../../src/config/index.js';
import { parseSettings, type RawValue } from '../../../../src/config/parse.js';
import { createDeadline } from '../../../../src/gateway/deadline.js';
import { HomeAssistantClient } from '../../../../src/homeassistant/index.js';
import { setLogSink } from '../../../../src/logging/logger.js';
import { exposureFor } from '../../../../src/alexa/smart-home/native/exposure.js';
import { clearExposureSnapshots, loadExposure, SNAPSHOT_MAX_AGE_MS, STALE_LIMIT_MS } from '../../../../src/alexa/smart-home/native/exposure-snapshot.js';
import { AlexaBridgeUnreachableError } from '../../../../src/alexa/smart-home/errors.js';
import { FakeHomeAssistant, state } from '../../../fixtures/fake-home-assistant.js';
import { closedWithin, exposedEntry } from '../../../fixtures/fake-ha-registry.js';
import { startHaServer } from '../../../fixtures/ha-server.js';
import { attachHaWebSocket } from '../../../fixtures/ha-websocket.js';
import { assertNoSecretPart } from '../../../fixtures/secret-leaks.js';
import { directive, DIRECTIVE_TOKEN, discoverDirective, endpointsOf, errorTypeOf, eventOf, loadHandler, nameOf } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';

const fake = new FakeHomeAssistant({ tokens: [DIRECTIVE_TOKEN] });
const ha = await startHaServer(fake);
t.teardown(() => ha.close());
const invoke = await loadHandler({ HOME_ASSISTANT_URL: ha.url });
const logs: string[] = [];
const previous = setLogSink((line) => logs.push(line));
t.teardown(() => setLogSink(previous));

for (const entity of [
  state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] }),
  state('light.unticked', 'off', { friendly_name: 'Unticked', supported_color_modes: ['onoff'] }),
  state('light.labelled', 'off', { friendly_name: 'Labelled', supported_color_modes: ['onoff'] }),
  state('light.hidden', 'off', { friendly_name: 'Hidden', supported_color_modes: ['onoff'] }),
  state('switch.config', 'off', { friendly_name: 'Config switch' }),
  state('switch.new', 'off', { friendly_name: 'New switch' }),
  state('binary_sensor.front_door', 'off', { friendly_name: 'Front door', device_class: 'door' }),
  state('sensor.power', '12', { friendly_name: 'Power', device_class: 'power', unit_of_measurement: 'W' }),
]) fake.states.set(entity.entity_id, entity);
fake.registry.set(exposedEntry('light.kitchen', true, { aliases: ['Cooker', 'Stove light'] }));
fake.registry.set(exposedEntry('light.unticked', false));
fake.registry.set(exposedEntry('light.labelled', false, { labels: ['alexa'], aliases: ['Reading lamp'] }));
fake.registry.set(exposedEntry('light.hidden', true, { hidden_by: 'user' }));
fake.registry.set({ entity_id: 'switch.config', entity_category: 'config' });
fake.registry.set({ entity_id: 'switch.new' });
fake.registry.set({ entity_id: 'binary_sensor.front_door' });
fake.registry.set({ entity_id: 'sensor.power' });

/** Sets `env` for one test (the configuration re-read), and clears the snapshots. */
function withEnv(t: Test, env: Record<string, string>): void {
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  resetConfigCache();
  clearExposureSnapshots();
  t.teardown(() => {
    for (const key of Object.keys(env)) delete process.env[key];
    resetConfigCache();
    clearExposureSnapshots();
    fake.registry.nonAdminTokens.clear();
  });
}

async function discover(t: Test): Promise<unknown> {
  logs.length = 0;
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response);
  assertNoSecretPart(t, [response, logs], [DIRECTIVE_TOKEN], 'answer and log lines');
  return response;
}

const ids = (response: unknown): string[] => endpointsOf(response).map((endpoint) => String(endpoint.endpointId)).sort();

t.test('filter (the default) opens no WebSocket and exposes as before', async (t) => {
  withEnv(t, {});
  const before = fake.registry.connections;
  const response = await discover(t);
  t.same(ids(response), ['light#hidden', 'light#kitchen', 'light#labelled', 'light#unticked', 'switch#config', 'switch#new']);
  t.equal(fake.registry.connections, before, 'no WebSocket connection');
});

t.test('assist: stored flags, Home Assistant\'s defaults, labels; never hidden or config entities', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'assist', HA_FEATURE_PRESET: 'full' });
  const before = fake.registry.connections;
  fake.registry.commands.length = 0;
  const response = await discover(t);
  t.same(ids(response), ['binary_sensor#front_door', 'light#kitchen', 'light#labelled', 'switch#new'],
    'kitchen ticked; labelled by label; switch.new and the door sensor by default; power sensor, unticked, hidden and config out');
  t.equal(fake.registry.connections, before + 1, 'one connection per Discover');
  t.same(fake.registry.commands.map((command) => command.type), ['config/entity_registry/list', 'homeassistant/expose_entity/list', 'homeassistant/expose_new_entities/get'], 'no alias read with HA_ALEXA_NAMES=entity');
  t.equal(endpointsOf(response).find((endpoint) => endpoint.endpointId === 'light#kitchen')?.friendlyName, 'Kitchen');
  await closedWithin(fake, 1_000);
  t.equal(fake.registry.open, 0, 'the connection is closed after the Discover');
});

t.test('the standard preset still narrows what Home Assistant exposes', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'assist' });
  t.same(ids(await discover(t)), ['light#kitchen', 'light#labelled', 'switch#new'], 'no binary_sensor in standard (without ALEXA_EVENTS=on)');
});

t.test('label mode with alias names: only labelled entities, named by their first alias; entity_config wins', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'label', HA_ALEXA_NAMES: 'alias' });
  fake.registry.set(exposedEntry('light.kitchen', true, { aliases: ['Cooker', 'Stove light'], labels: ['alexa'] }));
  t.teardown(() => fake.registry.set(exposedEntry('light.kitchen', true, { aliases: ['Cooker', 'Stove light'] })));
  const response = await discover(t);
  t.same(ids(response), ['light#kitchen', 'light#labelled']);
  const names = Object.fromEntries(endpointsOf(response).map((endpoint) => [endpoint.endpointId, endpoint.friendlyName]));
  t.same(names, { 'light#kitchen': 'Cooker', 'light#labelled': 'Reading lamp' });
  t.same(fake.registry.commands.at(-1)?.body.entity_ids, ['light.kitchen', 'light.labelled'], 'aliases read for the candidates only');
  process.env.HA_ALEXA_FILTER = JSON.stringify({ entity_config: { 'light.kitchen': { name: 'Chef light' } } });
  resetConfigCache();
  t.teardown(() => delete process.env.HA_ALEXA_FILTER);
  const configured = await discover(t);
  t.equal(endpointsOf(configured).find((endpoint) => endpoint.endpointId === 'light#kitchen')?.friendlyName, 'Chef light');
});

t.test('a non-admin token: BRIDGE_UNREACHABLE saying the token must belong to an administrator', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'assist' });
  fake.registry.nonAdminTokens.add(DIRECTIVE_TOKEN);
  const response = await discover(t);
  t.equal(errorTypeOf(response), 'BRIDGE_UNREACHABLE');
  t.match(eventOf(response).payload.message, /HA_EXPOSURE=assist.*the token must belong to an administrator/);
});

t.test('a WebSocket the proxy does not pass: BRIDGE_UNREACHABLE naming it, never everything exposed', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'assist' });
  ha.server.removeAllListeners('upgrade');
  const detach = attachHaWebSocket(ha.server, fake, { refuseWithStatus: 502 });
  t.teardown(() => {
    detach();
    attachHaWebSocket(ha.server, fake);
  });
  const response = await discover(t);
  t.equal(errorTypeOf(response), 'BRIDGE_UNREACHABLE');
  t.match(eventOf(response).payload.message, /answered HTTP 502 instead of switching to WebSocket/);
});

t.test('directives: an entity Home Assistant does not expose is NO_SUCH_ENDPOINT; an exposed one works', async (t) => {
  withEnv(t, { HA_EXPOSURE: 'assist' });
  const before = fake.registry.connections;
  const refused = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#unticked' }));
  assertSmartHomeValid(t, refused);
  t.equal(errorTypeOf(refused), 'NO_SUCH_ENDPOINT');
  t.match(eventOf(refused).payload.message, /not exposed to Alexa in Home Assistant \(HA_EXPOSURE=assist/);
  fake.calls.length = 0;
  const done = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));
  assertSmartHomeValid(t, done);
  t.equal(nameOf(done), 'Alexa.Response');
  t.same(fake.calls.map((call) => `${call.domain}.${call.service}`), ['light.turn_on']);
  t.equal(fake.registry.connections, before + 1, 'the second directive used the first one\'s snapshot');
});

/** A client for the snapshot's unit tests. */
function client(t: Test): HomeAssistantClient {
  const deadline = createDeadline(2_000);
  t.teardown(() => deadline.dispose());
  return new HomeAssistantClient({ baseUrl: ha.url, token: DIRECTIVE_TOKEN, deadline, verifySsl: true, caBundle: undefined, cacheTtlSeconds: 0, circuitFailureThreshold: 100, circuitCooldownSeconds: 1 });
}

function config(env: Record<string, string>): Config {
  const raw = new Map<keyof Config, RawValue>([['homeAssistantUrl', { value: ha.url, from: 'HOME_ASSISTANT_URL' }]]);
  if (env.HA_EXPOSURE !== undefined) raw.set('exposureSource', { value: env.HA_EXPOSURE, from: 'HA_EXPOSURE' });
  const parsed = parseSettings(raw).config;
  if (parsed === undefined) throw new Error('test configuration invalid');
  return parsed;
}

t.test('the snapshot: Discover reads every time; directives reuse it for 60 s, then read again', async (t) => {
  clearExposureSnapshots();
  const assist = config({ HA_EXPOSURE: 'assist' });
  let now = 1_000_000;
  const clock = { now: () => now };
  const start = fake.registry.connections;
  await loadExposure(assist, client(t), { fresh: true, ...clock });
  await loadExposure(assist, client(t), { fresh: true, ...clock });
  t.equal(fake.registry.connections, start + 2, 'Discover always reads');
  now += SNAPSHOT_MAX_AGE_MS;
  await loadExposure(assist, client(t), { fresh: false, ...clock });
  t.equal(fake.registry.connections, start + 2, 'a directive within 60 s uses the snapshot');
  now += 1;
  await loadExposure(assist, client(t), { fresh: false, ...clock });
  t.equal(fake.registry.connections, start + 3, 'older than 60 s: read again');
  const filter = config({});
  t.equal(await loadExposure(filter, client(t), { fresh: true, ...clock }), exposureFor(filter), 'filter: the preset and filter, nothing read');
  t.equal(fake.registry.connections, start + 3);
});

t.test('the snapshot on failure: a directive uses one up to 24 h old, Discover never does', async (t) => {
  clearExposureSnapshots();
  const assist = config({ HA_EXPOSURE: 'assist' });
  let now = 5_000_000;
  const clock = { now: () => now };
  await loadExposure(assist, client(t), { fresh: true, ...clock });
  fake.registry.nonAdminTokens.add(DIRECTIVE_TOKEN);
  t.teardown(() => fake.registry.nonAdminTokens.clear());
  now += STALE_LIMIT_MS;
  const stale = await loadExposure(assist, client(t), { fresh: false, ...clock });
  t.equal(stale.allows('light.kitchen', 'light'), true, 'the day-old snapshot still answers directives');
  const discoverFailure = await loadExposure(assist, client(t), { fresh: true, ...clock }).catch((error: unknown) => error);
  t.ok(discoverFailure instanceof AlexaBridgeUnreachableError, 'Discover does not fall back: BRIDGE_UNREACHABLE');
  now += 1;
  await t.rejects(loadExposure(assist, client(t), { fresh: false, ...clock }), { message: /administrator/ }, 'older than 24 h: the error');
});
