/**
 * The edge of the Smart Home module: checks that an event is a well-formed Alexa v3 directive and
 * turns it into a typed {@link Directive}. Past this point the code trusts the shape; anything that
 * fails here is answered with `INVALID_DIRECTIVE` (in both modes, before anything is forwarded).
 */

type JsonObject = Record<string, unknown>;

/** A directive that passed {@link parseDirective}. */
export interface Directive {
  readonly namespace: string;
  readonly name: string;
  readonly messageId: string;
  readonly correlationToken: string | undefined;
  /** Header `instance` of multi-instance controllers (Range, Mode, Toggle). */
  readonly instance: string | undefined;
  readonly endpoint: DirectiveEndpoint | undefined;
  readonly payload: Readonly<JsonObject>;
  /** `namespace.name`, e.g. `Alexa.PowerController.TurnOn`. */
  readonly key: string;
  /** The untouched event, for proxy mode. */
  readonly event: unknown;
}

export interface DirectiveEndpoint {
  readonly endpointId: string;
  readonly token: string | undefined;
  /** The directive's endpoint object, echoed in the answer. */
  readonly raw: Readonly<JsonObject>;
}

export type ParseResult = { readonly ok: true; readonly directive: Directive } | { readonly ok: false; readonly message: string };

/** Limits that keep a hostile or broken event from costing memory or log space. */
const MAX_ID = 256;
const MAX_CORRELATION_TOKEN = 16_384;
const MAX_TOKEN = 16_384;

/**
 * Namespaces of the Alexa Smart Home v3 API this bridge knows (every one HA's integration handles,
 * plus Amazon's other interfaces, which get a clear "not supported for this endpoint" later).
 * Anything else is not an Alexa directive and is answered with `INVALID_DIRECTIVE` at the edge.
 */
const KNOWN_NAMESPACES: ReadonlySet<string> = new Set([
  'Alexa', 'Alexa.Discovery', 'Alexa.Authorization', 'Alexa.PowerController', 'Alexa.BrightnessController',
  'Alexa.ColorController', 'Alexa.ColorTemperatureController', 'Alexa.PercentageController', 'Alexa.PowerLevelController',
  'Alexa.ThermostatController', 'Alexa.TemperatureSensor', 'Alexa.LockController', 'Alexa.SceneController',
  'Alexa.RangeController', 'Alexa.ModeController', 'Alexa.ToggleController', 'Alexa.Speaker', 'Alexa.StepSpeaker',
  'Alexa.PlaybackController', 'Alexa.PlaybackStateReporter', 'Alexa.ChannelController', 'Alexa.InputController',
  'Alexa.SeekController', 'Alexa.EqualizerController', 'Alexa.SecurityPanelController', 'Alexa.TimeHoldController',
  'Alexa.CameraStreamController', 'Alexa.ContactSensor', 'Alexa.MotionSensor', 'Alexa.EventDetectionSensor',
  'Alexa.DoorbellEventSource', 'Alexa.EndpointHealth', 'Alexa.Cooking', 'Alexa.RecordController', 'Alexa.Launcher',
  'Alexa.WakeOnLANController', 'Alexa.DeviceUsage.Meter', 'Alexa.InventoryLevelSensor', 'Alexa.KeypadController',
]);

/** Namespaces whose directives carry no endpoint (the token is in the payload). */
const ENDPOINTLESS: ReadonlySet<string> = new Set(['Alexa.Discovery', 'Alexa.Authorization']);

type FieldType = 'boolean' | 'string' | 'object' | 'numeric';

/**
 * Payload fields whose type is checked at the edge (required unless marked optional with `?`).
 * `numeric` accepts a number or a numeric string, as HA's `int(...)` / `float(...)` do.
 */
const PAYLOAD_FIELDS: Readonly<Record<string, Readonly<Record<string, FieldType>>>> = {
  // Alexa always sends `scope`; our own discovery test (`npm run invoke-discovery --token stored`)
  // and a hand-pasted console test leave it out, and then the stored token answers (per HA_TOKEN_SOURCE).
  'Alexa.Discovery.Discover': { 'scope?': 'object' },
  'Alexa.Authorization.AcceptGrant': { grant: 'object', grantee: 'object' },
  'Alexa.BrightnessController.SetBrightness': { brightness: 'numeric' },
  'Alexa.BrightnessController.AdjustBrightness': { brightnessDelta: 'numeric' },
  'Alexa.ColorController.SetColor': { color: 'object' },
  'Alexa.ColorTemperatureController.SetColorTemperature': { colorTemperatureInKelvin: 'numeric' },
  'Alexa.PercentageController.SetPercentage': { percentage: 'numeric' },
  'Alexa.PercentageController.AdjustPercentage': { percentageDelta: 'numeric' },
  'Alexa.RangeController.SetRangeValue': { rangeValue: 'numeric' },
  'Alexa.RangeController.AdjustRangeValue': { rangeValueDelta: 'numeric', 'rangeValueDeltaDefault?': 'boolean' },
  'Alexa.ModeController.SetMode': { mode: 'string' },
  'Alexa.Speaker.SetVolume': { volume: 'numeric' },
  'Alexa.Speaker.AdjustVolume': { volume: 'numeric', 'volumeDefault?': 'boolean' },
  'Alexa.Speaker.SetMute': { mute: 'boolean' },
  'Alexa.StepSpeaker.AdjustVolume': { volumeSteps: 'numeric', 'volumeStepsDefault?': 'boolean' },
  'Alexa.StepSpeaker.SetMute': { mute: 'boolean' },
  'Alexa.InputController.SelectInput': { input: 'string' },
  'Alexa.ChannelController.ChangeChannel': { channel: 'object', 'channelMetadata?': 'object' },
  'Alexa.ChannelController.SkipChannels': { channelCount: 'numeric' },
  'Alexa.SeekController.AdjustSeekPosition': { deltaPositionMilliseconds: 'numeric' },
  'Alexa.ThermostatController.AdjustTargetTemperature': { targetSetpointDelta: 'object' },
  'Alexa.ThermostatController.SetTargetTemperature': { 'targetSetpoint?': 'object', 'lowerSetpoint?': 'object', 'upperSetpoint?': 'object' },
  'Alexa.SecurityPanelController.Arm': { armState: 'string' },
  'Alexa.SecurityPanelController.Disarm': { 'authorization?': 'object' },
  'Alexa.EqualizerController.SetMode': { mode: 'string' },
};

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max;
}

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'numeric':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= 32 && value.trim() !== '' && Number.isFinite(Number(value)));
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string' && value.length <= MAX_ID;
    case 'object':
      return isObject(value);
  }
}

