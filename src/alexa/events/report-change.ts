/**
 * A `state` poke: the entity is read again from Home Assistant (the poke itself is not trusted), its
 * endpoint and properties are built by the native adapters, and the change goes to Alexa as a
 * `ChangeReport`, or as a `DoorbellPress` for a doorbell.
 *
 * Deduplication is per container, as Home Assistant does it per process: the last values sent for
 * each endpoint are kept; a poke that changes nothing is skipped, and a temperature moving less than
 * Home Assistant's significant-change step (0.5 °C, 1 °F: `sensor/significant_change.py`) from the
 * value last sent counts as unchanged.
 *
 * @see https://developer.amazon.com/docs/smarthome/state-reporting-for-a-smart-home-skill.html
 */
import type { HomeAssistantClient } from '../../homeassistant/index.js';
import type { PropertyValue } from '../smart-home/native/capabilities/types.js';
import { needsUnitSystem, readProperties } from '../smart-home/native/endpoint.js';
import { ADAPTERS_BY_DOMAIN } from '../smart-home/native/entities/index.js';
import { toEndpointId } from '../smart-home/native/entity-view.js';
import { exposureFor } from '../smart-home/native/exposure.js';
import { fetchTemperatureUnit } from '../smart-home/native/ha.js';
import { loadEndpoint } from '../smart-home/native/load-endpoint.js';
import type { ReportedProperty } from '../smart-home/response.js';
import type { EventsContext } from './context.js';
import { sendEvent } from './gateway.js';
import { changeReport, doorbellPress, type ChangeCause } from './messages.js';

/** A doorbell press older than this is not announced: a late or replayed poke cannot ring the bell. */
export const DOORBELL_MAX_AGE_MS = 30_000;
/** Home Assistant's uncertainty for reported values. */
const UNCERTAINTY_MS = 1_000;
/** Home Assistant's significant-change step for temperatures, by Alexa scale. */
const TEMPERATURE_STEP: Readonly<Record<string, number>> = { CELSIUS: 0.5, FAHRENHEIT: 1, KELVIN: 0.5 };

export interface PokeResult {
  readonly sent: number;
  readonly skipped?: string;
}

export interface StatePoke {
  readonly entityId: string;
  readonly byUser: boolean;
  readonly byRule: boolean;
}

/** Values last sent per endpointId (JSON of each property's value, by property key). */
const lastSent = new Map<string, Map<string, string>>();
/** Doorbell presses last announced per endpointId (the press time). */
const lastPress = new Map<string, number>();
/** Bounds the per-container memory: Alexa accepts at most 300 endpoints anyway. */
const MAX_REMEMBERED = 1_000;

/** Forgets what this container sent (tests). */
export function resetSentState(): void {
  lastSent.clear();
  lastPress.clear();
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (!map.has(key) && map.size >= MAX_REMEMBERED) map.clear();
  map.set(key, value);
}

/** The ChangeReport cause for a poke (design §2.3); `ALEXA_REPORT_CAUSE=app` is Home Assistant's choice. */
export function causeOf(poke: StatePoke, setting: 'context' | 'app'): ChangeCause {
  if (setting === 'app') return 'APP_INTERACTION';
  if (poke.byRule) return 'RULE_TRIGGER';
  if (poke.byUser) return 'APP_INTERACTION';
  return 'PHYSICAL_INTERACTION';
}

function keyOf(property: PropertyValue): string {
  return `${property.namespace}|${property.instance ?? ''}|${property.name}`;
}

/** True when `value` is within the significant-change step of `previous` (temperatures only). */
function insignificant(property: PropertyValue, previous: string | undefined): boolean {
  if (previous === undefined || property.namespace !== 'Alexa.TemperatureSensor') return false;
  const now = property.value as { value?: unknown; scale?: unknown };
  // `previous` is the JSON this module wrote for the same property.
  const before = JSON.parse(previous) as { value?: unknown; scale?: unknown };
  const step = typeof now.scale === 'string' ? TEMPERATURE_STEP[now.scale] : undefined;
  return step !== undefined && now.scale === before.scale && typeof now.value === 'number' && typeof before.value === 'number' && Math.abs(now.value - before.value) < step;
}

