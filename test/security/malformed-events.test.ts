/**
 * Fuzzing the real handler, seeded and deterministic: a few thousand events made by breaking valid
 * Smart Home directives, Custom skill requests and diagnostics events (fields removed, retyped,
 * oversized), against a Home Assistant that sometimes echoes the stored token back in its errors. Each
 * answer must be valid for its kind and never hold any 8-character piece of the stored token; the
 * handler must never throw, and the log must not leak the token either.
 */
import t from 'tap';
import { resetConfigCache } from '../../src/config/index.js';
import { classifyEvent } from '../../src/gateway/classify.js';
import { route } from '../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { schemaAvailable, schemaErrors } from '../fixtures/alexa-schema.js';
import { demoStates } from '../fixtures/demo-home.js';
import type { FakeResponse } from '../fixtures/fake-home-assistant.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { leakedPart } from '../fixtures/secret-leaks.js';
import { withoutKnownGaps } from '../alexa/smart-home/schema-gaps.js';

const STORED = 'stored-5c4b3a2918170605f4e3d2c1b0a9-llat';
// Shares no 8-character piece with STORED, so an echoed scope is never taken for a leak.
const LINKED = 'linked-0a1b2c3d4e5f6a7b8c9d';
const EVENTS = 1_000;

type Json = Record<string, unknown>;

/** mulberry32: a small seeded generator, so every run sees the same events. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const next = random(0x5eed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

function directive(namespace: string, name: string, endpointId: string | undefined, payload: Json = {}, instance?: string): Json {
  const header: Json = { namespace, name, payloadVersion: '3', messageId: 'm-fuzz', correlationToken: 'corr-fuzz' };
  if (instance !== undefined) header.instance = instance;
  return { directive: { header, ...(endpointId === undefined ? {} : { endpoint: { scope: { type: 'BearerToken', token: LINKED }, endpointId, cookie: {} } }), payload } };
}

function skill(request: Json): Json {
  const user = { userId: 'amzn1.ask.account.fuzz', accessToken: LINKED };
  const application = { applicationId: 'amzn1.ask.skill.fuzz' };
  return {
    version: '1.0',
    session: { new: true, sessionId: 's-fuzz', application, attributes: {}, user },
    context: { System: { application, user, device: { deviceId: 'd', supportedInterfaces: {} } } },
    request: { requestId: 'r-fuzz', timestamp: '2026-01-01T00:00:00Z', locale: 'en-US', ...request },
  };
}

const BASES: readonly (() => Json)[] = [
  () => directive('Alexa.Discovery', 'Discover', undefined, { scope: { type: 'BearerToken', token: LINKED } }),
  () => directive('Alexa.PowerController', pick(['TurnOn', 'TurnOff']), pick(['light#kitchen', 'switch#coffee_maker', 'cover#garage_door', 'light#missing'])),
  () => directive('Alexa', 'ReportState', pick(['light#kitchen', 'lock#front_door', 'cover#living_room_blinds'])),
  () => directive('Alexa.BrightnessController', 'SetBrightness', 'light#kitchen', { brightness: 40 }),
  () => directive('Alexa.RangeController', 'SetRangeValue', 'cover#living_room_blinds', { rangeValue: 30 }, 'cover.position'),
  () => directive('Alexa.Authorization', 'AcceptGrant', undefined, { grant: { type: 'OAuth2.AuthorizationCode', code: 'code-fuzz-123456' }, grantee: { type: 'BearerToken', token: LINKED } }),
  () => skill({ type: 'LaunchRequest' }),
  () => skill({ type: 'IntentRequest', intent: { name: 'ConversationIntent', slots: { query: { name: 'query', value: 'is the garage open' } } } }),
  () => skill({ type: 'SessionEndedRequest', reason: 'USER_INITIATED' }),
  () => ({ diagnostics: pick(['health', 'ping', 'selftest']) }),
];

const ODD_VALUES: readonly unknown[] = [null, 0, -1.5, 1e308, true, '', ' ', 'x'.repeat(5_000), [], {}, [1, 'a'], { type: 7 }, '<speak>&"\'', '\u0000\uffff', 'BearerToken', '1.0', '3'];

/** Every path to a value inside `value`, e.g. `directive.header.name`. */
function paths(value: unknown, prefix: readonly string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [];
  const result: string[][] = [];
  for (const [key, item] of Object.entries(value)) {
    const path = [...prefix, key];
    result.push(path, ...paths(item, path));
  }
  return result;
}

function mutate(event: Json): void {
  const all = paths(event);
  const path = all.length === 0 ? ['extra'] : pick(all);
  let parent: Record<string, unknown> = event;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (next() < 0.3) delete parent[last];
  else parent[last] = structuredClone(pick(ODD_VALUES));
}

