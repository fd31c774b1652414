/**
 * Discovery: identity and naming as HA does it, presets, the exposure filter with overrides, and
 * Alexa's limits (300 endpoints in a stable order, 100 capabilities, response size), with broken
 * entities skipped and logged rather than sinking the answer.
 */
import t, { type Test } from 'tap';
import { HA_URL, useFakeHa } from '../../../fixtures/ha-msw.js';
import { state } from '../../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../../src/config/index.js';
import type { Config } from '../../../../src/config/index.js';
import type { HaState } from '../../../../src/homeassistant/types.js';
import { Logger, setLogSink } from '../../../../src/logging/logger.js';
import { buildDiscovery } from '../../../../src/alexa/smart-home/native/index.js';
import { utf8LengthOver } from '../../../../src/alexa/smart-home/native/discovery.js';
import { buildEndpoint, MAX_CAPABILITIES, serializeEndpoint } from '../../../../src/alexa/smart-home/native/endpoint.js';
import { toEntityView } from '../../../../src/alexa/smart-home/native/entity-view.js';
import { MAX_COOKIE_BYTES, MAX_DISCOVERY_BYTES, MAX_ENDPOINTS } from '../../../../src/alexa/smart-home/native/limits.js';
import { PRESET_DOMAINS } from '../../../../src/alexa/smart-home/native/presets.js';
import { ADAPTERS_BY_DOMAIN } from '../../../../src/alexa/smart-home/native/entities/index.js';
import type { EntityAdapter } from '../../../../src/alexa/smart-home/native/capabilities/types.js';
import { discoverDirective, endpointsOf, eventOf, loadHandler, setStates, STORED_TOKEN } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t);
const logs: Record<string, unknown>[] = [];
const previous = setLogSink((line) => logs.push(JSON.parse(line) as Record<string, unknown>));
t.teardown(() => setLogSink(previous));

/** Runs a discovery with `env` set (and the configuration re-read), restoring it afterwards. */
async function discoverWith(t: Test, states: HaState[], env: Record<string, string> = {}): Promise<unknown> {
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  resetConfigCache();
  t.teardown(() => {
    for (const key of Object.keys(env)) delete process.env[key];
    process.env.HA_FEATURE_PRESET = 'full';
    resetConfigCache();
  });
  setStates(fake.states, states);
  logs.length = 0;
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response);
  return response;
}

const ids = (response: unknown): string[] => endpointsOf(response).map((e) => String(e.endpointId));

t.test('the answer is a Discover.Response without endpoint or correlationToken', async (t) => {
  const response = await discoverWith(t, [state('light.a', 'on', { supported_color_modes: ['onoff'] })]);
  t.match(eventOf(response).header, { namespace: 'Alexa.Discovery', name: 'Discover.Response', payloadVersion: '3' });
  t.equal(eventOf(response).header.correlationToken, undefined);
  t.equal(eventOf(response).endpoint, undefined);
});

t.test('identity and naming follow HA, so users moving from its integration keep their devices', async (t) => {
  const response = await discoverWith(t, [
    state('switch.coffee_maker', 'off', { friendly_name: 'Coffee *Maker* (old)!' }),
    state('light.no_friendly_name', 'off', { supported_color_modes: ['onoff'] }),
    state('light.long', 'off', { friendly_name: 'L'.repeat(200), supported_color_modes: ['onoff'] }),
    state('light.only_symbols', 'off', { friendly_name: '***', supported_color_modes: ['onoff'] }),
  ]);
  const byId = new Map(endpointsOf(response).map((e) => [e.endpointId, e]));
  t.match(byId.get('switch#coffee_maker'), { friendlyName: 'Coffee Maker old', description: 'switch.coffee_maker via Home Assistant', manufacturerName: 'Home Assistant', cookie: {} });
  t.equal(byId.get('light#no_friendly_name')?.friendlyName, 'no friendly name', 'object_id with spaces');
  t.equal(String(byId.get('light#long')?.friendlyName).length, 128, 'names are cut to 128 characters');
  t.equal(byId.get('light#only_symbols')?.friendlyName, 'only symbols', 'a name of forbidden characters falls back to the object_id');
  t.match(byId.get('switch#coffee_maker')?.additionalAttributes, { manufacturer: 'Home Assistant', model: 'switch' });
  for (const endpoint of endpointsOf(response)) {
    t.ok(Buffer.byteLength(JSON.stringify(endpoint.cookie)) <= MAX_COOKIE_BYTES, `${String(endpoint.endpointId)}: cookie within ${MAX_COOKIE_BYTES} bytes`);
  }
});

