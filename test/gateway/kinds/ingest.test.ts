/**
 * The ingest kind (src/gateway/kinds/ingest.ts): a Function URL event through the real gateway reaches
 * the events code and gets an HTTP answer; with events off, settings broken or through the diagnostics
 * alias it gets a sentence and nothing is called.
 */
import t from 'tap';
import { resetColdStart, route } from '../../../src/gateway/route.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { setLambdaEnv } from '../../fixtures/lambda-env.js';
import { configFor, eventsEnv, INGEST_SECRET, resetWorld, seedGrant, useEventsWorld } from '../../alexa/events/harness.js';

const STATES = [state('switch.a', 'on', { friendly_name: 'A' })];
const world = useEventsWorld(t, STATES);
t.beforeEach(() => {
  resetWorld(world, STATES);
  resetColdStart();
});

const poke = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/v1/ha/push',
  rawQueryString: '',
  headers: { authorization: `Bearer ${INGEST_SECRET}`, 'content-type': 'application/json', host: 'abc.lambda-url.eu-west-1.on.aws' },
  requestContext: { http: { method: 'POST', path: '/v1/ha/push', sourceIp: '198.51.100.7' } },
  body: '{"v":1,"kind":"state","entity_id":"switch.a","by_user":false,"by_rule":false}',
  isBase64Encoded: false,
};

t.test('a Function URL poke is routed to the events code and answered over HTTP', async (t) => {
  seedGrant(world);
  await configFor(eventsEnv());
  const answer = await route(poke) as { statusCode: number; headers: Record<string, string>; body: string };
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['content-type'], 'application/json');
  t.same(JSON.parse(answer.body), { kind: 'state', sent: 1 });
  t.equal(world.gateway.accepted[0]?.event.header.name, 'ChangeReport');
  const summary = world.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'invocation');
  t.match(summary, { kind: 'ingest', operation: 'ingest state', outcome: 'ok', RequestKind: 'ingest' });
  assertNoSecretPart(t, world.logs.join('\n'), world.secrets(), 'log lines');
  assertNoSecretPart(t, answer, world.secrets(), 'answer');
});

t.test('a wrong secret through the gateway is 401 and the log line has no secret', async (t) => {
  await configFor(eventsEnv());
  const answer = await route({ ...poke, headers: { authorization: 'Bearer guess-guess-guess' } }) as { statusCode: number; body: string };
  t.equal(answer.statusCode, 401);
  t.same(world.ha.requests, []);
  t.same(world.lwa.calls, []);
  t.notMatch(world.logs.join('\n'), /guess-guess/);
});

t.test('settings that do not load answer 500 with a sentence; HOME_ASSISTANT_ENABLED=false answers 503', async (t) => {
  setLambdaEnv(eventsEnv({ ALEXA_EVENTS: 'maybe' }));
  const broken = await route(poke) as { statusCode: number; body: string };
  t.equal(broken.statusCode, 500);
  t.match(JSON.parse(broken.body), { message: /misconfigured/ });
  await configFor(eventsEnv({ HOME_ASSISTANT_ENABLED: 'false' }));
  const off = await route(poke) as { statusCode: number; body: string };
  t.equal(off.statusCode, 503);
  t.same(world.gateway.received, []);
});

t.test('the diagnostics alias refuses pokes', async (t) => {
  await configFor(eventsEnv());
  const answer = await route(poke, { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:diagnostics' }) as { statusCode: number; body: string };
  t.equal(answer.statusCode, 403);
  t.same(world.ha.requests, []);
  t.same(world.aws.ssm.calls, []);
});
