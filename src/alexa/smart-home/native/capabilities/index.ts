/**
 * Every Alexa interface the native translator answers, in one explicit list. Adding one is one file
 * plus one line here (see `types.ts`).
 */
import { brightnessController } from './brightness-controller.js';
import { colorController } from './color-controller.js';
import { colorTemperatureController } from './color-temperature-controller.js';
import { lockController } from './lock-controller.js';
import { powerController } from './power-controller.js';
import { buildRegistry } from './registry.js';
import { sceneController } from './scene-controller.js';
import type { Capability } from './types.js';

export const CAPABILITIES: readonly Capability[] = [
  powerController,
  brightnessController,
  colorController,
  colorTemperatureController,
  sceneController,
  lockController,
];

/** `Namespace.Name` → handler, built once per container. */
export const DIRECTIVE_HANDLERS = buildRegistry(CAPABILITIES);
