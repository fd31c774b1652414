/**
 * The user's journey, end to end: the Deploy and Discovery test workflows run as written in
 * .github/workflows/ (test/workflows/harness/ reads and executes their steps; nothing here names a
 * step), against a loopback fake AWS whose Lambda Invoke runs the built zip of the invoked version,
 * and the loopback fake Home Assistant with the demo home.
 */
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, type FakeAws } from '../fixtures/fake-aws.js';
import { startFakeAwsServer, type RunningFakeAws } from '../fixtures/fake-aws-server.js';
import { builtZipRuntime, type BuiltZipRuntime } from '../fixtures/built-zip-invoke.js';
import { FakeHomeAssistant } from '../fixtures/fake-home-assistant.js';
import { demoStates } from '../fixtures/demo-home.js';
import { startHaServer, type RunningHa } from '../fixtures/ha-server.js';
import { applySetupEdits, copyConfigDir, EUROPEAN_EDITS, type SetupEdits } from '../fixtures/setup-edits.js';
import { REPO_ROOT } from '../scripts/helpers/config-dir.js';
import { BuildCache } from './harness/build-cache.js';
import { runWorkflow, type WorkflowResult } from './harness/runner.js';
import { makeWorkingCopy } from './harness/working-copy.js';

const HA_TOKEN = 'rehearsal-long-lived-token-4f1c9a7e';
const FUNCTION_NAME = 'ha-alexa';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAREHEARSALFAKE', AWS_SECRET_ACCESS_KEY: 'rehearsal-fake-secret', AWS_SESSION_TOKEN: 'rehearsal-fake-session' };
const build = new BuildCache();
// One real build (about 40 s of CPU), then five workflow runs on the built zip. Generous, because
// a 2-core machine shared with other test runs can stretch that several times over.
t.setTimeout(900_000);

/** One fork: a fake AWS account in `region`, its Home Assistant, and a working copy with its config/. */
interface Fork {
  aws: FakeAws;
  server: RunningFakeAws;
  runtime: BuiltZipRuntime;
  ha: RunningHa;
  workspace: string;
  region: string;
  run(workflow: string, extra?: { eventName?: string; inputs?: Record<string, string> }): Promise<WorkflowResult>;
}

const forks: Fork[] = [];
t.teardown(async () => {
  for (const fork of forks) {
    await fork.runtime.close();
    await fork.server.close();
    await fork.ha.close();
  }
});

