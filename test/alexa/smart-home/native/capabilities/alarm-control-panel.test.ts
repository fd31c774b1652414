/**
 * Alarm panels: discovered only when they arm without a code; arm states from the features, the
 * four-digit PIN for numeric codes; Arm / Disarm with HA's services and Alexa's rules (no switching
 * away from ARMED_AWAY without disarming, disarming a disarmed panel succeeds); a code HA refuses is
 * UNAUTHORIZED. Rows restate HA's `test_alarm_control_panel_*` tests.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import type { HaState } from '../../../../../src/homeassistant/types.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, errorTypeOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const logs: string[] = [];
const previous = setLogSink((line) => logs.push(line));
t.teardown(() => setLogSink(previous));

const PANEL = 'Alexa.SecurityPanelController';
const ARM_HOME = 1;
const ARM_AWAY = 2;
const ARM_NIGHT = 4;

const panel = (id: string, value: string, attributes: Record<string, unknown> = {}): HaState =>
  state(`alarm_control_panel.${id}`, value, { friendly_name: `Panel ${id}`, code_arm_required: false, code_format: 'FORMAT_NUMBER', supported_features: ARM_HOME | ARM_AWAY, ...attributes });

const disarmed = panel('test_1', 'disarmed', { code_format: 'number', supported_features: 31 });
const armedAway = panel('test_2', 'armed_away');
const armedHome = panel('test_5', 'armed_home');

t.test('discovery', async (t) => {
  const rows: { what: string; entity: HaState; armStates?: string[]; pin?: boolean }[] = [
    { what: 'numeric code, every arm feature', entity: disarmed, armStates: ['DISARMED', 'ARMED_AWAY', 'ARMED_STAY', 'ARMED_NIGHT'], pin: true },
    { what: 'text code, home and away', entity: armedAway, armStates: ['DISARMED', 'ARMED_AWAY', 'ARMED_STAY'], pin: false },
    { what: 'night only, no code format', entity: panel('night', 'disarmed', { code_format: null, supported_features: ARM_NIGHT }), armStates: ['DISARMED', 'ARMED_NIGHT'], pin: false },
    { what: 'code needed to arm: not discovered', entity: panel('test_3', 'disarmed', { code_arm_required: true }) },
  ];
  for (const row of rows) {
    setStates(fake.states, [row.entity]);
    const response = await invoke(discoverDirective());
    assertSmartHomeValid(t, response, row.what);
    const [endpoint, ...more] = endpointsOf(response);
    t.equal(more.length, 0);
    if (row.armStates === undefined) {
      t.equal(endpoint, undefined, row.what);
      continue;
    }
    t.same(endpoint?.displayCategories, ['SECURITY_PANEL'], `${row.what}: SECURITY_PANEL`);
    t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [PANEL, 'Alexa.EndpointHealth', 'Alexa'], `${row.what}: interfaces`);
    const configuration = (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === PANEL)?.configuration as Record<string, unknown>;
    t.same(configuration.supportedArmStates, row.armStates.map((value) => ({ value })), `${row.what}: arm states`);
    t.same(configuration.supportedAuthorizationTypes, row.pin === true ? [{ type: 'FOUR_DIGIT_PIN' }] : undefined, `${row.what}: PIN ${row.pin === true ? 'offered' : 'not offered'}`);
  }
});

const call = (service: string, entity: HaState, data: Record<string, unknown> = {}): { service: string; data: Record<string, unknown> } => ({
  service: `alarm_control_panel.${service}`,
  data: { entity_id: entity.entity_id, ...data },
});
const arm = (entity: HaState, armState: string, service: string): DirectiveCase => ({
  what: `${entity.state}: Arm ${armState}`, entity, namespace: PANEL, name: 'Arm', payload: { armState },
  calls: [call(service, entity)], response: `${PANEL}.Arm.Response`, context: { [`${PANEL}.armState`]: armState },
});
const PIN = { authorization: { type: 'FOUR_DIGIT_PIN', value: '1234' } };

const ROWS: DirectiveCase[] = [
  arm(disarmed, 'ARMED_STAY', 'alarm_arm_home'),
  arm(disarmed, 'ARMED_AWAY', 'alarm_arm_away'),
  arm(disarmed, 'ARMED_NIGHT', 'alarm_arm_night'),
  arm(armedAway, 'ARMED_AWAY', 'alarm_arm_away'),
  arm(armedHome, 'ARMED_STAY', 'alarm_arm_home'),
  arm(armedHome, 'ARMED_AWAY', 'alarm_arm_away'),
  { what: 'armed away: Arm ARMED_STAY needs a disarm first', entity: armedAway, namespace: PANEL, name: 'Arm', payload: { armState: 'ARMED_STAY' }, error: 'AUTHORIZATION_REQUIRED' },
  { what: 'armed away: Arm ARMED_NIGHT needs a disarm first', entity: armedAway, namespace: PANEL, name: 'Arm', payload: { armState: 'ARMED_NIGHT' }, error: 'AUTHORIZATION_REQUIRED' },
  { what: 'Arm without an armState', entity: disarmed, namespace: PANEL, name: 'Arm', payload: {}, error: 'INVALID_DIRECTIVE' },
  { what: 'Arm DISARMED is not an arm state', entity: disarmed, namespace: PANEL, name: 'Arm', payload: { armState: 'DISARMED' }, error: 'INVALID_DIRECTIVE' },
  { what: 'Disarm with the PIN', entity: armedAway, namespace: PANEL, name: 'Disarm', payload: PIN, calls: [call('alarm_disarm', armedAway, { code: '1234' })], context: { [`${PANEL}.armState`]: 'DISARMED' } },
  { what: 'Disarm without authorization', entity: armedHome, namespace: PANEL, name: 'Disarm', payload: {}, calls: [call('alarm_disarm', armedHome)] },
  { what: 'Disarm with another authorization type passes no code', entity: armedHome, namespace: PANEL, name: 'Disarm', payload: { authorization: { type: 'VOICE', value: 'x' } }, calls: [call('alarm_disarm', armedHome)] },
  { what: 'Disarm when already disarmed: success, no call', entity: disarmed, namespace: PANEL, name: 'Disarm', payload: PIN, calls: [], context: { [`${PANEL}.armState`]: 'DISARMED' } },
];

t.test('Arm and Disarm call exactly HA\'s services', async (t) => {
  for (const row of ROWS) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('a PIN Home Assistant refuses is UNAUTHORIZED, and the PIN is not logged', async (t) => {
  t.teardown(() => fake.clearOverrides());
  fake.override((request) => (request.path === '/api/services/alarm_control_panel/alarm_disarm' ? { status: 400, body: { message: 'Invalid alarm code provided' } } : undefined));
  setStates(fake.states, [armedAway]);
  logs.length = 0;
  const response = await invoke(directive(PANEL, 'Disarm', { endpointId: 'alarm_control_panel#test_2', payload: { authorization: { type: 'FOUR_DIGIT_PIN', value: '9876' } } }));
  t.equal(errorTypeOf(response), 'UNAUTHORIZED');
  assertSmartHomeValid(t, response);
  t.notMatch(logs.join('\n'), /9876/, 'the PIN appears in no log line');
});

t.test('other Home Assistant failures while disarming keep their meaning', async (t) => {
  t.teardown(() => fake.clearOverrides());
  fake.override((request) => (request.path === '/api/services/alarm_control_panel/alarm_disarm' ? { status: 500, body: 'Panel offline' } : undefined));
  setStates(fake.states, [armedAway]);
  const response = await invoke(directive(PANEL, 'Disarm', { endpointId: 'alarm_control_panel#test_2', payload: PIN }));
  t.equal(errorTypeOf(response), 'ENDPOINT_UNREACHABLE', 'a 500 from the panel is not a wrong PIN');
  assertSmartHomeValid(t, response);
});

t.test('armState as HA reports it', async (t) => {
  const rows: [string, string][] = [
    ['disarmed', 'DISARMED'], ['armed_home', 'ARMED_STAY'], ['armed_away', 'ARMED_AWAY'], ['armed_night', 'ARMED_NIGHT'],
    ['armed_custom_bypass', 'ARMED_STAY'], ['armed_vacation', 'DISARMED'], ['pending', 'DISARMED'], ['triggered', 'DISARMED'], ['arming', 'DISARMED'],
  ];
  for (const [value, expected] of rows) {
    setStates(fake.states, [panel('test_2', value)]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'alarm_control_panel#test_2' }));
    t.equal(propertyOf(response, PANEL, 'armState'), expected, `${value} → ${expected}`);
    assertSmartHomeValid(t, response, value);
  }
});
