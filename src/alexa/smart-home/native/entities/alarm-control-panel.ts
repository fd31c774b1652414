/**
 * Alarm panels, only when they arm without a code: Alexa never sends a code for arming, so HA (and
 * the bridge) keeps panels with `code_arm_required` out of discovery altogether.
 */
import { securityPanelInstance } from '../capabilities/security-panel-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const alarmControlPanelAdapter: EntityAdapter = {
  domains: ['alarm_control_panel'],
  displayCategories: () => ['SECURITY_PANEL'],
  capabilities: (entity) => (entity.attributes.code_arm_required ? [] : [securityPanelInstance(entity)]),
};
