/**
 * Unit tests for src/alexa/smart-home/native/exposure-registry.ts: the `assist` rules follow Home
 * Assistant's `exposed_entities.py` (stored flags, then "expose new entities" × the default domains
 * and device classes), config/diagnostic, hidden and disabled entities are never exposed, the labels
 * force in and out, `label` mode needs the label, and names come from entity_config, then the alias.
 */
import t from 'tap';
import type { RegistryEntry, RegistryRead } from '../../../../src/homeassistant/index.js';
import { aliasCandidates, buildRegistryRule, DEFAULT_EXPOSED_DOMAINS, withRegistry } from '../../../../src/alexa/smart-home/native/exposure-registry.js';
import type { Exposure } from '../../../../src/alexa/smart-home/native/exposure.js';

function entry(entityId: string, extra: Partial<RegistryEntry> = {}): RegistryEntry {
  return { entity_id: entityId, labels: [], options: {}, hidden_by: null, disabled_by: null, entity_category: null, ...extra };
}
const flag = (value: boolean): RegistryEntry['options'] => ({ conversation: { should_expose: value } });

function read(entries: RegistryEntry[], extra: Partial<Omit<RegistryRead, 'entries'>> = {}): RegistryRead {
  return { entries, exposed: new Map(), exposeNew: true, aliases: new Map(), ...extra };
}

const ASSIST = { exposureSource: 'assist', exposureLabels: ['alexa', 'no_alexa'] } as const;
const LABEL = { exposureSource: 'label', exposureLabels: ['alexa', 'no_alexa'] } as const;
const domainOf = (id: string): string => id.slice(0, id.indexOf('.'));

t.test('assist: a stored flag decides, whatever the domain', async (t) => {
  const rule = buildRegistryRule(read([entry('light.off', { options: flag(false) }), entry('select.mode', { options: flag(true) }), entry('sensor.power', { options: flag(true) })]), ASSIST);
  t.equal(rule('light.off', 'light'), false, 'unticked on the Expose page');
  t.equal(rule('select.mode', 'select'), true, 'ticked (the preset and adapters still decide later)');
  t.equal(rule('sensor.power', 'sensor', { device_class: 'power' }), true);
});

t.test('assist without a stored flag: Home Assistant\'s defaults when new entities are exposed', async (t) => {
  const rows: [string, Record<string, unknown> | undefined, boolean][] = [
    ['light.a', undefined, true],
    ['switch.a', undefined, true],
    ['climate.a', undefined, true],
    ['media_player.a', undefined, true],
    ['lock.front', undefined, false],
    ['script.morning', undefined, false],
    ['input_boolean.guest', undefined, false],
    ['binary_sensor.door', { device_class: 'door' }, true],
    ['binary_sensor.motion', { device_class: 'motion' }, true],
    ['binary_sensor.smoke', { device_class: 'smoke' }, false],
    ['binary_sensor.plain', {}, false],
    ['sensor.temperature', { device_class: 'temperature' }, true],
    ['sensor.co2', { device_class: 'carbon_dioxide' }, true],
    ['sensor.power', { device_class: 'power' }, false],
  ];
  const registry = read(rows.map(([id]) => entry(id)));
  const rule = buildRegistryRule(registry, ASSIST);
  for (const [id, attributes, expected] of rows) t.equal(rule(id, domainOf(id), attributes), expected, `${id} ${JSON.stringify(attributes ?? {})}`);
  t.ok(!DEFAULT_EXPOSED_DOMAINS.has('lock') && !DEFAULT_EXPOSED_DOMAINS.has('script'), 'lock and script are no longer exposed by default in Home Assistant');
  const off = buildRegistryRule(read(rows.map(([id]) => entry(id)), { exposeNew: false }), ASSIST);
  t.equal(off('light.a', 'light'), false, '"expose new entities" off: nothing without a flag');
});

