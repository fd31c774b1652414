/**
 * Schema validation for Smart Home answers, with an explicit allow-list of the places where Amazon's
 * published schema lags behind Alexa itself (and behind Home Assistant, which the bridge follows).
 * Each gap is replaced by a schema-valid stand-in before validating, the rest of the message is
 * validated strictly, and the assertion message names every gap it allowed.
 */
import type { Test } from 'tap';
import { assertAlexaValid, schemaAvailable } from '../../fixtures/alexa-schema.js';

/** Display categories Alexa documents (and HA uses) that the schema's enum lacks. */
const CATEGORY_GAPS: Readonly<Record<string, string>> = {
  VACUUM_CLEANER: 'in Alexa docs and HA (vacuum), missing from the schema enum',
  WATER_HEATER: 'HA default for water_heater, missing from the schema enum',
  REMOTE: 'HA default for remote (Alexa.SimpleEventSource docs), missing from the schema enum',
  AIR_PURIFIER: 'in Alexa docs, missing from the schema enum',
  AIR_CONDITIONER: 'in Alexa docs, missing from the schema enum',
  AIR_FRESHENER: 'in Alexa docs, missing from the schema enum',
  SECURITY_SYSTEM: 'in Alexa docs, missing from the schema enum',
  HUB: 'in Alexa docs, missing from the schema enum',
  COFFEE_MAKER: 'in Alexa docs, missing from the schema enum',
};

/** Interfaces Alexa supports that the schema does not describe. */
const INTERFACE_GAPS: Readonly<Record<string, string>> = {
  'Alexa.PlaybackStateReporter': 'HA lists it with PlaybackController; not in the schema',
};

/** Thermostat modes Alexa documents that the schema's enum rejects. */
const THERMOSTAT_MODE_GAPS: Readonly<Record<string, string>> = {
  CUSTOM: 'Alexa docs (with customName); HA uses it for dry/fan_only',
  EM_HEAT: 'Alexa docs; not in the schema enum',
};

/** Error types Home Assistant answers with that the schema's ErrorResponse enum lacks (replaced by INVALID_VALUE to validate the rest). */
const ERROR_TYPE_GAPS: Readonly<Record<string, string>> = {
  INVALID_TARGET_STATE: 'HA: AdjustTargetTemperature without a current target; not in the schema enum',
  ACTION_NOT_PERMITTED_FOR_CONTENT: 'HA: AdjustSeekPosition without media_position (an Alexa.Video error in Amazon\'s docs); neither type nor namespace in the schema',
};

/** Camera stream protocols Alexa documents that the schema's enum lacks (replaced by RTSP to validate the rest). */
const CAMERA_PROTOCOL_GAPS: Readonly<Record<string, string>> = {
  HLS: 'Alexa docs and HA (InitializeCameraStreams answers with HLS); the schema enum has only RTSP and WEBRTC',
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Replaces gap protocols (HLS) in discovery configurations and camera stream answers, wherever they appear. */
function replaceProtocols(value: unknown, gaps: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) replaceProtocols(item, gaps);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'protocols' && Array.isArray(inner)) {
      value[key] = inner.map((protocol) => gapProtocol(protocol, gaps));
    } else if (key === 'protocol' && typeof inner === 'string') {
      value[key] = gapProtocol(inner, gaps);
    } else {
      replaceProtocols(inner, gaps);
    }
  }
}

function gapProtocol(protocol: unknown, gaps: Set<string>): unknown {
  if (typeof protocol !== 'string' || CAMERA_PROTOCOL_GAPS[protocol] === undefined) return protocol;
  gaps.add(`camera protocol ${protocol}: ${CAMERA_PROTOCOL_GAPS[protocol]}`);
  return 'RTSP';
}

