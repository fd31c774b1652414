/**
 * Types shared by every capability and entity adapter of the native translator.
 *
 * **Adding an Alexa interface** (one file + one line):
 * 1. Create `capabilities/<interface-name>.ts` exporting a {@link Capability} (its `namespace` and
 *    directive handlers) and, when entities use it, a small factory that returns the
 *    {@link CapabilityInstance} an entity adapter lists (discovery fragment + property reader).
 * 2. Add the capability to `CAPABILITIES` in `capabilities/index.ts`. The registry is built once and
 *    refuses a second handler for the same `Namespace.Name`.
 *
 * **Adding a Home Assistant domain** (one file + one line):
 * 1. Create `entities/<domain>.ts` exporting an {@link EntityAdapter}: its domains, default display
 *    categories and the capability instances that apply (decided from `supported_features`,
 *    `supported_color_modes`, `device_class`, …).
 * 2. Add it to `ENTITY_ADAPTERS` in `entities/index.ts` and to the right preset in `presets.ts`.
 *
 * Handlers receive one {@link DirectiveContext}; they never read env, build clients or catch
 * errors: they throw `AlexaError` subclasses (`../../errors.js`) and the one boundary answers.
 */
import type { Config } from '../../../../config/index.js';
import type { HaConfig, HaState, ServiceData } from '../../../../homeassistant/index.js';
import type { AppLogger } from '../../../../logging/logger.js';
import type { Directive } from '../../directive.js';

/** `°C` or `°F`, as `/api/config` → `unit_system.temperature` says. */
export type TemperatureUnit = '°C' | '°F';

/** Per-entity overrides from the exposure filter's `entity_config`. */
export interface EntityOverrides {
  readonly name?: string;
  readonly description?: string;
  readonly displayCategories?: string;
}

/** An HA state with the values every adapter and reader needs, computed once. */
export interface EntityView {
  readonly entityId: string;
  readonly domain: string;
  readonly objectId: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** `supported_features` as a number (0 when missing). */
  readonly features: number;
  readonly overrides: EntityOverrides | undefined;
  readonly raw: HaState;
}

/** What property readers may need besides the entity. */
export interface ReadEnv {
  /** HA's temperature unit; only present when a capability asked for it (`needsUnitSystem`). */
  readonly temperatureUnit: TemperatureUnit | undefined;
}

/**
 * One use of an Alexa interface by one endpoint: the discovery fragment plus the property reader.
 * Entity adapters list these; directive handlers look them up by namespace and instance.
 */
export interface CapabilityInstance {
  readonly namespace: string;
  readonly instance?: string;
  /** Names of the reported properties (`properties.supported`); empty for interfaces without properties. */
  readonly supported: readonly string[];
  readonly proactivelyReported?: boolean;
  readonly retrievable?: boolean;
  readonly nonControllable?: boolean;
  /** Other top-level fields of the capability object: `configuration`, `capabilityResources`, `semantics`, `supportsDeactivation`, … */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Locales Alexa supports this interface in; undefined means every locale. */
  readonly locales?: ReadonlySet<string>;
  /** The reader needs HA's temperature unit (one `/api/config` call). */
  readonly needsUnitSystem?: boolean;
  /** Current values of the supported properties (undefined values are left out). */
  readonly read?: (entity: EntityView, env: ReadEnv) => Readonly<Record<string, unknown>>;
}

/** What an adapter may consult besides the entity. */
export interface AdapterEnv {
  /** `/api/config`, present only for adapters that set `needsHaConfig` (one cached call per discovery). */
  readonly haConfig?: HaConfig;
}

/** One entity adapter: which HA domains it serves and the endpoint it makes of an entity. */
export interface EntityAdapter {
  readonly domains: readonly string[];
  /** Default display categories; undefined ⇒ the entity is not discovered (HA would send `null`). */
  displayCategories(entity: EntityView): readonly string[] | undefined;
  /** The capability instances that apply, without `Alexa` and `Alexa.EndpointHealth` (added by the framework). */
  capabilities(entity: EntityView, env: AdapterEnv): readonly CapabilityInstance[];
  /** The adapter reads `/api/config` (e.g. cameras: the `stream` component and the external URL). */
  readonly needsHaConfig?: boolean;
  /** Discover the entity even with no capability of its own (only EndpointHealth + Alexa), as HA does for some domains. */
  readonly discoverWithoutCapabilities?: boolean;
  /** False for domains HA gives no `Alexa.EndpointHealth` (scene, script, timer). Default true. */
  readonly endpointHealth?: boolean;
  /** Appended to the description unless it already names it, e.g. ` (Scene)`. */
  describe?(description: string): string;
}

/** An entity turned into an endpoint (what discovery serializes and handlers consult). */
export interface NativeEndpoint {
  readonly entity: EntityView;
  readonly adapter: EntityAdapter;
  readonly capabilities: readonly CapabilityInstance[];
}

/** What a handler gives back; everything optional (a plain `Alexa.Response` by default). */
export interface DirectiveOutcome {
  /** Property values the command set, reported in `context` in preference to the state read back. */
  readonly properties?: readonly PropertyValue[];
  /** A response other than `Alexa.Response` (e.g. `Alexa.SceneController.ActivationStarted`). */
  readonly response?: { readonly namespace: string; readonly name: string; readonly payload: Record<string, unknown> };
}

export interface PropertyValue {
  readonly namespace: string;
  readonly instance?: string;
  readonly name: string;
  readonly value: unknown;
}

/** Everything a directive handler gets. */
export interface DirectiveContext {
  readonly directive: Directive;
  readonly endpoint: NativeEndpoint;
  /** Shortcut for `endpoint.entity` (the state before the command). */
  readonly entity: EntityView;
  readonly config: Config;
  readonly logger: AppLogger;
  /** `POST /api/services/<domain>/<service>`; returns the states HA reports as changed. */
  callService(domain: string, service: string, data: ServiceData): Promise<void>;
  /** HA's temperature unit (`/api/config`, fetched once per invocation, only when asked). */
  temperatureUnit(): Promise<TemperatureUnit>;
}

/** One handler signature for every directive. */
export type DirectiveHandler = (ctx: DirectiveContext) => Promise<DirectiveOutcome | void>;

/** One Alexa interface: its namespace and the directives it answers. */
export interface Capability {
  readonly namespace: string;
  readonly directives: Readonly<Record<string, DirectiveHandler>>;
}
