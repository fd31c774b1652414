/** Remotes: power, and their activities as modes when they support ACTIVITY and list any. */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { activities, remoteActivityInstance } from '../capabilities/remote-activity.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

const ACTIVITY = 4;

export const remoteAdapter: EntityAdapter = {
  domains: ['remote'],
  displayCategories: () => ['REMOTE'],
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [POWER_CONTROLLER_INSTANCE];
    if ((entity.features & ACTIVITY) !== 0 && activities(entity).length > 0) result.push(remoteActivityInstance(entity));
    return result;
  },
};
