/**
 * Every Alexa interface the native translator answers, in one explicit list. Adding one is one file
 * plus one line here (see `types.ts`).
 */
import { brightnessController } from './brightness-controller.js';
import { cameraStreamController } from './camera-stream-controller.js';
import { channelController } from './channel-controller.js';
import { colorController } from './color-controller.js';
import { colorTemperatureController } from './color-temperature-controller.js';
import { equalizerController } from './equalizer-controller.js';
import { inputController } from './input-controller.js';
import { lockController } from './lock-controller.js';
import { modeController } from './mode-controller.js';
import { playbackController } from './playback-controller.js';
import { powerController } from './power-controller.js';
import { rangeController } from './range-controller.js';
import { buildRegistry } from './registry.js';
import { sceneController } from './scene-controller.js';
import { securityPanelController } from './security-panel-controller.js';
import { seekController } from './seek-controller.js';
import { speaker } from './speaker.js';
import { stepSpeaker } from './step-speaker.js';
import { thermostatController } from './thermostat-controller.js';
import { timeHoldController } from './time-hold-controller.js';
import { toggleController } from './toggle-controller.js';
import type { Capability } from './types.js';

export const CAPABILITIES: readonly Capability[] = [
  powerController,
  brightnessController,
  colorController,
  colorTemperatureController,
  sceneController,
  lockController,
  speaker,
  stepSpeaker,
  playbackController,
  inputController,
  channelController,
  seekController,
  equalizerController,
  securityPanelController,
  timeHoldController,
  cameraStreamController,
  rangeController,
  modeController,
  toggleController,
  thermostatController,
];

/** `Namespace.Name` → handler, built once per container. */
export const DIRECTIVE_HANDLERS = buildRegistry(CAPABILITIES);
