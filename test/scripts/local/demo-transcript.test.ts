/**
 * Unit tests for the local tools' building blocks: the events (scripts/local/events.ts), the
 * in-process invocation with its log capture (scripts/local/handler.ts) and the transcript lines
 * (scripts/local/transcript.ts).
 */
import { join } from 'node:path';
import t from 'tap';
import { customSkillEvent, directiveEvent, looksLikeEntity, toEndpointId, toEntityId } from '../../../scripts/local/events.js';
import { findSummary, haTimeMs, invokeQuietly, loadBuiltHandler, messageOf, parseLogLine } from '../../../scripts/local/handler.js';
import {
  describeAnswer,
  discoveredEndpoints,
  formatDiscoveryTable,
  formatHaCall,
  formatProperties,
  formatPropertyValue,
  formatServiceCall,
  formatValue,
  isErrorAnswer,
  maskTokens,
  spokenText,
} from '../../../scripts/local/transcript.js';

t.test('entity ids and endpoint ids convert both ways', (t) => {
  t.equal(toEndpointId('light.kitchen'), 'light#kitchen');
  t.equal(toEndpointId('light#kitchen'), 'light#kitchen');
  t.equal(toEntityId('light#kitchen'), 'light.kitchen');
  t.equal(toEntityId('light.kitchen'), 'light.kitchen');
  const cases: [string, boolean][] = [['light.kitchen', true], ['media_player#tv_2', true], ['kitchen', false], ['Light.Kitchen', false], ['light.kitchen.extra', false]];
  for (const [value, expected] of cases) t.equal(looksLikeEntity(value), expected, value);
  t.end();
});

t.test('directives carry a correlation token and the scope token; Custom skill requests carry the skill id', (t) => {
  const directive = directiveEvent({ namespace: 'Alexa.LockController', name: 'Lock', endpoint: 'lock.front_door', token: 'tok' }) as { directive: { header: { correlationToken: string }; endpoint: unknown; payload: unknown } };
  t.match(directive.directive.header.correlationToken, /^local-/);
  t.same(directive.directive.endpoint, { scope: { type: 'BearerToken', token: 'tok' }, endpointId: 'lock#front_door', cookie: {} });
  t.same(directive.directive.payload, {});
  const intent = customSkillEvent({ type: 'IntentRequest', utterance: 'lights on', skillId: 'amzn1.ask.skill.x', locale: 'de-DE' });
  t.match(intent, {
    version: '1.0',
    session: { new: true, application: { applicationId: 'amzn1.ask.skill.x' } },
    context: { System: { application: { applicationId: 'amzn1.ask.skill.x' } } },
    request: { type: 'IntentRequest', locale: 'de-DE', intent: { name: 'ConversationIntent', slots: { query: { name: 'query', value: 'lights on' } } } },
  });
  t.match(customSkillEvent({ type: 'IntentRequest' }), { request: { intent: { slots: { query: { value: '' } } } } });
  t.notOk('intent' in (customSkillEvent({ type: 'LaunchRequest' }) as { request: object }).request);
  t.end();
});

t.test("the handler's log lines are recognised and its summary read", (t) => {
  t.equal(parseLogLine('plain text'), undefined);
  t.equal(parseLogLine('{not json'), undefined);
  t.equal(parseLogLine('{"no":"message"}'), undefined);
  t.same(parseLogLine('{"message":"x"}'), { message: 'x' });
  t.equal(findSummary(['{"message":"other"}', 'noise']), undefined);
  t.same(findSummary(['{"message":"invocation","operation":"Alexa.PowerController.TurnOn","outcome":"error","errorType":"X","errorMessage":"why","durationMs":3,"haCalls":[{"method":"GET","path":"/api/","status":200,"ms":1.5}]}']), {
    operation: 'Alexa.PowerController.TurnOn',
    outcome: 'error',
    errorType: 'X',
    errorMessage: 'why',
    durationMs: 3,
    haCalls: [{ method: 'GET', path: '/api/', status: 200, ms: 1.5 }],
  });
  t.same(findSummary(['{"message":"invocation","operation":1,"haCalls":"no"}']), { operation: undefined, outcome: undefined, errorType: undefined, errorMessage: undefined, durationMs: undefined, haCalls: [] });
  t.equal(haTimeMs(undefined), 0);
  t.equal(haTimeMs({ haCalls: [{ method: 'GET', path: '/a', status: 200, ms: 1.25 }, { method: 'GET', path: '/b', status: 200, ms: 2 }] }), 3.25);
  t.end();
});

