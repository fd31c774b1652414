/**
 * Unit tests for src/alexa/custom-skill/failures.ts: every kind of failure has a spoken reply that
 * says what to do, and a log entry that says why.
 */
import t from 'tap';
import { describeFailure, SkillFailure } from '../../../src/alexa/custom-skill/failures.js';
import {
  HaAuthError,
  HaBadRequestError,
  HaCircuitOpenError,
  HaNotFoundError,
  HaProtocolError,
  HaServerError,
  HaUnreachableError,
} from '../../../src/homeassistant/index.js';

const PATH = '/api/conversation/process';
const unlinked = { linked: false, agentId: undefined };

t.test('each Home Assistant failure has its spoken reply', (t) => {
  const cases = [
    { error: new HaUnreachableError('no answer', PATH, 'timeout'), speech: 'Home Assistant is taking too long, please try again.', errorType: 'unreachable' },
    { error: new HaUnreachableError('refused', PATH, 'refused'), speech: /can't reach Home Assistant right now/, errorType: 'unreachable' },
    { error: new HaAuthError('401', PATH, 401), speech: /access token in this skill's settings/, errorType: 'auth' },
    { error: new HaAuthError('403', PATH, 403), speech: /rejected the request/, errorType: 'auth' },
    { error: new HaCircuitOpenError(PATH, 400), speech: /try again in 1 second\.$/, errorType: 'circuit_open' },
    { error: new HaCircuitOpenError(PATH, 29_500), speech: /try again in 30 seconds\.$/, errorType: 'circuit_open' },
    { error: new HaProtocolError('html', PATH, 200, true), speech: /proxy or Cloudflare/, errorType: 'protocol' },
    { error: new HaNotFoundError('404', PATH), speech: /conversation feature isn't available/, errorType: 'not_found' },
    { error: new HaBadRequestError('400', PATH, 400), speech: /rejected the request/, errorType: 'bad_request' },
    { error: new HaServerError('500', PATH, 500), speech: /ran into an error/, errorType: 'server' },
  ];
  for (const row of cases) {
    const failure = describeFailure(row.error, unlinked);
    t.match(failure, { speech: row.speech, errorType: row.errorType, linkAccount: false }, `${row.error.name} ${row.error.message}`);
  }
  t.end();
});

t.test('a rejected linked token asks to relink, with the account-linking card', (t) => {
  t.match(describeFailure(new HaAuthError('401', PATH, 401), { linked: true, agentId: undefined }), { speech: /link the skill again in the Alexa app/, linkAccount: true });
  t.end();
});

t.test('the log names the conversation integration and HA_CONVERSATION_AGENT when they may be at fault', (t) => {
  const agent = { linked: false, agentId: 'conversation.gpt' };
  t.match(describeFailure(new HaNotFoundError('404', PATH), unlinked).errorMessage, /conversation integration is not loaded/);
  t.notMatch(describeFailure(new HaServerError('500', PATH, 500), unlinked).errorMessage, /HA_CONVERSATION_AGENT/);
  for (const error of [new HaNotFoundError('404', PATH), new HaBadRequestError('400', PATH, 400), new HaServerError('500', PATH, 500)]) {
    t.match(describeFailure(error, agent).errorMessage, /HA_CONVERSATION_AGENT=conversation\.gpt names an existing conversation agent/, error.name);
  }
  t.end();
});

t.test("the skill's own failures keep their words; anything else is an internal error", (t) => {
  t.same(describeFailure(new SkillFailure('NO_TOKEN', 'why', 'what to do', { linkAccount: true }), unlinked), { speech: 'what to do', errorType: 'NO_TOKEN', errorMessage: 'why', linkAccount: true });
  t.same(describeFailure(new TypeError('x is undefined'), unlinked), { speech: 'Sorry, something went wrong. Please try again.', errorType: 'INTERNAL_ERROR', errorMessage: 'TypeError: x is undefined', linkAccount: false });
  t.match(describeFailure('a string', unlinked), { errorType: 'INTERNAL_ERROR', errorMessage: 'a string' });
  t.end();
});
