/**
 * Loads the events code (`ALEXA_EVENTS=on`: AcceptGrant's exchange, Function URL pokes, Discover's
 * published list), a lazily loaded chunk never preloaded: a function with events off never loads it.
 * The module's shape is written out here rather than imported from `./index.js`, which builds on the
 * native translator, so the Smart Home entry can load it without an import cycle. The entry, not the
 * native translator, calls it: a lazy chunk importing this loader would split the entry's shared code
 * into one more file for every cold start to read.
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

/**
 * With events on, the list a native Discover answered becomes the published one
 * (`sensor.alexa_bridge_reported`): the blueprint's filter and incremental discovery's baseline.
 * A failure is logged and never fails Discover.
 */
export async function publishDiscovered(ctx: RequestContext, token: string, answer: AlexaMessage): Promise<void> {
  const endpoints = answer.event.payload.endpoints;
  if (!Array.isArray(endpoints)) return;
  try {
    await (await loadEvents()).publishDiscovery(ctx.haClient(token), endpoints as Record<string, unknown>[], new Date());
  } catch (error) {
    ctx.logger.warn('Could not publish the discovered list to Home Assistant (sensor.alexa_bridge_reported); pokes and incremental discovery use the previous one. Writing a state needs an administrator\'s token', { error: error instanceof Error ? error.message : String(error) });
  }
}
