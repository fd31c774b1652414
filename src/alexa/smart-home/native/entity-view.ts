/**
 * Identity and naming rules shared by discovery and control, as Home Assistant's integration applies
 * them, so that users moving from it keep their devices and routines.
 */
import type { HaState } from '../../../homeassistant/index.js';
import type { EntityOverrides, EntityView } from './capabilities/types.js';

/** Characters HA removes from endpoint IDs, names and descriptions. */
const FORBIDDEN = /[}{\\/|"()[\]+~!><*%]/g;
/** What Amazon's schema allows in an endpointId. */
const ENDPOINT_ID_ALLOWED = /[^A-Za-z0-9_\-=#;:?@&]/g;

/** A plain entity_id (the usual case) needs only the `.` → `#` swap. */
const PLAIN_ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
/** Text that {@link cleanText} would change. */
const NEEDS_CLEANING = /[}{\\/|"()[\]+~!><*%\p{Cc}]|\s\s|^\s|\s$|[^\S ]/u;

/** `light.kitchen` → `light#kitchen` (HA's rule), limited to the characters and length Alexa accepts. */
export function toEndpointId(entityId: string): string {
  if (entityId.length <= 256 && PLAIN_ENTITY_ID.test(entityId)) return entityId.replace('.', '#');
  return entityId.replace(/\./g, '#').replace(FORBIDDEN, '').replace(ENDPOINT_ID_ALLOWED, '').slice(0, 256);
}

/** `light#kitchen` → `light.kitchen`. Only `#` is replaced, so an ID written with `.` works too (as in HA). */
export function toEntityId(endpointId: string): string {
  return endpointId.replace(/#/g, '.');
}

/** Removes HA's forbidden characters, collapses whitespace and cuts to Alexa's 128 characters. */
export function cleanText(text: string, max = 128): string {
  // Discovery cleans two strings per entity: skip the replacements for text that is already clean.
  if (text.length <= max && !NEEDS_CLEANING.test(text)) return text;
  return text.replace(FORBIDDEN, '').replace(/\p{Cc}/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

/** HA's `state.name`: `friendly_name`, else the object_id with `_` → space. */
export function stateName(entity: EntityView): string {
  const friendly = entity.attributes.friendly_name;
  return typeof friendly === 'string' && friendly.trim() !== '' ? friendly : entity.objectId.replace(/_/g, ' ');
}

/** Wraps an HA state once, so adapters and readers do not re-split or re-parse it. */
export function toEntityView(state: HaState, overrides: EntityOverrides | undefined): EntityView {
  const dot = state.entity_id.indexOf('.');
  const attributes = typeof state.attributes === 'object' && state.attributes !== null ? state.attributes : {};
  const features = attributes.supported_features;
  return {
    entityId: state.entity_id,
    domain: state.entity_id.slice(0, dot),
    objectId: state.entity_id.slice(dot + 1),
    state: typeof state.state === 'string' ? state.state : String(state.state),
    attributes,
    features: typeof features === 'number' && Number.isFinite(features) ? features : 0,
    overrides,
    raw: state,
  };
}
