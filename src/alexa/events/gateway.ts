/**
 * Posts one message to the event gateway of the function's region, and handles its answers as Amazon
 * documents them (and as Home Assistant and peer bridges observed them):
 *
 * | answer | action |
 * |---|---|
 * | 202 | sent |
 * | 401 `INVALID_ACCESS_TOKEN_EXCEPTION` | refresh the token, resend once; a second 401 gives up (the grant is kept) |
 * | 403 `SKILL_DISABLED_EXCEPTION` | the grant is revoked: deleted, nothing more is sent |
 * | 403 other / no code, 404 | given up, grant kept (a bare 403 is also the wrong-region symptom) |
 * | 400 | no resend; Amazon's `description` is logged (a schema bug) |
 * | 413 | `too_large`: the caller splits an AddOrUpdateReport |
 * | 429 | up to 3 resends, ≥ 1 s apart ("resend the message up to 3 times, with at least a 1 second interval"), within the deadline |
 * | 5xx, no answer | up to 2 resends (250 ms, then 1 s later), within the deadline |
 *
 * @see https://developer.amazon.com/docs/smarthome/send-events-to-the-alexa-event-gateway.html
 */
import type { EventsContext } from './context.js';
import { NoGrantError } from './errors.js';
import { GrantStoreError } from './grant-store.js';
import { post } from './http.js';
import { LwaError } from './lwa.js';
import { accessToken, invalidateAccessToken, revokeGrant } from './tokens.js';

/** Each gateway call may take this long. */
export const GATEWAY_TIMEOUT_MS = 4_000;
/** Amazon: at least 1 s between resends after a 429. */
export const THROTTLE_WAIT_MS = 1_000;
const THROTTLE_RESENDS = 3;
const SERVER_WAITS_MS = [250, 1_000] as const;

export type SendResult = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly tooLarge?: boolean };

interface GatewayError {
  readonly code: string | undefined;
  readonly description: string | undefined;
}

function parseError(text: string): GatewayError {
  try {
    const payload = (JSON.parse(text) as { payload?: { code?: unknown; description?: unknown } }).payload;
    return {
      code: typeof payload?.code === 'string' && /^[A-Z_]{1,64}$/.test(payload.code) ? payload.code : undefined,
      description: typeof payload?.description === 'string' ? payload.description.slice(0, 300) : undefined,
    };
  } catch {
    return { code: undefined, description: undefined };
  }
}

/**
 * Sends the message `build(token)` makes; `type` names it in logs and metrics. Never throws: the
 * result says what happened, and every refusal is logged with its fix.
 */
export async function sendEvent(ctx: EventsContext, type: string, endpoint: string | undefined, build: (token: string) => Record<string, unknown>): Promise<SendResult> {
  const finish = (code: string | undefined): SendResult => {
    ctx.outcomes.push({ type, code, latencyMs: performance.now() - ctx.startedAt });
    return code === undefined ? { ok: true } : { ok: false, code };
  };
  const url = ctx.endpoints.gatewayUrl;
  if (url === undefined) {
    ctx.logger.error('No Alexa event gateway for this region: Alexa calls functions in us-east-1, eu-west-1 and us-west-2 only', { region: ctx.endpoints.region });
    return finish('NO_GATEWAY');
  }
  let refreshed = false;
  let throttled = 0;
  let serverErrors = 0;
  for (;;) {
    let token: string;
    try {
      token = await accessToken(ctx);
    } catch (error) {
      const code = error instanceof NoGrantError ? 'NO_GRANT' : error instanceof LwaError ? `LWA_${error.code.toUpperCase()}` : error instanceof GrantStoreError ? 'GRANT_UNREADABLE' : 'NO_TOKEN';
      ctx.logger.warn('No access token for the Alexa event gateway; nothing sent', { type, endpoint, code, reason: error instanceof Error ? error.message : String(error) });
      return finish(code);
    }
    let status: number;
    let text = '';
    try {
      const answer = await post(url, { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, JSON.stringify(build(token)), ctx.deadline, GATEWAY_TIMEOUT_MS);
      status = answer.status;
      text = answer.text;
    } catch {
      // NoAnswerError: a network error, the call's timeout or the deadline.
      status = 0;
    }
    if (status === 202 || status === 200) return finish(undefined);
    const { code, description } = status === 0 ? { code: 'NO_ANSWER', description: undefined } : parseError(text);
    const shown = code ?? `HTTP_${status}`;
    const fields = { type, endpoint, status, code: shown, description };
    if (status === 401 && !refreshed) {
      refreshed = true;
      invalidateAccessToken(token);
      continue;
    }
    if (status === 403 && code === 'SKILL_DISABLED_EXCEPTION') {
      await revokeGrant(ctx, 'the event gateway answered SKILL_DISABLED_EXCEPTION');
      return finish(shown);
    }
    if (status === 413) {
      ctx.logger.warn('The Alexa event gateway refused a message as too large', fields);
      return { ...finish(shown), tooLarge: true } as SendResult;
    }
    if (status === 429 && throttled < THROTTLE_RESENDS && ctx.deadline.remainingMs() > THROTTLE_WAIT_MS + GATEWAY_TIMEOUT_MS / 4) {
      throttled += 1;
      await ctx.sleep(THROTTLE_WAIT_MS);
      continue;
    }
    const serverWait = SERVER_WAITS_MS[serverErrors];
    if ((status === 0 || status >= 500) && serverWait !== undefined && ctx.deadline.remainingMs() > serverWait + GATEWAY_TIMEOUT_MS / 4) {
      serverErrors += 1;
      await ctx.sleep(serverWait);
      continue;
    }
    ctx.logger.warn(`The Alexa event gateway refused a ${type}: ${fix(status, code)}`, fields);
    return finish(shown);
  }
}

/** What to do about a refusal, in one sentence. */
function fix(status: number, code: string | undefined): string {
  if (status === 401) return 'the access token was refused twice; the grant is kept, check that ALEXA_EVENTS_CLIENT_ID/SECRET belong to this skill';
  if (status === 403) return code === 'INSUFFICIENT_PERMISSION_EXCEPTION' ? 'turn on "Send Alexa Events" in the skill\'s Permissions' : 'check the gateway region (the function must run in the region whose Lambda Alexa calls) and the skill\'s "Send Alexa Events" permission';
  if (status === 404) return 'the skill was not found at this region\'s gateway: it was deleted, or the function runs in another Alexa region';
  if (status === 400) return 'Amazon refused the message itself (see description)';
  if (status === 429) return 'throttled; dropped after 3 resends (the next change sends the current state)';
  return 'the gateway failed; dropped after 2 resends (the next change sends the current state)';
}
