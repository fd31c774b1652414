/**
 * The events tests' world: the fake Home Assistant, the fake LWA, the fake event gateway and the fake
 * Parameter Store behind one msw server, a function's environment (events on, region eu-west-1 unless
 * told), a request context like the gateway builds, and every log line captured.
 */
import type { Test } from 'tap';
import { setupServer } from 'msw/node';
import { loadConfig, resetConfigCache, type Config } from '../../../src/config/index.js';
import type { RequestContext } from '../../../src/gateway/context.js';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { HomeAssistantClient, resetBreakers, clearHaCache } from '../../../src/homeassistant/index.js';
import { Logger, setLogSink } from '../../../src/logging/logger.js';
import { SecretRegistry } from '../../../src/logging/redact.js';
import { secretValues } from '../../../src/config/index.js';
import { resetGrantStoreClient } from '../../../src/alexa/events/grant-store.js';
import { resetTokens } from '../../../src/alexa/events/tokens.js';
import { resetSentState } from '../../../src/alexa/events/report-change.js';
import { resetIngestLimiter } from '../../../src/alexa/events/ingest.js';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { FakeEventGateway, gatewayHandlers } from '../../fixtures/fake-event-gateway.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { HA_URL, haHandlers } from '../../fixtures/ha-msw.js';
import { FakeLwa, lwaHandlers } from '../../fixtures/fake-lwa-events.js';
import type { HaState } from '../../../src/homeassistant/types.js';
import { setLambdaEnv } from '../../fixtures/lambda-env.js';

export const HA_TOKEN = 'ha-stored-token-0123456789';
export const CLIENT_ID = 'amzn1.application-oa2-client.events';
export const CLIENT_SECRET = 'events-client-secret-0123456789abcdef';
export const INGEST_SECRET = 'ingest-secret-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
export const PREFIX = '/ha-alexa-test';
export const GRANT = `${PREFIX}/alexa/events/grant`;

export interface World {
  readonly ha: FakeHomeAssistant;
  readonly lwa: FakeLwa;
  readonly gateway: FakeEventGateway;
  aws: FakeAws;
  readonly logs: string[];
  readonly server: ReturnType<typeof setupServer>;
  /** Every secret of the world, for the leak checks: tokens issued so far included. */
  secrets(): string[];
}

/** The refresh token in a stored grant (the rest of its JSON is not secret), or the value itself. */
function refreshTokenIn(value: string): string {
  try {
    const parsed = JSON.parse(value) as { refresh_token?: unknown };
    return typeof parsed.refresh_token === 'string' ? parsed.refresh_token : value;
  } catch {
    return value;
  }
}

/** Starts the fakes for one test file; each subtest gets a fresh world state via `reset`. */
export function useEventsWorld(t: Test, states: readonly HaState[]): World {
  useFakeAwsEnv();
  const ha = new FakeHomeAssistant({ states, tokens: [HA_TOKEN] });
  const lwa = new FakeLwa(CLIENT_ID, CLIENT_SECRET);
  const gateway = new FakeEventGateway(lwa);
  const logs: string[] = [];
  const world: World = {
    ha,
    lwa,
    gateway,
    aws: createFakeAws(),
    logs,
    server: setupServer(),
    secrets: () => [HA_TOKEN, CLIENT_SECRET, INGEST_SECRET, ...lwa.accessTokens, ...lwa.calls.flatMap((call) => [...new URLSearchParams(call.form).entries()].filter(([key]) => /token|code/.test(key)).map(([, value]) => value)), ...[...world.aws.ssm.store.values()].map((parameter) => refreshTokenIn(parameter.Value))],
  };
  world.server.listen({ onUnhandledRequest: 'error' });
  world.server.resetHandlers(...haHandlers(ha), ...lwaHandlers(lwa), ...gatewayHandlers(gateway), ...world.aws.handlers);
  const previous = setLogSink((line) => logs.push(line));
  t.teardown(() => {
    setLogSink(previous);
    world.server.close();
  });
  return world;
}

/** Fresh per-container state (a cold container), fresh fakes' records, a fresh Parameter Store. */
export function resetWorld(world: World, states?: readonly HaState[]): void {
  resetTokens();
  resetSentState();
  resetIngestLimiter();
  resetGrantStoreClient();
  resetBreakers();
  clearHaCache();
  world.aws = createFakeAws();
  world.server.resetHandlers(...haHandlers(world.ha), ...lwaHandlers(world.lwa), ...gatewayHandlers(world.gateway), ...world.aws.handlers);
  if (states !== undefined) {
    world.ha.states.clear();
    for (const entity of states) world.ha.states.set(entity.entity_id, entity);
  }
  world.ha.reset();
  world.lwa.calls.length = 0;
  world.lwa.injected.length = 0;
  world.lwa.rotate = false;
  world.lwa.delayMs = 0;
  world.gateway.received.length = 0;
  world.gateway.injected.length = 0;
  world.gateway.refuse = undefined;
  world.logs.length = 0;
}

/** The Lambda's settings for an events test. */
export function eventsEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    HOME_ASSISTANT_URL: HA_URL,
    HOME_ASSISTANT_TOKEN: HA_TOKEN,
    HA_FEATURE_PRESET: 'full',
    PARAMETER_PREFIX: PREFIX,
    ALEXA_EVENTS: 'on',
    ALEXA_EVENTS_CLIENT_ID: CLIENT_ID,
    ALEXA_EVENTS_CLIENT_SECRET: CLIENT_SECRET,
    HA_EVENTS_SECRET: INGEST_SECRET,
    ...extra,
  };
}

/** Loads the settings for `env` as a cold container would. */
export async function configFor(env: Record<string, string>): Promise<Config> {
  setLambdaEnv(env, ['ALEXA_LWA_TOKEN_URL', 'ALEXA_EVENT_GATEWAY_URL']);
  resetConfigCache();
  const loaded = await loadConfig();
  if (loaded.config === undefined) throw new Error(`test settings are invalid: ${loaded.errors.join('; ')}`);
  return loaded.config;
}

/** A request context as the gateway builds it (secrets registered, HA client bound to the deadline). */
export function requestContext(config: Config, budgetMs = 7_500): RequestContext & { dispose(): void } {
  const secrets = new SecretRegistry(secretValues(config));
  const logger = new Logger({ base: { requestId: 'test' }, secrets, debug: true });
  const deadline = createDeadline(budgetMs);
  const invocation = { outcome: 'ok' as const, haCalls: [], detail: {} };
  return {
    requestId: 'test',
    config,
    logger,
    deadline,
    invocation: invocation,
    haClient: (token) => {
      secrets.add(token);
      return new HomeAssistantClient({
        baseUrl: config.homeAssistantUrl ?? HA_URL,
        token,
        secrets,
        deadline,
        verifySsl: true,
        caBundle: undefined,
        cacheTtlSeconds: 0,
        circuitFailureThreshold: 50,
        circuitCooldownSeconds: 1,
      });
    },
    dispose: () => deadline.dispose(),
  };
}

/** Seeds a grant as if AcceptGrant had run earlier in `region`. Returns the refresh token. */
export function seedGrant(world: World, region = 'eu-west-1'): string {
  const refresh = world.lwa.issueRefreshToken(CLIENT_ID);
  world.aws.ssm.put(GRANT, JSON.stringify({ v: 1, refresh_token: refresh, region, granted_at: '2026-01-01T00:00:00.000Z' }), 'SecureString');
  return refresh;
}
