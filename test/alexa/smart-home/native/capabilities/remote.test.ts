/**
 * Remotes: power, and activities as ModeController `remote.activity` modes (a placeholder second mode
 * when there is one activity); SetMode starts the activity with `remote.turn_on`. Rows restate HA's
 * `test_discovery_remote`, `test_api_select_activity*` and `test_api_remote_set_power_state`.
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

const POWER = 'Alexa.PowerController';
const MODE = 'Alexa.ModeController';
const ACTIVITY = 'remote.activity';
const ACTIVITY_FEATURE = 4;

const remote = (value: string, attributes: Record<string, unknown>): HaState => state('remote.test', value, attributes);

function modeOf(endpoint: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === MODE);
}

const text = (name: string): Record<string, unknown> => ({ friendlyNames: [{ '@type': 'text', value: { text: name, locale: 'en-US' } }] });

t.test('discovery', async (t) => {
  const rows: [string, HaState, string[], string[]?][] = [
    ['three activities', remote('off', { current_activity: 'TV', activity_list: ['TV', 'MUSIC', 'DVD'], supported_features: ACTIVITY_FEATURE }), [POWER, `${MODE}:${ACTIVITY}`, 'Alexa.EndpointHealth', 'Alexa'], ['TV', 'MUSIC', 'DVD']],
    ['one activity gets a placeholder second mode', remote('off', { current_activity: 'TV', activity_list: ['TV'], supported_features: ACTIVITY_FEATURE }), [POWER, `${MODE}:${ACTIVITY}`, 'Alexa.EndpointHealth', 'Alexa'], ['TV', '-']],
    ['activities without the ACTIVITY feature', remote('on', { activity_list: ['TV'], supported_features: 0 }), [POWER, 'Alexa.EndpointHealth', 'Alexa']],
    ['ACTIVITY feature without activities', remote('on', { activity_list: [], supported_features: ACTIVITY_FEATURE }), [POWER, 'Alexa.EndpointHealth', 'Alexa']],
  ];
  for (const [what, entity, interfaces, modes] of rows) {
    setStates(fake.states, [entity]);
    const response = await invoke(discoverDirective());
    assertSmartHomeValid(t, response, what);
    const [endpoint] = endpointsOf(response);
    t.same(endpoint?.displayCategories, ['REMOTE'], `${what}: REMOTE`);
    t.same(endpoint === undefined ? [] : interfacesOf(endpoint), interfaces, `${what}: interfaces`);
    if (modes === undefined) continue;
    const mode = modeOf(endpoint);
    t.same(mode?.properties, { supported: [{ name: 'mode' }], proactivelyReported: true, retrievable: true, nonControllable: false }, `${what}: properties`);
    t.same(mode?.capabilityResources, { friendlyNames: [{ '@type': 'asset', value: { assetId: 'Alexa.Setting.Mode' } }] }, `${what}: named Mode`);
    t.same(mode?.configuration, { ordered: false, supportedModes: modes.map((name) => ({ value: `activity.${name}`, modeResources: text(name) })) }, `${what}: one mode per activity`);
  }
});

const turnOn = (data: Record<string, unknown> = {}): { service: string; data: Record<string, unknown> } => ({ service: 'remote.turn_on', data: { entity_id: 'remote.test', ...data } });
const setMode = (activity: string, list: readonly unknown[]): DirectiveCase => ({
  what: `SetMode activity.${activity} from ${JSON.stringify(list)}`,
  // HA dispatches SetMode by instance alone and its tests give the remote no ACTIVITY feature; the
  // bridge refuses undeclared instances, so the remote here declares its activities.
  entity: remote('off', { current_activity: activity, activity_list: list, supported_features: ACTIVITY_FEATURE }),
  namespace: MODE, name: 'SetMode', instance: ACTIVITY, payload: { mode: `activity.${activity}` },
  calls: [turnOn({ activity })], context: { [`${MODE}.mode:${ACTIVITY}`]: `activity.${activity}` },
});
const refused = (mode: string, list: readonly unknown[]): DirectiveCase => ({
  what: `SetMode ${mode} from ${JSON.stringify(list)}`, entity: remote('off', { current_activity: null, activity_list: list, supported_features: ACTIVITY_FEATURE }),
  namespace: MODE, name: 'SetMode', instance: ACTIVITY, payload: { mode }, error: list.length === 0 ? 'INVALID_DIRECTIVE' : 'INVALID_VALUE',
});

const ROWS: DirectiveCase[] = [
  setMode('TV', ['TV', 'MUSIC', 'DVD']),
  setMode('MUSIC', ['TV', 'MUSIC', 'DVD', 1000]),
  setMode('DVD', ['TV', 'MUSIC', 'DVD', null]),
  setMode('TV', ['TV']),
  setMode('Watch T.V.', ['Watch T.V.', 'Radio']),
  refused('activity.BAD', ['TV', 'MUSIC', 'DVD']),
  refused('activity.BAD', ['TV', 'MUSIC', 'DVD', 1000]),
  refused('activity.BAD', []),
  refused('activity.-', ['TV']),
  refused('TV', ['TV']),
  // Without activities the remote declares no remote.activity mode: refused as undeclared (HA: INVALID_VALUE).
  { what: 'SetMode on a remote without activity_list', entity: remote('on', { supported_features: ACTIVITY_FEATURE }), namespace: MODE, name: 'SetMode', instance: ACTIVITY, payload: { mode: 'activity.TV' }, error: 'INVALID_DIRECTIVE' },
  { what: 'TurnOff a remote that is on', entity: remote('on', {}), namespace: POWER, name: 'TurnOff', calls: [{ service: 'remote.turn_off', data: { entity_id: 'remote.test' } }] },
  { what: 'TurnOn a remote that is off', entity: remote('off', {}), namespace: POWER, name: 'TurnOn', calls: [turnOn()] },
];

t.test('directives call exactly HA\'s services', async (t) => {
  for (const row of ROWS) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('ReportState: power and the current activity', async (t) => {
  const attributes = { activity_list: ['TV', 'MUSIC'], supported_features: ACTIVITY_FEATURE };
  const rows: [string, HaState, string, string | undefined][] = [
    ['watching TV', remote('on', { ...attributes, current_activity: 'TV' }), 'ON', 'activity.TV'],
    ['an activity HA does not list', remote('on', { ...attributes, current_activity: 'PowerOff' }), 'ON', undefined],
    ['off', remote('off', { ...attributes, current_activity: null }), 'OFF', undefined],
  ];
  for (const [what, entity, power, mode] of rows) {
    setStates(fake.states, [entity]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'remote#test' }));
    t.equal(propertyOf(response, POWER, 'powerState'), power, `${what}: powerState`);
    t.equal(propertyOf(response, MODE, 'mode', ACTIVITY), mode, `${what}: mode`);
    assertSmartHomeValid(t, response, what);
  }
});
