/**
 * Sensors Alexa can read or use as routine triggers: temperature sensors (°C/°F only), binary
 * sensors by device class (contact, motion, presence) plus the interface their configured display
 * category adds, doorbell events, and face counters (image_processing).
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { directive, discoverDirective, endpointsOf, interfacesOf, loadHandler, propertyOf, STORED_TOKEN } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({
  HOME_ASSISTANT_URL: HA_URL,
  HOME_ASSISTANT_TOKEN: STORED_TOKEN,
  HA_FEATURE_PRESET: 'full',
  HA_ALEXA_FILTER: JSON.stringify({ entity_config: { 'binary_sensor.front_door': { display_categories: 'CONTACT_SENSOR' }, 'binary_sensor.bell': { display_categories: 'DOORBELL' } } }),
});
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

t.test('discovery: which sensors become which endpoints', async (t) => {
  fake.reset();
  fake.states.clear();
  for (const entity of [
    state('sensor.outside', '12.5', { unit_of_measurement: '°C', device_class: 'temperature' }),
    state('sensor.kelvin', '290', { unit_of_measurement: 'K' }),
    state('sensor.power', '120', { unit_of_measurement: 'W' }),
    state('binary_sensor.front_door', 'off', { device_class: 'door' }),
    state('binary_sensor.bell', 'off', { device_class: 'sound' }),
    state('binary_sensor.hall_motion', 'on', { device_class: 'motion' }),
    state('binary_sensor.smoke', 'off', { device_class: 'smoke' }),
    state('event.doorbell', 'unknown', { device_class: 'doorbell', event_types: ['ring'] }),
    state('event.remote_button', 'unknown', { device_class: 'button', event_types: ['press'] }),
    state('image_processing.porch', '0', { device_class: 'face' }),
  ]) fake.states.set(entity.entity_id, entity);
  const response = await invoke(discoverDirective());
  const endpoints = endpointsOf(response);
  const summary = Object.fromEntries(endpoints.map((e) => [e.endpointId, [(e.displayCategories as string[])[0], ...interfacesOf(e)]]));
  t.same(summary, {
    'sensor#outside': ['TEMPERATURE_SENSOR', 'Alexa.TemperatureSensor', 'Alexa.EndpointHealth', 'Alexa'],
    'binary_sensor#front_door': ['CONTACT_SENSOR', 'Alexa.ContactSensor', 'Alexa.EndpointHealth', 'Alexa'],
    'binary_sensor#bell': ['DOORBELL', 'Alexa.DoorbellEventSource', 'Alexa.EndpointHealth', 'Alexa'],
    'binary_sensor#hall_motion': ['MOTION_SENSOR', 'Alexa.MotionSensor', 'Alexa.EndpointHealth', 'Alexa'],
    'event#doorbell': ['DOORBELL', 'Alexa.DoorbellEventSource', 'Alexa.EndpointHealth', 'Alexa'],
    'image_processing#porch': ['CAMERA', 'Alexa.EventDetectionSensor', 'Alexa.EndpointHealth', 'Alexa'],
  }, 'Kelvin and power sensors, smoke detectors and non-doorbell events are left out; a configured category adds its interface once');
  const doorbell = (endpoints.find((e) => e.endpointId === 'event#doorbell')?.capabilities as Record<string, unknown>[] | undefined)?.[0];
  t.same(doorbell, { type: 'AlexaInterface', interface: 'Alexa.DoorbellEventSource', version: '3', proactivelyReported: true }, 'the doorbell capability is proactively reported and has no properties');
  assertSmartHomeValid(t, response);
});

t.test('ReportState of sensors', async (t) => {
  const cases: [string, ReturnType<typeof state>, Record<string, unknown>][] = [
    ['°F sensor keeps its own unit', state('sensor.attic', '95', { unit_of_measurement: '°F' }), { 'Alexa.TemperatureSensor.temperature': { value: 95, scale: 'FAHRENHEIT' } }],
    ['an empty reading is left out', state('sensor.attic', '', { unit_of_measurement: '°F' }), { 'Alexa.TemperatureSensor.temperature': undefined }],
    ['motion cleared', state('binary_sensor.hall_motion', 'off', { device_class: 'motion' }), { 'Alexa.MotionSensor.detectionState': 'NOT_DETECTED' }],
    ['door open', state('binary_sensor.front_door', 'on', { device_class: 'door' }), { 'Alexa.ContactSensor.detectionState': 'DETECTED' }],
    ['no face seen', state('image_processing.porch', '0', { device_class: 'face' }), { 'Alexa.EventDetectionSensor.humanPresenceDetectionState': { value: 'NOT_DETECTED' } }],
  ];
  for (const [what, entity, expected] of cases) {
    fake.reset();
    fake.states.clear();
    fake.states.set(entity.entity_id, entity);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: entity.entity_id.replace('.', '#') }));
    for (const [key, value] of Object.entries(expected)) {
      const dot = key.lastIndexOf('.');
      t.same(propertyOf(response, key.slice(0, dot), key.slice(dot + 1)), value, `${what}: ${key}`);
    }
    assertSmartHomeValid(t, response, what);
  }
});
