/**
 * Alexa errors, declared the way Home Assistant declares them: each class names its namespace and
 * type, and carries the extra payload Alexa expects (e.g. `validRange`). The one error boundary turns
 * any of them into a schema-valid `ErrorResponse`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-errorresponse.html
 */
import type { HomeAssistantError } from '../../homeassistant/index.js';

export class AlexaError extends Error {
  readonly namespace: string = 'Alexa';
  readonly type: string = 'INTERNAL_ERROR';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlexaError';
  }

  /** Extra payload fields beside `type` and `message`. */
  toPayload(): Record<string, unknown> {
    return {};
  }
}

export class AlexaInvalidDirectiveError extends AlexaError {
  override readonly type = 'INVALID_DIRECTIVE';
}

export class AlexaInvalidValueError extends AlexaError {
  override readonly type = 'INVALID_VALUE';
}

export class AlexaNoSuchEndpointError extends AlexaError {
  override readonly type = 'NO_SUCH_ENDPOINT';
}

export class AlexaEndpointUnreachableError extends AlexaError {
  override readonly type = 'ENDPOINT_UNREACHABLE';
}

export class AlexaBridgeUnreachableError extends AlexaError {
  override readonly type = 'BRIDGE_UNREACHABLE';
}

export class AlexaInvalidCredentialError extends AlexaError {
  override readonly type = 'INVALID_AUTHORIZATION_CREDENTIAL';
}

export class AlexaInternalError extends AlexaError {
  override readonly type = 'INTERNAL_ERROR';
}

export class AlexaInvalidTargetStateError extends AlexaError {
  override readonly type = 'INVALID_TARGET_STATE';
}

/** Amazon documents this type in the `Alexa.Video` ErrorResponse namespace (HA raises it there too). */
export class AlexaActionNotPermittedForContentError extends AlexaError {
  override readonly namespace = 'Alexa.Video';
  override readonly type = 'ACTION_NOT_PERMITTED_FOR_CONTENT';
}

/** A number outside its range; `validRange` tells Alexa what to say. */
export class AlexaValueOutOfRangeError extends AlexaError {
  override readonly type = 'VALUE_OUT_OF_RANGE';
  readonly minimumValue: number;
  readonly maximumValue: number;
  constructor(message: string, minimumValue: number, maximumValue: number) {
    super(message);
    this.minimumValue = minimumValue;
    this.maximumValue = maximumValue;
  }

  override toPayload(): Record<string, unknown> {
    return { validRange: { minimumValue: this.minimumValue, maximumValue: this.maximumValue } };
  }
}

export type TemperatureScale = 'CELSIUS' | 'FAHRENHEIT' | 'KELVIN';

/** A setpoint outside the device's range, with the range in the given scale. */
export class AlexaTemperatureOutOfRangeError extends AlexaError {
  override readonly type = 'TEMPERATURE_VALUE_OUT_OF_RANGE';
  readonly minimum: number;
  readonly maximum: number;
  readonly scale: TemperatureScale;
  constructor(message: string, minimum: number, maximum: number, scale: TemperatureScale) {
    super(message);
    this.minimum = minimum;
    this.maximum = maximum;
    this.scale = scale;
  }

  override toPayload(): Record<string, unknown> {
    return { validRange: { minimumValue: { value: this.minimum, scale: this.scale }, maximumValue: { value: this.maximum, scale: this.scale } } };
  }
}

/** Thermostat errors use their own namespace, so Alexa gives the specific prompt. */
export class AlexaUnsupportedThermostatModeError extends AlexaError {
  override readonly namespace = 'Alexa.ThermostatController';
  override readonly type = 'UNSUPPORTED_THERMOSTAT_MODE';
}

export class AlexaSecurityPanelAuthorizationRequiredError extends AlexaError {
  override readonly namespace = 'Alexa.SecurityPanelController';
  override readonly type = 'AUTHORIZATION_REQUIRED';
}

export class AlexaSecurityPanelUnauthorizedError extends AlexaError {
  override readonly namespace = 'Alexa.SecurityPanelController';
  override readonly type = 'UNAUTHORIZED';
}

/** One line about any thrown value, for logs and error messages. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Where a Home Assistant error happened, which changes what a 404 or a 5xx means to Alexa. */
export type HaErrorSite = 'entity' | 'service' | 'discovery' | 'proxy';

/**
 * Maps a Home Assistant failure to the Alexa error that makes Alexa say the right thing:
 * - `auth` (401/403) → `INVALID_AUTHORIZATION_CREDENTIAL`, so Alexa prompts a relink;
 * - `unreachable`, `circuit_open` (and timeouts) → `BRIDGE_UNREACHABLE`;
 * - `protocol` (an HTML or challenge page instead of JSON) → `BRIDGE_UNREACHABLE`, with the message that names the blocker;
 * - `not_found` on the entity → `NO_SUCH_ENDPOINT`; elsewhere (e.g. `alexa: smart_home:` missing in proxy mode) → `INTERNAL_ERROR`;
 * - `bad_request` (HA refused the service data) → `INVALID_VALUE`; in proxy mode (e.g. 405 from a tunnel) → `INTERNAL_ERROR`;
 * - `server`: 502/503/504 (a proxy in front of HA cannot reach it) → `BRIDGE_UNREACHABLE`; a 500 from a
 *   service call (the device's integration failed, typically because the device is offline) →
 *   `ENDPOINT_UNREACHABLE`; any other 5xx → `INTERNAL_ERROR`.
 */
export function alexaErrorFromHa(error: HomeAssistantError, site: HaErrorSite): AlexaError {
  const message = error.message;
  switch (error.kind) {
    case 'auth':
      return new AlexaInvalidCredentialError(message, { cause: error });
    case 'unreachable':
    case 'circuit_open':
    case 'protocol':
      return new AlexaBridgeUnreachableError(message, { cause: error });
    case 'not_found':
      return site === 'entity' ? new AlexaNoSuchEndpointError(message, { cause: error }) : new AlexaInternalError(message, { cause: error });
    case 'bad_request':
      return site === 'service' ? new AlexaInvalidValueError(message, { cause: error }) : new AlexaInternalError(message, { cause: error });
    case 'server':
      if (error.status === 502 || error.status === 503 || error.status === 504) return new AlexaBridgeUnreachableError(message, { cause: error });
      if (site === 'service' && error.status === 500) return new AlexaEndpointUnreachableError(message, { cause: error });
      return new AlexaInternalError(message, { cause: error });
  }
}
