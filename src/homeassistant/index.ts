export { HomeAssistantClient, type HomeAssistantClientOptions, type ForwardResult } from './client.js';
export {
  AbandonedCallError,
  HomeAssistantError,
  HaAuthError,
  HaBadRequestError,
  HaCircuitOpenError,
  HaNotFoundError,
  HaProtocolError,
  HaServerError,
  HaUnreachableError,
  isHomeAssistantError,
  type HaErrorKind,
} from './errors.js';
export type { HaState, HaConfig, HaCallRecord, ConversationRequest, ConversationResult, Deadline, ServiceData } from './types.js';
export { clearHaCache } from './cache.js';
export { resetBreakers } from './circuit-breaker.js';
export type { RegistryEntry, RegistryRead } from './websocket/registry.js';
