import { randomUUID } from 'node:crypto';
import { abandonConfigRead, cachedConfig, loadConfig, secretValues, type Config } from '../config/index.js';
import { HomeAssistantClient } from '../homeassistant/index.js';
import { cfAccessOf } from '../homeassistant/cloudflare.js';
import { Logger } from '../logging/logger.js';
import { SecretRegistry } from '../logging/redact.js';
import { addMetrics } from '../metrics/emf.js';
import { describeShape } from './classify.js';
import type { InvocationRecord, RequestContext } from './context.js';
import { budgetMs, createDeadline, type DisposableDeadline } from './deadline.js';
import { invokedThroughDiagnosticsAlias } from './diagnostics-alias.js';
import { REQUEST_KINDS } from './kinds/index.js';
import type { RequestKindEntry, RequestKinds } from './kinds/kind.js';
import { READ_ONLY_MESSAGE } from './read-only.js';
import { scrubAnswer } from './scrub-answer.js';

/** The parts of the Lambda context the gateway uses. */
export interface LambdaContextLike {
  readonly awsRequestId?: string;
  /** The ARN the caller invoked, with its alias or version (set by Lambda, not by the event). */
  readonly invokedFunctionArn?: string;
  getRemainingTimeInMillis?: () => number;
}

/** Extra time after the deadline before the gateway answers on its own (stays under Alexa's 8 s). */
const GRACE_MS = 200;

let coldStart = true;
const warned = new Set<string>();

/** The answer to an event no request kind recognises. */
export interface UnrecognizedEventResponse {
  readonly error: { readonly type: 'UNRECOGNIZED_EVENT'; readonly message: string };
}

/** The gateway for one set of request kinds: answers one invocation, never throws. */
export type Route = (event: unknown, lambda?: LambdaContextLike) => Promise<unknown>;

/**
 * The gateway for `kinds`: finds the event's kind, loads the configuration, runs the kind against
 * the invocation's deadline and writes one structured log line (which is also the EMF metrics line).
 * It never throws: each kind has its own error answers (see `kinds/kind.ts`), and the gateway answers
 * by itself if a handler outlives the deadline. The answer leaves through the same secret registry as
 * the log lines.
 */
