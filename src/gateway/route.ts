import { randomUUID } from 'node:crypto';
import { customSkillFailure } from '../alexa/custom-skill/index.js';
import { handleSmartHome, smartHomeFailure } from '../alexa/smart-home/index.js';
import { abandonConfigRead, ALEXA_BUDGET_MS, cachedConfig, loadConfig, type Config } from '../config/index.js';
import { HomeAssistantClient } from '../homeassistant/index.js';
import { cfAccessOf } from '../homeassistant/cloudflare.js';
import { loadCustomSkill } from '../lazy.js';
import { Logger } from '../logging/logger.js';
import { SecretRegistry } from '../logging/redact.js';
import { addMetrics } from '../metrics/emf.js';
import { classifyEvent, DIAGNOSTICS, describeShape, type DiagnosticsCheck } from './classify.js';
import type { InvocationRecord, RequestContext, RequestKind } from './context.js';
import { budgetMs, createDeadline, type DisposableDeadline } from './deadline.js';
import { healthReport, runDiagnostics } from './diagnostics.js';
import { invokedThroughDiagnosticsAlias } from './diagnostics-alias.js';
import { READ_ONLY_MESSAGE, readOnlyRefusal, refusedOperation } from './read-only.js';
import { echoesOf, scrubAnswer } from './scrub-answer.js';

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

/** The answer to an event that is neither Alexa nor diagnostics. */
export interface UnrecognizedEventResponse {
  readonly error: { readonly type: 'UNRECOGNIZED_EVENT'; readonly message: string };
}

/**
 * Classifies the event, loads the configuration, runs the matching handler against the invocation's
 * deadline and writes one structured log line (which is also the EMF metrics line). It never throws:
 * each request kind has its own error answer, and the gateway answers by itself if a handler
 * outlives the deadline. The answer leaves through the same secret registry as the log lines.
 */
export async function route(event: unknown, lambda: LambdaContextLike = {}): Promise<unknown> {
  const secrets = new SecretRegistry();
  secrets.collectFrom(event);
  return scrubAnswer(await answer(event, lambda, secrets), secrets, echoesOf(event));
}

async function answer(event: unknown, lambda: LambdaContextLike, secrets: SecretRegistry): Promise<unknown> {
  const started = performance.now();
  const isColdStart = coldStart;
  coldStart = false;
  const kind = classifyEvent(event);
  const requestId = lambda.awsRequestId ?? randomUUID();
  const invocation: InvocationRecord = { outcome: 'ok', haCalls: [], detail: {} };
  let logger = new Logger({ base: { requestId, kind }, secrets });
  let config: Config | undefined;
  let response: unknown;
  // The budget starts now, so loading the settings (a cold Parameter Store read) is part of it.
  // HA_TIMEOUT is not known yet: the deadline is narrowed to it once the settings are loaded.
  const deadline = createDeadline(
    budgetMs({ timeoutSeconds: undefined, alexaBudgetMs: kind === 'diagnostics' ? undefined : ALEXA_BUDGET_MS, lambdaRemainingMs: lambda.getRemainingTimeInMillis?.() }),
    undefined,
    started,
  );
  try {
    if (kind === 'unknown') {
      invocation.outcome = 'error';
      invocation.errorType = 'UNRECOGNIZED_EVENT';
      invocation.errorMessage = `unrecognised event: ${describeShape(event)}`;
      return unrecognized(event);
    }
    // Through the diagnostics alias, nothing that could change the house gets as far as the settings.
    const refusal = invokedThroughDiagnosticsAlias(lambda.invokedFunctionArn) ? readOnlyRefusal(kind, event) : undefined;
    if (refusal !== undefined) {
      invocation.operation = refusedOperation(kind, event);
      invocation.outcome = 'error';
      invocation.errorType = 'READ_ONLY_ALIAS';
      invocation.errorMessage = READ_ONLY_MESSAGE;
      return refusal;
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
      response = settingsTimeout(kind, event, message);
      return response;
    }
    config = loaded.config;
    if (config !== undefined) {
      secrets.add(config.homeAssistantToken);
      secrets.add(config.cfAccessClientSecret);
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
      response = configFailure(kind, event, loaded.errors);
      return response;
    }
    deadline.narrow(budgetMs({ timeoutSeconds: config.timeoutSeconds, alexaBudgetMs: undefined, lambdaRemainingMs: undefined }));
    response = await dispatch(kind, event, config, deadline, invocation, logger, requestId);
    return response;
  } catch (error) {
    // Handlers own their error boundaries; this is the last net, so the handler never throws to Lambda.
    invocation.outcome = 'error';
    invocation.errorType = 'INTERNAL_ERROR';
    invocation.errorMessage = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    logger.error('Unexpected error in the gateway', { error: invocation.errorMessage });
    return configFailure(kind, event, ['internal error, see the log']);
  } finally {
    // Calls still running are aborted: none may outlive the invocation in a warm container.
    deadline.dispose();
    writeSummary(logger, kind, invocation, started, isColdStart, config);
  }
}

