import { agentFor, tlsOptionsFor } from './agent.js';
import { cacheKey, getCachedConfig, getCachedStates, invalidateEntity, setCachedConfig, setCachedStates } from './cache.js';
import { scrubAndCut, SecretRegistry } from '../logging/redact.js';
import { breakerFor, type CircuitBreaker } from './circuit-breaker.js';
import {
  AbandonedCallError,
  HaAuthError,
  HaBadRequestError,
  HaCircuitOpenError,
  HaNotFoundError,
  HaProtocolError,
  HaServerError,
  HaUnreachableError,
  type UnreachableReason,
} from './errors.js';
import { BodyTooLargeError, send, targetFor, type HttpResponse } from './http.js';
import { cloudflareAccessLogin, CLOUDFLARE_ACCESS_FIX, isCloudflareChallenge } from './cloudflare.js';
import type { ConversationRequest, ConversationResult, Deadline, HaCallRecord, HaConfig, HaState, ServiceData } from './types.js';
import type { ReadRegistryOptions, RegistryRead } from './websocket/registry.js';

export interface HomeAssistantClientOptions {
  /** Base URL without a trailing slash, e.g. `https://ha.example.com`. */
  readonly baseUrl: string;
  /** Bearer token; opaque, never logged. */
  readonly token: string;
  readonly deadline: Deadline;
  readonly verifySsl: boolean;
  readonly caBundle: string | undefined;
  /**
   * A Cloudflare Access service token for an Access application in front of Home Assistant: sent as
   * `CF-Access-Client-Id` / `CF-Access-Client-Secret` with every call (the client calls nothing but
   * `baseUrl`, and follows no redirect); the secret is masked like the token.
   * @see https://developers.cloudflare.com/cloudflare-one/identity/service-tokens/
   */
  readonly cfAccess?: { readonly clientId: string; readonly clientSecret: string } | undefined;
  /** Seconds `/api/config` and `/api/states` stay cached; 0 disables caching. */
  readonly cacheTtlSeconds: number;
  readonly circuitFailureThreshold: number;
  readonly circuitCooldownSeconds: number;
  /** The invocation's secrets, masked (with the token) in bodies quoted by error messages before they are cut. */
  readonly secrets?: SecretRegistry;
  /** Called once per HTTP call, for the invocation's log line. */
  readonly onCall?: (call: HaCallRecord) => void;
  readonly now?: () => number;
}

/** What `/api/alexa/smart_home` answered. */
export interface ForwardResult {
  readonly status: number;
  readonly body: unknown;
}

const RETRY_MIN_BUDGET_MS = 250;

/**
 * Largest answer body read from Home Assistant, counted after decompression: 16 MiB. A 5,000-entity
 * `/api/states` from the benchmark's generator is 1.7 MB, so this leaves ten times that for entities
 * with heavy attributes; parsing 16 MiB of JSON peaks near 130 MB, which a 512 MB function holds. Without
 * a cap a 0.7 MB gzip bomb grew the process to 1.48 GB and a 50 MB JSON answer to 405 MB.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Home Assistant REST client: `node:http` (./http.ts) over a keep-alive agent, every call bounded by the
 * invocation's deadline, typed errors, a per-container circuit breaker and an optional cache.
 *
 * Only idempotent GETs are retried, once, and only after a connection reset (a keep-alive socket the
 * server closed). A 401 or 403 is never retried: Home Assistant bans IPs after repeated failed logins.
 */
export class HomeAssistantClient {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #secrets: SecretRegistry;
  readonly #options: HomeAssistantClientOptions;
  readonly #breaker: CircuitBreaker;
  // Computed on first use (issue 10): a proxy-mode request never reads the cache, so its cold start
  // does not hash the token, which would load node:crypto.
  #cacheKeyValue: string | undefined;
  get #cacheKey(): string {
    return (this.#cacheKeyValue ??= cacheKey(this.baseUrl, this.#token));
  }
  readonly #now: () => number;

  constructor(options: HomeAssistantClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    // The invocation's own registry, so the token is masked in its log lines and answers too; a
    // client made without one (the doctor's, the tests') gets its own.
    this.#secrets = options.secrets ?? new SecretRegistry();
    this.#secrets.add(options.token);
    this.#secrets.add(options.cfAccess?.clientSecret);
    this.#options = options;
    this.#breaker = breakerFor(this.baseUrl, options.circuitFailureThreshold, options.circuitCooldownSeconds * 1000);
    this.#now = options.now ?? Date.now;
  }

