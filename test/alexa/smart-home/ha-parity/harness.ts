/**
 * Runs the parity tables against the real `handler()` in native mode (preset `full`, locale
 * `en-US`) with the msw fake Home Assistant. Like HA's tests, services are mocked: the fake records
 * each call and leaves the state unchanged (`applyServiceEffects: false`).
 *
 * A row whose domain has no entity adapter yet, or whose directive has no handler yet, runs as a tap
 * `todo` naming what is missing, so the suite stays green while the gap stays visible. A row listed
 * in a runner's `knownDifferences` is a `todo` with the reason.
 */
import type { Test } from 'tap';
import { HA_URL, useFakeHa } from '../../../fixtures/ha-msw.js';
import { state, type FakeHomeAssistant } from '../../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../../src/config/index.js';
import { clearHaCache, resetBreakers } from '../../../../src/homeassistant/index.js';
import { setLogSink } from '../../../../src/logging/logger.js';
import { ADAPTERS_BY_DOMAIN } from '../../../../src/alexa/smart-home/native/entities/index.js';
import { DIRECTIVE_HANDLERS } from '../../../../src/alexa/smart-home/native/capabilities/index.js';
import { loadHandler, STORED_TOKEN, type Handler } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';
import { HA_TEST_ENTITY_CONFIG, endpointIdOf, type AbsentProperty, type EntitySpec, type ExpectedProperty, type TemperatureUnit } from './types.js';

export const PARITY_TOKEN = 'parity-directive-token';

type Json = Record<string, unknown>;

export interface Parity {
  readonly invoke: Handler;
  readonly fake: FakeHomeAssistant;
  /** Puts exactly these states into the fake, sets HA's unit system and the exposure filter. */
  prepare(entities: readonly EntitySpec[], units?: TemperatureUnit, filter?: Readonly<Json>, haConfig?: Readonly<Json>): void;
}

const BASE_FILTER = JSON.stringify({ entity_config: HA_TEST_ENTITY_CONFIG });

/** Loads the handler with the parity environment and starts the fake HA for one test file. */
export async function startParity(t: Test): Promise<Parity> {
  const invoke = await loadHandler({
    HOME_ASSISTANT_URL: HA_URL,
    HOME_ASSISTANT_TOKEN: STORED_TOKEN,
    HA_FEATURE_PRESET: 'full',
    HA_ALEXA_MODE: 'native',
    ALEXA_LOCALE: 'en-US',
    HA_ALEXA_FILTER: BASE_FILTER,
    HA_CIRCUIT_THRESHOLD: '100000',
  });
  const { fake } = useFakeHa(t, { applyServiceEffects: false });
  const previous = setLogSink(() => undefined);
  t.teardown(() => setLogSink(previous));
  let currentFilter = BASE_FILTER;
  const baseConfig = fake.config;
  return {
    invoke,
    fake,
    prepare(entities, units = '°C', filter, haConfig = {}) {
      fake.reset();
      fake.states.clear();
      for (const spec of entities) fake.states.set(spec.id, state(spec.id, spec.state, { ...spec.attributes }));
      fake.config = { ...baseConfig, ...haConfig, unit_system: { ...baseConfig.unit_system, temperature: units } };
      const next = filter === undefined ? BASE_FILTER : JSON.stringify({ ...filter, entity_config: { ...HA_TEST_ENTITY_CONFIG, ...(filter.entity_config as Json | undefined) } });
      if (next !== currentFilter) {
        process.env.HA_ALEXA_FILTER = next;
        currentFilter = next;
        resetConfigCache();
      }
      clearHaCache();
      resetBreakers();
    },
  };
}

/** Why a row cannot pass yet (no adapter for its domain, no handler for its directive), or undefined. */
export function pendingReason(entityId: string, directiveKey?: string): string | undefined {
  const domain = entityId.slice(0, entityId.indexOf('.'));
  if (!ADAPTERS_BY_DOMAIN.has(domain)) return `no entity adapter for ${domain} yet`;
  if (directiveKey !== undefined && !DIRECTIVE_HANDLERS.has(directiveKey)) return `no handler for ${directiveKey} yet`;
  return undefined;
}

/** Deep partial match: objects key by key, arrays element-wise "is in", `{ $exact }` for equality. */
export function matches(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'object' && expected !== null && !Array.isArray(expected) && '$exact' in expected) {
    return JSON.stringify(actual) === JSON.stringify(expected.$exact);
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((item) => actual.some((candidate) => matches(candidate, item)));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(([key, value]) => matches((actual as Json)[key], value));
  }
  return Object.is(actual, expected) || (typeof actual === 'number' && typeof expected === 'number' && actual === expected);
}

export function eventOf(response: unknown): { header: Json; payload: Json; endpoint?: Json } {
  return ((response as { event?: unknown } | undefined)?.event ?? { header: {}, payload: {} }) as { header: Json; payload: Json; endpoint?: Json };
}

export function contextProperties(response: unknown): Json[] {
  return ((response as { context?: { properties?: Json[] } } | undefined)?.context?.properties ?? []);
}

/** HA's `ReportedProperties.assert_equal`: exactly one property with that namespace/name (and instance), of that value. */
export function checkProperties(t: Test, response: unknown, expected: readonly ExpectedProperty[]): void {
  const properties = contextProperties(response);
  for (const want of expected) {
    const found = properties.filter((p) => p.namespace === want.namespace && p.name === want.name && (want.instance === undefined || p.instance === want.instance));
    const label = `${want.namespace}.${want.name}${want.instance === undefined ? '' : ` (${want.instance})`}`;
    t.equal(found.length, 1, `${label} is reported once`);
    if (found.length === 1) t.same(found[0]?.value, want.value, `${label} = ${JSON.stringify(want.value)}`);
  }
}

export function checkAbsent(t: Test, response: unknown, absent: readonly AbsentProperty[]): void {
  const properties = contextProperties(response);
  for (const missing of absent) {
    const found = properties.some((p) => p.namespace === missing.namespace && p.name === missing.name && (missing.instance === undefined || p.instance === missing.instance));
    t.notOk(found, `${missing.namespace}.${missing.name} is not reported`);
  }
}

/** Validates against Amazon's schema with the documented allow-list. */
export function checkSchema(t: Test, response: unknown, what: string): void {
  assertSmartHomeValid(t, response, what);
}

export { endpointIdOf };
