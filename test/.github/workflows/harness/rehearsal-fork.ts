/**
 * What the rehearsal files share: a fork of the template (fake AWS account, fake Home Assistant, a
 * working copy with its config/ edited as SETUP.md says), and the helpers that read a workflow run.
 * The rehearsal is split in files so that tap runs its stories side by side.
 */
import type t from 'tap';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, FAKE_ACCOUNT, type FakeAws } from '../../../fixtures/fake-aws.js';
import { startFakeAwsServer, type RunningFakeAws } from '../../../fixtures/fake-aws-server.js';
import { builtZipRuntime, type BuiltZipRuntime } from '../../../fixtures/built-zip-invoke.js';
import { FakeHomeAssistant } from '../../../fixtures/fake-home-assistant.js';
import { demoStates } from '../../../fixtures/demo-home.js';
import { startHaServer, type RunningHa } from '../../../fixtures/ha-server.js';
import { loadDeployConfig } from '../../../../scripts/config/deploy-config.js';
import { applySetupEdits, copyTemplateConfig, type SetupEdits } from '../../../fixtures/setup-edits.js';
import { REPO_ROOT } from '../../../scripts/helpers/config-dir.js';
import { BuildCache } from './build-cache.js';
import { REPOSITORY_ID, REPOSITORY_OWNER_ID, runWorkflow, type WorkflowResult } from './runner.js';
import { makeWorkingCopy } from './working-copy.js';
import { UNCOVERED_CHILD_ENV } from '../../../fixtures/uncovered-child.js';

export const HA_TOKEN = 'rehearsal-long-lived-token-4f1c9a7e';
export const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAREHEARSALFAKE', AWS_SECRET_ACCESS_KEY: 'rehearsal-fake-secret', AWS_SESSION_TOKEN: 'rehearsal-fake-session' };
export const build = new BuildCache();

/** One fork: a fake AWS account in its config/deploy.yaml's region, its Home Assistant, and a working copy with its config/. */
export interface Fork {
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
/** Closes every fork this file started (the test file registers it with t.teardown). */
export async function closeForks(): Promise<void> {
  for (const fork of forks) {
    await fork.runtime.close();
    await fork.server.close();
    await fork.ha.close();
  }
}

/**
 * The template's config/ (test/fixtures/config/) with the edits SETUP.md asks for: the URL of the fake Home Assistant,
 * and config/deploy.yaml's region and account_id (the fake account's, unless `accountId` says otherwise).
 */
export async function startFork(
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
          // The steps' processes (npm, tsx, the built tools and zip) are not this suite's coverage:
          // unit tests cover the sources, and recording every child cost more than a minute of the run.
          ...UNCOVERED_CHILD_ENV,
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
export const explain = (result: WorkflowResult) => `${result.annotations.join('\n')}\n${result.log.slice(-6000)}`;

/** The jobs that ran (not skipped by their if:), by id. */
export const ranJobs = (result: WorkflowResult) => result.jobs.filter((job) => job.result !== 'skipped').map((job) => job.id);

/** The harness really ran the workflow: the expected jobs ran and steps ran scripts. */
export function assertRan(test: Pick<typeof t, 'ok' | 'same'>, result: WorkflowResult, jobs: string[]): void {
  test.same(ranJobs(result), jobs, `the jobs that ran: ${jobs.join(', ')}`);
  test.ok(result.jobs.some((job) => job.steps.some((step) => step.outcome === 'success' && step.skippedCommand === undefined && /^(> |Bundle verified)/m.test(step.output))), 'scripts and tools really ran');
}

export const DEPLOY_JOBS = ['ci / build / bundle', 'ci / test', 'settings', 'deploy', 'skills'];

/** The version `live` points at, and its configuration. */
export function liveVersion(fork: Fork) {
  const alias = fork.aws.lambda.state.aliases.get('live');
  return { number: alias?.FunctionVersion ?? '', version: fork.aws.lambda.state.versions.get(alias?.FunctionVersion ?? '') };
}

/** The settings set a version reads: `<prefix>/settings/<PARAMETER_SET>`. */
export function settingsOf(fork: Fork, version: ReturnType<typeof liveVersion>['version']) {
  const id = version?.Environment?.Variables?.PARAMETER_SET ?? '';
  const get = (name: string) => fork.aws.ssm.store.get(`${fork.deploy.parameter_prefix}/settings/${id}/${name}`)?.Value;
  return { id, get };
}

/** The steps of a job that ran a command (not skipped by their if:), by name. */
export const stepOutcome = (result: WorkflowResult, job: string, name: RegExp) => result.jobs.find((entry) => entry.id === job)?.steps.find((step) => name.test(step.name))?.outcome;

/** Job time of a run, in seconds, as a table line: total and each job that ran. */
export function jobTimes(result: WorkflowResult): { total: number; line: string } {
  const ran = result.jobs.filter((job) => job.result !== 'skipped');
  const total = ran.reduce((sum, job) => sum + job.ms, 0) / 1000;
  return { total, line: `${total.toFixed(1)} s of job time (${ran.map((job) => `${job.id} ${(job.ms / 1000).toFixed(1)} s`).join(', ')})` };
}
