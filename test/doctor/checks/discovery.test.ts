/**
 * Tests for src/doctor/checks/discovery.ts and names.ts: endpoint count against Alexa's 300, size,
 * duplicate and contained names, entities that fail to map, and Home Assistant's discovery in proxy mode.
 */
import t, { type Test } from 'tap';
import { findNameProblems } from '../../../src/doctor/checks/names.js';
import { startDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant, state } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const only = { diagnostics: 'doctor', checks: ['discovery'] };
const light = (id: string, name: string) => state(`light.${id}`, 'on', { friendly_name: name, supported_color_modes: ['onoff'], color_mode: 'onoff' });

async function discoveryLine(t: Test, fake: FakeHomeAssistant, env: Record<string, string> = {}) {
  const ha = await startDoctorHa(fake);
  t.teardown(() => ha.close());
  return check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, ...env }, only), 'discovery');
}

t.test('a tidy home: ok with the count, size and time against Alexa\'s budget', async (t) => {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [light('kitchen', 'Kitchen'), light('hall', 'Hallway')] });
  t.match(await discoveryLine(t, fake), { status: 'ok', value: /^2 endpoints of 300; \d+ KB; \d+ ms of Alexa's 8 s$/, fix: '' });
});

t.test('an oversized home: the endpoints past 300 are counted as left out, and it fails', async (t) => {
  const states = Array.from({ length: 320 }, (_, i) => light(`l${String(i).padStart(3, '0')}`, `Lamp number ${i}`));
  const fake = new FakeHomeAssistant({ tokens: [TOKEN], states });
  t.match(await discoveryLine(t, fake), { status: 'fail', code: 'too_many_endpoints', value: /^300 endpoints of 300; .*20 more left out/, fix: /Narrow HA_ALEXA_FILTER or choose a smaller HA_FEATURE_PRESET/ });
});

t.test('close to the limit: warn', async (t) => {
  const states = Array.from({ length: 280 }, (_, i) => light(`l${String(i).padStart(3, '0')}`, `Lamp number ${i}`));
  t.match(await discoveryLine(t, new FakeHomeAssistant({ tokens: [TOKEN], states })), { status: 'warn', code: 'near_endpoint_limit', fix: /Only 20 more endpoints fit/ });
});

t.test('duplicate and contained names: warn, with examples', async (t) => {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [light('a', 'Lamp'), light('b', 'lamp'), light('c', 'Kitchen'), light('d', 'Kitchen Ceiling')] });
  const line = await discoveryLine(t, fake);
  t.match(line, { status: 'warn', code: 'duplicate_names', value: /duplicate names: "Lamp" ×2; names inside others: "Kitchen" in "Kitchen Ceiling"/, fix: /its own name.*Rename one of each pair/ });
});

t.test('an entity that fails to map is named with why', async (t) => {
  const broken = state('climate.attic', 'heat', { friendly_name: 'Attic', hvac_modes: 'heat', supported_features: 1, temperature: 'warm' });
  const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [light('a', 'Lamp'), broken, { entity_id: 'nodot', state: 'x', attributes: {} }] });
  const line = await discoveryLine(t, fake, { HA_FEATURE_PRESET: 'full' });
  t.match(line, { status: 'warn', code: 'unmapped_entities', value: /could not be mapped: nodot \(no valid entity_id\)/ });
});

t.test('/api/states that is not a list fails clearly', async (t) => {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
  fake.override((request) => (request.path === '/api/states' ? { status: 200, body: { message: 'odd' } } : undefined));
  t.match(await discoveryLine(t, fake), { status: 'fail', code: 'bad_states', value: /not a JSON list/ });
});

t.test('proxy mode: Home Assistant\'s own discovery is measured the same way', async (t) => {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
  const endpoints = Array.from({ length: 301 }, (_, i) => ({ endpointId: `light#${i}`, friendlyName: i === 300 ? 'Lamp 1' : `Lamp ${i}` }));
  fake.smartHome = () => ({ status: 200, body: { event: { header: { namespace: 'Alexa.Discovery', name: 'Discover.Response' }, payload: { endpoints } } } });
  const line = await discoveryLine(t, fake, { HA_ALEXA_MODE: 'proxy' });
  t.match(line, { status: 'fail', code: 'too_many_endpoints', value: /^301 endpoints of 300; .*1 more left out.*duplicate names: "Lamp 1" ×2/ });
});

t.test('proxy mode with the YAML missing: the discovery line points at the mode line', async (t) => {
  const line = await discoveryLine(t, new FakeHomeAssistant({ tokens: [TOKEN] }), { HA_ALEXA_MODE: 'proxy' });
  t.match(line, { status: 'skipped', value: /HTTP 404 \(see the mode line\)/ });
});

t.test('names: whole words only, case and punctuation ignored', async (t) => {
  t.same(findNameProblems(['Bed', 'Bedroom', 'Bed Light', 'TV', 'tv!', '']), {
    duplicates: [{ name: 'TV', count: 2 }],
    contained: [['Bed', 'Bed Light']],
  });
});
