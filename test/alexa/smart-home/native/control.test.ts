/**
 * Tests for src/alexa/smart-home/native/control.ts: a control directive runs only for an interface
 * (and instance) the endpoint declares in discovery. Discovery and the check read the same endpoint,
 * so what Alexa was told and what the bridge accepts never disagree.
 */
import t from 'tap';
import { setLogSink } from '../../../../src/logging/logger.js';
import { state } from '../../../fixtures/fake-home-assistant.js';
import { HA_URL, useFakeHa } from '../../../fixtures/ha-msw.js';
import { checkDirective, directive, discoverDirective, endpointsOf, errorTypeOf, eventOf, loadHandler, nameOf, STORED_TOKEN, type DirectiveCase } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));
// The first directive loads the native chunk; on a loaded machine that alone can outlast Alexa's budget.
await invoke(discoverDirective());

const garage = state('cover.garage_door', 'closed', { device_class: 'garage', supported_features: 3, friendly_name: 'Garage door' });
const onOffLight = state('light.desk', 'off', { supported_color_modes: ['onoff'] });
const plainFan = state('fan.ceiling', 'off', { supported_features: 0 });

const REFUSED: DirectiveCase[] = [
  { what: 'PowerController.TurnOn on a garage door (discovery offers only the PIN-gated mode)', entity: garage, namespace: 'Alexa.PowerController', name: 'TurnOn', error: 'INVALID_DIRECTIVE' },
  { what: 'PowerController.TurnOff on a garage door', entity: garage, namespace: 'Alexa.PowerController', name: 'TurnOff', error: 'INVALID_DIRECTIVE' },
  { what: 'BrightnessController on an on/off light', entity: onOffLight, namespace: 'Alexa.BrightnessController', name: 'SetBrightness', payload: { brightness: 40 }, error: 'INVALID_DIRECTIVE' },
  { what: 'ColorController on an on/off light', entity: onOffLight, namespace: 'Alexa.ColorController', name: 'SetColor', payload: { color: { hue: 0, saturation: 1, brightness: 1 } }, error: 'INVALID_DIRECTIVE' },
  { what: 'an undeclared ToggleController instance (fan.oscillating without OSCILLATE)', entity: plainFan, namespace: 'Alexa.ToggleController', name: 'TurnOn', instance: 'fan.oscillating', error: 'INVALID_DIRECTIVE' },
  { what: 'a declared interface with another entity\'s instance (cover.position on a light)', entity: onOffLight, namespace: 'Alexa.ModeController', name: 'SetMode', instance: 'cover.position', payload: { mode: 'position.open' }, error: 'INVALID_DIRECTIVE' },
];

t.test('a control directive for an interface or instance the endpoint does not declare is INVALID_DIRECTIVE, with no service call', async (t) => {
  for (const row of REFUSED) {
    const response = await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
    t.match(eventOf(response).payload.message, /does not declare/, `${row.what}: the message says why`);
  }
});

t.test('the declared paths still work: the garage door opens through its mode, the light switches on', async (t) => {
  await checkDirective(t, invoke, fake, {
    what: 'garage door ModeController cover.position',
    entity: garage,
    namespace: 'Alexa.ModeController',
    name: 'SetMode',
    instance: 'cover.position',
    payload: { mode: 'position.open' },
    calls: [{ service: 'cover.open_cover', data: { entity_id: 'cover.garage_door' } }],
  }, assertSmartHomeValid);
  await checkDirective(t, invoke, fake, { what: 'light TurnOn', entity: onOffLight, namespace: 'Alexa.PowerController', name: 'TurnOn', calls: [{ service: 'light.turn_on', data: { entity_id: 'light.desk' } }] }, assertSmartHomeValid);
});

t.test('ReportState is not a control directive: an endpoint answers it whatever it declares', async (t) => {
  fake.reset();
  fake.states.set(garage.entity_id, garage);
  const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'cover#garage_door' }));
  t.equal(nameOf(response), 'Alexa.StateReport');
  assertSmartHomeValid(t, response, 'the StateReport');
});

t.test('discovery and the check agree: what discovery leaves out for a garage door is refused', async (t) => {
  fake.reset();
  fake.states.clear();
  fake.states.set(garage.entity_id, garage);
  const discovery = await invoke(discoverDirective());
  const [endpoint] = endpointsOf(discovery);
  const declared = ((endpoint?.capabilities ?? []) as { interface: string; instance?: string }[]).map((c) => (c.instance === undefined ? c.interface : `${c.interface}:${c.instance}`));
  t.notOk(declared.includes('Alexa.PowerController'), 'discovery gives a garage door no PowerController');
  t.ok(declared.includes('Alexa.ModeController:cover.position'), 'only the cover.position mode');
  const turnOn = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'cover#garage_door' }));
  t.equal(errorTypeOf(turnOn), 'INVALID_DIRECTIVE', 'so TurnOn is refused');
  t.same(fake.calls, [], 'and cover.open_cover is never called');
});
