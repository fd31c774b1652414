/**
 * The user's journey, end to end: the Deploy and Discovery test workflows run as written in
 * .github/workflows/ (test/.github/workflows/harness/ reads and executes their steps; nothing here names a
 * step), against a loopback fake AWS whose Lambda Invoke runs the built zip of the invoked version,
 * and the loopback fake Home Assistant with the demo home.
 */
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, FAKE_ACCOUNT, type FakeAws } from '../../fixtures/fake-aws.js';
import { startFakeAwsServer, type RunningFakeAws } from '../../fixtures/fake-aws-server.js';
import { builtZipRuntime, type BuiltZipRuntime } from '../../fixtures/built-zip-invoke.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { startHaServer, type RunningHa } from '../../fixtures/ha-server.js';
import { loadDeployConfig } from '../../../scripts/config/deploy-config.js';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { intent } from '../../alexa/custom-skill/skill-requests.js';
import { schemaAvailable, schemaErrors } from '../../fixtures/alexa-schema.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { applySetupEdits, copyTemplateConfig, EUROPEAN_EDITS, type SetupEdits } from '../../fixtures/setup-edits.js';
import { REPO_ROOT } from '../../scripts/helpers/config-dir.js';
import { BuildCache } from './harness/build-cache.js';
import { REPOSITORY_ID, REPOSITORY_OWNER_ID, runWorkflow, type WorkflowResult } from './harness/runner.js';
import { makeWorkingCopy } from './harness/working-copy.js';
import { ACCESS_TOKEN, startFakeSmapi } from '../../fixtures/fake-smapi.js';
import { startFakeGitHub } from '../../fixtures/fake-github-pulls.js';
import { startFakeLwa } from '../../fixtures/fake-lwa.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';

const HA_TOKEN = 'rehearsal-long-lived-token-4f1c9a7e';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAREHEARSALFAKE', AWS_SECRET_ACCESS_KEY: 'rehearsal-fake-secret', AWS_SESSION_TOKEN: 'rehearsal-fake-session' };
const build = new BuildCache();
// One real build (about 40 s of CPU), then the workflow runs on the built zip. Generous, because
// a 2-core machine shared with other test runs can stretch that several times over.
t.setTimeout(900_000);

/** One fork: a fake AWS account in its config/deploy.yaml's region, its Home Assistant, and a working copy with its config/. */
interface Fork {
  aws: FakeAws;
  server: RunningFakeAws;
  runtime: BuiltZipRuntime;
  ha: RunningHa;
  /** The fake behind `ha`: its service calls and requests. */
  home: FakeHomeAssistant;
  workspace: string;
  /** config/deploy.yaml of the working copy, as the scripts read it. */
  deploy: { region: string; function_name: string; parameter_prefix: string };
  /** The repository's Actions cache, kept across this fork's runs (the suite's pass marker). */
  cache: Map<string, string>;
  run(workflow: string, extra?: { eventName?: string; inputs?: Record<string, string>; secrets?: Record<string, string>; afterJob?: (job: string, artifactsDir: string) => void }): Promise<WorkflowResult>;
}

const forks: Fork[] = [];
t.teardown(async () => {
  for (const fork of forks) {
    await fork.runtime.close();
    await fork.server.close();
    await fork.ha.close();
  }
});

/**
 * The template's config/ (test/fixtures/config/) with the edits SETUP.md asks for: the URL of the fake Home Assistant,
 * and config/deploy.yaml's region and account_id (the fake account's, unless `accountId` says otherwise).
 */
