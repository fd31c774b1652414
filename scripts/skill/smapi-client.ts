/**
 * A small client for the Alexa Skill Management API (SMAPI): the ten calls skill:deploy makes,
 * over HTTPS with the global fetch. Every request carries `Authorization: Bearer <LWA access token>`.
 * 429 and 5xx answers are retried, except a 5xx to `POST /v1/skills`: the skill may exist all the
 * same, so the caller looks it up by name instead (see skill-sync.ts). Any other non-2xx answer
 * throws {@link SmapiError}. Redirects are not followed by fetch: a `303 See Other` (which SMAPI may
 * answer to a manifest read) is followed once, by hand, and only to SMAPI's own host, so the access
 * token never goes anywhere else.
 *
 * @see https://developer.amazon.com/docs/alexa/smapi/smapi-overview.html
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ScriptError } from '../shared/errors.js';
import { fetchJson, stringField, type JsonResponse } from './http-json.js';
import { SmapiError } from './smapi-errors.js';
import type { AccountLinkingRequest, InteractionModelEnvelope, JsonObject, ManifestEnvelope, SkillStatus, SkillSummary, Vendor } from './smapi-types.js';

export const DEFAULT_SMAPI_ENDPOINT = 'https://api.amazonalexa.com';

/** Skills are written to, tested in and enabled from the development stage only. */
const STAGE = 'development';

export interface SmapiOptions {
  /** SMAPI_ENDPOINT, default {@link DEFAULT_SMAPI_ENDPOINT}. */
  endpoint: string;
  accessToken: string;
  /** Retries of a 429 or 5xx answer, and the first pause (doubled each time). */
  retries?: number;
  retryDelayMs?: number;
  /** Give up on one request after this long (default 60 s). */
  timeoutMs?: number;
}

interface CallOptions {
  /** A 404 is an answer (the resource is not there), not an error. */
  allow404?: boolean;
  /** Retry a 5xx; false where repeating the request could do the work twice. */
  retryServerErrors?: boolean;
}

export class SmapiClient {
  readonly #options: Required<SmapiOptions>;

  constructor(options: SmapiOptions) {
    this.#options = { retries: 3, retryDelayMs: 1000, timeoutMs: 60_000, ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
  }

