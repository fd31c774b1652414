/**
 * The instance-based controllers (Range, Mode, Toggle) for covers, valves, fans, humidifiers,
 * numbers and water heaters: what each instance calls, how malformed or unknown requests are
 * refused, and what ReportState says when HA's attributes are missing or odd. HA's own cases are in
 * `../../ha-parity/`; these rows cover the edges around them.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { byInstance } from '../../../../../src/alexa/smart-home/native/capabilities/instance-specs.js';
import { AlexaInvalidValueError } from '../../../../../src/alexa/smart-home/errors.js';
import { INPUT_NUMBER_VALUE_RANGE } from '../../../../../src/alexa/smart-home/native/capabilities/number-controls.js';
import type { DirectiveContext } from '../../../../../src/alexa/smart-home/native/capabilities/types.js';
import { toEntityView } from '../../../../../src/alexa/smart-home/native/entity-view.js';
import { checkDirective, directive, endpointsOf, discoverDirective, loadHandler, propertyOf, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const RANGE = 'Alexa.RangeController';
const MODE = 'Alexa.ModeController';
const TOGGLE = 'Alexa.ToggleController';
const blind = state('cover.blind', 'open', { device_class: 'blind', supported_features: 1 | 2 | 4, current_position: 40 });
const garage = state('cover.garage', 'closed', { device_class: 'garage', supported_features: 3 });
const valve = state('valve.main', 'open', { supported_features: 1 | 2 | 8 });
const fan = state('fan.ceiling', 'on', { supported_features: 1 | 4 | 8, percentage: 50, preset_modes: ['breeze'], preset_mode: 'breeze', direction: 'forward' });
const humidifier = state('humidifier.bedroom', 'on', { supported_features: 1, available_modes: ['normal', 'sleep'], mode: 'normal', min_humidity: 30, max_humidity: 70 });
const thermometerNumber = state('number.setpoint', 'abc', { min: 5, max: 30, step: 0.5, unit_of_measurement: '°C' });
const call = (service: string, entityId: string, data: Record<string, unknown> = {}) => [{ service, data: { entity_id: entityId, ...data } }];

t.test('directives the instance controllers refuse', async (t) => {
  const rows: DirectiveCase[] = [
    { what: 'SetRangeValue without an instance', entity: blind, namespace: RANGE, name: 'SetRangeValue', payload: { rangeValue: 10 }, error: 'INVALID_DIRECTIVE' },
    { what: 'SetMode without an instance', entity: garage, namespace: MODE, name: 'SetMode', payload: { mode: 'position.open' }, error: 'INVALID_DIRECTIVE' },
    { what: 'ToggleController.TurnOn without an instance', entity: valve, namespace: TOGGLE, name: 'TurnOn', error: 'INVALID_DIRECTIVE' },
    { what: 'ToggleController on an instance nobody answers', entity: valve, namespace: TOGGLE, name: 'TurnOn', instance: 'valve.flush', error: 'INVALID_DIRECTIVE' },
    { what: 'a rangeValue that is not a number', entity: blind, namespace: RANGE, name: 'SetRangeValue', instance: 'cover.position', payload: { rangeValue: 'half' }, error: 'INVALID_DIRECTIVE' },
    { what: 'a mode that is not a string', entity: garage, namespace: MODE, name: 'SetMode', instance: 'cover.position', payload: { mode: 3 }, error: 'INVALID_DIRECTIVE' },
    { what: 'a mode without its instance prefix', entity: garage, namespace: MODE, name: 'SetMode', instance: 'cover.position', payload: { mode: 'open' }, error: 'INVALID_VALUE' },
    { what: 'a cover position mode that does not exist', entity: garage, namespace: MODE, name: 'SetMode', instance: 'cover.position', payload: { mode: 'position.ajar' }, error: 'INVALID_VALUE' },
    { what: 'a valve state that does not exist', entity: valve, namespace: MODE, name: 'SetMode', instance: 'valve.state', payload: { mode: 'state.ajar' }, error: 'INVALID_VALUE' },
    { what: 'a fan direction that does not exist', entity: fan, namespace: MODE, name: 'SetMode', instance: 'fan.direction', payload: { mode: 'direction.sideways' }, error: 'INVALID_VALUE' },
    { what: 'adjusting a humidifier that reports no target', entity: humidifier, namespace: RANGE, name: 'AdjustRangeValue', instance: 'humidifier.humidity', payload: { rangeValueDelta: 5, rangeValueDeltaDefault: false }, error: 'INVALID_VALUE' },
    { what: 'adjusting a humidifier whose target is 0 (HA: unknown)', entity: state('humidifier.bedroom', 'on', { ...humidifier.attributes, humidity: 0 }), namespace: RANGE, name: 'AdjustRangeValue', instance: 'humidifier.humidity', payload: { rangeValueDelta: 5, rangeValueDeltaDefault: false }, error: 'INVALID_VALUE' },
    { what: 'adjusting a number whose state is empty', entity: state('number.setpoint', '', thermometerNumber.attributes), namespace: RANGE, name: 'AdjustRangeValue', instance: 'number.value', payload: { rangeValueDelta: 1, rangeValueDeltaDefault: false }, error: 'INVALID_VALUE' },
    { what: 'adjusting a number whose state is not a number', entity: thermometerNumber, namespace: RANGE, name: 'AdjustRangeValue', instance: 'number.value', payload: { rangeValueDelta: 1, rangeValueDeltaDefault: false }, error: 'INVALID_VALUE' },
  ];
  for (const row of rows) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('what the instances call', async (t) => {
  const rows: DirectiveCase[] = [
    { what: 'garage door opens through its mode (it has no PowerController)', entity: garage, namespace: MODE, name: 'SetMode', instance: 'cover.position', payload: { mode: 'position.open' }, calls: call('cover.open_cover', 'cover.garage'), context: { 'Alexa.ModeController.mode:cover.position': 'position.open' } },
    { what: 'valve stop', entity: valve, namespace: TOGGLE, name: 'TurnOn', instance: 'valve.stop', calls: call('valve.stop_valve', 'valve.main'), context: { 'Alexa.ToggleController.toggleState:valve.stop': 'ON' } },
    { what: 'fan preset from the list', entity: fan, namespace: MODE, name: 'SetMode', instance: 'fan.preset_mode', payload: { mode: 'preset_mode.breeze' }, calls: call('fan.set_preset_mode', 'fan.ceiling', { preset_mode: 'breeze' }) },
    { what: 'humidifier sleep mode', entity: humidifier, namespace: MODE, name: 'SetMode', instance: 'humidifier.mode', payload: { mode: 'mode.sleep' }, calls: call('humidifier.set_mode', 'humidifier.bedroom', { mode: 'sleep' }) },
    { what: 'humidity adjusted within min/max', entity: state('humidifier.bedroom', 'on', { ...humidifier.attributes, humidity: 65 }), namespace: RANGE, name: 'AdjustRangeValue', instance: 'humidifier.humidity', payload: { rangeValueDelta: 2, rangeValueDeltaDefault: true }, calls: call('humidifier.set_humidity', 'humidifier.bedroom', { humidity: 70 }) },
    { what: 'number set in half steps', entity: state('number.setpoint', '20', thermometerNumber.attributes), namespace: RANGE, name: 'SetRangeValue', instance: 'number.value', payload: { rangeValue: '21.5' }, calls: call('number.set_value', 'number.setpoint', { value: 21.5 }) },
  ];
  for (const row of rows) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('ReportState when attributes are missing or the state is unusual', async (t) => {
  const cases: [string, ReturnType<typeof state>, Record<string, unknown>][] = [
    ['a cover publishing only current_tilt_position', state('cover.slats', 'open', { supported_features: 128, current_tilt_position: 70 }), { 'Alexa.RangeController.rangeValue:cover.tilt': 70 }],
    ['a cover publishing only tilt_position (what HA\'s tests set)', state('cover.slats', 'open', { supported_features: 128, tilt_position: 30 }), { 'Alexa.RangeController.rangeValue:cover.tilt': 30 }],
    ['an open/close cover that is stopped half way reports no mode', state('cover.door', 'stopped', { device_class: 'door', supported_features: 3 }), { 'Alexa.ModeController.mode:cover.position': undefined }],
    ['a valve in an unusual state reports no mode', state('valve.main', 'stuck', valve.attributes), { 'Alexa.ModeController.mode:valve.state': undefined, 'Alexa.ToggleController.toggleState:valve.stop': 'OFF' }],
    ['a valve in an unknown state reports no toggle state', state('valve.main', 'unknown', valve.attributes), { 'Alexa.ToggleController.toggleState:valve.stop': undefined, 'Alexa.ModeController.mode:valve.state': 'state.unknown' }],
    ['an unavailable cover reports no position', state('cover.blind', 'unavailable', blind.attributes), { 'Alexa.RangeController.rangeValue:cover.position': undefined }],
    ['a fan preset outside its list', state('fan.ceiling', 'on', { ...fan.attributes, preset_mode: 'turbo' }), { 'Alexa.ModeController.mode:fan.preset_mode': undefined, 'Alexa.RangeController.rangeValue:fan.percentage': 50 }],
    ['a humidifier mode outside its list and no target (off)', state('humidifier.bedroom', 'off', { ...humidifier.attributes, mode: 'away' }), { 'Alexa.ModeController.mode:humidifier.mode': undefined, 'Alexa.RangeController.rangeValue:humidifier.humidity': 0 }],
    ['a number whose state is not a number', thermometerNumber, { 'Alexa.RangeController.rangeValue:number.value': undefined }],
  ];
  for (const [what, entity, expected] of cases) {
    fake.reset();
    fake.states.clear();
    fake.states.set(entity.entity_id, entity);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: entity.entity_id.replace('.', '#') }));
    for (const [key, value] of Object.entries(expected)) {
      const [path, instance] = key.split(':');
      const dot = (path ?? '').lastIndexOf('.');
      t.same(propertyOf(response, (path ?? '').slice(0, dot), (path ?? '').slice(dot + 1), instance), value, `${what}: ${key}`);
    }
    assertSmartHomeValid(t, response, what);
  }
});

t.test('discovery details: number units and steps, numbers without limits', async (t) => {
  fake.reset();
  fake.states.clear();
  for (const entity of [
    state('number.setpoint', '20', thermometerNumber.attributes),
    state('input_number.volume', '3', { min: 0, max: 10 }),
    state('input_number.unbounded', '3', { step: 1 }),
    state('cover.slats', 'open', { supported_features: 128 | 16 | 32, current_tilt_position: 70 }),
    state('cover.venetian', 'open', { device_class: 'blind', supported_features: 1 | 2 | 128 }),
  ]) fake.states.set(entity.entity_id, entity);
  const response = await invoke(discoverDirective());
  const endpoints = endpointsOf(response);
  const byId = (id: string) => endpoints.find((e) => e.endpointId === id);
  const rangeOf = (id: string) => (byId(id)?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === RANGE);
  t.same(rangeOf('number#setpoint'), {
    type: 'AlexaInterface', interface: RANGE, version: '3', instance: 'number.value',
    properties: { supported: [{ name: 'rangeValue' }], proactivelyReported: true, retrievable: true, nonControllable: false },
    capabilityResources: { friendlyNames: [{ '@type': 'text', value: { text: 'Value', locale: 'en-US' } }, { '@type': 'asset', value: { assetId: 'Alexa.Unit.Temperature.Celsius' } }] },
    configuration: {
      supportedRange: { minimumValue: 5, maximumValue: 30, precision: 0.5 },
      presets: [
        { rangeValue: 5, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Minimum' } }] } },
        { rangeValue: 30, presetResources: { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Value.Maximum' } }] } },
      ],
    },
  }, 'a °C number: the unit as its second name and its step as precision');
  t.match(rangeOf('input_number#volume'), { configuration: { supportedRange: { minimumValue: 0, maximumValue: 10, precision: 1 } } }, 'no step: precision 1');
  t.equal(byId('input_number#unbounded'), undefined, 'a number without min and max is not discovered (Alexa needs a range)');
  t.ok(byId('cover#slats') !== undefined, 'a tilt-only cover is discovered');
  const venetianMode = (byId('cover#venetian')?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === MODE);
  t.same(venetianMode?.semantics, {
    actionMappings: [
      { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Lower'], directive: { name: 'SetMode', payload: { mode: 'position.closed' } } },
      { '@type': 'ActionsToDirective', actions: ['Alexa.Actions.Raise'], directive: { name: 'SetMode', payload: { mode: 'position.open' } } },
    ],
  }, 'a cover that tilts leaves "open" and "close" to its slats: its position mode answers only raise and lower');
  assertSmartHomeValid(t, response);
});

t.test('a number without limits is refused even when asked directly (it is never discovered)', async (t) => {
  const calls: unknown[] = [];
  const entity = toEntityView(state('input_number.free', '3', { step: 1 }), undefined);
  const ctx = { entity, callService: (...args: unknown[]) => { calls.push(args); return Promise.resolve(); } } as unknown as DirectiveContext;
  await t.rejects(INPUT_NUMBER_VALUE_RANGE.set(ctx, 5), new AlexaInvalidValueError('input_number.free: has no min and max'));
  t.same(calls, [], 'no call');
});

t.test('an instance answered by two specs is a programming error caught at the first directive', (t) => {
  const spec = { instance: 'cover.position' };
  t.throws(() => byInstance([spec, spec]), /Two specs answer the instance cover.position/);
  t.equal(byInstance([spec]).get('cover.position'), spec);
  t.end();
});