  /** `GET /api/states`: every entity (cached for `HA_CACHE_TTL`). */
  async getStates(): Promise<readonly HaState[]> {
    const cached = getCachedStates(this.#cacheKey, this.#now());
    if (cached !== undefined) {
      this.#options.onCall?.({ method: 'GET', path: '/api/states', status: 200, ms: 0, cached: true });
      return cached;
    }
    const states = await this.#json<HaState[]>('GET', '/api/states');
    if (!Array.isArray(states)) throw this.#protocol('/api/states', 200, 'expected a JSON array of states');
    setCachedStates(this.#cacheKey, states, this.#options.cacheTtlSeconds * 1000, this.#now());
    return states;
  }

  /** `GET /api/states/<entity_id>`: always fresh, so ReportState is never stale. */
  async getState(entityId: string): Promise<HaState> {
    const path = `/api/states/${encodeURIComponent(entityId)}`;
    const state = await this.#json<HaState>('GET', path);
    if (typeof state !== 'object' || state === null || typeof state.state !== 'string') {
      throw this.#protocol(path, 200, 'expected a state object');
    }
    return state;
  }

  /** `GET /api/config` (cached for `HA_CACHE_TTL`): unit system, version, components. */
  async getConfig(): Promise<HaConfig> {
    const cached = getCachedConfig(this.#cacheKey, this.#now());
    if (cached !== undefined) {
      this.#options.onCall?.({ method: 'GET', path: '/api/config', status: 200, ms: 0, cached: true });
      return cached;
    }
    const config = await this.#json<HaConfig>('GET', '/api/config');
    if (typeof config !== 'object' || config === null) throw this.#protocol('/api/config', 200, 'expected a JSON object');
    setCachedConfig(this.#cacheKey, config, this.#options.cacheTtlSeconds * 1000, this.#now());
    return config;
  }

  /** `POST /api/services/<domain>/<service>` with the service data. Invalidates the targeted entity's cached state. */
  async callService(domain: string, service: string, data: ServiceData): Promise<unknown> {
    const target = data.entity_id;
    if (typeof target === 'string') invalidateEntity(this.baseUrl, target);
    else if (Array.isArray(target)) for (const id of target) if (typeof id === 'string') invalidateEntity(this.baseUrl, id);
    return this.#json('POST', `/api/services/${encodeURIComponent(domain)}/${encodeURIComponent(service)}`, data);
  }

  /**
   * `POST /api/states/<entity_id>`: writes a state object with its attributes (Home Assistant allows
   * this to administrators only). Returns the state Home Assistant stored.
   */
  async setState(entityId: string, state: string, attributes: Readonly<Record<string, unknown>>): Promise<unknown> {
    return this.#json('POST', `/api/states/${encodeURIComponent(entityId)}`, { state, attributes });
  }

  /** `POST /api/conversation/process` (Assist). */
  async processConversation(request: ConversationRequest): Promise<ConversationResult> {
    const result = await this.#json<ConversationResult>('POST', '/api/conversation/process', request);
    if (typeof result !== 'object' || result === null) throw this.#protocol('/api/conversation/process', 200, 'expected a JSON object');
    return result;
  }

  /**
   * The entity registry and the Expose settings, over one WebSocket session (`/api/websocket`) that is
   * closed before this returns. The WebSocket code is loaded on first use, so `HA_EXPOSURE=filter`
   * never loads it. Rejects with a `HaWebSocketError` naming the cause (a non-admin token included).
   */
  async readRegistry(aliasesFor?: ReadRegistryOptions['aliasesFor']): Promise<RegistryRead> {
    const started = performance.now();
    const path = '/api/websocket';
    try {
      const { readRegistry } = await import('./websocket/registry.js');
      const { deadline } = this.#options;
      const read = await readRegistry({
        target: targetFor(this.baseUrl, path),
        tls: tlsOptionsFor(this.#options),
        token: this.#token,
        abort: deadline,
        ...(this.#options.cfAccess === undefined ? {} : { headers: { 'CF-Access-Client-Id': this.#options.cfAccess.clientId, 'CF-Access-Client-Secret': this.#options.cfAccess.clientSecret } }),
        ...(aliasesFor === undefined ? {} : { aliasesFor }),
      });
      this.#options.onCall?.({ method: 'WS', path, status: 101, ms: round(performance.now() - started) });
      return read;
    } catch (error) {
      const reason = typeof (error as { reason?: unknown }).reason === 'string' ? (error as { reason: string }).reason : 'error';
      this.#options.onCall?.({ method: 'WS', path, status: null, ms: round(performance.now() - started), error: reason });
      throw error;
    }
  }

  /** Identifies this Home Assistant and token for per-container caches (a token fingerprint, never the token). */
  cacheIdentity(): string {
    return this.#cacheKey;
  }

  /** `GET /api/`: a cheap liveness and token check. */
  async ping(): Promise<number> {
    const response = await this.#send('GET', '/api/');
    await this.#check(response, '/api/');
    return response.status;
  }

  /**
   * `POST /api/alexa/smart_home` with the untouched directive (proxy mode). A 2xx answer is returned
   * as parsed JSON, or `undefined` for an empty body; failures throw the typed errors.
   */
  async forwardSmartHome(event: unknown): Promise<ForwardResult> {
    const path = '/api/alexa/smart_home';
    const response = await this.#send('POST', path, event);
    const text = await this.#check(response, path);
    if (text.trim() === '') return { status: response.status, body: undefined };
    return { status: response.status, body: this.#parse(text, path, response) };
  }

  async #json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await this.#send(method, path, body);
    const text = await this.#check(response, path);
    return this.#parse(text, path, response) as T;
  }

  #parse(text: string, path: string, response: HttpResponse): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.#nonJson(text, path, response);
    }
  }

  async #send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResponse> {
    const { deadline } = this.#options;
    if (deadline.abortReason !== undefined) {
      // Past the deadline nothing is sent (a request handed an aborted signal would only fail later),
      // so the breaker hears nothing either.
      const failure = this.#unreachable(deadline.abortReason, path);
      this.#options.onCall?.({ method, path, status: null, ms: 0, error: failure.reason });
      throw failure;
    }
    const wait = this.#breaker.acquire();
    if (wait > 0) {
      this.#options.onCall?.({ method, path, status: null, ms: 0, error: 'circuit_open' });
      throw new HaCircuitOpenError(path, wait);
    }
    const target = targetFor(this.baseUrl, path);
    const exchange = {
      method,
      target,
      headers: {
        Authorization: `Bearer ${this.#token}`,
        Accept: 'application/json',
        ...(this.#options.cfAccess === undefined
          ? {}
          : { 'CF-Access-Client-Id': this.#options.cfAccess.clientId, 'CF-Access-Client-Secret': this.#options.cfAccess.clientSecret }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      agent: agentFor(target.protocol, this.#options),
      abort: deadline,
      // The body is counted after decompression and no longer read past the limit.
      maxBytes: MAX_BODY_BYTES,
    };
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      try {
        const response = await send(exchange);
        const ms = performance.now() - started;
        this.#options.onCall?.({ method, path, status: response.status, ms: round(ms) });
        if (response.status >= 500) this.#breaker.failure();
        else if (response.status < 400) this.#breaker.success();
        else this.#breaker.neutral();
        return response;
      } catch (error) {
        const ms = performance.now() - started;
        const failure = this.#unreachable(error, path);
        this.#options.onCall?.({ method, path, status: null, ms: round(ms), error: failure.reason });
        const canRetry = method === 'GET' && attempt === 1 && failure.reason === 'reset' && this.#options.deadline.remainingMs() > RETRY_MIN_BUDGET_MS;
        if (!canRetry) {
          this.#failed();
          throw failure;
        }
      }
    }
  }

  /** A call that failed without an answer counts against Home Assistant, unless the bridge itself abandoned it. */
  #failed(): void {
    if (this.#options.deadline.abortReason instanceof AbandonedCallError) this.#breaker.release();
    else this.#breaker.failure();
  }

  /** Reads the body and throws the typed error for a non-2xx status. Returns the body text. */
  async #check(response: HttpResponse, path: string): Promise<string> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      // Home Assistant (or whatever answered for it) did answer: a too-large body is not an outage.
      if (error instanceof BodyTooLargeError) throw this.#tooLarge(path, response.status);
      this.#failed();
      throw this.#unreachable(error, path);
    }
    const { status } = response;
    if (status >= 200 && status < 300) return text;
    if (cloudflareAccessLogin(status, (name) => response.header(name)) !== undefined) {
      throw new HaProtocolError(
        `${path}: Cloudflare Access answered (HTTP ${status}, a redirect to its *.cloudflareaccess.com login page) instead of Home Assistant: ${this.#options.cfAccess === undefined ? CLOUDFLARE_ACCESS_FIX : 'the service token in HA_CF_ACCESS_CLIENT_ID / HA_CF_ACCESS_CLIENT_SECRET was not accepted: check that it is not expired or revoked and that the application has a Service Auth policy that includes it'}`,
        path,
        status,
        false,
      );
    }
    // A 403 HTML page comes from a firewall or Cloudflare in front of HA, not from HA itself.
    if (status === 403 && looksLikeHtml(text, response)) throw this.#nonJson(text, path, response);
    if (status === 401 || status === 403) {
      throw new HaAuthError(
        status === 401
          ? `${path}: Home Assistant returned 401 Unauthorized: the token was rejected. Create a new long-lived access token (or relink the Alexa skill); requests are not retried, because Home Assistant bans IPs after repeated failed logins`
          : `${path}: Home Assistant returned 403 Forbidden: this IP is probably banned after failed logins (ip_ban_enabled). Remove it from ip_bans.yaml and fix the token`,
        path,
        status,
      );
    }
    if (looksLikeHtml(text, response)) throw this.#nonJson(text, path, response);
    if (status === 404) {
      throw new HaNotFoundError(
        path === '/api/alexa/smart_home'
          ? `${path}: Home Assistant returned 404: add \`alexa: smart_home:\` to configuration.yaml and restart Home Assistant (or use HA_ALEXA_MODE=native)`
          : `${path}: Home Assistant returned 404 Not Found`,
        path,
      );
    }
    if (status === 405) {
      throw new HaBadRequestError(`${path}: returned 405 Method Not Allowed: a reverse proxy or tunnel in front of Home Assistant rejects POST`, path, status);
    }
    if (status >= 400 && status < 500) {
      throw new HaBadRequestError(`${path}: Home Assistant returned ${status}: ${summarize(text, this.#secrets)}`, path, status);
    }
    throw new HaServerError(`${path}: Home Assistant returned ${status}: ${summarize(text, this.#secrets) || 'server error'}; check Home Assistant's log`, path, status);
  }

  #nonJson(text: string, path: string, response: HttpResponse): HaProtocolError {
    const challenge = isCloudflareChallenge((name) => response.header(name), text);
    const html = looksLikeHtml(text, response);
    return new HaProtocolError(
      challenge
        ? `${path}: got a Cloudflare challenge page (HTTP ${response.status}) instead of Home Assistant: allow the Lambda through (turn off Bot Fight Mode or add a WAF skip rule for /api/)`
        : html
          ? `${path}: got an HTML page (HTTP ${response.status}) instead of Home Assistant's JSON: a firewall, login portal or reverse proxy answered; check that HOME_ASSISTANT_URL points at Home Assistant itself`
          : `${path}: Home Assistant's answer (HTTP ${response.status}) is not valid JSON: ${summarize(text, this.#secrets)}`,
      path,
      response.status,
      challenge,
    );
  }

  #tooLarge(path: string, status: number): HaProtocolError {
    return new HaProtocolError(
      `${path}: Home Assistant's answer is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MiB limit (after decompression), so it was not read: check what answers at HOME_ASSISTANT_URL (a proxy or tunnel in front of Home Assistant may be sending something else)`,
      path,
      status,
      false,
    );
  }

  #protocol(path: string, status: number, what: string): HaProtocolError {
    return new HaProtocolError(`${path}: unexpected answer from Home Assistant: ${what}`, path, status, false);
  }

