/**
 * Alexa.ThermostatController for climate and water_heater entities, as Home Assistant maps it:
 * setpoints converted from the directive's scale to HA's unit system (`/api/config`), checked
 * against `min_temp`/`max_temp` (TEMPERATURE_VALUE_OUT_OF_RANGE with the valid range), HVAC modes
 * and the `eco` preset. Water heaters get setpoints only (no thermostat mode).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-thermostatcontroller.html
 */
import { AlexaInternalError, AlexaInvalidDirectiveError, AlexaInvalidTargetStateError, AlexaTemperatureOutOfRangeError, AlexaUnsupportedThermostatModeError, type TemperatureScale } from '../../errors.js';
import { numberAttribute, stringListAttribute } from './args.js';
import type { Capability, CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView, PropertyValue, TemperatureUnit } from './types.js';

const NAMESPACE = 'Alexa.ThermostatController';

/** HA hvac mode → Alexa thermostat mode, in HA's order (heat_cool before auto for AUTO). */
const HVAC_TO_ALEXA: ReadonlyMap<string, string> = new Map([
  ['heat', 'HEAT'],
  ['cool', 'COOL'],
  ['heat_cool', 'AUTO'],
  ['auto', 'AUTO'],
  ['off', 'OFF'],
  ['fan_only', 'CUSTOM'],
  ['dry', 'CUSTOM'],
]);
/** `CUSTOM` modes by their Alexa `customName`. */
const CUSTOM_TO_HVAC: Readonly<Record<string, string>> = { DEHUMIDIFY: 'dry', FAN: 'fan_only' };
/** HA preset → Alexa thermostat mode. */
const PRESET_TO_ALEXA: ReadonlyMap<string, string> = new Map([['eco', 'ECO']]);

const FEATURE = { TARGET_TEMPERATURE: 1, TARGET_TEMPERATURE_RANGE: 2 } as const;

/** Alexa's name for HA's unit. */
export function scaleOf(unit: TemperatureUnit): TemperatureScale {
  return unit === '°F' ? 'FAHRENHEIT' : 'CELSIUS';
}

/** HA's `TemperatureConverter`, with its exact arithmetic so results match to the last bit. */
function convert(value: number, from: TemperatureUnit, to: TemperatureUnit): number {
  if (from === to) return value;
  return from === '°C' ? value * 1.8 + 32.0 : (value - 32.0) / 1.8;
}

function convertInterval(value: number, from: TemperatureUnit, to: TemperatureUnit): number {
  const ratio = { '°C': 1.0, '°F': 1.8 } as const;
  return value * (ratio[to] / ratio[from]);
}

/** HA's `temperature_from_object`: `{value, scale}` in HA's unit (Kelvin is absolute unless an interval). */
export function temperatureFrom(source: unknown, unit: TemperatureUnit, interval = false): number {
  // The edge (directive.ts) has already checked that setpoints are objects.
  const { value, scale } = source as { value?: unknown; scale?: unknown };
  let temperature = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(temperature)) throw new AlexaInvalidDirectiveError('a temperature value must be a number');
  const from: TemperatureUnit = scale === 'FAHRENHEIT' ? '°F' : '°C';
  if (scale === 'KELVIN' && !interval) temperature -= 273.15;
  return interval ? convertInterval(temperature, from, unit) : convert(temperature, from, unit);
}

function range(ctx: DirectiveContext): { min: number | undefined; max: number | undefined } {
  return { min: numberAttribute(ctx.entity.attributes, 'min_temp'), max: numberAttribute(ctx.entity.attributes, 'max_temp') };
}

function checkRange(ctx: DirectiveContext, value: number, unit: TemperatureUnit): void {
  const { min, max } = range(ctx);
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new AlexaTemperatureOutOfRangeError(
      `${ctx.entity.entityId}: ${value} ${unit} is outside ${String(min)}–${String(max)} ${unit}`,
      min ?? value,
      max ?? value,
      scaleOf(unit),
    );
  }
}

function setpoint(name: string, value: number, unit: TemperatureUnit): PropertyValue {
  return { namespace: NAMESPACE, name, value: { value, scale: scaleOf(unit) } };
}

async function setTemperature(ctx: DirectiveContext, data: Record<string, unknown>, properties: PropertyValue[]): Promise<DirectiveOutcome> {
  await ctx.callService(ctx.entity.domain, 'set_temperature', { entity_id: ctx.entity.entityId, ...data });
  return { properties };
}

async function setTargetTemperature(ctx: DirectiveContext): Promise<DirectiveOutcome> {
  const unit = await ctx.temperatureUnit();
  const { payload } = ctx.directive;
  const data: Record<string, unknown> = {};
  const properties: PropertyValue[] = [];
  for (const [field, key] of [['targetSetpoint', 'temperature'], ['lowerSetpoint', 'target_temp_low'], ['upperSetpoint', 'target_temp_high']] as const) {
    if (payload[field] === undefined) continue;
    const value = temperatureFrom(payload[field], unit);
    checkRange(ctx, value, unit);
    data[key] = value;
    properties.push(setpoint(field, value, unit));
  }
  if (properties.length === 0) throw new AlexaInvalidDirectiveError('SetTargetTemperature names no setpoint');
  return setTemperature(ctx, data, properties);
}

