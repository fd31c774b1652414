import type { DoctorCheck } from '../types.js';
import { describeFailure, fixForFailure, type ProbeAnswer } from '../probe.js';
import { answerKind, excerpt, frontOf } from './answer.js';
import { getStates, MAX_SERVICES_BYTES, proxyDiscover, SKIPPED_WITHOUT_TOKEN, tokenAccepted } from './ha-calls.js';

/**
 * What the mode needs from Home Assistant. Proxy: `/api/alexa/smart_home` exists and takes a POST.
 * Native: `/api/states` and `/api/services` answer.
 */
export const modeCheck: DoctorCheck = {
  name: 'mode',
  title: 'Mode endpoints',
  async run(ctx) {
    if (!(await tokenAccepted(ctx))) return SKIPPED_WITHOUT_TOKEN;
    return ctx.config.alexaMode === 'proxy' ? proxy(ctx) : native(ctx);
  },
};

type Verdict = Awaited<ReturnType<DoctorCheck['run']>>;

async function proxy(ctx: Parameters<DoctorCheck['run']>[0]): Promise<Verdict> {
  const answer = await proxyDiscover(ctx);
  const path = 'POST /api/alexa/smart_home';
  if (!answer.ok) return { status: 'fail', code: answer.reason === 'timeout' ? 'timeout' : 'unreachable', value: `${path}: ${describeFailure(answer, ctx.url)}`, fix: fixForFailure(answer) };
  const kind = answerKind(answer);
  if (answer.status === 404) {
    return {
      status: 'fail',
      code: 'alexa_yaml_missing',
      value: `${path}: HTTP 404: Home Assistant's Alexa Smart Home endpoint is not set up`,
      fix: 'Add `alexa:` with `smart_home:` under it to configuration.yaml and restart Home Assistant (or use HA_ALEXA_MODE=native).',
    };
  }
  if (answer.status === 405) {
    return {
      status: 'fail',
      code: 'post_blocked',
      value: `${path}: HTTP 405 Method Not Allowed from ${frontOf(answer)}`,
      fix: 'Something in front of Home Assistant (reverse proxy, tunnel, firewall) strips POST requests: allow POST to /api/alexa/smart_home.',
    };
  }
  if (kind === 'access' || kind === 'challenge' || kind === 'html') return nonJson(path, answer);
  if (answer.status !== 200) return { status: 'fail', code: 'http_error', value: `${path}: HTTP ${answer.status}: ${excerpt(answer.body)}`, fix: 'Check Home Assistant\'s log for the Alexa integration.' };
  return { status: 'ok', value: `${path} answered Discover (HTTP 200 in ${answer.ms} ms)`, fix: '' };
}

async function native(ctx: Parameters<DoctorCheck['run']>[0]): Promise<Verdict> {
  const [states, services] = await Promise.all([
    getStates(ctx),
    ctx.probe.request({ method: 'GET', path: '/api/services', token: ctx.token, maxBytes: MAX_SERVICES_BYTES }),
  ]);
  for (const [path, answer] of [['GET /api/states', states], ['GET /api/services', services]] as const) {
    if (!answer.ok) return { status: 'fail', code: answer.reason === 'timeout' ? 'timeout' : 'unreachable', value: `${path}: ${describeFailure(answer, ctx.url)}`, fix: fixForFailure(answer) };
    const kind = answerKind(answer);
    if (kind === 'access' || kind === 'challenge' || kind === 'html') return nonJson(path, answer);
    if (answer.status === 405) {
      return { status: 'fail', code: 'method_blocked', value: `${path}: HTTP 405 from ${frontOf(answer)}`, fix: 'Let GET and POST under /api/ through the reverse proxy or tunnel in front of Home Assistant.' };
    }
    if (answer.status !== 200) return { status: 'fail', code: 'http_error', value: `${path}: HTTP ${answer.status}: ${excerpt(answer.body)}`, fix: 'Check Home Assistant\'s log; the native mode needs the REST API (the `api:` integration, part of default_config).' };
  }
  const sizes = [states, services].map((answer) => (answer.ok && answer.truncated ? 'too large to count' : `${count(answer as ProbeAnswer)}`));
  return { status: 'ok', value: `GET /api/states: ${sizes[0]} entities; GET /api/services: ${sizes[1]} domains`, fix: '' };
}

function count(answer: ProbeAnswer): string {
  try {
    const parsed: unknown = JSON.parse(answer.body);
    return Array.isArray(parsed) ? String(parsed.length) : 'not a list of';
  } catch {
    return 'unreadable';
  }
}

function nonJson(path: string, answer: ProbeAnswer): Verdict {
  const kind = answerKind(answer);
  if (kind === 'access') return { status: 'fail', code: 'cf_access', value: `${path}: a redirect to Cloudflare Access's login (HTTP ${answer.status})`, fix: 'See the challenge line.' };
  return kind === 'challenge'
    ? { status: 'fail', code: 'challenge', value: `${path}: a Cloudflare challenge page (HTTP ${answer.status})`, fix: 'See the challenge line.' }
    : { status: 'fail', code: 'html', value: `${path}: an HTML page from ${frontOf(answer)} (HTTP ${answer.status}) where JSON was expected`, fix: 'Let /api/ through the proxy or firewall in front of Home Assistant.' };
}
