/** The registries are built once and refuse duplicates, so two files can never answer the same thing. */
import t from 'tap';
import { buildRegistry } from '../../../../src/alexa/smart-home/native/capabilities/registry.js';
import { CAPABILITIES, DIRECTIVE_HANDLERS } from '../../../../src/alexa/smart-home/native/capabilities/index.js';
import { ADAPTERS_BY_DOMAIN, ENTITY_ADAPTERS, indexAdapters } from '../../../../src/alexa/smart-home/native/entities/index.js';
import { domainRank, PRESET_DOMAINS } from '../../../../src/alexa/smart-home/native/presets.js';
import type { Capability, EntityAdapter } from '../../../../src/alexa/smart-home/native/capabilities/types.js';

t.test('the directive registry is keyed Namespace.Name and refuses duplicates', (t) => {
  t.ok(DIRECTIVE_HANDLERS.has('Alexa.PowerController.TurnOn'));
  t.ok(DIRECTIVE_HANDLERS.has('Alexa.SceneController.Activate'));
  t.equal(DIRECTIVE_HANDLERS.size, CAPABILITIES.reduce((sum, capability) => sum + Object.keys(capability.directives).length, 0), 'one entry per directive of every capability');
  const twice: Capability = { namespace: 'Alexa.Test', directives: { Go: () => Promise.resolve() } };
  t.throws(() => buildRegistry([twice, twice]), /Two capabilities answer Alexa\.Test\.Go/);
  t.end();
});

t.test('the adapter index refuses a domain claimed twice', (t) => {
  t.equal(ADAPTERS_BY_DOMAIN.size, ENTITY_ADAPTERS.reduce((sum, adapter) => sum + adapter.domains.length, 0));
  const adapter: EntityAdapter = { domains: ['light'], displayCategories: () => ['LIGHT'], capabilities: () => [] };
  t.throws(() => indexAdapters([adapter, adapter]), /Two entity adapters claim the domain light/);
  t.end();
});

t.test('discovery order follows the full preset, unknown domains last', (t) => {
  t.ok(domainRank('light') < domainRank('lock'));
  t.ok(domainRank('lock') < domainRank('sensor'));
  t.equal(domainRank('not_a_domain'), PRESET_DOMAINS.full.length);
  t.end();
});
