import { awsRegion, readEnvironment, type Environment } from './env.js';
import { parseBoolean, parseSettings, type RawValue } from './parse.js';
import { DEFAULT_PARAMETER_PREFIX, SETTINGS, type Config } from './schema.js';
import { describeSsmError, readParametersFromSsm, type ParameterReader } from './ssm.js';
import { describeUrlRisk } from './url-risk.js';

export type { Config, FeaturePreset, AlexaMode, TokenSource, ReportCause, ExposureSource, AlexaNameSource } from './schema.js';
export { SETTINGS, ALEXA_BUDGET_MS, DEFAULT_PARAMETER_PREFIX, secretValues } from './schema.js';
export { eventsEndpoints, type EventsEndpoints } from './events.js';
export { parseBoolean } from './parse.js';
export { functionVersion, readEnvironment, type Environment } from './env.js';
export { preloadSsm } from './ssm.js';

export interface ConfigResult {
  /** Present when every setting is valid. */
  readonly config?: Config;
  /** Every problem at once, each naming the variable or parameter at fault. */
  readonly errors: readonly string[];
  /** Problems worth a log line that do not stop the function (e.g. plain http on the internet). */
  readonly warnings: readonly string[];
  /** True when this call read Parameter Store (a cold start or a TTL refresh). */
  readonly refreshed: boolean;
}

export interface LoadOptions {
  readonly env?: Environment;
  readonly readParameters?: ParameterReader;
  readonly now?: () => number;
}

interface CacheEntry {
  readonly result: ConfigResult;
  readonly expiresAt: number;
}

interface GoodEntry extends CacheEntry {
  /** `result` as every later invocation sees it (`refreshed: false`), made once. */
  readonly reused: ConfigResult;
}

/**
 * How long a failed Parameter Store read is remembered before the next invocation tries again. Long
 * enough that a hung or throttled SSM does not cost every invocation its timeouts, short enough that
 * a fixed IAM policy is picked up at once.
 */
export const SSM_RETRY_AFTER_MS = 10_000;

/** The last good configuration (or the failed read's answer, until it may be retried). */
let cached: GoodEntry | undefined;
let failed: CacheEntry | undefined;
/** A Parameter Store read under way, shared by the callers that wait for it, and the means to abandon it. */
interface Inflight {
  readonly result: Promise<ConfigResult>;
  readonly abort: AbortController;
}
let inflight: Inflight | undefined;

/** Forgets the cached configuration (tests, and nothing else). */
export function resetConfigCache(): void {
  cached = undefined;
  failed = undefined;
  inflight = undefined;
}

/**
 * Gives up the Parameter Store read under way, if any: its request is aborted and forgotten, so the
 * next {@link loadConfig} starts a fresh read instead of joining one that may never end (an answer
 * that sends its headers and then trickles defeats the SSM client's own timeouts). The gateway calls
 * this when an invocation's budget runs out while it waits for its settings. An abandoned read is not
 * remembered as a failure.
 */
export function abandonConfigRead(): void {
  const abandoned = inflight;
  inflight = undefined;
  abandoned?.abort.abort(new Error('the settings read was abandoned at the invocation budget'));
}

/**
 * Loads and validates the configuration once per cold start. With `USE_PARAMETER_STORE=true` the
 * parameters under `PARAMETER_PREFIX` are read with one paged `GetParametersByPath` and refreshed
 * after `PARAMETER_CACHE_TTL`. A failed read is remembered for {@link SSM_RETRY_AFTER_MS}, and a
 * warm container keeps its last good configuration while a refresh fails. Concurrent callers share
 * one read, until it is abandoned ({@link abandonConfigRead}).
 *
 * Precedence for every setting: environment variable, then SSM parameter, then default.
 */
export async function loadConfig(options: LoadOptions = {}): Promise<ConfigResult> {
  const now = options.now ?? Date.now;
  const time = now();
  const fresh = cachedConfig(time);
  if (fresh !== undefined) return fresh;
  if (failed !== undefined && time < failed.expiresAt) return failed.result;
  if (inflight === undefined) {
    const abort = new AbortController();
    const read: Inflight = {
      abort,
      result: readConfig(options, now, abort.signal).finally(() => {
        // An abandoned read may end after a fresh one started: it only forgets itself.
        if (inflight === read) inflight = undefined;
      }),
    };
    inflight = read;
  }
  return inflight.result;
}

