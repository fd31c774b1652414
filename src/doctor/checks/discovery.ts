import { buildDiscovery, needsHaConfig } from '../../alexa/smart-home/native/discovery.js';
import { MAX_DISCOVERY_BYTES, MAX_ENDPOINTS } from '../../alexa/smart-home/native/limits.js';
import { ALEXA_BUDGET_MS } from '../../config/index.js';
import type { HaConfig, HaState } from '../../homeassistant/types.js';
import { Logger, type LogFields } from '../../logging/logger.js';
import { describeFailure, fixForFailure, type ProbeAnswer } from '../probe.js';
import type { CheckResult, DoctorCheck, DoctorContext } from '../types.js';
import { excerpt } from './answer.js';
import { getStates, MAX_SMALL_BYTES, MAX_STATES_BYTES, proxyDiscover, SKIPPED_WITHOUT_TOKEN, tokenAccepted } from './ha-calls.js';
import { findNameProblems } from './names.js';

/** Past this many endpoints the doctor warns that the next devices will not fit. */
export const ENDPOINTS_WARN = 270;
/** Past this discovery time the doctor warns (Alexa gives up after 8 s). */
export const DISCOVERY_WARN_MS = 4_000;
const EXAMPLES = 3;

type Verdict = Omit<CheckResult, 'name' | 'title'>;

interface Measured {
  readonly endpoints: readonly Record<string, unknown>[];
  readonly ms: number;
  /** Endpoints left out by Alexa's limits (native mode). */
  readonly dropped: number;
  readonly broken: readonly { entity: string; reason: string }[];
}

/**
 * Discovery as Alexa would get it now: endpoint count against Alexa's 300, response size, duplicate
 * or contained friendly names, entities that fail to map and why, and the time it takes against the
 * 8 s Alexa waits.
 */
export const discoveryCheck: DoctorCheck = {
  name: 'discovery',
  title: 'Discovery budget',
  async run(ctx) {
    if (!(await tokenAccepted(ctx))) return SKIPPED_WITHOUT_TOKEN;
    const measured = ctx.config.alexaMode === 'proxy' ? await fromProxy(ctx) : await fromNative(ctx);
    return 'status' in measured ? measured : judge(measured);
  },
};

async function fromNative(ctx: DoctorContext): Promise<Measured | Verdict> {
  const started = performance.now();
  const answer = await getStates(ctx);
  const failed = unusable(answer, 'GET /api/states', ctx);
  if (failed !== undefined) return failed;
  const ok = answer as ProbeAnswer;
  let states: unknown;
  try {
    states = JSON.parse(ok.body);
  } catch {
    states = undefined;
  }
  if (!Array.isArray(states)) return { status: 'fail', code: 'bad_states', value: `GET /api/states is not a JSON list: ${excerpt(ok.body)}`, fix: 'Check Home Assistant\'s log.' };
  const list = states as HaState[];
  let haConfig: HaConfig | undefined;
  if (needsHaConfig(list, ctx.config)) {
    const config = await ctx.probe.request({ method: 'GET', path: '/api/config', token: ctx.token, maxBytes: MAX_SMALL_BYTES });
    if (config.ok && config.status === 200 && !config.truncated) haConfig = parseObject(config.body);
  }
  const logger = new CollectingLogger();
  const result = buildDiscovery(list, ctx.config, logger, haConfig);
  return { endpoints: result.endpoints, ms: Math.round(performance.now() - started), dropped: result.dropped, broken: logger.skipped };
}

async function fromProxy(ctx: DoctorContext): Promise<Measured | Verdict> {
  const answer = await proxyDiscover(ctx);
  const failed = unusable(answer, 'POST /api/alexa/smart_home', ctx);
  if (failed !== undefined) return failed;
  const ok = answer as ProbeAnswer;
  const parsed = parseObject(ok.body) as { event?: { payload?: { endpoints?: unknown } } } | undefined;
  const endpoints = parsed?.event?.payload?.endpoints;
  if (!Array.isArray(endpoints)) return { status: 'skipped', value: 'Home Assistant\'s Discover answer has no endpoint list (see the mode line)', fix: '' };
  return { endpoints: endpoints as Record<string, unknown>[], ms: ok.ms, dropped: Math.max(0, endpoints.length - MAX_ENDPOINTS), broken: [] };
}