/** The repository's own config/ with the user's edits, the URL always pointing at the fake Home Assistant. */
async function startFork(region: string, edits: Omit<SetupEdits, 'url'>): Promise<Fork> {
  const aws = createFakeAws({ functionName: FUNCTION_NAME, region });
  aws.lambda.state.pollsPerUpdate = 0;
  const server = await startFakeAwsServer(aws);
  const runtime = builtZipRuntime(aws, { region, ssmEndpoint: server.url, credentials: CREDENTIALS });
  aws.lambda.state.invoke = runtime.invoke;
  const ha = await startHaServer(new FakeHomeAssistant({ states: demoStates(), tokens: [HA_TOKEN] }));
  const config = copyConfigDir(join(REPO_ROOT, 'config'));
  applySetupEdits(config, { ...edits, url: ha.url });
  const workspace = makeWorkingCopy(REPO_ROOT, config);
  const fork: Fork = {
    aws,
    server,
    runtime,
    ha,
    workspace,
    region,
    run: (workflow, extra = {}) =>
      runWorkflow({
        workspace,
        workflow: join('.github', 'workflows', workflow),
        eventName: extra.eventName ?? 'push',
        event: { repository: { is_template: false, name: 'ha-alexa', full_name: 'octo-user/ha-alexa', owner: { login: 'octo-user', id: 1001 }, id: 2002 } },
        ...(extra.inputs ? { inputs: extra.inputs } : {}),
        vars: { AWS_REGION: region, AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/ha-alexa-deploy', LAMBDA_FUNCTION_NAME: FUNCTION_NAME },
        secrets: { HA_TOKEN },
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? tmpdir(),
          LANG: 'C.UTF-8',
          // Where this "runner" finds AWS: the loopback fake (the SDK reads these itself).
          AWS_ENDPOINT_URL_SSM: server.url,
          AWS_ENDPOINT_URL_LAMBDA: server.url,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        credentials: CREDENTIALS,
        build,
        verbose: process.env.REHEARSAL_VERBOSE === '1',
      }),
  };
  forks.push(fork);
  return fork;
}

/** A readable reason when a run is not what the scenario expects. */
const explain = (result: WorkflowResult) => `${result.annotations.join('\n')}\n${result.log.slice(-6000)}`;

/** The harness really ran the workflow: no job was skipped by its if:, and steps ran scripts. */
function assertRan(test: Pick<typeof t, 'ok'>, result: WorkflowResult): void {
  test.ok(result.jobs.length > 0 && result.jobs.every((job) => job.result !== 'skipped'), 'every job ran (none skipped by its if:)');
  test.ok(result.jobs.some((job) => job.steps.some((step) => step.outcome === 'success' && step.skippedCommand === undefined && /^> /m.test(step.output))), 'npm scripts really ran');
}

t.test('the shipped config (only the URL set) deploys green, then the Discovery test passes with each token source', async (t) => {
  const fork = await startFork('us-east-1', {});
  const deploy = await fork.run('deploy.yml');
  t.equal(deploy.conclusion, 'success', 'Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy);
  const alias = fork.aws.lambda.state.aliases.get('live');
  t.not(alias?.FunctionVersion, '1', `the live alias moved off the placeholder version (now ${alias?.FunctionVersion ?? '?'})`);
  const live = fork.aws.lambda.state.versions.get(alias?.FunctionVersion ?? '');
  t.equal(live?.CodeSha256, fork.aws.lambda.state.config.CodeSha256, 'live runs the uploaded zip');
  t.match(deploy.summary, /\| *Kitchen Light *\|/, 'the job summary has the device table');
  t.equal(fork.aws.ssm.store.get('/lambda-execution-engine/homeassistant/url')?.Value, fork.ha.url);
  const discovers = fork.runtime.events.filter((entry) => JSON.stringify(entry.event).includes('"Discover"'));
  t.ok(discovers.some((entry) => entry.version === alias?.FunctionVersion && !JSON.stringify(entry.event).includes('"scope"')), 'a scope-less Discover reached the live version');

  for (const tokenSource of ['stored', 'secret']) {
    const before = fork.runtime.events.length;
    const discovery = await fork.run('discovery-test.yml', { eventName: 'workflow_dispatch', inputs: { qualifier: 'live', token_source: tokenSource } });
    t.equal(discovery.conclusion, 'success', `Discovery test with token_source ${tokenSource} is green`, { log: explain(discovery) });
    assertRan(t, discovery);
    t.match(discovery.summary, /\| *Kitchen Light *\|/, `token_source ${tokenSource}: the device table`);
    const sent = fork.runtime.events.slice(before).map((entry) => JSON.stringify(entry.event));
    t.equal(sent.some((event) => event.includes(HA_TOKEN)), tokenSource === 'secret', `token_source ${tokenSource}: the secret is sent only when asked`);
  }
});

t.test('an edited config (another name, en-GB in eu-west-1, 256 MB) deploys green with the new settings', async (t) => {
  const fork = await startFork(EUROPEAN_EDITS.region, { assistantName: EUROPEAN_EDITS.assistantName, locales: EUROPEAN_EDITS.locales, memoryMb: EUROPEAN_EDITS.memoryMb });
  const deploy = await fork.run('deploy.yml');
  t.equal(deploy.conclusion, 'success', 'Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy);
  const live = fork.aws.lambda.state.versions.get(fork.aws.lambda.state.aliases.get('live')?.FunctionVersion ?? '');
  t.equal(live?.MemorySize, EUROPEAN_EDITS.memoryMb, 'the live version has 256 MB');
  t.equal(fork.aws.lambda.state.config.MemorySize, EUROPEAN_EDITS.memoryMb);
  t.equal(fork.aws.ssm.store.get('/lambda-execution-engine/homeassistant/assistant_name')?.Value, EUROPEAN_EDITS.assistantName);
  t.match(live?.FunctionArn, /^arn:aws:lambda:eu-west-1:/);
  t.notMatch(deploy.annotations.join('\n'), /region/i, 'no region warning for en-GB in eu-west-1');
});

t.test('a Discover the bundle refuses turns the deploy red (the seam of issue 9, bug 1)', async (t) => {
  const fork = await startFork('us-east-1', {});
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
