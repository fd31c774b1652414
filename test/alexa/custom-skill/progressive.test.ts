/**
 * Tests for src/alexa/custom-skill/progressive.ts and the Custom skill's deadline: a slow Home
 * Assistant gets a "Working on it" progressive response after about 1.5 s and the answer still comes
 * before the deadline; one that never answers gets "taking too long" before the gateway has to step in.
 */
import { http, HttpResponse } from 'msw';
import t from 'tap';
import { clearHaCache, resetBreakers } from '../../../src/homeassistant/index.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { isAlexaApiEndpoint } from '../../../src/alexa/custom-skill/progressive.js';
import { ALEXA_API, API_TOKEN, ask, assertSkillResponse, SKILL_ID } from './skill-requests.js';
import { setLambdaEnv } from '../../fixtures/lambda-env.js';

const BASE_ENV = { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: 'stored-progressive-token-12345', ALEXA_SKILL_ID: SKILL_ID };

const useEnv = (env: Record<string, string> = {}): void => setLambdaEnv({ ...BASE_ENV, ...env });
useEnv();

interface Sent {
  readonly at: number;
  readonly authorization: string | null;
  readonly body: unknown;
}
const sent: Sent[] = [];
let progressiveAnswer: (body: unknown) => Response = () => new HttpResponse(null, { status: 204 });
/** Requests that reached any other host: a progressive response must never go there. */
const elsewhere: { url: string; authorization: string | null }[] = [];
const { fake, server } = useFakeHa(t, {}, [
  http.post(`${ALEXA_API}/v1/directives`, async ({ request }) => {
    const body: unknown = await request.json();
    sent.push({ at: performance.now(), authorization: request.headers.get('authorization'), body });
    return progressiveAnswer(body);
  }),
  http.all('*', ({ request }) => {
    elsewhere.push({ url: request.url, authorization: request.headers.get('authorization') });
    return new HttpResponse(null, { status: 204 });
  }),
]);
const lines: string[] = [];
setLogSink((line) => lines.push(line));
const { handler } = await import('../../../src/handler.js');
// The progressive response loads node-fetch when its timer fires (a quick answer never pays for it).
// Loaded here, so that on a busy machine the 0.3 s between "Working on it" and the answer is not
// spent loading a module.
await import('node-fetch');

t.beforeEach(() => {
  sent.length = 0;
  elsewhere.length = 0;
  lines.length = 0;
  fake.reset();
  server.resetHandlers();
  progressiveAnswer = () => new HttpResponse(null, { status: 204 });
  clearHaCache();
  resetBreakers();
  useEnv();
});

function summary(): Record<string, unknown> {
  const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  return found[0] as Record<string, unknown>;
}

function slowHa(delayMs: number, speech = 'The garage door is closed.'): void {
  fake.override((request) =>
    request.path === '/api/conversation/process'
      ? { status: 200, delayMs, body: { response: { speech: { plain: { speech } }, response_type: 'query_answer' }, conversation_id: 'c', continue_conversation: false } }
      : undefined,
  );
}

t.test('slow Home Assistant: "Working on it" after about 1.5 s, then the answer', async (t) => {
  slowHa(1_800);
  const started = performance.now();
  const answer = assertSkillResponse(t, await handler(ask('is the garage open', { requestId: 'amzn1.echo-api.request.slow' })));
  const elapsed = performance.now() - started;
  t.equal(answer.speech, 'The garage door is closed.');
  t.equal(sent.length, 1, 'one progressive response');
  const first = sent[0] as Sent;
  // Timers only promise "not before": assert the order (after ~1.5 s of waiting, before the answer),
  // not an upper bound that a loaded machine can miss.
  t.ok(first.at - started >= 1_400, `not sent before about 1.5 s (${Math.round(first.at - started)} ms)`);
  t.ok(first.at <= started + elapsed, 'sent while the user was still waiting for the answer');
  t.equal(first.authorization, `Bearer ${API_TOKEN}`);
  t.same(first.body, { header: { requestId: 'amzn1.echo-api.request.slow' }, directive: { type: 'VoicePlayer.Speak', speech: '<speak>Working on it.</speak>' } });
  t.match(summary(), { outcome: 'ok', errorType: undefined }, 'answered before the deadline: HA\'s answer, not "taking too long"');
});

