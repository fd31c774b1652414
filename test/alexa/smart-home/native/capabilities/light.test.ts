/**
 * Lights: interfaces chosen from `supported_color_modes`, and the exact `light.turn_on` data for
 * brightness, colour (HSB → RGB as HA computes it) and colour temperature (kelvin, clamped steps).
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { hsbToRgb } from '../../../../../src/alexa/smart-home/native/capabilities/color-controller.js';
import { checkDirective, directive, discoverDirective, endpointsOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'minimal' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const POWER = 'Alexa.PowerController';
const BRIGHT = 'Alexa.BrightnessController';
const COLOR = 'Alexa.ColorController';
const TEMP = 'Alexa.ColorTemperatureController';
const TAIL = ['Alexa.EndpointHealth', 'Alexa'];

t.test('discovery: interfaces follow supported_color_modes (legacy feature bits are ignored)', async (t) => {
  const rows: [string, Record<string, unknown>, string[]][] = [
    ['onoff only', { supported_color_modes: ['onoff'] }, [POWER]],
    ['no modes at all', {}, [POWER]],
    ['brightness', { supported_color_modes: ['brightness'] }, [POWER, BRIGHT]],
    ['white', { supported_color_modes: ['white', 'hs'] }, [POWER, BRIGHT, COLOR]],
    ['color_temp', { supported_color_modes: ['color_temp'] }, [POWER, BRIGHT, TEMP]],
    ['hs + color_temp', { supported_color_modes: ['hs', 'color_temp'] }, [POWER, BRIGHT, COLOR, TEMP]],
    ['xy', { supported_color_modes: ['xy'] }, [POWER, BRIGHT, COLOR]],
    ['rgb', { supported_color_modes: ['rgb'] }, [POWER, BRIGHT, COLOR]],
    ['rgbw', { supported_color_modes: ['rgbw'] }, [POWER, BRIGHT, COLOR]],
    ['rgbww + color_temp', { supported_color_modes: ['rgbww', 'color_temp'] }, [POWER, BRIGHT, COLOR, TEMP]],
    ['legacy features but onoff mode', { supported_color_modes: ['onoff'], supported_features: 63 }, [POWER]],
  ];
  setStates(fake.states, rows.map(([what, attributes], index) => state(`light.l${index}`, 'on', { friendly_name: what, ...attributes })));
  const response = await invoke(discoverDirective());
  const endpoints = endpointsOf(response);
  t.equal(endpoints.length, rows.length);
  for (const [index, [what, , interfaces]] of rows.entries()) {
    const endpoint = endpoints.find((e) => e.endpointId === `light#l${index}`);
    t.same(endpoint?.displayCategories, ['LIGHT'], `${what}: LIGHT`);
    t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [...interfaces, ...TAIL], `${what}: ${interfaces.join(', ')}`);
  }
  assertSmartHomeValid(t, response);
});

const light = (attributes: Record<string, unknown>) =>
  state('light.bulb', 'on', { supported_color_modes: ['hs', 'color_temp'], brightness: 128, min_color_temp_kelvin: 2000, max_color_temp_kelvin: 6500, ...attributes });
const turnOn = (data: Record<string, unknown>) => [{ service: 'light.turn_on', data: { entity_id: 'light.bulb', ...data } }];

const DIRECTIVES: DirectiveCase[] = [
  { what: 'SetBrightness 42', entity: light({}), namespace: BRIGHT, name: 'SetBrightness', payload: { brightness: 42 }, calls: turnOn({ brightness_pct: 42 }), context: { [`${BRIGHT}.brightness`]: 42 } },
  { what: 'SetBrightness 0', entity: light({}), namespace: BRIGHT, name: 'SetBrightness', payload: { brightness: 0 }, calls: turnOn({ brightness_pct: 0 }) },
  { what: 'SetBrightness as a string', entity: light({}), namespace: BRIGHT, name: 'SetBrightness', payload: { brightness: '75' }, calls: turnOn({ brightness_pct: 75 }) },
  { what: 'SetBrightness 150 is out of range', entity: light({}), namespace: BRIGHT, name: 'SetBrightness', payload: { brightness: 150 }, error: 'VALUE_OUT_OF_RANGE' },
  { what: 'AdjustBrightness +25', entity: light({}), namespace: BRIGHT, name: 'AdjustBrightness', payload: { brightnessDelta: 25 }, calls: turnOn({ brightness_step_pct: 25 }) },
  { what: 'AdjustBrightness -40', entity: light({}), namespace: BRIGHT, name: 'AdjustBrightness', payload: { brightnessDelta: -40 }, calls: turnOn({ brightness_step_pct: -40 }) },
  { what: 'SetColor red', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 0, saturation: 1, brightness: 1 } }, calls: turnOn({ rgb_color: [255, 0, 0] }), context: { [`${COLOR}.color`]: { hue: 0, saturation: 1, brightness: 1 } } },
  { what: 'SetColor (HA\'s own example)', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 120, saturation: 0.612, brightness: 0.342 } }, calls: turnOn({ rgb_color: [33, 87, 33] }) },
  { what: 'SetColor Amazon sample', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 350.5, saturation: 0.7138, brightness: 0.6524 } }, calls: turnOn({ rgb_color: [166, 47, 66] }) },
  { what: 'SetColor white (no saturation)', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 200, saturation: 0, brightness: 0.5 } }, calls: turnOn({ rgb_color: [127, 127, 127] }) },
  { what: 'SetColor saturation 1.5 is out of range', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 10, saturation: 1.5, brightness: 1 } }, error: 'VALUE_OUT_OF_RANGE' },
  { what: 'AdjustBrightness +150 is out of range', entity: light({}), namespace: BRIGHT, name: 'AdjustBrightness', payload: { brightnessDelta: 150 }, error: 'VALUE_OUT_OF_RANGE' },
  { what: 'SetColorTemperature 500 K is out of range', entity: light({}), namespace: TEMP, name: 'SetColorTemperature', payload: { colorTemperatureInKelvin: 500 }, error: 'VALUE_OUT_OF_RANGE' },
  { what: 'Increase without a published range uses HA\'s default maximum (6535 K)', entity: light({ color_temp_kelvin: 6400, min_color_temp_kelvin: undefined, max_color_temp_kelvin: undefined }), namespace: TEMP, name: 'IncreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 6535 }) },
  { what: 'Decrease without a published range uses HA\'s default minimum (2000 K)', entity: light({ color_temp_kelvin: 2100, min_color_temp_kelvin: undefined, max_color_temp_kelvin: undefined }), namespace: TEMP, name: 'DecreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 2000 }) },
  { what: 'SetColor hue 400 is out of range', entity: light({}), namespace: COLOR, name: 'SetColor', payload: { color: { hue: 400, saturation: 1, brightness: 1 } }, error: 'VALUE_OUT_OF_RANGE' },
  { what: 'SetColorTemperature 7500', entity: light({}), namespace: TEMP, name: 'SetColorTemperature', payload: { colorTemperatureInKelvin: 7500 }, calls: turnOn({ color_temp_kelvin: 7500 }) },
  { what: 'SetColorTemperature 2700', entity: light({}), namespace: TEMP, name: 'SetColorTemperature', payload: { colorTemperatureInKelvin: 2700 }, calls: turnOn({ color_temp_kelvin: 2700 }), context: { [`${TEMP}.colorTemperatureInKelvin`]: 2700 } },
  { what: 'Increase from 3000 (cooler, +500)', entity: light({ color_temp_kelvin: 3000 }), namespace: TEMP, name: 'IncreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 3500 }) },
  { what: 'Increase clamped to max_color_temp_kelvin', entity: light({ color_temp_kelvin: 6300 }), namespace: TEMP, name: 'IncreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 6500 }) },
  { what: 'Decrease from 3000 (warmer, -500)', entity: light({ color_temp_kelvin: 3000 }), namespace: TEMP, name: 'DecreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 2500 }) },
  { what: 'Decrease clamped to min_color_temp_kelvin', entity: light({ color_temp_kelvin: 2200 }), namespace: TEMP, name: 'DecreaseColorTemperature', calls: turnOn({ color_temp_kelvin: 2000 }) },
  { what: 'Increase with no current temperature', entity: light({ color_temp_kelvin: null }), namespace: TEMP, name: 'IncreaseColorTemperature', error: 'INVALID_VALUE' },
  { what: 'TurnOn', entity: light({}), namespace: POWER, name: 'TurnOn', calls: [{ service: 'light.turn_on', data: { entity_id: 'light.bulb' } }] },
];

t.test('directives call light.turn_on with exactly HA\'s data', async (t) => {
  for (const row of DIRECTIVES) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('the answer\'s context carries the state Home Assistant reports after the command', async (t) => {
  fake.applyServiceEffects = true;
  t.teardown(() => {
    fake.applyServiceEffects = false;
  });
  fake.reset();
  fake.states.set('light.bulb', state('light.bulb', 'off', { supported_color_modes: ['brightness'] }));
  const response = await invoke(directive(POWER, 'TurnOn', { endpointId: 'light#bulb' }));
  t.equal(propertyOf(response, POWER, 'powerState'), 'ON', 'powerState after the command');
  t.equal(propertyOf(response, BRIGHT, 'brightness'), 100);
  assertSmartHomeValid(t, response);
});

t.test('ReportState reads brightness, colour and colour temperature', async (t) => {
  const rows: [string, Record<string, unknown>, string, Record<string, unknown>][] = [
    ['on, hs', { brightness: 128, hs_color: [30, 60], color_temp_kelvin: null }, 'on', { brightness: 50, color: { hue: 30, saturation: 0.6, brightness: 128 / 255 }, colorTemperatureInKelvin: undefined }],
    ['on, color_temp', { brightness: 255, hs_color: [27, 19], color_temp_kelvin: 4000 }, 'on', { brightness: 100, colorTemperatureInKelvin: 4000 }],
    ['legacy mireds', { brightness: 255, color_temp: 250 }, 'on', { colorTemperatureInKelvin: 4000 }],
    ['off', { brightness: null, hs_color: null, color_temp_kelvin: null }, 'off', { brightness: 0, color: { hue: 0, saturation: 0, brightness: 0 }, colorTemperatureInKelvin: undefined }],
  ];
  for (const [what, attributes, value, expected] of rows) {
    fake.states.set('light.bulb', state('light.bulb', value, { supported_color_modes: ['hs', 'color_temp'], ...attributes }));
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'light#bulb' }));
    for (const [name, want] of Object.entries(expected)) {
      const namespace = name === 'brightness' ? BRIGHT : name === 'color' ? COLOR : TEMP;
      t.same(propertyOf(response, namespace, name), want, `${what}: ${name}`);
    }
    assertSmartHomeValid(t, response, what);
  }
});

t.test('hsbToRgb keeps HA\'s sextant algorithm, including hue 360 → black', (t) => {
  t.same(hsbToRgb(60, 1, 1), [255, 255, 0]);
  t.same(hsbToRgb(240, 1, 1), [0, 0, 255]);
  t.same(hsbToRgb(300, 0.5, 1), [255, 127, 255]);
  t.same(hsbToRgb(360, 1, 1), [0, 0, 0]);
  t.end();
});
