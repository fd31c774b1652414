/**
 * Incremental discovery (`registry` and `start` pokes): the current endpoint set, built by discovery's
 * own code, is compared with the set last published in Home Assistant; what was added or changed goes
 * to Alexa in `AddOrUpdateReport`s (≤ 300 endpoints and ≤ 256 KB each; a 413 splits one in halves),
 * what was removed in `DeleteReport`s (≤ 30 endpoints each, 150 ms apart: one peer measured a 500 for
 * 134 at once). A renamed entity is a delete plus an add. Only when every message was accepted is the
 * new set published, so a failure is retried by the next poke (as HA Cloud adopts new preferences
 * only after both reports succeed). Concurrent pokes in one container share one run.
 *
 * @see https://developer.amazon.com/docs/device-apis/alexa-discovery.html
 */
import type { HaConfig, HomeAssistantClient } from '../../homeassistant/index.js';
import { buildDiscovery, needsHaConfig } from '../smart-home/native/discovery.js';
import { toEndpointId, toEntityId } from '../smart-home/native/entity-view.js';
import { loadExposure } from '../smart-home/native/exposure-snapshot.js';
import { fetchHaConfig, fetchStates } from '../smart-home/native/ha.js';
import { MAX_DISCOVERY_BYTES, MAX_ENDPOINTS } from '../smart-home/native/limits.js';
import type { EventsContext } from './context.js';
import { sendEvent } from './gateway.js';
import { addOrUpdateReport, deleteReport } from './messages.js';
import { endpointSet, publish, readPublished } from './published.js';
import type { PokeResult } from './report-change.js';

export const MAX_REPORT_ENDPOINTS = 300;
/** Amazon's limit for one message is 256 KB; 4 KB are left for the header and scope. */
export const MAX_REPORT_BYTES = 256 * 1024 - 4 * 1024;
export const MAX_DELETE_ENDPOINTS = 30;
export const DELETE_SPACING_MS = 150;

let running: Promise<PokeResult> | undefined;

/** Splits `endpoints` into chunks within the count and size limits, in order. */
export function chunkEndpoints(endpoints: readonly Record<string, unknown>[], maxCount = MAX_REPORT_ENDPOINTS, maxBytes = MAX_REPORT_BYTES): Record<string, unknown>[][] {
  const chunks: Record<string, unknown>[][] = [];
  let current: Record<string, unknown>[] = [];
  let bytes = 2;
  for (const endpoint of endpoints) {
    const size = Buffer.byteLength(JSON.stringify(endpoint)) + 1;
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 2;
    }
    current.push(endpoint);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function sendAddOrUpdate(ctx: EventsContext, endpoints: readonly Record<string, unknown>[]): Promise<boolean> {
  const result = await sendEvent(ctx, 'AddOrUpdateReport', undefined, (token) => addOrUpdateReport(token, endpoints));
  if (result.ok) return true;
  if (!('tooLarge' in result && result.tooLarge === true) || endpoints.length < 2) return false;
  const half = Math.ceil(endpoints.length / 2);
  const first = await sendAddOrUpdate(ctx, endpoints.slice(0, half));
  const second = await sendAddOrUpdate(ctx, endpoints.slice(half));
  return first && second;
}

async function run(ctx: EventsContext, ha: HomeAssistantClient): Promise<PokeResult> {
  // The same exposure as Discover (HA_EXPOSURE=assist|label: the registry, read fresh).
  const [states, exposure] = await Promise.all([fetchStates(ha), loadExposure(ctx.config, ha, { fresh: true })]);
  const haConfig: HaConfig | undefined = needsHaConfig(states, ctx.config, exposure) ? await fetchHaConfig(ha).catch(() => undefined) : undefined;
  const { endpoints } = buildDiscovery(states, ctx.config, ctx.logger, haConfig, { maxEndpoints: MAX_ENDPOINTS, maxBytes: MAX_DISCOVERY_BYTES }, exposure);
  const current = endpointSet(endpoints);
  const published = await readPublished(ha);
  const changed = published === undefined ? endpoints : endpoints.filter((endpoint) => {
    const id = toEntityId(String(endpoint.endpointId));
    return published.get(id) !== current.get(id);
  });
  const removed = published === undefined ? [] : [...published.keys()].filter((id) => !current.has(id));
  if (changed.length === 0 && removed.length === 0) return { sent: 0, skipped: 'unchanged' };
  let sent = 0;
  let ok = true;
  for (const chunk of chunkEndpoints(changed)) {
    if (await sendAddOrUpdate(ctx, chunk)) sent += 1;
    else ok = false;
  }
  for (let start = 0; start < removed.length; start += MAX_DELETE_ENDPOINTS) {
    if (start > 0) await ctx.sleep(DELETE_SPACING_MS);
    const ids = removed.slice(start, start + MAX_DELETE_ENDPOINTS).map(toEndpointId);
    const result = await sendEvent(ctx, 'DeleteReport', undefined, (token) => deleteReport(token, ids));
    if (result.ok) sent += 1;
    else ok = false;
  }
  if (!ok) return { sent, skipped: 'gateway refused a report; the list is published after the next successful sync' };
  await publish(ha, current, new Date(ctx.now()));
  return { sent };
}

/** Runs one sync, or joins the one under way in this container. */
export function syncDiscovery(ctx: EventsContext, ha: HomeAssistantClient): Promise<PokeResult> {
  running ??= run(ctx, ha).finally(() => {
    running = undefined;
  });
  return running;
}

/** Discover publishes what it answered (no events: Alexa has just read the list itself). */
export async function publishDiscovery(ha: HomeAssistantClient, endpoints: readonly Record<string, unknown>[], now: Date): Promise<void> {
  await publish(ha, endpointSet(endpoints), now);
}