export function createRoute(kinds: RequestKinds): Route {
  return async (event, lambda = {}) => {
    const secrets = new SecretRegistry();
    secrets.collectFrom(event);
    const kind = kinds.kindOf(event);
    const answered = await answer(event, lambda, secrets, kind, kinds);
    if (kind === undefined) return scrubAnswer(answered, secrets);
    try {
      return kind.shape(answered, secrets, event);
    } catch (error) {
      // A kind whose envelope cannot hold this answer (an HTTP body that does not serialize, say)
      // still answers in its own shape, with its own internal error.
      new Logger({ base: { requestId: lambda.awsRequestId, kind: kind.name }, secrets }).error('The answer could not be shaped', {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return kind.shape(kind.fails.internal(event), secrets, event);
    }
  };
}

const routeKnownKinds = createRoute(REQUEST_KINDS);

/** The gateway for the Lambda's request kinds (`kinds/index.ts`). */
export async function route(event: unknown, lambda: LambdaContextLike = {}): Promise<unknown> {
  return routeKnownKinds(event, lambda);
}

async function answer(event: unknown, lambda: LambdaContextLike, secrets: SecretRegistry, entry: RequestKindEntry | undefined, kinds: RequestKinds): Promise<unknown> {
  const started = performance.now();
  const isColdStart = coldStart;
  coldStart = false;
  const kind = entry?.name ?? 'unknown';
  const requestId = lambda.awsRequestId ?? randomUUID();
  const invocation: InvocationRecord = { outcome: 'ok', haCalls: [], detail: {} };
  let logger = new Logger({ base: { requestId, kind }, secrets });
  let config: Config | undefined;
  let response: unknown;
  // The budget starts now, so loading the settings (a cold Parameter Store read) is part of it.
  // HA_TIMEOUT is not known yet: the deadline is narrowed to it once the settings are loaded.
  const deadline = createDeadline(
    budgetMs({ timeoutSeconds: undefined, alexaBudgetMs: entry?.budgetMs, lambdaRemainingMs: lambda.getRemainingTimeInMillis?.() }),
    undefined,
    started,
  );
  try {
    if (entry === undefined) {
      invocation.outcome = 'error';
      invocation.errorType = 'UNRECOGNIZED_EVENT';
      invocation.errorMessage = `unrecognised event: ${describeShape(event)}`;
      return unrecognized(event, kinds);
    }
    // Through the diagnostics alias, nothing that could change the house gets as far as the settings.
    const refusal = invokedThroughDiagnosticsAlias(lambda.invokedFunctionArn) ? entry.refuseThroughDiagnosticsAlias(event) : undefined;
    if (refusal !== undefined) {
      invocation.operation = refusal.operation;
      invocation.outcome = 'error';
      invocation.errorType = 'READ_ONLY_ALIAS';
      invocation.errorMessage = READ_ONLY_MESSAGE;
      return refusal.answer;
    }
    // A warm container's settings are at hand: no promise to race against the deadline.
    const loaded = cachedConfig(Date.now()) ?? await Promise.race([
      loadConfig().catch((error: unknown) => ({
        config: undefined,
        errors: [`Configuration could not be loaded: ${error instanceof Error ? error.message : String(error)}`],
        warnings: [],
        refreshed: false,
      })),
      deadline.expired.then(() => undefined),
    ]);
    if (loaded === undefined) {
      // A slow Parameter Store: this invocation answers now, and its read is abandoned (aborted), so
      // the next invocation starts a fresh one. Joining it instead would tie every later invocation to
      // an answer that trickles, which no timeout of the SSM client ends.
      abandonConfigRead();
      const message = `The Alexa bridge could not load its settings within ${deadline.budgetMs} ms: Parameter Store is slow or unreachable`;
      invocation.outcome = 'error';
      invocation.errorType = 'CONFIG_TIMEOUT';
      invocation.errorMessage = message;
      logger.error(message);
      response = entry.fails.settingsTimeout(event, message);
      return response;
    }
    config = loaded.config;
    if (config !== undefined) {
      for (const value of secretValues(config)) secrets.add(value);
      logger = new Logger({ base: { requestId, kind }, secrets, debug: config.debugMode });
    }
    for (const warning of loaded.warnings) {
      if (!warned.has(warning)) {
        warned.add(warning);
        logger.warn(warning);
      }
    }
    if (config === undefined) {
      invocation.outcome = 'error';
      invocation.errorType = 'CONFIG_INVALID';
      invocation.errorMessage = loaded.errors.join('; ');
      logger.error('Configuration is invalid; fix these settings', { problems: loaded.errors });
      response = entry.fails.config(event, loaded.errors);
      return response;
    }
    deadline.narrow(budgetMs({ timeoutSeconds: config.timeoutSeconds, alexaBudgetMs: undefined, lambdaRemainingMs: undefined }));
    response = await dispatch(entry, event, { requestId, config, logger, deadline, invocation });
    return response;
  } catch (error) {
    // Handlers own their error boundaries; this is the last net, so the handler never throws to Lambda.
    invocation.outcome = 'error';
    invocation.errorType = 'INTERNAL_ERROR';
    invocation.errorMessage = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error('Unexpected error in the gateway', { error: invocation.errorMessage });
    return entry === undefined ? unrecognized(event, kinds) : entry.fails.internal(event);
  } finally {
    // Calls still running are aborted: none may outlive the invocation in a warm container.
    deadline.dispose();
    writeSummary(logger, kind, invocation, started, isColdStart, config);
  }
}

/** What the gateway has ready for a kind's handler once the settings are loaded. */
interface Prepared {
  readonly requestId: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly deadline: DisposableDeadline;
  readonly invocation: InvocationRecord;
}

async function dispatch(entry: RequestKindEntry, event: unknown, prepared: Prepared): Promise<unknown> {
  const { config, logger, deadline, invocation } = prepared;
  if (entry.fails.disabled !== undefined && !config.homeAssistantEnabled) {
    invocation.outcome = 'error';
    invocation.errorType = 'DISABLED';
    return entry.fails.disabled(event);
  }
  const budget = deadline.budgetMs;
  const ctx: RequestContext = {
    ...prepared,
    haClient: (token) => {
      logger.secrets.add(token);
      if (config.homeAssistantUrl === undefined) throw new Error('HOME_ASSISTANT_URL is not set');
      return new HomeAssistantClient({
        baseUrl: config.homeAssistantUrl,
        token,
        secrets: logger.secrets,
        deadline,
        verifySsl: config.verifySsl,
        caBundle: config.caBundle,
        cfAccess: cfAccessOf(config),
        cacheTtlSeconds: config.cacheTtlSeconds,
        circuitFailureThreshold: config.circuitFailureThreshold,
        circuitCooldownSeconds: config.circuitCooldownSeconds,
        onCall: (call) => invocation.haCalls.push(call),
      });
    },
  };
  const work = entry.run(event, ctx);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ late: true }>((resolve) => {
    timer = setTimeout(() => resolve({ late: true }), deadline.remainingMs() + GRACE_MS);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ late: false as const, value })), late]);
    if (!first.late) return first.value;
    invocation.outcome = 'error';
    invocation.errorType = 'DEADLINE';
    invocation.errorMessage = `no answer within ${budget} ms`;
    logger.error('Handler outlived the deadline; answering without it', { budgetMs: budget });
    work.catch(() => undefined);
    return entry.fails.late(event, budget);
  } finally {
    clearTimeout(timer);
  }
}

function unrecognized(event: unknown, kinds: RequestKinds): UnrecognizedEventResponse {
  return {
    error: {
      type: 'UNRECOGNIZED_EVENT',
      message: `This function answers ${kinds.describes}; got ${describeShape(event)}`,
    },
  };
}

function writeSummary(logger: Logger, kind: string, invocation: InvocationRecord, started: number, isColdStart: boolean, config: Config | undefined): void {
  const durationMs = Math.round((performance.now() - started) * 100) / 100;
  const haLatencyMs = invocation.haCalls.reduce((sum, call) => sum + call.ms, 0);
  const line: Record<string, unknown> = {
    level: invocation.outcome === 'ok' ? 'info' : 'warn',
    time: new Date().toISOString(),
    message: 'invocation',
    operation: invocation.operation,
    endpoint: invocation.endpoint,
    outcome: invocation.outcome,
    errorType: invocation.errorType,
    errorMessage: invocation.errorMessage,
    haCalls: invocation.haCalls,
    durationMs,
    coldStart: isColdStart,
  };
  if (config?.debugMode === true) line.detail = invocation.detail;
  addMetrics(line, {
    requestKind: kind,
    errorType: invocation.outcome === 'error' ? (invocation.errorType ?? 'UNKNOWN') : undefined,
    haLatencyMs,
    durationMs,
    coldStart: isColdStart,
    timestamp: Date.now(),
  });
  logger.record(line);
}

/** Marks the next invocation as a cold start (tests). */
export function resetColdStart(): void {
  coldStart = true;
  warned.clear();
}
