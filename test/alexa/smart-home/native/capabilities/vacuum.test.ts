/**
 * Vacuums: power only when they can both start and stop, fan speed as a range of list indexes with
 * one preset per speed, pause/resume through TimeHoldController; the services HA calls for each
 * directive and the fan speed index ReportState reads. Rows restate HA's `test_vacuum_*` tests.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import type { HaState } from '../../../../../src/homeassistant/types.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

/** HA `VacuumEntityFeature`. */
const V = { TURN_ON: 1, TURN_OFF: 2, PAUSE: 4, STOP: 8, RETURN_HOME: 16, FAN_SPEED: 32, START: 8192 } as const;
const POWER = 'Alexa.PowerController';
const RANGE = 'Alexa.RangeController';
const HOLD = 'Alexa.TimeHoldController';
const EH = 'Alexa.EndpointHealth';
const FAN_SPEED = 'vacuum.fan_speed';
const speeds = ['off', 'low', 'medium', 'high', 'turbo', 'super_sucker'];

const vacuum = (id: string, value: string, features: number, extra: Record<string, unknown> = {}): HaState => state(`vacuum.${id}`, value, { friendly_name: `Vacuum ${id}`, supported_features: features, ...extra });
const withFan = vacuum('test_2', 'cleaning', V.TURN_ON | V.TURN_OFF | V.START | V.STOP | V.PAUSE | V.FAN_SPEED, { fan_speed_list: speeds, fan_speed: 'medium' });

function capability(endpoint: Record<string, unknown> | undefined, name: string): Record<string, unknown> | undefined {
  return (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === name);
}

t.test('discovery: interfaces from the features', async (t) => {
  const rows: [string, HaState, string[], boolean?][] = [
    ['on/off, start, return, pause', vacuum('test_1', 'docked', V.TURN_ON | V.TURN_OFF | V.START | V.STOP | V.RETURN_HOME | V.PAUSE), [POWER, HOLD, EH, 'Alexa'], true],
    ['fan speed', withFan, [POWER, RANGE, HOLD, EH, 'Alexa'], true],
    ['start instead of turn on', vacuum('test_5', 'cleaning', V.TURN_OFF | V.START | V.RETURN_HOME), [POWER, EH, 'Alexa']],
    ['return home instead of turn off', vacuum('test_6', 'cleaning', V.TURN_ON | V.START | V.RETURN_HOME), [POWER, EH, 'Alexa']],
    ['start and return home only', vacuum('test_7', 'cleaning', V.START | V.RETURN_HOME), [POWER, EH, 'Alexa']],
    ['can start but not stop: no power', vacuum('test_8', 'docked', V.START | V.PAUSE), [HOLD, EH, 'Alexa'], true],
    ['pause without start: Alexa may not resume', vacuum('test_9', 'docked', V.PAUSE), [HOLD, EH, 'Alexa'], false],
    ['no features: still an endpoint, as in HA', vacuum('test_10', 'docked', 0), [EH, 'Alexa']],
    ['FAN_SPEED without a list of speeds: no range', vacuum('test_11', 'docked', V.FAN_SPEED), [EH, 'Alexa']],
    ['FAN_SPEED with an empty list: no range', vacuum('test_12', 'docked', V.FAN_SPEED, { fan_speed_list: [] }), [EH, 'Alexa']],
  ];
  for (const [what, entity, interfaces, resume] of rows) {
    setStates(fake.states, [entity]);
    const response = await invoke(discoverDirective());
    assertSmartHomeValid(t, response, what);
    const [endpoint] = endpointsOf(response);
    t.same(endpoint?.displayCategories, ['VACUUM_CLEANER'], `${what}: VACUUM_CLEANER`);
    t.same(endpoint === undefined ? [] : interfacesOf(endpoint).map((name) => name.replace(`:${FAN_SPEED}`, '')), interfaces, `${what}: interfaces`);
    if (resume !== undefined) t.same(capability(endpoint, HOLD)?.configuration, { allowRemoteResume: resume }, `${what}: allowRemoteResume ${String(resume)}`);
  }
});