async function adjustTargetTemperature(ctx: DirectiveContext): Promise<DirectiveOutcome> {
  const unit = await ctx.temperatureUnit();
  const delta = temperatureFrom(ctx.directive.payload.targetSetpointDelta, unit, true);
  const { attributes } = ctx.entity;
  const high = numberAttribute(attributes, 'target_temp_high');
  const low = numberAttribute(attributes, 'target_temp_low');
  if (high !== undefined && low !== undefined) {
    // Dual setpoint: both ends move together.
    const upper = high + delta;
    checkRange(ctx, upper, unit);
    const lower = low + delta;
    checkRange(ctx, lower, unit);
    return setTemperature(ctx, { target_temp_high: upper, target_temp_low: lower }, [setpoint('upperSetpoint', upper, unit), setpoint('lowerSetpoint', lower, unit)]);
  }
  const current = numberAttribute(attributes, 'temperature');
  if (current === undefined) throw new AlexaInvalidTargetStateError('The current target temperature is not set, cannot adjust target temperature');
  const target = current + delta;
  checkRange(ctx, target, unit);
  return setTemperature(ctx, { temperature: target }, [setpoint('targetSetpoint', target, unit)]);
}

async function setThermostatMode(ctx: DirectiveContext): Promise<DirectiveOutcome> {
  // `thermostatMode` is either the mode itself or `{value, customName?}`.
  const requested = ctx.directive.payload.thermostatMode;
  const fields: { value?: unknown; customName?: unknown } = typeof requested === 'string' ? { value: requested } : typeof requested === 'object' && requested !== null ? requested : {};
  const mode = fields.value;
  if (typeof mode !== 'string') throw new AlexaInvalidDirectiveError('payload.thermostatMode must name a mode');
  const { attributes } = ctx.entity;
  let service: string;
  let data: Record<string, unknown>;
  const preset = [...PRESET_TO_ALEXA].find(([, alexa]) => alexa === mode)?.[0];
  if (preset !== undefined) {
    if (!stringListAttribute(attributes, 'preset_modes').includes(preset)) throw new AlexaUnsupportedThermostatModeError(`${ctx.entity.entityId} has no ${preset} preset`);
    service = 'set_preset_mode';
    data = { preset_mode: preset };
  } else {
    const available = stringListAttribute(attributes, 'hvac_modes');
    let hvac: string | undefined;
    if (mode === 'CUSTOM') {
      hvac = typeof fields.customName === 'string' ? CUSTOM_TO_HVAC[fields.customName] : undefined;
    } else {
      // The first of the entity's own modes that maps to the requested one (AUTO: heat_cool or auto).
      hvac = available.find((candidate) => HVAC_TO_ALEXA.get(candidate) === mode);
    }
    if (hvac === undefined || !available.includes(hvac)) throw new AlexaUnsupportedThermostatModeError(`${ctx.entity.entityId} does not support the thermostat mode ${mode}`);
    service = 'set_hvac_mode';
    data = { hvac_mode: hvac };
  }
  // Always the climate domain (presets and hvac modes exist only there).
  await ctx.callService('climate', service, { entity_id: ctx.entity.entityId, ...data });
  return { properties: [{ namespace: NAMESPACE, name: 'thermostatMode', value: mode }] };
}

export const thermostatController: Capability = {
  namespace: NAMESPACE,
  directives: {
    SetTargetTemperature: setTargetTemperature,
    AdjustTargetTemperature: adjustTargetTemperature,
    SetThermostatMode: setThermostatMode,
  },
};

/** The reported thermostat mode; an HVAC state HA cannot map makes the whole report fail, as in HA. */
function thermostatMode(entity: EntityView): string | undefined {
  const preset = entity.attributes.preset_mode;
  if (typeof preset === 'string' && PRESET_TO_ALEXA.has(preset)) return PRESET_TO_ALEXA.get(preset);
  if (entity.state === 'unknown') return undefined;
  const mode = HVAC_TO_ALEXA.get(entity.state);
  if (mode === undefined) throw new AlexaInternalError(`${entity.entityId} is in the HVAC state ${entity.state}, which Alexa has no mode for`);
  return mode;
}

/** The ThermostatController of a climate or water_heater entity. */
export function thermostatInstance(entity: EntityView): CapabilityInstance {
  const climate = entity.domain === 'climate';
  const supported = ['thermostatMode'];
  if (climate && (entity.features & FEATURE.TARGET_TEMPERATURE_RANGE) !== 0) supported.push('lowerSetpoint', 'upperSetpoint');
  if ((entity.features & FEATURE.TARGET_TEMPERATURE) !== 0) supported.push('targetSetpoint');
  let configuration: Record<string, unknown> | undefined;
  if (climate) {
    const modes: string[] = [];
    for (const hvac of stringListAttribute(entity.attributes, 'hvac_modes')) {
      const mode = HVAC_TO_ALEXA.get(hvac);
      if (mode !== undefined && !modes.includes(mode)) modes.push(mode);
    }
    for (const preset of stringListAttribute(entity.attributes, 'preset_modes')) {
      const mode = PRESET_TO_ALEXA.get(preset);
      if (mode !== undefined && !modes.includes(mode)) modes.push(mode);
    }
    configuration = { supportsScheduling: false };
    if (modes.length > 0) configuration.supportedModes = modes;
  }
  return {
    namespace: NAMESPACE,
    supported,
    proactivelyReported: true,
    retrievable: true,
    needsUnitSystem: true,
    ...(configuration === undefined ? {} : { extra: { configuration } }),
    read: (current, env) => {
      if (current.state === 'unavailable') return {};
      const values: Record<string, unknown> = {};
      if (current.domain === 'climate') values.thermostatMode = thermostatMode(current);
      const scale = scaleOf(env.temperatureUnit ?? '°C');
      for (const [name, attribute] of [['targetSetpoint', 'temperature'], ['lowerSetpoint', 'target_temp_low'], ['upperSetpoint', 'target_temp_high']] as const) {
        const value = numberAttribute(current.attributes, attribute);
        if (value !== undefined) values[name] = { value, scale };
      }
      return values;
    },
  };
}
