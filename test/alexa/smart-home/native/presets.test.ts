/**
 * Unit tests for src/alexa/smart-home/native/presets.ts: a user who turns proactive events on
 * (`ALEXA_EVENTS=on`) with the default `standard` preset gets contact/motion sensors and doorbells
 * discovered, so that their reports have an endpoint; `minimal` stays lights and switches, and with
 * events off `standard` is unchanged.
 */
import t from 'tap';
import type { Config } from '../../../../src/config/index.js';
import { parseSettings, type RawValue } from '../../../../src/config/parse.js';
import { Logger } from '../../../../src/logging/logger.js';
import { buildDiscovery } from '../../../../src/alexa/smart-home/native/discovery.js';
import { eventsEnabled, presetAllows } from '../../../../src/alexa/smart-home/native/presets.js';
import { state } from '../../../fixtures/fake-home-assistant.js';

function config(preset: string, events?: unknown): Config {
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
  t.same(ids(config('standard', 'on')), ['binary_sensor#front_door', 'event#doorbell', 'light#hall']);
  t.same(ids(config('standard', true)), ['binary_sensor#front_door', 'event#doorbell', 'light#hall'], 'a boolean setting counts too');
});

t.test('without events, standard is unchanged; minimal never adds them; full always had them', async (t) => {
  t.same(ids(config('standard')), ['light#hall']);
  t.same(ids(config('standard', 'off')), ['light#hall']);
  t.same(ids(config('minimal', 'on')), ['light#hall']);
  t.same(ids(config('full')), ['binary_sensor#front_door', 'event#doorbell', 'light#hall']);
  t.equal(presetAllows('standard', 'sensor', true), false, 'only binary_sensor and event are added');
  t.equal(eventsEnabled(config('standard')), false);
});
