/**
 * LUGS ("lazy loading", `LUGS_ENABLED`): the native Smart Home translator, the Custom skill and the
 * SSM client are separate chunks of the bundle, loaded on first use. With `LUGS_ENABLED=false`
 * the handler loads them all at init instead (see `handler.ts`).
 */
import type * as CustomSkill from './alexa/custom-skill/handle-request.js';
import type * as NativeTranslator from './alexa/smart-home/native/index.js';
import type * as Doctor from './doctor/index.js';
import { preloadSsm } from './config/index.js';

type NativeModule = typeof NativeTranslator;
type CustomSkillModule = typeof CustomSkill;

let native: Promise<NativeModule> | undefined;
let customSkill: Promise<CustomSkillModule> | undefined;

export function loadNativeTranslator(): Promise<NativeModule> {
  native ??= import('./alexa/smart-home/native/index.js');
  return native;
}

export function loadCustomSkill(): Promise<CustomSkillModule> {
  customSkill ??= import('./alexa/custom-skill/handle-request.js');
  return customSkill;
}

/** The doctor (`{"diagnostics":"doctor"}`): never preloaded, it is not on any Alexa path. */
export function loadDoctor(): Promise<typeof Doctor> {
  return import('./doctor/index.js');
}

export async function preloadAll(): Promise<void> {
  await Promise.all([loadNativeTranslator(), loadCustomSkill(), preloadSsm()]);
}
