/**
 * Loads the events code (`ALEXA_EVENTS=on`: AcceptGrant's exchange, Function URL pokes, Discover's
 * published list), a lazily loaded chunk never preloaded: a function with events off never loads it.
 * The module's shape is written out here rather than imported from `./index.js`, so that the native
 * translator, which the events code builds on, can load it without an import cycle.
 */
import type { RequestContext } from '../../gateway/context.js';
import type { HomeAssistantClient } from '../../homeassistant/index.js';
import type { Directive } from '../smart-home/directive.js';
import type { AlexaMessage } from '../smart-home/response.js';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';

export interface EventsModule {
  acceptGrant(directive: Directive, request: RequestContext): Promise<AlexaMessage>;
  handleIngest(event: FunctionUrlEvent, request: RequestContext): Promise<FunctionUrlResult>;
  publishDiscovery(ha: HomeAssistantClient, endpoints: readonly Record<string, unknown>[], now: Date): Promise<void>;
}

let events: Promise<EventsModule> | undefined;

export function loadEvents(): Promise<EventsModule> {
  events ??= import('./index.js');
  return events;
}