async function startFork(
  edits: Omit<SetupEdits, 'url'>,
  repository: { private?: boolean; haUrlSecret?: boolean; secrets?: Record<string, string>; env?: Record<string, string> } = {},
): Promise<Fork> {
  const home = new FakeHomeAssistant({ states: demoStates(), tokens: [HA_TOKEN] });
  const ha = await startHaServer(home);
  const config = copyTemplateConfig();
  // The address goes either into config/parameters.yaml or, kept out of the repository, into the HA_URL secret.
  applySetupEdits(config, { accountId: FAKE_ACCOUNT, ...edits, ...(repository.haUrlSecret ? {} : { url: ha.url }) });
  const secrets: Record<string, string> = { ...(repository.haUrlSecret ? { HA_TOKEN, HA_URL: ha.url } : { HA_TOKEN }), ...repository.secrets };
  const { region, functionName, parameterPrefix } = loadDeployConfig(config);
  const deploy: Fork['deploy'] = { region, function_name: functionName, parameter_prefix: parameterPrefix };
  const aws = createFakeAws({ functionName: deploy.function_name, region: deploy.region });
  aws.lambda.state.pollsPerUpdate = 0;
  const server = await startFakeAwsServer(aws);
  const runtime = builtZipRuntime(aws, { region: deploy.region, ssmEndpoint: server.url, credentials: CREDENTIALS });
  aws.lambda.state.invoke = runtime.invoke;
  const workspace = makeWorkingCopy(REPO_ROOT, config);
  const cache = new Map<string, string>();
  const event = {
    repository: {
      is_template: false,
      private: repository.private ?? true,
      name: 'ha-alexa',
      full_name: 'octo-user/ha-alexa',
      owner: { login: 'octo-user', id: Number(REPOSITORY_OWNER_ID) },
      id: Number(REPOSITORY_ID),
    },
  };
  const fork: Fork = {
    aws,
    server,
    runtime,
    ha,
    home,
    workspace,
    deploy,
    cache,
    run: (workflow, extra = {}) =>
      runWorkflow({
        workspace,
        workflow: join('.github', 'workflows', workflow),
        eventName: extra.eventName ?? 'push',
        event,
        ...(extra.inputs ? { inputs: extra.inputs } : {}),
        // No repository variables: config/deploy.yaml holds the settings.
        vars: {},
        secrets: { ...secrets, ...extra.secrets },
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? tmpdir(),
          LANG: 'C.UTF-8',
          // Where this "runner" finds AWS: the loopback fake (the SDK reads these itself).
          AWS_ENDPOINT_URL_SSM: server.url,
          AWS_ENDPOINT_URL_LAMBDA: server.url,
          AWS_EC2_METADATA_DISABLED: 'true',
          // GitHub's API is not reachable here: check:environment says so in a notice and the run goes on
          // (its findings are tested against a fake GitHub in test/scripts/ci/environment-check.test.ts).
          GITHUB_API_URL: 'http://127.0.0.1:9',
          ...repository.env,
        },
        credentials: CREDENTIALS,
        build,
        cache,
        ...(extra.afterJob ? { afterJob: extra.afterJob } : {}),
        verbose: process.env.REHEARSAL_VERBOSE === '1',
      }),
  };
  forks.push(fork);
  return fork;
}

/** A readable reason when a run is not what the scenario expects. */
const explain = (result: WorkflowResult) => `${result.annotations.join('\n')}\n${result.log.slice(-6000)}`;

/** The jobs that ran (not skipped by their if:), by id. */
const ranJobs = (result: WorkflowResult) => result.jobs.filter((job) => job.result !== 'skipped').map((job) => job.id);

/** The harness really ran the workflow: the expected jobs ran and steps ran scripts. */
function assertRan(test: Pick<typeof t, 'ok' | 'same'>, result: WorkflowResult, jobs: string[]): void {
  test.same(ranJobs(result), jobs, `the jobs that ran: ${jobs.join(', ')}`);
  test.ok(result.jobs.some((job) => job.steps.some((step) => step.outcome === 'success' && step.skippedCommand === undefined && /^(> |Bundle verified)/m.test(step.output))), 'scripts and tools really ran');
}

const DEPLOY_JOBS = ['ci / build / bundle', 'ci / test', 'settings', 'deploy', 'skills'];

