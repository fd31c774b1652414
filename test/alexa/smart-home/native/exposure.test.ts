/**
 * The exposure filter follows Home Assistant's entity-filter rules exactly (the six cases of HA's
 * `generate_filter`), and a malformed filter is refused with a message naming the key. The preset
 * (src/alexa/smart-home/native/presets.ts): a user who turns proactive events on (`ALEXA_EVENTS=on`)
 * with the default `standard` preset gets contact/motion sensors and doorbells discovered, so that
 * their reports have an endpoint; `minimal` stays lights and switches; with events off nothing changes.
 */
import t from 'tap';
import { buildEntityFilter, exposureFor, parseFilter } from '../../../../src/alexa/smart-home/native/exposure.js';
import type { Config } from '../../../../src/config/index.js';
import { parseSettings, type RawValue } from '../../../../src/config/parse.js';
import { Logger } from '../../../../src/logging/logger.js';
import { buildDiscovery } from '../../../../src/alexa/smart-home/native/discovery.js';
import { eventsEnabled, presetAllows } from '../../../../src/alexa/smart-home/native/presets.js';
import { state } from '../../../fixtures/fake-home-assistant.js';

type Lists = Parameters<typeof buildEntityFilter>[0];
const none: Lists = { include_domains: [], exclude_domains: [], include_entities: [], exclude_entities: [], include_entity_globs: [], exclude_entity_globs: [] };
const filter = (lists: Partial<Lists>) => {
  const test = buildEntityFilter({ ...none, ...lists });
  return (id: string) => test(id, id.split('.')[0] ?? '');
};

t.test('HA\'s entity-filter cases', (t) => {
  const rows: [string, Partial<Lists>, Record<string, boolean>][] = [
    ['1: no filter: everything', {}, { 'light.a': true, 'sensor.b': true }],
    ['2: only includes', { include_domains: ['light'], include_entities: ['switch.x'], include_entity_globs: ['binary_sensor.*_door'] }, {
      'light.a': true, 'switch.x': true, 'switch.y': false, 'binary_sensor.front_door': true, 'binary_sensor.motion': false,
    }],
    ['3: only excludes', { exclude_domains: ['sensor'], exclude_entities: ['light.b'], exclude_entity_globs: ['switch.tv_*'] }, {
      'light.a': true, 'light.b': false, 'sensor.t': false, 'switch.tv_plug': false, 'switch.kettle': true,
    }],
    ['4: domain include with excludes', { include_domains: ['light'], exclude_entities: ['light.b'], exclude_entity_globs: ['light.*_night'], include_entities: ['switch.x'] }, {
      'light.a': true, 'light.b': false, 'light.kid_night': false, 'switch.x': true, 'switch.y': false,
    }],
    ['4: glob include wins over a glob exclude', { include_entity_globs: ['light.kid_*'], exclude_entity_globs: ['light.*_night'], include_domains: ['switch'] }, {
      'light.kid_night': true, 'light.other': false, 'switch.any': true,
    }],
    ['5: domain exclude with entity include', { exclude_domains: ['sensor'], include_entities: ['sensor.temperature'] }, {
      'sensor.temperature': true, 'sensor.humidity': false, 'light.a': true,
    }],
    ['6: entity lists only', { include_entities: ['light.a'], exclude_entities: ['light.b'] }, { 'light.a': true, 'light.b': false, 'light.c': false }],
    ['globs: ? and [..]', { include_entity_globs: ['light.lamp_?', 'switch.[ab]*'] }, { 'light.lamp_1': true, 'light.lamp_12': false, 'switch.alpha': true, 'switch.charlie': false }],
    ['globs: [!..] and a lone [', { include_entity_globs: ['light.[!k]*', 'sensor.a[b'] }, { 'light.kitchen': false, 'light.hall': true, 'sensor.a[b': true, 'sensor.ab': false }],
  ];
  for (const [what, lists, expected] of rows) {
    const allows = filter(lists);
    for (const [id, want] of Object.entries(expected)) t.equal(allows(id), want, `${what}: ${id} ${want ? 'exposed' : 'hidden'}`);
  }
  t.end();
});