  /** `GET /v1/vendors`: the developer accounts the token may act for. */
  async listVendors(): Promise<Vendor[]> {
    const body = (await this.#call('GET', '/v1/vendors', 'list your vendor IDs')).body as { vendors?: Vendor[] } | undefined;
    return body?.vendors ?? [];
  }

  /** `GET /v1/skills?vendorId=…`, every page. */
  async listSkills(vendorId: string): Promise<SkillSummary[]> {
    const skills: SkillSummary[] = [];
    let nextToken: string | undefined;
    do {
      const query = new URLSearchParams({ vendorId, maxResults: '50', ...(nextToken ? { nextToken } : {}) });
      const body = (await this.#call('GET', `/v1/skills?${query.toString()}`, 'list your skills')).body as { skills?: SkillSummary[]; nextToken?: string; isTruncated?: boolean } | undefined;
      skills.push(...(body?.skills ?? []));
      nextToken = body?.isTruncated ? body.nextToken : undefined;
    } while (nextToken);
    return skills;
  }

  /**
   * `POST /v1/skills`: starts creating a skill and returns its ID (the build goes on; see {@link getStatus}).
   * Never repeated on a 5xx or a timeout: the skill may have been created all the same.
   */
  async createSkill(vendorId: string, envelope: ManifestEnvelope, what: string): Promise<string> {
    const response = await this.#call('POST', '/v1/skills', `create ${what}`, { vendorId, ...envelope }, { retryServerErrors: false });
    const skillId = stringField(response.body, 'skillId');
    if (!skillId) throw new SmapiError(response.status, { message: 'the answer has no skillId' }, `create ${what}`);
    return skillId;
  }

  /** `GET …/stages/development/manifest` */
  async getManifest(skillId: string, what: string): Promise<ManifestEnvelope> {
    return (await this.#call('GET', `${this.#skill(skillId)}/manifest`, `read ${what}'s manifest`)).body as ManifestEnvelope;
  }

  /** `PUT …/stages/development/manifest` (asynchronous: 202, then the status resource). */
  async putManifest(skillId: string, envelope: ManifestEnvelope, what: string): Promise<void> {
    await this.#call('PUT', `${this.#skill(skillId)}/manifest`, `update ${what}'s manifest`, envelope);
  }

  /** `GET …/interactionModel/locales/{locale}`, or undefined when the locale has none yet (404). */
  async getInteractionModel(skillId: string, locale: string, what: string): Promise<InteractionModelEnvelope | undefined> {
    const response = await this.#call('GET', `${this.#skill(skillId)}/interactionModel/locales/${locale}`, `read ${what}'s ${locale} interaction model`, undefined, { allow404: true });
    return response.status === 404 ? undefined : (response.body as InteractionModelEnvelope);
  }

  /** `PUT …/interactionModel/locales/{locale}`: saves and builds the model (asynchronous). */
  async putInteractionModel(skillId: string, locale: string, envelope: InteractionModelEnvelope, what: string): Promise<void> {
    await this.#call('PUT', `${this.#skill(skillId)}/interactionModel/locales/${locale}`, `update ${what}'s ${locale} interaction model`, envelope);
  }

  /** `GET …/accountLinkingClient` (`accountLinkingResponse`, never the secret), or undefined when not set (404). */
  async getAccountLinking(skillId: string, what: string): Promise<JsonObject | undefined> {
    const response = await this.#call('GET', `${this.#skill(skillId)}/accountLinkingClient`, `read ${what}'s account linking`, undefined, { allow404: true });
    return response.status === 404 ? undefined : (response.body as { accountLinkingResponse?: JsonObject } | undefined)?.accountLinkingResponse;
  }

  /** `PUT …/accountLinkingClient` */
  async putAccountLinking(skillId: string, request: AccountLinkingRequest, what: string): Promise<void> {
    await this.#call('PUT', `${this.#skill(skillId)}/accountLinkingClient`, `update ${what}'s account linking`, { accountLinkingRequest: request });
  }

  /** `GET /v1/skills/{skillId}/status`: the last manifest and interaction-model builds. */
  async getStatus(skillId: string, what: string): Promise<SkillStatus> {
    return ((await this.#call('GET', `/v1/skills/${skillId}/status`, `read ${what}'s build status`)).body ?? {});
  }

  /** `GET …/enablement`: 204 when the skill is enabled for testing on the developer's account, 404 when not. */
  async isEnabled(skillId: string, what: string): Promise<boolean> {
    return (await this.#call('GET', `${this.#skill(skillId)}/enablement`, `read whether ${what} is enabled for testing`, undefined, { allow404: true })).status !== 404;
  }

  /**
   * `PUT …/enablement`: enables the skill for testing on the developer's account. Amazon: "currently
   * only usable for custom skills", and only once the skill has an endpoint (else 403 "Skill is not
   * ready for enablement.").
   *
   * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-enablement.html
   */
  async enable(skillId: string, what: string): Promise<void> {
    await this.#call('PUT', `${this.#skill(skillId)}/enablement`, `enable ${what} for testing`);
  }

  #skill(skillId: string): string {
    return `/v1/skills/${encodeURIComponent(skillId)}/stages/${STAGE}`;
  }

  async #call(method: string, path: string, what: string, body?: unknown, options: CallOptions = {}): Promise<JsonResponse> {
    const { retries, retryDelayMs } = this.#options;
    const retryServerErrors = options.retryServerErrors ?? true;
    for (let attempt = 0; ; attempt += 1) {
      const response = await this.#followSeeOther(method, await this.#send(method, `${this.#options.endpoint}${path}`, body), what);
      if (response.status < 300 || (options.allow404 && response.status === 404)) return response;
      if ((response.status === 429 || (retryServerErrors && response.status >= 500)) && attempt < retries) {
        await sleep(retryDelayMs * 2 ** attempt);
        continue;
      }
      throw new SmapiError(response.status, response.body, what);
    }
  }

  async #send(method: string, url: string, body?: unknown): Promise<JsonResponse> {
    const { accessToken, timeoutMs } = this.#options;
    return fetchJson(
      url,
      {
        method,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      'SMAPI (SMAPI_ENDPOINT)',
    );
  }

  /**
   * A `303 See Other` to a GET: read the resource at `Location` once, on SMAPI's host only, with the
   * same token. Any other redirect is left to the caller as a non-2xx answer.
   */
  async #followSeeOther(method: string, response: JsonResponse, what: string): Promise<JsonResponse> {
    if (response.status !== 303 || method !== 'GET') return response;
    const location = response.headers.get('location');
    if (!location) throw new SmapiError(303, { message: 'the redirect has no Location' }, what);
    const base = new URL(this.#options.endpoint);
    const target = new URL(location, `${base.origin}/`);
    if (target.origin !== base.origin) {
      throw new ScriptError(`SMAPI answered 303 to ${what} with a Location on another host (${target.origin}); not following it, so the access token stays with ${base.origin} (SMAPI_ENDPOINT)`);
    }
    const next = await this.#send('GET', target.href);
    if (next.status >= 300 && next.status < 400) throw new SmapiError(next.status, { message: `redirected again after a 303 (to ${next.headers.get('location') ?? 'nowhere'}); not following a second time` }, what);
    return next;
  }
}