/** The version `live` points at, and its configuration. */
function liveVersion(fork: Fork) {
  const alias = fork.aws.lambda.state.aliases.get('live');
  return { number: alias?.FunctionVersion ?? '', version: fork.aws.lambda.state.versions.get(alias?.FunctionVersion ?? '') };
}

/** The settings set a version reads: `<prefix>/settings/<PARAMETER_SET>`. */
function settingsOf(fork: Fork, version: ReturnType<typeof liveVersion>['version']) {
  const id = version?.Environment?.Variables?.PARAMETER_SET ?? '';
  const get = (name: string) => fork.aws.ssm.store.get(`${fork.deploy.parameter_prefix}/settings/${id}/${name}`)?.Value;
  return { id, get };
}

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

/** The steps of a job that ran a command (not skipped by their if:), by name. */
const stepOutcome = (result: WorkflowResult, job: string, name: RegExp) => result.jobs.find((entry) => entry.id === job)?.steps.find((step) => name.test(step.name))?.outcome;

/** Job time of a run, in seconds, as a table line: total and each job that ran. */
function jobTimes(result: WorkflowResult): { total: number; line: string } {
  const ran = result.jobs.filter((job) => job.result !== 'skipped');
  const total = ran.reduce((sum, job) => sum + job.ms, 0) / 1000;
  return { total, line: `${total.toFixed(1)} s of job time (${ran.map((job) => `${job.id} ${(job.ms / 1000).toFixed(1)} s`).join(', ')})` };
}

t.test('a config-only push skips the suite that already passed for this code and still deploys; after a Rollback, a push with the same Lambda and settings leaves live there', async (t) => {
  const fork = await startFork({ region: 'us-east-1' });
  const first = await fork.run('deploy.yml');
  t.equal(first.conclusion, 'success', 'the first deploy is green', { log: explain(first) });
  t.equal(stepOutcome(first, 'ci / test', /^Test$/), 'success', 'first push: the suite step runs');
  t.equal(fork.cache.size, 1, 'and its pass is remembered under the code\'s key');
  const firstLive = liveVersion(fork).number;

  // The user's next commit: a new assistant name in config/, nothing else.
  applySetupEdits(join(fork.workspace, 'config'), { assistantName: 'Friday' });
  const configOnly = await fork.run('deploy.yml');
  t.equal(configOnly.conclusion, 'success', 'the config-only deploy is green', { log: explain(configOnly) });
  for (const step of [/^Install/, /^Lint/, /^Test$/]) t.equal(stepOutcome(configOnly, 'ci / test', step), 'skipped', `config-only push: ${step.source} is skipped by its if:`);
  t.equal(stepOutcome(configOnly, 'ci / test', /^Already passed$/), 'success', 'and the run says why');
  t.equal(stepOutcome(configOnly, 'ci / build / bundle', /^Smoke-test the zip/), 'success', 'the smoke test with the user\'s settings still runs');
  const live = liveVersion(fork);
  t.not(live.number, firstLive, 'live moved to a new version');
  t.equal(settingsOf(fork, live.version).get('homeassistant/assistant_name'), 'Friday', 'with the new settings');

  // The user rolls back from the Actions tab: live returns to the first version.
  const rollback = await fork.run('rollback.yml', { eventName: 'workflow_dispatch', inputs: { to_version: '' } });
  t.equal(rollback.conclusion, 'success', 'the Rollback workflow is green', { log: explain(rollback) });
  assertRan(t, rollback, ['tools / bundle', 'rollback']);
  t.equal(liveVersion(fork).number, firstLive, 'Rollback moved live back to the first version');

  // A change to the tests only gives a new key: the suite runs again. The Lambda and its settings
  // are those of the rolled-back version, so the rollback sticks.
  const testFile = join(fork.workspace, 'test', 'handler.test.ts');
  writeFileSync(testFile, `${readFileSync(testFile, 'utf8')}\n// a change\n`);
  const code = await fork.run('deploy.yml');
  t.equal(code.conclusion, 'success', { log: explain(code) });
  t.equal(stepOutcome(code, 'ci / test', /^Test$/), 'success', 'code push: the suite step runs again');
  t.equal(fork.cache.size, 2);
  t.equal(liveVersion(fork).number, firstLive, 'live stays where Rollback put it');
  t.match(code.summary, /live stays on version \d+, where the rollback put it/, 'and the summary says so');

  // The harness copies dist/ and dist/tools/ from the test run's first build of identical sources
  // (build-cache.ts, tools-cache.ts); on GitHub each push builds: README adds that time.
  const fast = jobTimes(configOnly);
  const full = jobTimes(first);
  t.comment(`config-only push, this machine, builds copied: ${fast.line}`);
  t.comment(`code push, this machine, without the test job's npm ci, lint and npm test (they do not run inside the suite; .ci/run times them): ${full.line}`);
  const testJob = configOnly.jobs.find((job) => job.id === 'ci / test');
  t.same(testJob?.steps.filter((step) => step.outcome === 'success').map((step) => step.name), ['Run actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803', "The suite's key (every file but config/ and skill-package/)", 'Has the suite passed for this code?', 'Already passed'], 'the test job did nothing but look up its key');
});