async function dispatch(
  kind: Exclude<RequestKind, 'unknown'>,
  event: unknown,
  config: Config,
  deadline: DisposableDeadline,
  invocation: InvocationRecord,
  logger: Logger,
  requestId: string,
): Promise<unknown> {
  if (kind !== 'diagnostics' && !config.homeAssistantEnabled) {
    invocation.outcome = 'error';
    invocation.errorType = 'DISABLED';
    const message = 'The Home Assistant integration is switched off (HOME_ASSISTANT_ENABLED=false)';
    return kind === 'smart-home'
      ? smartHomeFailure(event, 'BRIDGE_UNREACHABLE', message)
      : customSkillFailure(event, 'Home Assistant is switched off in this skill\'s settings.');
  }
  const budget = deadline.budgetMs;
  const ctx: RequestContext = {
    requestId,
    config,
    logger,
    deadline,
    invocation,
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
  const work = run(kind, event, ctx);
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
    return kind === 'smart-home'
      ? smartHomeFailure(event, 'BRIDGE_UNREACHABLE', `Home Assistant did not answer within ${budget} ms`)
      : kind === 'custom-skill'
        ? customSkillFailure(event, 'Home Assistant is taking too long, please try again.')
        : { diagnostics: 'timeout', ok: false, problems: [`no answer within ${budget} ms`] };
  } finally {
    clearTimeout(timer);
  }
}

async function run(kind: Exclude<RequestKind, 'unknown'>, event: unknown, ctx: RequestContext): Promise<unknown> {
  switch (kind) {
    case 'smart-home':
      return handleSmartHome(event, ctx);
    case 'custom-skill': {
      const module = await loadCustomSkill();
      return module.handleCustomSkill(event, ctx);
    }
    case 'diagnostics': {
      const requested = (event as { diagnostics: string }).diagnostics;
      const check = (DIAGNOSTICS as readonly string[]).includes(requested) ? (requested as DiagnosticsCheck) : undefined;
      if (check === undefined) {
        ctx.invocation.outcome = 'error';
        ctx.invocation.errorType = 'UNKNOWN_DIAGNOSTICS';
        return { diagnostics: requested.slice(0, 40), ok: false, problems: [`unknown check; use one of: ${DIAGNOSTICS.join(', ')}`] };
      }
      return runDiagnostics(check, ctx, event);
    }
  }
}

function settingsTimeout(kind: Exclude<RequestKind, 'unknown'>, event: unknown, message: string): unknown {
  switch (kind) {
    case 'smart-home':
      return smartHomeFailure(event, 'INTERNAL_ERROR', message);
    case 'custom-skill':
      return customSkillFailure(event, 'Sorry, this skill could not load its settings in time. Please try again.');
    case 'diagnostics':
      return healthReport(undefined, [message]);
  }
}

function configFailure(kind: RequestKind, event: unknown, problems: readonly string[]): unknown {
  switch (kind) {
    case 'smart-home':
      return smartHomeFailure(event, 'INTERNAL_ERROR', `The Alexa bridge is misconfigured: ${problems.join('; ')}`);
    case 'custom-skill':
      return customSkillFailure(event, 'Sorry, this skill is not set up correctly yet. Please check its settings.');
    case 'diagnostics':
      return healthReport(undefined, problems);
    case 'unknown':
      return unrecognized(event);
  }
}

function unrecognized(event: unknown): UnrecognizedEventResponse {
  return {
    error: {
      type: 'UNRECOGNIZED_EVENT',
      message: `This function answers Alexa Smart Home directives ({"directive":…}), Alexa Custom skill requests ({"version":"1.0","request":{"type":…}}) and {"diagnostics":"health"|"ping"|"doctor"}; got ${describeShape(event)}`,
    },
  };
}

function writeSummary(logger: Logger, kind: RequestKind, invocation: InvocationRecord, started: number, isColdStart: boolean, config: Config | undefined): void {
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
