/**
 * Builders for the discovery fragments of the instance-based controllers (Range, Mode, Toggle):
 * friendly names, presets, modes and semantics in the exact shapes Home Assistant sends, so that
 * each domain file states only its names and numbers.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/resources-and-assets.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import { ALL_BUT_ARABIC } from './locales.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

/** A friendly name: a catalog asset (`Alexa.Setting.*`, `Alexa.Value.*`, …) or a text label. */
export type Label = string;

/** HA's locale for text labels; the judged and default skill locale. */
const TEXT_LOCALE = 'en-US';

/** Catalog ids are assets, anything else is text (HA's `AlexaCapabilityResource` rule). */
export function friendlyNames(labels: readonly Label[]): Record<string, unknown>[] {
  return labels.map((label) =>
    /^Alexa\.(Setting|Value|Unit|DeviceName|Actions|States)\./.test(label)
      ? { '@type': 'asset', value: { assetId: label } }
      : { '@type': 'text', value: { text: label, locale: TEXT_LOCALE } },
  );
}

export interface ActionMapping {
  readonly actions: readonly string[];
  readonly directive: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export type StateMapping =
  | { readonly states: readonly string[]; readonly value: unknown }
  | { readonly states: readonly string[]; readonly range: { readonly minimumValue: number; readonly maximumValue: number } };

/** HA's `AlexaSemantics.serialize_semantics`: empty lists are left out. */
export function semantics(actions: readonly ActionMapping[], states: readonly StateMapping[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (actions.length > 0) {
    result.actionMappings = actions.map((a) => ({ '@type': 'ActionsToDirective', actions: [...a.actions], directive: { name: a.directive, payload: { ...a.payload } } }));
  }
  if (states.length > 0) {
    result.stateMappings = states.map((s) =>
      'range' in s ? { '@type': 'StatesToRange', states: [...s.states], range: { ...s.range } } : { '@type': 'StatesToValue', states: [...s.states], value: s.value },
    );
  }
  return result;
}

/** States in which HA reports no value for a controller (so EndpointHealth speaks instead). */
export function isUnknown(entity: EntityView): boolean {
  return entity.state === 'unavailable' || entity.state === 'unknown';
}

export interface RangeOptions {
  readonly instance: string;
  readonly labels: readonly Label[];
  readonly minimumValue: number;
  readonly maximumValue: number;
  readonly precision: number;
  readonly unitOfMeasure?: string;
  readonly presets?: readonly { readonly value: number; readonly labels: readonly Label[] }[];
  readonly semantics?: Readonly<Record<string, unknown>>;
  /** The current value, or undefined when unknown (not reported). Not called for unknown/unavailable states. */
  readonly read: (entity: EntityView) => number | undefined;
}

/** An `Alexa.RangeController` instance as HA serializes it. */
export function rangeInstance(options: RangeOptions): CapabilityInstance {
  const configuration: Record<string, unknown> = {
    supportedRange: { minimumValue: options.minimumValue, maximumValue: options.maximumValue, precision: options.precision },
  };
  if (options.unitOfMeasure !== undefined) configuration.unitOfMeasure = options.unitOfMeasure;
  if (options.presets !== undefined && options.presets.length > 0) {
    configuration.presets = options.presets.map((p) => ({ rangeValue: p.value, presetResources: { friendlyNames: friendlyNames(p.labels) } }));
  }
  const extra: Record<string, unknown> = { capabilityResources: { friendlyNames: friendlyNames(options.labels) }, configuration };
  if (options.semantics !== undefined && Object.keys(options.semantics).length > 0) extra.semantics = options.semantics;
  return {
    namespace: 'Alexa.RangeController',
    instance: options.instance,
    // HA's supported_locales for the instance-based controllers: every locale but Arabic.
    locales: ALL_BUT_ARABIC,
    supported: ['rangeValue'],
    proactivelyReported: true,
    retrievable: true,
    nonControllable: false,
    extra,
    read: (entity) => {
      const value = isUnknown(entity) ? undefined : options.read(entity);
      return value === undefined ? {} : { rangeValue: value };
    },
  };
}

export interface ModeOptions {
  readonly instance: string;
  readonly labels: readonly Label[];
  readonly modes: readonly { readonly value: string; readonly labels: readonly Label[] }[];
  readonly ordered?: boolean;
  readonly semantics?: Readonly<Record<string, unknown>>;
  readonly read: (entity: EntityView) => string | undefined;
}

/** An `Alexa.ModeController` instance as HA serializes it. */
export function modeInstance(options: ModeOptions): CapabilityInstance {
  const extra: Record<string, unknown> = {
    capabilityResources: { friendlyNames: friendlyNames(options.labels) },
    configuration: {
      ordered: options.ordered ?? false,
      supportedModes: options.modes.map((m) => ({ value: m.value, modeResources: { friendlyNames: friendlyNames(m.labels) } })),
    },
  };
  if (options.semantics !== undefined && Object.keys(options.semantics).length > 0) extra.semantics = options.semantics;
  return {
    namespace: 'Alexa.ModeController',
    instance: options.instance,
    // HA's supported_locales for the instance-based controllers: every locale but Arabic.
    locales: ALL_BUT_ARABIC,
    supported: ['mode'],
    proactivelyReported: true,
    retrievable: true,
    nonControllable: false,
    extra,
    read: (entity) => {
      const value = options.read(entity);
      return value === undefined ? {} : { mode: value };
    },
  };
}

/** Alexa needs at least two modes; HA pads a single one with this placeholder (`<prefix>.-`). */
export const PLACEHOLDER_MODE = '-';

/** Modes `<prefix>.<value>` labelled with their value, padded with the placeholder when there is only one. */
export function listedModes(prefix: string, values: readonly string[]): { value: string; labels: Label[] }[] {
  const modes = values.map((value) => ({ value: `${prefix}.${value}`, labels: [value] }));
  if (modes.length === 1) modes.push({ value: `${prefix}.${PLACEHOLDER_MODE}`, labels: [PLACEHOLDER_MODE] });
  return modes;
}

export interface ToggleOptions {
  readonly instance: string;
  readonly labels: readonly Label[];
  readonly read: (entity: EntityView) => 'ON' | 'OFF' | undefined;
}

/** An `Alexa.ToggleController` instance as HA serializes it. */
export function toggleInstance(options: ToggleOptions): CapabilityInstance {
  return {
    namespace: 'Alexa.ToggleController',
    instance: options.instance,
    // HA's supported_locales for the instance-based controllers: every locale but Arabic.
    locales: ALL_BUT_ARABIC,
    supported: ['toggleState'],
    proactivelyReported: true,
    retrievable: true,
    nonControllable: false,
    extra: { capabilityResources: { friendlyNames: friendlyNames(options.labels) } },
    read: (entity) => {
      const value = isUnknown(entity) ? undefined : options.read(entity);
      return value === undefined ? {} : { toggleState: value };
    },
  };
}

/** The context property HA adds after a range command. */
export function rangeValueOutcome(instance: string, value: unknown): DirectiveOutcome {
  return { properties: [{ namespace: 'Alexa.RangeController', instance, name: 'rangeValue', value }] };
}

/** HA reads the part after the first dot of `<prefix>.<value>` (`mode.split(".")[1]`). */
export function modeValue(mode: string): string {
  return mode.split('.')[1] ?? '';
}

/** The context property HA adds after `SetMode`. */
export function modeOutcome(instance: string, mode: string): DirectiveOutcome {
  return { properties: [{ namespace: 'Alexa.ModeController', instance, name: 'mode', value: mode }] };
}

/** The context property HA adds after a toggle command. */
export function toggleOutcome(instance: string, value: 'ON' | 'OFF'): DirectiveOutcome {
  return { properties: [{ namespace: 'Alexa.ToggleController', instance, name: 'toggleState', value }] };
}

/** A refusal for directives HA does not support on an instance (e.g. TurnOff of `valve.stop`). */
export function unsupported(what: string): (ctx: DirectiveContext) => Promise<never> {
  return () => Promise.reject(new AlexaInvalidDirectiveError(`${what} is not supported`));
}

/**
 * Python's `int(x)` for a payload value. The edge (directive.ts) has already checked that the field
 * is a number or a numeric string, so this only converts.
 */
export function toInt(value: unknown): number {
  return Math.trunc(toNumber(value));
}

/** Python's `float(x)` for a payload value already checked at the edge. */
export function toNumber(value: unknown): number {
  return Number(value);
}
