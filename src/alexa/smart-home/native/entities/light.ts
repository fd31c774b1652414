/** Lights: brightness, colour and colour temperature chosen from `supported_color_modes` (legacy feature bits are ignored, as in HA). */
import { BRIGHTNESS_CONTROLLER_INSTANCE } from '../capabilities/brightness-controller.js';
import { COLOR_CONTROLLER_INSTANCE } from '../capabilities/color-controller.js';
import { COLOR_TEMPERATURE_CONTROLLER_INSTANCE } from '../capabilities/color-temperature-controller.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { stringListAttribute } from '../capabilities/args.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

const BRIGHTNESS_MODES: ReadonlySet<string> = new Set(['brightness', 'color_temp', 'hs', 'xy', 'rgb', 'rgbw', 'rgbww', 'white']);
const COLOR_MODES: ReadonlySet<string> = new Set(['hs', 'xy', 'rgb', 'rgbw', 'rgbww']);

export const lightAdapter: EntityAdapter = {
  domains: ['light'],
  displayCategories: () => ['LIGHT'],
  capabilities: (entity) => {
    const modes = stringListAttribute(entity.attributes, 'supported_color_modes');
    const result: CapabilityInstance[] = [POWER_CONTROLLER_INSTANCE];
    if (modes.some((mode) => BRIGHTNESS_MODES.has(mode))) result.push(BRIGHTNESS_CONTROLLER_INSTANCE);
    if (modes.some((mode) => COLOR_MODES.has(mode))) result.push(COLOR_CONTROLLER_INSTANCE);
    if (modes.includes('color_temp')) result.push(COLOR_TEMPERATURE_CONTROLLER_INSTANCE);
    return result;
  },
};