t.test('discovery: fan speed presets', async (t) => {
  setStates(fake.states, [withFan]);
  const response = await invoke(discoverDirective());
  const range = capability(endpointsOf(response)[0], RANGE);
  const text = (name: string): Record<string, unknown> => ({ '@type': 'text', value: { text: name, locale: 'en-US' } });
  const asset = (id: string): Record<string, unknown> => ({ '@type': 'asset', value: { assetId: id } });
  t.equal(range?.instance, FAN_SPEED);
  t.same(range?.properties, { supported: [{ name: 'rangeValue' }], proactivelyReported: true, retrievable: true, nonControllable: false });
  t.same(range?.capabilityResources, { friendlyNames: [asset('Alexa.Setting.FanSpeed')] });
  t.same(range?.configuration, {
    supportedRange: { minimumValue: 0, maximumValue: 5, precision: 1 },
    presets: [
      { rangeValue: 0, presetResources: { friendlyNames: [text('off')] } },
      { rangeValue: 1, presetResources: { friendlyNames: [text('low'), asset('Alexa.Value.Minimum')] } },
      { rangeValue: 2, presetResources: { friendlyNames: [text('medium')] } },
      { rangeValue: 3, presetResources: { friendlyNames: [text('high')] } },
      { rangeValue: 4, presetResources: { friendlyNames: [text('turbo')] } },
      { rangeValue: 5, presetResources: { friendlyNames: [text('super sucker'), asset('Alexa.Value.Maximum')] } },
    ],
  });
});

const call = (service: string, entity: HaState, data: Record<string, unknown> = {}): { service: string; data: Record<string, unknown> } => ({
  service: `vacuum.${service}`,
  data: { entity_id: entity.entity_id, ...data },
});
const power = (what: string, entity: HaState, on: string, off: string): DirectiveCase[] => [
  { what: `${what}: TurnOn`, entity, namespace: POWER, name: 'TurnOn', calls: [call(on, entity)] },
  { what: `${what}: TurnOff`, entity, namespace: POWER, name: 'TurnOff', calls: [call(off, entity)] },
];
const setSpeed = (rangeValue: unknown, speed: string, index: number): DirectiveCase => ({
  what: `SetRangeValue ${String(rangeValue)}`, entity: withFan, namespace: RANGE, name: 'SetRangeValue', instance: FAN_SPEED, payload: { rangeValue },
  calls: [call('set_fan_speed', withFan, { fan_speed: speed })], context: { [`${RANGE}.rangeValue:${FAN_SPEED}`]: index },
});
const adjustSpeed = (delta: number, speed: string, index: number): DirectiveCase => ({
  what: `AdjustRangeValue ${delta} from medium`, entity: withFan, namespace: RANGE, name: 'AdjustRangeValue', instance: FAN_SPEED, payload: { rangeValueDelta: delta, rangeValueDeltaDefault: false },
  calls: [call('set_fan_speed', withFan, { fan_speed: speed })], context: { [`${RANGE}.rangeValue:${FAN_SPEED}`]: index },
});

