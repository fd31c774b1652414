/**
 * ReportState parity: an entity state in, the properties of the `StateReport` out (or the
 * properties that must be missing). Source: HA's `test_capabilities.py` (the `test_report_*`
 * functions) and the `reported_properties` checks in `test_smart_home.py`, restated as data.
 */
import { MP, VALVE, CLIMATE, entity, prop, type AbsentProperty, type ReportCase, type EntitySpec, type ExpectedProperty } from './types.js';

const POWER = 'Alexa.PowerController';
const CONTACT = 'Alexa.ContactSensor';
const EH = 'Alexa.EndpointHealth';
const THERMOSTAT = 'Alexa.ThermostatController';
const TEMP = 'Alexa.TemperatureSensor';
const RANGE = 'Alexa.RangeController';
const MODE = 'Alexa.ModeController';
const TOGGLE = 'Alexa.ToggleController';
const EVENT = 'Alexa.EventDetectionSensor';

const OK = { value: 'OK' };
const F = (value: number): { value: number; scale: string } => ({ value, scale: 'FAHRENHEIT' });
const C = (value: number): { value: number; scale: string } => ({ value, scale: 'CELSIUS' });
const absent = (namespace: string, name: string, instance?: string): AbsentProperty => (instance === undefined ? { namespace, name } : { namespace, name, instance });

function report(ha: string, subject: EntitySpec, properties: readonly ExpectedProperty[], extra: Partial<Pick<ReportCase, 'units' | 'endpointId' | 'note'>> & { absent?: readonly AbsentProperty[] } = {}): ReportCase {
  const shown = properties.map((p) => `${p.name}=${JSON.stringify(p.value)}`).join(', ');
  const missing = (extra.absent ?? []).map((p) => `no ${p.name}`).join(', ');
  const { absent: absentList, ...rest } = extra;
  return {
    name: `${subject.id} (${subject.state}): ${[shown, missing].filter((s) => s !== '').join('; ')}`,
    ha,
    entity: subject,
    ...rest,
    expect: absentList === undefined ? { properties } : { properties, absent: absentList },
  };
}

const thermostatF = entity('climate.test_thermostat', 'cool', {
  temperature: 70.0, target_temp_high: null, target_temp_low: null, current_temperature: 75.0, friendly_name: 'Test Thermostat',
  supported_features: 1 | 2 | 4 | 128, hvac_modes: ['off', 'heat', 'cool', 'auto', 'dry', 'fan_only'], preset_mode: null, preset_modes: ['eco'], min_temp: 50, max_temp: 90,
});
const climate = (id: string, state: string, current: unknown = 34, features = 91): EntitySpec =>
  entity(id, state, { friendly_name: 'Climate Downstairs', supported_features: features, current_temperature: current, unit_of_measurement: '°C' });
const boiler = (state: string, list?: readonly string[]): EntitySpec =>
  entity('water_heater.boyler', state, list === undefined
    ? { friendly_name: 'Boyler', supported_features: 11, current_temperature: 34, unit_of_measurement: '°C' }
    : { friendly_name: 'Boyler', supported_features: 11, current_temperature: 34, unit_of_measurement: '°C', operation_list: list, operation_mode: state });
const fan = (id: string, state: string, attributes: Record<string, unknown>): EntitySpec => entity(id, state, attributes);
const allValve = VALVE.OPEN | VALVE.CLOSE | VALVE.STOP | VALVE.SET_POSITION;

