/**
 * Discovery parity: an entity state in, the endpoint HA's Alexa integration builds out (display
 * category, the exact set of interfaces, and the configuration HA's tests pin). Source: HA's
 * `test_smart_home.py`, `test_capabilities.py` and `test_entities.py`, restated as data.
 */
import { COVER, MP, VACUUM, VALVE, CLIMATE, entity, type DiscoveryCase, type EndpointExpectation } from './types.js';

const A = 'Alexa';
const EH = 'Alexa.EndpointHealth';
const POWER = 'Alexa.PowerController';
const RANGE = 'Alexa.RangeController';
const MODE = 'Alexa.ModeController';
const TOGGLE = 'Alexa.ToggleController';
const CONTACT = 'Alexa.ContactSensor';

const percentRangeCover: EndpointExpectation['capabilities'] = [
  {
    interface: RANGE,
    instance: 'cover.position',
    contains: {
      properties: { nonControllable: false, supported: [{ name: 'rangeValue' }] },
      capabilityResources: {
        friendlyNames: [
          { '@type': 'text', value: { text: 'Position', locale: 'en-US' } },
          { '@type': 'asset', value: { assetId: 'Alexa.Setting.Opening' } },
        ],
      },
      configuration: { unitOfMeasure: 'Alexa.Unit.Percent', supportedRange: { minimumValue: 0, maximumValue: 100, precision: 1 } },
      semantics: {
        actionMappings: [
          { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Lower', 'Alexa.Actions.Close'], directive: { name: 'SetRangeValue', payload: { rangeValue: 0 } } },
          { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Raise', 'Alexa.Actions.Open'], directive: { name: 'SetRangeValue', payload: { rangeValue: 100 } } },
        ],
        stateMappings: [
          { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 0 },
          { '@type': 'StatesToRange', states: ['Alexa.States.Open'], range: { minimumValue: 1, maximumValue: 100 } },
        ],
      },
    },
  },
];

function coverRange(features: number, id: string): DiscoveryCase {
  return {
    name: `cover with SET_POSITION (features ${features}) has RangeController cover.position`,
    ha: `test_cover_position[${id}]`,
    entity: entity('cover.test_range', 'open', { friendly_name: 'Test cover range', device_class: 'blind', supported_features: features, current_position: 30 }),
    expect: { category: 'INTERIOR_BLIND', friendlyName: 'Test cover range', interfaces: [POWER, RANGE, EH, A], instances: ['Alexa.RangeController:cover.position'], capabilities: percentRangeCover },
  };
}

function valveRange(features: number, id: string, toggle: boolean): DiscoveryCase {
  return {
    name: `valve with SET_POSITION (features ${features}) has RangeController valve.position${toggle ? ' and ToggleController valve.stop' : ''}`,
    ha: `test_valve_position[${id}]`,
    entity: entity('valve.test_range', 'open', { friendly_name: 'Test valve range', device_class: 'water', supported_features: features, position: 30 }),
    expect: {
      category: 'OTHER',
      friendlyName: 'Test valve range',
      interfaces: toggle ? [RANGE, EH, TOGGLE, A] : [RANGE, EH, A],
      instances: toggle ? ['Alexa.RangeController:valve.position', 'Alexa.ToggleController:valve.stop'] : ['Alexa.RangeController:valve.position'],
      capabilities: [
        {
          interface: RANGE,
          instance: 'valve.position',
          contains: {
            properties: { nonControllable: false, supported: [{ name: 'rangeValue' }] },
            capabilityResources: {
              friendlyNames: [
                { '@type': 'text', value: { text: 'Opening', locale: 'en-US' } },
                { '@type': 'asset', value: { assetId: 'Alexa.Setting.Opening' } },
              ],
            },
            configuration: { unitOfMeasure: 'Alexa.Unit.Percent', supportedRange: { minimumValue: 0, maximumValue: 100, precision: 1 } },
            semantics: {
              actionMappings: [
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Close'], directive: { name: 'SetRangeValue', payload: { rangeValue: 0 } } },
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Open'], directive: { name: 'SetRangeValue', payload: { rangeValue: 100 } } },
              ],
              stateMappings: [
                { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 0 },
                { '@type': 'StatesToRange', states: ['Alexa.States.Open'], range: { minimumValue: 1, maximumValue: 100 } },
              ],
            },
          },
        },
      ],
    },
  };
}

function coverTilt(features: number, id: string, stop: boolean): DiscoveryCase {
  return {
    name: `cover with SET_TILT_POSITION (features ${features}) has RangeController cover.tilt${stop ? ' and PlaybackController Stop' : ''}`,
    ha: `test_cover_tilt_position[${id}]`,
    entity: entity('cover.test_tilt_range', 'open', { friendly_name: 'Test cover tilt range', device_class: 'blind', supported_features: features, tilt_position: 30 }),
    expect: {
      category: 'INTERIOR_BLIND',
      friendlyName: 'Test cover tilt range',
      interfaces: stop ? [POWER, RANGE, 'Alexa.PlaybackController', EH, A] : [POWER, RANGE, EH, A],
      instances: stop ? ['Alexa.RangeController:cover.tilt', 'Alexa.PlaybackController:cover.stop'] : ['Alexa.RangeController:cover.tilt'],
      capabilities: [
        {
          interface: RANGE,
          instance: 'cover.tilt',
          contains: {
            semantics: {
              actionMappings: [
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Close'], directive: { name: 'SetRangeValue', payload: { rangeValue: 0 } } },
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Open'], directive: { name: 'SetRangeValue', payload: { rangeValue: 100 } } },
              ],
              stateMappings: [
                { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 0 },
                { '@type': 'StatesToRange', states: ['Alexa.States.Open'], range: { minimumValue: 1, maximumValue: 100 } },
              ],
            },
          },
        },
      ],
    },
  };
}

const numberRange = (domain: string): DiscoveryCase[] => [
  {
    name: `${domain} slider has RangeController ${domain}.value with min/max presets`,
    ha: `test_input_number[${domain}]`,
    entity: entity(`${domain}.test_slider`, '30', { initial: 30, min: -20, max: 35, step: 1, mode: 'slider', friendly_name: 'Test Slider' }),
    expect: {
      category: 'OTHER',
      friendlyName: 'Test Slider',
      interfaces: [RANGE, EH, A],
      instances: [`Alexa.RangeController:${domain}.value`],
      capabilities: [
        {
          interface: RANGE,
          instance: `${domain}.value`,
          contains: {
            capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Value', locale: 'en-US' } }] },
            configuration: {
              supportedRange: { minimumValue: -20, maximumValue: 35, precision: 1 },
              presets: [
                { rangeValue: 35, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Maximum' } }] } },
                { rangeValue: -20, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Minimum' } }] } },
              ],
            },
          },
        },
      ],
    },
  },
  {
    name: `${domain} with a fractional step has precision 0.01`,
    ha: `test_input_number_float[${domain}]`,
    entity: entity(`${domain}.test_slider_float`, '0.5', { initial: 0.5, min: 0, max: 1, step: 0.01, mode: 'slider', friendly_name: 'Test Slider Float' }),
    expect: {
      category: 'OTHER',
      friendlyName: 'Test Slider Float',
      interfaces: [RANGE, EH, A],
      instances: [`Alexa.RangeController:${domain}.value`],
      capabilities: [
        {
          interface: RANGE,
          instance: `${domain}.value`,
          contains: {
            capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Value', locale: 'en-US' } }] },
            configuration: {
              supportedRange: { minimumValue: 0, maximumValue: 1, precision: 0.01 },
              presets: [
                { rangeValue: 1, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Maximum' } }] } },
                { rangeValue: 0, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Minimum' } }] } },
              ],
            },
          },
        },
      ],
    },
  },
];

const thermostatAttributes = {
  temperature: 70.0,
  target_temp_high: null,
  target_temp_low: null,
  current_temperature: 75.0,
  friendly_name: 'Test Thermostat',
  supported_features: 1 | 2 | 4 | 128,
  hvac_modes: ['off', 'heat', 'cool', 'auto', 'dry', 'fan_only'],
  preset_mode: null,
  preset_modes: ['eco'],
  min_temp: 50,
  max_temp: 90,
};

const vacuumSpeeds = ['off', 'low', 'medium', 'high', 'turbo', 'super_sucker'];

export const DISCOVERY_CASES: readonly DiscoveryCase[] = [
  // --- switches and toggles -------------------------------------------------------------------
  {
    name: 'switch: SWITCH with PowerController and ContactSensor (for routines)',
    ha: 'test_switch',
    entity: entity('switch.test', 'on', { friendly_name: 'Test switch' }),
    expect: {
      endpointId: 'switch#test', category: 'SWITCH', friendlyName: 'Test switch', interfaces: [POWER, CONTACT, EH, A],
      capabilities: [{ interface: CONTACT, contains: { properties: { retrievable: true, supported: [{ name: 'detectionState' }] } } }],
    },
  },
  {
    name: 'switch with device_class outlet is a SMARTPLUG',
    ha: 'test_outlet',
    entity: entity('switch.test', 'on', { friendly_name: 'Test switch', device_class: 'outlet' }),
    expect: { category: 'SMARTPLUG', friendlyName: 'Test switch', interfaces: [A, POWER, EH, CONTACT] },
  },
  {
    name: 'input_boolean: OTHER with PowerController and ContactSensor',
    ha: 'test_input_boolean',
    entity: entity('input_boolean.test', 'off', { friendly_name: 'Test input boolean' }),
    expect: {
      category: 'OTHER', friendlyName: 'Test input boolean', interfaces: [POWER, CONTACT, EH, A],
      capabilities: [{ interface: CONTACT, contains: { properties: { retrievable: true, supported: [{ name: 'detectionState' }] } } }],
    },
  },
  { name: 'alert: OTHER with PowerController', ha: 'test_alert', entity: entity('alert.test', 'off', { friendly_name: 'Test alert' }), expect: { category: 'OTHER', friendlyName: 'Test alert', interfaces: [POWER, EH, A] } },
  { name: 'automation: ACTIVITY_TRIGGER with PowerController', ha: 'test_automation', entity: entity('automation.test', 'off', { friendly_name: 'Test automation' }), expect: { category: 'ACTIVITY_TRIGGER', friendlyName: 'Test automation', interfaces: [POWER, EH, A] } },
  { name: 'group: OTHER with PowerController', ha: 'test_group', entity: entity('group.test', 'off', { friendly_name: 'Test group' }), expect: { category: 'OTHER', friendlyName: 'Test group', interfaces: [POWER, EH, A] } },

  // --- lights ---------------------------------------------------------------------------------
  { name: 'on/off light: PowerController only', ha: 'test_light', entity: entity('light.test_1', 'on', { friendly_name: 'Test light 1' }), expect: { category: 'LIGHT', friendlyName: 'Test light 1', interfaces: [POWER, EH, A] } },
  {
    name: 'dimmable light (color mode brightness) adds BrightnessController',
    ha: 'test_dimmable_light',
    entity: entity('light.test_2', 'on', { brightness: 128, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] }),
    expect: { category: 'LIGHT', friendlyName: 'Test light 2', interfaces: ['Alexa.BrightnessController', POWER, EH, A] },
  },
  {
    name: 'dimmable light with brightness null is still dimmable',
    ha: 'test_dimmable_light_with_none_brightness',
    entity: entity('light.test_2', 'on', { brightness: null, friendly_name: 'Test light 2', supported_color_modes: ['brightness'] }),
    expect: { category: 'LIGHT', friendlyName: 'Test light 2', interfaces: ['Alexa.BrightnessController', POWER, EH, A] },
  },
  ...(['hs', 'rgb', 'xy'] as const).map((mode): DiscoveryCase => ({
    name: `color light (color_temp + ${mode}) has Brightness, Color and ColorTemperature controllers`,
    ha: `test_color_light[${mode}]`,
    entity: entity('light.test_3', 'on', { friendly_name: 'Test light 3', supported_color_modes: ['color_temp', mode], min_mireds: 142, color_temp: '333' }),
    expect: { category: 'LIGHT', friendlyName: 'Test light 3', interfaces: ['Alexa.BrightnessController', POWER, 'Alexa.ColorController', 'Alexa.ColorTemperatureController', EH, A] },
  })),
  {
    name: 'color light that is off keeps its color capabilities',
    ha: 'test_color_light_turned_off',
    entity: entity('light.test_off', 'off', { friendly_name: 'Test light off', supported_color_modes: ['color_temp', 'hs'], hs_color: null, color_temp: null, brightness: null }),
    expect: { category: 'LIGHT', friendlyName: 'Test light off', interfaces: ['Alexa.BrightnessController', POWER, 'Alexa.ColorController', 'Alexa.ColorTemperatureController', EH, A] },
  },
  {
    name: 'light with only legacy supported_features (no color modes) is on/off only',
    ha: 'mapping §1 light (legacy supported_features bits are ignored)',
    entity: entity('light.legacy', 'on', { friendly_name: 'Legacy', supported_features: 19 }),
    expect: { category: 'LIGHT', interfaces: [POWER, EH, A] },
  },

  // --- scenes, scripts, buttons -----------------------------------------------------------------
  {
    name: 'script: ACTIVITY_TRIGGER with SceneController that supports deactivation, no EndpointHealth',
    ha: 'test_script',
    entity: entity('script.test', 'off', { friendly_name: 'Test script' }),
    expect: { category: 'ACTIVITY_TRIGGER', friendlyName: 'Test script', interfaces: ['Alexa.SceneController', A], capabilities: [{ interface: 'Alexa.SceneController', contains: { supportsDeactivation: true } }] },
  },
  {
    name: 'scene: SCENE_TRIGGER, SceneController without deactivation',
    ha: 'test_scene',
    entity: entity('scene.test', 'off', { friendly_name: 'Test scene' }),
    expect: { category: 'SCENE_TRIGGER', friendlyName: 'Test scene', interfaces: ['Alexa.SceneController', A], capabilities: [{ interface: 'Alexa.SceneController', contains: { supportsDeactivation: false } }] },
  },
  ...(['button', 'input_button'] as const).map((domain): DiscoveryCase => ({
    name: `${domain}: SceneController plus EventDetectionSensor (routine trigger)`,
    ha: `test_button[${domain}]`,
    entity: entity(`${domain}.ring_doorbell`, 'unknown', { friendly_name: 'Ring Doorbell' }),
    expect: {
      category: 'ACTIVITY_TRIGGER',
      friendlyName: 'Ring Doorbell',
      interfaces: ['Alexa.SceneController', 'Alexa.EventDetectionSensor', EH, A],
      capabilities: [
        { interface: 'Alexa.SceneController', contains: { supportsDeactivation: false } },
        {
          interface: 'Alexa.EventDetectionSensor',
          contains: {
            properties: { proactivelyReported: true, retrievable: false, supported: [{ name: 'humanPresenceDetectionState' }] },
            configuration: { detectionModes: { humanPresence: { supportsNotDetected: false } } },
          },
        },
      ],
    },
  })),

  // --- fans -------------------------------------------------------------------------------------
  {
    name: 'fan without features gets a RangeController so that it can be controlled',
    ha: 'test_fan',
    entity: entity('fan.test_1', 'off', { friendly_name: 'Test fan 1' }),
    expect: {
      category: 'FAN', friendlyName: 'Test fan 1', interfaces: [RANGE, POWER, EH, A], instances: ['Alexa.RangeController:fan.percentage'],
    },
  },
  {
    name: 'fan with SET_SPEED and percentage_step: RangeController fan.percentage',
    ha: 'test_fan2',
    entity: entity('fan.test_2', 'on', { friendly_name: 'Test fan 2', percentage: 66, supported_features: 1, percentage_step: 33.3333 }),
    expect: { category: 'FAN', friendlyName: 'Test fan 2', interfaces: [RANGE, POWER, EH, A], instances: ['Alexa.RangeController:fan.percentage'] },
  },
  {
    name: 'variable speed fan: RangeController fan.percentage',
    ha: 'test_variable_fan',
    entity: entity('fan.test_2', 'off', { friendly_name: 'Test fan 2', supported_features: 1, percentage: 100 }),
    expect: { category: 'FAN', friendlyName: 'Test fan 2', interfaces: [RANGE, POWER, EH, A], instances: ['Alexa.RangeController:fan.percentage'] },
  },
  {
    name: 'variable speed fan without a current speed is still discovered',
    ha: 'test_variable_fan_no_current_speed',
    entity: entity('fan.test_3', 'off', { friendly_name: 'Test fan 3', supported_features: 1, percentage: null }),
    expect: { category: 'FAN', friendlyName: 'Test fan 3', interfaces: [RANGE, POWER, EH, A] },
  },
  {
    name: 'oscillating fan: ToggleController fan.oscillating (no RangeController)',
    ha: 'test_oscillating_fan',
    entity: entity('fan.test_3', 'off', { friendly_name: 'Test fan 3', supported_features: 2 }),
    expect: {
      category: 'FAN', friendlyName: 'Test fan 3', interfaces: [POWER, TOGGLE, EH, A], instances: ['Alexa.ToggleController:fan.oscillating'],
      capabilities: [{
        interface: TOGGLE, instance: 'fan.oscillating',
        contains: { properties: { nonControllable: false, supported: [{ name: 'toggleState' }] }, capabilityResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.Oscillate' } }] } },
      }],
    },
  },
  {
    name: 'fan with DIRECTION: ModeController fan.direction (forward/reverse)',
    ha: 'test_direction_fan',
    entity: entity('fan.test_4', 'on', { friendly_name: 'Test fan 4', supported_features: 4, direction: 'forward' }),
    expect: {
      category: 'FAN', friendlyName: 'Test fan 4', interfaces: [POWER, MODE, EH, A], instances: ['Alexa.ModeController:fan.direction'],
      capabilities: [{
        interface: MODE, instance: 'fan.direction',
        contains: {
          properties: { nonControllable: false, supported: [{ name: 'mode' }] },
          capabilityResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.Direction' } }] },
          configuration: {
            ordered: false,
            supportedModes: [
              { value: 'direction.forward', modeResources: { friendlyNames: [{ '@type': 'text', value: { text: 'forward', locale: 'en-US' } }] } },
              { value: 'direction.reverse', modeResources: { friendlyNames: [{ '@type': 'text', value: { text: 'reverse', locale: 'en-US' } }] } },
            ],
          },
        },
      }],
    },
  },
  {
    name: 'fan with PRESET_MODE: ModeController fan.preset_mode',
    ha: 'test_preset_mode_fan',
    entity: entity('fan.test_7', 'off', { friendly_name: 'Test fan 7', supported_features: 8, preset_modes: ['auto', 'eco', 'smart', 'whoosh'], preset_mode: 'auto' }),
    expect: {
      category: 'FAN', friendlyName: 'Test fan 7', interfaces: [EH, MODE, POWER, A], instances: ['Alexa.ModeController:fan.preset_mode'],
      capabilities: [{
        interface: MODE, instance: 'fan.preset_mode',
        contains: {
          properties: { nonControllable: false, supported: [{ name: 'mode' }] },
          capabilityResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.Preset' } }] },
          configuration: { supportedModes: [{ value: 'preset_mode.auto' }, { value: 'preset_mode.eco' }, { value: 'preset_mode.smart' }, { value: 'preset_mode.whoosh' }] },
        },
      }],
    },
  },
  {
    name: 'fan with a single preset gets a placeholder second mode',
    ha: 'test_single_preset_mode_fan',
    entity: entity('fan.test_8', 'off', { friendly_name: 'Test fan 8', supported_features: 8, preset_modes: ['auto'], preset_mode: 'auto' }),
    expect: {
      category: 'FAN', friendlyName: 'Test fan 8', interfaces: [EH, MODE, POWER, A], instances: ['Alexa.ModeController:fan.preset_mode'],
      capabilities: [{
        interface: MODE, instance: 'fan.preset_mode',
        contains: { capabilityResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.Preset' } }] }, configuration: { supportedModes: [{ value: 'preset_mode.auto' }, { value: 'preset_mode.-' }] } },
      }],
    },
    note: '2025: a single preset is padded with the placeholder mode `preset_mode.-` (Alexa needs two modes)',
  },
  {
    name: 'fan with all features: toggle, two modes and a range',
    ha: 'mapping §1 fan',
    entity: entity('fan.full', 'on', { friendly_name: 'Full fan', supported_features: 15, percentage: 50, percentage_step: 25, preset_modes: ['eco', 'turbo'], preset_mode: 'eco', direction: 'forward', oscillating: false }),
    expect: {
      category: 'FAN', interfaces: [POWER, TOGGLE, MODE, RANGE, EH, A],
      instances: ['Alexa.ToggleController:fan.oscillating', 'Alexa.ModeController:fan.preset_mode', 'Alexa.ModeController:fan.direction', 'Alexa.RangeController:fan.percentage'],
    },
  },

  // --- humidifiers ------------------------------------------------------------------------------
  {
    name: 'humidifier without modes: RangeController humidifier.humidity',
    ha: 'test_humidifier_without_modes',
    entity: entity('humidifier.test_2', 'on', { friendly_name: 'Humidifier test 2', humidity: 33, supported_features: 0, min_humidity: 20, max_humidity: 90 }),
    expect: { category: 'OTHER', friendlyName: 'Humidifier test 2', interfaces: [RANGE, POWER, EH, A], instances: ['Alexa.RangeController:humidifier.humidity'] },
  },
  {
    name: 'humidifier with MODES: ModeController humidifier.mode and RangeController humidifier.humidity',
    ha: 'test_humidifier_with_modes',
    entity: entity('humidifier.test_1', 'on', { friendly_name: 'Humidifier test 1', humidity: 66, supported_features: 1, mode: 'Auto', available_modes: ['Auto', 'Low', 'Medium', 'High'], min_humidity: 20, max_humidity: 90 }),
    expect: {
      category: 'OTHER', friendlyName: 'Humidifier test 1', interfaces: [MODE, RANGE, POWER, EH, A], instances: ['Alexa.ModeController:humidifier.mode', 'Alexa.RangeController:humidifier.humidity'],
      capabilities: [{ interface: RANGE, instance: 'humidifier.humidity', contains: { configuration: { supportedRange: { minimumValue: 20, maximumValue: 90 } } } }],
    },
  },

  // --- locks --------------------------------------------------------------------------------------
  { name: 'lock: SMARTLOCK with LockController', ha: 'test_lock', entity: entity('lock.test', 'off', { friendly_name: 'Test lock' }), expect: { category: 'SMARTLOCK', friendlyName: 'Test lock', interfaces: ['Alexa.LockController', EH, A] } },

  // --- media players ------------------------------------------------------------------------------
  {
    name: 'media player with playback, inputs, channels and volume',
    ha: 'test_media_player',
    entity: entity('media_player.test', 'off', {
      friendly_name: 'Test media player',
      supported_features: MP.NEXT_TRACK | MP.PAUSE | MP.PLAY | MP.PLAY_MEDIA | MP.PREVIOUS_TRACK | MP.SELECT_SOURCE | MP.STOP | MP.TURN_OFF | MP.TURN_ON | MP.VOLUME_MUTE | MP.VOLUME_SET,
      volume_level: 0.75,
      source_list: ['hdmi', 'tv'],
    }),
    expect: {
      category: 'TV', friendlyName: 'Test media player',
      interfaces: [A, 'Alexa.ChannelController', EH, 'Alexa.InputController', 'Alexa.PlaybackController', 'Alexa.PlaybackStateReporter', POWER, 'Alexa.Speaker'],
      capabilities: [{ interface: 'Alexa.PlaybackController', contains: { supportedOperations: ['Play', 'Pause', 'Stop', 'Next', 'Previous'] } }],
    },
  },
  {
    name: 'media player without TURN_ON/TURN_OFF still has a PowerController (mapped to play/stop)',
    ha: 'test_media_player_power',
    entity: entity('media_player.test', 'off', { friendly_name: 'Test media player', supported_features: 0xfa3f, volume_level: 0.75 }),
    expect: { category: 'TV', friendlyName: 'Test media player', interfaces: [A, 'Alexa.ChannelController', EH, 'Alexa.PlaybackController', 'Alexa.PlaybackStateReporter', POWER, 'Alexa.SeekController', 'Alexa.Speaker'] },
  },
  {
    name: 'media player inputs are mapped to Alexa input names',
    ha: 'test_media_player_inputs',
    entity: entity('media_player.test', 'on', {
      friendly_name: 'Test media player', supported_features: MP.SELECT_SOURCE, volume_level: 0.75,
      source_list: ['foo', 'foo_2', 'hdmi', 'hdmi_2', 'hdmi-3', 'hdmi4', 'hdmi 5', 'HDMI 6', 'hdmi_arc', 'aux', 'input 1', 'tv', 0, null],
    }),
    expect: {
      category: 'TV', friendlyName: 'Test media player', interfaces: [A, 'Alexa.InputController', POWER, EH],
      capabilities: [{
        interface: 'Alexa.InputController',
        contains: { inputs: [{ name: 'AUX 1' }, { name: 'HDMI 1' }, { name: 'HDMI 2' }, { name: 'HDMI 3' }, { name: 'HDMI 4' }, { name: 'HDMI 5' }, { name: 'HDMI 6' }, { name: 'HDMI ARC' }, { name: 'TV' }] },
      }],
    },
    note: 'HA also asserts that neither "AUX" nor "FOO 1" is listed; the runner checks the exact list in media-player tests',
  },
  {
    name: 'media player whose sources map to no Alexa input has no InputController',
    ha: 'test_media_player_no_supported_inputs',
    entity: entity('media_player.test_no_inputs', 'off', {
      friendly_name: 'Test media player', supported_features: MP.SELECT_SOURCE, volume_level: 0.75,
      source_list: ['foo', 'foo_2', 'vcr', 'betamax', 'record_player', 'f.m.', 'a.m.', 'tape_deck', 'laser_disc', 'hd_dvd'],
    }),
    expect: { category: 'TV', friendlyName: 'Test media player', interfaces: [A, EH, POWER] },
  },
  {
    name: 'speaker device class: SPEAKER with Speaker (volume and muted)',
    ha: 'test_media_player_speaker',
    entity: entity('media_player.test_speaker', 'off', { friendly_name: 'Test media player speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: 0.75, device_class: 'speaker' }),
    expect: {
      category: 'SPEAKER', friendlyName: 'Test media player speaker', interfaces: [A, EH, POWER, 'Alexa.Speaker'],
      capabilities: [{ interface: 'Alexa.Speaker', contains: { properties: { supported: [{ name: 'volume' }, { name: 'muted' }] } } }],
    },
  },
  {
    name: 'speaker with VOLUME_STEP only: StepSpeaker',
    ha: 'test_media_player_step_speaker',
    entity: entity('media_player.test_step_speaker', 'off', { friendly_name: 'Test media player step speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_STEP, device_class: 'speaker' }),
    expect: { category: 'SPEAKER', friendlyName: 'Test media player step speaker', interfaces: [A, EH, POWER, 'Alexa.StepSpeaker'] },
    note: 'HA\'s test pins category and name; the interface set follows mapping §1',
  },
  {
    name: 'media player with SEEK: SeekController',
    ha: 'test_media_player_seek',
    entity: entity('media_player.test_seek', 'playing', { friendly_name: 'Test media player seek', supported_features: MP.SEEK, media_position: 300, media_duration: 600 }),
    expect: { category: 'TV', friendlyName: 'Test media player seek', interfaces: [A, EH, POWER, 'Alexa.SeekController'] },
  },
  {
    name: 'media player with known sound modes: EqualizerController with those modes only',
    ha: 'test_media_player_eq_modes',
    entity: entity('media_player.test', 'on', { friendly_name: 'Test media player', supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'tv', sound_mode_list: ['movie', 'music', 'night', 'sport', 'tv', 'rocknroll'] }),
    expect: {
      category: 'TV', friendlyName: 'Test media player', interfaces: [A, 'Alexa.EqualizerController', POWER, EH],
      capabilities: [{
        interface: 'Alexa.EqualizerController',
        contains: { properties: { retrievable: true }, configurations: { modes: { supported: { $exact: [{ name: 'MOVIE' }, { name: 'MUSIC' }, { name: 'NIGHT' }, { name: 'SPORT' }, { name: 'TV' }] } } } },
      }],
    },
  },
  {
    name: 'media player whose sound modes are all unknown has no EqualizerController',
    ha: 'test_media_player_sound_mode_list_unsupported',
    entity: entity('media_player.test', 'on', { friendly_name: 'Test media player', supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'unknown', sound_mode_list: ['unsupported', 'non-existing'] }),
    expect: { category: 'TV', friendlyName: 'Test media player', interfaces: [A, POWER, EH] },
  },

  // --- covers -------------------------------------------------------------------------------------
  coverRange(COVER.SET_POSITION | COVER.OPEN | COVER.CLOSE, 'position_30_open_close'),
  coverRange(COVER.SET_POSITION, 'position_0_no_open_close'),
  coverRange(COVER.SET_POSITION | COVER.OPEN, 'position_0_no_close'),
  coverRange(COVER.SET_POSITION | COVER.CLOSE, 'position_100_no_open'),
  {
    name: 'garage door cover: GARAGE_DOOR, ModeController, no PowerController',
    ha: 'test_cover_garage_door',
    entity: entity('cover.test_garage_door', 'off', { friendly_name: 'Test cover garage door', supported_features: 3, device_class: 'garage' }),
    expect: { category: 'GARAGE_DOOR', friendlyName: 'Test cover garage door', interfaces: [MODE, EH, A], instances: ['Alexa.ModeController:cover.position'] },
  },
  {
    name: 'gate cover: GARAGE_DOOR, ModeController, no PowerController',
    ha: 'test_cover_gate',
    entity: entity('cover.test_gate', 'off', { friendly_name: 'Test cover gate', supported_features: 3, device_class: 'gate' }),
    expect: { category: 'GARAGE_DOOR', friendlyName: 'Test cover gate', interfaces: [MODE, EH, A] },
  },
  {
    name: 'open/close cover without SET_POSITION: ModeController cover.position',
    ha: 'test_cover_position_mode',
    entity: entity('cover.test_mode', 'open', { friendly_name: 'Test cover mode', device_class: 'blind', supported_features: 3 }),
    expect: {
      category: 'INTERIOR_BLIND', friendlyName: 'Test cover mode', interfaces: [POWER, MODE, EH, A], instances: ['Alexa.ModeController:cover.position'],
      capabilities: [{
        interface: MODE, instance: 'cover.position',
        contains: {
          properties: { nonControllable: false, supported: [{ name: 'mode' }] },
          capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Position', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Setting.Opening' } }] },
          configuration: {
            ordered: false,
            supportedModes: [
              { value: 'position.open', modeResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Open' } }] } },
              { value: 'position.closed', modeResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Close' } }] } },
            ],
          },
          semantics: {
            actionMappings: [
              { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Lower', 'Alexa.Actions.Close'], directive: { name: 'SetMode', payload: { mode: 'position.closed' } } },
              { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Raise', 'Alexa.Actions.Open'], directive: { name: 'SetMode', payload: { mode: 'position.open' } } },
            ],
            stateMappings: [
              { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 'position.closed' },
              { '@type': 'StatesToValue', states: ['Alexa.States.Open'], value: 'position.open' },
            ],
          },
        },
      }],
    },
  },
  coverTilt(COVER.SET_TILT_POSITION | COVER.OPEN_TILT | COVER.CLOSE_TILT | COVER.STOP_TILT, 'tilt_position_30_open_close', true),
  coverTilt(COVER.SET_TILT_POSITION, 'tilt_position_0_no_open_close', false),
  coverTilt(COVER.SET_TILT_POSITION | COVER.OPEN_TILT, 'tilt_position_0_no_close', false),
  coverTilt(COVER.SET_TILT_POSITION | COVER.CLOSE_TILT, 'tilt_position_100_no_open', false),
  {
    name: 'cover with position and tilt: two RangeControllers, Raise/Lower for position and Open/Close for tilt, Stop',
    ha: 'test_cover_semantics_position_and_tilt',
    entity: entity('cover.test_semantics', 'open', { friendly_name: 'Test cover semantics', device_class: 'blind', supported_features: 255, current_position: 30, tilt_position: 30 }),
    expect: {
      category: 'INTERIOR_BLIND', friendlyName: 'Test cover semantics', interfaces: [POWER, RANGE, 'Alexa.PlaybackController', EH, A],
      instances: ['Alexa.RangeController:cover.position', 'Alexa.RangeController:cover.tilt', 'Alexa.PlaybackController:cover.stop'],
      capabilities: [
        { interface: 'Alexa.PlaybackController', contains: { supportedOperations: { $exact: ['Stop'] } } },
        {
          interface: RANGE, instance: 'cover.position',
          contains: {
            semantics: {
              actionMappings: [
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Lower'], directive: { name: 'SetRangeValue', payload: { rangeValue: 0 } } },
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Raise'], directive: { name: 'SetRangeValue', payload: { rangeValue: 100 } } },
              ],
            },
          },
        },
        {
          interface: RANGE, instance: 'cover.tilt',
          contains: {
            semantics: {
              actionMappings: [
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Close'], directive: { name: 'SetRangeValue', payload: { rangeValue: 0 } } },
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Open'], directive: { name: 'SetRangeValue', payload: { rangeValue: 100 } } },
              ],
              stateMappings: [
                { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 0 },
                { '@type': 'StatesToRange', states: ['Alexa.States.Open'], range: { minimumValue: 1, maximumValue: 100 } },
              ],
            },
          },
        },
      ],
    },
  },
  ...([['door', 'DOOR'], ['window', 'EXTERIOR_BLIND'], ['shutter', 'EXTERIOR_BLIND'], ['awning', 'EXTERIOR_BLIND'], ['curtain', 'INTERIOR_BLIND'], ['shade', 'INTERIOR_BLIND'], ['damper', 'OTHER']] as const).map(
    ([deviceClass, category]): DiscoveryCase => ({
      name: `cover device_class ${deviceClass} is ${category}`,
      ha: 'mapping §1 cover',
      entity: entity(`cover.${deviceClass}`, 'open', { device_class: deviceClass, supported_features: 3 }),
      expect: { category, interfaces: [POWER, MODE, EH, A] },
    }),
  ),

  // --- valves -------------------------------------------------------------------------------------
  valveRange(VALVE.SET_POSITION | VALVE.OPEN | VALVE.CLOSE | VALVE.STOP, 'position_30_open_close_stop', true),
  valveRange(VALVE.SET_POSITION | VALVE.OPEN | VALVE.CLOSE, 'position_0_open_close', false),
  valveRange(VALVE.SET_POSITION, 'position_0_no_open_close', false),
  valveRange(VALVE.SET_POSITION | VALVE.STOP, 'position_60_stop_no_open_close', true),
  valveRange(VALVE.SET_POSITION | VALVE.OPEN, 'position_0_no_close', false),
  valveRange(VALVE.SET_POSITION | VALVE.CLOSE, 'position_100_no_open', false),
  {
    name: 'open/close valve without SET_POSITION: ModeController valve.state and ToggleController valve.stop',
    ha: 'test_valve_position_mode',
    entity: entity('valve.test_mode', 'open', { friendly_name: 'Test valve mode', device_class: 'water', supported_features: VALVE.OPEN | VALVE.CLOSE | VALVE.STOP }),
    expect: {
      category: 'OTHER', friendlyName: 'Test valve mode', interfaces: [MODE, EH, TOGGLE, A], instances: ['Alexa.ModeController:valve.state', 'Alexa.ToggleController:valve.stop'],
      capabilities: [
        {
          interface: MODE, instance: 'valve.state',
          contains: {
            properties: { nonControllable: false, supported: [{ name: 'mode' }] },
            capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Preset', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Setting.Preset' } }] },
            configuration: {
              ordered: false,
              supportedModes: [
                { value: 'state.open', modeResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Open', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Setting.Preset' } }] } },
                { value: 'state.closed', modeResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Closed', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Setting.Preset' } }] } },
              ],
            },
            semantics: {
              actionMappings: [
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Close'], directive: { name: 'SetMode', payload: { mode: 'state.closed' } } },
                { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Open'], directive: { name: 'SetMode', payload: { mode: 'state.open' } } },
              ],
              stateMappings: [
                { '@type': 'StatesToValue', states: ['Alexa.States.Closed'], value: 'state.closed' },
                { '@type': 'StatesToValue', states: ['Alexa.States.Open'], value: 'state.open' },
              ],
            },
          },
        },
      ],
    },
  },
  ...([
    [VALVE.SET_POSITION | VALVE.STOP, RANGE, 'Alexa.RangeController:valve.position'],
    [VALVE.OPEN | VALVE.CLOSE | VALVE.STOP, MODE, 'Alexa.ModeController:valve.state'],
  ] as const).map(([features, controller, instance]): DiscoveryCase => ({
    name: `valve with STOP (features ${features}): ToggleController valve.stop named "Stop"`,
    ha: `test_stop_valve[${controller}]`,
    entity: entity('valve.test', 'opening', { friendly_name: 'Test valve', supported_features: features, current_position: 30 }),
    expect: {
      category: 'OTHER', friendlyName: 'Test valve', interfaces: [controller, TOGGLE, EH, A], instances: [instance, 'Alexa.ToggleController:valve.stop'],
      capabilities: [{
        interface: TOGGLE, instance: 'valve.stop',
        contains: { properties: { nonControllable: false, supported: [{ name: 'toggleState' }] }, capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Stop', locale: 'en-US' } }] } },
      }],
    },
  })),
  {
    name: 'valve with only OPEN: ModeController with a placeholder second mode',
    ha: 'test_report_valve_controllers[OPEN] (discovery side)',
    entity: entity('valve.custom', 'opening', { friendly_name: 'Custom valve', current_position: 0, supported_features: VALVE.OPEN }),
    expect: { category: 'OTHER', interfaces: [MODE, EH, A], instances: ['Alexa.ModeController:valve.state'] },
  },
  {
    name: 'valve with no features: EndpointHealth only',
    ha: 'test_report_valve_controllers[0] (discovery side)',
    entity: entity('valve.custom', 'opening', { friendly_name: 'Custom valve', current_position: 0, supported_features: 0 }),
    expect: { category: 'OTHER', interfaces: [EH, A] },
  },

  // --- sensors ------------------------------------------------------------------------------------
  {
    name: 'temperature sensor (°F): TEMPERATURE_SENSOR with TemperatureSensor',
    ha: 'test_temp_sensor',
    entity: entity('sensor.test_temp', '42', { friendly_name: 'Test Temp Sensor', unit_of_measurement: '°F' }),
    expect: {
      category: 'TEMPERATURE_SENSOR', friendlyName: 'Test Temp Sensor', interfaces: ['Alexa.TemperatureSensor', EH, A],
      capabilities: [{ interface: 'Alexa.TemperatureSensor', contains: { properties: { retrievable: true, supported: [{ name: 'temperature' }] } } }],
    },
  },
  {
    name: 'temperature sensor (°C) with device_class temperature',
    ha: 'test_serialize_discovery_partly_fails (sensor.bla)',
    entity: entity('sensor.bla', '20.1', { friendly_name: 'Livingroom temperature', unit_of_measurement: '°C', device_class: 'temperature' }),
    expect: { category: 'TEMPERATURE_SENSOR', friendlyName: 'Livingroom temperature', interfaces: ['Alexa.TemperatureSensor', EH, A] },
  },
  { name: 'sensor of an unknown unit is not discovered', ha: 'test_unknown_sensor', entity: entity('sensor.test_sickness', '0.1', { friendly_name: 'Test Space Sickness Sensor', unit_of_measurement: 'garn' }), expect: 'not-discovered' },
  { name: 'humidity sensor is not discovered', ha: 'mapping §1 sensor', entity: entity('sensor.humidity', '40', { unit_of_measurement: '%', device_class: 'humidity' }), expect: 'not-discovered' },
  {
    name: 'door binary_sensor: CONTACT_SENSOR with ContactSensor',
    ha: 'test_contact_sensor',
    entity: entity('binary_sensor.test_contact', 'on', { friendly_name: 'Test Contact Sensor', device_class: 'door' }),
    expect: {
      category: 'CONTACT_SENSOR', friendlyName: 'Test Contact Sensor', interfaces: [CONTACT, EH, A],
      capabilities: [{ interface: CONTACT, contains: { properties: { retrievable: true, supported: [{ name: 'detectionState' }] } } }],
    },
  },
  ...(['garage_door', 'opening', 'window'] as const).map((deviceClass): DiscoveryCase => ({
    name: `${deviceClass} binary_sensor is a CONTACT_SENSOR`,
    ha: 'mapping §1 binary_sensor',
    entity: entity(`binary_sensor.${deviceClass}`, 'off', { device_class: deviceClass }),
    expect: { category: 'CONTACT_SENSOR', interfaces: [CONTACT, EH, A] },
  })),
  {
    name: 'binary_sensor forced to CONTACT_SENSOR by entity_config',
    ha: 'test_forced_contact_sensor',
    entity: entity('binary_sensor.test_contact_forced', 'on', { friendly_name: 'Test Contact Sensor With DisplayCategory' }),
    expect: { category: 'CONTACT_SENSOR', friendlyName: 'Test Contact Sensor With DisplayCategory', interfaces: [CONTACT, EH, A] },
  },
  {
    name: 'motion binary_sensor: MOTION_SENSOR with MotionSensor',
    ha: 'test_motion_sensor',
    entity: entity('binary_sensor.test_motion', 'on', { friendly_name: 'Test Motion Sensor', device_class: 'motion' }),
    expect: {
      category: 'MOTION_SENSOR', friendlyName: 'Test Motion Sensor', interfaces: ['Alexa.MotionSensor', EH, A],
      capabilities: [{ interface: 'Alexa.MotionSensor', contains: { properties: { retrievable: true, supported: [{ name: 'detectionState' }] } } }],
    },
  },
  {
    name: 'binary_sensor forced to MOTION_SENSOR by entity_config',
    ha: 'test_forced_motion_sensor',
    entity: entity('binary_sensor.test_motion_forced', 'on', { friendly_name: 'Test Motion Sensor With DisplayCategory' }),
    expect: { category: 'MOTION_SENSOR', friendlyName: 'Test Motion Sensor With DisplayCategory', interfaces: ['Alexa.MotionSensor', EH, A] },
  },
  {
    name: 'motion binary_sensor configured as CAMERA also gets EventDetectionSensor',
    ha: 'test_motion_sensor_event_detection',
    entity: entity('binary_sensor.test_motion_camera_event', 'off', { friendly_name: 'Test motion camera event', device_class: 'motion' }),
    expect: {
      category: 'CAMERA', friendlyName: 'Test motion camera event', interfaces: [A, 'Alexa.MotionSensor', 'Alexa.EventDetectionSensor', EH],
      capabilities: [{ interface: 'Alexa.EventDetectionSensor', contains: { properties: { proactivelyReported: true, retrievable: false, supported: [{ name: 'humanPresenceDetectionState' }] } } }],
    },
  },
  {
    name: 'presence binary_sensor: CAMERA with EventDetectionSensor',
    ha: 'test_presence_sensor',
    entity: entity('binary_sensor.test_presence_sensor', 'off', { friendly_name: 'Test presence sensor', device_class: 'presence' }),
    expect: {
      category: 'CAMERA', friendlyName: 'Test presence sensor', interfaces: [A, 'Alexa.EventDetectionSensor', EH],
      capabilities: [{ interface: 'Alexa.EventDetectionSensor', contains: { properties: { proactivelyReported: true, retrievable: false, supported: [{ name: 'humanPresenceDetectionState' }] } } }],
    },
  },
  {
    name: 'binary_sensor configured as DOORBELL: DoorbellEventSource, proactively reported',
    ha: 'test_doorbell_event[binary_sensor]',
    entity: entity('binary_sensor.test_doorbell', 'off', { friendly_name: 'Test Doorbell Sensor', device_class: 'occupancy' }),
    expect: {
      category: 'DOORBELL', friendlyName: 'Test Doorbell Sensor', interfaces: ['Alexa.DoorbellEventSource', EH, A],
      capabilities: [{ interface: 'Alexa.DoorbellEventSource', contains: { proactivelyReported: true } }],
    },
  },
  {
    name: 'doorbell event entity: DOORBELL with DoorbellEventSource',
    ha: 'test_doorbell_event[event]',
    entity: entity('event.test_doorbell', 'unknown', { friendly_name: 'Test Doorbell Event', event_types: ['press'], device_class: 'doorbell' }),
    expect: {
      category: 'DOORBELL', friendlyName: 'Test Doorbell Event', interfaces: ['Alexa.DoorbellEventSource', EH, A],
      capabilities: [{ interface: 'Alexa.DoorbellEventSource', contains: { proactivelyReported: true } }],
    },
    note: 'HA\'s test sets the state to None; over the REST API an event that never fired reads "unknown"',
  },
  {
    name: 'binary_sensor of an unknown device class is not discovered',
    ha: 'mapping §1 binary_sensor (HA discovers it with displayCategories null)',
    entity: entity('binary_sensor.smoke', 'off', { device_class: 'smoke' }),
    expect: 'not-discovered',
    note: 'deliberate: HA would send displayCategories null, which Alexa rejects',
  },
  {
    name: 'event entity that is not a doorbell is not discovered',
    ha: 'mapping §1 event',
    entity: entity('event.button', 'unknown', { event_types: ['press'], device_class: 'button' }),
    expect: 'not-discovered',
  },
  {
    name: 'image_processing: CAMERA with EventDetectionSensor',
    ha: 'test_image_processing',
    entity: entity('image_processing.test_face', '0', { friendly_name: 'Test face', device_class: 'face', faces: [], total_faces: 0 }),
    expect: { category: 'CAMERA', friendlyName: 'Test face', interfaces: ['Alexa.EventDetectionSensor', EH, A] },
  },

  // --- climate and water heaters -------------------------------------------------------------------
  {
    name: 'thermostat (°F) with all hvac modes and the eco preset',
    ha: 'test_thermostat',
    units: '°F',
    entity: entity('climate.test_thermostat', 'cool', thermostatAttributes),
    expect: {
      category: 'THERMOSTAT', friendlyName: 'Test Thermostat', interfaces: [POWER, 'Alexa.ThermostatController', 'Alexa.TemperatureSensor', EH, A],
      capabilities: [{ interface: 'Alexa.ThermostatController', contains: { configuration: { supportsScheduling: false, supportedModes: ['OFF', 'HEAT', 'COOL', 'AUTO', 'ECO', 'CUSTOM'] } } }],
    },
  },
  {
    name: 'thermostat with TURN_ON/TURN_OFF but no "off" hvac mode still has a PowerController',
    ha: 'test_onoff_thermostat',
    entity: entity('climate.test_thermostat', 'cool', {
      temperature: 20.0, target_temp_high: null, target_temp_low: null, current_temperature: 19.0, friendly_name: 'Test Thermostat',
      supported_features: CLIMATE.TARGET_TEMPERATURE | CLIMATE.TURN_ON | CLIMATE.TURN_OFF, hvac_modes: ['auto'], min_temp: 7, max_temp: 30,
    }),
    expect: {
      category: 'THERMOSTAT', friendlyName: 'Test Thermostat', interfaces: [POWER, 'Alexa.ThermostatController', 'Alexa.TemperatureSensor', EH, A],
      capabilities: [{ interface: 'Alexa.ThermostatController', contains: { configuration: { supportsScheduling: false, supportedModes: ['AUTO'] } } }],
    },
    note: '2025: TURN_ON/TURN_OFF features enable the PowerController (2024.1 only looked at hvac_modes)',
  },
  {
    name: 'thermostat without "off" and without TURN_ON/TURN_OFF has no PowerController',
    ha: 'test_onoff_thermostat (second device)',
    entity: entity('climate.test_thermostat', 'cool', {
      temperature: 20.0, target_temp_high: null, target_temp_low: null, current_temperature: 19.0, friendly_name: 'Test Thermostat',
      supported_features: CLIMATE.TARGET_TEMPERATURE, hvac_modes: ['auto'], min_temp: 7, max_temp: 30,
    }),
    expect: { category: 'THERMOSTAT', friendlyName: 'Test Thermostat', interfaces: ['Alexa.ThermostatController', 'Alexa.TemperatureSensor', EH, A] },
  },
  {
    name: 'thermostat without a target temperature is still fully discovered',
    ha: 'test_no_current_target_temp_adjusting_temp',
    units: '°F',
    entity: entity('climate.test_thermostat', 'cool', { ...thermostatAttributes, temperature: null }),
    expect: {
      category: 'THERMOSTAT', friendlyName: 'Test Thermostat', interfaces: [POWER, 'Alexa.ThermostatController', 'Alexa.TemperatureSensor', EH, A],
      capabilities: [{ interface: 'Alexa.ThermostatController', contains: { configuration: { supportsScheduling: false, supportedModes: ['OFF', 'HEAT', 'COOL', 'AUTO', 'ECO', 'CUSTOM'] } } }],
    },
  },
  {
    name: 'dual setpoint thermostat in auto',
    ha: 'test_thermostat_dual',
    units: '°F',
    entity: entity('climate.test_thermostat', 'auto', { ...thermostatAttributes, temperature: null, target_temp_high: 80.0, target_temp_low: 60.0 }),
    expect: { category: 'THERMOSTAT', friendlyName: 'Test Thermostat', interfaces: [POWER, 'Alexa.ThermostatController', 'Alexa.TemperatureSensor', EH, A] },
  },
  {
    name: 'water heater with operation modes: Thermostat, Mode and TemperatureSensor',
    ha: 'test_water_heater',
    units: '°F',
    entity: entity('water_heater.boyler', 'gas', {
      temperature: 70.0, target_temp_high: null, target_temp_low: null, current_temperature: 75.0, friendly_name: 'Test water heater',
      supported_features: 1 | 2 | 8, operation_list: ['off', 'gas', 'eco'], operation_mode: 'gas', min_temp: 50, max_temp: 90,
    }),
    expect: {
      category: 'WATER_HEATER', friendlyName: 'Test water heater', interfaces: [POWER, 'Alexa.ThermostatController', MODE, 'Alexa.TemperatureSensor', EH, A],
      instances: ['Alexa.ModeController:water_heater.operation_mode'],
      capabilities: [{ interface: MODE, instance: 'water_heater.operation_mode', contains: { configuration: { supportedModes: [{ value: 'operation_mode.off' }, { value: 'operation_mode.gas' }, { value: 'operation_mode.eco' }] } } }],
    },
    note: 'WATER_HEATER is not in the displayCategories enum of Amazon\'s schema (known schema gap)',
  },

  // --- security, vacuum, timer -----------------------------------------------------------------------
  {
    name: 'alarm panel, disarmed, numeric code: all arm states and FOUR_DIGIT_PIN',
    ha: 'test_alarm_control_panel_disarmed',
    entity: entity('alarm_control_panel.test_1', 'disarmed', { friendly_name: 'Test Alarm Control Panel 1', code_arm_required: false, code_format: 'number', code: '1234', supported_features: 31 }),
    expect: {
      category: 'SECURITY_PANEL', friendlyName: 'Test Alarm Control Panel 1', interfaces: ['Alexa.SecurityPanelController', EH, A],
      capabilities: [{
        interface: 'Alexa.SecurityPanelController',
        contains: { configuration: { supportedAuthorizationTypes: [{ type: 'FOUR_DIGIT_PIN' }], supportedArmStates: [{ value: 'DISARMED' }, { value: 'ARMED_STAY' }, { value: 'ARMED_AWAY' }, { value: 'ARMED_NIGHT' }] } },
      }],
    },
  },
  {
    name: 'alarm panel, armed away, away and home arming only',
    ha: 'test_alarm_control_panel_armed',
    entity: entity('alarm_control_panel.test_2', 'armed_away', { friendly_name: 'Test Alarm Control Panel 2', code_arm_required: false, code_format: 'FORMAT_NUMBER', code: '1234', supported_features: 3 }),
    expect: { category: 'SECURITY_PANEL', friendlyName: 'Test Alarm Control Panel 2', interfaces: ['Alexa.SecurityPanelController', EH, A] },
  },
  {
    name: 'alarm panel that needs a code to arm is not discovered',
    ha: 'test_alarm_control_panel_code_arm_required',
    entity: entity('alarm_control_panel.test_3', 'disarmed', { friendly_name: 'Test Alarm Control Panel 3', code_arm_required: true, supported_features: 3 }),
    expect: 'not-discovered',
  },
  {
    name: 'vacuum with on/off, pause: PowerController and TimeHoldController',
    ha: 'test_vacuum_discovery',
    entity: entity('vacuum.test_1', 'docked', { friendly_name: 'Test vacuum 1', supported_features: VACUUM.TURN_ON | VACUUM.TURN_OFF | VACUUM.START | VACUUM.STOP | VACUUM.RETURN_HOME | VACUUM.PAUSE }),
    expect: { category: 'VACUUM_CLEANER', friendlyName: 'Test vacuum 1', interfaces: [POWER, 'Alexa.TimeHoldController', EH, A] },
    note: 'VACUUM_CLEANER is not in the displayCategories enum of Amazon\'s schema (known schema gap)',
  },
  {
    name: 'vacuum with FAN_SPEED: RangeController vacuum.fan_speed with one preset per speed',
    ha: 'test_vacuum_fan_speed',
    entity: entity('vacuum.test_2', 'cleaning', {
      friendly_name: 'Test vacuum 2', supported_features: VACUUM.TURN_ON | VACUUM.TURN_OFF | VACUUM.START | VACUUM.STOP | VACUUM.PAUSE | VACUUM.FAN_SPEED,
      fan_speed_list: vacuumSpeeds, fan_speed: 'medium',
    }),
    expect: {
      category: 'VACUUM_CLEANER', friendlyName: 'Test vacuum 2', interfaces: [POWER, RANGE, 'Alexa.TimeHoldController', EH, A], instances: ['Alexa.RangeController:vacuum.fan_speed'],
      capabilities: [
        {
          interface: RANGE, instance: 'vacuum.fan_speed',
          contains: {
            capabilityResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.FanSpeed' } }] },
            configuration: {
              supportedRange: { minimumValue: 0, maximumValue: 5, precision: 1 },
              presets: [
                { rangeValue: 0, presetResources: { friendlyNames: { $exact: [{ '@type': 'text', value: { text: 'off', locale: 'en-US' } }] } } },
                { rangeValue: 1, presetResources: { friendlyNames: { $exact: [{ '@type': 'text', value: { text: 'low', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Value.Minimum' } }] } } },
                { rangeValue: 2, presetResources: { friendlyNames: { $exact: [{ '@type': 'text', value: { text: 'medium', locale: 'en-US' } }] } } },
                { rangeValue: 5, presetResources: { friendlyNames: { $exact: [{ '@type': 'text', value: { text: 'super sucker', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Value.Maximum' } }] } } },
              ],
            },
          },
        },
        { interface: 'Alexa.TimeHoldController', contains: { configuration: { allowRemoteResume: true } } },
      ],
    },
  },
  {
    name: 'vacuum without TURN_ON but with START: PowerController',
    ha: 'test_vacuum_discovery_no_turn_on',
    entity: entity('vacuum.test_5', 'cleaning', { friendly_name: 'Test vacuum 5', supported_features: VACUUM.TURN_OFF | VACUUM.START | VACUUM.RETURN_HOME }),
    expect: { category: 'VACUUM_CLEANER', interfaces: [POWER, EH, A] },
  },
  {
    name: 'vacuum without TURN_OFF but with RETURN_HOME: PowerController',
    ha: 'test_vacuum_discovery_no_turn_off',
    entity: entity('vacuum.test_6', 'cleaning', { friendly_name: 'Test vacuum 6', supported_features: VACUUM.TURN_ON | VACUUM.START | VACUUM.RETURN_HOME }),
    expect: { category: 'VACUUM_CLEANER', interfaces: [POWER, EH, A] },
  },
  {
    name: 'vacuum with START and RETURN_HOME only: PowerController',
    ha: 'test_vacuum_discovery_no_turn_on_or_off',
    entity: entity('vacuum.test_7', 'cleaning', { friendly_name: 'Test vacuum 7', supported_features: VACUUM.START | VACUUM.RETURN_HOME }),
    expect: { category: 'VACUUM_CLEANER', interfaces: [POWER, EH, A] },
  },
  {
    name: 'timer: TimeHoldController (remote resume) and PowerController, no EndpointHealth',
    ha: 'test_timer_hold',
    entity: entity('timer.laundry', 'active', { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' }),
    expect: {
      category: 'OTHER', friendlyName: 'Laundry', interfaces: [A, 'Alexa.TimeHoldController', POWER],
      capabilities: [{ interface: 'Alexa.TimeHoldController', contains: { configuration: { allowRemoteResume: true } } }],
    },
  },

  // --- remotes, numbers, cameras ---------------------------------------------------------------------
  ...([['TV', ['TV', 'MUSIC', 'DVD']], ['TV', ['TV']]] as const).map(([current, list]): DiscoveryCase => ({
    name: `remote with ACTIVITY and ${list.length} activit${list.length === 1 ? 'y' : 'ies'}: PowerController and ModeController remote.activity`,
    ha: `test_discovery_remote[${current}-${list.join(',')}]`,
    entity: entity('remote.test', 'off', { current_activity: current, activity_list: list, supported_features: 4 }),
    expect: { endpointId: 'remote#test', category: 'REMOTE', interfaces: [POWER, MODE, EH, A], instances: ['Alexa.ModeController:remote.activity'] },
    note: 'HA\'s test only requires PowerController and ModeController to be among the interfaces; REMOTE is not in the displayCategories enum of Amazon\'s schema',
  })),
  ...numberRange('input_number'),
  ...numberRange('number'),
  ...([
    ['http://nohttpswrongport.org:8123', false],
    ['http://nohttpsport443.org:443', false],
    ['https://httpsnnonstandport.org:8123', false],
    ['https://correctschemaandport.org:443', true],
    ['https://correctschemaandport.org', true],
  ] as const).map(([url, streams]): DiscoveryCase => ({
    name: `camera with the stream integration and external URL ${url}: ${streams ? 'CameraStreamController' : 'no stream (HTTPS on port 443 needed)'}`,
    ha: `test_camera_hass_urls[${url}]`,
    entity: entity('camera.test', 'idle', { friendly_name: 'Test camera', supported_features: 3 }),
    haConfig: { components: ['api', 'alexa', 'stream'], external_url: url },
    expect: streams
      ? {
          category: 'CAMERA', interfaces: ['Alexa.CameraStreamController', EH, A],
          capabilities: [{
            interface: 'Alexa.CameraStreamController',
            contains: { cameraStreamConfigurations: [{ protocols: ['HLS'], resolutions: [{ width: 1280, height: 720 }], authorizationTypes: ['NONE'], videoCodecs: ['H264'], audioCodecs: ['AAC'] }] },
          }],
        }
      : { category: 'CAMERA', interfaces: [EH, A] },
    note: 'HA counts the capabilities (3 with the stream, 2 without); the category comes from HA\'s MockConfig entity_config',
  })),
  {
    name: 'camera without the stream integration: EndpointHealth only',
    ha: 'test_camera_discovery_without_stream',
    entity: entity('camera.test', 'idle', { friendly_name: 'Test camera', supported_features: 3 }),
    expect: { category: 'CAMERA', interfaces: [EH, A] },
  },

  // --- names, descriptions, attributes, filters --------------------------------------------------------
  {
    name: 'entity_config overrides name (special characters removed), description and category',
    ha: 'test_entity_config (light)',
    entity: entity('light.test_1', 'on', { friendly_name: 'Test light 1' }),
    filter: { entity_config: { 'light.test_1': { name: 'Config *name*', display_categories: 'SWITCH', description: 'Config >!<description' } } },
    expect: { category: 'SWITCH', friendlyName: 'Config name', description: 'Config description via Home Assistant', interfaces: [POWER, EH, A] },
  },
  {
    name: 'scene description gets " (Scene)" appended',
    ha: 'test_entity_config (scene)',
    entity: entity('scene.test_1', 'scening', { friendly_name: 'Test 1' }),
    filter: { entity_config: { 'scene.test_1': { description: 'Config description' } } },
    expect: { category: 'SCENE_TRIGGER', friendlyName: 'Test 1', description: 'Config description via Home Assistant (Scene)', interfaces: ['Alexa.SceneController', A] },
  },
  {
    name: 'additionalAttributes name Home Assistant and the domain',
    ha: 'test_serialize_discovery',
    entity: entity('switch.bla', 'on', { friendly_name: 'Boop Woz' }),
    expect: {
      category: 'SWITCH', friendlyName: 'Boop Woz', interfaces: [POWER, CONTACT, EH, A],
      endpointContains: { manufacturerName: 'Home Assistant', additionalAttributes: { manufacturer: 'Home Assistant', model: 'switch' } },
    },
    note: 'softwareVersion (HA\'s version) and customIdentifier (user id + entity_id) are not checked: the bridge does not read them for discovery',
  },
  {
    name: 'friendly name falls back to the object id with spaces',
    ha: 'mapping §1 state.name',
    entity: entity('switch.garden_pump', 'off'),
    expect: { category: 'SWITCH', friendlyName: 'garden pump', interfaces: [POWER, CONTACT, EH, A] },
  },
  { name: 'entity of an unsupported domain is not discovered', ha: 'test_unsupported_domain', entity: entity('woz.boop', 'on', { friendly_name: 'Boop Woz' }), expect: 'not-discovered' },
  ...(['select', 'input_select', 'counter', 'person', 'device_tracker', 'siren', 'weather', 'update', 'sun', 'zone'] as const).map((domain): DiscoveryCase => ({
    name: `${domain} has no Alexa adapter and is not discovered`,
    ha: 'mapping §1 not supported',
    entity: entity(`${domain}.thing`, 'on', { friendly_name: `A ${domain}` }),
    expect: 'not-discovered',
  })),
  {
    name: 'fan, humidifier and switch without attributes and a temperature sensor are all discovered',
    ha: 'test_serialize_discovery_partly_fails',
    entity: entity('switch.bla', 'on', { friendly_name: 'My Switch' }),
    others: [
      entity('fan.bla', 'on', { friendly_name: 'My Fan' }),
      entity('humidifier.bla', 'on', { friendly_name: 'My Humidifier' }),
      entity('sensor.bla', '20.1', { friendly_name: 'Livingroom temperature', unit_of_measurement: '°C', device_class: 'temperature' }),
    ],
    expect: { count: 4 },
  },
  {
    name: 'exclude filter drops a domain and an entity',
    ha: 'test_exclude_filters',
    entity: entity('switch.test', 'on', { friendly_name: 'Test switch' }),
    others: [entity('script.deny', 'off', { friendly_name: 'Blocked script' }), entity('cover.deny', 'off', { friendly_name: 'Blocked cover' })],
    filter: { include_domains: [], include_entities: [], exclude_domains: ['script'], exclude_entities: ['cover.deny'] },
    expect: { count: 1 },
  },
  {
    name: 'include filter keeps listed domains and entities only',
    ha: 'test_include_filters',
    entity: entity('automation.allow', 'off', { friendly_name: 'Allowed automation' }),
    others: [entity('switch.deny', 'on', { friendly_name: 'Blocked switch' }), entity('script.deny', 'off', { friendly_name: 'Blocked script' }), entity('group.allow', 'off', { friendly_name: 'Allowed group' })],
    filter: { include_domains: ['automation', 'group'], include_entities: ['script.deny'], exclude_domains: [], exclude_entities: [] },
    expect: { count: 3 },
  },
  {
    name: 'group.all_locks is never exposed, even when groups are included',
    ha: 'test_never_exposed_entities',
    entity: entity('group.allow', 'off', { friendly_name: 'Allowed group' }),
    others: [entity('group.all_locks', 'on', { friendly_name: 'Blocked locks' })],
    filter: { include_domains: ['group'], include_entities: [], exclude_domains: [], exclude_entities: [] },
    expect: { count: 1 },
  },
];
