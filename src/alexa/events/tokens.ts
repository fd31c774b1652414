/**
 * The event gateway's access token, per container: refreshed from the stored grant when fewer than
 * 300 s of its 3600 s remain (Home Assistant's PREEMPTIVE_REFRESH_TTL_IN_SECONDS), one refresh at a
 * time however many pokes wait for it. A rotated refresh token is written back; `invalid_grant`
 * deletes the grant (the customer disabled the skill or unlinked it).
 *
 * @see https://developer.amazon.com/docs/smarthome/authenticate-a-customer-permissions.html
 * @see https://developer.amazon.com/docs/login-with-amazon/refresh-token.html
 */
import type { EventsContext } from './context.js';
import { NoGrantError } from './errors.js';
import { deleteGrant, readGrant, writeGrant, type Grant } from './grant-store.js';
import { LwaError, refreshAccessToken, type LwaClient, type LwaTokens } from './lwa.js';

/** Refresh when fewer than this many ms of the access token remain. */
export const REFRESH_MARGIN_MS = 300_000;
/** A container without a grant looks again at most this often (AcceptGrant may have run in another one). */
export const GRANT_RECHECK_MS = 60_000;

interface AccessToken {
  readonly token: string;
  readonly expiresAt: number;
}

interface TokenState {
  grant: Grant | undefined;
  /** When the grant was last looked up (0: never). */
  grantReadAt: number;
  access: AccessToken | undefined;
  refreshing: Promise<string> | undefined;
}

const state: TokenState = { grant: undefined, grantReadAt: 0, access: undefined, refreshing: undefined };

/** Forgets the container's grant and token (tests). */
export function resetTokens(): void {
  state.grant = undefined;
  state.grantReadAt = 0;
  state.access = undefined;
  state.refreshing = undefined;
}

/** LWA's client for this function, or undefined when the messaging credentials are not set. */
export function lwaClient(ctx: EventsContext): LwaClient | undefined {
  const { alexaEventsClientId: clientId, alexaEventsClientSecret: clientSecret } = ctx.config;
  if (clientId === undefined || clientSecret === undefined) return undefined;
  return { tokenUrl: ctx.endpoints.lwaTokenUrl, clientId, clientSecret };
}

/** Adopts a fresh grant and its first access token (AcceptGrant, in this container). */
export function adoptGrant(grant: Grant, tokens: LwaTokens, now: number): void {
  state.grant = grant;
  state.grantReadAt = now;
  state.access = { token: tokens.accessToken, expiresAt: now + tokens.expiresInSeconds * 1000 };
  state.refreshing = undefined;
}

/** Drops the cached access token (the gateway answered 401): the next {@link accessToken} refreshes. */
export function invalidateAccessToken(token: string): void {
  if (state.access?.token === token) state.access = undefined;
}

/** The grant was revoked: forget it here and delete it from Parameter Store. */
export async function revokeGrant(ctx: EventsContext, why: string): Promise<void> {
  state.grant = undefined;
  state.access = undefined;
  state.grantReadAt = ctx.now();
  ctx.logger.warn('The Alexa grant was revoked; it is deleted. Link the skill again (or disable and enable it) to resume reports', { why });
  try {
    await deleteGrant(ctx.config.parameterPrefix, ctx.endpoints.region);
  } catch (error) {
    ctx.logger.error('Could not delete the revoked grant', { error: error instanceof Error ? error.message : String(error) });
  }
}

/** A valid access token for the gateway; throws {@link NoGrantError} or {@link LwaError}. */
export function accessToken(ctx: EventsContext): Promise<string> {
  const now = ctx.now();
  if (state.access !== undefined && state.access.expiresAt - now > REFRESH_MARGIN_MS) return Promise.resolve(state.access.token);
  state.refreshing ??= refresh(ctx).finally(() => {
    state.refreshing = undefined;
  });
  return state.refreshing;
}

async function loadGrant(ctx: EventsContext): Promise<Grant> {
  if (state.grant === undefined && (state.grantReadAt === 0 || ctx.now() - state.grantReadAt >= GRANT_RECHECK_MS)) {
    state.grantReadAt = ctx.now();
    state.grant = await readGrant(ctx.config.parameterPrefix, ctx.endpoints.region, ctx.deadline.signal);
  }
  const grant = state.grant;
  if (grant === undefined) throw new NoGrantError('No Alexa grant is stored: disable and enable the skill in the Alexa app (with ALEXA_EVENTS=on) so Alexa sends AcceptGrant');
  if (grant.region !== ctx.endpoints.region) {
    throw new NoGrantError(`The stored Alexa grant was received by a function in ${grant.region ?? 'an unknown region'}, this one runs in ${ctx.endpoints.region ?? 'an unknown region'}: its tokens work only at that region's gateway; link the skill again so this function receives AcceptGrant`);
  }
  return grant;
}

async function refresh(ctx: EventsContext): Promise<string> {
  const client = lwaClient(ctx);
  if (client === undefined) throw new NoGrantError('ALEXA_EVENTS_CLIENT_ID and ALEXA_EVENTS_CLIENT_SECRET must be set to send events');
  const grant = await loadGrant(ctx);
  let tokens: LwaTokens;
  try {
    tokens = await refreshAccessToken(client, grant.refreshToken, ctx.deadline);
  } catch (error) {
    if (error instanceof LwaError && error.code === 'invalid_grant') await revokeGrant(ctx, 'Login with Amazon answered invalid_grant to the refresh');
    throw error;
  }
  const now = ctx.now();
  state.access = { token: tokens.accessToken, expiresAt: now + tokens.expiresInSeconds * 1000 };
  if (tokens.refreshToken !== undefined && tokens.refreshToken !== grant.refreshToken && state.grant === grant) {
    const rotated: Grant = { ...grant, refreshToken: tokens.refreshToken };
    state.grant = rotated;
    try {
      await writeGrant(ctx.config.parameterPrefix, ctx.endpoints.region, rotated);
    } catch (error) {
      ctx.logger.error('Login with Amazon rotated the refresh token but it could not be stored; this container keeps using it', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  return tokens.accessToken;
}
