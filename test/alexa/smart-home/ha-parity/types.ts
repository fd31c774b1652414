/**
 * Shapes of the Home Assistant parity tables. Each row restates, in our own words, one check from
 * Home Assistant's own Alexa test suite (`tests/components/alexa/` in home-assistant/core): the
 * entity state that goes in and what HA's Alexa integration answers. The `ha` field names the HA
 * test function (and its parameter id) the row comes from; rows taken from
 * /work/shared/docs/home-assistant-alexa-mapping.md instead say `mapping §n`.
 */

/** One Home Assistant state: `hass.states.async_set(id, state, attributes)`. */
export interface EntitySpec {
  readonly id: string;
  readonly state: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** HA's unit system as `/api/config` reports it (`unit_system.temperature`). HA's tests default to metric. */
export type TemperatureUnit = '°C' | '°F';

/** One Alexa property as it appears in `context.properties`. */
export interface ExpectedProperty {
  readonly namespace: string;
  readonly name: string;
  readonly value: unknown;
  readonly instance?: string;
}

/** A property that must not be reported. */
export interface AbsentProperty {
  readonly namespace: string;
  readonly name: string;
  readonly instance?: string;
}

/**
 * Part of a capability object that must be present. Objects match key by key; an array matches
 * when every listed element matches some element of the actual array (HA's `x in list` checks).
 * Wrap a value in `{ $exact: … }` to require deep equality instead.
 */
export interface CapabilityCheck {
  readonly interface: string;
  readonly instance?: string;
  readonly contains: Readonly<Record<string, unknown>>;
}

export interface EndpointExpectation {
  /** Default: the entity_id with `.` → `#`. */
  readonly endpointId?: string;
  /** `displayCategories[0]`. */
  readonly category: string;
  readonly friendlyName?: string;
  readonly description?: string;
  /** The exact set of `capabilities[].interface` (HA's `assert_endpoint_capabilities`). */
  readonly interfaces: readonly string[];
  /** Exact set of `interface:instance` pairs for the instance-based controllers (Range/Mode/Toggle). */
  readonly instances?: readonly string[];
  readonly capabilities?: readonly CapabilityCheck[];
  /** Keys of the endpoint that must match (partial, same rules as {@link CapabilityCheck}). */
  readonly endpointContains?: Readonly<Record<string, unknown>>;
}

export interface DiscoveryCase {
  readonly name: string;
  readonly ha: string;
  readonly entity: EntitySpec;
  /** Other states present in Home Assistant at the same time. */
  readonly others?: readonly EntitySpec[];
  readonly units?: TemperatureUnit;
  /** `HA_ALEXA_FILTER` for this case (merged with the runner's `entity_config`). */
  readonly filter?: Readonly<Record<string, unknown>>;
  /** Extra `/api/config` fields (e.g. `components`, `external_url` for cameras). */
  readonly haConfig?: Readonly<Record<string, unknown>>;
  /** `'not-discovered'`: no endpoint for the entity. A number: only the endpoint count is checked. */
  readonly expect: EndpointExpectation | 'not-discovered' | { readonly count: number };
  /** Why the row differs from HA, or which HA version it follows. */
  readonly note?: string;
}

/** A service call as HA makes it. `data` excludes `entity_id`, which the runner adds (HA always sends it first). */
export interface ExpectedCall {
  /** `domain.service`. */
  readonly service: string;
  readonly data?: Readonly<Record<string, unknown>>;
  /** Set when the call targets another entity than the directive's (never so far). */
  readonly entityId?: string;
}

export interface DirectiveSpec {
  readonly namespace: string;
  readonly name: string;
  readonly instance?: string;
  readonly payload?: Readonly<Record<string, unknown>>;
  /** Default: the entity_id with `.` → `#`. */
  readonly endpointId?: string;
  /** Send the directive without an `endpoint` (AcceptGrant, unknown namespaces); the token then travels in the payload. */
  readonly withoutEndpoint?: boolean;
}

export interface SuccessExpectation {
  /** Exactly these calls, in this order, and no others. */
  readonly calls: readonly ExpectedCall[];
  /** `event.header.name`; default `Response`. */
  readonly response?: string;
  /** `event.header.namespace`; checked only when given. */
  readonly namespace?: string;
  /** Properties that must be in `context.properties` (once each). */
  readonly context?: readonly ExpectedProperty[];
  /** Keys that must match in `event.payload` (partial). */
  readonly payload?: Readonly<Record<string, unknown>>;
}

export interface ErrorExpectation {
  /** `event.payload.type` of the ErrorResponse; no service may be called. */
  readonly error: string;
  /** Exact `event.payload.message`, when HA's test pins it. */
  readonly message?: string;
}

export interface DirectiveCase {
  readonly name: string;
  readonly ha: string;
  readonly entity: EntitySpec;
  readonly units?: TemperatureUnit;
  readonly directive: DirectiveSpec;
  readonly expect: SuccessExpectation | ErrorExpectation;
  readonly note?: string;
}

export interface ReportCase {
  readonly name: string;
  readonly ha: string;
  readonly entity: EntitySpec;
  readonly units?: TemperatureUnit;
  /** Default: the entity_id with `.` → `#` (HA's tests sometimes send the `.` form, which HA accepts). */
  readonly endpointId?: string;
  readonly expect:
    | { readonly properties?: readonly ExpectedProperty[]; readonly absent?: readonly AbsentProperty[] }
    | ErrorExpectation;
  readonly note?: string;
}

/** Builds an entity row. */
export function entity(id: string, state: string, attributes: Readonly<Record<string, unknown>> = {}): EntitySpec {
  return { id, state, attributes };
}

/** Builds an expected call. */
export function call(service: string, data?: Readonly<Record<string, unknown>>): ExpectedCall {
  return data === undefined ? { service } : { service, data };
}

/** Builds an expected property. */
export function prop(namespace: string, name: string, value: unknown, instance?: string): ExpectedProperty {
  return instance === undefined ? { namespace, name, value } : { namespace, name, value, instance };
}

/** The default endpointId HA gives an entity. */
export function endpointIdOf(entityId: string): string {
  return entityId.replace('.', '#');
}

/** Media player feature bits (HA `MediaPlayerEntityFeature`). */
export const MP = {
  PAUSE: 1, SEEK: 2, VOLUME_SET: 4, VOLUME_MUTE: 8, PREVIOUS_TRACK: 16, NEXT_TRACK: 32, TURN_ON: 128, TURN_OFF: 256,
  PLAY_MEDIA: 512, VOLUME_STEP: 1024, SELECT_SOURCE: 2048, STOP: 4096, PLAY: 16384, SELECT_SOUND_MODE: 65536,
} as const;

/** Cover feature bits (HA `CoverEntityFeature`). */
export const COVER = { OPEN: 1, CLOSE: 2, SET_POSITION: 4, STOP: 8, OPEN_TILT: 16, CLOSE_TILT: 32, STOP_TILT: 64, SET_TILT_POSITION: 128 } as const;

/** Valve feature bits (HA `ValveEntityFeature`). */
export const VALVE = { OPEN: 1, CLOSE: 2, SET_POSITION: 4, STOP: 8 } as const;

/** Vacuum feature bits (HA `VacuumEntityFeature`). */
export const VACUUM = { TURN_ON: 1, TURN_OFF: 2, PAUSE: 4, STOP: 8, RETURN_HOME: 16, FAN_SPEED: 32, START: 8192 } as const;

/** Climate feature bits (HA `ClimateEntityFeature`). */
export const CLIMATE = { TARGET_TEMPERATURE: 1, TARGET_TEMPERATURE_RANGE: 2, TURN_OFF: 128, TURN_ON: 256 } as const;

/**
 * `entity_config` of HA's `MockConfig` (tests/components/alexa/test_common.py): the display
 * categories forced on some test entities. The runners pass it through `HA_ALEXA_FILTER`.
 */
export const HA_TEST_ENTITY_CONFIG: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'binary_sensor.test_doorbell': { display_categories: 'DOORBELL' },
  'binary_sensor.test_contact_forced': { display_categories: 'CONTACT_SENSOR' },
  'binary_sensor.test_motion_forced': { display_categories: 'MOTION_SENSOR' },
  'binary_sensor.test_motion_camera_event': { display_categories: 'CAMERA' },
  'camera.test': { display_categories: 'CAMERA' },
};
