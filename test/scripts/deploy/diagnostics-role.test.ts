/**
 * The Doctor's and the Discovery test's role, as config/aws/bootstrap.yaml grants it (the fake Lambda
 * checks its identity policy), through the real SDK: it may invoke only the `diagnostics` alias, and
 * the function (the handler, given the ARN Lambda passes as `invokedFunctionArn`) refuses an Unlock,
 * a SetMode opening the garage and an Assist request through it, without calling Home Assistant.
 */
import t from 'tap';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { setupServer } from 'msw/node';
import { createFakeAws, FAKE_ACCOUNT, FAKE_REGION, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { HA_URL, haHandlers } from '../../fixtures/ha-msw.js';
import { setLambdaEnv } from '../../fixtures/lambda-env.js';
import { loadBootstrapTemplate, resolvedAllows } from '../helpers/cloudformation.js';
import { createRun } from '../helpers/recorder.js';
import { intent } from '../../alexa/custom-skill/skill-requests.js';
import { createLambdaClient } from '../../../scripts/aws/aws-clients.js';
import { createMain as createDiscoveryMain } from '../../../scripts/deploy/invoke-discovery.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { route } from '../../../src/gateway/route.js';
import { setLogSink } from '../../../src/logging/logger.js';

useFakeAwsEnv();
setLogSink(() => undefined);
const STORED = 'stored-admin-token-for-the-role-test-0123';
const FUNCTION_ARN = `arn:aws:lambda:${FAKE_REGION}:${FAKE_ACCOUNT}:function:ha-alexa`;
const ROLE = 'arn:aws:sts::111122223333:assumed-role/ha-alexa-github-discover/doctor-1';
const discoveryRole = loadBootstrapTemplate().Resources.DiscoveryRole;
if (!discoveryRole) throw new Error('no DiscoveryRole in the bootstrap template');

const ha = new FakeHomeAssistant({ tokens: [STORED], states: demoStates() });
let aws: FakeAws = createFakeAws();
const server = setupServer();
t.before(() => server.listen({ onUnhandledRequest: 'error' }));
t.teardown(() => server.close());
t.beforeEach(() => {
  aws = createFakeAws();
  // After a deploy: live and diagnostics on version 1, which runs this repository's handler.
  aws.lambda.state.aliases.set('diagnostics', { FunctionVersion: '1', RevisionId: 'rev-diagnostics' });
  aws.lambda.state.invoke = async ({ event, invokedFunctionArn }) => ({ payload: await route(event, { awsRequestId: 'r', invokedFunctionArn, getRemainingTimeInMillis: () => 8000 }) });
  // The caller holds the discovery role's credentials: the access key useFakeAwsEnv sets.
  aws.lambda.state.identities.set(process.env.AWS_ACCESS_KEY_ID ?? '', { arn: ROLE, allow: resolvedAllows(discoveryRole, FUNCTION_ARN) });
  server.resetHandlers(...aws.handlers, ...haHandlers(ha));
  ha.reset();
  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED });
});

async function invoke(qualifier: string | undefined, event: unknown): Promise<unknown> {
  const answer = await createLambdaClient(FAKE_REGION).send(
    new InvokeCommand({ FunctionName: 'ha-alexa', ...(qualifier ? { Qualifier: qualifier } : {}), Payload: new TextEncoder().encode(JSON.stringify(event)) }),
  );
  return JSON.parse(new TextDecoder().decode(answer.Payload)) as unknown;
}

const directive = (namespace: string, name: string, endpointId: string, payload: object = {}, instance?: string) => ({
  directive: { header: { namespace, name, payloadVersion: '3', messageId: 'm-1', correlationToken: 'c-1', ...(instance ? { instance } : {}) }, endpoint: { endpointId, cookie: {} }, payload },
});
const UNLOCK = directive('Alexa.LockController', 'Unlock', 'lock#back_door');
const OPEN_GARAGE = directive('Alexa.ModeController', 'SetMode', 'cover#garage_door', { mode: 'position.open' }, 'cover.position');
const ASSIST = intent('ConversationIntent', { query: 'unlock the back door' });

t.test('through diagnostics, Unlock, SetMode and an Assist request are refused and Home Assistant is not called', async (t) => {
  for (const [what, event] of [['Unlock', UNLOCK], ['SetMode', OPEN_GARAGE]] as const) {
    t.match(await invoke('diagnostics', event), { event: { header: { name: 'ErrorResponse' }, payload: { type: 'INVALID_DIRECTIVE', message: /diagnostics alias is read-only/ } } }, what);
  }
  t.match(await invoke('diagnostics', ASSIST), { response: { outputSpeech: { ssml: /cannot control your home/ }, shouldEndSession: true } }, 'Assist');
  t.equal(ha.requests.length, 0, 'no Home Assistant request');
  t.equal(ha.states.get('lock.back_door')?.state, 'locked');
  t.equal(ha.states.get('cover.garage_door')?.state, 'closed');
});

t.test('the role may not invoke live, a version or the function itself: AWS refuses before the function runs', async (t) => {
  for (const qualifier of ['live', '1', '$LATEST', undefined]) {
    await t.rejects(invoke(qualifier, UNLOCK), { name: 'AccessDeniedException', message: /is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa/ }, `qualifier ${qualifier ?? '(none)'}`);
  }
  t.equal(ha.requests.length, 0);
  t.equal(ha.states.get('lock.back_door')?.state, 'locked', 'the door stays locked');
});

t.test('the Discovery test\'s command works through its default alias, and a user-given live is refused by AWS', async (t) => {
  const main = createDiscoveryMain({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  const ok = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await runCli('invoke-discovery', main, [], ok.env, ok.io), 0, ok.io.text());
  t.match(ok.io.text(), /through ha-alexa:diagnostics/);
  const refused = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await runCli('invoke-discovery', main, ['--qualifier', 'live'], refused.env, refused.io), 1);
  t.match(refused.io.lines.at(-1), /access denied: the AWS role may not call lambda:InvokeFunction on .*ha-alexa:live/);
});
