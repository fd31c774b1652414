/**
 * `input_number.value` and `number.value`: a RangeController between the entity's `min` and `max`
 * in steps of `step`, with Minimum/Maximum presets, as Home Assistant maps them.
 */
import { clamp, invalidValue, numberAttribute } from './args.js';
import type { RangeInstanceSpec } from './instance-spec-types.js';
import { rangeInstance, rangeValueOutcome, toNumber } from './resources.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

/** HA's catalog tag for a number's unit (`UNIT_TO_CATALOG_TAG`), used as its second friendly name. */
const UNIT_TAGS: Readonly<Record<string, string>> = {
  '°C': 'Alexa.Unit.Temperature.Celsius',
  '°F': 'Alexa.Unit.Temperature.Fahrenheit',
  K: 'Alexa.Unit.Temperature.Kelvin',
  m: 'Alexa.Unit.Distance.Meters',
  km: 'Alexa.Unit.Distance.Kilometers',
  in: 'Alexa.Unit.Distance.Inches',
  ft: 'Alexa.Unit.Distance.Feet',
  yd: 'Alexa.Unit.Distance.Yards',
  mi: 'Alexa.Unit.Distance.Miles',
  g: 'Alexa.Unit.Mass.Grams',
  kg: 'Alexa.Unit.Mass.Kilograms',
  lb: 'Alexa.Unit.Weight.Pounds',
  oz: 'Alexa.Unit.Weight.Ounces',
  L: 'Alexa.Unit.Volume.Liters',
  'ft³': 'Alexa.Unit.Volume.CubicFeet',
  'm³': 'Alexa.Unit.Volume.CubicMeters',
  gal: 'Alexa.Unit.Volume.Gallons',
  '%': 'Alexa.Unit.Percent',
};

function unitLabel(entity: EntityView): string {
  return UNIT_TAGS[String(entity.attributes.unit_of_measurement)] ?? 'Alexa.Setting.Preset';
}

/** `min` and `max`, or undefined when either is missing (then the entity is not discovered). */
function limitsOf(entity: EntityView): { min: number; max: number } | undefined {
  const min = numberAttribute(entity.attributes, 'min');
  const max = numberAttribute(entity.attributes, 'max');
  return min === undefined || max === undefined ? undefined : { min, max };
}

function bounds(ctx: DirectiveContext): { min: number; max: number } {
  const limits = limitsOf(ctx.entity);
  if (limits === undefined) throw invalidValue(ctx, 'has no min and max');
  return limits;
}

function numberSpec(domain: 'input_number' | 'number'): RangeInstanceSpec {
  const instance = `${domain}.value`;
  return {
    instance,
    async set(ctx, raw): Promise<DirectiveOutcome> {
      const requested = toNumber(raw);
      const { min, max } = bounds(ctx);
      await ctx.callService(ctx.entity.domain, 'set_value', { entity_id: ctx.entity.entityId, value: clamp(requested, min, max) });
      return rangeValueOutcome(instance, requested);
    },
    async adjust(ctx, rawDelta): Promise<DirectiveOutcome> {
      const delta = toNumber(rawDelta);
      const current = ctx.entity.state.trim() === '' ? Number.NaN : Number(ctx.entity.state);
      if (!Number.isFinite(current)) throw invalidValue(ctx, `the current value ${ctx.entity.state} is not a number`);
      const { min, max } = bounds(ctx);
      const value = clamp(delta + current, min, max);
      await ctx.callService(ctx.entity.domain, 'set_value', { entity_id: ctx.entity.entityId, value });
      return rangeValueOutcome(instance, value);
    },
  };
}

export const INPUT_NUMBER_VALUE_RANGE = numberSpec('input_number');
export const NUMBER_VALUE_RANGE = numberSpec('number');

/** RangeController `<domain>.value`; undefined when min or max is missing (Alexa needs both). */
export function numberValueRange(entity: EntityView): CapabilityInstance | undefined {
  const limits = limitsOf(entity);
  if (limits === undefined) return undefined;
  const { min, max } = limits;
  return rangeInstance({
    instance: `${entity.domain}.value`,
    labels: ['Value', unitLabel(entity)],
    minimumValue: min,
    maximumValue: max,
    precision: numberAttribute(entity.attributes, 'step') ?? 1,
    presets: [
      { value: min, labels: ['Alexa.Value.Minimum'] },
      { value: max, labels: ['Alexa.Value.Maximum'] },
    ],
    read: (current) => {
      const value = Number(current.state);
      return current.state.trim() === '' || !Number.isFinite(value) ? undefined : value;
    },
  });
}
