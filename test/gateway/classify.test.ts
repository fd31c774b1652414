/** Unit tests for src/gateway/classify.ts. */
import t from 'tap';
import { classifyEvent, describeShape } from '../../src/gateway/classify.js';

t.test('events are classified by shape', async (t) => {
  const cases: [string, unknown, string][] = [
    ['Smart Home directive', { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3' } } }, 'smart-home'],
    ['malformed directive (still Smart Home, to get INVALID_DIRECTIVE)', { directive: 'nonsense' }, 'smart-home'],
    ['Custom skill request', { version: '1.0', request: { type: 'LaunchRequest' } }, 'custom-skill'],
    // A Custom skill envelope with a bad version or request is still answered as a Custom skill (spoken).
    ['Custom skill with the wrong version', { version: '2.0', request: { type: 'LaunchRequest' } }, 'custom-skill'],
    ['request without a type', { version: '1.0', request: {} }, 'custom-skill'],
    ['request that is not an object', { version: '1.0', request: 'LaunchRequest' }, 'custom-skill'],
    ['envelope without a request', { version: '1.0', session: { new: true }, context: { System: {} } }, 'custom-skill'],
    ['a version alone', { version: '1.0' }, 'unknown'],
    ['health check', { diagnostics: 'health' }, 'diagnostics'],
    ['ping', { diagnostics: 'ping' }, 'diagnostics'],
    ['API Gateway event', { httpMethod: 'GET', path: '/' }, 'unknown'],
    ['null', null, 'unknown'],
    ['string', 'hello', 'unknown'],
    ['array', [1, 2], 'unknown'],
  ];
  for (const [name, event, kind] of cases) t.equal(classifyEvent(event), kind, name);
});

t.test('an unknown event is described by its keys only, never its values', async (t) => {
  t.equal(describeShape({ token: 'secret-value-xyz', other: 1 }), 'an object with keys token, other');
  t.equal(describeShape(null), 'null');
  t.equal(describeShape([1]), 'an array of 1');
  t.equal(describeShape(42), 'a number');
  t.equal(describeShape({}), 'an empty object');
  t.equal(describeShape({ 'we<ird>"key': 1 }), 'an object with keys weirdkey');
});
