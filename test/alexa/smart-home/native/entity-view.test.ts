/** Identity and naming rules shared by discovery and control (HA's rules, Alexa's limits). */
import t from 'tap';
import { cleanText, stateName, toEndpointId, toEntityId, toEntityView } from '../../../../src/alexa/smart-home/native/entity-view.js';
import { state } from '../../../fixtures/fake-home-assistant.js';

t.test('endpointId ↔ entity_id', (t) => {
  const rows: [string, string][] = [
    ['light.kitchen', 'light#kitchen'],
    ['sensor.temp_2', 'sensor#temp_2'],
    ['light.k(it)chen*', 'light#kitchen'],
    ['weird.a b.c', 'weird#ab#c'],
    [`light.${'a'.repeat(300)}`, `light#${'a'.repeat(250)}`],
  ];
  for (const [entityId, endpointId] of rows) t.equal(toEndpointId(entityId), endpointId, entityId);
  t.equal(toEntityId('light#kitchen'), 'light.kitchen');
  t.equal(toEntityId('light.kitchen'), 'light.kitchen', 'an id written with "." works too');
  t.end();
});

t.test('cleanText removes HA\'s forbidden characters and keeps Alexa\'s limits', (t) => {
  const rows: [string, string][] = [
    ['Kitchen Light', 'Kitchen Light'],
    ['Config *name*', 'Config name'],
    ['Config >!<description', 'Config description'],
    ['  spaced   out  ', 'spaced out'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['{}\\/|"()[]+~!><*%', ''],
  ];
  for (const [raw, clean] of rows) t.equal(cleanText(raw), clean, JSON.stringify(raw));
  t.equal(cleanText('x'.repeat(200)).length, 128);
  t.equal(cleanText('abc def', 5), 'abc d');
  t.end();
});

t.test('stateName and the entity view', (t) => {
  t.equal(stateName(toEntityView(state('light.kitchen_main', 'on', { friendly_name: 'Kitchen' }), undefined)), 'Kitchen');
  t.equal(stateName(toEntityView(state('light.kitchen_main', 'on', { friendly_name: '  ' }), undefined)), 'kitchen main');
  const view = toEntityView({ entity_id: 'fan.x', state: 3 as unknown as string, attributes: null as unknown as Record<string, unknown> }, undefined);
  t.match(view, { domain: 'fan', objectId: 'x', state: '3', attributes: {}, features: 0 });
  t.equal(toEntityView(state('fan.y', 'on', { supported_features: 9 }), undefined).features, 9);
  t.equal(toEntityView(state('fan.y', 'on', { supported_features: 'lots' }), undefined).features, 0);
  t.end();
});
