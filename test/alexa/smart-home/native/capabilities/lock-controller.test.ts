/** Locks: discovery, lock/unlock services with the new state in context, lockState readings, the unlock locale rule. */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../../../src/config/index.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'standard' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const LOCK = 'Alexa.LockController';

t.test('discovery: SMARTLOCK with LockController, EndpointHealth, Alexa', async (t) => {
  setStates(fake.states, [state('lock.front_door', 'locked', { friendly_name: 'Front Door' })]);
  const response = await invoke(discoverDirective());
  const [endpoint] = endpointsOf(response);
  t.same(endpoint?.displayCategories, ['SMARTLOCK']);
  t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [LOCK, 'Alexa.EndpointHealth', 'Alexa']);
  assertSmartHomeValid(t, response);
});

const ROWS: DirectiveCase[] = [
  { what: 'Lock', entity: state('lock.front_door', 'unlocked'), namespace: LOCK, name: 'Lock', calls: [{ service: 'lock.lock', data: { entity_id: 'lock.front_door' } }], context: { [`${LOCK}.lockState`]: 'LOCKED' } },
  { what: 'Unlock', entity: state('lock.front_door', 'locked'), namespace: LOCK, name: 'Unlock', calls: [{ service: 'lock.unlock', data: { entity_id: 'lock.front_door' } }], context: { [`${LOCK}.lockState`]: 'UNLOCKED' } },
];

t.test('lock and unlock', async (t) => {
  for (const row of ROWS) await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
});

t.test('lockState as HA reports it', async (t) => {
  const rows: [string, string][] = [
    ['locked', 'LOCKED'], ['unlocking', 'LOCKED'], ['unlocked', 'UNLOCKED'], ['locking', 'UNLOCKED'], ['open', 'UNLOCKED'], ['jammed', 'JAMMED'], ['unknown', 'JAMMED'],
  ];
  for (const [value, expected] of rows) {
    fake.states.set('lock.front_door', state('lock.front_door', value));
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'lock#front_door' }));
    t.equal(propertyOf(response, LOCK, 'lockState'), expected, `${value} → ${expected}`);
    assertSmartHomeValid(t, response, value);
  }
});

t.test('unlocking by voice is refused in locales where HA refuses it', async (t) => {
  t.teardown(() => {
    delete process.env.ALEXA_LOCALE;
    resetConfigCache();
  });
  process.env.ALEXA_LOCALE = 'pt-PT';
  resetConfigCache();
  await checkDirective(t, invoke, fake, { what: 'Unlock in pt-PT', entity: state('lock.front_door', 'locked'), namespace: LOCK, name: 'Unlock', error: 'INVALID_DIRECTIVE' }, assertSmartHomeValid);
});
