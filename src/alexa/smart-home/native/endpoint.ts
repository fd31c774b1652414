/**
 * Turns an entity into an endpoint (adapter capabilities + EndpointHealth + Alexa, filtered by
 * locale), serializes it for discovery and reads its properties for reports and responses.
 */
import type { ReportedProperty } from '../response.js';
import { ALEXA_INTERFACE } from './capabilities/alexa.js';
import { ENDPOINT_HEALTH } from './capabilities/endpoint-health.js';
import type { AdapterEnv, CapabilityInstance, EntityAdapter, EntityView, NativeEndpoint, PropertyValue, ReadEnv } from './capabilities/types.js';
import { cleanText, stateName, toEndpointId } from './entity-view.js';

/** Alexa refuses endpoints with more capabilities than this. */
export const MAX_CAPABILITIES = 100;

/**
 * The endpoint for `entity`, or undefined when HA would give it no display category (e.g. a
 * binary_sensor of an unknown class) or no capability beyond `Alexa`/`EndpointHealth`.
 */
export function buildEndpoint(entity: EntityView, adapter: EntityAdapter, locale: string, env: AdapterEnv = {}): NativeEndpoint | undefined {
  const own = adapter.capabilities(entity, env).filter((capability) => capability.locales === undefined || capability.locales.has(locale));
  const categories = displayCategories(entity, adapter);
  if (categories === undefined || (own.length === 0 && adapter.discoverWithoutCapabilities !== true)) return undefined;
  // Past Alexa's limit, the adapter's last capabilities go; `Alexa` and EndpointHealth always stay.
  const capabilities = own.slice(0, MAX_CAPABILITIES - 2);
  if (adapter.endpointHealth !== false) capabilities.push(ENDPOINT_HEALTH);
  capabilities.push(ALEXA_INTERFACE);
  return { entity, adapter, capabilities };
}

function displayCategories(entity: EntityView, adapter: EntityAdapter): readonly string[] | undefined {
  const configured = entity.overrides?.displayCategories;
  return configured !== undefined ? [configured] : adapter.displayCategories(entity);
}

function serializeCapability(capability: CapabilityInstance): Record<string, unknown> {
  const result: Record<string, unknown> = { type: 'AlexaInterface', interface: capability.namespace, version: '3' };
  if (capability.instance !== undefined) result.instance = capability.instance;
  if (capability.supported.length > 0) {
    const properties: Record<string, unknown> = {
      supported: capability.supported.map((name) => ({ name })),
      proactivelyReported: capability.proactivelyReported ?? false,
      retrievable: capability.retrievable ?? false,
    };
    if (capability.nonControllable !== undefined) properties.nonControllable = capability.nonControllable;
    result.properties = properties;
  }
  if (capability.extra !== undefined) Object.assign(result, capability.extra);
  return result;
}

/** The `Discover.Response` entry: HA's names, description and attributes, within Alexa's limits. */
export function serializeEndpoint(endpoint: NativeEndpoint): Record<string, unknown> {
  const { entity, adapter } = endpoint;
  const name = cleanText(entity.overrides?.name ?? stateName(entity)) || cleanText(entity.objectId.replace(/_/g, ' ')) || entity.entityId;
  let description = cleanText(`${entity.overrides?.description ?? entity.entityId} via Home Assistant`);
  // HA appends the adapter's suffix, e.g. " (Scene)", after removing the forbidden characters.
  if (adapter.describe !== undefined) description = adapter.describe(description).slice(0, 128);
  return {
    displayCategories: displayCategories(entity, adapter),
    cookie: {},
    endpointId: toEndpointId(entity.entityId),
    friendlyName: name,
    description,
    manufacturerName: 'Home Assistant',
    additionalAttributes: { manufacturer: 'Home Assistant', model: entity.domain.slice(0, 256) },
    capabilities: endpoint.capabilities.map(serializeCapability),
  };
}

/** True when a reader of this endpoint needs HA's temperature unit. */
export function needsUnitSystem(endpoint: NativeEndpoint): boolean {
  return endpoint.capabilities.some((capability) => capability.needsUnitSystem === true);
}

/**
 * Current values of every property the endpoint's capabilities read. Like HA, this ignores the
 * `retrievable` flag of discovery (HA declares EventDetectionSensor not retrievable, yet reports it).
 */
export function readProperties(endpoint: NativeEndpoint, entity: EntityView, env: ReadEnv): PropertyValue[] {
  const result: PropertyValue[] = [];
  for (const capability of endpoint.capabilities) {
    if (capability.read === undefined) continue;
    const values = capability.read(entity, env);
    for (const name of capability.supported) {
      const value = values[name];
      if (value === undefined || value === null) continue;
      result.push(capability.instance === undefined ? { namespace: capability.namespace, name, value } : { namespace: capability.namespace, instance: capability.instance, name, value });
    }
  }
  return result;
}

/** Adds `timeOfSample` and `uncertaintyInMilliseconds`; `first` wins over `rest` for the same property. */
export function toReported(first: readonly PropertyValue[], rest: readonly PropertyValue[], timeOfSample: string): ReportedProperty[] {
  const seen = new Set<string>();
  const result: ReportedProperty[] = [];
  for (const property of [...first, ...rest]) {
    const key = `${property.namespace}|${property.instance ?? ''}|${property.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ ...property, timeOfSample, uncertaintyInMilliseconds: 0 });
  }
  return result;
}
