/** Builds the events code's context from the gateway's request context. */
import { eventsEndpoints } from '../../config/index.js';
import type { RequestContext } from '../../gateway/context.js';
import { REAL_CLOCK, type EventsClock, type EventsContext } from './context.js';

const warned = new Set<string>();

/** The events context of one invocation; an ignored test seam is logged once per container. */
export function eventsContext(request: RequestContext, startedAt: number = performance.now(), clock: EventsClock = REAL_CLOCK): EventsContext {
  const endpoints = eventsEndpoints();
  for (const warning of endpoints.warnings) {
    if (warned.has(warning)) continue;
    warned.add(warning);
    request.logger.warn(warning);
  }
  return { config: request.config, endpoints, logger: request.logger, deadline: request.deadline, now: clock.now, sleep: clock.sleep, startedAt, outcomes: [] };
}
