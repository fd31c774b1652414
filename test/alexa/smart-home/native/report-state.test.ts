/**
 * ReportState: a StateReport for every discovered entity (scenes and scripts included), read fresh,
 * with EndpointHealth UNREACHABLE (not an error) for unavailable entities.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../fixtures/ha-msw.js';
import { demoStates } from '../../../fixtures/demo-home.js';
import { state } from '../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../src/logging/logger.js';
import { directive, discoverDirective, endpointsOf, errorTypeOf, eventOf, loadHandler, nameOf, propertyOf, STORED_TOKEN } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const extra = [
  state('switch.offline', 'unavailable', { friendly_name: 'Offline plug' }),
  state('light.gone', 'unavailable', { friendly_name: 'Gone', supported_color_modes: ['brightness'] }),
  state('group.downstairs', 'on', { entity_id: ['light.kitchen'] }),
  state('automation.morning', 'on'),
  state('button.doorbell', '2026-01-01T10:00:00+00:00'),
];
const { fake } = useFakeHa(t, { states: [...demoStates(), ...extra] });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

t.test('every discovered endpoint answers ReportState with a schema-valid StateReport', async (t) => {
  const endpoints = endpointsOf(await invoke(discoverDirective()));
  t.ok(endpoints.length >= 15);
  for (const endpoint of endpoints) {
    const id = String(endpoint.endpointId);
    fake.reset();
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: id, correlationToken: `corr-${id}` }));
    t.equal(nameOf(response), 'Alexa.StateReport', `${id}: StateReport`);
    t.equal(eventOf(response).header.correlationToken, `corr-${id}`, `${id}: correlationToken echoed`);
    t.same(fake.calls, [], `${id}: no service call`);
    // Every reported property is one the endpoint declared (HA reports EventDetectionSensor although it declares it not retrievable).
    const supported = (endpoint.capabilities as { interface: string; properties?: { supported: { name: string }[] } }[])
      .flatMap((c) => c.properties?.supported.map((p) => `${c.interface}.${p.name}`) ?? []);
    const reported = ((response as { context?: { properties?: { namespace: string; name: string }[] } }).context?.properties ?? []).map((p) => `${p.namespace}.${p.name}`);
    for (const property of reported) t.ok(supported.includes(property), `${id}: ${property} is one it declared`);
    assertSmartHomeValid(t, response, id);
  }
});

t.test('properties carry timeOfSample and uncertaintyInMilliseconds', async (t) => {
  const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'switch#coffee_maker' }));
  const [first] = (response as { context: { properties: Record<string, unknown>[] } }).context.properties;
  t.match(first, { timeOfSample: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, uncertaintyInMilliseconds: 0 });
  t.equal(propertyOf(response, 'Alexa.PowerController', 'powerState'), 'OFF');
  t.equal(propertyOf(response, 'Alexa.ContactSensor', 'detectionState'), 'NOT_DETECTED');
  t.same(propertyOf(response, 'Alexa.EndpointHealth', 'connectivity'), { value: 'OK' });
});

t.test('an unavailable entity is reported with connectivity UNREACHABLE, not refused', async (t) => {
  for (const id of ['switch#offline', 'light#gone']) {
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: id }));
    t.equal(nameOf(response), 'Alexa.StateReport', id);
    t.same(propertyOf(response, 'Alexa.EndpointHealth', 'connectivity'), { value: 'UNREACHABLE' }, id);
    assertSmartHomeValid(t, response, id);
  }
});

t.test('the state is read fresh each time', async (t) => {
  fake.setState('switch.garden_pump', 'off');
  t.equal(propertyOf(await invoke(directive('Alexa', 'ReportState', { endpointId: 'switch#garden_pump' })), 'Alexa.PowerController', 'powerState'), 'OFF');
  fake.setState('switch.garden_pump', 'on');
  t.equal(propertyOf(await invoke(directive('Alexa', 'ReportState', { endpointId: 'switch#garden_pump' })), 'Alexa.PowerController', 'powerState'), 'ON');
});

t.test('unknown or unexposed endpoints are NO_SUCH_ENDPOINT', async (t) => {
  for (const id of ['light#nowhere', 'person#anna']) {
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: id }));
    t.equal(errorTypeOf(response), 'NO_SUCH_ENDPOINT', id);
    assertSmartHomeValid(t, response, id);
  }
});

t.test('an entity that would not be discovered (a humidity sensor) is NO_SUCH_ENDPOINT', async (t) => {
  const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'sensor#living_room_humidity' }));
  t.equal(errorTypeOf(response), 'NO_SUCH_ENDPOINT');
});

t.test('an adapter that needs /api/config gets it for ReportState too', async (t) => {
  fake.setState('camera.porch', 'idle', { supported_features: 2 });
  fake.reset();
  const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'camera#porch' }));
  t.equal(nameOf(response), 'Alexa.StateReport');
  t.same(fake.requests.map((r) => r.path), ['/api/states/camera.porch', '/api/config']);
});

t.test('an endpointId written with "." works too, as in HA', async (t) => {
  const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'switch.coffee_maker' }));
  t.equal(nameOf(response), 'Alexa.StateReport');
});