/** Returns a copy of `message` with the known gaps replaced, and the list of gaps used. */
export function withoutKnownGaps(message: unknown): { message: unknown; gaps: string[] } {
  const gaps = new Set<string>();
  const copy = JSON.parse(JSON.stringify(message ?? null)) as unknown;
  const endpoints = isObject(copy) && isObject(copy.event) && isObject(copy.event.payload) && Array.isArray(copy.event.payload.endpoints) ? (copy.event.payload.endpoints as unknown[]) : [];
  for (const endpoint of endpoints) {
    if (!isObject(endpoint)) continue;
    if (Array.isArray(endpoint.displayCategories)) {
      endpoint.displayCategories = endpoint.displayCategories.map((category) => {
        if (typeof category === 'string' && CATEGORY_GAPS[category] !== undefined) {
          gaps.add(`displayCategory ${category}: ${CATEGORY_GAPS[category]}`);
          return 'OTHER';
        }
        return category;
      });
    }
    if (Array.isArray(endpoint.capabilities)) {
      endpoint.capabilities = endpoint.capabilities.filter((capability) => {
        const name = isObject(capability) ? capability.interface : undefined;
        if (typeof name === 'string' && INTERFACE_GAPS[name] !== undefined) {
          gaps.add(`interface ${name}: ${INTERFACE_GAPS[name]}`);
          return false;
        }
        return true;
      });
      for (const capability of endpoint.capabilities as unknown[]) {
        const modes = isObject(capability) && isObject(capability.configuration) ? capability.configuration.supportedModes : undefined;
        if (isObject(capability) && capability.interface === 'Alexa.ThermostatController' && Array.isArray(modes) && isObject(capability.configuration)) {
          capability.configuration.supportedModes = modes.filter((mode) => {
            if (typeof mode === 'string' && THERMOSTAT_MODE_GAPS[mode] !== undefined) {
              gaps.add(`thermostat mode ${mode}: ${THERMOSTAT_MODE_GAPS[mode]}`);
              return false;
            }
            return true;
          });
        }
      }
    }
  }
  const errorPayload = isObject(copy) && isObject(copy.event) && isObject(copy.event.header) && copy.event.header.name === 'ErrorResponse' && isObject(copy.event.payload) ? copy.event.payload : undefined;
  if (errorPayload !== undefined && typeof errorPayload.type === 'string' && ERROR_TYPE_GAPS[errorPayload.type] !== undefined) {
    gaps.add(`error type ${errorPayload.type}: ${ERROR_TYPE_GAPS[errorPayload.type]}`);
    errorPayload.type = 'INVALID_VALUE';
    ((copy as { event: { header: Json } }).event.header).namespace = 'Alexa';
  }
  replaceProtocols(copy, gaps);
  const properties = isObject(copy) && isObject(copy.context) && Array.isArray(copy.context.properties) ? (copy.context.properties as unknown[]) : [];
  if (isObject(copy) && isObject(copy.context) && Array.isArray(copy.context.properties)) {
    copy.context.properties = properties.filter((property) => {
      if (!isObject(property)) return true;
      if (typeof property.namespace === 'string' && INTERFACE_GAPS[property.namespace] !== undefined) {
        gaps.add(`property of ${property.namespace}: ${INTERFACE_GAPS[property.namespace]}`);
        return false;
      }
      const value = property.value;
      const mode = isObject(value) ? value.value : value;
      if (property.name === 'thermostatMode' && typeof mode === 'string' && THERMOSTAT_MODE_GAPS[mode] !== undefined) {
        gaps.add(`thermostatMode ${mode}: ${THERMOSTAT_MODE_GAPS[mode]}`);
        return false;
      }
      return true;
    });
  }
  return { message: copy, gaps: [...gaps] };
}

/**
 * Asserts that a Smart Home answer is valid against Amazon's schema, allowing only the documented
 * gaps above (named in the assertion message). Skips with a message where the schema is absent.
 */
export function assertSmartHomeValid(t: Test, message: unknown, what = 'the response'): void {
  const { message: checked, gaps } = withoutKnownGaps(message);
  const label = gaps.length === 0 || !schemaAvailable() ? what : `${what} (allowed schema gaps: ${gaps.join('; ')})`;
  assertAlexaValid(t, checked, label);
}
