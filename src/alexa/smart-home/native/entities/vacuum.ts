/**
 * Vacuums: power when they can both start (TURN_ON or START) and stop (TURN_OFF or RETURN_HOME),
 * fan speed as a range, and pause/resume when they support PAUSE (resume needs START).
 */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { timeHoldControllerInstance } from '../capabilities/time-hold-controller.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';
import { vacuumFanSpeedInstance } from '../capabilities/vacuum-fan-speed.js';

/** HA `VacuumEntityFeature` bits. */
const FEATURE = { TURN_ON: 1, TURN_OFF: 2, PAUSE: 4, RETURN_HOME: 16, FAN_SPEED: 32, START: 8192 } as const;

export const vacuumAdapter: EntityAdapter = {
  domains: ['vacuum'],
  displayCategories: () => ['VACUUM_CLEANER'],
  // HA discovers a vacuum even when it supports none of these features.
  discoverWithoutCapabilities: true,
  capabilities: (entity) => {
    const has = (bits: number): boolean => (entity.features & bits) !== 0;
    const result: CapabilityInstance[] = [];
    if (has(FEATURE.TURN_ON | FEATURE.START) && has(FEATURE.TURN_OFF | FEATURE.RETURN_HOME)) result.push(POWER_CONTROLLER_INSTANCE);
    const fanSpeed = has(FEATURE.FAN_SPEED) ? vacuumFanSpeedInstance(entity) : undefined;
    if (fanSpeed !== undefined) result.push(fanSpeed);
    if (has(FEATURE.PAUSE)) result.push(timeHoldControllerInstance(has(FEATURE.START)));
    return result;
  },
};
