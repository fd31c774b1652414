/**
 * Humidifier controls, as Home Assistant maps them: `humidifier.humidity` (RangeController between
 * `min_humidity` and `max_humidity`) and `humidifier.mode` (ModeController over `available_modes`).
 */
import { clamp, invalidValue, numberAttribute, stringListAttribute } from './args.js';
import type { ModeInstanceSpec, RangeInstanceSpec } from './instance-spec-types.js';
import { listedModes, modeInstance, modeOutcome, modeValue, PLACEHOLDER_MODE, rangeInstance, rangeValueOutcome, semantics, toInt, toNumber } from './resources.js';
import type { CapabilityInstance, DirectiveOutcome, EntityView } from './types.js';

const MODES_FEATURE = 1;
const DEFAULT_MIN = 10;
const DEFAULT_MAX = 90;

function limits(entity: EntityView): { min: number; max: number } {
  return { min: numberAttribute(entity.attributes, 'min_humidity') ?? DEFAULT_MIN, max: numberAttribute(entity.attributes, 'max_humidity') ?? DEFAULT_MAX };
}

export const HUMIDIFIER_HUMIDITY_RANGE: RangeInstanceSpec = {
  instance: 'humidifier.humidity',
  async set(ctx, raw): Promise<DirectiveOutcome> {
    const value = toInt(raw);
    await ctx.callService(ctx.entity.domain, 'set_humidity', { entity_id: ctx.entity.entityId, humidity: value });
    return rangeValueOutcome('humidifier.humidity', value);
  },
  async adjust(ctx, rawDelta, isDefault): Promise<DirectiveOutcome> {
    // Alexa's default step is 5 % for humidity, as in HA.
    const delta = isDefault ? Math.trunc(toNumber(rawDelta) * 5) : toInt(rawDelta);
    const current = numberAttribute(ctx.entity.attributes, 'humidity');
    if (current === undefined || current === 0) throw invalidValue(ctx, 'unable to determine the current target humidity');
    const { min, max } = limits(ctx.entity);
    const value = clamp(delta + current, min, max);
    await ctx.callService(ctx.entity.domain, 'set_humidity', { entity_id: ctx.entity.entityId, humidity: value });
    return rangeValueOutcome('humidifier.humidity', value);
  },
};

export const HUMIDIFIER_MODE: ModeInstanceSpec = {
  instance: 'humidifier.mode',
  async set(ctx, mode) {
    const value = modeValue(mode);
    if (value === PLACEHOLDER_MODE || !stringListAttribute(ctx.entity.attributes, 'available_modes').includes(value)) {
      throw invalidValue(ctx, `does not support mode '${value}'`);
    }
    await ctx.callService(ctx.entity.domain, 'set_mode', { entity_id: ctx.entity.entityId, mode: value });
    return modeOutcome('humidifier.mode', mode);
  },
};

/** The humidifier's capabilities besides power, in HA's order. */
export function humidifierControls(entity: EntityView): CapabilityInstance[] {
  const result: CapabilityInstance[] = [];
  const modes = stringListAttribute(entity.attributes, 'available_modes');
  if ((entity.features & MODES_FEATURE) !== 0 && modes.length > 0) {
    result.push(modeInstance({
      instance: 'humidifier.mode',
      labels: ['Alexa.Setting.Mode'],
      modes: listedModes('mode', modes),
      read: (current) => {
        const mode = current.attributes.mode;
        return typeof mode === 'string' && stringListAttribute(current.attributes, 'available_modes').includes(mode) ? `mode.${mode}` : undefined;
      },
    }));
  }
  const { min, max } = limits(entity);
  result.push(rangeInstance({
    instance: 'humidifier.humidity',
    labels: ['Humidity', 'Percentage', 'Target humidity'],
    minimumValue: min,
    maximumValue: max,
    precision: 1,
    unitOfMeasure: 'Alexa.Unit.Percent',
    // "Lower/raise the humidifier" go to the ends of its range.
    semantics: semantics([
      { actions: ['Alexa.Actions.Lower'], directive: 'SetRangeValue', payload: { rangeValue: min } },
      { actions: ['Alexa.Actions.Raise'], directive: 'SetRangeValue', payload: { rangeValue: max } },
    ]),
    // A humidifier that is off has no target humidity; HA reports 0 rather than nothing.
    read: (current) => numberAttribute(current.attributes, 'humidity') ?? 0,
  }));
  return result;
}