export const REPORT_CASES: readonly ReportCase[] = [
  // --- switches, lights ---------------------------------------------------------------------------------
  report('test_switch', entity('switch.test', 'on', { friendly_name: 'Test switch' }), [prop(POWER, 'powerState', 'ON'), prop(CONTACT, 'detectionState', 'DETECTED'), prop(EH, 'connectivity', OK)]),
  report('test_input_boolean', entity('input_boolean.test', 'off', { friendly_name: 'Test input boolean' }), [prop(POWER, 'powerState', 'OFF'), prop(CONTACT, 'detectionState', 'NOT_DETECTED'), prop(EH, 'connectivity', OK)]),
  ...(['switch', 'input_boolean'] as const).flatMap((domain) => [
    report(`test_toggle_entities_report_contact_events[${domain}]`, entity(`${domain}.test_toggle`, 'on', { friendly_name: 'Test toggle' }), [prop(POWER, 'powerState', 'ON'), prop(CONTACT, 'detectionState', 'DETECTED')]),
    report(`test_toggle_entities_report_contact_events[${domain}]`, entity(`${domain}.test_toggle`, 'off', { friendly_name: 'Test toggle' }), [prop(POWER, 'powerState', 'OFF'), prop(CONTACT, 'detectionState', 'NOT_DETECTED')]),
  ]),
  report('test_dimmable_light', entity('light.test_2', 'on', { brightness: 128, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] }), [prop(POWER, 'powerState', 'ON'), prop('Alexa.BrightnessController', 'brightness', 50)]),
  report('test_dimmable_light_with_none_brightness', entity('light.test_2', 'on', { brightness: null, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] }), [prop(POWER, 'powerState', 'ON'), prop('Alexa.BrightnessController', 'brightness', 0)]),
  report('test_color_light_turned_off', entity('light.test_off', 'off', { friendly_name: 'Test light off', supported_color_modes: ['color_temp', 'hs'], hs_color: null, color_temp: null, brightness: null }),
    [prop(POWER, 'powerState', 'OFF'), prop('Alexa.BrightnessController', 'brightness', 0), prop('Alexa.ColorController', 'color', { hue: 0, saturation: 0, brightness: 0 })]),
  ...(['brightness', 'hs', 'color_temp'] as const).flatMap((mode) => [
    report(`test_report_dimmable_light_state[${mode}]`, entity('light.test_on', 'on', { friendly_name: 'Test light On', brightness: 128, supported_color_modes: [mode] }), [prop('Alexa.BrightnessController', 'brightness', 50)], { endpointId: 'light.test_on' }),
    report(`test_report_dimmable_light_state[${mode}]`, entity('light.test_off', 'off', { friendly_name: 'Test light Off', supported_color_modes: [mode] }), [prop('Alexa.BrightnessController', 'brightness', 0)], { endpointId: 'light.test_off' }),
  ]),
  ...(['hs', 'rgb', 'xy'] as const).flatMap((mode) => [
    report(`test_report_colored_light_state[${mode}]`, entity('light.test_on', 'on', { friendly_name: 'Test light On', hs_color: [180, 75], brightness: 128, supported_color_modes: [mode] }),
      [prop('Alexa.ColorController', 'color', { hue: 180, saturation: 0.75, brightness: 128 / 255 })], { endpointId: 'light.test_on' }),
    report(`test_report_colored_light_state[${mode}]`, entity('light.test_off', 'off', { friendly_name: 'Test light Off', supported_color_modes: [mode] }),
      [prop('Alexa.ColorController', 'color', { hue: 0, saturation: 0, brightness: 0 })], { endpointId: 'light.test_off' }),
  ]),
  report('test_report_colored_temp_light_state', entity('light.test_on', 'on', { friendly_name: 'Test light On', color_temp: 240, supported_color_modes: ['color_temp'] }),
    [prop('Alexa.ColorTemperatureController', 'colorTemperatureInKelvin', 4166)], { endpointId: 'light.test_on', note: 'legacy mireds attribute: floor(1e6 / 240)' }),
  report('mapping §3 colorTemperatureInKelvin (2025)', entity('light.kelvin', 'on', { color_temp_kelvin: 4000, color_temp: 250, supported_color_modes: ['color_temp'] }),
    [prop('Alexa.ColorTemperatureController', 'colorTemperatureInKelvin', 4000)], { note: '2025: color_temp_kelvin is preferred over the legacy mireds' }),
  report('test_report_colored_temp_light_state', entity('light.test_off', 'off', { friendly_name: 'Test light Off', supported_color_modes: ['color_temp'] }), [],
    { endpointId: 'light.test_off', absent: [absent('Alexa.ColorTemperatureController', 'colorTemperatureInKelvin')] }),

  // --- locks -------------------------------------------------------------------------------------------------
  ...([['locked', 'LOCKED'], ['unlocking', 'LOCKED'], ['unlocked', 'UNLOCKED'], ['locking', 'UNLOCKED'], ['unknown', 'JAMMED'], ['jammed', 'JAMMED']] as const).map(([state, value]) =>
    report('test_report_lock_state', entity(`lock.${state}`, state), [prop('Alexa.LockController', 'lockState', value)], { endpointId: `lock.${state}` })),

  // --- sensors ------------------------------------------------------------------------------------------------
  report('test_temp_sensor', entity('sensor.test_temp', '42', { friendly_name: 'Test Temp Sensor', unit_of_measurement: '°F' }), [prop(TEMP, 'temperature', F(42))]),
  report('test_temperature_sensor_sensor', entity('sensor.temp_living_room', '34', { unit_of_measurement: '°C' }), [prop(TEMP, 'temperature', C(34))], { endpointId: 'sensor.temp_living_room' }),
  ...(['unknown', 'unavailable', 'not-number'] as const).map((bad) =>
    report('test_temperature_sensor_sensor', entity('sensor.temp_living_room', bad, { unit_of_measurement: '°C' }), [], { endpointId: 'sensor.temp_living_room', absent: [absent(TEMP, 'temperature')] })),
  report('mapping §3 temperature (sensor keeps its own unit)', entity('sensor.outside', '50', { unit_of_measurement: '°F' }), [prop(TEMP, 'temperature', F(50))], { units: '°C' }),
  report('test_contact_sensor', entity('binary_sensor.test_contact', 'on', { friendly_name: 'Test Contact Sensor', device_class: 'door' }), [prop(CONTACT, 'detectionState', 'DETECTED'), prop(EH, 'connectivity', OK)]),
  report('mapping §3 detectionState', entity('binary_sensor.window', 'off', { device_class: 'window' }), [prop(CONTACT, 'detectionState', 'NOT_DETECTED')]),
  report('test_forced_contact_sensor', entity('binary_sensor.test_contact_forced', 'on', { friendly_name: 'Test Contact Sensor With DisplayCategory' }), [prop(CONTACT, 'detectionState', 'DETECTED'), prop(EH, 'connectivity', OK)]),
  report('test_motion_sensor', entity('binary_sensor.test_motion', 'on', { friendly_name: 'Test Motion Sensor', device_class: 'motion' }), [prop('Alexa.MotionSensor', 'detectionState', 'DETECTED')]),
  report('test_forced_motion_sensor', entity('binary_sensor.test_motion_forced', 'on', { friendly_name: 'Test Motion Sensor With DisplayCategory' }), [prop('Alexa.MotionSensor', 'detectionState', 'DETECTED'), prop(EH, 'connectivity', OK)]),
  report('test_endpoint_good_health', entity('binary_sensor.test_contact', 'on', { friendly_name: 'Test Contact Sensor', device_class: 'door' }), [prop(EH, 'connectivity', OK)]),
  report('test_endpoint_bad_health', entity('binary_sensor.test_contact', 'unavailable', { friendly_name: 'Test Contact Sensor', device_class: 'door' }), [prop(EH, 'connectivity', { value: 'UNREACHABLE' })],
    { note: 'an unavailable entity still answers ReportState with a StateReport whose connectivity is UNREACHABLE' }),
  report('test_report_image_processing', entity('image_processing.test_face', '0', { friendly_name: 'Test face', device_class: 'face', faces: [], total_faces: 0 }), [prop(EVENT, 'humanPresenceDetectionState', { value: 'NOT_DETECTED' })]),
  report('test_report_image_processing', entity('image_processing.test_classifier', '3', { friendly_name: 'Test classifier', device_class: 'face', faces: [{ confidence: 98.34, name: 'Hans', age: 16.0, gender: 'male' }, { name: 'Helena', age: 28.0, gender: 'female' }, { confidence: 62.53, name: 'Luna' }], total_faces: 3 }),
    [prop(EVENT, 'humanPresenceDetectionState', { value: 'DETECTED' })]),
  ...(['button', 'input_button'] as const).map((domain) =>
    report(`test_report_button_pressed[${domain}]`, entity(`${domain}.test_button`, 'now', { friendly_name: 'Test button' }), [prop(EVENT, 'humanPresenceDetectionState', { value: 'DETECTED' })])),
  report('mapping §3 humanPresenceDetectionState (presence)', entity('binary_sensor.test_presence_sensor', 'on', { device_class: 'presence' }), [prop(EVENT, 'humanPresenceDetectionState', { value: 'DETECTED' })]),

  // --- climate ---------------------------------------------------------------------------------------------------
  report('test_thermostat', thermostatF, [prop(THERMOSTAT, 'thermostatMode', 'COOL'), prop(THERMOSTAT, 'targetSetpoint', F(70)), prop(TEMP, 'temperature', F(75))], { units: '°F' }),
  report('test_onoff_thermostat', entity('climate.test_thermostat', 'cool', {
    temperature: 20.0, target_temp_high: null, target_temp_low: null, current_temperature: 19.0, friendly_name: 'Test Thermostat',
    supported_features: CLIMATE.TARGET_TEMPERATURE | CLIMATE.TURN_ON | CLIMATE.TURN_OFF, hvac_modes: ['auto'], min_temp: 7, max_temp: 30,
  }), [prop(THERMOSTAT, 'thermostatMode', 'COOL'), prop(THERMOSTAT, 'targetSetpoint', C(20)), prop(TEMP, 'temperature', C(19))]),
  report('test_no_current_target_temp_adjusting_temp', entity('climate.test_thermostat', 'cool', { ...thermostatF.attributes, temperature: null }),
    [prop(THERMOSTAT, 'thermostatMode', 'COOL'), prop(TEMP, 'temperature', F(75))], { units: '°F', absent: [absent(THERMOSTAT, 'targetSetpoint')] }),
  report('test_thermostat_dual', entity('climate.test_thermostat', 'auto', { ...thermostatF.attributes, temperature: null, target_temp_high: 80.0, target_temp_low: 60.0 }),
    [prop(THERMOSTAT, 'thermostatMode', 'AUTO'), prop(THERMOSTAT, 'upperSetpoint', F(80)), prop(THERMOSTAT, 'lowerSetpoint', F(60)), prop(TEMP, 'temperature', F(75))], { units: '°F' }),
  ...([['auto', 'AUTO', 34], ['heat_cool', 'AUTO', 34], ['off', 'OFF', 34], ['dry', 'CUSTOM', 34], ['fan_only', 'CUSTOM', 31]] as const).map(([state, mode, current]) =>
    report('test_report_climate_state', climate('climate.downstairs', state, current), [prop(THERMOSTAT, 'thermostatMode', mode), prop(TEMP, 'temperature', C(current))], { endpointId: 'climate.downstairs' })),
  report('test_report_climate_state', climate('climate.heat', 'heat'), [prop(THERMOSTAT, 'thermostatMode', 'HEAT'), prop(TEMP, 'temperature', C(34))], { endpointId: 'climate.heat' }),
  report('test_report_climate_state', climate('climate.cool', 'cool'), [prop(THERMOSTAT, 'thermostatMode', 'COOL'), prop(TEMP, 'temperature', C(34))], { endpointId: 'climate.cool' }),
  ...(['unavailable', 'unknown'] as const).map((state) =>
    report('test_report_climate_state', entity(`climate.${state}`, state, { friendly_name: `Climate ${state}`, supported_features: 91 }), [], { endpointId: `climate.${state}`, absent: [absent(THERMOSTAT, 'thermostatMode')] })),
  {
    name: 'climate in an unknown hvac state: INTERNAL_ERROR',
    ha: 'test_report_climate_state (unsupported)',
    entity: climate('climate.unsupported', 'blablabla'),
    endpointId: 'climate.unsupported',
    expect: { error: 'INTERNAL_ERROR' },
  },
  report('mapping §3 thermostatMode (eco preset)', entity('climate.eco', 'heat', { hvac_modes: ['off', 'heat'], preset_mode: 'eco', preset_modes: ['eco'], current_temperature: 20, temperature: 18 }), [prop(THERMOSTAT, 'thermostatMode', 'ECO')]),
  ...([['heat', 'HEAT'], ['off', 'OFF']] as const).map(([state, mode]) =>
    report('test_report_on_off_climate_state', climate('climate.onoff', state, 34, CLIMATE.TARGET_TEMPERATURE | CLIMATE.TURN_ON | CLIMATE.TURN_OFF), [prop(THERMOSTAT, 'thermostatMode', mode), prop(TEMP, 'temperature', C(34))], { endpointId: 'climate.onoff' })),
  ...(['unknown', 'unavailable', 'not-number'] as const).map((bad) =>
    report('test_temperature_sensor_climate', entity('climate.downstairs', 'heat', { current_temperature: bad }), [], { endpointId: 'climate.downstairs', absent: [absent(TEMP, 'temperature')] })),
  report('test_temperature_sensor_climate', entity('climate.downstairs', 'heat', { current_temperature: 34 }), [prop(TEMP, 'temperature', C(34))], { endpointId: 'climate.downstairs' }),
  report('mapping §3 targetSetpoint (HA unit system)', entity('climate.us', 'heat', { hvac_modes: ['off', 'heat'], temperature: 68, current_temperature: 66.5, supported_features: 1 }), [prop(THERMOSTAT, 'targetSetpoint', F(68)), prop(TEMP, 'temperature', F(66.5))], { units: '°F' }),

  // --- water heaters ------------------------------------------------------------------------------------------------
  report('test_water_heater', entity('water_heater.boyler', 'gas', {
    temperature: 70.0, target_temp_high: null, target_temp_low: null, current_temperature: 75.0, friendly_name: 'Test water heater',
    supported_features: 1 | 2 | 8, operation_list: ['off', 'gas', 'eco'], operation_mode: 'gas', min_temp: 50, max_temp: 90,
  }), [prop(MODE, 'mode', 'operation_mode.gas', 'water_heater.operation_mode'), prop(THERMOSTAT, 'targetSetpoint', F(70)), prop(TEMP, 'temperature', F(75))], { units: '°F' }),
  ...(['eco', 'gas', 'heat_pump'] as const).map((mode) =>
    report('test_report_water_heater_state', boiler(mode, ['eco', 'gas', 'heat_pump']), [prop(MODE, 'mode', `operation_mode.${mode}`, 'water_heater.operation_mode'), prop(TEMP, 'temperature', C(34))],
      { endpointId: 'water_heater.boyler', absent: [absent(THERMOSTAT, 'thermostatMode')] })),
  report('test_report_water_heater_state', boiler('off'), [prop(TEMP, 'temperature', C(34))], { endpointId: 'water_heater.boyler', absent: [absent(THERMOSTAT, 'thermostatMode'), absent(MODE, 'mode')] }),
  ...(['unavailable', 'unknown'] as const).map((state) =>
    report('test_report_water_heater_state', entity(`water_heater.${state}`, state, { friendly_name: `Boyler ${state}`, supported_features: 11 }), [],
      { endpointId: `water_heater.${state}`, absent: [absent(THERMOSTAT, 'thermostatMode'), absent(MODE, 'mode')] })),
  report('test_report_singe_mode_water_heater', boiler('eco', ['eco']), [prop(MODE, 'mode', 'operation_mode.eco', 'water_heater.operation_mode'), prop(TEMP, 'temperature', C(34))],
    { endpointId: 'water_heater.boyler', absent: [absent(THERMOSTAT, 'thermostatMode')] }),
  ...(['unknown', 'unavailable', 'not-number'] as const).map((bad) =>
    report('test_temperature_sensor_water_heater', entity('water_heater.boyler', 'eco', { supported_features: 11, current_temperature: bad }), [], { endpointId: 'water_heater.boyler', absent: [absent(TEMP, 'temperature')] })),
  report('test_temperature_sensor_water_heater', entity('water_heater.boyler', 'eco', { supported_features: 11, current_temperature: 34 }), [prop(TEMP, 'temperature', C(34))], { endpointId: 'water_heater.boyler' }),

  // --- fans, humidifiers, remotes ------------------------------------------------------------------------------------------
  ...([['fan.off', 'off', 1, 0, 0], ['fan.low_speed', 'on', 1, 33, 33], ['fan.medium_speed', 'on', 1, 66, 66], ['fan.high_speed', 'on', 1, 100, 100]] as const).map(([id, state, features, percentage, value]) =>
    report('test_report_fan_speed_state', fan(id, state, { friendly_name: id, supported_features: features, percentage }), [prop(RANGE, 'rangeValue', value, 'fan.percentage')], { endpointId: id })),
  report('test_report_fan_speed_state', fan('fan.speed_less_on', 'on', { friendly_name: 'Speedless fan on', supported_features: 0 }), [prop(RANGE, 'rangeValue', 100, 'fan.percentage')], { endpointId: 'fan.speed_less_on' }),
  report('test_report_fan_speed_state', fan('fan.speed_less_off', 'off', { friendly_name: 'Speedless fan off', supported_features: 0 }), [prop(RANGE, 'rangeValue', 0, 'fan.percentage')], { endpointId: 'fan.speed_less_off' }),
  ...(['eco', 'smart', 'whoosh'] as const).map((preset) =>
    report('test_report_fan_preset_mode', fan('fan.preset_mode', preset, { friendly_name: `${preset} enabled fan`, supported_features: 8, preset_mode: preset, preset_modes: ['eco', 'smart', 'whoosh'] }),
      [prop(MODE, 'mode', `preset_mode.${preset}`, 'fan.preset_mode')], { endpointId: 'fan.preset_mode' })),
  report('test_report_fan_oscillating', fan('fan.oscillating_off', 'off', { friendly_name: 'fan oscillating off', supported_features: 2 }), [prop(TOGGLE, 'toggleState', 'OFF', 'fan.oscillating')], { endpointId: 'fan.oscillating_off' }),
  report('test_report_fan_oscillating', fan('fan.oscillating_on', 'on', { friendly_name: 'Fan oscillating on', oscillating: true, supported_features: 2 }), [prop(TOGGLE, 'toggleState', 'ON', 'fan.oscillating')], { endpointId: 'fan.oscillating_on' }),
  report('test_report_fan_direction', fan('fan.off', 'off', { friendly_name: 'Off fan', supported_features: 4 }), [], { endpointId: 'fan.off', absent: [absent(MODE, 'mode')] }),
  report('test_report_fan_direction', fan('fan.reverse', 'on', { friendly_name: 'Fan Reverse', direction: 'reverse', supported_features: 4 }), [prop(MODE, 'mode', 'direction.reverse', 'fan.direction')], { endpointId: 'fan.reverse' }),
  report('test_report_fan_direction', fan('fan.forward', 'on', { friendly_name: 'Fan Forward', direction: 'forward', supported_features: 4 }), [prop(MODE, 'mode', 'direction.forward', 'fan.direction')], { endpointId: 'fan.forward' }),
  report('mapping §3 powerState (fan: ON only when "on")', fan('fan.preset_state', 'eco', { supported_features: 8, preset_mode: 'eco', preset_modes: ['eco', 'smart'] }), [prop(POWER, 'powerState', 'OFF')]),
  report('test_report_humidifier_humidity_state', entity('humidifier.dry', 'on', { friendly_name: 'Humidifier dry', supported_features: 0, humidity: 25, min_humidity: 20, max_humidity: 90 }), [prop(RANGE, 'rangeValue', 25, 'humidifier.humidity')], { endpointId: 'humidifier.dry' }),
  report('test_report_humidifier_humidity_state', entity('humidifier.wet', 'on', { friendly_name: 'Humidifier wet', supported_features: 0, humidity: 80, min_humidity: 20, max_humidity: 90 }), [prop(RANGE, 'rangeValue', 80, 'humidifier.humidity')], { endpointId: 'humidifier.wet' }),
  ...([['humidifier.auto', 'Auto', 50], ['humidifier.medium', 'Medium', 60]] as const).map(([id, mode, humidity]) =>
    report('test_report_humidifier_mode', entity(id, 'on', { friendly_name: 'Humidifier auto', supported_features: 1, humidity, mode, available_modes: ['Auto', 'Low', 'Medium', 'High'], min_humidity: 20, max_humidity: 90 }),
      [prop(MODE, 'mode', `mode.${mode}`, 'humidifier.mode')], { endpointId: id })),
  report('test_report_remote_power', entity('remote.off', 'off', { current_activity: 'TV', activity_list: ['TV', 'MUSIC', 'DVD'] }), [prop(POWER, 'powerState', 'OFF')]),
  report('test_report_remote_power', entity('remote.on', 'on', { current_activity: 'TV', activity_list: ['TV', 'MUSIC', 'DVD'] }), [prop(POWER, 'powerState', 'ON')]),
  report('test_report_remote_activity', entity('remote.unknown', 'on', { current_activity: 'UNKNOWN', supported_features: 4 }), [], { absent: [absent(MODE, 'mode')] }),
  ...(['TV', 'MUSIC', 'DVD'] as const).map((activity) =>
    report('test_report_remote_activity', entity(`remote.${activity.toLowerCase()}`, 'on', { current_activity: activity, activity_list: ['TV', 'MUSIC', 'DVD'], supported_features: 4 }), [prop(MODE, 'mode', `activity.${activity}`, 'remote.activity')])),

  // --- covers and valves ----------------------------------------------------------------------------------------------------
  ...([['cover.fully_open', 'open', 100], ['cover.half_open', 'open', 50], ['cover.closed', 'closed', 0]] as const).map(([id, state, position]) =>
    report('test_report_cover_range_value', entity(id, state, { friendly_name: id, current_position: position, supported_features: 15 }), [prop(RANGE, 'rangeValue', position, 'cover.position')], { endpointId: id })),
  report('mapping §3 rangeValue (cover.tilt reads current_tilt_position)', entity('cover.tilted', 'open', { current_tilt_position: 40, supported_features: 128 }), [prop(RANGE, 'rangeValue', 40, 'cover.tilt')]),
  ...([['open', 'position.open'], ['closed', 'position.closed']] as const).map(([state, mode]) =>
    report('mapping §3 mode (cover.position)', entity('cover.test_mode', state, { device_class: 'blind', supported_features: 3 }), [prop(MODE, 'mode', mode, 'cover.position')])),
  ...([['valve.fully_open', 'open', 100], ['valve.half_open', 'open', 50], ['valve.closed', 'closed', 0]] as const).map(([id, state, position]) =>
    report('test_report_valve_range_value', entity(id, state, { friendly_name: id, current_position: position, supported_features: allValve }), [prop(RANGE, 'rangeValue', position, 'valve.position')], { endpointId: id })),
  ...([
    [0, false, false, false],
    [VALVE.OPEN | VALVE.CLOSE | VALVE.STOP, true, false, true],
    [VALVE.OPEN, true, false, false],
    [VALVE.CLOSE, true, false, false],
    [VALVE.STOP, false, false, true],
    [VALVE.SET_POSITION, false, true, false],
    [VALVE.STOP | VALVE.SET_POSITION, false, true, true],
    [VALVE.OPEN | VALVE.CLOSE | VALVE.SET_POSITION, false, true, false],
  ] as const).map(([features, hasMode, hasRange, hasToggle]): ReportCase => {
    const present: ExpectedProperty[] = [];
    const missing: AbsentProperty[] = [];
    if (hasMode) present.push(prop(MODE, 'mode', 'state.opening', 'valve.state'));
    else missing.push(absent(MODE, 'mode'));
    if (hasRange) present.push(prop(RANGE, 'rangeValue', 0, 'valve.position'));
    else missing.push(absent(RANGE, 'rangeValue'));
    if (hasToggle) present.push(prop(TOGGLE, 'toggleState', 'OFF', 'valve.stop'));
    else missing.push(absent(TOGGLE, 'toggleState'));
    return {
      ...report(`test_report_valve_controllers[${features}]`, entity('valve.custom', 'opening', { friendly_name: 'Custom valve', current_position: 0, supported_features: features }), present, { endpointId: 'valve.custom', absent: missing }),
      name: `valve.custom (opening, features ${features}): ${hasMode ? 'mode' : 'no mode'}, ${hasRange ? 'range' : 'no range'}, ${hasToggle ? 'toggle' : 'no toggle'}`,
    };
  }),

  // --- security, media, timers, vacuums -----------------------------------------------------------------------------------------
  ...([['armed_away', 'ARMED_AWAY'], ['armed_custom_bypass', 'ARMED_STAY'], ['armed_home', 'ARMED_STAY'], ['armed_night', 'ARMED_NIGHT'], ['disarmed', 'DISARMED']] as const).map(([state, value]) =>
    report('test_report_alarm_control_panel_state', entity(`alarm_control_panel.${state}`, state), [prop('Alexa.SecurityPanelController', 'armState', value)], { endpointId: `alarm_control_panel.${state}` })),
  report('test_alarm_control_panel_disarmed', entity('alarm_control_panel.test_1', 'disarmed', { friendly_name: 'Test Alarm Control Panel 1', code_arm_required: false, code_format: 'number', code: '1234', supported_features: 31 }),
    [prop('Alexa.SecurityPanelController', 'armState', 'DISARMED')]),
  report('test_alarm_control_panel_change_arm_type', entity('alarm_control_panel.test_5', 'armed_home', { friendly_name: 'Test Alarm Control Panel 5', code_arm_required: false, code_format: 'FORMAT_NUMBER', code: '1234', supported_features: 3 }),
    [prop('Alexa.SecurityPanelController', 'armState', 'ARMED_STAY')]),
  report('test_report_playback_state', entity('media_player.test', 'off', { friendly_name: 'Test media player', supported_features: MP.PAUSE | MP.PLAY | MP.STOP, volume_level: 0.75, source_list: [null] }),
    [prop('Alexa.PlaybackStateReporter', 'playbackState', { state: 'STOPPED' })]),
  ...([['playing', 'PLAYING'], ['paused', 'PAUSED']] as const).map(([state, value]) =>
    report('mapping §3 playbackState', entity('media_player.player', state, { supported_features: MP.PAUSE | MP.PLAY | MP.STOP }), [prop('Alexa.PlaybackStateReporter', 'playbackState', { state: value })])),
  report('test_report_speaker_volume', entity('media_player.test_speaker', 'on', { friendly_name: 'Test media player speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: null, device_class: 'speaker' }), [],
    { endpointId: 'media_player.test_speaker', absent: [absent('Alexa.Speaker', 'volume')] }),
  ...([0, 1, 7, 14, 28, 29, 55, 56, 57, 58, 99, 100] as const).map((volume) =>
    report('test_report_speaker_volume', entity('media_player.test_speaker', 'on', { friendly_name: 'Test media player speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: volume / 100, device_class: 'speaker' }),
      [prop('Alexa.Speaker', 'volume', volume)], { endpointId: 'media_player.test_speaker' })),
  report('mapping §3 muted', entity('media_player.muted', 'on', { supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: 0.3, is_volume_muted: true, device_class: 'speaker' }), [prop('Alexa.Speaker', 'muted', true), prop('Alexa.Speaker', 'volume', 30)]),
  report('mapping §3 EqualizerController mode', entity('media_player.eq', 'on', { supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'movie', sound_mode_list: ['movie', 'music'] }), [prop('Alexa.EqualizerController', 'mode', 'MOVIE')]),
  report('test_timer_resume', entity('timer.laundry', 'paused', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' }), [prop(POWER, 'powerState', 'ON')]),
  report('test_timer_start', entity('timer.laundry', 'idle', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' }), [prop(POWER, 'powerState', 'OFF')]),
  report('test_timer_cancel', entity('timer.laundry', 'active', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' }), [prop(POWER, 'powerState', 'ON')]),
  report('test_vacuum_discovery', entity('vacuum.test_1', 'docked', { friendly_name: 'Test vacuum 1', supported_features: 1 | 2 | 8192 | 8 | 16 | 4 }), [prop(POWER, 'powerState', 'OFF')]),
  report('test_vacuum_discovery_no_turn_on', entity('vacuum.test_5', 'cleaning', { friendly_name: 'Test vacuum 5', supported_features: 2 | 8192 | 16 }), [prop(POWER, 'powerState', 'ON')]),
  report('mapping §3 rangeValue (vacuum.fan_speed)', entity('vacuum.test_2', 'cleaning', { supported_features: 1 | 2 | 8192 | 8 | 4 | 32, fan_speed_list: ['off', 'low', 'medium', 'high', 'turbo', 'super_sucker'], fan_speed: 'medium' }),
    [prop(POWER, 'powerState', 'ON'), prop(RANGE, 'rangeValue', 2, 'vacuum.fan_speed')]),
  ...(['input_number', 'number'] as const).map((domain) =>
    report(`mapping §3 rangeValue (${domain}.value)`, entity(`${domain}.test_slider`, '30', { min: -20, max: 35, step: 1 }), [prop(RANGE, 'rangeValue', 30, `${domain}.value`)])),
];