/** Reads the bearer token of a `scope`/`grantee` object, if it has one. */
function scopeToken(scope: unknown): string | undefined | false {
  if (scope === undefined) return undefined;
  if (!isObject(scope)) return false;
  if (scope.token === undefined) return undefined;
  return typeof scope.token === 'string' && scope.token.length <= MAX_TOKEN ? scope.token : false;
}

/**
 * Checks the event's shape: a `directive` with a v3 header (`namespace`, `name`, `messageId`,
 * `payloadVersion: "3"`), a known namespace, an endpoint where one is needed and a payload object
 * whose known fields have the right types. Strings are length-bounded.
 */
export function parseDirective(event: unknown): ParseResult {
  const fail = (message: string): ParseResult => ({ ok: false, message });
  if (!isObject(event) || !isObject(event.directive)) return fail('the event has no directive object');
  const { header, endpoint, payload } = event.directive;
  if (!isObject(header)) return fail('directive.header is missing or not an object');
  if (header.payloadVersion !== '3') return fail(`directive.header.payloadVersion must be "3", got ${describe(header.payloadVersion)}`);
  if (!shortString(header.namespace, 64) || !/^Alexa(\.[A-Za-z]+)*$/.test(header.namespace)) return fail('directive.header.namespace is missing or not an Alexa namespace');
  if (!KNOWN_NAMESPACES.has(header.namespace)) return fail(`unknown namespace ${header.namespace}`);
  if (!shortString(header.name, 64) || !/^[A-Za-z][A-Za-z.]*$/.test(header.name)) return fail('directive.header.name is missing or malformed');
  if (!shortString(header.messageId, MAX_ID)) return fail('directive.header.messageId is missing or longer than 256 characters');
  if (header.correlationToken !== undefined && !shortString(header.correlationToken, MAX_CORRELATION_TOKEN)) return fail('directive.header.correlationToken is not a string of sensible length');
  if (header.instance !== undefined && !shortString(header.instance, MAX_ID)) return fail('directive.header.instance is not a short string');
  const namespace = header.namespace;
  const key = `${namespace}.${header.name}`;
  if (payload !== undefined && !isObject(payload)) return fail('directive.payload must be an object');
  const body = payload ?? {};
  let parsedEndpoint: DirectiveEndpoint | undefined;
  if (endpoint !== undefined) {
    if (!isObject(endpoint)) return fail('directive.endpoint must be an object');
    if (!shortString(endpoint.endpointId, MAX_ID)) return fail('directive.endpoint.endpointId is missing or longer than 256 characters');
    const token = scopeToken(endpoint.scope);
    if (token === false) return fail('directive.endpoint.scope is malformed');
    if (endpoint.cookie !== undefined && !isObject(endpoint.cookie)) return fail('directive.endpoint.cookie must be an object');
    parsedEndpoint = { endpointId: endpoint.endpointId, token, raw: endpoint };
  } else if (!ENDPOINTLESS.has(namespace)) {
    return fail(`${key} needs directive.endpoint`);
  }
  const fields = PAYLOAD_FIELDS[key];
  if (fields !== undefined) {
    for (const [field, type] of Object.entries(fields)) {
      const optional = field.endsWith('?');
      const name = optional ? field.slice(0, -1) : field;
      const value = body[name];
      if (value === undefined && optional) continue;
      if (!hasType(value, type)) return fail(`${key}: payload.${name} must be ${type === 'numeric' ? 'a number' : `a ${type}`}, got ${describe(value)}`);
    }
  }
  if (key === 'Alexa.Discovery.Discover' && scopeToken(body.scope) === false) return fail('payload.scope is malformed');
  if (key === 'Alexa.Authorization.AcceptGrant' && scopeToken(body.grantee) === false) return fail('payload.grantee is malformed');
  return {
    ok: true,
    directive: {
      namespace,
      name: header.name,
      messageId: header.messageId,
      correlationToken: header.correlationToken,
      instance: header.instance,
      endpoint: parsedEndpoint,
      payload: body,
      key,
      event,
    },
  };
}

/**
 * The bearer token the directive carries, where Home Assistant's documented Lambda looks for it:
 * `endpoint.scope` (control, ReportState), then `payload.grantee` (AcceptGrant), then `payload.scope` (Discover).
 */
export function directiveToken(directive: Directive): string | undefined {
  if (directive.endpoint?.token !== undefined) return directive.endpoint.token;
  const grantee = scopeToken(directive.payload.grantee);
  if (typeof grantee === 'string') return grantee;
  const scope = scopeToken(directive.payload.scope);
  return typeof scope === 'string' ? scope : undefined;
}

/** A value's type for an error message: never the value itself (it could be a token). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 32 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `a ${typeof value}`;
}
