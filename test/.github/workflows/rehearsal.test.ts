/**
 * The user's journey, end to end: the Deploy and Discovery test workflows run as written in
 * .github/workflows/ (test/.github/workflows/harness/ reads and executes their steps; nothing here names a
 * step), against a loopback fake AWS whose Lambda Invoke runs the built zip of the invoked version,
 * and the loopback fake Home Assistant with the demo home.
 * This file: a new repository from the template, an edited config, a Discover the bundle refuses.
 */
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FAKE_ACCOUNT } from '../../fixtures/fake-aws.js';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { intent } from '../../alexa/custom-skill/skill-requests.js';
import { schemaAvailable, schemaErrors } from '../../fixtures/alexa-schema.js';
import { applySetupEdits, EUROPEAN_EDITS } from '../../fixtures/setup-edits.js';
import { REPOSITORY_ID } from './harness/runner.js';
import { closeForks, HA_TOKEN, CREDENTIALS, startFork, explain, assertRan, DEPLOY_JOBS, liveVersion, settingsOf } from './harness/rehearsal-fork.js';

// One real build (about 40 s of CPU), shared by the rehearsal files through the build cache's lock;
// generous, because a 2-core machine running the suite can stretch that several times over.
t.setTimeout(900_000);
t.teardown(closeForks);

