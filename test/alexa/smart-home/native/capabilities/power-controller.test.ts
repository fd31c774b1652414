/**
 * Alexa.PowerController: which service each domain's TurnOn/TurnOff calls (HA's table, special cases
 * included) and how powerState is read. Rows for domains whose adapter is not registered yet are
 * marked todo, so the table shows the gap until it lands.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { ADAPTERS_BY_DOMAIN } from '../../../../../src/alexa/smart-home/native/entities/index.js';
import { checkDirective, directive, loadHandler, propertyOf, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const on = (service: string, entityId: string) => [{ service, data: { entity_id: entityId } }];

const TURN_ON: DirectiveCase[] = [
  { what: 'light', entity: state('light.desk', 'off', { supported_color_modes: ['onoff'] }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('light.turn_on', 'light.desk') },
  { what: 'switch', entity: state('switch.fan_plug', 'off'), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('switch.turn_on', 'switch.fan_plug') },
  { what: 'input_boolean', entity: state('input_boolean.guest', 'off'), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('input_boolean.turn_on', 'input_boolean.guest') },
  { what: 'group (through homeassistant)', entity: state('group.downstairs', 'off'), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('homeassistant.turn_on', 'group.downstairs') },
  { what: 'automation', entity: state('automation.morning', 'off'), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('automation.turn_on', 'automation.morning') },
  { what: 'alert', entity: state('alert.leak', 'off'), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('alert.turn_on', 'alert.leak') },
  { what: 'cover opens', entity: state('cover.door', 'closed', { device_class: 'door', supported_features: 3 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('cover.open_cover', 'cover.door') },
  { what: 'climate', entity: state('climate.hall', 'off', { hvac_modes: ['off', 'heat'], supported_features: 1 | 128 | 256, min_temp: 7, max_temp: 35 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('climate.turn_on', 'climate.hall') },
  { what: 'fan', entity: state('fan.ceiling', 'off', { supported_features: 1 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('fan.turn_on', 'fan.ceiling') },
  { what: 'vacuum with TURN_ON', entity: state('vacuum.a', 'docked', { supported_features: 1 | 2 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('vacuum.turn_on', 'vacuum.a') },
  { what: 'vacuum with START only', entity: state('vacuum.b', 'docked', { supported_features: 8192 | 16 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('vacuum.start', 'vacuum.b') },
  { what: 'timer starts', entity: state('timer.tea', 'idle', { duration: '0:03:00' }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('timer.start', 'timer.tea') },
  { what: 'media_player with power features', entity: state('media_player.tv', 'off', { supported_features: 128 | 256 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('media_player.turn_on', 'media_player.tv') },
  { what: 'media_player without power features plays', entity: state('media_player.radio', 'idle', { supported_features: 16384 | 1 }), namespace: 'Alexa.PowerController', name: 'TurnOn', calls: on('media_player.media_play', 'media_player.radio') },
];

const TURN_OFF: DirectiveCase[] = [
  { what: 'light', entity: state('light.desk', 'on', { supported_color_modes: ['onoff'] }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('light.turn_off', 'light.desk') },
  { what: 'switch', entity: state('switch.fan_plug', 'on'), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('switch.turn_off', 'switch.fan_plug') },
  { what: 'group (through homeassistant)', entity: state('group.downstairs', 'on'), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('homeassistant.turn_off', 'group.downstairs') },
  { what: 'cover closes', entity: state('cover.door', 'open', { device_class: 'door', supported_features: 3 }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('cover.close_cover', 'cover.door') },
  { what: 'climate', entity: state('climate.hall', 'heat', { hvac_modes: ['off', 'heat'], supported_features: 1 | 128 | 256, min_temp: 7, max_temp: 35 }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('climate.turn_off', 'climate.hall') },
  { what: 'vacuum with TURN_OFF', entity: state('vacuum.a', 'cleaning', { supported_features: 1 | 2 }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('vacuum.turn_off', 'vacuum.a') },
  { what: 'vacuum with RETURN_HOME only', entity: state('vacuum.b', 'cleaning', { supported_features: 8192 | 16 }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('vacuum.return_to_base', 'vacuum.b') },
  { what: 'timer cancels', entity: state('timer.tea', 'active', { duration: '0:03:00' }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('timer.cancel', 'timer.tea') },
  { what: 'media_player without power features stops', entity: state('media_player.radio', 'playing', { supported_features: 16384 | 1 | 4096 }), namespace: 'Alexa.PowerController', name: 'TurnOff', calls: on('media_player.media_stop', 'media_player.radio') },
];

/** A row whose domain has no adapter yet is a todo, not a failure. */
function todo(row: DirectiveCase): string | false {
  const domain = row.entity.entity_id.split('.')[0] ?? '';
  return ADAPTERS_BY_DOMAIN.has(domain) ? false : `no ${domain} adapter registered yet`;
}

for (const [title, rows] of [['TurnOn', TURN_ON], ['TurnOff', TURN_OFF]] as const) {
  t.test(`${title} calls the domain's service with exactly {entity_id}`, async (t) => {
    for (const row of rows) {
      await t.test(row.what, { todo: todo(row) }, async (t) => {
        await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
      });
    }
  });
}

t.test('powerState is read per domain, as HA reads it', async (t) => {
  const rows: [string, string, Record<string, unknown>, 'ON' | 'OFF'][] = [
    ['light.a', 'on', { supported_color_modes: ['onoff'] }, 'ON'],
    ['light.a', 'off', { supported_color_modes: ['onoff'] }, 'OFF'],
    ['switch.a', 'on', {}, 'ON'],
    ['switch.a', 'off', {}, 'OFF'],
    ['input_boolean.a', 'on', {}, 'ON'],
    ['group.a', 'on', {}, 'ON'],
    ['automation.a', 'off', {}, 'OFF'],
    ['climate.a', 'heat', { hvac_modes: ['off', 'heat'], supported_features: 1 }, 'ON'],
    ['climate.a', 'off', { hvac_modes: ['off', 'heat'], supported_features: 1 }, 'OFF'],
    ['fan.a', 'on', { supported_features: 1 }, 'ON'],
    ['fan.a', 'unknown', { supported_features: 1 }, 'OFF'],
    ['vacuum.a', 'cleaning', { supported_features: 3 }, 'ON'],
    ['vacuum.a', 'docked', { supported_features: 3 }, 'OFF'],
    ['timer.a', 'active', {}, 'ON'],
    ['timer.a', 'idle', {}, 'OFF'],
  ];
  for (const [entityId, value, attributes, expected] of rows) {
    const domain = entityId.split('.')[0] ?? '';
    await t.test(`${entityId} ${value} → ${expected}`, { todo: ADAPTERS_BY_DOMAIN.has(domain) ? false : `no ${domain} adapter registered yet` }, async (t) => {
      fake.reset();
      fake.states.set(entityId, state(entityId, value, attributes));
      const response = await invoke(directive('Alexa', 'ReportState', { endpointId: entityId.replace('.', '#') }));
      t.equal(propertyOf(response, 'Alexa.PowerController', 'powerState'), expected);
      assertSmartHomeValid(t, response);
    });
  }
});
