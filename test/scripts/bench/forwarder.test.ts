/**
 * Tests for scripts/bench/forwarder.mjs, the benchmark's yardstick: in a fresh process, as the
 * benchmark runs it, it forwards a directive to Home Assistant's /api/alexa/smart_home with the
 * directive's token and returns the answer, and logs the time Home Assistant took the way the
 * bundle does, so the benchmark subtracts the same thing from both.
 */
import t from 'tap';
import { FORWARDER_PATH } from '../../../scripts/bench/forwarder-rows.js';
import { cannedProxyAnswer } from '../../../scripts/bench/run.js';
import { discoveryEvent, turnOnEvent } from '../../../scripts/local/events.js';
import { LambdaChild } from '../../../scripts/smoke/lambda-child.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';

t.setTimeout(60_000);

t.test('forwards each directive with its own token and returns what Home Assistant answered', async (t) => {
  // Prepare
  const fake = new FakeHomeAssistant({ tokens: ['directive-token', 'stored-token'] });
  fake.smartHome = cannedProxyAnswer;
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());
  const child = new LambdaChild({ indexPath: FORWARDER_PATH, env: { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: 'stored-token' } });
  t.teardown(() => child.kill());
  const turnOn = turnOnEvent('light.kitchen', 'directive-token');

  // Act
  t.equal((await child.ready()).error, undefined);
  const answer = await child.invoke(turnOn, 2);
  const discovery = await child.invoke({ directive: { ...(discoveryEvent('x').directive as object), payload: {} } });

  // Assess
  t.same(answer.response, cannedProxyAnswer(turnOn).body);
  assertAlexaValid(t, answer.response, 'the forwarded answer');
  t.equal(answer.samples.length, 2);
  for (const [wallMs, haMs] of answer.samples) t.ok(haMs > 0 && haMs <= wallMs, 'Home Assistant time is logged, within the wall time');
  t.same(
    fake.requests.map((request) => [request.method, request.path, request.token]),
    [
      ['POST', '/api/alexa/smart_home', 'directive-token'],
      ['POST', '/api/alexa/smart_home', 'directive-token'],
      ['POST', '/api/alexa/smart_home', 'stored-token'],
    ],
    'the stored token only when the directive carries none',
  );
  t.equal(discovery.error, undefined);
});
