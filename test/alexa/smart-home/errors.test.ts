/**
 * The Alexa error declarations (namespace, type, extra payload) and the mapping from Home Assistant
 * failures to the Alexa error that makes Alexa say the right thing.
 */
import t from 'tap';
import * as errors from '../../../src/alexa/smart-home/errors.js';
import { alexaErrorFromHa, type HaErrorSite } from '../../../src/alexa/smart-home/errors.js';
import { buildError } from '../../../src/alexa/smart-home/response.js';
import { HaAuthError, HaBadRequestError, HaCircuitOpenError, HaNotFoundError, HaProtocolError, HaServerError, HaUnreachableError, type HomeAssistantError } from '../../../src/homeassistant/index.js';
import { directive } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

t.test('each error class declares its namespace, type and payload', (t) => {
  const rows: [errors.AlexaError, string, string, Record<string, unknown>][] = [
    [new errors.AlexaInvalidDirectiveError('x'), 'Alexa', 'INVALID_DIRECTIVE', {}],
    [new errors.AlexaInvalidValueError('x'), 'Alexa', 'INVALID_VALUE', {}],
    [new errors.AlexaNoSuchEndpointError('x'), 'Alexa', 'NO_SUCH_ENDPOINT', {}],
    [new errors.AlexaEndpointUnreachableError('x'), 'Alexa', 'ENDPOINT_UNREACHABLE', {}],
    [new errors.AlexaBridgeUnreachableError('x'), 'Alexa', 'BRIDGE_UNREACHABLE', {}],
    [new errors.AlexaInvalidCredentialError('x'), 'Alexa', 'INVALID_AUTHORIZATION_CREDENTIAL', {}],
    [new errors.AlexaInternalError('x'), 'Alexa', 'INTERNAL_ERROR', {}],
    [new errors.AlexaInvalidTargetStateError('x'), 'Alexa', 'INVALID_TARGET_STATE', {}],
    [new errors.AlexaActionNotPermittedForContentError('x'), 'Alexa.Video', 'ACTION_NOT_PERMITTED_FOR_CONTENT', {}],
    [new errors.AlexaValueOutOfRangeError('x', 0, 100), 'Alexa', 'VALUE_OUT_OF_RANGE', { validRange: { minimumValue: 0, maximumValue: 100 } }],
    [new errors.AlexaTemperatureOutOfRangeError('x', 7, 35, 'CELSIUS'), 'Alexa', 'TEMPERATURE_VALUE_OUT_OF_RANGE', {
      validRange: { minimumValue: { value: 7, scale: 'CELSIUS' }, maximumValue: { value: 35, scale: 'CELSIUS' } },
    }],
    [new errors.AlexaUnsupportedThermostatModeError('x'), 'Alexa.ThermostatController', 'UNSUPPORTED_THERMOSTAT_MODE', {}],
    [new errors.AlexaSecurityPanelAuthorizationRequiredError('x'), 'Alexa.SecurityPanelController', 'AUTHORIZATION_REQUIRED', {}],
    [new errors.AlexaSecurityPanelUnauthorizedError('x'), 'Alexa.SecurityPanelController', 'UNAUTHORIZED', {}],
  ];
  for (const [error, namespace, type, payload] of rows) {
    t.equal(error.namespace, namespace, `${type}: namespace`);
    t.equal(error.type, type);
    t.same(error.toPayload(), payload, `${type}: payload`);
    const response = buildError(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#a' }), error);
    t.match(response.event, { header: { namespace, name: 'ErrorResponse', correlationToken: 'corr-token-1' }, endpoint: { endpointId: 'light#a' }, payload: { ...payload, type, message: 'x' } });
    assertSmartHomeValid(t, response, type);
  }
  t.end();
});

t.test('Home Assistant failures map by kind and by where they happened', (t) => {
  const rows: [string, HomeAssistantError, HaErrorSite, string][] = [
    ['401', new HaAuthError('401', '/api/states/light.a', 401), 'entity', 'INVALID_AUTHORIZATION_CREDENTIAL'],
    ['unreachable', new HaUnreachableError('down', '/api/states', 'refused'), 'discovery', 'BRIDGE_UNREACHABLE'],
    ['timeout', new HaUnreachableError('slow', '/api/states', 'timeout'), 'service', 'BRIDGE_UNREACHABLE'],
    ['circuit open', new HaCircuitOpenError('/api/states', 1000), 'entity', 'BRIDGE_UNREACHABLE'],
    ['HTML challenge', new HaProtocolError('cloudflare', '/api/states', 403, true), 'proxy', 'BRIDGE_UNREACHABLE'],
    ['404 on the entity', new HaNotFoundError('nf', '/api/states/light.a'), 'entity', 'NO_SUCH_ENDPOINT'],
    ['404 in proxy mode (alexa: smart_home: missing)', new HaNotFoundError('nf', '/api/alexa/smart_home'), 'proxy', 'INTERNAL_ERROR'],
    ['400 on a service', new HaBadRequestError('bad', '/api/services/light/turn_on', 400), 'service', 'INVALID_VALUE'],
    ['405 in proxy mode', new HaBadRequestError('405', '/api/alexa/smart_home', 405), 'proxy', 'INTERNAL_ERROR'],
    ['502 from a proxy', new HaServerError('502', '/api/states', 502), 'discovery', 'BRIDGE_UNREACHABLE'],
    ['503', new HaServerError('503', '/api/states', 503), 'entity', 'BRIDGE_UNREACHABLE'],
    ['504', new HaServerError('504', '/api/states', 504), 'entity', 'BRIDGE_UNREACHABLE'],
    ['500 from a service (device failed)', new HaServerError('500', '/api/services/light/turn_on', 500), 'service', 'ENDPOINT_UNREACHABLE'],
    ['500 elsewhere', new HaServerError('500', '/api/states', 500), 'discovery', 'INTERNAL_ERROR'],
  ];
  for (const [what, error, site, type] of rows) {
    const mapped = alexaErrorFromHa(error, site);
    t.equal(mapped.type, type, what);
    t.equal(mapped.message, error.message, `${what}: HA's message (which names the fix) is kept`);
    t.equal(mapped.cause, error, `${what}: cause kept`);
  }
  t.end();
});
