/**
 * Unit tests for src/alexa/custom-skill/handlers/index.ts: the registry covers every intent the
 * interaction model declares and refuses duplicates.
 */
import t from 'tap';
import { buildRegistry, REQUEST_HANDLERS } from '../../../../src/alexa/custom-skill/handlers/index.js';
import { BUILT_IN_INTENTS, CONVERSATION_INTENT } from '../../../../src/alexa/custom-skill/intents.js';

t.test('every intent of the model has a handler', (t) => {
  for (const name of [CONVERSATION_INTENT, ...Object.values(BUILT_IN_INTENTS)]) t.ok(REQUEST_HANDLERS.has(`IntentRequest:${name}`), name);
  t.ok(REQUEST_HANDLERS.has('LaunchRequest'));
  t.ok(REQUEST_HANDLERS.has('SessionEndedRequest'));
  t.end();
});

t.test('a duplicate handler fails at load', (t) => {
  const handler = () => ({ version: '1.0', response: {} });
  t.throws(() => buildRegistry([['LaunchRequest', handler], ['LaunchRequest', handler]]), /Duplicate Custom skill handler for LaunchRequest/);
  t.end();
});