function makeEvent(): unknown {
  if (next() < 0.03) return pick([null, 'text', 42, [], {}, { httpMethod: 'GET' }]);
  const event = pick(BASES)();
  const mutations = Math.floor(next() * 4);
  for (let i = 0; i < mutations; i += 1) mutate(event);
  return event;
}

/** Home Assistant answers that quote the token back, as a careless proxy or a debug page would. */
const ECHOES: readonly FakeResponse[] = [
  { status: 500, body: `upstream failed; request had Authorization: Bearer ${STORED}` },
  { status: 400, body: { message: `invalid token ${STORED}`, headers: { authorization: `Bearer ${STORED}` } } },
  { status: 502, body: `${'pad '.repeat(30)}${STORED}` },
  { status: 200, headers: { 'content-type': 'text/plain' }, body: `not json: ${STORED}` },
];

/** What Alexa checks in a Custom skill answer (Amazon publishes no schema for it). */
function skillProblems(answer: unknown): string[] {
  const response = (answer as { version?: unknown; response?: { outputSpeech?: { type?: unknown; ssml?: unknown } } }) ?? {};
  const problems: string[] = [];
  if (response.version !== '1.0') problems.push('version is not 1.0');
  if (typeof response.response !== 'object' || response.response === null) return [...problems, 'no response object'];
  const speech = response.response.outputSpeech;
  if (speech !== undefined && (speech.type !== 'SSML' || typeof speech.ssml !== 'string' || !/^<speak>[^<>]*<\/speak>$/.test(speech.ssml))) problems.push('outputSpeech is not escaped SSML');
  if (Buffer.byteLength(JSON.stringify(answer)) > 24 * 1024) problems.push('larger than 24 KB');
  return problems;
}

function problemsOf(kind: string, answer: unknown): string[] {
  switch (kind) {
    case 'smart-home':
      return schemaAvailable() ? schemaErrors(withoutKnownGaps(answer).message) : [];
    case 'custom-skill':
      return skillProblems(answer);
    case 'diagnostics': {
      const report = answer as { diagnostics?: unknown; ok?: unknown; problems?: unknown };
      return typeof report.diagnostics === 'string' && typeof report.ok === 'boolean' && Array.isArray(report.problems) ? [] : ['not a diagnostics report'];
    }
    default:
      return (answer as { error?: { type?: unknown } }).error?.type === 'UNRECOGNIZED_EVENT' ? [] : ['not UNRECOGNIZED_EVENT'];
  }
}

const { fake } = useFakeHa(t, { states: demoStates(), tokens: [STORED, LINKED] });
const lines: string[] = [];
setLogSink((line) => lines.push(line));

t.test(`${EVENTS} malformed events: every answer valid for its kind, none with a piece of the stored token`, async (t) => {
  const failures: { index: number; kind: string; problem: string; event: string }[] = [];
  for (let index = 0; index < EVENTS; index += 1) {
    // Native mode for the first half, proxy mode for the second.
    if (index === 0 || index === EVENTS / 2) {
      for (const key of ['HOME_ASSISTANT_URL', 'HOME_ASSISTANT_TOKEN', 'HA_ALEXA_MODE', 'HA_FEATURE_PRESET']) delete process.env[key];
      Object.assign(process.env, { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED, HA_ALEXA_MODE: index === 0 ? 'native' : 'proxy', HA_FEATURE_PRESET: 'full' });
      resetConfigCache();
    }
    fake.reset();
    clearHaCache();
    resetBreakers();
    if (next() < 0.4) {
      const echo = pick(ECHOES);
      fake.override(() => echo);
    }
    const event = makeEvent();
    const kind = classifyEvent(event);
    const shown = (JSON.stringify(event) ?? String(event)).slice(0, 300);
    let answer: unknown;
    try {
      answer = await route(event, { awsRequestId: `fuzz-${index}` });
    } catch (error) {
      failures.push({ index, kind, problem: `threw ${String(error)}`, event: shown });
      continue;
    }
    for (const problem of problemsOf(kind, answer)) failures.push({ index, kind, problem, event: shown });
    const leak = leakedPart(JSON.stringify(answer) ?? '', STORED);
    if (leak !== undefined) failures.push({ index, kind, problem: `the answer holds "${leak}" of the stored token`, event: shown });
  }
  t.same(failures.slice(0, 10), [], `no failures among ${EVENTS} events (${failures.length} in all; the first ten shown)`);
  const leak = leakedPart(lines.join('\n'), STORED);
  t.equal(leak, undefined, 'the log never holds a piece of the stored token');
  t.ok(lines.length >= EVENTS, 'one log line per event at least');
});