/**
 * The cached configuration while it is fresh, without waiting: a warm invocation's settings cost no
 * promise (the gateway calls this before {@link loadConfig}).
 */
export function cachedConfig(time: number = Date.now()): ConfigResult | undefined {
  return cached !== undefined && time < cached.expiresAt ? cached.reused : undefined;
}

async function readConfig(options: LoadOptions, now: () => number, signal: AbortSignal): Promise<ConfigResult> {
  const env = options.env ?? readEnvironment();
  const raw = new Map<keyof Config, RawValue>();
  for (const def of SETTINGS) {
    const value = env[def.env];
    if (value !== undefined && value !== '') raw.set(def.key, { value, from: def.env });
  }
  // Only USE_PARAMETER_STORE decides whether SSM is read, so the schema is validated once, after it;
  // an invalid value ("maybe") is not true, and the validation below reports it.
  const useSsm = parseBoolean(raw.get('useParameterStore')?.value ?? 'false') === true;

  if (!useSsm) {
    const envOnly = parseSettings(raw);
    const result = finish(envOnly.config, envOnly.errors, false);
    cached = { result, reused: { ...result, refreshed: false }, expiresAt: Number.POSITIVE_INFINITY };
    return result;
  }

  const prefix = (raw.get('parameterPrefix')?.value ?? DEFAULT_PARAMETER_PREFIX).replace(/\/+$/, '');
  let parameters: ReadonlyMap<string, string>;
  try {
    parameters = await (options.readParameters ?? readParametersFromSsm)(prefix, awsRegion(env), signal);
  } catch (error) {
    const message = describeSsmError(error, prefix);
    // Abandoned: its caller answered already, and the next invocation is to read afresh.
    if (signal.aborted) return { errors: [message], warnings: [], refreshed: false };
    const result: ConfigResult =
      cached === undefined
        ? { errors: [message], warnings: [], refreshed: false }
        : { ...cached.result, warnings: [...cached.result.warnings, `${message}; keeping the last good configuration`], refreshed: false };
    failed = { result, expiresAt: now() + SSM_RETRY_AFTER_MS };
    return result;
  }
  failed = undefined;
  // A version deployed with PARAMETER_SET reads its settings from its own set only, so a later sync
  // cannot change what it runs with. The token too, when its set has one; a set without one (synced
  // without HA_TOKEN, or before the token moved into the sets) reads the shared one under the prefix.
  const set = raw.get('parameterSet')?.value;
  const setPath = set === undefined ? '' : `/settings/${set}`;
  if (set !== undefined && ![...parameters.keys()].some((name) => name.startsWith(`${setPath}/`))) {
    return { errors: [`PARAMETER_SET: no parameters under ${prefix}${setPath}: this version's settings were deleted; run the Deploy workflow again or roll back to another version`], warnings: [], refreshed: false };
  }
  for (const def of SETTINGS) {
    if (def.ssm === undefined || raw.has(def.key)) continue;
    const name = def.secret && !parameters.has(`${setPath}${def.ssm}`) ? def.ssm : `${setPath}${def.ssm}`;
    const value = parameters.get(name);
    if (value !== undefined && value !== '') raw.set(def.key, { value, from: `SSM ${prefix}${name}` });
  }
  const parsed = parseSettings(raw);
  const result = finish(parsed.config, parsed.errors, true);
  if (result.config !== undefined) {
    cached = { result, reused: { ...result, refreshed: false }, expiresAt: now() + result.config.parameterCacheTtlSeconds * 1000 };
  }
  return result;
}

function finish(config: Config | undefined, errors: readonly string[], refreshed: boolean): ConfigResult {
  if (config === undefined) return { errors, warnings: [], refreshed };
  const warnings: string[] = [];
  const risk = config.homeAssistantUrl === undefined ? undefined : describeUrlRisk(config.homeAssistantUrl);
  if (risk !== undefined) warnings.push(risk);
  if (!config.verifySsl) {
    warnings.push('HA_VERIFY_SSL=false: TLS verification is off for the Home Assistant connection only; prefer HA_CA_BUNDLE with your certificate');
  }
  return { config, errors, warnings, refreshed };
}

/** `LUGS_ENABLED` read at init, before the full configuration is loaded (default true). */
export function lugsEnabledAtInit(env: Environment = readEnvironment()): boolean {
  const value = env.LUGS_ENABLED;
  return value === undefined || value === '' ? true : parseBoolean(value) !== false;
}
