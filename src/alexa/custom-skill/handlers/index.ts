/**
 * The Custom skill's handlers, keyed by operation: the request type, or `IntentRequest:<intent>`.
 * Adding an intent = one handler + one line here (and its name in `intents.ts` for the model).
 */
import { BUILT_IN_INTENTS, CONVERSATION_INTENT } from '../intents.js';
import { handleFallback, handleHelp, handleNavigateHome, handleStop } from './built-in.js';
import { handleConversation } from './conversation.js';
import { handleLaunch } from './launch.js';
import { handleSessionEnded } from './session-ended.js';
import type { SkillHandler } from './types.js';

export type { SkillHandler } from './types.js';

const HANDLERS: readonly (readonly [string, SkillHandler])[] = [
  ['LaunchRequest', handleLaunch],
  ['SessionEndedRequest', handleSessionEnded],
  [`IntentRequest:${CONVERSATION_INTENT}`, handleConversation],
  [`IntentRequest:${BUILT_IN_INTENTS.help}`, handleHelp],
  [`IntentRequest:${BUILT_IN_INTENTS.stop}`, handleStop],
  [`IntentRequest:${BUILT_IN_INTENTS.cancel}`, handleStop],
  [`IntentRequest:${BUILT_IN_INTENTS.fallback}`, handleFallback],
  [`IntentRequest:${BUILT_IN_INTENTS.navigateHome}`, handleNavigateHome],
];

/** Built once per container; a duplicate operation is a programming error and fails at load. */
export const REQUEST_HANDLERS: ReadonlyMap<string, SkillHandler> = buildRegistry(HANDLERS);

export function buildRegistry(entries: readonly (readonly [string, SkillHandler])[]): ReadonlyMap<string, SkillHandler> {
  const registry = new Map<string, SkillHandler>();
  for (const [operation, handler] of entries) {
    if (registry.has(operation)) throw new Error(`Duplicate Custom skill handler for ${operation}`);
    registry.set(operation, handler);
  }
  return registry;
}