const ROWS: DirectiveCase[] = [
  ...power('TURN_ON and TURN_OFF', vacuum('test_1', 'docked', V.TURN_ON | V.TURN_OFF | V.START | V.RETURN_HOME), 'turn_on', 'turn_off'),
  ...power('START, no TURN_ON', vacuum('test_5', 'cleaning', V.TURN_OFF | V.START | V.RETURN_HOME), 'start', 'turn_off'),
  ...power('RETURN_HOME, no TURN_OFF', vacuum('test_6', 'cleaning', V.TURN_ON | V.START | V.RETURN_HOME), 'turn_on', 'return_to_base'),
  ...power('START and RETURN_HOME only', vacuum('test_7', 'cleaning', V.START | V.RETURN_HOME), 'start', 'return_to_base'),
  setSpeed(1, 'low', 1),
  setSpeed(5, 'super_sucker', 5),
  setSpeed('2', 'medium', 2),
  { what: 'SetRangeValue outside the list', entity: withFan, namespace: RANGE, name: 'SetRangeValue', instance: FAN_SPEED, payload: { rangeValue: 9 }, error: 'INVALID_VALUE' },
  { what: 'SetRangeValue -1', entity: withFan, namespace: RANGE, name: 'SetRangeValue', instance: FAN_SPEED, payload: { rangeValue: -1 }, error: 'INVALID_VALUE' },
  adjustSpeed(-1, 'low', 1),
  adjustSpeed(1, 'high', 3),
  adjustSpeed(0, 'medium', 2),
  adjustSpeed(99, 'super_sucker', 5),
  adjustSpeed(-99, 'off', 0),
  // Without speeds the vacuum declares no fan speed range (see discovery above), so these are refused as undeclared (HA: INTERNAL_ERROR / INVALID_VALUE).
  { what: 'SetRangeValue without a list of speeds', entity: vacuum('test_11', 'docked', V.FAN_SPEED), namespace: RANGE, name: 'SetRangeValue', instance: FAN_SPEED, payload: { rangeValue: 1 }, error: 'INVALID_DIRECTIVE' },
  { what: 'AdjustRangeValue with an empty list', entity: vacuum('test_12', 'docked', V.FAN_SPEED, { fan_speed_list: [] }), namespace: RANGE, name: 'AdjustRangeValue', instance: FAN_SPEED, payload: { rangeValueDelta: 1, rangeValueDeltaDefault: false }, error: 'INVALID_DIRECTIVE' },
  {
    what: 'AdjustRangeValue from an unknown speed starts at the first', entity: vacuum('test_2', 'cleaning', V.FAN_SPEED, { fan_speed_list: speeds, fan_speed: null }),
    namespace: RANGE, name: 'AdjustRangeValue', instance: FAN_SPEED, payload: { rangeValueDelta: 2, rangeValueDeltaDefault: false },
    calls: [call('set_fan_speed', withFan, { fan_speed: 'medium' })],
  },
  { what: 'Hold while cleaning', entity: withFan, namespace: HOLD, name: 'Hold', calls: [call('start_pause', withFan)] },
  { what: 'Resume when docked', entity: vacuum('test_4', 'docked', V.START | V.PAUSE), namespace: HOLD, name: 'Resume', calls: [call('start_pause', vacuum('test_4', 'docked', 0))] },
];

t.test('directives call exactly HA\'s services', async (t) => {
  for (const row of ROWS) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('ReportState: power and the fan speed index', async (t) => {
  const rows: [string, HaState, string, number | undefined][] = [
    ['cleaning at medium', withFan, 'ON', 2],
    ['docked at turbo', { ...withFan, state: 'docked', attributes: { ...withFan.attributes, fan_speed: 'turbo' } }, 'OFF', 4],
    ['a speed not in the list', { ...withFan, attributes: { ...withFan.attributes, fan_speed: 'max' } }, 'ON', undefined],
    ['no speed reported', { ...withFan, attributes: { ...withFan.attributes, fan_speed: null } }, 'ON', undefined],
    ['unavailable', { ...withFan, state: 'unavailable' }, 'OFF', undefined],
  ];
  for (const [what, entity, power, index] of rows) {
    setStates(fake.states, [entity]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'vacuum#test_2' }));
    t.equal(propertyOf(response, POWER, 'powerState'), power, `${what}: powerState`);
    t.equal(propertyOf(response, RANGE, 'rangeValue', FAN_SPEED), index, `${what}: rangeValue`);
    assertSmartHomeValid(t, response, what);
  }
});