function unusable(answer: Awaited<ReturnType<typeof getStates>>, path: string, ctx: DoctorContext): Verdict | undefined {
  if (!answer.ok) {
    return answer.reason === 'timeout'
      ? { status: 'fail', code: 'slow_discovery', value: `${path} took longer than the ${ctx.deadline.budgetMs} ms budget (Alexa waits 8 s)`, fix: 'Speed up Home Assistant or narrow HA_ALEXA_FILTER; a discovery that outlasts 8 s finds no devices.' }
      : { status: 'fail', code: 'unreachable', value: `${path}: ${describeFailure(answer, ctx.url)}`, fix: fixForFailure(answer) };
  }
  if (answer.truncated) {
    return {
      status: 'fail',
      code: 'oversized',
      value: `${path} is larger than ${MAX_STATES_BYTES / 1024 / 1024} MB; the doctor stopped reading`,
      fix: 'Exclude the noisy entities (HA_ALEXA_FILTER) or slim their attributes; a Lambda cannot discover a home this large within 8 s.',
    };
  }
  if (answer.status !== 200) return { status: 'skipped', value: `${path} answered HTTP ${answer.status} (see the mode line)`, fix: '' };
  return undefined;
}

function judge(measured: Measured): Verdict {
  const count = measured.endpoints.length;
  const bytes = Buffer.byteLength(JSON.stringify(measured.endpoints));
  const names = measured.endpoints.map((endpoint) => endpoint.friendlyName).filter((name): name is string => typeof name === 'string');
  const { duplicates, contained } = findNameProblems(names);
  const facts = [`${count} endpoints of ${MAX_ENDPOINTS}`, `${Math.round(bytes / 1024)} KB`, `${measured.ms} ms of Alexa's 8 s`];
  const fixes: string[] = [];
  let status: Verdict['status'] = 'ok';
  let code: string | undefined;
  const raise = (to: 'warn' | 'fail', why: string): void => {
    if (status !== 'fail') status = to;
    code ??= why;
  };
  if (measured.dropped > 0) {
    raise('fail', 'too_many_endpoints');
    facts.push(`${measured.dropped} more left out (over ${MAX_ENDPOINTS} endpoints or ${MAX_DISCOVERY_BYTES / 1024 / 1024} MB)`);
    fixes.push('Narrow HA_ALEXA_FILTER or choose a smaller HA_FEATURE_PRESET so every device you talk to fits.');
  } else if (count > ENDPOINTS_WARN) {
    raise('warn', 'near_endpoint_limit');
    fixes.push(`Only ${MAX_ENDPOINTS - count} more endpoints fit; narrow HA_ALEXA_FILTER before adding devices.`);
  }
  if (measured.ms > ALEXA_BUDGET_MS) {
    raise('fail', 'slow_discovery');
    fixes.push('Discovery outlasts Alexa\'s 8 s: speed up Home Assistant or expose fewer entities.');
  } else if (measured.ms > DISCOVERY_WARN_MS) {
    raise('warn', 'slow_discovery');
    fixes.push('Discovery is close to Alexa\'s 8 s: expose fewer entities.');
  }
  if (duplicates.length > 0) {
    raise('warn', 'duplicate_names');
    facts.push(`duplicate names: ${duplicates.slice(0, EXAMPLES).map((group) => `"${group.name}" ×${group.count}`).join(', ')}`);
    fixes.push('Give each device its own name (an Alexa name in HA_ALEXA_FILTER entity_config or in Home Assistant).');
  }
  if (contained.length > 0) {
    raise('warn', 'contained_names');
    facts.push(`names inside others: ${contained.slice(0, EXAMPLES).map(([inner, outer]) => `"${inner}" in "${outer}"`).join(', ')}`);
    fixes.push('Rename one of each pair: Alexa asks "which one?" when a name is part of another.');
  }
  if (measured.broken.length > 0) {
    raise('warn', 'unmapped_entities');
    facts.push(`${measured.broken.length} entities could not be mapped: ${measured.broken.slice(0, EXAMPLES).map((entry) => `${entry.entity} (${entry.reason})`).join('; ')}`);
    fixes.push('Fix those entities\' attributes in Home Assistant or exclude them in HA_ALEXA_FILTER.');
  }
  return { status, ...(code === undefined ? {} : { code }), value: facts.join('; '), fix: fixes.join(' ') };
}

function parseObject(text: string): HaConfig | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as HaConfig) : undefined;
  } catch {
    return undefined;
  }
}

/** A logger that keeps discovery's "skipped an entity" warnings instead of writing them. */
class CollectingLogger extends Logger {
  readonly skipped: { entity: string; reason: string }[] = [];

  override warn(message: string, fields?: LogFields): void {
    if (message !== 'Skipped an entity in discovery') return;
    const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
    this.skipped.push({ entity: text(fields?.entity_id, '?').slice(0, 80), reason: text(fields?.reason, 'unknown').slice(0, 120) });
  }
}
