/**
 * The ingest door: Home Assistant's pokes on the Function URL (`POST /v1/ha/push`, design §C4).
 * Checked in this order, each refusal costing no call to Home Assistant, Login with Amazon, Parameter
 * Store or the gateway: path (404), method (405), size (413, 16 KB), the bearer secret compared in
 * constant time (401, no detail), the per-container rate (429, 20 pokes/s), events switched on (403),
 * the body (400). Then the entity (or the whole exposed set) is read again from Home Assistant and
 * reported; the reply `200 {"kind","sent","skipped"?}` shows in the automation's trace.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestContext } from '../../gateway/context.js';
import { AlexaError } from '../smart-home/errors.js';
import { REAL_CLOCK, type EventsClock } from './context.js';
import { eventsContext } from './events-context.js';
import type { FunctionUrlEvent, FunctionUrlResult } from './function-url.js';
import { eventMetricsLine } from './metrics.js';
import { parsePoke } from './poke.js';
import { TokenBucket } from './rate-limit.js';
import { reportChange, type PokeResult } from './report-change.js';
import { syncDiscovery } from './sync.js';

export const INGEST_PATH = '/v1/ha/push';
export const MAX_POKE_BYTES = 16 * 1024;
export const POKES_PER_SECOND = 20;
/** A shorter ingest secret is refused: the URL is public, the secret is all that guards it. */
export const MIN_SECRET_LENGTH = 32;

let bucket: TokenBucket | undefined;

/**
 * A JSON answer. Not `urlAnswer` of `function-url.ts`, which the gateway's entry uses: importing it here
 * would move it into a chunk of its own that every cold start reads.
 */
function urlAnswer(statusCode: number, body: Readonly<Record<string, unknown>>, headers: Readonly<Record<string, string>> = {}): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Forgets the rate limiter (tests). */
export function resetIngestLimiter(): void {
  bucket = undefined;
}

function header(event: FunctionUrlEvent, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** Constant-time comparison of the bearer secret: both sides are hashed first, so their lengths never matter. */
export function secretMatches(given: string | undefined, expected: string | undefined): boolean {
  const a = createHash('sha256').update(given ?? '').digest();
  const b = createHash('sha256').update(expected ?? '\0no secret').digest();
  return timingSafeEqual(a, b) && given !== undefined && expected !== undefined && expected !== '';
}

function refuse(request: RequestContext, status: number, reason: string, body: Readonly<Record<string, unknown>>, headers?: Readonly<Record<string, string>>): FunctionUrlResult {
  request.invocation.outcome = 'error';
  request.invocation.errorType = `INGEST_${status}`;
  request.invocation.errorMessage = reason;
  return urlAnswer(status, body, headers);
}

/** Answers one Function URL request. Never throws. */
export async function handleIngest(event: FunctionUrlEvent, request: RequestContext, clock: EventsClock = REAL_CLOCK): Promise<FunctionUrlResult> {
  const now = clock.now;
  const started = performance.now();
  const method = event.requestContext.http.method.toUpperCase();
  request.invocation.operation = `ingest ${method} ${event.rawPath.slice(0, 64)}`;
  if (event.rawPath !== INGEST_PATH) return refuse(request, 404, 'unknown path', { message: 'Not found' });
  if (method !== 'POST') return refuse(request, 405, 'method not allowed', { message: 'Method not allowed: use POST' }, { allow: 'POST' });
  const raw = event.body ?? '';
  // Decoded base64 is 3/4 of its length: a body too large even decoded is refused before decoding.
  if ((event.isBase64Encoded === true ? Math.floor((raw.length * 3) / 4) : Buffer.byteLength(raw)) > MAX_POKE_BYTES + 2) return refuse(request, 413, 'body too large', { message: `The body is larger than ${MAX_POKE_BYTES} bytes` });
  const text = event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_POKE_BYTES) return refuse(request, 413, 'body too large', { message: `The body is larger than ${MAX_POKE_BYTES} bytes` });
  const authorization = header(event, 'authorization');
  const given = authorization !== undefined && /^Bearer /i.test(authorization) ? authorization.slice(7).trim() : undefined;
  const secret = request.config.haEventsSecret;
  const usable = secret !== undefined && secret.length >= MIN_SECRET_LENGTH;
  if (!secretMatches(given, usable ? secret : undefined)) {
    if (!usable) request.logger.warn(`A poke was refused: HA_EVENTS_SECRET is ${secret === undefined ? 'not set' : `shorter than ${MIN_SECRET_LENGTH} characters`}, so no poke is accepted (use 32 random bytes, e.g. from "openssl rand -base64 32")`);
    return refuse(request, 401, 'wrong or missing bearer secret', { message: 'Unauthorized' });
  }
  bucket ??= new TokenBucket(POKES_PER_SECOND, POKES_PER_SECOND, now());
  if (!bucket.take(now())) return refuse(request, 429, 'rate limited', { message: `More than ${POKES_PER_SECOND} pokes per second` }, { 'retry-after': '1' });
  if (request.config.alexaEvents !== 'on' || request.config.alexaMode !== 'native') {
    return refuse(request, 403, 'events off', { message: 'Alexa events are switched off: set ALEXA_EVENTS=on (native mode) to report changes' });
  }
  const poke = parsePoke(text);
  if (typeof poke === 'string') return refuse(request, 400, poke, { message: `Bad request: ${poke}` });
  request.invocation.operation = `ingest ${poke.kind}`;
  if (poke.entityId !== undefined) request.invocation.endpoint = poke.entityId;
  const token = request.config.homeAssistantToken;
  if (token === undefined) return refuse(request, 503, 'no stored token', { kind: poke.kind, sent: 0, skipped: 'HOME_ASSISTANT_TOKEN is not set: pokes read Home Assistant with the stored token' });
  const ctx = eventsContext(request, started, clock);
  let result: PokeResult;
  try {
    const ha = request.haClient(token);
    result = poke.kind === 'state' && poke.entityId !== undefined
      ? await reportChange(ctx, ha, { entityId: poke.entityId, byUser: poke.byUser, byRule: poke.byRule })
      : await syncDiscovery(ctx, ha);
  } catch (error) {
    if (error instanceof AlexaError && error.type === 'NO_SUCH_ENDPOINT') {
      result = { sent: 0, skipped: 'not exposed' };
    } else {
      const reason = error instanceof AlexaError ? `${error.type}: ${error.message}` : error instanceof Error ? error.message : String(error);
      request.logger.warn('A poke could not be handled', { kind: poke.kind, reason });
      return refuse(request, 502, reason, { kind: poke.kind, sent: 0, skipped: request.logger.scrub(reason).slice(0, 300) });
    }
  }
  for (const outcome of ctx.outcomes) request.logger.info(outcome.code === undefined ? 'event sent' : 'event failed', eventMetricsLine(outcome, now()));
  request.invocation.detail.sent = result.sent;
  if (result.skipped !== undefined) request.invocation.detail.skipped = result.skipped;
  return urlAnswer(200, result.skipped === undefined ? { kind: poke.kind, sent: result.sent } : { kind: poke.kind, sent: result.sent, skipped: result.skipped });
}
