/**
 * `HA_FEATURE_PRESET`: which Home Assistant domains native mode exposes. Each preset includes the
 * one before it. The exposure filter then narrows (never widens) what the preset allows.
 */
import type { Config, FeaturePreset } from '../../../config/index.js';

const MINIMAL = ['light', 'switch', 'input_boolean', 'scene', 'script'] as const;
const STANDARD = [
  ...MINIMAL,
  'fan', 'cover', 'lock', 'climate', 'water_heater', 'media_player', 'vacuum', 'valve', 'humidifier',
  'button', 'input_button', 'group', 'number', 'input_number',
] as const;
const FULL = [
  ...STANDARD,
  'sensor', 'binary_sensor', 'alarm_control_panel', 'event', 'timer', 'automation', 'alert', 'camera', 'remote', 'image_processing',
] as const;

/** The domains of each preset, in discovery priority order (see `limits.ts`). */
export const PRESET_DOMAINS: Readonly<Record<FeaturePreset, readonly string[]>> = {
  minimal: MINIMAL,
  standard: STANDARD,
  full: FULL,
};

const SETS: Readonly<Record<FeaturePreset, ReadonlySet<string>>> = {
  minimal: new Set(MINIMAL),
  standard: new Set(STANDARD),
  full: new Set(FULL),
};

/**
 * Domains that only proactive events make useful: a contact sensor or a doorbell is worth discovering
 * when its changes are reported. `standard` adds them when `ALEXA_EVENTS=on`; `minimal` never does
 * (it is a deliberate "lights and switches" choice) and `full` has them already.
 */
export const EVENT_DOMAINS = ['binary_sensor', 'event'] as const;
const EVENT_SET: ReadonlySet<string> = new Set(EVENT_DOMAINS);

/**
 * `ALEXA_EVENTS` (proactive events, a setting of the event sender) is on. Read through a narrowing
 * of the configuration, so that this holds whether or not the sender's setting is in this build: a
 * configuration without it means events are off.
 */
export function eventsEnabled(config: Config): boolean {
  const value = (config as Partial<Readonly<Record<'alexaEvents', unknown>>>).alexaEvents;
  return value === true || value === 'on';
}

export function presetAllows(preset: FeaturePreset, domain: string, events = false): boolean {
  return SETS[preset].has(domain) || (events && preset === 'standard' && EVENT_SET.has(domain));
}

/** Rank of a domain in the discovery order: the full preset's order, unknown domains last. */
const RANK: ReadonlyMap<string, number> = new Map(FULL.map((domain, index) => [domain, index]));
export function domainRank(domain: string): number {
  return RANK.get(domain) ?? FULL.length;
}
