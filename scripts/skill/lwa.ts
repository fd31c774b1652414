/**
 * Login with Amazon (LWA): the access token SMAPI wants, from a refresh token (a GitHub secret, or
 * the one the Skills workflow stored in Parameter Store), and the one-time exchange of a consent
 * code for that refresh token (`npm run skill:login`, or the Skills workflow's `consent` input).
 *
 * The endpoints are the North American ones the ASK CLI uses for every developer account: SMAPI
 * serves skills of all marketplaces from one vendor account, whose LWA profile lives on amazon.com.
 * An authorization code is single-use and valid for five minutes.
 *
 * @see https://developer.amazon.com/docs/alexa/smapi/get-access-token-smapi.html
 * @see https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
 */
import { ScriptError } from '../shared/errors.js';
import { fetchJson, redact, stringField } from './http-json.js';

export const DEFAULT_LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';
export const DEFAULT_LWA_AUTHORIZE_URL = 'https://www.amazon.com/ap/oa';

/** What the skills need: read and write skills and their interaction models. */
export const SMAPI_SCOPES = ['alexa::ask:skills:readwrite', 'alexa::ask:models:readwrite'] as const;

/** How to mint a new refresh token, for every message that says the old one is refused. */
export const RENEW_REFRESH_TOKEN =
  'renew it: run npm run skill:login on your computer and store the new token with gh secret set LWA_REFRESH_TOKEN --env production (SETUP.md, "Skills as code")';

export interface LwaClient {
  clientId: string;
  clientSecret: string;
  /** LWA_TOKEN_URL, default {@link DEFAULT_LWA_TOKEN_URL}. */
  tokenUrl: string;
}

/** Which refresh token a refusal names, and how to get a new one (default: the LWA_REFRESH_TOKEN secret). */
export interface RefreshTokenOrigin {
  name: string;
  renew: string;
}

const SECRET_ORIGIN: RefreshTokenOrigin = { name: 'LWA_REFRESH_TOKEN', renew: RENEW_REFRESH_TOKEN };

/** A short-lived (1 h) access token for SMAPI. */
export async function accessTokenFromRefreshToken(client: LwaClient, refreshToken: string, origin: RefreshTokenOrigin = SECRET_ORIGIN): Promise<string> {
  const body = await postToken(client, { grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken, origin);
  const token = stringField(body, 'access_token');
  if (!token) throw new ScriptError('Login with Amazon answered without an access_token');
  return token;
}

/** The long-lived refresh token for a consent code the browser brought back. */
export async function refreshTokenFromCode(client: LwaClient, code: string, redirectUri: string): Promise<string> {
  const body = await postToken(client, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, code);
  const token = stringField(body, 'refresh_token');
  if (!token) throw new ScriptError('Login with Amazon answered without a refresh_token');
  return token;
}

/** The return URL the Skills workflow's consent link uses: the workflow's own page on GitHub, allowed in the security profile's Web Settings. */
export function workflowRedirectUri(serverUrl: string, repository: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/actions/workflows/skill.yml`;
}

/** The consent link for the browser path: no `state`, since the code comes back by hand, not to a listener. */
export function workflowConsentUrl(clientId: string, redirectUri: string): string {
  const url = new URL(DEFAULT_LWA_AUTHORIZE_URL);
  url.search = new URLSearchParams({ client_id: clientId, scope: SMAPI_SCOPES.join(' '), response_type: 'code', redirect_uri: redirectUri }).toString();
  return url.toString();
}

/**
 * The authorization code in what the user pasted: the whole address the browser landed on
 * (`…/skill.yml?code=…&scope=…`) or the code alone.
 *
 * @throws ScriptError when the address carries LWA's `error` (e.g. access_denied) or no code
 */
export function consentCodeFrom(pasted: string): string {
  const text = pasted.trim();
  if (/^https?:\/\//i.test(text) || text.includes('?')) {
    const query = new URL(text, 'https://github.com').searchParams;
    const error = query.get('error');
    if (error) throw new ScriptError(`the consent address carries Login with Amazon's error ${error}${query.get('error_description') ? ` (${query.get('error_description') ?? ''})` : ''}: open the consent link again and choose Allow`);
    const code = query.get('code');
    if (!code) throw new ScriptError('the consent input is an address without ?code=: paste the whole address the browser shows after you choose Allow on the consent page');
    return code;
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(text)) throw new ScriptError('the consent input is neither the address the browser landed on nor a code: paste the whole address after Allow (it contains ?code=)');
  return text;
}

/** The page where the developer agrees to let this tool manage their skills. */
export function consentUrl(authorizeUrl: string, clientId: string, redirectUri: string, state: string): string {
  const url = new URL(authorizeUrl);
  url.search = new URLSearchParams({ client_id: clientId, scope: SMAPI_SCOPES.join(' '), response_type: 'code', redirect_uri: redirectUri, state }).toString();
  return url.toString();
}

async function postToken(client: LwaClient, grant: Record<string, string>, grantSecret: string, origin: RefreshTokenOrigin = SECRET_ORIGIN): Promise<unknown> {
  const response = await fetchJson(
    client.tokenUrl,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ ...grant, client_id: client.clientId, client_secret: client.clientSecret }).toString(),
    },
    'Login with Amazon (LWA_TOKEN_URL)',
  );
  if (response.status === 200) return response.body;
  const error = stringField(response.body, 'error') ?? `HTTP ${response.status}`;
  const description = stringField(response.body, 'error_description');
  const reason = redact(`${response.status} ${error}${description ? `: ${description}` : ''}`, [client.clientSecret, grantSecret]);
  const refresh = grant.grant_type === 'refresh_token';
  if (error === 'invalid_client') {
    throw new ScriptError(
      `Login with Amazon refused LWA_CLIENT_ID / LWA_CLIENT_SECRET (${reason}): copy both from your Security Profile (developer.amazon.com → Login with Amazon)` +
        (refresh ? `; ${origin.name} must come from the same profile, so ${origin.renew}` : ''),
    );
  }
  if (refresh) throw new ScriptError(`Login with Amazon refused ${origin.name} (${reason}): it has expired, was revoked or belongs to another Security Profile; ${origin.renew}`);
  if (/redirect/i.test(description ?? '')) {
    throw new ScriptError(`Login with Amazon refused the consent code (${reason}): the return URL must be the one the consent link used, and allowed in the security profile's Web Settings (Allowed Return URLs)`);
  }
  throw new ScriptError(
    `Login with Amazon refused the consent code (${reason}): a code works once and only for 5 minutes after Allow; open the consent link again and use the new address at once (npm run skill:login, or the Skills workflow's consent input)`,
  );
}
