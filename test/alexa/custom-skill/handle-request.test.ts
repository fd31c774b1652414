/**
 * Tests for src/alexa/custom-skill/handle-request.ts through the real Lambda handler: every request
 * type, the conversation with Home Assistant's Assist API and its session, the skill ID check, the
 * token choice, Home Assistant's failures as spoken replies, and what the log line says (and not).
 */
import { http, HttpResponse } from 'msw';
import t from 'tap';
import { resetConfigCache } from '../../../src/config/index.js';
import { resetColdStart } from '../../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../../src/homeassistant/index.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { ALEXA_API, API_TOKEN, ask, assertSkillResponse, intent, launch, sessionEnded, SKILL_ID, skillRequest } from './skill-requests.js';
import { setLambdaEnv } from '../../fixtures/lambda-env.js';

const STORED = 'stored-custom-token-0123456789';
const LINKED = 'linked-custom-token-9876543210';
const BASE_ENV = { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED, ALEXA_SKILL_ID: SKILL_ID, HA_ASSISTANT_NAME: 'Jarvis' };
const useEnv = (env: Record<string, string> = {}): void => setLambdaEnv({ ...BASE_ENV, ...env });
useEnv();

const progressive: unknown[] = [];
const { fake, server } = useFakeHa(t, { tokens: [STORED, LINKED] }, [
  http.post(`${ALEXA_API}/v1/directives`, async ({ request }) => {
    progressive.push(await request.json());
    return new HttpResponse(null, { status: 204 });
  }),
]);
const lines: string[] = [];
setLogSink((line) => lines.push(line));
const { handler } = await import('../../../src/handler.js');

t.beforeEach(() => {
  lines.length = 0;
  progressive.length = 0;
  fake.reset();
  fake.conversation = (request) => ({
    response: { speech: { plain: { speech: `You said: ${request.text}` } }, response_type: 'action_done', language: 'en', data: {} },
    conversation_id: 'conv-1',
    continue_conversation: false,
  });
  server.resetHandlers();
  clearHaCache();
  resetBreakers();
  resetColdStart();
  useEnv();
});

function summary(): Record<string, unknown> {
  const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  if (found.length !== 1) throw new Error(`expected one invocation line, got ${found.length}`);
  return found[0] as Record<string, unknown>;
}

/** The bodies Home Assistant received on /api/conversation/process, in order. */
const received: Record<string, unknown>[] = [];
t.beforeEach(() => {
  received.length = 0;
  const answer = fake.conversation;
  fake.conversation = (request) => {
    received.push({ ...request });
    return answer(request);
  };
});

