/**
 * The boundary seen from inside: directives that cannot reach the native translator through the
 * edge, and failures that are not Home Assistant's (a bug, a missing URL), still become
 * schema-valid ErrorResponses with a log line that explains.
 */
import t from 'tap';
import { createDeadline } from '../../../../src/gateway/deadline.js';
import { handleSmartHome } from '../../../../src/alexa/smart-home/index.js';
import { handleNativeDirective } from '../../../../src/alexa/smart-home/native/index.js';
import type { Directive } from '../../../../src/alexa/smart-home/directive.js';
import type { RequestContext } from '../../../../src/gateway/context.js';
import type { Config } from '../../../../src/config/index.js';
import { Logger, setLogSink } from '../../../../src/logging/logger.js';
import { directive, errorTypeOf, eventOf } from '../helpers.js';
import { assertSmartHomeValid } from '../schema-gaps.js';

const lines: Record<string, unknown>[] = [];
const previous = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
t.teardown(() => setLogSink(previous));

function context(config: Partial<Config>, haClient: RequestContext['haClient']): RequestContext {
  return {
    requestId: 'req-1',
    config: { alexaMode: 'native', tokenSource: 'auto', homeAssistantToken: undefined, featurePreset: 'full', alexaFilter: undefined, alexaLocale: 'en-US', useParameterStore: false, parameterPrefix: '/x', ...config } as Config,
    logger: new Logger(),
    deadline: createDeadline(1000),
    invocation: { outcome: 'ok', haCalls: [], detail: {} },
    haClient,
  };
}

const explode: RequestContext['haClient'] = () => {
  throw new Error('HOME_ASSISTANT_URL is not set');
};

t.test('an unexpected failure is INTERNAL_ERROR with a log line naming it', async (t) => {
  lines.length = 0;
  const ctx = context({}, explode);
  const response = await handleSmartHome(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' }), ctx);
  t.equal(errorTypeOf(response), 'INTERNAL_ERROR');
  t.match(eventOf(response).payload.message, /HOME_ASSISTANT_URL is not set/);
  t.match(ctx.invocation, { outcome: 'error', errorType: 'INTERNAL_ERROR', operation: 'Alexa.PowerController.TurnOn', endpoint: 'light#a' });
  t.match(lines.find((line) => line.level === 'error'), { message: 'Unexpected error while handling a Smart Home directive', operation: 'Alexa.PowerController.TurnOn' });
  assertSmartHomeValid(t, response);
});

t.test('even a thrown non-Error is answered and logged', async (t) => {
  const response = await handleSmartHome(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' }), context({}, () => {
    throw 'plain string'; // eslint-disable-line @typescript-eslint/only-throw-error -- a dependency could throw anything; the boundary must cope
  }));
  t.equal(errorTypeOf(response), 'INTERNAL_ERROR');
  t.match(eventOf(response).payload.message, /plain string/);
});

t.test('proxy mode without any token asks for a relink before calling anything', async (t) => {
  let called = false;
  const ctx = context({ alexaMode: 'proxy' }, () => {
    called = true;
    return explode('');
  });
  const response = await handleSmartHome(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a', token: null }), ctx);
  t.equal(errorTypeOf(response), 'INVALID_AUTHORIZATION_CREDENTIAL');
  t.match(eventOf(response).payload.message, /HOME_ASSISTANT_TOKEN is not set/);
  t.equal(called, false);
  assertSmartHomeValid(t, response);
});

t.test('a failure in proxy mode that is not Home Assistant\'s is INTERNAL_ERROR', async (t) => {
  const response = await handleSmartHome(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' }), context({ alexaMode: 'proxy' }, explode));
  t.equal(errorTypeOf(response), 'INTERNAL_ERROR');
});

t.test('a control directive without an endpoint never reaches Home Assistant', async (t) => {
  const bare: Directive = { namespace: 'Alexa.PowerController', name: 'TurnOn', messageId: 'm', correlationToken: 'c', instance: undefined, endpoint: undefined, payload: {}, key: 'Alexa.PowerController.TurnOn', event: {} };
  await t.rejects(handleNativeDirective(bare, context({}, explode), { token: 'x', source: 'directive' }), { type: 'INVALID_DIRECTIVE', message: /needs directive.endpoint/ });
});
