/**
 * Alexa.ThermostatController and Alexa.TemperatureSensor for climate and water heaters: setpoints
 * converted from any scale into Home Assistant's unit system, the device's range enforced (with
 * the valid range in the error, in HA's unit), modes and presets mapped, and state read back in
 * HA's unit. HA's own cases are in `../../ha-parity/`; these rows cover what users hit beyond them.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, eventOf, loadHandler, propertyOf, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const NS = 'Alexa.ThermostatController';
const hall = state('climate.hall', 'heat', { hvac_modes: ['off', 'heat', 'heat_cool'], preset_modes: ['eco', 'away'], temperature: 20, current_temperature: 19.5, min_temp: 7, max_temp: 30, supported_features: 1 | 16 });
const upstairs = state('climate.upstairs', 'heat_cool', { hvac_modes: ['heat_cool', 'auto'], target_temp_low: 19, target_temp_high: 23, min_temp: 7, max_temp: 30, supported_features: 2 });
const onlyMax = state('climate.ceiling', 'heat', { hvac_modes: ['heat'], temperature: 20, max_temp: 30, supported_features: 1 });
const onlyMin = state('climate.floor', 'heat', { hvac_modes: ['heat'], temperature: 25, min_temp: 5, supported_features: 1 });
const boiler = state('water_heater.tank', 'eco', { temperature: 50, current_temperature: '48.5', min_temp: 40, max_temp: 65, operation_list: ['eco', 'performance'], operation_mode: 'eco', supported_features: 1 | 2 });
const call = (service: string, data: Record<string, unknown>) => [{ service, data }];

t.before(() => {
  fake.config = { ...fake.config, unit_system: { ...fake.config.unit_system, temperature: '°C' } };
});

t.test('setpoints are converted into HA\'s unit (°C here) and checked against the device range', async (t) => {
  const rows: DirectiveCase[] = [
    { what: '68 °F → 20 °C', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 68, scale: 'FAHRENHEIT' } }, calls: call('climate.set_temperature', { entity_id: 'climate.hall', temperature: 20 }), context: { [`${NS}.targetSetpoint`]: { value: 20, scale: 'CELSIUS' } } },
    { what: '294.15 K → 21 °C', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 294.15, scale: 'KELVIN' } }, calls: call('climate.set_temperature', { entity_id: 'climate.hall', temperature: 294.15 - 273.15 }) },
    { what: 'a numeric string is accepted, as HA\'s float() does', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: '22.5', scale: 'CELSIUS' } }, calls: call('climate.set_temperature', { entity_id: 'climate.hall', temperature: 22.5 }) },
    { what: 'both ends of a range at once', entity: upstairs, namespace: NS, name: 'SetTargetTemperature', payload: { lowerSetpoint: { value: 18, scale: 'CELSIUS' }, upperSetpoint: { value: 24, scale: 'CELSIUS' } }, calls: call('climate.set_temperature', { entity_id: 'climate.upstairs', target_temp_low: 18, target_temp_high: 24 }) },
    { what: 'above max_temp', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 31, scale: 'CELSIUS' } }, error: 'TEMPERATURE_VALUE_OUT_OF_RANGE' },
    { what: 'below min_temp when max_temp is missing', entity: onlyMin, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 4, scale: 'CELSIUS' } }, error: 'TEMPERATURE_VALUE_OUT_OF_RANGE' },
    { what: 'no upper limit when max_temp is missing', entity: onlyMin, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 40, scale: 'CELSIUS' } }, calls: call('climate.set_temperature', { entity_id: 'climate.floor', temperature: 40 }) },
    { what: 'above max_temp when min_temp is missing', entity: onlyMax, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 35, scale: 'CELSIUS' } }, error: 'TEMPERATURE_VALUE_OUT_OF_RANGE' },
    { what: 'a setpoint that is not {value, scale}', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: 21 }, error: 'INVALID_DIRECTIVE' },
    { what: 'a setpoint value that is not a number', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 'warm', scale: 'CELSIUS' } }, error: 'INVALID_DIRECTIVE' },
    { what: 'an empty setpoint value', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: '', scale: 'CELSIUS' } }, error: 'INVALID_DIRECTIVE' },
    { what: 'no setpoint at all', entity: hall, namespace: NS, name: 'SetTargetTemperature', payload: {}, error: 'INVALID_DIRECTIVE' },
    { what: 'adjust by 2 °F (an interval: × 5/9)', entity: hall, namespace: NS, name: 'AdjustTargetTemperature', payload: { targetSetpointDelta: { value: 1.8, scale: 'FAHRENHEIT' } }, calls: call('climate.set_temperature', { entity_id: 'climate.hall', temperature: 20 + 1.8 * (1.0 / 1.8) }) },
    { what: 'adjust a range moves both ends', entity: upstairs, namespace: NS, name: 'AdjustTargetTemperature', payload: { targetSetpointDelta: { value: -1, scale: 'CELSIUS' } }, calls: call('climate.set_temperature', { entity_id: 'climate.upstairs', target_temp_high: 22, target_temp_low: 18 }) },
    { what: 'water heater in °C', entity: boiler, namespace: NS, name: 'SetTargetTemperature', payload: { targetSetpoint: { value: 55, scale: 'CELSIUS' } }, calls: call('water_heater.set_temperature', { entity_id: 'water_heater.tank', temperature: 55 }) },
  ];
  for (const row of rows) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('the out-of-range error tells Alexa the valid range in HA\'s unit', async (t) => {
  fake.reset();
  fake.states.set(hall.entity_id, hall);
  const response = await invoke(directive(NS, 'SetTargetTemperature', { endpointId: 'climate#hall', payload: { targetSetpoint: { value: 95, scale: 'FAHRENHEIT' } } }));
  t.same(eventOf(response).payload.validRange, { minimumValue: { value: 7, scale: 'CELSIUS' }, maximumValue: { value: 30, scale: 'CELSIUS' } });
  assertSmartHomeValid(t, response);
});

t.test('thermostat modes: HVAC modes, CUSTOM names and the eco preset, only when the entity has them', async (t) => {
  const rows: DirectiveCase[] = [
    { what: 'AUTO picks heat_cool, the first of the entity\'s auto modes', entity: upstairs, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: { value: 'AUTO' } }, calls: call('climate.set_hvac_mode', { entity_id: 'climate.upstairs', hvac_mode: 'heat_cool' }), context: { [`${NS}.thermostatMode`]: 'AUTO' } },
    { what: 'ECO sets the preset', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: 'ECO' }, calls: call('climate.set_preset_mode', { entity_id: 'climate.hall', preset_mode: 'eco' }) },
    { what: 'CUSTOM given as a plain string has no custom name', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: 'CUSTOM' }, error: 'UNSUPPORTED_THERMOSTAT_MODE' },
    { what: 'CUSTOM without a custom name', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: { value: 'CUSTOM', customName: 7 } }, error: 'UNSUPPORTED_THERMOSTAT_MODE' },
    { what: 'COOL on a heat-only thermostat', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: 'COOL' }, error: 'UNSUPPORTED_THERMOSTAT_MODE' },
    { what: 'no mode in the payload', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: {}, error: 'INVALID_DIRECTIVE' },
    { what: 'a mode that is neither a string nor an object', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: 5 }, error: 'INVALID_DIRECTIVE' },
    { what: 'a mode object without a value', entity: hall, namespace: NS, name: 'SetThermostatMode', payload: { thermostatMode: { customName: 'FAN' } }, error: 'INVALID_DIRECTIVE' },
  ];
  for (const row of rows) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('ReportState reads mode, setpoints and temperature in HA\'s unit', async (t) => {
  const cases: [string, ReturnType<typeof state>, '°C' | '°F', Record<string, unknown>][] = [
    ['eco preset wins over the HVAC mode', state('climate.hall', 'heat', { ...hall.attributes, preset_mode: 'eco' }), '°C', { [`${NS}.thermostatMode`]: 'ECO', [`${NS}.targetSetpoint`]: { value: 20, scale: 'CELSIUS' }, 'Alexa.TemperatureSensor.temperature': { value: 19.5, scale: 'CELSIUS' } }],
    ['a preset Alexa has no mode for leaves the HVAC mode', state('climate.hall', 'heat', { ...hall.attributes, preset_mode: 'away' }), '°C', { [`${NS}.thermostatMode`]: 'HEAT' }],
    ['°F homes report °F', state('climate.hall', 'heat', { ...hall.attributes, temperature: 68, current_temperature: 67 }), '°F', { [`${NS}.targetSetpoint`]: { value: 68, scale: 'FAHRENHEIT' }, 'Alexa.TemperatureSensor.temperature': { value: 67, scale: 'FAHRENHEIT' } }],
    ['water heater: setpoint and a string temperature, no thermostat mode', boiler, '°C', { [`${NS}.thermostatMode`]: undefined, [`${NS}.targetSetpoint`]: { value: 50, scale: 'CELSIUS' }, 'Alexa.TemperatureSensor.temperature': { value: 48.5, scale: 'CELSIUS' }, 'Alexa.ModeController.mode:water_heater.operation_mode': 'operation_mode.eco' }],
    ['water heater in a mode it does not list', state('water_heater.tank', 'eco', { ...boiler.attributes, operation_mode: 'boost' }), '°C', { 'Alexa.ModeController.mode:water_heater.operation_mode': undefined }],
    ['an unavailable thermostat reports no setpoint', state('climate.hall', 'unavailable', hall.attributes), '°C', { [`${NS}.targetSetpoint`]: undefined, [`${NS}.thermostatMode`]: undefined, 'Alexa.EndpointHealth.connectivity': { value: 'UNREACHABLE' } }],
  ];
  for (const [what, entity, unit, expected] of cases) {
    fake.reset();
    fake.states.clear();
    fake.states.set(entity.entity_id, entity);
    fake.config = { ...fake.config, unit_system: { ...fake.config.unit_system, temperature: unit } };
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: entity.entity_id.replace('.', '#') }));
    for (const [key, value] of Object.entries(expected)) {
      const [path, instance] = key.split(':');
      const dot = (path ?? '').lastIndexOf('.');
      t.same(propertyOf(response, (path ?? '').slice(0, dot), (path ?? '').slice(dot + 1), instance), value, `${what}: ${key}`);
    }
    assertSmartHomeValid(t, response, what);
  }
  fake.config = { ...fake.config, unit_system: { ...fake.config.unit_system, temperature: '°C' } };
});