t.test('each request type gets its answer, without calling Home Assistant', async (t) => {
  const cases = [
    { name: 'LaunchRequest greets with the assistant name', event: launch(), operation: 'LaunchRequest', speech: /Jarvis/, open: true },
    { name: 'HelpIntent explains and listens', event: intent('AMAZON.HelpIntent'), operation: 'IntentRequest:AMAZON.HelpIntent', speech: /Jarvis passes what you say to Home Assistant/, open: true },
    { name: 'StopIntent says goodbye', event: intent('AMAZON.StopIntent'), operation: 'IntentRequest:AMAZON.StopIntent', speech: /^Goodbye\.$/, open: false },
    { name: 'CancelIntent says goodbye', event: intent('AMAZON.CancelIntent'), operation: 'IntentRequest:AMAZON.CancelIntent', speech: /^Goodbye\.$/, open: false },
    { name: 'FallbackIntent asks again', event: intent('AMAZON.FallbackIntent'), operation: 'IntentRequest:AMAZON.FallbackIntent', speech: /didn't catch that/, open: true },
    { name: 'NavigateHomeIntent ends silently', event: intent('AMAZON.NavigateHomeIntent'), operation: 'IntentRequest:AMAZON.NavigateHomeIntent', speech: /^$/, open: false },
    { name: 'an unknown intent is not supported yet', event: intent('OrderPizzaIntent'), operation: 'IntentRequest:OrderPizzaIntent', speech: /^I can't do that yet\.$/, open: false },
  ];
  for (const row of cases) {
    lines.length = 0;
    const answer = assertSkillResponse(t, await handler(row.event));
    t.match(answer.speech, row.speech, row.name);
    t.equal(answer.response.shouldEndSession, !row.open, `${row.name}: session ${row.open ? 'stays open' : 'ends'}`);
    if (row.open) t.ok(answer.reprompt !== undefined && answer.reprompt !== '', `${row.name}: with a reprompt`);
    t.equal(summary().operation, row.operation, `${row.name}: operation in the log`);
  }
  t.equal(fake.requests.length, 0, 'no Home Assistant call');
  t.match(summary(), { outcome: 'error', errorType: 'UNKNOWN_INTENT', errorMessage: /No handler for intent OrderPizzaIntent; regenerate the interaction model with npm run skill:model/ });
});

t.test('the assistant name defaults to Home Assistant', async (t) => {
  delete process.env.HA_ASSISTANT_NAME;
  resetConfigCache();
  const answer = assertSkillResponse(t, await handler(launch()));
  t.equal(answer.speech, 'Hi, this is Home Assistant. What can I do for you?');
});

t.test('SessionEndedRequest gets an empty response; an Alexa error there is logged', async (t) => {
  t.same(await handler(sessionEnded('USER_INITIATED')), { version: '1.0', response: {} });
  t.match(summary(), { operation: 'SessionEndedRequest', outcome: 'ok' });
  lines.length = 0;
  t.same(await handler(sessionEnded('ERROR', { type: 'INVALID_RESPONSE', message: 'bad speech' })), { version: '1.0', response: {} });
  t.match(summary(), { outcome: 'error', errorType: 'SESSION_ERROR', errorMessage: 'Alexa ended the session with error INVALID_RESPONSE' });
  lines.length = 0;
  await handler(sessionEnded('ERROR'));
  t.match(summary(), { errorMessage: 'Alexa ended the session with error unknown' });
});

t.test('an interface request the skill never asks for gets an empty response', async (t) => {
  t.same(await handler(skillRequest({ type: 'AudioPlayer.PlaybackStarted' })), { version: '1.0', response: {} });
  t.match(summary(), { operation: 'AudioPlayer.PlaybackStarted', errorType: 'UNSUPPORTED_REQUEST' });
});

t.test('ConversationIntent sends the words to Assist and speaks its answer', async (t) => {
  const answer = assertSkillResponse(t, await handler(ask('turn on the porch light')));
  t.equal(answer.speech, 'You said: turn on the porch light');
  t.equal(answer.response.shouldEndSession, true);
  t.equal(answer.sessionAttributes, undefined, 'nothing to carry when the conversation is over');
  t.same(received, [{ text: 'turn on the porch light', language: 'en-US' }], 'text and the request locale; no conversation_id or agent_id yet');
  t.match(summary(), { operation: 'IntentRequest:ConversationIntent', outcome: 'ok', haCalls: [{ method: 'POST', path: '/api/conversation/process', status: 200 }] });
});

t.test('the locale and HA_CONVERSATION_AGENT reach Assist', async (t) => {
  useEnv({ HA_CONVERSATION_AGENT: 'conversation.openai' });
  await handler(ask('ist das Garagentor offen', { locale: 'de-DE' }));
  t.same(received, [{ text: 'ist das Garagentor offen', language: 'de-DE', agent_id: 'conversation.openai' }]);
  received.length = 0;
  useEnv({ ALEXA_LOCALE: 'en-GB' });
  await handler(ask('is the kettle on', { locale: null }));
  t.same(received, [{ text: 'is the kettle on', language: 'en-GB' }], 'no request locale: ALEXA_LOCALE');
});

t.test('an empty query asks what to ask, without calling Home Assistant', async (t) => {
  for (const query of [undefined, '   ']) {
    const answer = assertSkillResponse(t, await handler(ask(query, { attributes: { conversationId: 'conv-7' } })));
    t.equal(answer.speech, 'What would you like me to ask Home Assistant?');
    t.equal(answer.response.shouldEndSession, false);
    t.same(answer.sessionAttributes, { conversationId: 'conv-7' }, 'the conversation goes on');
  }
  t.equal(fake.requests.length, 0);
});

t.test('when Assist asks to continue, the session stays open and carries conversation_id', async (t) => {
  fake.conversation = (request) => {
    received.push({ ...request });
    return request.conversation_id === undefined
      ? { response: { speech: { plain: { speech: 'There are two lights. Which one, kitchen or porch?' } }, response_type: 'query_answer' }, conversation_id: 'conv-abc', continue_conversation: true }
      : { response: { speech: { plain: { speech: 'Turned on the porch light.' } }, response_type: 'action_done' }, conversation_id: 'conv-abc', continue_conversation: false };
  };
  const first = assertSkillResponse(t, await handler(ask('turn on the light')));
  t.equal(first.response.shouldEndSession, false, 'microphone stays open');
  t.equal(first.reprompt, 'Which one, kitchen or porch?', 'the reprompt repeats the question');
  t.same(first.sessionAttributes, { conversationId: 'conv-abc' });

  // Alexa echoes the attributes back with the next turn of the same session.
  const second = assertSkillResponse(t, await handler(ask('the porch', { attributes: first.sessionAttributes ?? {} })));
  t.equal(second.speech, 'Turned on the porch light.');
  t.equal(second.response.shouldEndSession, true);
  t.same(received.map((body) => body.conversation_id), [undefined, 'conv-abc']);
});

t.test("Assist's reprompt is used when it sends one; older versions continue on a question", async (t) => {
  const cases = [
    { name: 'reprompt given', result: { response: { speech: { plain: { speech: 'Which room?' } }, reprompt: { plain: { speech: 'Which room should I use?' } } }, conversation_id: 'c-1', continue_conversation: true }, open: true, reprompt: 'Which room should I use?' },
    { name: 'no flag, a question', result: { response: { speech: { plain: { speech: 'Done. Anything else?' } } }, conversation_id: 'c-2' }, open: true, reprompt: 'Anything else?' },
    { name: 'no flag, a statement', result: { response: { speech: { plain: { speech: 'The garage door is closed.' } } }, conversation_id: 'c-3' }, open: false, reprompt: undefined },
    { name: 'continue without a question', result: { response: { speech: { plain: { speech: 'Timer started.' } } }, conversation_id: null, continue_conversation: true }, open: true, reprompt: 'What would you like me to do?' },
  ];
  for (const row of cases) {
    fake.conversation = () => row.result;
    const answer = assertSkillResponse(t, await handler(ask('anything', { attributes: { conversationId: 'carried' } })));
    t.equal(answer.response.shouldEndSession, !row.open, row.name);
    t.equal(answer.reprompt, row.reprompt, `${row.name}: reprompt`);
  }
  t.same(assertSkillResponse(t, await handler(ask('anything', { attributes: { conversationId: 'carried' } }))).sessionAttributes, { conversationId: 'carried' }, 'a null conversation_id keeps the carried one');
});

t.test('conversation_id lives in each session, never shared between users', async (t) => {
  let next = 0;
  fake.conversation = (request) => {
    received.push({ ...request });
    next += 1;
    return { response: { speech: { plain: { speech: 'Anything else?' } } }, conversation_id: request.conversation_id ?? `conv-user-${next}`, continue_conversation: true };
  };
  const alice = assertSkillResponse(t, await handler(ask('hello', { accessToken: LINKED })));
  const bob = assertSkillResponse(t, await handler(ask('hello')));
  t.same(alice.sessionAttributes, { conversationId: 'conv-user-1' });
  t.same(bob.sessionAttributes, { conversationId: 'conv-user-2' });
  t.same(received.map((body) => body.conversation_id), [undefined, undefined], "a new session never continues someone else's conversation");
  for (const attributes of [{ conversationId: 42 }, { conversationId: 'x'.repeat(300) }]) {
    received.length = 0;
    await handler(ask('hello', { attributes }));
    t.equal(received[0]?.conversation_id, undefined, 'a malformed conversationId is not sent');
  }
});

t.test("when Assist reports an error (HTTP 200), its message is spoken", async (t) => {
  fake.conversation = () => ({ response: { speech: { plain: { speech: "Sorry, I couldn't understand that" } }, response_type: 'error', data: { code: 'no_intent_match' } }, conversation_id: 'c', continue_conversation: false });
  const answer = assertSkillResponse(t, await handler(ask('flibber the jabberwock')));
  t.equal(answer.speech, "Sorry, I couldn't understand that");
  t.equal(answer.response.shouldEndSession, true);
  t.match(summary(), { outcome: 'error', errorType: 'ASSIST_ERROR', errorMessage: 'Assist could not handle the request (code no_intent_match)' });
});

t.test('an answer without speech still says something', async (t) => {
  const cases = [
    { type: 'action_done', speech: 'Done.' },
    { type: 'query_answer', speech: "Home Assistant didn't say anything." },
    { type: 'error', speech: "Home Assistant couldn't do that." },
    { type: undefined, speech: 'Done.' },
  ];
  fake.conversation = () => ({});
  t.equal(assertSkillResponse(t, await handler(ask('do it'))).speech, 'Done.', 'an answer without a response object');
  for (const row of cases) {
    fake.conversation = () => ({ response: { speech: { plain: { speech: '' } }, ...(row.type === undefined ? {} : { response_type: row.type }), data: {} }, conversation_id: 'c', continue_conversation: false });
    t.equal(assertSkillResponse(t, await handler(ask('do it'))).speech, row.speech, String(row.type));
  }
});

t.test("Home Assistant's reply is SSML-escaped", async (t) => {
  fake.conversation = () => ({ response: { speech: { plain: { speech: 'Tom & Jerry\'s "TV" <living room> is on.' } }, response_type: 'action_done' }, conversation_id: 'c', continue_conversation: false });
  const answer = assertSkillResponse(t, await handler(ask('is the tv on')));
  t.equal(answer.response.outputSpeech?.ssml, '<speak>Tom &amp; Jerry&apos;s &quot;TV&quot; &lt;living room&gt; is on.</speak>');
});

t.test('a long reply is cut at a sentence boundary within 8,000 characters', async (t) => {
  const sentence = 'The living room temperature is twenty one degrees & rising. ';
  fake.conversation = () => ({ response: { speech: { plain: { speech: sentence.repeat(400) } }, response_type: 'query_answer' }, conversation_id: 'c', continue_conversation: false });
  const answer = assertSkillResponse(t, await handler(ask('tell me everything')));
  t.ok(answer.speech.endsWith('degrees & rising.'), 'ends with a whole sentence');
  t.ok((answer.response.outputSpeech?.ssml.length ?? 0) > 7_500, 'uses most of the allowance');
});

t.test('the token: the linked one when present, per HA_TOKEN_SOURCE', async (t) => {
  const cases = [
    { source: 'auto', accessToken: LINKED, used: LINKED },
    { source: 'auto', accessToken: undefined, used: STORED },
    { source: 'stored', accessToken: LINKED, used: STORED },
    { source: 'directive', accessToken: LINKED, used: LINKED },
  ];
  for (const row of cases) {
    useEnv({ HA_TOKEN_SOURCE: row.source });
    fake.reset();
    await handler(ask('hello', row.accessToken === undefined ? {} : { accessToken: row.accessToken }));
    t.equal(fake.requests[0]?.token, row.used, `${row.source} with${row.accessToken === undefined ? 'out' : ''} a linked token`);
  }
});

t.test('no usable token: a spoken hint, no Home Assistant call', async (t) => {
  useEnv({ HA_TOKEN_SOURCE: 'directive' });
  const linked = assertSkillResponse(t, await handler(ask('hello')));
  t.equal(linked.speech, "This skill isn't linked to Home Assistant yet. Please link it in the Alexa app.");
  t.same(linked.response.card, { type: 'LinkAccount' });
  t.match(summary(), { outcome: 'error', errorType: 'NO_TOKEN', errorMessage: /HA_TOKEN_SOURCE=directive/ });
  delete process.env.HOME_ASSISTANT_TOKEN;
  process.env.HA_TOKEN_SOURCE = 'auto';
  resetConfigCache();
  const stored = assertSkillResponse(t, await handler(ask('hello')));
  t.equal(stored.speech, 'This skill has no Home Assistant access token yet. Please add one to its settings.');
  t.equal(stored.response.card, undefined);
  t.equal(fake.requests.length, 0);
});

t.test('only the configured skill may use the function', async (t) => {
  const cases: { name: string; env: Record<string, string>; options: { applicationId?: string | null }; errorType: string; message: RegExp }[] = [
    { name: 'another skill', env: {}, options: { applicationId: 'amzn1.ask.skill.someone-else' }, errorType: 'SKILL_ID_MISMATCH', message: /from amzn1\.ask\.skill\.someone-else refused: ALEXA_SKILL_ID allows amzn1\.ask\.skill\.1111.*add amzn1\.ask\.skill\.someone-else to ALEXA_SKILL_ID/ },
    { name: 'no applicationId', env: {}, options: { applicationId: null }, errorType: 'SKILL_ID_MISSING', message: /carries no applicationId/ },
    { name: 'ALEXA_SKILL_ID unset', env: { ALEXA_SKILL_ID: '' }, options: {}, errorType: 'SKILL_ID_NOT_SET', message: new RegExp(`ALEXA_SKILL_ID is not set\\. Set ALEXA_SKILL_ID=${SKILL_ID.replace(/\./g, '\\.')}`) },
    { name: 'ALEXA_SKILL_ID unset, no applicationId', env: { ALEXA_SKILL_ID: '' }, options: { applicationId: null }, errorType: 'SKILL_ID_NOT_SET', message: /Set ALEXA_SKILL_ID=<your skill ID> \(your skill's ID in the Alexa developer console\)/ },
  ];
  for (const row of cases) {
    useEnv(row.env);
    for (const event of [ask('unlock the front door', row.options), launch(row.options), sessionEnded('USER_INITIATED', undefined, row.options)]) {
      lines.length = 0;
      const answer = assertSkillResponse(t, await handler(event));
      t.equal(answer.speech, "This skill isn't allowed to talk to this Home Assistant. Its skill ID must be added to the function's settings.", row.name);
      t.equal(answer.response.shouldEndSession, true);
      t.match(summary(), { outcome: 'error', errorType: row.errorType, errorMessage: row.message }, `${row.name}: the log says what to set`);
    }
  }
  t.equal(fake.requests.length, 0, 'Home Assistant is never called');
});

t.test('the skill ID may come from context.System, and ALEXA_SKILL_ID may list several', async (t) => {
  useEnv({ ALEXA_SKILL_ID: `amzn1.ask.skill.other, ${SKILL_ID}` });
  const event = ask('hello');
  delete (event.session as Record<string, unknown>).application;
  t.equal(assertSkillResponse(t, await handler(event)).speech, 'You said: hello');
});

t.test("Home Assistant's failures become spoken replies", async (t) => {
  const cases: { name: string; answer: Parameters<typeof fake.override>[0] | 'network'; linked?: boolean; speech: RegExp; errorType: string; card?: boolean }[] = [
    { name: 'stored token rejected', answer: () => ({ status: 401, body: '401: Unauthorized' }), speech: /didn't accept the access token in this skill's settings/, errorType: 'auth' },
    { name: 'linked token rejected', answer: () => ({ status: 401, body: '401: Unauthorized' }), linked: true, speech: /link the skill again in the Alexa app/, errorType: 'auth', card: true },
    { name: 'IP banned', answer: () => ({ status: 403, body: '403: Forbidden' }), speech: /rejected the request/, errorType: 'auth' },
    { name: 'conversation not loaded', answer: () => ({ status: 404, body: '404: Not Found' }), speech: /conversation feature isn't available/, errorType: 'not_found' },
    { name: 'server error', answer: () => ({ status: 500, body: '500 Internal Server Error' }), speech: /ran into an error/, errorType: 'server' },
    { name: 'bad request', answer: () => ({ status: 400, body: { message: 'Message format incorrect' } }), speech: /rejected the request/, errorType: 'bad_request' },
    { name: 'Cloudflare challenge', answer: () => ({ status: 403, body: '<html><title>Just a moment...</title>cf-chl</html>', headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' } }), speech: /proxy or Cloudflare/, errorType: 'protocol' },
    { name: 'unreachable', answer: 'network', speech: /can't reach Home Assistant/, errorType: 'unreachable' },
  ];
  for (const row of cases) {
    fake.reset();
    server.resetHandlers();
    resetBreakers();
    lines.length = 0;
    if (row.answer === 'network') server.use(http.post(`${HA_URL}/api/conversation/process`, () => HttpResponse.error()));
    else fake.override(row.answer);
    const answer = assertSkillResponse(t, await handler(ask('open the garage', row.linked === true ? { accessToken: LINKED } : {})));
    t.match(answer.speech, row.speech, row.name);
    t.equal(answer.response.shouldEndSession, true, `${row.name}: ends the session`);
    t.equal(answer.response.card?.type, row.card === true ? 'LinkAccount' : undefined, `${row.name}: card`);
    t.match(summary(), { outcome: 'error', errorType: row.errorType, errorMessage: /\/api\/conversation\/process/ }, `${row.name}: logged`);
  }
});

t.test('a rejected call names HA_CONVERSATION_AGENT in the log', async (t) => {
  useEnv({ HA_CONVERSATION_AGENT: 'conversation.missing' });
  fake.override(() => ({ status: 500, body: '500 Internal Server Error' }));
  await handler(ask('hello'));
  t.match(summary(), { errorType: 'server', errorMessage: /HA_CONVERSATION_AGENT=conversation\.missing names an existing conversation agent/ });
});

t.test('an open circuit is answered at once, with when to retry', async (t) => {
  useEnv({ HA_CIRCUIT_THRESHOLD: '1' });
  fake.override(() => ({ status: 500, body: 'boom' }));
  await handler(ask('hello'));
  fake.reset();
  lines.length = 0;
  const answer = assertSkillResponse(t, await handler(ask('hello')));
  t.match(answer.speech, /giving it a short break\. Please try again in \d+ seconds\./);
  t.equal(fake.requests.length, 0, 'no call while the circuit is open');
  t.match(summary(), { errorType: 'circuit_open' });
});

t.test('the log line never holds the words, the reply or a token, unless DEBUG_MODE shows the words', async (t) => {
  const secretWords = 'is the alarm code 4711 disarmed';
  await handler(ask(secretWords, { accessToken: LINKED }));
  const log = lines.join('\n');
  for (const secret of [secretWords, `You said: ${secretWords}`, LINKED, STORED, API_TOKEN]) t.notOk(log.includes(secret), `not logged: ${secret.slice(0, 12)}…`);
  lines.length = 0;
  useEnv({ DEBUG_MODE: 'true' });
  await handler(ask(secretWords, { accessToken: LINKED }));
  t.match(summary(), { detail: { query: secretWords, speech: `You said: ${secretWords}`, tokenSource: 'directive' } });
  t.notOk(lines.join('\n').includes(LINKED), 'never the token');
});

t.test('a fast answer sends no progressive response', async (t) => {
  await handler(ask('hello'));
  t.same(progressive, []);
});