function timeOf(text: string | undefined, fallback: number): Date {
  const time = text === undefined ? Number.NaN : Date.parse(text);
  return new Date(Number.isNaN(time) ? fallback : time);
}

/** Reports one entity's change; never throws for Amazon's refusals (they are in the result and the log). */
export async function reportChange(ctx: EventsContext, ha: HomeAssistantClient, poke: StatePoke): Promise<PokeResult> {
  const dot = poke.entityId.indexOf('.');
  const domain = dot > 0 ? poke.entityId.slice(0, dot) : '';
  if (ADAPTERS_BY_DOMAIN.get(domain) === undefined || !exposureFor(ctx.config).allows(poke.entityId, domain)) return { sent: 0, skipped: 'not exposed' };
  const endpointId = toEndpointId(poke.entityId);
  const endpoint = await loadEndpoint(endpointId, ctx.config, ha);
  const raw = endpoint.entity.raw;
  if (endpoint.capabilities.some((capability) => capability.namespace === 'Alexa.DoorbellEventSource')) {
    // event.*: the state is the time of the last event; binary_sensor: `on` since last_changed.
    const pressed = domain === 'event' ? Date.parse(raw.state) : raw.state === 'on' ? Date.parse(raw.last_changed ?? '') : Number.NaN;
    if (Number.isNaN(pressed)) return { sent: 0, skipped: 'no press' };
    const age = ctx.now() - pressed;
    if (age > DOORBELL_MAX_AGE_MS || age < -DOORBELL_MAX_AGE_MS) return { sent: 0, skipped: 'press too old' };
    if (lastPress.get(endpointId) === pressed) return { sent: 0, skipped: 'unchanged' };
    const result = await sendEvent(ctx, 'DoorbellPress', endpointId, (token) => doorbellPress(token, endpointId, new Date(pressed)));
    if (!result.ok) return { sent: 0, skipped: `gateway: ${result.code}` };
    remember(lastPress, endpointId, pressed);
    return { sent: 1 };
  }
  const reported = new Set(endpoint.capabilities.filter((capability) => capability.proactivelyReported === true).map((capability) => `${capability.namespace}|${capability.instance ?? ''}`));
  if (reported.size === 0) return { sent: 0, skipped: 'nothing reported' };
  const temperatureUnit = needsUnitSystem(endpoint) ? await fetchTemperatureUnit(ha) : undefined;
  const properties = readProperties(endpoint, endpoint.entity, { temperatureUnit }).filter((property) => reported.has(`${property.namespace}|${property.instance ?? ''}`));
  const previous = lastSent.get(endpointId);
  const next = new Map(previous);
  const changed: PropertyValue[] = [];
  const unchanged: PropertyValue[] = [];
  for (const property of properties) {
    const key = keyOf(property);
    const value = JSON.stringify(property.value);
    const before = previous?.get(key);
    if (previous !== undefined && (before === value || insignificant(property, before))) {
      unchanged.push(property);
    } else {
      changed.push(property);
      next.set(key, value);
    }
  }
  if (changed.length === 0) return { sent: 0, skipped: 'unchanged' };
  const timeOfSample = timeOf(raw.last_updated, ctx.now()).toISOString();
  const stamp = (list: PropertyValue[]): ReportedProperty[] => list.map((property) => ({ ...property, timeOfSample, uncertaintyInMilliseconds: UNCERTAINTY_MS }));
  const cause = causeOf(poke, ctx.config.alexaReportCause);
  const result = await sendEvent(ctx, 'ChangeReport', endpointId, (token) => changeReport(token, endpointId, cause, stamp(changed), stamp(unchanged)));
  if (!result.ok) return { sent: 0, skipped: `gateway: ${result.code}` };
  remember(lastSent, endpointId, next);
  return { sent: 1 };
}
