/**
 * Timers: discovered with TimeHoldController (remote resume allowed, en-US only) and power, without
 * EndpointHealth; Hold/Resume pause and restart, TurnOn/TurnOff start and cancel. Rows restate HA's
 * `test_timer_*` tests.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../../../src/config/index.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const HOLD = 'Alexa.TimeHoldController';
const POWER = 'Alexa.PowerController';
const timer = (value: string): ReturnType<typeof state> => state('timer.laundry', value, { friendly_name: 'Laundry', duration: '00:01:00', remaining: '00:50:00' });

t.test('discovery: OTHER with TimeHoldController and power, no EndpointHealth', async (t) => {
  setStates(fake.states, [timer('active')]);
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response);
  const [endpoint] = endpointsOf(response);
  t.same(endpoint?.displayCategories, ['OTHER']);
  t.equal(endpoint?.friendlyName, 'Laundry');
  t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [HOLD, POWER, 'Alexa']);
  const hold = (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === HOLD);
  t.same(hold?.configuration, { allowRemoteResume: true });
});

t.test('discovery: TimeHoldController is en-US only', async (t) => {
  t.teardown(() => {
    delete process.env.ALEXA_LOCALE;
    resetConfigCache();
  });
  process.env.ALEXA_LOCALE = 'en-GB';
  resetConfigCache();
  setStates(fake.states, [timer('idle')]);
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response);
  const [endpoint] = endpointsOf(response);
  t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [POWER, 'Alexa']);
});

const call = (service: string): { service: string; data: Record<string, unknown> } => ({ service: `timer.${service}`, data: { entity_id: 'timer.laundry' } });
const ROWS: DirectiveCase[] = [
  { what: 'Hold an active timer', entity: timer('active'), namespace: HOLD, name: 'Hold', calls: [call('pause')] },
  { what: 'Resume a paused timer', entity: timer('paused'), namespace: HOLD, name: 'Resume', calls: [call('start')] },
  { what: 'TurnOn an idle timer', entity: timer('idle'), namespace: POWER, name: 'TurnOn', calls: [call('start')] },
  { what: 'TurnOff an active timer', entity: timer('active'), namespace: POWER, name: 'TurnOff', calls: [call('cancel')] },
  { what: 'Hold on a switch', entity: state('switch.test', 'on'), namespace: HOLD, name: 'Hold', error: 'INVALID_DIRECTIVE' },
  { what: 'Resume on a switch', entity: state('switch.test', 'on'), namespace: HOLD, name: 'Resume', error: 'INVALID_DIRECTIVE' },
];

t.test('directives call exactly HA\'s services', async (t) => {
  for (const row of ROWS) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('powerState: ON unless idle', async (t) => {
  for (const [value, expected] of [['idle', 'OFF'], ['active', 'ON'], ['paused', 'ON']] as const) {
    setStates(fake.states, [timer(value)]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'timer#laundry' }));
    t.equal(propertyOf(response, POWER, 'powerState'), expected, `${value} → ${expected}`);
    t.equal(propertyOf(response, 'Alexa.EndpointHealth', 'connectivity'), undefined, 'no connectivity without EndpointHealth');
    assertSmartHomeValid(t, response, value);
  }
});
