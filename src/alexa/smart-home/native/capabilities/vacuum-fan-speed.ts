/**
 * The `vacuum.fan_speed` instance of Alexa.RangeController: the vacuum's `fan_speed_list` as a range
 * of indexes 0..n-1, with one preset per speed name ("set the vacuum to turbo") plus Minimum (index 1,
 * since index 0 is usually "off") and Maximum. The RangeController's handlers dispatch here.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-rangecontroller.html
 */
import { AlexaInternalError } from '../../errors.js';
import { invalidValue, payloadInt } from './args.js';
import { rangeInstance } from './resources.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

export const VACUUM_FAN_SPEED = 'vacuum.fan_speed';

/** `fan_speed_list` as strings; undefined when the vacuum does not publish one. */
function speedList(entity: EntityView): string[] | undefined {
  const list = entity.attributes.fan_speed_list;
  return Array.isArray(list) ? list.map(String) : undefined;
}

/** The index of the current `fan_speed`, or undefined when it is not in the list. */
function currentIndex(entity: EntityView): number | undefined {
  const list = speedList(entity);
  const speed = entity.attributes.fan_speed;
  if (list === undefined || (typeof speed !== 'string' && typeof speed !== 'number')) return undefined;
  const index = list.indexOf(String(speed));
  return index === -1 ? undefined : index;
}

/**
 * The discovery fragment and reader for a vacuum with FAN_SPEED, or undefined when it lists no speeds
 * (HA fails on such a vacuum and leaves it out of discovery; the bridge keeps the vacuum, without a range).
 */
export function vacuumFanSpeedInstance(entity: EntityView): CapabilityInstance | undefined {
  const list = speedList(entity) ?? [];
  if (list.length === 0) return undefined;
  const max = list.length - 1;
  const presets = list.map((speed, index) => {
    const labels = [speed.replace(/_/g, ' ')];
    if (index === 1) labels.push('Alexa.Value.Minimum');
    if (index === max) labels.push('Alexa.Value.Maximum');
    return { value: index, labels };
  });
  return rangeInstance({ instance: VACUUM_FAN_SPEED, labels: ['Alexa.Setting.FanSpeed'], minimumValue: 0, maximumValue: max, precision: 1, presets, read: currentIndex });
}

function requireList(ctx: DirectiveContext): string[] {
  const list = speedList(ctx.entity);
  if (list === undefined) throw new AlexaInternalError(`${ctx.entity.entityId} has no fan_speed_list`);
  return list;
}

async function setSpeed(ctx: DirectiveContext, speed: string, index: number): Promise<DirectiveOutcome> {
  await ctx.callService(ctx.entity.domain, 'set_fan_speed', { entity_id: ctx.entity.entityId, fan_speed: speed });
  return { properties: [{ namespace: 'Alexa.RangeController', instance: VACUUM_FAN_SPEED, name: 'rangeValue', value: index }] };
}

/** `SetRangeValue`: the speed at that index; an index outside the list is INVALID_VALUE. */
async function setVacuumFanSpeed(ctx: DirectiveContext, rangeValue: unknown): Promise<DirectiveOutcome> {
  const list = requireList(ctx);
  const index = payloadInt({ rangeValue }, 'rangeValue');
  const speed = index >= 0 ? list[index] : undefined;
  // HA also refuses an empty speed name.
  if (speed === undefined || speed === '') throw invalidValue(ctx, `fan speed index ${index} is not one of 0..${list.length - 1}`);
  return setSpeed(ctx, speed, index);
}

/**
 * `AdjustRangeValue`: steps through the list from the current speed (the first when unknown),
 * stopping at either end. HA ignores `rangeValueDeltaDefault` here: one step is one speed.
 */
async function adjustVacuumFanSpeed(ctx: DirectiveContext, rangeValueDelta: unknown): Promise<DirectiveOutcome> {
  const list = requireList(ctx);
  if (list.length === 0) throw invalidValue(ctx, 'fan_speed_list is empty');
  const delta = payloadInt({ rangeValueDelta }, 'rangeValueDelta');
  const current = Math.max(0, list.indexOf(String(ctx.entity.attributes.fan_speed)));
  const index = Math.min(list.length - 1, Math.max(0, current + delta));
  // HA reports the speed name as rangeValue; Alexa's schema wants the number, which is what it set.
  return setSpeed(ctx, list[index] as string, index);
}

/** The RangeController spec (listed in `instance-specs.ts`). */
export const VACUUM_FAN_SPEED_RANGE = {
  instance: VACUUM_FAN_SPEED,
  set: setVacuumFanSpeed,
  adjust: (ctx: DirectiveContext, delta: unknown): Promise<DirectiveOutcome> => adjustVacuumFanSpeed(ctx, delta),
} as const;
