/** Timers: pause/resume (en-US) and start/cancel through power. HA gives them no EndpointHealth. */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { timeHoldControllerInstance } from '../capabilities/time-hold-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [timeHoldControllerInstance(true), POWER_CONTROLLER_INSTANCE];

export const timerAdapter: EntityAdapter = {
  domains: ['timer'],
  displayCategories: () => ['OTHER'],
  endpointHealth: false,
  capabilities: () => CAPABILITIES,
};
