/**
 * Unit tests for src/gateway/route.ts with a Parameter Store that sends its headers and then
 * trickles, on a real loopback socket: every byte restarts the SSM client's idle timer, so none of
 * its timeouts ends the read. The invocation abandons the read at its budget, and the next one
 * starts a fresh read instead of joining the trickle.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, passthrough } from 'msw';
import t from 'tap';
import { preloadSsm } from '../../src/config/index.js';
import { route } from '../../src/gateway/route.js';
import { setLogSink } from '../../src/logging/logger.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { useFakeAwsEnv } from '../fixtures/fake-aws.js';
import { state } from '../fixtures/fake-home-assistant.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';

const STORED = 'stored-settings-token-0123456789';
const LINKED = 'linked-token-abcdef';
const PREFIX = '/trickle-test';

// Parameter Store on loopback: the first request trickles, the others are answered at once.
const ssm = { requests: 0, clientGone: false };
const drips = new Set<NodeJS.Timeout>();
const server = createServer((request, response: ServerResponse) => {
  request.resume();
  request.on('end', () => {
    ssm.requests += 1;
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    if (ssm.requests === 1) {
      response.write('{"Parameters":[');
      const drip = setInterval(() => response.write(' '), 50);
      drips.add(drip);
      response.on('close', () => {
        ssm.clientGone = true;
        clearInterval(drip);
      });
      return;
    }
    response.end(JSON.stringify({ Parameters: [{ Name: `${PREFIX}/homeassistant/url`, Value: HA_URL, Type: 'String', Version: 1 }] }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const SSM_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
t.teardown(() => {
  for (const drip of drips) clearInterval(drip);
  server.closeAllConnections();
  server.close();
});

useFakeAwsEnv();
process.env.AWS_ENDPOINT_URL_SSM = SSM_URL;
const { fake } = useFakeHa(t, { tokens: [STORED, LINKED], states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })] }, [
  http.all(`${SSM_URL}/*`, () => passthrough()),
]);
setLogSink(() => undefined);

const turnOn = {
  directive: {
    header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm-2', correlationToken: 'corr-123' },
    endpoint: { scope: { type: 'BearerToken', token: LINKED }, endpointId: 'light#kitchen', cookie: {} },
    payload: {},
  },
};

t.test('a Parameter Store answer that trickles is abandoned at the budget, and the next invocation starts a fresh read', async (t) => {
  // Prepare
  await preloadSsm();
  setLambdaEnv({ USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: PREFIX, HOME_ASSISTANT_TOKEN: STORED });

  // Act: Lambda has 0.9 s left for the first invocation (a 600 ms budget), 2 s for the second.
  const first = await route(turnOn, { getRemainingTimeInMillis: () => 900 });
  const second = await route(turnOn, { getRemainingTimeInMillis: () => 2_000 });

  // Assess
  t.match(first, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'INTERNAL_ERROR', message: /could not load its settings within 600 ms/ } } });
  assertAlexaValid(t, first);
  t.equal(ssm.clientGone, true, 'the trickling read was aborted: its connection is closed');
  t.equal((second as { event: { header: { name: string } } }).event.header.name, 'Response', 'the second invocation did not join the trickling read');
  assertAlexaValid(t, second);
  t.equal(ssm.requests, 2, 'a fresh read');
  t.match(fake.requests.map((request) => request.path), ['/api/states/light.kitchen', '/api/services/light/turn_on']);
});
