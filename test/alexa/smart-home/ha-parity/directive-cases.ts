/**
 * Directive parity: an entity state and an Alexa directive in; the exact Home Assistant service
 * calls (domain.service and data; `entity_id` is added by the runner) or the Alexa error type out.
 * Source: HA's `test_smart_home.py` and `test_capabilities.py`, restated as data; rows marked
 * `mapping §2` come from the behaviour reference instead of a test.
 *
 * HA's tests mock the services, so an entity's state never changes between two directives of the
 * same HA test; every row here starts from the state written in it.
 */
import { COVER, MP, VACUUM, VALVE, CLIMATE, call, entity, prop, type DirectiveCase, type EntitySpec, type ExpectedCall, type ExpectedProperty } from './types.js';

const RANGE = 'Alexa.RangeController';
const MODE = 'Alexa.ModeController';
const THERMOSTAT = 'Alexa.ThermostatController';

/** TurnOn and TurnOff through the PowerController (HA's `assert_power_controller_works`). */
function power(ha: string, subject: EntitySpec, on: string, off: string, note?: string): DirectiveCase[] {
  return [
    { name: `${subject.id}: TurnOn calls ${on}`, ha, entity: subject, directive: { namespace: 'Alexa.PowerController', name: 'TurnOn' }, expect: { calls: [call(on)] }, ...(note === undefined ? {} : { note }) },
    { name: `${subject.id}: TurnOff calls ${off}`, ha, entity: subject, directive: { namespace: 'Alexa.PowerController', name: 'TurnOff' }, expect: { calls: [call(off)] }, ...(note === undefined ? {} : { note }) },
  ];
}

function range(
  ha: string, subject: EntitySpec, instance: string, name: 'SetRangeValue' | 'AdjustRangeValue', payload: Record<string, unknown>, calls: readonly ExpectedCall[], context?: readonly ExpectedProperty[],
): DirectiveCase {
  const what = name === 'SetRangeValue' ? `set ${String(payload.rangeValue)}` : `adjust ${String(payload.rangeValueDelta)}${payload.rangeValueDeltaDefault === true ? ' (default delta)' : ''}`;
  return {
    name: `${subject.id} ${instance} ${what} → ${calls.map((c) => c.service).join(', ') || 'no call'}`,
    ha,
    entity: subject,
    directive: { namespace: RANGE, name, instance, payload },
    expect: context === undefined ? { calls } : { calls, context },
  };
}

function adjust(ha: string, subject: EntitySpec, instance: string, service: string, key: string | undefined, steps: readonly (readonly [unknown, number, boolean])[]): DirectiveCase[] {
  return steps.map(([result, delta, isDefault]) =>
    range(ha, subject, instance, 'AdjustRangeValue', { rangeValueDelta: delta, rangeValueDeltaDefault: isDefault }, [key === undefined ? call(service) : call(service, { [key]: result })]),
  );
}

function setMode(ha: string, subject: EntitySpec, instance: string, mode: string, expectCall: ExpectedCall | string, context = true): DirectiveCase {
  if (typeof expectCall === 'string') {
    return { name: `${subject.id} ${instance} SetMode ${mode} fails with ${expectCall}`, ha, entity: subject, directive: { namespace: MODE, name: 'SetMode', instance, payload: { mode } }, expect: { error: expectCall } };
  }
  return {
    name: `${subject.id} ${instance} SetMode ${mode} → ${expectCall.service}`,
    ha,
    entity: subject,
    directive: { namespace: MODE, name: 'SetMode', instance, payload: { mode } },
    expect: context ? { calls: [expectCall], context: [prop(MODE, 'mode', mode, instance)] } : { calls: [expectCall] },
  };
}

function thermostat(ha: string, subject: EntitySpec, units: '°C' | '°F', name: string, payload: Record<string, unknown>, expected: ExpectedCall | string, context?: readonly ExpectedProperty[], message?: string): DirectiveCase {
  const label = `${subject.id} ${name} ${JSON.stringify(payload)}`;
  if (typeof expected === 'string') {
    return { name: `${label} fails with ${expected}`, ha, entity: subject, units, directive: { namespace: THERMOSTAT, name, payload }, expect: message === undefined ? { error: expected } : { error: expected, message } };
  }
  return { name: `${label} → ${expected.service}`, ha, entity: subject, units, directive: { namespace: THERMOSTAT, name, payload }, expect: context === undefined ? { calls: [expected] } : { calls: [expected], context } };
}

const F = (value: number): { value: number; scale: string } => ({ value, scale: 'FAHRENHEIT' });
const C = (value: number): { value: number; scale: string } => ({ value, scale: 'CELSIUS' });
const K = (value: number): { value: number; scale: string } => ({ value, scale: 'KELVIN' });

// --- entities, as HA's tests set them up ------------------------------------------------------------

