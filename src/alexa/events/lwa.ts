/**
 * Login with Amazon's token endpoint: the AcceptGrant code and the stored refresh token become
 * access tokens for the event gateway. Form-encoded, as LWA requires; an error answer is
 * `{"error": "invalid_grant" | "invalid_client" | …, "error_description": …}`.
 *
 * @see https://developer.amazon.com/docs/login-with-amazon/access-token.html
 * @see https://developer.amazon.com/docs/login-with-amazon/refresh-token.html
 * @see https://developer.amazon.com/docs/smarthome/authenticate-a-customer-permissions.html
 */
import type { Abortable } from '../../homeassistant/types.js';
import { post } from './http.js';

/** LWA's documented timeout is not given; 4 s leaves room for the SSM write inside Alexa's 8 s. */
export const LWA_TIMEOUT_MS = 4_000;

export interface LwaTokens {
  readonly accessToken: string;
  /** LWA may return a new refresh token with each refresh. */
  readonly refreshToken: string | undefined;
  readonly expiresInSeconds: number;
}

/** LWA refused or did not answer. `code` is LWA's `error` (`invalid_grant`, …), `http_<status>` or `no_answer`. */
export class LwaError extends Error {
  constructor(readonly code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LwaError';
  }
}

export interface LwaClient {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What a refusal means for the user, by LWA's error code. */
export function explainLwaError(code: string): string {
  switch (code) {
    case 'invalid_grant':
      return 'Login with Amazon says the grant is invalid, expired or revoked: disable and enable the skill in the Alexa app to send a new one';
    case 'invalid_client':
      return 'Login with Amazon refused the client: ALEXA_EVENTS_CLIENT_ID and ALEXA_EVENTS_CLIENT_SECRET must be this skill\'s Alexa Skill Messaging credentials (developer console, Permissions, "Send Alexa Events")';
    case 'unauthorized_client':
      return 'Login with Amazon says this client may not use the grant: turn on "Send Alexa Events" in the skill\'s Permissions and use its Alexa Skill Messaging credentials';
    case 'no_answer':
      return 'Login with Amazon did not answer in time; try again';
    default:
      return `Login with Amazon refused the request (${code})`;
  }
}

async function requestTokens(client: LwaClient, form: Record<string, string>, abort: Abortable): Promise<LwaTokens> {
  const body = new URLSearchParams({ ...form, client_id: client.clientId, client_secret: client.clientSecret }).toString();
  let answer;
  try {
    answer = await post(client.tokenUrl, { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', Accept: 'application/json' }, body, abort, LWA_TIMEOUT_MS);
  } catch (error) {
    throw new LwaError('no_answer', explainLwaError('no_answer'), { cause: error });
  }
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(answer.text);
    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
  } catch {
    parsed = {};
  }
  if (answer.status !== 200) {
    const code = typeof parsed.error === 'string' && /^[a-z_]{1,40}$/.test(parsed.error) ? parsed.error : `http_${answer.status}`;
    throw new LwaError(code, explainLwaError(code));
  }
  const accessToken = parsed.access_token;
  const refreshToken = parsed.refresh_token;
  const expires = Number(parsed.expires_in ?? 3600);
  if (typeof accessToken !== 'string' || accessToken === '') throw new LwaError('bad_answer', 'Login with Amazon answered 200 without an access_token');
  return { accessToken, refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined, expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 3600 };
}

/** Exchanges an AcceptGrant code (`grant_type=authorization_code`; LWA wants no redirect_uri for it). */
export function exchangeCode(client: LwaClient, code: string, abort: Abortable): Promise<LwaTokens> {
  return requestTokens(client, { grant_type: 'authorization_code', code }, abort);
}

/** A new access token for the stored refresh token (`grant_type=refresh_token`). */
export function refreshAccessToken(client: LwaClient, refreshToken: string, abort: Abortable): Promise<LwaTokens> {
  return requestTokens(client, { grant_type: 'refresh_token', refresh_token: refreshToken }, abort);
}
