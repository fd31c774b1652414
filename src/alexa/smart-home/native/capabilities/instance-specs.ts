/**
 * The instances the multi-instance controllers answer, in explicit lists: adding one is one spec
 * (in its domain's file) plus one line here. The controllers dispatch on the directive's header
 * `instance` alone, as Home Assistant does, so a directive works even when the entity's features did
 * not advertise that instance at discovery (HA's own tests rely on this).
 */
import type { ModeInstanceSpec, RangeInstanceSpec, ToggleInstanceSpec } from './instance-spec-types.js';
import { COVER_POSITION_MODE, COVER_POSITION_RANGE, COVER_TILT_RANGE } from './cover-controls.js';
import { FAN_DIRECTION_MODE, FAN_OSCILLATING_TOGGLE, FAN_PERCENTAGE_RANGE, FAN_PRESET_MODE } from './fan-controls.js';
import { HUMIDIFIER_HUMIDITY_RANGE, HUMIDIFIER_MODE } from './humidifier-controls.js';
import { INPUT_NUMBER_VALUE_RANGE, NUMBER_VALUE_RANGE } from './number-controls.js';
import { REMOTE_ACTIVITY_MODE } from './remote-activity.js';
import { VACUUM_FAN_SPEED_RANGE } from './vacuum-fan-speed.js';
import { VALVE_POSITION_RANGE, VALVE_STATE_MODE, VALVE_STOP_TOGGLE } from './valve-controls.js';
import { WATER_HEATER_OPERATION_MODE } from './water-heater-controls.js';

export const RANGE_SPECS: readonly RangeInstanceSpec[] = [
  COVER_POSITION_RANGE,
  COVER_TILT_RANGE,
  FAN_PERCENTAGE_RANGE,
  HUMIDIFIER_HUMIDITY_RANGE,
  INPUT_NUMBER_VALUE_RANGE,
  NUMBER_VALUE_RANGE,
  VALVE_POSITION_RANGE,
  VACUUM_FAN_SPEED_RANGE,
];

export const MODE_SPECS: readonly ModeInstanceSpec[] = [
  FAN_DIRECTION_MODE,
  FAN_PRESET_MODE,
  HUMIDIFIER_MODE,
  WATER_HEATER_OPERATION_MODE,
  COVER_POSITION_MODE,
  VALVE_STATE_MODE,
  REMOTE_ACTIVITY_MODE,
];

export const TOGGLE_SPECS: readonly ToggleInstanceSpec[] = [FAN_OSCILLATING_TOGGLE, VALVE_STOP_TOGGLE];

/** Instance → spec; an instance listed twice is a programming error. */
export function byInstance<T extends { readonly instance: string }>(specs: readonly T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const spec of specs) {
    if (map.has(spec.instance)) throw new Error(`Two specs answer the instance ${spec.instance}`);
    map.set(spec.instance, spec);
  }
  return map;
}