const dimmable = entity('light.test_2', 'on', { brightness: 128, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] });
const dimmableNone = entity('light.test_2', 'on', { brightness: null, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] });
const colorOff = entity('light.test_off', 'off', { friendly_name: 'Test light off', supported_color_modes: ['color_temp', 'hs'], hs_color: null, color_temp: null, brightness: null });
const fullMedia = entity('media_player.test', 'off', {
  friendly_name: 'Test media player',
  supported_features: MP.NEXT_TRACK | MP.PAUSE | MP.PLAY | MP.PLAY_MEDIA | MP.PREVIOUS_TRACK | MP.SELECT_SOURCE | MP.STOP | MP.TURN_OFF | MP.TURN_ON | MP.VOLUME_MUTE | MP.VOLUME_SET,
  volume_level: 0.75,
  source_list: ['hdmi', 'tv'],
});
const inputsMedia = entity('media_player.test', 'on', {
  friendly_name: 'Test media player', supported_features: MP.SELECT_SOURCE, volume_level: 0.75,
  source_list: ['foo', 'foo_2', 'hdmi', 'hdmi_2', 'hdmi-3', 'hdmi4', 'hdmi 5', 'HDMI 6', 'hdmi_arc', 'aux', 'input 1', 'tv', 0, null],
});
const speaker = entity('media_player.test_speaker', 'off', { friendly_name: 'Test media player speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: 0.75, device_class: 'speaker' });
const stepSpeaker = entity('media_player.test_step_speaker', 'off', { friendly_name: 'Test media player step speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_STEP, device_class: 'speaker' });
const seek = entity('media_player.test_seek', 'playing', { friendly_name: 'Test media player seek', supported_features: MP.SEEK, media_position: 300, media_duration: 600 });
const eq = entity('media_player.test', 'on', { friendly_name: 'Test media player', supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'tv', sound_mode_list: ['movie', 'music', 'night', 'sport', 'tv', 'rocknroll'] });
const eqBands = entity('media_player.test_bands', 'on', { friendly_name: 'Test media player', supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'tv', sound_mode_list: ['movie', 'music', 'night', 'sport', 'tv', 'rocknroll'] });

const fan1 = entity('fan.test_1', 'off', { friendly_name: 'Test fan 1' });
const fan2 = entity('fan.test_2', 'off', { friendly_name: 'Test fan 2', supported_features: 1, percentage: 100 });
const fan3 = entity('fan.test_3', 'off', { friendly_name: 'Test fan 3', supported_features: 1, percentage: null });
const oscillating = entity('fan.test_3', 'off', { friendly_name: 'Test fan 3', supported_features: 2 });
const direction = entity('fan.test_4', 'on', { friendly_name: 'Test fan 4', supported_features: 4, direction: 'forward' });
const presets = entity('fan.test_7', 'off', { friendly_name: 'Test fan 7', supported_features: 8, preset_modes: ['auto', 'eco', 'smart', 'whoosh'], preset_mode: 'auto' });
const onePreset = entity('fan.test_8', 'off', { friendly_name: 'Test fan 8', supported_features: 8, preset_modes: ['auto'], preset_mode: 'auto' });
const steppedFan = entity('fan.stepped', 'on', { friendly_name: 'Stepped fan', supported_features: 1, percentage: 50, percentage_step: 25 });
const humidifier = entity('humidifier.test_1', 'on', { friendly_name: 'Humidifier test 1', humidity: 66, supported_features: 1, mode: 'Auto', available_modes: ['Auto', 'Low', 'Medium', 'High'], min_humidity: 20, max_humidity: 90 });

const coverAt = (position: number, features: number): EntitySpec =>
  entity('cover.test_range', 'open', { friendly_name: 'Test cover range', device_class: 'blind', supported_features: features, current_position: position });
const tiltAt = (tilt: number, features: number): EntitySpec =>
  entity('cover.test_tilt_range', 'open', { friendly_name: 'Test cover tilt range', device_class: 'blind', supported_features: features, tilt_position: tilt });
const valveAt = (position: number, features: number): EntitySpec =>
  entity('valve.test_range', 'open', { friendly_name: 'Test valve range', device_class: 'water', supported_features: features, position });
const coverMode = entity('cover.test_mode', 'open', { friendly_name: 'Test cover mode', device_class: 'blind', supported_features: 3 });
const valveMode = entity('valve.test_mode', 'open', { friendly_name: 'Test valve mode', device_class: 'water', supported_features: VALVE.OPEN | VALVE.CLOSE | VALVE.STOP });
const stopBase = COVER.OPEN | COVER.CLOSE | COVER.OPEN_TILT | COVER.CLOSE_TILT | COVER.SET_POSITION | COVER.SET_TILT_POSITION;
const stopCover = (extra: number): EntitySpec =>
  entity('cover.test_semantics', 'open', { friendly_name: 'Test cover semantics', device_class: 'blind', supported_features: stopBase | extra, current_position: 30, tilt_position: 30 });

const thermostatF = entity('climate.test_thermostat', 'cool', {
  temperature: 70.0, target_temp_high: null, target_temp_low: null, current_temperature: 75.0, friendly_name: 'Test Thermostat',
  supported_features: 1 | 2 | 4 | 128, hvac_modes: ['off', 'heat', 'cool', 'auto', 'dry', 'fan_only'], preset_mode: null, preset_modes: ['eco'], min_temp: 50, max_temp: 90,
});
const onOffThermostat = entity('climate.test_thermostat', 'cool', {
  temperature: 20.0, target_temp_high: null, target_temp_low: null, current_temperature: 19.0, friendly_name: 'Test Thermostat',
  supported_features: CLIMATE.TARGET_TEMPERATURE | CLIMATE.TURN_ON | CLIMATE.TURN_OFF, hvac_modes: ['auto'], min_temp: 7, max_temp: 30,
});
const noTarget = entity('climate.test_thermostat', 'cool', { ...thermostatF.attributes, temperature: null });
const dual = entity('climate.test_thermostat', 'auto', { ...thermostatF.attributes, temperature: null, target_temp_high: 80.0, target_temp_low: 60.0 });
const heatCool = entity('climate.heat_cool', 'heat_cool', { friendly_name: 'Heat cool', hvac_modes: ['off', 'heat_cool'], temperature: 21, min_temp: 7, max_temp: 35, supported_features: 1 });
const boiler = entity('water_heater.boyler', 'gas', {
  temperature: 70.0, target_temp_high: null, target_temp_low: null, current_temperature: 75.0, friendly_name: 'Test water heater',
  supported_features: 1 | 2 | 8, operation_list: ['off', 'gas', 'eco'], operation_mode: 'gas', min_temp: 50, max_temp: 90,
});

const alarmDisarmed = entity('alarm_control_panel.test_1', 'disarmed', { friendly_name: 'Test Alarm Control Panel 1', code_arm_required: false, code_format: 'number', code: '1234', supported_features: 31 });
const alarmArmed = entity('alarm_control_panel.test_2', 'armed_away', { friendly_name: 'Test Alarm Control Panel 2', code_arm_required: false, code_format: 'FORMAT_NUMBER', code: '1234', supported_features: 3 });
const alarmAway = entity('alarm_control_panel.test_4', 'armed_away', { friendly_name: 'Test Alarm Control Panel 4', code_arm_required: false, code_format: 'FORMAT_NUMBER', code: '1234', supported_features: 3 });
const alarmHome = entity('alarm_control_panel.test_5', 'armed_home', { friendly_name: 'Test Alarm Control Panel 5', code_arm_required: false, code_format: 'FORMAT_NUMBER', code: '1234', supported_features: 3 });

const vacuumFeatures = VACUUM.TURN_ON | VACUUM.TURN_OFF | VACUUM.START | VACUUM.STOP | VACUUM.PAUSE | VACUUM.FAN_SPEED;
const vacuumSpeeds = ['off', 'low', 'medium', 'high', 'turbo', 'super_sucker'];
const vacuum2 = entity('vacuum.test_2', 'cleaning', { friendly_name: 'Test vacuum 2', supported_features: vacuumFeatures, fan_speed_list: vacuumSpeeds, fan_speed: 'medium' });
const timerActive = entity('timer.laundry', 'active', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' });
const timerPaused = entity('timer.laundry', 'paused', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' });
const timerIdle = entity('timer.laundry', 'idle', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' });

const slider = (domain: string): EntitySpec => entity(`${domain}.test_slider`, '30', { initial: 30, min: -20, max: 35, step: 1, mode: 'slider', friendly_name: 'Test Slider' });
const sliderFloat = (domain: string): EntitySpec => entity(`${domain}.test_slider_float`, '0.5', { initial: 0.5, min: 0, max: 1, step: 0.01, mode: 'slider', friendly_name: 'Test Slider Float' });

const playback = (name: string, service: string): DirectiveCase => ({
  name: `media player PlaybackController.${name} → ${service}`, ha: 'test_media_player', entity: fullMedia, directive: { namespace: 'Alexa.PlaybackController', name }, expect: { calls: [call(service)] },
});

const changeChannel = (payload: Record<string, unknown>, id: unknown, label: string): DirectiveCase => ({
  name: `ChangeChannel by ${label} → play_media`,
  ha: 'test_media_player',
  entity: fullMedia,
  directive: { namespace: 'Alexa.ChannelController', name: 'ChangeChannel', payload },
  expect: { calls: [call('media_player.play_media', { media_content_id: id, media_content_type: 'channel' })] },
});

const selectInput = (ha: string, subject: EntitySpec, input: string, source: unknown): DirectiveCase => ({
  name: `${subject.id} SelectInput "${input}" → source ${JSON.stringify(source)}`,
  ha,
  entity: subject,
  directive: { namespace: 'Alexa.InputController', name: 'SelectInput', payload: { input } },
  expect: { calls: [call('media_player.select_source', { source })] },
});

const seekBy = (delta: number, position: number): DirectiveCase => ({
  name: `AdjustSeekPosition ${delta} ms from 300 s (duration 600 s) → ${position} s`,
  ha: 'test_media_player_seek',
  entity: seek,
  directive: { namespace: 'Alexa.SeekController', name: 'AdjustSeekPosition', payload: { deltaPositionMilliseconds: delta } },
  expect: { calls: [call('media_player.media_seek', { seek_position: position })], response: 'StateReport', namespace: 'Alexa.SeekController', payload: { properties: [{ name: 'positionMilliseconds', value: position * 1000 }] } },
});

const arm = (ha: string, subject: EntitySpec, armState: string, service: string): DirectiveCase => ({
  name: `${subject.id} (${subject.state}) Arm ${armState} → ${service}`,
  ha,
  entity: subject,
  directive: { namespace: 'Alexa.SecurityPanelController', name: 'Arm', payload: { armState } },
  expect: { calls: [call(service)], response: 'Arm.Response', namespace: 'Alexa.SecurityPanelController', payload: { exitDelayInSeconds: 0 }, context: [prop('Alexa.SecurityPanelController', 'armState', armState)] },
});

const hold = (ha: string, subject: EntitySpec, name: 'Hold' | 'Resume', service: string): DirectiveCase => ({
  name: `${subject.id} (${subject.state}) TimeHoldController.${name} → ${service}`, ha, entity: subject, directive: { namespace: 'Alexa.TimeHoldController', name }, expect: { calls: [call(service)] },
});

/**
 * HA's test remotes set no supported_features, so they declare no `remote.activity` mode; the bridge
 * refuses undeclared instances (INVALID_DIRECTIVE), so these rows add ACTIVITY (4).
 */
const REMOTE_ACTIVITY = 4;
const remote = (activity: string, list: readonly unknown[], ha: string): DirectiveCase =>
  setMode(ha, entity('remote.test', 'off', { current_activity: activity, activity_list: list, supported_features: REMOTE_ACTIVITY }), 'remote.activity', `activity.${activity}`, call('remote.turn_on', { activity }), false);

export const DIRECTIVE_CASES: readonly DirectiveCase[] = [
  // --- PowerController ---------------------------------------------------------------------------------
  ...power('test_switch', entity('switch.test', 'on', { friendly_name: 'Test switch' }), 'switch.turn_on', 'switch.turn_off'),
  ...power('test_light', entity('light.test_1', 'on', { friendly_name: 'Test light 1' }), 'light.turn_on', 'light.turn_off'),
  ...power('test_input_boolean', entity('input_boolean.test', 'off', { friendly_name: 'Test input boolean' }), 'input_boolean.turn_on', 'input_boolean.turn_off'),
  ...power('test_fan', fan1, 'fan.turn_on', 'fan.turn_off'),
  ...power('test_humidifier', humidifier, 'humidifier.turn_on', 'humidifier.turn_off'),
  ...power('test_media_player', fullMedia, 'media_player.turn_on', 'media_player.turn_off'),
  ...power('test_media_player_power', entity('media_player.test', 'off', { friendly_name: 'Test media player', supported_features: 0xfa3f, volume_level: 0.75 }), 'media_player.media_play', 'media_player.media_stop'),
  ...power('test_alert', entity('alert.test', 'off', { friendly_name: 'Test alert' }), 'alert.turn_on', 'alert.turn_off'),
  ...power('test_automation', entity('automation.test', 'off', { friendly_name: 'Test automation' }), 'automation.turn_on', 'automation.turn_off'),
  ...power('test_group', entity('group.test', 'off', { friendly_name: 'Test group' }), 'homeassistant.turn_on', 'homeassistant.turn_off'),
  ...power('test_onoff_thermostat', onOffThermostat, 'climate.turn_on', 'climate.turn_off', '2025: climate.turn_on/turn_off (2024.1 set an hvac mode)'),
  ...power('mapping §2 cover', coverMode, 'cover.open_cover', 'cover.close_cover'),
  ...power('mapping §2 water_heater', boiler, 'water_heater.turn_on', 'water_heater.turn_off'),
  ...power('test_vacuum_discovery', entity('vacuum.test_1', 'docked', { friendly_name: 'Test vacuum 1', supported_features: VACUUM.TURN_ON | VACUUM.TURN_OFF | VACUUM.START | VACUUM.STOP | VACUUM.RETURN_HOME | VACUUM.PAUSE }), 'vacuum.turn_on', 'vacuum.turn_off'),
  ...power('test_vacuum_discovery_no_turn_on', entity('vacuum.test_5', 'cleaning', { friendly_name: 'Test vacuum 5', supported_features: VACUUM.TURN_OFF | VACUUM.START | VACUUM.RETURN_HOME }), 'vacuum.start', 'vacuum.turn_off'),
  ...power('test_vacuum_discovery_no_turn_off', entity('vacuum.test_6', 'cleaning', { friendly_name: 'Test vacuum 6', supported_features: VACUUM.TURN_ON | VACUUM.START | VACUUM.RETURN_HOME }), 'vacuum.turn_on', 'vacuum.return_to_base'),
  ...power('test_vacuum_discovery_no_turn_on_or_off', entity('vacuum.test_7', 'cleaning', { friendly_name: 'Test vacuum 7', supported_features: VACUUM.START | VACUUM.RETURN_HOME }), 'vacuum.start', 'vacuum.return_to_base'),
  { name: 'idle timer TurnOn → timer.start', ha: 'test_timer_start', entity: timerIdle, directive: { namespace: 'Alexa.PowerController', name: 'TurnOn' }, expect: { calls: [call('timer.start')] } },
  { name: 'active timer TurnOff → timer.cancel', ha: 'test_timer_cancel', entity: timerActive, directive: { namespace: 'Alexa.PowerController', name: 'TurnOff' }, expect: { calls: [call('timer.cancel')] } },
  { name: 'remote that is on: TurnOff → remote.turn_off', ha: 'test_api_remote_set_power_state[on]', entity: entity('remote.test', 'on', { current_activity: ['TV', 'MUSIC', 'DVD'], activity_list: 'TV' }), directive: { namespace: 'Alexa.PowerController', name: 'TurnOff' }, expect: { calls: [call('remote.turn_off')] } },
  { name: 'remote that is off: TurnOn → remote.turn_on', ha: 'test_api_remote_set_power_state[off]', entity: entity('remote.test', 'off', { current_activity: ['TV', 'MUSIC', 'DVD'], activity_list: 'TV' }), directive: { namespace: 'Alexa.PowerController', name: 'TurnOn' }, expect: { calls: [call('remote.turn_on')] } },
  { name: 'TurnOn for an entity HA does not have → NO_SUCH_ENDPOINT, no call', ha: 'test_api_entity_not_exists', entity: entity('switch.other', 'on'), directive: { namespace: 'Alexa.PowerController', name: 'TurnOn', endpointId: 'switch#test' }, expect: { error: 'NO_SUCH_ENDPOINT' } },

  // --- SceneController ------------------------------------------------------------------------------------
  { name: 'script Activate → script.turn_on (ActivationStarted)', ha: 'test_script', entity: entity('script.test', 'off', { friendly_name: 'Test script' }), directive: { namespace: 'Alexa.SceneController', name: 'Activate' }, expect: { calls: [call('script.turn_on')], response: 'ActivationStarted', namespace: 'Alexa.SceneController', payload: { cause: { type: 'VOICE_INTERACTION' } } } },
  { name: 'script Deactivate → script.turn_off (DeactivationStarted)', ha: 'test_script', entity: entity('script.test', 'off', { friendly_name: 'Test script' }), directive: { namespace: 'Alexa.SceneController', name: 'Deactivate' }, expect: { calls: [call('script.turn_off')], response: 'DeactivationStarted', namespace: 'Alexa.SceneController', payload: { cause: { type: 'VOICE_INTERACTION' } } } },
  { name: 'scene Activate → scene.turn_on', ha: 'test_scene', entity: entity('scene.test', 'off', { friendly_name: 'Test scene' }), directive: { namespace: 'Alexa.SceneController', name: 'Activate' }, expect: { calls: [call('scene.turn_on')], response: 'ActivationStarted', payload: { cause: { type: 'VOICE_INTERACTION' } } } },
  ...(['button', 'input_button'] as const).map((domain): DirectiveCase => ({
    name: `${domain} Activate → ${domain}.press`, ha: `test_button[${domain}]`, entity: entity(`${domain}.ring_doorbell`, 'unknown', { friendly_name: 'Ring Doorbell' }),
    directive: { namespace: 'Alexa.SceneController', name: 'Activate' }, expect: { calls: [call(`${domain}.press`)], response: 'ActivationStarted', payload: { cause: { type: 'VOICE_INTERACTION' } } },
  })),

  // --- lights -------------------------------------------------------------------------------------------------
  { name: 'SetBrightness "50" → brightness_pct 50', ha: 'test_dimmable_light', entity: dimmable, directive: { namespace: 'Alexa.BrightnessController', name: 'SetBrightness', payload: { brightness: '50' } }, expect: { calls: [call('light.turn_on', { brightness_pct: 50 })] } },
  { name: 'SetBrightness with brightness null in state', ha: 'test_dimmable_light_with_none_brightness', entity: dimmableNone, directive: { namespace: 'Alexa.BrightnessController', name: 'SetBrightness', payload: { brightness: '50' } }, expect: { calls: [call('light.turn_on', { brightness_pct: 50 })] } },
  { name: 'SetBrightness on a color light that is off', ha: 'test_color_light_turned_off', entity: colorOff, directive: { namespace: 'Alexa.BrightnessController', name: 'SetBrightness', payload: { brightness: '50' } }, expect: { calls: [call('light.turn_on', { brightness_pct: 50 })] } },
  ...(['-5', '5', '-80'] as const).map((delta): DirectiveCase => ({
    name: `AdjustBrightness ${delta} → brightness_step_pct ${delta}`, ha: `test_api_adjust_brightness[${delta}]`, entity: entity('light.test', 'off', { friendly_name: 'Test light', brightness: '77', supported_color_modes: ['brightness'] }),
    directive: { namespace: 'Alexa.BrightnessController', name: 'AdjustBrightness', payload: { brightnessDelta: delta } }, expect: { calls: [call('light.turn_on', { brightness_step_pct: Number(delta) })] },
    note: 'HA\'s test entity declares no BrightnessController; the bridge refuses undeclared interfaces (INVALID_DIRECTIVE), so this row gives the entity supported_color_modes: [\'brightness\']',
  })),
  {
    name: 'SetColor HSB(120, 0.612, 0.342) → rgb_color [33, 87, 33]', ha: 'test_api_set_color_rgb', entity: entity('light.test', 'off', { friendly_name: 'Test light', supported_features: 16, supported_color_modes: ['hs'] }),
    directive: { namespace: 'Alexa.ColorController', name: 'SetColor', payload: { color: { hue: '120', saturation: '0.612', brightness: '0.342' } } }, expect: { calls: [call('light.turn_on', { rgb_color: [33, 87, 33] })] },
    note: 'HA\'s test entity declares no ColorController; the bridge refuses undeclared interfaces (INVALID_DIRECTIVE), so this row gives the entity supported_color_modes: [\'hs\']',
  },
  {
    name: 'SetColor pure red → rgb_color [255, 0, 0]', ha: 'mapping §2 SetColor', entity: entity('light.test', 'on', { supported_color_modes: ['hs'] }),
    directive: { namespace: 'Alexa.ColorController', name: 'SetColor', payload: { color: { hue: 0, saturation: 1, brightness: 1 } } }, expect: { calls: [call('light.turn_on', { rgb_color: [255, 0, 0] })] },
  },
  {
    name: 'SetColorTemperature "7500" → color_temp_kelvin 7500', ha: 'test_api_set_color_temperature', entity: entity('light.test', 'off', { friendly_name: 'Test light', supported_color_modes: ['color_temp'] }),
    directive: { namespace: 'Alexa.ColorTemperatureController', name: 'SetColorTemperature', payload: { colorTemperatureInKelvin: '7500' } }, expect: { calls: [call('light.turn_on', { color_temp_kelvin: 7500 })] },
    note: '2025: color_temp_kelvin (2024.x sent the deprecated `kelvin`). HA\'s test entity declares no ColorTemperatureController; the bridge refuses undeclared interfaces, so this row gives it supported_color_modes: [\'color_temp\']',
  },
  ...([[2500, '3000'], [2000, '2000']] as const).map(([result, initial]): DirectiveCase => ({
    name: `DecreaseColorTemperature from ${initial} K (min 2000) → ${result} K`, ha: `test_api_decrease_color_temp[${result}-${initial}]`,
    entity: entity('light.test', 'off', { friendly_name: 'Test light', color_temp_kelvin: initial, min_color_temp_kelvin: 2000, supported_color_modes: ['color_temp'] }),
    directive: { namespace: 'Alexa.ColorTemperatureController', name: 'DecreaseColorTemperature' }, expect: { calls: [call('light.turn_on', { color_temp_kelvin: result })] },
    note: '2025: kelvin steps of 500 (2024.x stepped 50 mireds). HA\'s test entity declares no ColorTemperatureController; the bridge refuses undeclared interfaces, so this row gives it supported_color_modes: [\'color_temp\']',
  })),
  ...([[3500, '3000'], [7000, '7000']] as const).map(([result, initial]): DirectiveCase => ({
    name: `IncreaseColorTemperature from ${initial} K (max 7000) → ${result} K`, ha: `test_api_increase_color_temp[${result}-${initial}]`,
    entity: entity('light.test', 'off', { friendly_name: 'Test light', color_temp_kelvin: initial, max_color_temp_kelvin: 7000, supported_color_modes: ['color_temp'] }),
    directive: { namespace: 'Alexa.ColorTemperatureController', name: 'IncreaseColorTemperature' }, expect: { calls: [call('light.turn_on', { color_temp_kelvin: result })] },
    note: 'HA\'s test entity declares no ColorTemperatureController; the bridge refuses undeclared interfaces (INVALID_DIRECTIVE), so this row gives the entity supported_color_modes: [\'color_temp\']',
  })),

  // --- locks ----------------------------------------------------------------------------------------------------
  { name: 'Lock → lock.lock, context LOCKED', ha: 'test_lock', entity: entity('lock.test', 'off', { friendly_name: 'Test lock' }), directive: { namespace: 'Alexa.LockController', name: 'Lock' }, expect: { calls: [call('lock.lock')], context: [prop('Alexa.LockController', 'lockState', 'LOCKED')] } },
  { name: 'Unlock → lock.unlock, context UNLOCKED', ha: 'test_lock', entity: entity('lock.test', 'off', { friendly_name: 'Test lock' }), directive: { namespace: 'Alexa.LockController', name: 'Unlock' }, expect: { calls: [call('lock.unlock')], context: [prop('Alexa.LockController', 'lockState', 'UNLOCKED')] } },

  // --- media players ------------------------------------------------------------------------------------------------
  playback('Play', 'media_player.media_play'),
  playback('Pause', 'media_player.media_pause'),
  playback('Stop', 'media_player.media_stop'),
  playback('Next', 'media_player.media_next_track'),
  playback('Previous', 'media_player.media_previous_track'),
  changeChannel({ channel: { number: '24' }, channelMetadata: { name: '' } }, '24', 'number'),
  changeChannel({ channel: { callSign: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', 'call sign'),
  changeChannel({ channel: { number: '' }, channelMetadata: { name: 'ABC' } }, '', 'empty number (number wins over the metadata name)'),
  changeChannel({ channel: { affiliateCallSign: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', 'affiliate call sign'),
  changeChannel({ channel: { uri: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', 'uri'),
  { name: 'SkipChannels 1 → media_next_track', ha: 'test_media_player', entity: fullMedia, directive: { namespace: 'Alexa.ChannelController', name: 'SkipChannels', payload: { channelCount: 1 } }, expect: { calls: [call('media_player.media_next_track')] } },
  { name: 'SkipChannels -1 → media_previous_track', ha: 'test_media_player', entity: fullMedia, directive: { namespace: 'Alexa.ChannelController', name: 'SkipChannels', payload: { channelCount: -1 } }, expect: { calls: [call('media_player.media_previous_track')] } },
  { name: 'SkipChannels 3 → media_next_track three times', ha: 'mapping §2 SkipChannels', entity: fullMedia, directive: { namespace: 'Alexa.ChannelController', name: 'SkipChannels', payload: { channelCount: 3 } }, expect: { calls: [call('media_player.media_next_track'), call('media_player.media_next_track'), call('media_player.media_next_track')] } },
  selectInput('test_media_player_inputs', inputsMedia, 'HDMI 1', 'hdmi'),
  selectInput('test_media_player_inputs', inputsMedia, 'HDMI 2', 'hdmi_2'),
  selectInput('test_media_player_inputs', inputsMedia, 'HDMI 5', 'hdmi 5'),
  selectInput('test_media_player_inputs', inputsMedia, 'HDMI 6', 'HDMI 6'),
  selectInput('test_media_player_inputs', inputsMedia, 'TV', 'tv'),
  // HA's test_api_select_input* entities set no supported_features, so they declare no InputController;
  // the bridge refuses undeclared interfaces (INVALID_DIRECTIVE), so these rows add SELECT_SOURCE.
  selectInput('test_api_select_input[GAME CONSOLE]', entity('media_player.test', 'off', { friendly_name: 'Test media player', source: 'unknown', source_list: ['tv', 'game console', 10000], supported_features: MP.SELECT_SOURCE }), 'GAME CONSOLE', 'game console'),
  selectInput('test_api_select_input[SATELLITE TV dash]', entity('media_player.test', 'off', { friendly_name: 'Test media player', source: 'unknown', source_list: ['satellite-tv', 'game console', null], supported_features: MP.SELECT_SOURCE }), 'SATELLITE TV', 'satellite-tv'),
  selectInput('test_api_select_input[SATELLITE TV underscore]', entity('media_player.test', 'off', { friendly_name: 'Test media player', source: 'unknown', source_list: ['satellite_tv', 'game console'], supported_features: MP.SELECT_SOURCE }), 'SATELLITE TV', 'satellite_tv'),
  ...([['satellite_tv', 'game console'], []] as const).map((list): DirectiveCase => ({
    name: `SelectInput "BAD DEVICE" with sources ${JSON.stringify(list)} → INVALID_VALUE`, ha: `test_api_select_input_fails[${list.length}]`,
    entity: entity('media_player.test', 'off', { friendly_name: 'Test media player', source: 'unknown', source_list: list, supported_features: MP.SELECT_SOURCE }),
    directive: { namespace: 'Alexa.InputController', name: 'SelectInput', payload: { input: 'BAD DEVICE' } }, expect: { error: 'INVALID_VALUE' },
  })),
  { name: 'Speaker SetVolume 50 → volume_level 0.5', ha: 'test_media_player_speaker', entity: speaker, directive: { namespace: 'Alexa.Speaker', name: 'SetVolume', payload: { volume: 50 } }, expect: { calls: [call('media_player.volume_set', { volume_level: 0.5 })] } },
  { name: 'Speaker SetMute true', ha: 'test_media_player_speaker', entity: speaker, directive: { namespace: 'Alexa.Speaker', name: 'SetMute', payload: { mute: true } }, expect: { calls: [call('media_player.volume_mute', { is_volume_muted: true })] } },
  { name: 'Speaker SetMute false', ha: 'test_media_player_speaker', entity: speaker, directive: { namespace: 'Alexa.Speaker', name: 'SetMute', payload: { mute: false } }, expect: { calls: [call('media_player.volume_mute', { is_volume_muted: false })] } },
  ...([[0.7, '-5'], [0.8, '5'], [0, '-80']] as const).map(([level, delta]): DirectiveCase => ({
    name: `Speaker AdjustVolume ${delta} from 0.75 → ${level}`, ha: 'test_media_player_speaker', entity: speaker,
    directive: { namespace: 'Alexa.Speaker', name: 'AdjustVolume', payload: { volume: delta } }, expect: { calls: [call('media_player.volume_set', { volume_level: level })] },
  })),
  { name: 'Speaker AdjustVolume +50 from 0.75 is capped at 1', ha: 'mapping §2 AdjustVolume', entity: speaker, directive: { namespace: 'Alexa.Speaker', name: 'AdjustVolume', payload: { volume: 50 } }, expect: { calls: [call('media_player.volume_set', { volume_level: 1 })] } },
  { name: 'StepSpeaker SetMute true', ha: 'test_media_player_step_speaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'SetMute', payload: { mute: true } }, expect: { calls: [call('media_player.volume_mute', { is_volume_muted: true })] } },
  { name: 'StepSpeaker SetMute false', ha: 'test_media_player_step_speaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'SetMute', payload: { mute: false } }, expect: { calls: [call('media_player.volume_mute', { is_volume_muted: false })] } },
  { name: 'StepSpeaker AdjustVolume +1 → volume_up', ha: 'test_media_player_step_speaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'AdjustVolume', payload: { volumeSteps: 1, volumeStepsDefault: false } }, expect: { calls: [call('media_player.volume_up')] } },
  { name: 'StepSpeaker AdjustVolume -1 → volume_down', ha: 'test_media_player_step_speaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'AdjustVolume', payload: { volumeSteps: -1, volumeStepsDefault: false } }, expect: { calls: [call('media_player.volume_down')] } },
  { name: 'StepSpeaker AdjustVolume default 10 steps → one volume_up', ha: 'test_media_player_step_speaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'AdjustVolume', payload: { volumeSteps: 10, volumeStepsDefault: true } }, expect: { calls: [call('media_player.volume_up')] } },
  { name: 'StepSpeaker AdjustVolume -3 → volume_down three times', ha: 'mapping §2 StepSpeaker', entity: stepSpeaker, directive: { namespace: 'Alexa.StepSpeaker', name: 'AdjustVolume', payload: { volumeSteps: -3, volumeStepsDefault: false } }, expect: { calls: [call('media_player.volume_down'), call('media_player.volume_down'), call('media_player.volume_down')] } },
  seekBy(30000, 330),
  seekBy(-30000, 270),
  seekBy(-500000, 0),
  seekBy(800000, 600),
  {
    name: 'AdjustSeekPosition without media_position → ACTION_NOT_PERMITTED_FOR_CONTENT', ha: 'test_media_player_seek_error',
    entity: entity('media_player.test_seek', 'playing', { friendly_name: 'Test media player seek', supported_features: MP.SEEK }),
    directive: { namespace: 'Alexa.SeekController', name: 'AdjustSeekPosition', payload: { deltaPositionMilliseconds: 30000 } }, expect: { error: 'ACTION_NOT_PERMITTED_FOR_CONTENT' },
  },
  ...(['MOVIE', 'MUSIC', 'NIGHT', 'SPORT', 'TV'] as const).map((mode): DirectiveCase => ({
    name: `EqualizerController SetMode ${mode} → sound_mode ${mode.toLowerCase()}`, ha: 'test_media_player_eq_modes', entity: eq,
    directive: { namespace: 'Alexa.EqualizerController', name: 'SetMode', payload: { mode } }, expect: { calls: [call('media_player.select_sound_mode', { sound_mode: mode.toLowerCase() })] },
  })),
  {
    name: 'EqualizerController SetMode for a mode not in the list → INVALID_VALUE', ha: 'mapping §2 EqualizerController',
    entity: entity('media_player.test', 'on', { supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'music', sound_mode_list: ['music', 'movie'] }),
    directive: { namespace: 'Alexa.EqualizerController', name: 'SetMode', payload: { mode: 'NIGHT' } }, expect: { error: 'INVALID_VALUE' },
  },
  { name: 'EqualizerController SetBands → INVALID_DIRECTIVE', ha: 'test_media_player_eq_bands_not_supported', entity: eqBands, directive: { namespace: 'Alexa.EqualizerController', name: 'SetBands', payload: { bands: [{ name: 'BASS', value: -2 }] } }, expect: { error: 'INVALID_DIRECTIVE' } },
  { name: 'EqualizerController AdjustBands → INVALID_DIRECTIVE', ha: 'test_media_player_eq_bands_not_supported', entity: eqBands, directive: { namespace: 'Alexa.EqualizerController', name: 'AdjustBands', payload: { bands: [{ name: 'BASS', levelDelta: 3, levelDirection: 'UP' }] } }, expect: { error: 'INVALID_DIRECTIVE' } },
  { name: 'EqualizerController ResetBands → INVALID_DIRECTIVE', ha: 'test_media_player_eq_bands_not_supported', entity: eqBands, directive: { namespace: 'Alexa.EqualizerController', name: 'ResetBands', payload: { bands: [{ name: 'BASS', levelDelta: 3, levelDirection: 'UP' }] } }, expect: { error: 'INVALID_DIRECTIVE' } },

  // --- fans -------------------------------------------------------------------------------------------------------------
  range('test_fan', fan1, 'fan.percentage', 'SetRangeValue', { rangeValue: '100' }, [call('fan.turn_on')]),
  range('test_fan', fan1, 'fan.percentage', 'SetRangeValue', { rangeValue: '0' }, [call('fan.turn_off')]),
  range('test_variable_fan', fan2, 'fan.percentage', 'SetRangeValue', { rangeValue: '50' }, [call('fan.set_percentage', { percentage: 50 })]),
  range('test_variable_fan', fan2, 'fan.percentage', 'SetRangeValue', { rangeValue: '33' }, [call('fan.set_percentage', { percentage: 33 })]),
  range('test_variable_fan', fan2, 'fan.percentage', 'SetRangeValue', { rangeValue: '100' }, [call('fan.set_percentage', { percentage: 100 })]),
  ...adjust('test_variable_fan', fan2, 'fan.percentage', 'fan.set_percentage', 'percentage', [[95, -5, false], [100, 5, false], [20, -80, false], [66, -34, false], [80, -1, true], [20, -4, true]]),
  ...adjust('test_variable_fan', fan2, 'fan.percentage', 'fan.turn_off', undefined, [[0, -100, false]]),
  ...adjust('mapping §2 AdjustRangeValue (percentage_step)', steppedFan, 'fan.percentage', 'fan.set_percentage', 'percentage', [[75, 1, true], [25, -1, true]]),
  { name: 'fan without a current speed: AdjustRangeValue → INVALID_VALUE', ha: 'test_variable_fan_no_current_speed', entity: fan3, directive: { namespace: RANGE, name: 'AdjustRangeValue', instance: 'fan.percentage', payload: { rangeValueDelta: -5, rangeValueDeltaDefault: false } }, expect: { error: 'INVALID_VALUE' } },
  { name: 'oscillating fan: ToggleController.TurnOn → fan.oscillate true', ha: 'test_oscillating_fan', entity: oscillating, directive: { namespace: 'Alexa.ToggleController', name: 'TurnOn', instance: 'fan.oscillating', payload: {} }, expect: { calls: [call('fan.oscillate', { oscillating: true })], context: [prop('Alexa.ToggleController', 'toggleState', 'ON', 'fan.oscillating')] } },
  { name: 'oscillating fan: ToggleController.TurnOff → fan.oscillate false', ha: 'test_oscillating_fan', entity: oscillating, directive: { namespace: 'Alexa.ToggleController', name: 'TurnOff', instance: 'fan.oscillating', payload: {} }, expect: { calls: [call('fan.oscillate', { oscillating: false })], context: [prop('Alexa.ToggleController', 'toggleState', 'OFF', 'fan.oscillating')] } },
  setMode('test_direction_fan', direction, 'fan.direction', 'direction.reverse', call('fan.set_direction', { direction: 'reverse' })),
  setMode('test_direction_fan', direction, 'fan.direction', 'direction.forward', call('fan.set_direction', { direction: 'forward' })),
  { name: 'ModeController.AdjustMode is not supported → INVALID_DIRECTIVE', ha: 'test_direction_fan (AdjustMode)', entity: direction, directive: { namespace: MODE, name: 'AdjustMode', instance: 'fan.direction', payload: { modeDelta: 1 } }, expect: { error: 'INVALID_DIRECTIVE' } },
  setMode('test_preset_mode_fan', presets, 'fan.preset_mode', 'preset_mode.eco', call('fan.set_preset_mode', { preset_mode: 'eco' })),
  setMode('test_preset_mode_fan', presets, 'fan.preset_mode', 'preset_mode.whoosh', call('fan.set_preset_mode', { preset_mode: 'whoosh' })),
  setMode('test_preset_mode_fan', presets, 'fan.preset_mode', 'preset_mode.invalid', 'INVALID_VALUE'),
  setMode('test_single_preset_mode_fan', onePreset, 'fan.preset_mode', 'preset_mode.auto', call('fan.set_preset_mode', { preset_mode: 'auto' })),
  setMode('test_single_preset_mode_fan', onePreset, 'fan.preset_mode', 'preset_mode.-', 'INVALID_VALUE'),

  // --- humidifiers -------------------------------------------------------------------------------------------------------
  setMode('test_humidifier', humidifier, 'humidifier.mode', 'mode.Auto', call('humidifier.set_mode', { mode: 'Auto' })),
  setMode('test_humidifier', humidifier, 'humidifier.mode', 'mode.-', 'INVALID_VALUE'),
  range('test_humidifier', humidifier, 'humidifier.humidity', 'SetRangeValue', { rangeValue: '67' }, [call('humidifier.set_humidity', { humidity: 67 })]),
  range('test_humidifier', humidifier, 'humidifier.humidity', 'SetRangeValue', { rangeValue: '33' }, [call('humidifier.set_humidity', { humidity: 33 })]),
  ...adjust('mapping §2 AdjustRangeValue (humidifier × 5)', humidifier, 'humidifier.humidity', 'humidifier.set_humidity', 'humidity', [[71, 5, false], [71, 1, true], [90, 50, false], [20, -60, false]]),

  // --- covers --------------------------------------------------------------------------------------------------------------
  ...([
    [30, 7, 'cover.set_cover_position', 30, 'position_30_open_close'],
    [0, 7, 'cover.close_cover', undefined, 'position_0_open_close'],
    [99, 7, 'cover.set_cover_position', 99, 'position_99_open_close'],
    [100, 7, 'cover.open_cover', undefined, 'position_100_open_close'],
    [0, 4, 'cover.set_cover_position', 0, 'position_0_no_open_close'],
    [60, 4, 'cover.set_cover_position', 60, 'position_60_no_open_close'],
    [100, 4, 'cover.set_cover_position', 100, 'position_100_no_open_close'],
    [0, 5, 'cover.set_cover_position', 0, 'position_0_no_close'],
    [100, 6, 'cover.set_cover_position', 100, 'position_100_no_open'],
  ] as const).map(([position, features, service, data, id]) => ({
    ...range(`test_cover_position[${id}]`, coverAt(position, features), 'cover.position', 'SetRangeValue', { rangeValue: position }, [data === undefined ? call(service) : call(service, { position: data })], [prop(RANGE, 'rangeValue', position, 'cover.position')]),
    name: `cover (features ${features}) position set ${position} → ${service}`,
  })),
  range('test_cover_position_range', coverAt(30, 7), 'cover.position', 'AdjustRangeValue', { rangeValueDelta: -99, rangeValueDeltaDefault: false }, [call('cover.close_cover')], [prop(RANGE, 'rangeValue', 0, 'cover.position')]),
  range('mapping §2 AdjustRangeValue (cover, 100 ⇒ open)', coverAt(30, 7), 'cover.position', 'AdjustRangeValue', { rangeValueDelta: 80, rangeValueDeltaDefault: false }, [call('cover.open_cover')], [prop(RANGE, 'rangeValue', 100, 'cover.position')]),
  ...adjust('test_cover_position_range', coverAt(30, 7), 'cover.position', 'cover.set_cover_position', 'position', [[25, -5, false], [35, 5, false], [50, 1, true], [10, -1, true]]),
  { name: 'cover without a current position: AdjustRangeValue → INVALID_VALUE', ha: 'mapping §2 AdjustRangeValue', entity: entity('cover.nopos', 'open', { supported_features: 7 }), directive: { namespace: RANGE, name: 'AdjustRangeValue', instance: 'cover.position', payload: { rangeValueDelta: 10, rangeValueDeltaDefault: false } }, expect: { error: 'INVALID_VALUE' } },
  setMode('test_cover_position_mode', coverMode, 'cover.position', 'position.closed', call('cover.close_cover')),
  setMode('test_cover_position_mode', coverMode, 'cover.position', 'position.open', call('cover.open_cover')),
  setMode('test_cover_position_mode', coverMode, 'cover.position', 'position.custom', call('cover.stop_cover')),
  setMode('mapping §2 (garage door)', entity('cover.test_garage_door', 'closed', { friendly_name: 'Test cover garage door', supported_features: 3, device_class: 'garage' }), 'cover.position', 'position.open', call('cover.open_cover')),
  ...([
    [0, 0, []],
    [COVER.STOP, 1, ['cover.stop_cover']],
    [COVER.STOP_TILT, 2, ['cover.stop_cover_tilt']],
    [COVER.STOP | COVER.STOP_TILT, 3, ['cover.stop_cover', 'cover.stop_cover_tilt']],
  ] as const).map(([extra, index, services]): DirectiveCase => ({
    name: `cover PlaybackController.Stop with stop features ${extra} → ${services.join(' + ') || 'no call'}`,
    ha: `test_cover_stop[${['no_stop', 'stop_cover', 'stop_cover_tilt', 'stop_cover_and_stop_cover_tilt'][index] ?? ''}]`,
    entity: stopCover(extra),
    directive: { namespace: 'Alexa.PlaybackController', name: 'Stop' },
    expect: { calls: services.map((service) => call(service)) },
  })),
  ...([
    [30, 240, 'cover.set_cover_tilt_position', 30, 'tilt_position_30_open_close'],
    [0, 240, 'cover.close_cover_tilt', undefined, 'tilt_position_0_open_close'],
    [99, 240, 'cover.set_cover_tilt_position', 99, 'tilt_position_99_open_close'],
    [100, 240, 'cover.open_cover_tilt', undefined, 'tilt_position_100_open_close'],
    [0, 128, 'cover.set_cover_tilt_position', 0, 'tilt_position_0_no_open_close'],
    [60, 128, 'cover.set_cover_tilt_position', 60, 'tilt_position_60_no_open_close'],
    [100, 128, 'cover.set_cover_tilt_position', 100, 'tilt_position_100_no_open_close'],
    [0, 144, 'cover.set_cover_tilt_position', 0, 'tilt_position_0_no_close'],
    [100, 160, 'cover.set_cover_tilt_position', 100, 'tilt_position_100_no_open'],
  ] as const).map(([tilt, features, service, data, id]) => ({
    ...range(`test_cover_tilt_position[${id}]`, tiltAt(tilt, features), 'cover.tilt', 'SetRangeValue', { rangeValue: tilt }, [data === undefined ? call(service) : call(service, { tilt_position: data })], [prop(RANGE, 'rangeValue', tilt, 'cover.tilt')]),
    name: `cover (features ${features}) tilt set ${tilt} → ${service}`,
  })),
  range('test_cover_tilt_position_range', tiltAt(30, 240), 'cover.tilt', 'SetRangeValue', { rangeValue: 50 }, [call('cover.set_cover_tilt_position', { tilt_position: 50 })]),
  range('test_cover_tilt_position_range', tiltAt(30, 240), 'cover.tilt', 'AdjustRangeValue', { rangeValueDelta: -99, rangeValueDeltaDefault: false }, [call('cover.close_cover_tilt')], [prop(RANGE, 'rangeValue', 0, 'cover.tilt')]),
  ...adjust('test_cover_tilt_position_range', tiltAt(30, 240), 'cover.tilt', 'cover.set_cover_tilt_position', 'tilt_position', [[25, -5, false], [35, 5, false], [50, 1, true], [10, -1, true]]),
  { name: 'RangeController on an unknown instance → INVALID_DIRECTIVE', ha: 'test_range_unsupported_domain', entity: entity('switch.test', 'on', { friendly_name: 'Test switch' }), directive: { namespace: RANGE, name: 'SetRangeValue', instance: 'switch.speed', payload: { rangeValue: 1 } }, expect: { error: 'INVALID_DIRECTIVE' } },
  { name: 'ModeController on an unknown instance → INVALID_DIRECTIVE', ha: 'test_mode_unsupported_domain', entity: entity('switch.test', 'on', { friendly_name: 'Test switch' }), directive: { namespace: MODE, name: 'SetMode', instance: 'switch.direction', payload: { mode: 'testMode' } }, expect: { error: 'INVALID_DIRECTIVE' } },

  // --- valves ------------------------------------------------------------------------------------------------------------------
  ...([
    [30, 15, 'valve.set_valve_position', 30, 'position_30_open_close_stop'],
    [0, 7, 'valve.close_valve', undefined, 'position_0_open_close'],
    [99, 7, 'valve.set_valve_position', 99, 'position_99_open_close'],
    [100, 7, 'valve.open_valve', undefined, 'position_100_open_close'],
    [0, 4, 'valve.set_valve_position', 0, 'position_0_no_open_close'],
    [60, 4, 'valve.set_valve_position', 60, 'position_60_no_open_close'],
    [60, 12, 'valve.set_valve_position', 60, 'position_60_stop_no_open_close'],
    [100, 4, 'valve.set_valve_position', 100, 'position_100_no_open_close'],
    [0, 5, 'valve.set_valve_position', 0, 'position_0_no_close'],
    [100, 6, 'valve.set_valve_position', 100, 'position_100_no_open'],
  ] as const).map(([position, features, service, data, id]) => ({
    ...range(`test_valve_position[${id}]`, valveAt(position, features), 'valve.position', 'SetRangeValue', { rangeValue: position }, [data === undefined ? call(service) : call(service, { position: data })], [prop(RANGE, 'rangeValue', position, 'valve.position')]),
    name: `valve (features ${features}) position set ${position} → ${service}`,
  })),
  range('test_valve_position_range', valveAt(30, 15), 'valve.position', 'AdjustRangeValue', { rangeValueDelta: 101, rangeValueDeltaDefault: false }, [call('valve.open_valve')], [prop(RANGE, 'rangeValue', 100, 'valve.position')]),
  range('test_valve_position_range', valveAt(30, 15), 'valve.position', 'AdjustRangeValue', { rangeValueDelta: -99, rangeValueDeltaDefault: false }, [call('valve.close_valve')], [prop(RANGE, 'rangeValue', 0, 'valve.position')]),
  ...adjust('test_valve_position_range', valveAt(30, 15), 'valve.position', 'valve.set_valve_position', 'position', [[25, -5, false], [35, 5, false], [50, 1, true], [10, -1, true]]),
  ...([VALVE.SET_POSITION | VALVE.STOP, VALVE.OPEN | VALVE.CLOSE | VALVE.STOP] as const).map((features): DirectiveCase => ({
    name: `valve (features ${features}) ToggleController.TurnOn valve.stop → valve.stop_valve`, ha: `test_stop_valve[${features}]`,
    entity: entity('valve.test', 'opening', { friendly_name: 'Test valve', supported_features: features, current_position: 30 }),
    directive: { namespace: 'Alexa.ToggleController', name: 'TurnOn', instance: 'valve.stop', payload: {} }, expect: { calls: [call('valve.stop_valve')] },
  })),
  { name: 'valve ToggleController.TurnOff valve.stop → INVALID_DIRECTIVE', ha: 'mapping §2 ToggleController', entity: valveMode, directive: { namespace: 'Alexa.ToggleController', name: 'TurnOff', instance: 'valve.stop', payload: {} }, expect: { error: 'INVALID_DIRECTIVE' } },
  setMode('test_valve_position_mode', valveMode, 'valve.state', 'state.closed', call('valve.close_valve')),
  setMode('test_valve_position_mode', valveMode, 'valve.state', 'state.open', call('valve.open_valve')),

  // --- climate ----------------------------------------------------------------------------------------------------------------------
  thermostat('test_thermostat', thermostatF, '°F', 'SetTargetTemperature', { targetSetpoint: F(69) }, call('climate.set_temperature', { temperature: 69 }), [prop(THERMOSTAT, 'targetSetpoint', F(69))]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetTargetTemperature', { targetSetpoint: C(0) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_thermostat', thermostatF, '°F', 'SetTargetTemperature', { targetSetpoint: F(70), lowerSetpoint: K(293.15), upperSetpoint: C(30) },
    call('climate.set_temperature', { temperature: 70, target_temp_low: 68, target_temp_high: 86 }),
    [prop(THERMOSTAT, 'targetSetpoint', F(70)), prop(THERMOSTAT, 'lowerSetpoint', F(68)), prop(THERMOSTAT, 'upperSetpoint', F(86))]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetTargetTemperature', { lowerSetpoint: K(273.15), upperSetpoint: F(75) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_thermostat', thermostatF, '°F', 'SetTargetTemperature', { lowerSetpoint: F(293.15), upperSetpoint: C(75) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_thermostat', thermostatF, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: K(-10) }, call('climate.set_temperature', { temperature: 52 }), [prop(THERMOSTAT, 'targetSetpoint', F(52))]),
  thermostat('test_thermostat', thermostatF, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: C(20) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'HEAT' } }, call('climate.set_hvac_mode', { hvac_mode: 'heat' }), [prop(THERMOSTAT, 'thermostatMode', 'HEAT')]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'COOL' } }, call('climate.set_hvac_mode', { hvac_mode: 'cool' }), [prop(THERMOSTAT, 'thermostatMode', 'COOL')]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: 'HEAT' }, call('climate.set_hvac_mode', { hvac_mode: 'heat' }), [prop(THERMOSTAT, 'thermostatMode', 'HEAT')]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'CUSTOM', customName: 'DEHUMIDIFY' } }, call('climate.set_hvac_mode', { hvac_mode: 'dry' }), [prop(THERMOSTAT, 'thermostatMode', 'CUSTOM')]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'CUSTOM', customName: 'FAN' } }, call('climate.set_hvac_mode', { hvac_mode: 'fan_only' }), [prop(THERMOSTAT, 'thermostatMode', 'CUSTOM')]),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'CUSTOM', customName: 'INVALID' } }, 'UNSUPPORTED_THERMOSTAT_MODE'),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: { value: 'INVALID' } }, 'UNSUPPORTED_THERMOSTAT_MODE'),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: 'OFF' }, call('climate.set_hvac_mode', { hvac_mode: 'off' })),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: 'ECO' }, call('climate.set_preset_mode', { preset_mode: 'eco' })),
  thermostat('test_thermostat', thermostatF, '°F', 'SetThermostatMode', { thermostatMode: 'AUTO' }, call('climate.set_hvac_mode', { hvac_mode: 'auto' })),
  thermostat('mapping §2 SetThermostatMode (AUTO ⇒ heat_cool)', heatCool, '°C', 'SetThermostatMode', { thermostatMode: 'AUTO' }, call('climate.set_hvac_mode', { hvac_mode: 'heat_cool' })),
  thermostat('mapping §2 SetThermostatMode (mode not available)', heatCool, '°C', 'SetThermostatMode', { thermostatMode: 'COOL' }, 'UNSUPPORTED_THERMOSTAT_MODE'),
  thermostat('mapping §2 SetThermostatMode (no eco preset)', heatCool, '°C', 'SetThermostatMode', { thermostatMode: 'ECO' }, 'UNSUPPORTED_THERMOSTAT_MODE'),
  thermostat('test_onoff_thermostat', onOffThermostat, '°C', 'SetTargetTemperature', { targetSetpoint: C(21) }, call('climate.set_temperature', { temperature: 21 }), [prop(THERMOSTAT, 'targetSetpoint', C(21))]),
  thermostat('test_onoff_thermostat', onOffThermostat, '°C', 'SetTargetTemperature', { targetSetpoint: C(0) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('mapping §2 SetTargetTemperature (°F request, °C home)', onOffThermostat, '°C', 'SetTargetTemperature', { targetSetpoint: F(212) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('mapping §2 SetTargetTemperature (°F request, °C home)', onOffThermostat, '°C', 'SetTargetTemperature', { targetSetpoint: F(68) }, call('climate.set_temperature', { temperature: 20 }), [prop(THERMOSTAT, 'targetSetpoint', C(20))]),
  thermostat('mapping §2 AdjustTargetTemperature (°C home)', onOffThermostat, '°C', 'AdjustTargetTemperature', { targetSetpointDelta: C(2) }, call('climate.set_temperature', { temperature: 22 }), [prop(THERMOSTAT, 'targetSetpoint', C(22))]),
  thermostat('test_no_current_target_temp_adjusting_temp', noTarget, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: K(-5) }, 'INVALID_TARGET_STATE', undefined, 'The current target temperature is not set, cannot adjust target temperature'),
  thermostat('test_thermostat_dual', dual, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: K(-5) }, call('climate.set_temperature', { target_temp_high: 71, target_temp_low: 51 }),
    [prop(THERMOSTAT, 'upperSetpoint', F(71)), prop(THERMOSTAT, 'lowerSetpoint', F(51))]),
  thermostat('test_thermostat_dual', dual, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: C(6) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_thermostat_dual', dual, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: C(-6) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),

  // --- water heaters --------------------------------------------------------------------------------------------------------------------
  thermostat('test_water_heater', boiler, '°F', 'SetTargetTemperature', { targetSetpoint: F(69) }, call('water_heater.set_temperature', { temperature: 69 }), [prop(THERMOSTAT, 'targetSetpoint', F(69))]),
  thermostat('test_water_heater', boiler, '°F', 'SetTargetTemperature', { targetSetpoint: C(0) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  thermostat('test_water_heater', boiler, '°F', 'SetTargetTemperature', { targetSetpoint: C(30) }, call('water_heater.set_temperature', { temperature: 86 }), [prop(THERMOSTAT, 'targetSetpoint', F(86))]),
  thermostat('test_water_heater', boiler, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: K(-10) }, call('water_heater.set_temperature', { temperature: 52 }), [prop(THERMOSTAT, 'targetSetpoint', F(52))]),
  thermostat('test_water_heater', boiler, '°F', 'AdjustTargetTemperature', { targetSetpointDelta: C(20) }, 'TEMPERATURE_VALUE_OUT_OF_RANGE'),
  { ...setMode('test_water_heater', boiler, 'water_heater.operation_mode', 'operation_mode.eco', call('water_heater.set_operation_mode', { operation_mode: 'eco' })), units: '°F' },
  { ...setMode('test_water_heater', boiler, 'water_heater.operation_mode', 'operation_mode.gas', call('water_heater.set_operation_mode', { operation_mode: 'gas' })), units: '°F' },
  { ...setMode('test_water_heater', boiler, 'water_heater.operation_mode', 'operation_mode.invalid', 'INVALID_VALUE'), units: '°F' },
  { ...setMode('test_water_heater', boiler, 'water_heater.operation_mode', 'operation_mode.off', call('water_heater.set_operation_mode', { operation_mode: 'off' })), units: '°F' },

  // --- security panels ----------------------------------------------------------------------------------------------------------------------
  arm('test_alarm_control_panel_disarmed', alarmDisarmed, 'ARMED_STAY', 'alarm_control_panel.alarm_arm_home'),
  arm('test_alarm_control_panel_disarmed', alarmDisarmed, 'ARMED_AWAY', 'alarm_control_panel.alarm_arm_away'),
  arm('test_alarm_control_panel_disarmed', alarmDisarmed, 'ARMED_NIGHT', 'alarm_control_panel.alarm_arm_night'),
  {
    name: 'armed panel: Disarm with a four digit PIN → alarm_disarm with the code', ha: 'test_alarm_control_panel_armed', entity: alarmArmed,
    directive: { namespace: 'Alexa.SecurityPanelController', name: 'Disarm', payload: { authorization: { type: 'FOUR_DIGIT_PIN', value: '1234' } } },
    expect: { calls: [call('alarm_control_panel.alarm_disarm', { code: '1234' })], context: [prop('Alexa.SecurityPanelController', 'armState', 'DISARMED')] },
  },
  { name: 'panel armed away: Arm ARMED_STAY → AUTHORIZATION_REQUIRED', ha: 'test_alarm_control_panel_armed', entity: alarmArmed, directive: { namespace: 'Alexa.SecurityPanelController', name: 'Arm', payload: { armState: 'ARMED_STAY' } }, expect: { error: 'AUTHORIZATION_REQUIRED' } },
  {
    name: 'panel armed away: Arm ARMED_STAY is refused with HA\'s message', ha: 'test_alarm_control_panel_disarm_required', entity: alarmAway,
    directive: { namespace: 'Alexa.SecurityPanelController', name: 'Arm', payload: { armState: 'ARMED_STAY' } },
    expect: { error: 'AUTHORIZATION_REQUIRED', message: 'You must disarm the system before you can set the requested arm state.' },
    note: '2025: refused only from armed_away to another armed state (2024.1 refused whenever not disarmed)',
  },
  arm('test_alarm_control_panel_disarm_required', alarmAway, 'ARMED_AWAY', 'alarm_control_panel.alarm_arm_away'),
  arm('test_alarm_control_panel_change_arm_type', alarmHome, 'ARMED_STAY', 'alarm_control_panel.alarm_arm_home'),
  arm('test_alarm_control_panel_change_arm_type', alarmHome, 'ARMED_AWAY', 'alarm_control_panel.alarm_arm_away'),
  {
    name: 'Disarm a panel that is already disarmed: success without a call', ha: 'mapping §2 Disarm', entity: alarmDisarmed,
    directive: { namespace: 'Alexa.SecurityPanelController', name: 'Disarm', payload: { authorization: { type: 'FOUR_DIGIT_PIN', value: '1234' } } },
    expect: { calls: [], context: [prop('Alexa.SecurityPanelController', 'armState', 'DISARMED')] },
  },
  {
    name: 'Disarm without a PIN → alarm_disarm without a code', ha: 'mapping §2 Disarm', entity: entity('alarm_control_panel.nocode', 'armed_home', { code_arm_required: false, supported_features: 3 }),
    directive: { namespace: 'Alexa.SecurityPanelController', name: 'Disarm', payload: {} }, expect: { calls: [call('alarm_control_panel.alarm_disarm')] },
  },

  // --- numbers ----------------------------------------------------------------------------------------------------------------------------------
  ...(['input_number', 'number'] as const).flatMap((domain): DirectiveCase[] => [
    range(`test_input_number[${domain}]`, slider(domain), `${domain}.value`, 'SetRangeValue', { rangeValue: 10 }, [call(`${domain}.set_value`, { value: 10 })]),
    ...adjust(`test_input_number[${domain}]`, slider(domain), `${domain}.value`, `${domain}.set_value`, 'value', [[25, -5, false], [35, 5, false], [-20, -100, false], [35, 100, false]]),
    range(`test_input_number_float[${domain}]`, sliderFloat(domain), `${domain}.value`, 'SetRangeValue', { rangeValue: 0.333 }, [call(`${domain}.set_value`, { value: 0.333 })]),
    ...adjust(`test_input_number_float[${domain}]`, sliderFloat(domain), `${domain}.value`, `${domain}.set_value`, 'value', [[0.4, -0.1, false], [0.6, 0.1, false], [0, -100, false], [1, 100, false], [0.51, 0.01, false]]),
    range(`mapping §2 SetRangeValue (${domain} clamped)`, slider(domain), `${domain}.value`, 'SetRangeValue', { rangeValue: 99 }, [call(`${domain}.set_value`, { value: 35 })]),
  ]),

  // --- vacuums and timers --------------------------------------------------------------------------------------------------------------------------
  range('test_vacuum_fan_speed', vacuum2, 'vacuum.fan_speed', 'SetRangeValue', { rangeValue: 1 }, [call('vacuum.set_fan_speed', { fan_speed: 'low' })]),
  range('test_vacuum_fan_speed', vacuum2, 'vacuum.fan_speed', 'SetRangeValue', { rangeValue: 5 }, [call('vacuum.set_fan_speed', { fan_speed: 'super_sucker' })]),
  ...adjust('test_vacuum_fan_speed', vacuum2, 'vacuum.fan_speed', 'vacuum.set_fan_speed', 'fan_speed', [['low', -1, false], ['high', 1, false], ['medium', 0, false], ['super_sucker', 99, false]]),
  { name: 'vacuum fan speed index outside the list → INVALID_VALUE', ha: 'mapping §2 SetRangeValue (vacuum)', entity: vacuum2, directive: { namespace: RANGE, name: 'SetRangeValue', instance: 'vacuum.fan_speed', payload: { rangeValue: 9 } }, expect: { error: 'INVALID_VALUE' } },
  hold('test_vacuum_pause', entity('vacuum.test_3', 'cleaning', { friendly_name: 'Test vacuum 3', supported_features: vacuumFeatures, fan_speed_list: vacuumSpeeds, fan_speed: 'medium' }), 'Hold', 'vacuum.start_pause'),
  hold('test_vacuum_resume', entity('vacuum.test_4', 'docked', { friendly_name: 'Test vacuum 4', supported_features: vacuumFeatures, fan_speed_list: vacuumSpeeds, fan_speed: 'medium' }), 'Resume', 'vacuum.start_pause'),
  hold('test_timer_hold', timerActive, 'Hold', 'timer.pause'),
  hold('test_timer_resume', timerPaused, 'Resume', 'timer.start'),
  { name: 'TimeHoldController.Hold on a switch → INVALID_DIRECTIVE', ha: 'mapping §2 TimeHoldController', entity: entity('switch.test', 'on'), directive: { namespace: 'Alexa.TimeHoldController', name: 'Hold' }, expect: { error: 'INVALID_DIRECTIVE' } },

  // --- remotes ------------------------------------------------------------------------------------------------------------------------------------------
  remote('TV', ['TV', 'MUSIC', 'DVD'], 'test_api_select_activity[TV]'),
  remote('MUSIC', ['TV', 'MUSIC', 'DVD', 1000], 'test_api_select_activity[MUSIC]'),
  remote('DVD', ['TV', 'MUSIC', 'DVD', null], 'test_api_select_activity[DVD]'),
  remote('TV', ['TV'], 'test_api_select_activity[single]'),
  ...([['TV', 'MUSIC', 'DVD'], []] as const).map((list): DirectiveCase => {
    const row = setMode(`test_api_select_activity_fails[${list.length}]`, entity('remote.test', 'off', { current_activity: null, activity_list: list, supported_features: REMOTE_ACTIVITY }), 'remote.activity', 'activity.BAD', 'INVALID_VALUE');
    return { ...row, name: `${row.name} (${list.length} activities)` };
  }),

  // --- the directive envelope ------------------------------------------------------------------------------------------------------------------------------
  {
    name: 'unknown namespace → INTERNAL_ERROR', ha: 'test_api_function_not_implemented', entity: entity('switch.test', 'on'),
    directive: { namespace: 'Alexa.HAHAAH', name: 'Sweet', withoutEndpoint: true, payload: { scope: { type: 'BearerToken', token: 'directive-token-1' } } },
    expect: { error: 'INTERNAL_ERROR' },
  },
  {
    name: 'AcceptGrant → AcceptGrant.Response', ha: 'test_api_accept_grant', entity: entity('switch.test', 'on'),
    directive: {
      namespace: 'Alexa.Authorization', name: 'AcceptGrant', withoutEndpoint: true,
      payload: { grant: { type: 'OAuth2.AuthorizationCode', code: 'VGhpcyBpcyBhbiBhdXRob3JpemF0aW9uIGNvZGUuIDotKQ==' }, grantee: { type: 'BearerToken', token: 'directive-token-1' } },
    },
    expect: { calls: [], response: 'AcceptGrant.Response', namespace: 'Alexa.Authorization' },
  },
];