t.test("invokeQuietly takes the handler's log lines off stdout, lets other output through, and restores stdout", async (t) => {
  // Compared by identity only, never called.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.stdout.write;
  const result = await invokeQuietly(async (event) => {
    process.stdout.write('{"level":"info","message":"invocation","haCalls":[]}\n');
    process.stdout.write('# a line that is not a log line\n');
    await Promise.resolve();
    return { echoed: event };
  }, 'ping');
  t.same(result.response, { echoed: 'ping' });
  t.same(result.logLines, ['{"level":"info","message":"invocation","haCalls":[]}']);
  t.same(result.summary?.haCalls, []);
  t.ok(result.wallMs >= 0);
  // eslint-disable-next-line @typescript-eslint/unbound-method
  t.equal(process.stdout.write, original);
  await t.rejects(
    invokeQuietly(() => Promise.reject(new Error('thrown')), {}),
    /thrown/,
  );
  // eslint-disable-next-line @typescript-eslint/unbound-method
  t.equal(process.stdout.write, original, 'restored after a throw too');
});

t.test('loading the bundle names what is wrong', async (t) => {
  const dir = t.testdir({ 'index.mjs': 'export const handler = 42;\n' });
  await t.rejects(loadBuiltHandler(join(dir, 'missing.mjs')), /missing\.mjs does not exist: run npm run build first/);
  await t.rejects(loadBuiltHandler(join(dir, 'index.mjs')), /index\.mjs does not export a handler function/);
});

t.test('values, service calls and Home Assistant calls read naturally', (t) => {
  t.equal(formatValue({ entity_id: 'light.kitchen', rgb_color: [255, 0, 0], nested: { on: true }, none: null }), '{entity_id: light.kitchen, rgb_color: [255, 0, 0], nested: {on: true}, none: null}');
  t.equal(formatServiceCall({ domain: 'climate', service: 'set_temperature', data: { entity_id: 'climate.living_room', temperature: 21 } }), 'climate.set_temperature {entity_id: climate.living_room, temperature: 21}');
  t.equal(formatHaCall({ method: 'GET', path: '/api/states', status: 200, ms: 3.2 }), 'GET /api/states → 200 (3.2 ms)');
  t.equal(formatHaCall({ method: 'GET', path: '/api/states', status: 200, ms: 0, cached: true }), 'GET /api/states → cached (0 ms)');
  t.equal(formatHaCall({ method: 'POST', path: '/api/x', status: null, ms: 7500, error: 'timeout' }), 'POST /api/x → failed (timeout) (7500 ms)');
  t.equal(formatHaCall({ method: 'POST', path: '/api/x', status: null, ms: 1 }), 'POST /api/x → failed (no answer) (1 ms)');
  t.equal(formatPropertyValue({ value: 21, scale: 'CELSIUS' }), '21 CELSIUS');
  t.equal(formatPropertyValue({ value: 'OK' }), 'OK');
  t.equal(formatPropertyValue({ hue: 0, saturation: 1 }), '{hue: 0, saturation: 1}');
  t.equal(formatPropertyValue('ON'), 'ON');
  t.equal(formatProperties({}), '');
  t.equal(formatProperties({ context: { properties: [] } }), '');
  t.equal(formatProperties({ context: { properties: [{ name: 'powerState', value: 'ON' }, 'junk'] } }), 'powerState = ON');
  t.end();
});