t.test('a bundle changed after the build job recorded it is refused before any credentials are used', async (t) => {
  const fork = await startFork({ region: 'us-east-1' });
  // A compromised dev dependency in the test job (which runs npm ci and every test) rewrites a tool.
  const deploy = await fork.run('deploy.yml', {
    afterJob: (job, artifacts) => {
      if (job === 'ci / test') writeFileSync(join(artifacts, 'bundle', 'tools', 'sync-parameters.mjs'), 'console.log(process.env.HA_TOKEN);\n');
    },
  });
  t.equal(deploy.conclusion, 'failure', 'the deploy is red');
  t.match(deploy.annotations.join('\n'), /Bundle check::a file of the bundle differs from what the build job recorded/);
  t.equal(stepOutcome(deploy, 'deploy', /^Get AWS credentials/), 'skipped', 'no credentials were requested');
  t.equal(fork.aws.lambda.ops().length + fork.aws.ssm.store.size, 0, 'nothing touched AWS');
  t.notMatch(deploy.log, HA_TOKEN, 'and the token was never printed');
});

t.test('skills from the browser (the consent link, the consent run, the ID commit, the Deploy it starts, the second Skills run that sets both endpoints); then a config edit that hides every device fails the smoke test and live stays on the last good version, with its own settings', async (t) => {
  // Prepare: a security profile whose Web Settings allow the workflow page as a return URL, SMAPI
  // (whose manifest build refuses a Lambda endpoint the function does not let the skill call,
  // as Alexa's trigger check does), and the repository on GitHub.
  const clientId = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
  const clientSecret = 'amzn1.oa2-cs.v1.9f3c1d7b5e2a40c8b6d4f1e3a7c9b2d5';
  const returnUrl = 'https://github.com/octo-user/ha-alexa/actions/workflows/skill.yml';
  const lwa = await startFakeLwa({ clientId, clientSecret, allowedReturnUrls: ['http://127.0.0.1:9090/cb', returnUrl], accessToken: ACCESS_TOKEN });
  const smapi = await startFakeSmapi();
  t.teardown(async () => {
    await lwa.close();
    await smapi.close();
    await github.close();
  });
  const github = await startFakeGitHub({ 'config/skill.yaml': readFileSync(join(copyTemplateConfig(), 'skill.yaml'), 'utf8') }, { repository: 'octo-user/ha-alexa', token: 'ghs_fake' });
  const fork = await startFork({ region: 'us-east-1', lwaClientId: clientId }, { secrets: { LWA_CLIENT_SECRET: clientSecret }, env: { SMAPI_ENDPOINT: smapi.url, LWA_TOKEN_URL: lwa.tokenUrl, SMAPI_POLL_MS: '20', GITHUB_API_URL: github.url } });
  // (before) The security profile's client ID is in config/deploy.yaml (the essentials commit); A: its secret in LWA_CLIENT_SECRET.
  // Which skills the Lambda lets in is what the fake AWS's `live` policy says, as Deploy left it.
  smapi.state.lambdaAllows = new (class extends Set<string> {
    override has(skillId: string): boolean {
      return (fork.aws.lambda.state.policies.get('live') ?? []).some((statement) => statement.Condition?.StringEquals['lambda:EventSourceToken'] === skillId);
    }
  })();
  // Account linking needs Home Assistant on https and port 443, which the loopback one is not: the
  // Skills runs get a public address as HA_URL (SMAPI stores it; nothing calls it here).
  const skills = (inputs: Record<string, string> = {}) => fork.run('skill.yml', { eventName: 'workflow_dispatch', inputs, secrets: { HA_URL: 'https://ha.rehearsal.example' } });
  const prefix = fork.deploy.parameter_prefix;
  const shownLog = (result: WorkflowResult) => result.log.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');

  // A Skills run (e.g. the one Deploy starts) while no refresh token is stored: the consent link.
  const waiting = await skills();
  t.equal(waiting.conclusion, 'success', 'a Skills run without a token is green', { log: explain(waiting) });
  t.match(waiting.summary, /## Alexa skills: one consent needed/, { log: explain(waiting) });
  const link = /```text\n(https:\/\/www\.amazon\.com\/ap\/oa\?[^\n]+)\n```/.exec(waiting.summary)?.[1] ?? '';
  t.match(link, 'redirect_uri=https%3A%2F%2Fgithub.com%2Focto-user%2Fha-alexa%2Factions%2Fworkflows%2Fskill.yml', 'the link returns to the Skills workflow page');
  t.equal(smapi.skills.size, 0, 'nothing created yet');

  // B: Allow on the consent page; C: Run workflow with the address pasted into consent.
  const landing = lwa.allow(link);
  const code = new URL(landing).searchParams.get('code') ?? '';
  const consent = await skills({ consent: landing });
  t.equal(consent.conclusion, 'success', 'the consent run is green', { log: explain(consent) });
  const stored = fork.aws.ssm.store.get(`${prefix}/skills/lwa_refresh_token`);
  t.equal(stored?.Type, 'SecureString', 'the refresh token is stored as a SecureString');
  t.ok(lwa.refreshTokens.has(stored?.Value ?? ''), 'the one LWA issued for the code');
  t.equal(smapi.skills.size, 2, 'both skills created');
  const ids = [...smapi.skills.keys()];
  const committed = github.file('main', 'config/skill.yaml') ?? '';
  for (const id of ids) t.match(committed, id, `${id} committed to config/skill.yaml on main`);
  t.match(committed, /^# config\/skill\.yaml/, 'with its comments');
  t.same(github.dispatches, [{ workflow: 'deploy.yml', ref: 'main', inputs: {} }], 'and Deploy started, since that commit starts no workflow');
  t.match(consent.summary, /⏳ Endpoint pending for the Smart Home skill and the Custom skill[\s\S]*started Deploy[\s\S]*Nothing is needed from you\./);
  t.notMatch(consent.summary, /Next: enable/, 'no linking advice while the endpoints wait');
  const masks = consent.log.split('\n').filter((line) => line.startsWith('::add-mask::'));
  // The workflow command escapes % as %25 (actions/toolkit's escapeData); the runner reads it back.
  t.ok(masks.includes(`::add-mask::${landing.replace(/%/g, '%25')}`) && masks.includes(`::add-mask::${code}`), 'the pasted address and the code are masked');
  t.ok(consent.log.indexOf(`::add-mask::${code}`) < consent.log.indexOf('Exchanging the consent code'), 'before anything else is printed');
  for (const run of [waiting, consent]) {
    assertNoSecretPart(t, shownLog(run), [code, stored?.Value ?? '', clientSecret], 'the Skills log');
    assertNoSecretPart(t, run.summary, [code, stored?.Value ?? '', clientSecret], 'the Skills summary');
  }

  // The dispatched Deploy, on main with the commit: it lets both skills call the Lambda and starts Skills.
  writeFileSync(join(fork.workspace, 'config', 'skill.yaml'), committed);
  const deploy = await fork.run('deploy.yml', { eventName: 'workflow_dispatch' });
  t.equal(deploy.conclusion, 'success', 'the dispatched Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy, DEPLOY_JOBS);
  const statements = fork.aws.lambda.state.policies.get('live') ?? [];
  for (const id of ids) t.ok(statements.some((statement) => statement.Condition?.StringEquals['lambda:EventSourceToken'] === id), `${id} may invoke live`);
  t.same(github.dispatches.slice(1), [{ workflow: 'skill.yml', ref: 'main', inputs: {} }], 'Deploy started Skills once');
  t.notMatch(deploy.summary, /amazon\.com\/ap\/oa/, 'no consent link once a refresh token is stored');

  // The Skills run Deploy started: the stored token, both endpoints set, nothing recorded, nothing started.
  const second = await skills();
  t.equal(second.conclusion, 'success', 'the second Skills run is green', { log: explain(second) });
  t.match(second.log, `Login with Amazon: the refresh token stored at ${prefix}/skills/lwa_refresh_token`);
  for (const skill of smapi.skills.values()) t.match(JSON.stringify(skill.manifest.apis), `function:${fork.deploy.function_name}:live`, `${skill.skillId}: its endpoint is the live alias`);
  t.match(second.summary, /Next: enable the Smart Home skill in the Alexa app and link it, then discover devices/);
  t.notMatch(second.summary, /pending/);
  t.equal(github.commits.length, 1, 'no second commit');
  t.equal(github.dispatches.length, 2, 'no second Deploy: the chain ends');
  assertNoSecretPart(t, shownLog(second) + second.summary + deploy.log + deploy.summary, [code, stored?.Value ?? '', clientSecret], 'the later runs');
  t.same(smapi.shapeErrors, [], 'every SMAPI request had Amazon\'s shape');

  // The user's next commit: a filter that matches nothing in this home. (One fork for both stories
  // saves a Deploy run: the suite's time is tight.)
  const before = liveVersion(fork);
  const goodFilter = settingsOf(fork, before.version).get('alexa/filter');
  applySetupEdits(join(fork.workspace, 'config'), { includeDomains: ['timer'] });
  const bad = await fork.run('deploy.yml');
  t.equal(github.dispatches.length, 2, 'a red Deploy starts no Skills run');
  t.equal(bad.conclusion, 'failure', 'the deploy is red', { log: explain(bad) });
  t.match(explain(bad), /0 endpoints|no endpoints|no devices/i, 'saying discovery found nothing');
  const after = liveVersion(fork);
  t.equal(after.number, before.number, 'live stays on the last good version');
  t.ok([...fork.aws.lambda.state.versions.keys()].some((version) => Number(version) > Number(before.number)), 'a new version was published, tested and rejected');
  const kept = settingsOf(fork, after.version);
  t.equal(kept.get('alexa/filter'), goodFilter, 'and that version still reads its own settings set');
  t.notMatch(kept.get('alexa/filter') ?? '', /timer/);
  const sent = fork.runtime.events.length;
  const discovery = await fork.run('discovery-test.yml', { eventName: 'workflow_dispatch', inputs: { qualifier: 'diagnostics', token_source: 'stored' } });
  t.equal(discovery.conclusion, 'success', 'live still discovers the home', { log: explain(discovery) });
  t.match(discovery.summary, /\| *Kitchen Light *\|/);
  t.ok(fork.runtime.events.slice(sent).every((entry) => entry.version === before.number), 'through the last good version');
  t.comment(`Skills runs, this machine, tools copied: ${jobTimes(waiting).line}; ${jobTimes(consent).line}; ${jobTimes(second).line}; the dispatched Deploy: ${jobTimes(deploy).line}`);
});
