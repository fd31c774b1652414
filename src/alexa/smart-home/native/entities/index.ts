/**
 * Every Home Assistant domain the native translator exposes, in one explicit list. Adding a domain
 * is one file plus one line here (and its preset in `../presets.ts`); see `../capabilities/types.ts`.
 */
import type { EntityAdapter } from '../capabilities/types.js';
import { alarmControlPanelAdapter } from './alarm-control-panel.js';
import { binarySensorAdapter } from './binary-sensor.js';
import { buttonAdapter } from './button.js';
import { cameraAdapter } from './camera.js';
import { climateAdapter } from './climate.js';
import { coverAdapter } from './cover.js';
import { eventAdapter } from './event.js';
import { fanAdapter } from './fan.js';
import { genericAdapter } from './generic.js';
import { humidifierAdapter } from './humidifier.js';
import { imageProcessingAdapter } from './image-processing.js';
import { lightAdapter } from './light.js';
import { lockAdapter } from './lock.js';
import { mediaPlayerAdapter } from './media-player.js';
import { numberAdapter } from './number.js';
import { remoteAdapter } from './remote.js';
import { sceneAdapter } from './scene.js';
import { scriptAdapter } from './script.js';
import { sensorAdapter } from './sensor.js';
import { switchAdapter } from './switch.js';
import { timerAdapter } from './timer.js';
import { vacuumAdapter } from './vacuum.js';
import { valveAdapter } from './valve.js';
import { waterHeaterAdapter } from './water-heater.js';

export const ENTITY_ADAPTERS: readonly EntityAdapter[] = [
  lightAdapter,
  switchAdapter,
  genericAdapter,
  sceneAdapter,
  scriptAdapter,
  buttonAdapter,
  lockAdapter,
  mediaPlayerAdapter,
  alarmControlPanelAdapter,
  vacuumAdapter,
  timerAdapter,
  remoteAdapter,
  cameraAdapter,
  climateAdapter,
  waterHeaterAdapter,
  coverAdapter,
  valveAdapter,
  fanAdapter,
  humidifierAdapter,
  numberAdapter,
  sensorAdapter,
  binarySensorAdapter,
  eventAdapter,
  imageProcessingAdapter,
];

/** Domain → adapter; a domain claimed twice is a programming error, refused at cold start. */
export function indexAdapters(adapters: readonly EntityAdapter[]): ReadonlyMap<string, EntityAdapter> {
  const map = new Map<string, EntityAdapter>();
  for (const adapter of adapters) {
    for (const domain of adapter.domains) {
      if (map.has(domain)) throw new Error(`Two entity adapters claim the domain ${domain}`);
      map.set(domain, adapter);
    }
  }
  return map;
}

export const ADAPTERS_BY_DOMAIN: ReadonlyMap<string, EntityAdapter> = indexAdapters(ENTITY_ADAPTERS);