  #unreachable(error: unknown, path: string): HaUnreachableError {
    if (error instanceof HaUnreachableError) return error;
    const { reason, detail } = classifyNetworkError(error, this.#options.deadline);
    const host = new URL(this.baseUrl).host;
    const hints: Record<UnreachableReason, string> = {
      timeout: `no answer within ${this.#options.deadline.budgetMs} ms (Alexa gives up after 8 s): is Home Assistant up and reachable from AWS?`,
      dns: `the host name ${host} does not resolve: check HOME_ASSISTANT_URL`,
      refused: `${host} refused the connection: check the port in HOME_ASSISTANT_URL and that Home Assistant is reachable from the internet`,
      tls: `TLS failed (${detail}): use a publicly trusted certificate, or put your CA in HA_CA_BUNDLE`,
      reset: `the connection to ${host} was reset`,
      network: `network error talking to ${host} (${detail})`,
    };
    return new HaUnreachableError(`${path}: ${hints[reason]}`, path, reason, { cause: error });
  }
}

function classifyNetworkError(error: unknown, deadline: Deadline): { reason: UnreachableReason; detail: string } {
  if (deadline.abortReason !== undefined || (error instanceof Error && error.name === 'AbortError')) return { reason: 'timeout', detail: 'deadline' };
  const code = error instanceof Error ? String((error as NodeJS.ErrnoException).code ?? '') : '';
  const detail = code === '' ? (error instanceof Error ? error.message.slice(0, 120) : 'unknown') : code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: 'dns', detail };
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { reason: 'refused', detail };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return { reason: 'reset', detail };
  if (code === 'ETIMEDOUT') return { reason: 'timeout', detail };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code) || /certificate|ssl|tls/i.test(detail)) return { reason: 'tls', detail };
  return { reason: 'network', detail };
}

function looksLikeHtml(text: string, response: HttpResponse): boolean {
  const type = response.header('content-type') ?? '';
  return type.includes('text/html') || /^\s*<(!doctype|html)/i.test(text);
}

/** The start of a body for an error message: the secrets (and anything shaped like a credential) masked first, then cut. */
function summarize(text: string, secrets: SecretRegistry): string {
  return scrubAndCut(text, 160, secrets);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