t.test('discovered endpoints become a table of name, endpoint, category and interfaces', (t) => {
  t.equal(discoveredEndpoints({ event: { header: { name: 'Response' } } }), undefined);
  t.same(discoveredEndpoints({ event: { header: { name: 'Discover.Response' }, payload: {} } }), []);
  const endpoints = discoveredEndpoints({
    event: {
      header: { name: 'Discover.Response' },
      payload: {
        endpoints: [
          {
            friendlyName: 'Kitchen Light',
            endpointId: 'light#kitchen',
            displayCategories: ['LIGHT'],
            capabilities: [{ interface: 'Alexa' }, { interface: 'Alexa.PowerController' }, { interface: 'Alexa.BrightnessController' }, {}],
          },
          { endpointId: 'odd#one' },
          'not an endpoint',
        ],
      },
    },
  });
  t.equal(endpoints?.length, 2);
  t.equal(
    formatDiscoveryTable(endpoints ?? []),
    [
      'Device         Endpoint       Category  Interfaces',
      '-------------  -------------  --------  -------------------------------------',
      'Kitchen Light  light#kitchen  LIGHT     PowerController, BrightnessController',
      '               odd#one',
    ].join('\n'),
  );
  t.end();
});

t.test("Alexa's answer is described in one line, and errors are recognised", (t) => {
  const error = { event: { header: { namespace: 'Alexa', name: 'ErrorResponse' }, payload: { type: 'ENDPOINT_UNREACHABLE', message: 'down' } } };
  const cases: [string, unknown, string, boolean][] = [
    ['error response', error, 'ErrorResponse ENDPOINT_UNREACHABLE: down', true],
    ['discovery of one', { event: { header: { namespace: 'Alexa.Discovery', name: 'Discover.Response' }, payload: { endpoints: [{}] } } }, 'Discover.Response with 1 endpoint', false],
    ['response with properties', { event: { header: { namespace: 'Alexa', name: 'Response' } }, context: { properties: [{ name: 'lockState', value: 'LOCKED' }] } }, 'Alexa.Response: lockState = LOCKED', false],
    ['response without properties', { event: { header: { namespace: 'Alexa', name: 'DeferredResponse' } } }, 'Alexa.DeferredResponse', false],
    ['speech', { version: '1.0', response: { outputSpeech: { type: 'SSML', ssml: '<speak>Rock &amp; roll &lt;3 &quot;ok&quot; it&apos;s &gt;</speak>' } } }, 'says "Rock & roll <3 "ok" it\'s >"', false],
    ['plain text speech, session open', { version: '1.0', response: { outputSpeech: { type: 'PlainText', text: 'Hi' }, shouldEndSession: false } }, 'says "Hi" (session stays open)', false],
    ['no speech', { version: '1.0', response: { shouldEndSession: false } }, 'Custom skill answer without speech (session stays open)', false],
    ['unrecognised event', { error: { type: 'UNRECOGNIZED_EVENT', message: 'what?' } }, 'UNRECOGNIZED_EVENT: what?', true],
    ['health ok', { diagnostics: 'health', ok: true, problems: [] }, 'health: ok', false],
    ['ping failed', { diagnostics: 'ping', ok: false, problems: ['401', 'bad token'] }, 'ping: not ok: 401; bad token', true],
    ['anything else', { some: 'thing' }, '{"some":"thing"}', false],
    ['undefined', undefined, 'undefined', false],
    ['long', { text: 'x'.repeat(300) }, `{"text":"${'x'.repeat(190)}…`, false],
  ];
  for (const [name, response, description, error] of cases) {
    t.equal(describeAnswer(response), description, name);
    t.equal(isErrorAnswer(response), error, `${name}: error?`);
  }
  t.equal(spokenText({ version: '1.0', response: {} }), undefined);
  t.end();
});

t.test('raw JSON is printed with bearer tokens masked and nothing else changed', (t) => {
  const response = { event: { endpoint: { scope: { type: 'BearerToken', token: 'secret' }, endpointId: 'light#kitchen' } }, context: { properties: [{ token: 'not a bearer token' }] } };
  t.same(maskTokens(response), { event: { endpoint: { scope: { type: 'BearerToken', token: '<masked>' }, endpointId: 'light#kitchen' } }, context: { properties: [{ token: 'not a bearer token' }] } });
  t.equal(response.event.endpoint.scope.token, 'secret', 'the original is untouched');
  t.equal(maskTokens('text'), 'text');
  t.end();
});

t.test('anything thrown is reported by its message', (t) => {
  t.equal(messageOf(new Error('broken')), 'broken');
  t.equal(messageOf('plain'), 'plain');
  t.end();
});