t.test('a new repository: the first run (the template\'s initial commit) shows the bootstrap command; the one commit of config/deploy.yaml\'s essentials then deploys green, and the Discovery test passes with each token source', async (t) => {
  // The template's config/ as "Use this template" creates it: no account_id yet, and that commit fires push.
  const fork = await startFork({ accountId: '' });
  const first = await fork.run('deploy.yml');
  t.equal(first.conclusion, 'success', 'the first Deploy run is green', { log: explain(first) });
  assertRan(t, first, ['ci / build / bundle', 'ci / test', 'settings']);
  t.match(first.summary, /### Set up AWS for `octo-user\/ha-alexa`/);
  for (const region of ['us-east-1', 'eu-west-1', 'us-west-2']) t.match(first.summary, `[CloudShell in ${region}](https://${region}.console.aws.amazon.com/cloudshell/home?region=${region})`, `a CloudShell link for ${region}`);
  t.match(first.summary, /```bash\necho '[A-Za-z0-9+/=]+' \| base64 -d \| gunzip > ha-alexa-bootstrap\.sh && bash ha-alexa-bootstrap\.sh\n```/, 'the one command, with no region to edit');
  t.match(first.summary, REPOSITORY_ID, 'for this repository');
  t.equal(fork.aws.lambda.ops().length + fork.aws.ssm.store.size, 0, 'nothing touched AWS');

  // After CloudShell (the fake account has the stack): one edit of config/deploy.yaml, account_id and the address.
  applySetupEdits(join(fork.workspace, 'config'), { accountId: FAKE_ACCOUNT, url: fork.ha.url });
  const deploy = await fork.run('deploy.yml');
  t.equal(deploy.conclusion, 'success', 'Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy, DEPLOY_JOBS);
  t.match(deploy.summary, /<details><summary>The bootstrap command \(AWS CloudShell\)/, 'the command stays at hand, folded');
  t.notMatch(deploy.summary, /### Set up AWS/);
  const live = liveVersion(fork);
  t.not(live.number, '1', `the live alias moved off the placeholder version (now ${live.number || '?'})`);
  t.equal(live.version?.CodeSha256, fork.aws.lambda.state.config.CodeSha256, 'live runs the uploaded zip');
  t.match(deploy.summary, /\| *Kitchen Light *\|/, 'the job summary has the device table (a private repository)');
  t.match(deploy.summary, /### Alexa console sheet/, 'the summary ends with the Alexa console sheet');
  t.match(deploy.summary, `arn:aws:lambda:us-east-1:${FAKE_ACCOUNT}:function:${fork.deploy.function_name}:live`);
  t.match(deploy.summary, `${fork.ha.url}/auth/authorize`, 'a private repository shows the address to paste');
  const settings = settingsOf(fork, live.version);
  t.match(settings.id, /^[0-9a-f]{16}$/, 'the live version names its settings set (PARAMETER_SET)');
  t.equal(settings.get('homeassistant/url'), fork.ha.url, 'its settings set holds the URL from config/');
  // The real bundle through the diagnostics alias (what the Doctor's and the Discovery test's role may
  // invoke): an Unlock, a SetMode opening the garage and an Assist request are refused, and Home
  // Assistant hears nothing of them.
  const lambda = new LambdaClient({ region: 'us-east-1', endpoint: fork.server.url, credentials: { accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY } });
  const viaDiagnostics = async (event: unknown) =>
    JSON.parse(new TextDecoder().decode((await lambda.send(new InvokeCommand({ FunctionName: fork.deploy.function_name, Qualifier: 'diagnostics', Payload: new TextEncoder().encode(JSON.stringify(event)) }))).Payload)) as unknown;
  const requestsBefore = fork.home.requests.length;
  const control = (namespace: string, name: string, endpointId: string, payload: object, instance?: string) => ({
    directive: { header: { namespace, name, payloadVersion: '3', messageId: randomUUID(), correlationToken: 'c-1', ...(instance ? { instance } : {}) }, endpoint: { endpointId, cookie: {} }, payload },
  });
  for (const [what, event] of [
    ['Unlock', control('Alexa.LockController', 'Unlock', 'lock#back_door', {})],
    ['SetMode opening the garage', control('Alexa.ModeController', 'SetMode', 'cover#garage_door', { mode: 'position.open' }, 'cover.position')],
  ] as const) {
    const answer = await viaDiagnostics(event);
    t.match(answer, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'INVALID_DIRECTIVE', message: /read-only|diagnostics/i } } }, `${what} through diagnostics is refused`);
    t.same(schemaAvailable() ? schemaErrors(answer) : [], [], `${what}: the refusal is valid against Amazon's schema`);
  }
  t.match(await viaDiagnostics(intent('ConversationIntent', { query: 'unlock the back door' })), { response: { outputSpeech: { ssml: /cannot control your home/ } } }, 'an Assist request gets a spoken refusal');
  t.same(fork.home.requests.slice(requestsBefore), [], 'Home Assistant received nothing');
  const discovers = fork.runtime.events.filter((entry) => JSON.stringify(entry.event).includes('"Discover"'));
  t.ok(discovers.some((entry) => entry.version === live.number && !JSON.stringify(entry.event).includes('"scope"')), 'a scope-less Discover reached the live version');

  for (const tokenSource of ['stored', 'secret']) {
    const before = fork.runtime.events.length;
    const discovery = await fork.run('discovery-test.yml', { eventName: 'workflow_dispatch', inputs: { qualifier: 'diagnostics', token_source: tokenSource } });
    t.equal(discovery.conclusion, 'success', `Discovery test with token_source ${tokenSource} is green`, { log: explain(discovery) });
    assertRan(t, discovery, ['tools / bundle', tokenSource === 'stored' ? 'discover' : 'discover-with-secret']);
    t.match(discovery.summary, /\| *Kitchen Light *\|/, `token_source ${tokenSource}: the device table`);
    const sent = fork.runtime.events.slice(before).map((entry) => JSON.stringify(entry.event));
    t.equal(sent.some((event) => event.includes(HA_TOKEN)), tokenSource === 'secret', `token_source ${tokenSource}: the secret is sent only when asked`);
  }
});

t.test('an edited config (another name, en-GB in eu-west-1, 256 MB, a Custom skill ID, the URL as a secret) deploys green with the new settings', async (t) => {
  const skillId = 'amzn1.ask.skill.5e1f0c2a-4b3d-4e6f-8a9b-0c1d2e3f4a5b';
  const edits = { language: EUROPEAN_EDITS.language, assistantName: EUROPEAN_EDITS.assistantName, memoryMb: EUROPEAN_EDITS.memoryMb, customSkillId: skillId };
  const fork = await startFork(edits, { private: false, haUrlSecret: true });
  const deploy = await fork.run('deploy.yml');
  t.equal(deploy.conclusion, 'success', 'Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy, DEPLOY_JOBS);
  const live = liveVersion(fork);
  t.equal(live.version?.MemorySize, EUROPEAN_EDITS.memoryMb, 'the live version has 256 MB');
  t.equal(live.version?.Environment?.Variables?.ALEXA_SKILL_ID, skillId, 'the Lambda answers only this Custom skill');
  t.equal(settingsOf(fork, live.version).get('homeassistant/assistant_name'), EUROPEAN_EDITS.assistantName);
  t.equal(settingsOf(fork, live.version).get('homeassistant/url'), fork.ha.url, 'the HA_URL secret reached both sync-parameters and deploy-lambda');
  t.match(live.version?.FunctionArn, /^arn:aws:lambda:eu-west-1:/);
  const statements = fork.aws.lambda.state.policies.get('live') ?? [];
  t.ok(
    statements.some((statement) => statement.Principal.Service === 'alexa-appkit.amazon.com' && statement.Condition?.StringEquals['lambda:EventSourceToken'] === skillId),
    'the skill may invoke live',
  );
  t.notMatch(deploy.annotations.join('\n'), /region/i, 'no region warning for en-GB in eu-west-1');
  t.notMatch(deploy.summary, fork.ha.url, 'a public repository\'s summary shows no Home Assistant address');
  const deployLog = deploy.jobs.find((job) => job.id === 'deploy')?.steps.map((step) => step.output).join('\n') ?? '';
  t.ok(deployLog.includes('Bundle verified'), 'the deploy job ran');
  t.notMatch(deployLog, /Kitchen Light|light#kitchen/, 'nor does the deploy job\'s log name a device of the home');
  t.match(deploy.summary, /npm run console-sheet/, 'and says where to get it');
});

t.test('a Discover the bundle refuses turns the deploy red (the seam of issue 9, bug 1)', async (t) => {
  const fork = await startFork({ region: 'us-east-1' });
  // What the bundle answered before the fix: a Discover without payload.scope was an INVALID_DIRECTIVE.
  const bundle = fork.aws.lambda.state.invoke;
  fork.aws.lambda.state.invoke = (invocation) => {
    const directive = (invocation.event as { directive?: { header?: { name?: string }; payload?: { scope?: unknown } } }).directive;
    if (directive?.header?.name === 'Discover' && directive.payload?.scope === undefined) {
      return {
        payload: {
          event: {
            header: { namespace: 'Alexa', name: 'ErrorResponse', payloadVersion: '3', messageId: randomUUID() },
            payload: { type: 'INVALID_DIRECTIVE', message: 'payload.scope must be a object' },
          },
        },
      };
    }
    return bundle(invocation);
  };
  const deploy = await fork.run('deploy.yml');
  t.equal(deploy.conclusion, 'failure', 'the rehearsal fails');
  t.match(explain(deploy), /did not accept the Discover directive/);
});