t.test('display categories of the framework\'s domains', async (t) => {
  const rows: [HaState, string[]][] = [
    [state('switch.plug', 'on', { device_class: 'outlet' }), ['SMARTPLUG']],
    [state('switch.relay', 'on', { device_class: 'switch' }), ['SWITCH']],
    [state('switch.plain', 'on'), ['SWITCH']],
    [state('input_boolean.guest', 'on'), ['OTHER']],
    [state('group.upstairs', 'on', { entity_id: ['light.a'] }), ['OTHER']],
    [state('alert.leak', 'on'), ['OTHER']],
    [state('automation.morning', 'on'), ['ACTIVITY_TRIGGER']],
    [state('lock.door', 'locked'), ['SMARTLOCK']],
  ];
  const response = await discoverWith(t, rows.map(([entity]) => entity));
  const byId = new Map(endpointsOf(response).map((e) => [e.endpointId, e]));
  for (const [entity, categories] of rows) t.same(byId.get(entity.entity_id.replace('.', '#'))?.displayCategories, categories, entity.entity_id);
  t.same(byId.get('switch#plug')?.capabilities, [
    { type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3', properties: { supported: [{ name: 'powerState' }], proactivelyReported: true, retrievable: true } },
    { type: 'AlexaInterface', interface: 'Alexa.ContactSensor', version: '3', properties: { supported: [{ name: 'detectionState' }], proactivelyReported: true, retrievable: true } },
    { type: 'AlexaInterface', interface: 'Alexa.EndpointHealth', version: '3', properties: { supported: [{ name: 'connectivity' }], proactivelyReported: true, retrievable: true } },
    { type: 'AlexaInterface', interface: 'Alexa', version: '3' },
  ], 'a switch: PowerController, ContactSensor (for routines), EndpointHealth, Alexa');
});

t.test('unsupported domains and HA\'s never-exposed groups are skipped quietly', async (t) => {
  const response = await discoverWith(t, [
    state('light.a', 'on', { supported_color_modes: ['onoff'] }),
    state('select.mode', 'a'),
    state('person.anna', 'home'),
    state('weather.home', 'sunny'),
    state('group.all_locks', 'locked'),
  ]);
  t.same(ids(response), ['light#a']);
  t.same(logs.filter((line) => line.level === 'warn' && line.message !== 'invocation'), [], 'nothing to warn about');
});

t.test('presets: each exposes exactly its documented domains', async (t) => {
  const everything = [...new Set(Object.values(PRESET_DOMAINS).flat())].map((domain) => state(`${domain}.x`, 'on', { supported_color_modes: ['onoff'] }));
  for (const preset of ['minimal', 'standard', 'full'] as const) {
    await t.test(preset, async (t) => {
      const response = await discoverWith(t, everything, { HA_FEATURE_PRESET: preset });
      const domains = new Set(ids(response).map((id) => id.split('#')[0]));
      for (const domain of domains) t.ok(PRESET_DOMAINS[preset].includes(domain ?? ''), `${domain} belongs to ${preset}`);
      for (const domain of ['light', 'switch', 'input_boolean', 'scene', 'script']) t.ok(domains.has(domain), `${preset} has ${domain}`);
    });
  }
  t.same(PRESET_DOMAINS.minimal, ['light', 'switch', 'input_boolean', 'scene', 'script']);
  t.ok(PRESET_DOMAINS.standard.includes('lock') && !PRESET_DOMAINS.minimal.includes('lock'));
  t.ok(PRESET_DOMAINS.full.includes('automation') && !PRESET_DOMAINS.standard.includes('automation'));
});

t.test('the exposure filter narrows discovery; entity_config renames and recategorises', async (t) => {
  const states = [
    state('light.kitchen', 'on', { supported_color_modes: ['onoff'], friendly_name: 'Kitchen' }),
    state('light.garage', 'on', { supported_color_modes: ['onoff'] }),
    state('switch.heater', 'on'),
    state('switch.tv_plug', 'on'),
    state('lock.front', 'locked'),
  ];
  const filter = {
    include_domains: ['light', 'switch'],
    exclude_entities: ['light.garage'],
    exclude_entity_globs: ['switch.tv_*'],
    entity_config: { 'light.kitchen': { name: 'Cooking Light', description: 'Over the stove', display_categories: 'SWITCH' } },
  };
  const response = await discoverWith(t, states, { HA_ALEXA_FILTER: JSON.stringify(filter) });
  t.same(ids(response).sort(), ['light#kitchen', 'switch#heater']);
  t.match(endpointsOf(response).find((e) => e.endpointId === 'light#kitchen'), {
    friendlyName: 'Cooking Light',
    description: 'Over the stove via Home Assistant',
    displayCategories: ['SWITCH'],
  });
});

t.test('HA\'s YAML shape (lists under "filter") works too', async (t) => {
  const response = await discoverWith(t, [state('light.a', 'on'), state('switch.b', 'on')], { HA_ALEXA_FILTER: JSON.stringify({ filter: { include_entities: ['switch.b'] } }) });
  t.same(ids(response), ['switch#b']);
});

t.test('a malformed filter fails loudly, naming the key, instead of exposing everything', async (t) => {
  const response = await discoverWith(t, [state('light.a', 'on')], { HA_ALEXA_FILTER: JSON.stringify({ include_domains: 'light' }) });
  t.equal(eventOf(response).payload.type, 'INTERNAL_ERROR');
  t.match(eventOf(response).payload.message, /include_domains must be a list/);
});

t.test(`past ${MAX_ENDPOINTS} endpoints, a stable order decides and the drop is logged with examples`, async (t) => {
  const automations = Array.from({ length: 20 }, (_, i) => state(`automation.a${String(i).padStart(3, '0')}`, 'on'));
  const lights = Array.from({ length: 290 }, (_, i) => state(`light.l${String(i).padStart(3, '0')}`, 'on', { supported_color_modes: ['onoff'] }));
  const locks = Array.from({ length: 5 }, (_, i) => state(`lock.k${i}`, 'locked'));
  const response = await discoverWith(t, [...automations.reverse(), ...locks, ...lights.reverse()]);
  const kept = ids(response);
  t.equal(kept.length, MAX_ENDPOINTS);
  t.same(kept.slice(0, 3), ['light#l000', 'light#l001', 'light#l002'], 'lights first, by entity_id');
  t.ok(kept.includes('lock#k4'), 'locks come before automations');
  t.same(kept.slice(-5), ['automation#a000', 'automation#a001', 'automation#a002', 'automation#a003', 'automation#a004'], 'automations fill the rest in order');
  const dropped = logs.find((line) => line.message === 'Discovery limit reached: endpoints left out');
  t.match(dropped, { dropped: 15, kept: 300, examples: ['automation.a005', 'automation.a006', 'automation.a007', 'automation.a008', 'automation.a009'] });
});

const config = { featurePreset: 'full', alexaFilter: undefined, alexaLocale: 'en-US' } as unknown as Config;
const silent = new Logger();

t.test('one broken entity never sinks discovery: it is skipped and logged with its entity_id and reason', (t) => {
  const lines: Record<string, unknown>[] = [];
  const restore = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  t.teardown(() => setLogSink(restore));
  const broken = state('light.broken', 'on', {});
  Object.defineProperty(broken.attributes, 'supported_color_modes', { enumerable: true, get: () => { throw new Error('attribute exploded'); } });
  const unnameable = state('light.unnameable', 'on', { supported_color_modes: ['onoff'] });
  Object.defineProperty(unnameable.attributes, 'friendly_name', { enumerable: true, get: () => { throw new Error('name exploded'); } });
  const good = state('light.good', 'on', { supported_color_modes: ['onoff'] });
  const result = buildDiscovery([good, broken, unnameable, { entity_id: 42 } as unknown as HaState, null as unknown as HaState, good], config, new Logger());
  t.same(result.endpoints.map((e) => e.endpointId), ['light#good'], 'an entity listed twice is discovered once');
  t.equal(result.broken, 5);
  t.match(lines.find((line) => line.reason === 'listed twice by Home Assistant'), { entity_id: 'light.good' });
  t.match(lines.find((line) => line.entity_id === 'light.unnameable'), { reason: 'name exploded' });
  t.match(lines.find((line) => line.entity_id === 'light.broken'), { message: 'Skipped an entity in discovery', reason: 'attribute exploded' });
  t.end();
});

t.test('the response stays within the size budget: what does not fit is dropped from the tail and logged', (t) => {
  const lines: Record<string, unknown>[] = [];
  const restore = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  t.teardown(() => setLogSink(restore));
  const lights = Array.from({ length: 40 }, (_, i) => state(`light.l${String(i).padStart(2, '0')}`, 'on', { supported_color_modes: ['hs', 'color_temp'], friendly_name: `Light ${i}` }));
  const budget = 20_000;
  const result = buildDiscovery(lights, config, new Logger(), undefined, { maxEndpoints: MAX_ENDPOINTS, maxBytes: budget });
  t.ok(Buffer.byteLength(JSON.stringify(result.endpoints)) <= budget, 'within the budget');
  t.ok(result.endpoints.length > 5 && result.endpoints.length < 40, `${result.endpoints.length} kept`);
  t.equal(result.endpoints.length + result.dropped, 40, 'what does not fit is counted as dropped');
  t.equal(result.endpoints.at(-1)?.endpointId, `light#l${String(result.endpoints.length - 1).padStart(2, '0')}`, 'the head of the order is kept');
  t.match(lines.find((line) => line.message === 'Discovery limit reached: endpoints left out'), { reason: `the response would exceed ${budget} bytes` });
  t.ok(MAX_DISCOVERY_BYTES >= 1024 * 1024, 'the real budget is 1 MB');
  t.end();
});

t.test(`past ${MAX_ENDPOINTS} endpoints the rest are counted and named, not built`, (t) => {
  const lights = Array.from({ length: MAX_ENDPOINTS }, (_, i) => state(`light.a${String(i).padStart(3, '0')}`, 'on', { supported_color_modes: ['onoff'] }));
  // Entities past the limit whose building would throw: counted as left out, never reached.
  const tail = Array.from({ length: 7 }, (_, i) => {
    const entity = state(`light.z${i}`, 'on', {});
    Object.defineProperty(entity.attributes, 'supported_color_modes', { enumerable: true, get: () => { throw new Error('built past the limit'); } });
    return entity;
  });
  const lines: Record<string, unknown>[] = [];
  const restore = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  t.teardown(() => setLogSink(restore));
  const result = buildDiscovery([...tail, ...lights], config, new Logger());
  t.equal(result.endpoints.length, MAX_ENDPOINTS);
  t.equal(result.broken, 0, 'no entity past the limit was built');
  t.equal(result.dropped, 7);
  t.match(lines.find((line) => line.message === 'Discovery limit reached: endpoints left out'), { dropped: 7, kept: MAX_ENDPOINTS, examples: ['light.z0', 'light.z1', 'light.z2', 'light.z3', 'light.z4'] });
  t.end();
});

t.test('the size budget counts UTF-8 bytes: names in scripts of 2 and 3 bytes a character are not undercounted', (t) => {
  t.equal(utf8LengthOver('a'.repeat(1001), 1000), true, 'over by its length alone');
  t.equal(utf8LengthOver('a'.repeat(333), 1000), false, 'under even at 3 bytes a character');
  t.equal(utf8LengthOver('a'.repeat(400), 1000), false, 'counted: 400 bytes');
  t.equal(utf8LengthOver('€'.repeat(400), 1000), true, 'counted: 1,200 bytes in 400 characters');
  t.equal(utf8LengthOver('ü'.repeat(500), 1000), false, 'counted: exactly 1,000 bytes');
  const lights = Array.from({ length: 40 }, (_, i) => state(`light.k${String(i).padStart(2, '0')}`, 'on', { supported_color_modes: ['onoff'], friendly_name: `厨房の灯り ${i} ${'€'.repeat(40)}` }));
  const budget = 20_000;
  const result = buildDiscovery(lights, config, new Logger(), undefined, { maxEndpoints: MAX_ENDPOINTS, maxBytes: budget });
  const json = JSON.stringify(result.endpoints);
  t.ok(Buffer.byteLength(json) <= budget, `${Buffer.byteLength(json)} bytes within the budget`);
  t.ok(Buffer.byteLength(json) - json.length > 2000, `${json.length} characters: counting characters would have let more endpoints through`);
  t.ok(result.dropped > 0 && result.endpoints.length + result.dropped === 40, `${result.dropped} dropped`);
  t.end();
});

t.test(`an endpoint keeps at most ${MAX_CAPABILITIES} capabilities, always with Alexa and EndpointHealth`, (t) => {
  const adapter: EntityAdapter = {
    domains: ['test'],
    displayCategories: () => ['OTHER'],
    capabilities: () => Array.from({ length: 150 }, (_, i) => ({ namespace: 'Alexa.ToggleController', instance: `t.${i}`, supported: ['toggleState'] })),
  };
  const endpoint = buildEndpoint(toEntityView(state('test.___', 'on'), undefined), adapter, 'en-US');
  t.equal(endpoint?.capabilities.length, MAX_CAPABILITIES);
  t.same(endpoint?.capabilities.slice(-2).map((c) => c.namespace), ['Alexa.EndpointHealth', 'Alexa']);
  const serialized = endpoint === undefined ? {} : serializeEndpoint(endpoint);
  t.equal(serialized.friendlyName, 'test.___', 'a name with nothing left after cleaning falls back to the entity_id');
  t.match((serialized.capabilities as unknown[])[0], { properties: { proactivelyReported: false, retrievable: false } }, 'flags default to false');
  t.end();
});

t.test('cameras need /api/config; if it fails, discovery still answers and says why', async (t) => {
  t.teardown(() => fake.clearOverrides());
  fake.override((request) => (request.path === '/api/config' ? { status: 500, body: 'boom' } : undefined));
  const response = await discoverWith(t, [state('camera.porch', 'idle', { supported_features: 2 }), state('light.a', 'on'), { entity_id: 7 } as unknown as HaState]);
  t.same(ids(response).sort(), ['camera#porch', 'light#a']);
  t.match(logs.find((line) => line.level === 'warn' && line.message !== 'invocation'), { message: 'Could not read /api/config for discovery; cameras are listed without streaming' });
});

t.test('every registered adapter serves a domain some preset exposes', (t) => {
  for (const domain of ADAPTERS_BY_DOMAIN.keys()) t.ok(PRESET_DOMAINS.full.includes(domain), domain);
  t.end();
});

t.test('discovery of 5,000 entities keeps 300 and says how many it left out (speed is measured by npm run bench, not asserted here)', (t) => {
  const states = Array.from({ length: 5000 }, (_, i) => state(`light.l${String(i).padStart(4, '0')}`, i % 2 === 0 ? 'on' : 'off', { supported_color_modes: ['hs', 'color_temp'], friendly_name: `Light ${i}`, brightness: 100 }));
  const result = buildDiscovery(states, config, silent);
  t.equal(result.endpoints.length, 300);
  t.equal(result.dropped, 4700);
  t.equal(result.endpoints[0]?.endpointId, 'light#l0000', 'the stable order keeps the first entity_ids');
  t.end();
});
