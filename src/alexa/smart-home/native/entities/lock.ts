/** Locks. */
import { LOCK_CONTROLLER_INSTANCE } from '../capabilities/lock-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [LOCK_CONTROLLER_INSTANCE];

export const lockAdapter: EntityAdapter = {
  domains: ['lock'],
  displayCategories: () => ['SMARTLOCK'],
  capabilities: () => CAPABILITIES,
};
