/** Valves: OTHER; `valve.position` (range) or `valve.state` (mode), and `valve.stop`; no PowerController. */
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';
import { VALVE_FEATURES, valvePositionRange, valveStateMode, valveStopToggle } from '../capabilities/valve-controls.js';

const F = VALVE_FEATURES;

export const valveAdapter: EntityAdapter = {
  domains: ['valve'],
  displayCategories: () => ['OTHER'],
  // HA discovers it even with no feature bits (EndpointHealth only), so ReportState answers too.
  discoverWithoutCapabilities: true,
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [];
    if ((entity.features & F.SET_POSITION) !== 0) result.push(valvePositionRange());
    else if ((entity.features & (F.OPEN | F.CLOSE)) !== 0) result.push(valveStateMode(entity));
    if ((entity.features & F.STOP) !== 0) result.push(valveStopToggle());
    return result;
  },
};
