/**
 * Turns handler answers into the short, readable lines of the local tools' transcripts:
 * the discovered devices as a table, a Home Assistant service call as `light.turn_on {entity_id: …}`,
 * and Alexa's answer in one line.
 */
import { formatTextTable } from '../shared/table.js';
import type { LoggedHaCall } from './handler.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A value as people read it: strings bare, lists and objects compact (`{entity_id: light.kitchen}`). */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, inner]) => `${key}: ${formatValue(inner)}`).join(', ')}}`;
  return String(value);
}

/** `light.turn_on {entity_id: light.kitchen}`. */
export function formatServiceCall(call: { domain: string; service: string; data: Readonly<Record<string, unknown>> }): string {
  return `${call.domain}.${call.service} ${formatValue(call.data)}`;
}

/** `POST /api/services/light/turn_on → 200 (2.1 ms)`. */
export function formatHaCall(call: LoggedHaCall): string {
  const outcome = call.cached === true ? 'cached' : call.status === null ? `failed (${call.error ?? 'no answer'})` : String(call.status);
  return `${call.method} ${call.path} → ${outcome} (${call.ms} ms)`;
}

/** An Alexa property value: `ON`, `21 CELSIUS`, `{hue: 0, …}`. */
export function formatPropertyValue(value: unknown): string {
  if (isObject(value) && 'value' in value && Object.keys(value).every((key) => key === 'value' || key === 'scale')) {
    return value.scale === undefined ? formatValue(value.value) : `${formatValue(value.value)} ${formatValue(value.scale)}`;
  }
  return formatValue(value);
}

/** `powerState = ON, connectivity = OK` from a response's `context.properties`. */
export function formatProperties(response: unknown): string {
  const properties = field(response, 'context', 'properties');
  if (!Array.isArray(properties) || properties.length === 0) return '';
  return properties
    .filter(isObject)
    .map((property) => `${text(property.name)} = ${formatPropertyValue(property.value)}`)
    .join(', ');
}

/** The discovered endpoints of a `Discover.Response`, or undefined for any other answer. */
export function discoveredEndpoints(response: unknown): JsonObject[] | undefined {
  if (field(response, 'event', 'header', 'name') !== 'Discover.Response') return undefined;
  const endpoints = field(response, 'event', 'payload', 'endpoints');
  return Array.isArray(endpoints) ? endpoints.filter(isObject) : [];
}

/** The discovered devices as a table: name, endpoint id, display category, interfaces. */
export function formatDiscoveryTable(endpoints: readonly JsonObject[]): string {
  const rows = endpoints.map((endpoint) => {
    const categories = Array.isArray(endpoint.displayCategories) ? endpoint.displayCategories.map(String).join(', ') : '';
    const capabilities = Array.isArray(endpoint.capabilities) ? endpoint.capabilities : [];
    const interfaces = capabilities
      .map((capability) => text(field(capability, 'interface')))
      .filter((name) => name !== '' && name !== 'Alexa')
      .map((name) => name.replace(/^Alexa\./, ''));
    return [text(endpoint.friendlyName), text(endpoint.endpointId), categories, interfaces.join(', ')];
  });
  return formatTextTable(['Device', 'Endpoint', 'Category', 'Interfaces'], rows);
}

/** True when the answer is an Alexa `ErrorResponse`, an `UNRECOGNIZED_EVENT` or a failed diagnostics check. */
export function isErrorAnswer(response: unknown): boolean {
  if (field(response, 'event', 'header', 'name') === 'ErrorResponse') return true;
  if (isObject(field(response, 'error'))) return true;
  return field(response, 'diagnostics') !== undefined && field(response, 'ok') !== true;
}

/** Spoken text of a Custom skill answer, without SSML tags. */
export function spokenText(response: unknown): string | undefined {
  const speech = field(response, 'response', 'outputSpeech');
  const raw = text(field(speech, 'ssml')) || text(field(speech, 'text'));
  if (raw === '') return undefined;
  return raw
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .trim();
}

/** Alexa's answer in one line. */
export function describeAnswer(response: unknown): string {
  const header = field(response, 'event', 'header');
  if (isObject(header)) {
    const name = text(header.name);
    if (name === 'ErrorResponse') {
      const payload = field(response, 'event', 'payload');
      return `ErrorResponse ${text(field(payload, 'type'))}: ${text(field(payload, 'message'))}`;
    }
    const endpoints = discoveredEndpoints(response);
    if (endpoints !== undefined) return `Discover.Response with ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'}`;
    const properties = formatProperties(response);
    const title = `${text(header.namespace)}.${name}`;
    return properties === '' ? title : `${title}: ${properties}`;
  }
  if (field(response, 'version') === '1.0' && isObject(field(response, 'response'))) {
    const spoken = spokenText(response);
    const open = field(response, 'response', 'shouldEndSession') === false ? ' (session stays open)' : '';
    return spoken === undefined ? `Custom skill answer without speech${open}` : `says "${spoken}"${open}`;
  }
  const error = field(response, 'error');
  if (isObject(error)) return `${text(error.type)}: ${text(error.message)}`;
  const diagnostics = field(response, 'diagnostics');
  if (typeof diagnostics === 'string') {
    const problems = field(response, 'problems');
    const list = Array.isArray(problems) && problems.length > 0 ? `: ${problems.map(String).join('; ')}` : '';
    return `${diagnostics}: ${field(response, 'ok') === true ? 'ok' : 'not ok'}${list}`;
  }
  const json = JSON.stringify(response) ?? String(response);
  return json.length > 200 ? `${json.slice(0, 199)}…` : json;
}

/** A copy of `value` with every bearer token (`scope.token`) masked, for printing raw JSON. */
export function maskTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskTokens);
  if (!isObject(value)) return value;
  const copy: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = key === 'token' && typeof inner === 'string' && value.type === 'BearerToken' ? '<masked>' : maskTokens(inner);
  }
  return copy;
}
