/**
 * The set of endpoints last told to Alexa, published in Home Assistant as the state object
 * `sensor.alexa_bridge_reported` (design §C6): state = the count; attributes `entity_ids` (the
 * blueprint's filter: Home Assistant pokes only for these), `hashes` (8 hex digits of each
 * serialized endpoint, in the same order) and `updated`. Two parallel lists rather than the design's
 * `"<entity_id>:<hash>"` strings: the entity_ids are needed on their own for the blueprint, and
 * repeating them would take 300 entities past the recorder's 16,384-byte attribute cap
 * (`MAX_STATE_ATTRS_BYTES`). Writing a state needs an administrator's token (`APIEntityStateView.post`).
 *
 * @see https://developers.home-assistant.io/docs/api/rest/
 */
import { createHash } from 'node:crypto';
import { isHomeAssistantError, type HomeAssistantClient } from '../../homeassistant/index.js';
import { toEntityId } from '../smart-home/native/entity-view.js';

export const PUBLISHED_ENTITY = 'sensor.alexa_bridge_reported';

/** entity_id → hash of its serialized endpoint. */
export type EndpointSet = ReadonlyMap<string, string>;

/** 8 hex digits of the endpoint as discovery serializes it: any change Alexa would see changes it. */
export function endpointHash(endpoint: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(JSON.stringify(endpoint)).digest('hex').slice(0, 8);
}

/** The set discovery built: entity_id → hash. */
export function endpointSet(endpoints: readonly Readonly<Record<string, unknown>>[]): Map<string, string> {
  const set = new Map<string, string>();
  for (const endpoint of endpoints) set.set(toEntityId(String(endpoint.endpointId)), endpointHash(endpoint));
  return set;
}

/** The published set, or undefined when there is none (first run, or Home Assistant restarted). */
export async function readPublished(ha: HomeAssistantClient): Promise<EndpointSet | undefined> {
  let attributes: Readonly<Record<string, unknown>>;
  try {
    attributes = (await ha.getState(PUBLISHED_ENTITY)).attributes;
  } catch (error) {
    if (isHomeAssistantError(error) && error.kind === 'not_found') return undefined;
    throw error;
  }
  const ids = attributes.entity_ids;
  const hashes = attributes.hashes;
  if (!Array.isArray(ids) || !Array.isArray(hashes)) return undefined;
  const set = new Map<string, string>();
  ids.forEach((id, index) => {
    if (typeof id === 'string') set.set(id, typeof hashes[index] === 'string' ? hashes[index] : '');
  });
  return set;
}

/** Publishes `set` (sorted, so the same set always reads the same). */
export async function publish(ha: HomeAssistantClient, set: EndpointSet, now: Date): Promise<void> {
  const ids = [...set.keys()].sort();
  await ha.setState(PUBLISHED_ENTITY, String(ids.length), {
    entity_ids: ids,
    hashes: ids.map((id) => set.get(id)),
    updated: now.toISOString(),
    friendly_name: 'Alexa bridge: reported entities',
  });
}