t.test('Home Assistant never answers: "taking too long" before the deadline, not the gateway', async (t) => {
  // Home Assistant never answers: that the handler answers at all shows the budget cut the call off.
  useEnv({ HA_TIMEOUT: '1' });
  slowHa(Number.POSITIVE_INFINITY);
  const answer = assertSkillResponse(t, await handler(ask('is the garage open')));
  t.equal(answer.speech, 'Home Assistant is taking too long, please try again.');
  t.equal(answer.response.shouldEndSession, true);
  const { errorMessage } = summary() as { errorMessage: string };
  t.match(summary(), { outcome: 'error', errorType: 'DEADLINE', errorMessage: /\/api\/conversation\/process did not answer within \d+ ms/ });
  t.ok(Number(/within (\d+) ms/.exec(errorMessage)?.[1]) <= 1_000, `the call was given at most the 1 s budget (${errorMessage})`);
  t.equal(sent.length, 0, 'no progressive response when the answer comes first');
});

t.test('a failing progressive response never breaks the answer', async (t) => {
  // Both failures at once (each request has its own requestId), to keep the test short.
  const answers: Record<string, () => Response> = {
    refused: () => HttpResponse.json({ code: 'INVALID_DIRECTIVE' }, { status: 400 }),
    network: () => HttpResponse.error(),
  };
  progressiveAnswer = (body) => (answers[(body as { header: { requestId: string } }).header.requestId] ?? (() => HttpResponse.error()))();
  slowHa(1_700, 'Done after a while.');
  const results = await Promise.all(Object.keys(answers).map((requestId) => handler(ask('do something slow', { requestId }))));
  for (const result of results) t.equal(assertSkillResponse(t, result).speech, 'Done after a while.');
  t.same(sent.map((entry) => (entry.body as { header: { requestId: string } }).header.requestId).sort(), ['network', 'refused'], 'both were tried');
  const summaries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  t.match(summaries, [{ outcome: 'ok' }, { outcome: 'ok' }], 'both invocations still succeed');
  t.ok(lines.some((line) => line.includes('Progressive response failed; the answer is not affected')), 'a network failure is logged');
  t.ok(lines.some((line) => line.includes('Alexa refused the progressive response; the answer is not affected') && line.includes('"status":400')), 'a refusal is logged');
  t.notOk(lines.join('\n').includes(API_TOKEN), 'the Alexa API token is never logged');
});

t.test('no progressive response without apiAccessToken', async (t) => {
  slowHa(1_700);
  const answer = assertSkillResponse(t, await handler(ask('is the garage open', { api: false })));
  t.equal(answer.speech, 'The garage door is closed.');
  t.equal(sent.length, 0);
});

t.test('a progressive response goes only to Amazon\'s Alexa API hosts over https; any other apiEndpoint is skipped and logged', async (t) => {
  const hostile = [
    'https://attacker.example.test',
    'http://api.amazonalexa.com',
    'https://api.amazonalexa.com.attacker.test',
    'https://api.amazonalexa.com@attacker.test',
    'https://user:pw@api.amazonalexa.com',
    'https://api.amazonalexa.com:8443',
    'not a url',
  ];
  slowHa(1_700, 'Done after a while.');
  const results = await Promise.all(
    hostile.map((apiEndpoint, index) => {
      const event = ask('do something slow', { requestId: `hostile-${index}` });
      ((event.context as { System: Record<string, unknown> }).System).apiEndpoint = apiEndpoint;
      return handler(event);
    }),
  );
  for (const result of results) t.equal(assertSkillResponse(t, result).speech, 'Done after a while.', 'the answer is not affected');
  t.same(elsewhere, [], 'nothing was sent anywhere else');
  t.same(sent, [], 'nor to Amazon (the request did not come from Amazon\'s API)');
  const skipped = lines.filter((line) => line.includes('Skipped the progressive response'));
  t.equal(skipped.length, hostile.length, 'each skip is logged');
  t.notOk(lines.join('\n').includes(API_TOKEN), 'the Alexa API token is never logged');
  const summaries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  t.equal(summaries.length, hostile.length);
  for (const line of summaries) t.match(line, { outcome: 'ok' });
});

t.test('each of Amazon\'s three regional Alexa API hosts is accepted', async (t) => {
  t.ok(isAlexaApiEndpoint('https://api.amazonalexa.com'));
  t.ok(isAlexaApiEndpoint('https://api.eu.amazonalexa.com'));
  t.ok(isAlexaApiEndpoint('https://api.fe.amazonalexa.com/'));
  t.notOk(isAlexaApiEndpoint('https://api.amazonalexa.test'));
  t.notOk(isAlexaApiEndpoint('https://API.amazonalexa.com.'), 'a trailing-dot host is refused');
});