t.test('entities without a registry entry follow expose_entity/list, then the defaults', async (t) => {
  const rule = buildRegistryRule(read([], { exposed: new Map([['light.yaml_off', { conversation: false }], ['fan.yaml_on', { conversation: true }]]) }), ASSIST);
  t.equal(rule('light.yaml_off', 'light'), false);
  t.equal(rule('fan.yaml_on', 'fan'), true);
  t.equal(rule('light.yaml_new', 'light'), true, 'no flag stored: the default domains');
  t.equal(rule('binary_sensor.yaml_window', 'binary_sensor', { device_class: 'window' }), true);
});

t.test('config/diagnostic, hidden and disabled entities are never exposed, whatever the flag or label', async (t) => {
  const rule = buildRegistryRule(read([
    entry('switch.config', { entity_category: 'config', options: flag(true), labels: ['alexa'] }),
    entry('sensor.diag', { entity_category: 'diagnostic', options: flag(true) }),
    entry('light.hidden', { hidden_by: 'user', options: flag(true), labels: ['alexa'] }),
    entry('light.disabled', { disabled_by: 'integration', options: flag(true) }),
    entry('light.hidden_default', { hidden_by: 'integration' }),
  ]), ASSIST);
  for (const id of ['switch.config', 'sensor.diag', 'light.hidden', 'light.disabled', 'light.hidden_default']) t.equal(rule(id, domainOf(id)), false, id);
});

t.test('labels: alexa forces in, no_alexa forces out and wins; label mode needs the label', async (t) => {
  const entries = [
    entry('light.unticked', { options: flag(false), labels: ['alexa'] }),
    entry('light.ticked', { options: flag(true), labels: ['no_alexa'] }),
    entry('light.both', { options: flag(true), labels: ['alexa', 'no_alexa'] }),
    entry('light.plain', { options: flag(true) }),
    entry('sensor.power', { labels: ['alexa'] }),
  ];
  const assist = buildRegistryRule(read(entries), ASSIST);
  t.equal(assist('light.unticked', 'light'), true);
  t.equal(assist('light.ticked', 'light'), false);
  t.equal(assist('light.both', 'light'), false);
  t.equal(assist('sensor.power', 'sensor', { device_class: 'power' }), true, 'the label reaches past the defaults');
  const label = buildRegistryRule(read(entries), LABEL);
  t.same(entries.map((item) => label(item.entity_id, domainOf(item.entity_id))), [true, false, false, false, true], 'label mode: only labelled entities');
  t.equal(label('light.not_in_registry', 'light'), false);
  const custom = buildRegistryRule(read([entry('light.a', { labels: ['voice'] })]), { exposureSource: 'label', exposureLabels: ['voice', 'quiet'] });
  t.equal(custom('light.a', 'light'), true, 'HA_EXPOSURE_LABELS renames both labels');
});

t.test('alias candidates skip what can never be exposed; label mode only the labelled', async (t) => {
  const registry = read([entry('light.a'), entry('light.hidden', { hidden_by: 'user' }), entry('light.out', { labels: ['no_alexa'] }), entry('light.in', { labels: ['alexa'] })]);
  t.same(aliasCandidates(registry, ASSIST), ['light.a', 'light.in']);
  t.same(aliasCandidates(registry, LABEL), ['light.in']);
});

t.test('names: entity_config first, then the first alias; the base exposure still narrows', async (t) => {
  const base: Exposure = {
    allows: (entityId) => entityId !== 'light.filtered',
    overrides: (entityId) => (entityId === 'light.configured' ? { name: 'From entity_config', description: 'desc' } : entityId === 'light.described' ? { description: 'only a description' } : undefined),
  };
  const exposure = withRegistry(base, () => true, new Map([['light.configured', 'Alias A'], ['light.described', 'Alias B'], ['light.aliased', 'Alias C']]));
  t.same(exposure.overrides('light.configured'), { name: 'From entity_config', description: 'desc' });
  t.same(exposure.overrides('light.described'), { description: 'only a description', name: 'Alias B' });
  t.same(exposure.overrides('light.aliased'), { name: 'Alias C' });
  t.equal(exposure.overrides('light.plain'), undefined);
  t.equal(exposure.allows('light.filtered', 'light'), false, 'HA_ALEXA_FILTER and the preset still apply');
  t.equal(exposure.allows('light.other', 'light'), true);
});
