/**
 * Unit tests for src/alexa/custom-skill/envelope.ts and handle-request.ts called directly: malformed
 * requests are read defensively, and the failure boundary answers whatever a handler throws.
 */
import t from 'tap';
import { readSkillRequest } from '../../../src/alexa/custom-skill/envelope.js';
import { handleCustomSkill } from '../../../src/alexa/custom-skill/handle-request.js';
import { loadConfig } from '../../../src/config/index.js';
import type { InvocationRecord, RequestContext } from '../../../src/gateway/context.js';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { Logger, setLogSink } from '../../../src/logging/logger.js';
import { ask, assertSkillResponse, SKILL_ID } from './skill-requests.js';

t.test('reads the fields it needs and ignores malformed ones', (t) => {
  t.equal(readSkillRequest({ request: {} }), undefined, 'no request.type');
  t.equal(readSkillRequest('text'), undefined);
  const bare = readSkillRequest({ request: { type: 'IntentRequest', intent: 'not an object' } });
  t.match(bare, { type: 'IntentRequest', requestId: '', locale: undefined, applicationId: undefined, accessToken: undefined, api: undefined, attributes: {} });
  t.equal(bare?.intent.name, '');
  t.same(readSkillRequest({ request: { type: 'IntentRequest', intent: {} } })?.intent, { name: '', slots: new Map() }, 'an intent without name or slots');
  const slots = readSkillRequest({ request: { type: 'IntentRequest', intent: { name: 'ConversationIntent', slots: { query: { value: 'hi' }, other: 'x', empty: { value: '' }, ['__proto__']: { value: 'p' } } } } });
  t.same([...(slots?.intent.slots ?? [])], [['query', 'hi'], ['__proto__', 'p']], 'only string values; odd names stay plain keys');
  t.equal(readSkillRequest({ request: { type: 'LaunchRequest' }, context: { System: { apiEndpoint: 'https://api' } } })?.api, undefined, 'no progressive response without a token');
  t.same(readSkillRequest({ request: { type: 'SessionEndedRequest', reason: 'ERROR', error: { type: 'INVALID_RESPONSE' } } })?.ended, { reason: 'ERROR', errorType: 'INVALID_RESPONSE' });
  t.end();
});

async function context(haClient: RequestContext['haClient']): Promise<RequestContext> {
  const { config } = await loadConfig({ env: { HOME_ASSISTANT_URL: 'https://ha.test', HOME_ASSISTANT_TOKEN: 'stored-direct-token-1234', ALEXA_SKILL_ID: SKILL_ID } });
  if (config === undefined) throw new Error('test configuration is invalid');
  const invocation: InvocationRecord = { outcome: 'ok', haCalls: [], detail: {} };
  const deadline = createDeadline(7_500);
  t.teardown(() => deadline.dispose());
  return { requestId: 'r-1', config, logger: new Logger(), deadline, invocation, haClient };
}

t.test('an event without request.type gets a spoken apology', async (t) => {
  const ctx = await context(() => {
    throw new Error('unused');
  });
  const answer = assertSkillResponse(t, await handleCustomSkill({ version: '1.0' }, ctx));
  t.equal(answer.speech, 'Sorry, something went wrong. Please try again.');
  t.match(ctx.invocation, { operation: 'custom-skill', outcome: 'error', errorType: 'INVALID_REQUEST' });
});

t.test('an unexpected error in a handler is spoken as an apology and logged', async (t) => {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  t.teardown(() => setLogSink(previous));
  const ctx = await context(() => {
    throw new Error('HOME_ASSISTANT_URL is not set');
  });
  const answer = assertSkillResponse(t, await handleCustomSkill(ask('hello'), ctx));
  t.equal(answer.speech, 'Sorry, something went wrong. Please try again.');
  t.match(ctx.invocation, { outcome: 'error', errorType: 'INTERNAL_ERROR', errorMessage: 'Error: HOME_ASSISTANT_URL is not set' });
  t.match(lines.map((line) => JSON.parse(line) as unknown), [{ level: 'error', message: 'Custom skill handler failed', operation: 'IntentRequest:ConversationIntent' }]);
});