t.test('a malformed filter is refused, naming the key', (t) => {
  const rows: [string, Record<string, unknown>, RegExp][] = [
    ['a list given as text', { include_domains: 'light' }, /include_domains must be a list of strings/],
    ['a number in a list', { exclude_entities: ['light.a', 3] }, /exclude_entities must be a list/],
    ['an unknown key', { include_domain: ['light'] }, /unknown key "include_domain"/],
    ['filter not an object', { filter: ['light'] }, /filter must be an object/],
    ['an entity_config entry not an object', { entity_config: { 'light.a': 'Kitchen' } }, /entity_config\["light.a"\] must be an object/],
    ['an unknown key under filter', { filter: { include: ['light'] } }, /unknown key "filter.include"/],
    ['a list twice', { include_domains: ['light'], filter: { include_domains: ['switch'] } }, /both at the top level and under filter/],
    ['entity_config not an object', { entity_config: [] }, /entity_config must map/],
    ['an unknown override', { entity_config: { 'light.a': { icon: 'x' } } }, /entity_config\["light.a"\].icon is unknown/],
    ['an empty name', { entity_config: { 'light.a': { name: ' ' } } }, /name must be non-empty text/],
  ];
  for (const [what, raw, message] of rows) t.throws(() => parseFilter(raw), { type: 'INTERNAL_ERROR', message }, what);
  t.end();
});

t.test('presets combine with the filter: the filter narrows, never widens', (t) => {
  const config = { featurePreset: 'minimal', alexaFilter: { include_domains: ['light', 'lock'] } } as unknown as Config;
  const exposure = exposureFor(config);
  t.equal(exposure.allows('light.a', 'light'), true);
  t.equal(exposure.allows('lock.a', 'lock'), false, 'lock is not in the minimal preset');
  t.equal(exposure.allows('switch.a', 'switch'), false, 'switch is filtered out');
  t.equal(exposureFor(config), exposure, 'built once per configuration');
  t.end();
});

function presetConfig(preset: string, events?: unknown): Config {
  const raw = new Map<keyof Config, RawValue>([
    ['homeAssistantUrl', { value: 'https://ha.example.com', from: 'HOME_ASSISTANT_URL' }],
    ['featurePreset', { value: preset, from: 'HA_FEATURE_PRESET' }],
  ]);
  const parsed = parseSettings(raw).config;
  if (parsed === undefined) throw new Error('invalid test configuration');
  // ALEXA_EVENTS belongs to the event sender; a configuration without it means events are off.
  return events === undefined ? parsed : ({ ...parsed, alexaEvents: events } as Config);
}

const STATES = [
  state('light.hall', 'on', { supported_color_modes: ['onoff'] }),
  state('binary_sensor.front_door', 'off', { device_class: 'door' }),
  state('event.doorbell', '2026-01-01T12:00:00.000+00:00', { device_class: 'doorbell', event_types: ['ring'] }),
];
const silent = new Logger();
const ids = (cfg: Config): string[] => buildDiscovery(STATES, cfg, silent).endpoints.map((endpoint) => String(endpoint.endpointId)).sort();

t.test('standard with ALEXA_EVENTS=on discovers contact sensors and doorbells', async (t) => {
  t.same(ids(presetConfig('standard', 'on')), ['binary_sensor#front_door', 'event#doorbell', 'light#hall']);
  t.same(ids(presetConfig('standard', true)), ['binary_sensor#front_door', 'event#doorbell', 'light#hall'], 'a boolean setting counts too');
});

t.test('without events, standard is unchanged; minimal never adds them; full always had them', async (t) => {
  t.same(ids(presetConfig('standard')), ['light#hall']);
  t.same(ids(presetConfig('standard', 'off')), ['light#hall']);
  t.same(ids(presetConfig('minimal', 'on')), ['light#hall']);
  t.same(ids(presetConfig('full')), ['binary_sensor#front_door', 'event#doorbell', 'light#hall']);
  t.equal(presetAllows('standard', 'sensor', true), false, 'only binary_sensor and event are added');
  t.equal(eventsEnabled(presetConfig('standard')), false);
});
