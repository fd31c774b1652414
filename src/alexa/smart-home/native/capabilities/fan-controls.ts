/**
 * Fan controls, as Home Assistant maps them: `fan.percentage` (RangeController; also added to fans
 * with no other control, so that Alexa can switch them), `fan.oscillating` (ToggleController),
 * `fan.preset_mode` and `fan.direction` (ModeControllers).
 */
import { clamp, invalidValue, numberAttribute, stringListAttribute } from './args.js';
import type { ModeInstanceSpec, RangeInstanceSpec, ToggleInstanceSpec } from './instance-spec-types.js';
import { listedModes, modeInstance, modeOutcome, modeValue, PLACEHOLDER_MODE, rangeInstance, rangeValueOutcome, semantics, toggleInstance, toggleOutcome, toInt, toNumber } from './resources.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

/** HA `FanEntityFeature` bits. */
export const FAN_FEATURES = { SET_SPEED: 1, OSCILLATE: 2, DIRECTION: 4, PRESET_MODE: 8 } as const;

async function fanService(ctx: DirectiveContext, service: string, data: Record<string, unknown> = {}): Promise<void> {
  await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId, ...data });
}

export const FAN_PERCENTAGE_RANGE: RangeInstanceSpec = {
  instance: 'fan.percentage',
  async set(ctx, raw): Promise<DirectiveOutcome> {
    const value = toInt(raw);
    if (value === 0) await fanService(ctx, 'turn_off');
    else if ((ctx.entity.features & FAN_FEATURES.SET_SPEED) !== 0) await fanService(ctx, 'set_percentage', { percentage: value });
    // An on/off fan only knows on: any other value turns it on.
    else await fanService(ctx, 'turn_on');
    return rangeValueOutcome('fan.percentage', value);
  },
  async adjust(ctx, rawDelta, isDefault): Promise<DirectiveOutcome> {
    const step = numberAttribute(ctx.entity.attributes, 'percentage_step') || 20;
    const delta = isDefault ? Math.trunc(toNumber(rawDelta) * step) : toInt(rawDelta);
    const current = numberAttribute(ctx.entity.attributes, 'percentage');
    if (current === undefined || current === 0) throw invalidValue(ctx, 'unable to determine the current fan speed');
    const value = clamp(delta + current, 0, 100);
    if (value === 0) await fanService(ctx, 'turn_off');
    else await fanService(ctx, 'set_percentage', { percentage: value });
    return rangeValueOutcome('fan.percentage', value);
  },
};

export const FAN_OSCILLATING_TOGGLE: ToggleInstanceSpec = {
  instance: 'fan.oscillating',
  async turnOn(ctx) {
    await fanService(ctx, 'oscillate', { oscillating: true });
    return toggleOutcome('fan.oscillating', 'ON');
  },
  async turnOff(ctx) {
    await fanService(ctx, 'oscillate', { oscillating: false });
    return toggleOutcome('fan.oscillating', 'OFF');
  },
};

export const FAN_PRESET_MODE: ModeInstanceSpec = {
  instance: 'fan.preset_mode',
  async set(ctx, mode) {
    const preset = modeValue(mode);
    if (preset === PLACEHOLDER_MODE || !stringListAttribute(ctx.entity.attributes, 'preset_modes').includes(preset)) {
      throw invalidValue(ctx, `does not support preset '${preset}'`);
    }
    await fanService(ctx, 'set_preset_mode', { preset_mode: preset });
    return modeOutcome('fan.preset_mode', mode);
  },
};

export const FAN_DIRECTION_MODE: ModeInstanceSpec = {
  instance: 'fan.direction',
  async set(ctx, mode) {
    const direction = modeValue(mode);
    if (direction !== 'forward' && direction !== 'reverse') throw invalidValue(ctx, `unknown direction '${direction}'`);
    await fanService(ctx, 'set_direction', { direction });
    return modeOutcome('fan.direction', mode);
  },
};

/** The fan's capabilities besides power, in HA's order. */
export function fanControls(entity: EntityView): CapabilityInstance[] {
  const features = entity.features;
  const presets = stringListAttribute(entity.attributes, 'preset_modes');
  const result: CapabilityInstance[] = [];
  if ((features & FAN_FEATURES.OSCILLATE) !== 0) {
    result.push(toggleInstance({
      instance: 'fan.oscillating',
      labels: ['Alexa.Setting.Oscillate', 'Rotate', 'Rotation'],
      read: (current) => (current.attributes.oscillating === true ? 'ON' : 'OFF'),
    }));
  }
  if ((features & FAN_FEATURES.PRESET_MODE) !== 0 && presets.length > 0) {
    result.push(modeInstance({
      instance: 'fan.preset_mode',
      labels: ['Alexa.Setting.Preset'],
      modes: listedModes('preset_mode', presets),
      read: (current) => {
        const preset = current.attributes.preset_mode;
        return typeof preset === 'string' && stringListAttribute(current.attributes, 'preset_modes').includes(preset) ? `preset_mode.${preset}` : undefined;
      },
    }));
  }
  if ((features & FAN_FEATURES.DIRECTION) !== 0) {
    result.push(modeInstance({
      instance: 'fan.direction',
      labels: ['Alexa.Setting.Direction'],
      modes: [{ value: 'direction.forward', labels: ['forward'] }, { value: 'direction.reverse', labels: ['reverse'] }],
      read: (current) => {
        const direction = current.attributes.direction;
        return direction === 'forward' || direction === 'reverse' || direction === 'unknown' ? `direction.${direction}` : undefined;
      },
    }));
  }
  // HA's workaround: a fan with no other control gets the percentage range (0 or 100 on on/off fans).
  if (result.length === 0 || (features & FAN_FEATURES.SET_SPEED) !== 0) {
    const step = numberAttribute(entity.attributes, 'percentage_step');
    result.push(rangeInstance({
      instance: 'fan.percentage',
      labels: ['Percentage', 'Alexa.Setting.FanSpeed'],
      minimumValue: 0,
      maximumValue: 100,
      // Alexa wants an integer divider of 100; on/off fans jump straight from 0 to 100.
      precision: step === undefined || step === 0 ? 100 : 1,
      unitOfMeasure: 'Alexa.Unit.Percent',
      semantics: semantics([
        { actions: ['Alexa.Actions.Lower'], directive: 'SetRangeValue', payload: { rangeValue: 0 } },
        { actions: ['Alexa.Actions.Raise'], directive: 'SetRangeValue', payload: { rangeValue: 100 } },
      ]),
      read: (current) =>
        current.features !== 0 ? numberAttribute(current.attributes, 'percentage') : current.state === 'on' ? 100 : 0,
    }));
  }
  return result;
}
