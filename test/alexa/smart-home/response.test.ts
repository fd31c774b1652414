/** The answer builders: echoes, fresh message IDs, context, and ErrorResponses from anything. */
import t from 'tap';
import { AlexaInternalError } from '../../../src/alexa/smart-home/errors.js';
import { buildError, buildErrorFromEvent, buildResponse } from '../../../src/alexa/smart-home/response.js';
import { SecretRegistry } from '../../../src/logging/redact.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { parseDirective, type Directive } from '../../../src/alexa/smart-home/directive.js';
import { directive } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

function parsed(event: unknown): Directive {
  const result = parseDirective(event);
  if (!result.ok) throw new Error(result.message);
  return result.directive;
}

t.test('a response echoes the endpoint with its scope and a non-empty cookie', (t) => {
  const event = directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' });
  (event.directive.endpoint as Record<string, unknown>).cookie = { room: 'kitchen' };
  const response = buildResponse(parsed(event));
  t.same(response.event.endpoint, { scope: { type: 'BearerToken', token: 'directive-token-abcdef' }, endpointId: 'light#a', cookie: { room: 'kitchen' } });
  t.equal(response.context, undefined, 'no context unless properties are given');
  assertSmartHomeValid(t, response);
  t.end();
});

t.test('an empty cookie and a missing scope are not echoed', (t) => {
  const response = buildResponse(parsed(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a', token: null })));
  t.same(response.event.endpoint, { endpointId: 'light#a' });
  t.end();
});

t.test('an ErrorResponse message is scrubbed before it is cut to 1,000 characters', (t) => {
  const jwt = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'.repeat(3)}.${'c2lnbmF0dXJl'.repeat(4)}`;
  const registered = `opaque-${'0f1e2d3c4b5a'.repeat(12)}`;
  const shaped = buildErrorFromEvent({}, 'Alexa', 'INTERNAL_ERROR', `${'x'.repeat(980)} ${jwt} after`);
  assertNoSecretPart(t, shaped, [jwt], 'a JWT across the cut');
  const secrets = new SecretRegistry([registered]);
  const error = buildError({}, new AlexaInternalError(`${'y'.repeat(900)} ${registered} after`), (text) => secrets.scrub(text));
  assertNoSecretPart(t, error, [registered], 'a registered token across the cut');
  t.match(error.event.payload.message, /y \[REDACTED\] after$/);
  assertSmartHomeValid(t, shaped);
  assertSmartHomeValid(t, error);
  t.end();
});

t.test('a malformed scope is never echoed, so the answer stays valid against Amazon\'s schema', (t) => {
  const malformed: readonly Record<string, unknown>[] = [
    { type: 'BearerToken' },
    { type: 'BearerToken', token: '' },
    { type: 'OAuth', token: 'directive-token-abcdef' },
    { token: 'directive-token-abcdef' },
    {},
  ];
  for (const scope of malformed) {
    const event = directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' });
    (event.directive.endpoint as Record<string, unknown>).scope = scope;
    const response = buildResponse(parsed(event));
    t.same(response.event.endpoint, { endpointId: 'light#a' }, `scope ${JSON.stringify(scope)} is left out`);
    assertSmartHomeValid(t, response);
  }
  t.end();
});

t.test('every message gets a fresh UUID', (t) => {
  const d = parsed(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' }));
  const ids = new Set(Array.from({ length: 50 }, () => buildResponse(d).event.header.messageId));
  t.equal(ids.size, 50);
  t.end();
});

t.test('an ErrorResponse message is one bounded line, never empty', (t) => {
  const empty = buildErrorFromEvent({}, 'Alexa', 'INTERNAL_ERROR', '   ');
  t.equal(empty.event.payload.message, 'error');
  const long = buildErrorFromEvent({}, 'Alexa', 'INTERNAL_ERROR', `line one\nline two ${'x'.repeat(2000)}`);
  t.match(long.event.payload.message, /^line one line two x+$/);
  t.equal(String(long.event.payload.message).length, 1000);
  assertSmartHomeValid(t, empty);
  t.end();
});
