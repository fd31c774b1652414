/**
 * Runs a GitHub Actions workflow file the way GitHub would, on this machine: jobs in `needs:` order,
 * each job's `if:`, env layering (workflow → job → GITHUB_ENV → step), `${{ }}` expressions, `run:`
 * blocks with bash in the working copy (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STEP_SUMMARY
 * honoured), emulated `uses:` actions (actions.ts), reusable workflows (`uses: ./.github/…`), and the
 * short list of commands it skips (skipped.ts). It knows nothing about this project's steps.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ACTIONS, actionName } from './actions.js';
import type { BuildCache } from './build-cache.js';
import { evaluateCondition, interpolate, interpolateText, stringify, type ExpressionScope, type Value } from './expressions.js';
import { skipReason } from './skipped.js';
import { restoreTools, storeTools } from './tools-cache.js';

interface StepSpec {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: boolean | string;
}

interface JobSpec {
  name?: string;
  needs?: string | string[];
  if?: string | boolean;
  env?: Record<string, unknown>;
  steps?: StepSpec[];
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: 'inherit' | Record<string, unknown>;
  outputs?: Record<string, string>;
  strategy?: unknown;
  'timeout-minutes'?: number;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
}

interface WorkflowSpec {
  name?: string;
  on?: unknown;
  env?: Record<string, unknown>;
  jobs: Record<string, JobSpec>;
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  readonly name: string;
  readonly outcome: Outcome;
  /** stdout and stderr of a run block, or what an emulated action did, or why it was skipped. */
  readonly output: string;
  /** Set when the step was skipped by the harness (not by its `if:`). */
  readonly skippedCommand?: string;
}

export interface JobResult {
  /** `deploy`, or `deploy / build` for a job of a reusable workflow. */
  readonly id: string;
  readonly result: Outcome;
  readonly steps: StepResult[];
  /** The job summary: every step's GITHUB_STEP_SUMMARY, in order. */
  readonly summary: string;
  readonly outputs: Record<string, string>;
  /** Wall time of the job's steps on this machine (0 for a skipped job). */
  readonly ms: number;
}

export interface WorkflowResult {
  readonly conclusion: Outcome;
  readonly jobs: JobResult[];
  /** Every job's summary. */
  readonly summary: string;
  /** `::error …::` and `::warning …::` lines of every step. */
  readonly annotations: string[];
  /** Every run block's output, for failure messages. */
  readonly log: string;
}

export interface RunOptions {
  /** The repository as pushed: its files, node_modules linked. Each job checks out a fresh copy of it. */
  readonly workspace: string;
  /** The workflow file, relative to the workspace, e.g. `.github/workflows/deploy.yml`. */
  readonly workflow: string;
  readonly eventName: string;
  /** `github.event` (e.g. `repository.is_template`, `inputs`). */
  readonly event?: Record<string, Value>;
  readonly vars?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  /** `inputs` of a workflow_dispatch (defaults come from the file). */
  readonly inputs?: Record<string, Value>;
  /** The runner's environment: PATH, HOME, and where the fake AWS listens. Nothing else leaks in. */
  readonly env: Record<string, string>;
  /** What configure-aws-credentials exports (fake keys). */
  readonly credentials: Record<string, string>;
  /** Where upload-artifact puts files; one per workflow run. */
  readonly artifactsDir?: string;
  readonly build?: BuildCache;
  /** Called after each job, with the run's artifacts folder (a scenario can play a hostile job). */
  readonly afterJob?: (job: string, artifactsDir: string) => void;
  /** The repository's Actions cache (actions/cache/restore and save), shared by a scenario's runs. */
  readonly cache?: Map<string, string>;
  /** Longest a run block may take; default: the job's timeout-minutes (else 10 minutes). */
  readonly stepTimeoutMs?: number;
  readonly verbose?: boolean;
}

/** The numeric IDs GitHub gives octo-user and octo-user/ha-alexa (the deploy role's OIDC subject names them). */
export const REPOSITORY_OWNER_ID = '1001';
export const REPOSITORY_ID = '2002';

/** What actions/checkout gives a job: the repository's files (no dist/, no test output), node_modules linked as in the repository. */
function freshCheckout(repository: string, jobDir: string): string {
  const checkout = join(jobDir, 'repo');
  const skip = new Set(['dist', '.tap', 'coverage', '.suite-passed', 'doctor-report.json'].map((entry) => join(repository, entry)));
  cpSync(repository, checkout, { recursive: true, verbatimSymlinks: true, filter: (source) => !skip.has(source) });
  return checkout;
}

const STATUS_CHECK = (condition: unknown) => typeof condition === 'string' && /\b(always|failure|cancelled|success)\s*\(/.test(condition);

/** `KEY=value` lines and `KEY<<EOF … EOF` blocks, as GitHub reads GITHUB_OUTPUT and GITHUB_ENV. */
export function parseKeyValueFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const lines = readFileSync(path, 'utf8').split('\n');
  const values: Record<string, string> = {};
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i++] as string);
      if (i >= lines.length) throw new Error(`unterminated ${heredoc[1] ?? ''}<<${heredoc[2] ?? ''} in ${path}`);
      values[(heredoc[1] as string).trim()] = body.join('\n');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`invalid line in ${path}: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}

type Trigger = { inputs?: Record<string, { default?: Value }>; outputs?: Record<string, { value: string }> } | null;

/** `on:` as a map, from any of its forms: `push`, `[push, pull_request]`, or `{ push: … }`. */
function triggers(on: unknown): Record<string, Trigger> {
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on)) return Object.fromEntries(on.map((name) => [String(name), null]));
  return typeof on === 'object' && on !== null ? (on as Record<string, Trigger>) : {};
}

function toStringRecord(record: Record<string, unknown> | undefined, scope: ExpressionScope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) out[key] = typeof value === 'string' ? interpolateText(value, scope) : stringify(value as Value);
  return out;
}

/** Jobs in an order that respects `needs:`. */
function jobOrder(jobs: Record<string, JobSpec>): string[] {
  const order: string[] = [];
  const visiting = new Set<string>();
  const visit = (id: string) => {
    if (order.includes(id)) return;
    if (visiting.has(id)) throw new Error(`needs: cycle at job ${id}`);
    const job = jobs[id];
    if (!job) throw new Error(`needs: unknown job ${id}`);
    visiting.add(id);
    for (const need of [job.needs ?? []].flat()) visit(need);
    visiting.delete(id);
    order.push(id);
  };
  for (const id of Object.keys(jobs)) visit(id);
  return order;
}

function runBash(script: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number; output: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'ha-alexa-step-')), 'step.sh');
  writeFileSync(file, script);
  return new Promise((resolvePromise) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      output += `\n[rehearsal] the step ran longer than ${timeoutMs} ms and was stopped\n`;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 1, output });
    });
  });
}

/** Runs one workflow file; never throws for a failing step (the result says so), only for what it cannot emulate. */
export async function runWorkflow(options: RunOptions): Promise<WorkflowResult> {
  const artifactsDir = options.artifactsDir ?? mkdtempSync(join(tmpdir(), 'ha-alexa-artifacts-'));
  return new WorkflowRun({ ...options, artifactsDir }).run(options.workflow, options.inputs ?? {}, options.secrets ?? {}, '');
}

class WorkflowRun {
  readonly jobs: JobResult[] = [];
  readonly annotations: string[] = [];
  log = '';

  readonly cache: Map<string, string>;

  constructor(private readonly options: RunOptions & { artifactsDir: string }) {
    this.cache = options.cache ?? new Map();
  }

  async run(file: string, givenInputs: Record<string, Value>, secrets: Record<string, string>, prefix: string): Promise<WorkflowResult & { outputs: Record<string, string> }> {
    const spec = parse(readFileSync(join(this.options.workspace, file), 'utf8')) as WorkflowSpec;
    const on = triggers(spec.on);
    const trigger = prefix === '' ? on[this.options.eventName] : on.workflow_call;
    if (trigger === undefined) throw new Error(`${file} does not run on ${prefix === '' ? this.options.eventName : 'workflow_call'}`);
    const inputs: Record<string, Value> = {};
    for (const [name, input] of Object.entries(trigger?.inputs ?? {})) inputs[name] = input.default ?? null;
    Object.assign(inputs, givenInputs);

    const needsResults: Record<string, { result: Outcome; outputs: Record<string, string> }> = {};
    const mine: JobResult[] = [];
    for (const id of jobOrder(spec.jobs)) {
      const job = spec.jobs[id] as JobSpec;
      const needs = [job.needs ?? []].flat();
      const needsContext: Record<string, Value> = {};
      for (const need of needs) needsContext[need] = needsResults[need] as unknown as Value;
      const failedNeed = needs.some((need) => needsResults[need]?.result !== 'success');
      const scope = this.scope({ inputs, secrets, needs: needsContext, env: {} }, failedNeed);
      const runs = job.if === undefined ? !failedNeed : STATUS_CHECK(job.if) ? evaluateCondition(job.if, scope) : !failedNeed && evaluateCondition(job.if, scope);
      const fullId = `${prefix}${id}`;
      if (!runs) {
        const skipped: JobResult = { id: fullId, result: 'skipped', steps: [], summary: '', outputs: {}, ms: 0 };
        needsResults[id] = { result: 'skipped', outputs: {} };
        mine.push(skipped);
        this.jobs.push(skipped);
        continue;
      }
      if (job.strategy !== undefined) throw new Error(`job ${fullId}: the rehearsal does not emulate strategy/matrix`);
      let result: JobResult;
      if (job.uses !== undefined) {
        if (!job.uses.startsWith('./')) throw new Error(`job ${fullId}: only local reusable workflows are emulated, not ${job.uses}`);
        const withInputs: Record<string, Value> = {};
        for (const [key, value] of Object.entries(job.with ?? {})) withInputs[key] = typeof value === 'string' ? interpolate(value, scope) : (value as Value);
        const passed = job.secrets === 'inherit' ? secrets : toStringRecord(job.secrets, scope);
        const called = await this.run(job.uses.slice(2), withInputs, passed, `${fullId} / `);
        result = { id: fullId, result: called.conclusion, steps: [], summary: '', outputs: called.outputs, ms: 0 };
      } else {
        result = await this.runJob(fullId, job, spec, { inputs, secrets, needs: needsContext });
        this.jobs.push(result);
        this.options.afterJob?.(fullId, this.options.artifactsDir);
      }
      needsResults[id] = { result: result.result, outputs: result.outputs };
      mine.push(result);
    }
    const conclusion: Outcome = mine.some((job) => job.result === 'failure') ? 'failure' : mine.every((job) => job.result === 'skipped') ? 'skipped' : 'success';
    const outputs: Record<string, string> = {};
    const jobsContext = needsResults as unknown as Value;
    for (const [name, output] of Object.entries(trigger?.outputs ?? {})) {
      outputs[name] = interpolateText(output.value, this.scope({ inputs, secrets, needs: {}, env: {}, jobs: jobsContext }, false));
    }
    return {
      conclusion,
      jobs: this.jobs,
      summary: this.jobs.map((job) => job.summary).filter(Boolean).join('\n'),
      annotations: this.annotations,
      log: this.log,
      outputs,
    };
  }

  scope(parts: { inputs: Record<string, Value>; secrets: Record<string, string>; needs: Record<string, Value>; env: Record<string, string>; steps?: Value; jobs?: Value }, jobFailed: boolean): ExpressionScope {
    const { options } = this;
    return {
      jobFailed,
      contexts: {
        github: {
          event_name: options.eventName,
          event: { ...(options.event ?? {}), ...(options.eventName === 'workflow_dispatch' ? { inputs: parts.inputs } : {}) },
          repository: 'octo-user/ha-alexa',
          repository_owner: 'octo-user',
          repository_owner_id: REPOSITORY_OWNER_ID,
          repository_id: REPOSITORY_ID,
          ref: 'refs/heads/main',
          ref_name: 'main',
          sha: '0123456789abcdef0123456789abcdef01234567',
          run_id: '4242',
          run_number: '7',
          run_attempt: '1',
          actor: 'octo-user',
          workspace: options.workspace,
          server_url: 'https://github.com',
          api_url: 'https://api.github.com',
          // The job's GITHUB_TOKEN, the same value as secrets.GITHUB_TOKEN.
          token: 'ghs_fake',
        },
        vars: options.vars ?? {},
        secrets: { GITHUB_TOKEN: 'ghs_fake', ...parts.secrets },
        inputs: parts.inputs,
        needs: parts.needs,
        env: parts.env,
        steps: parts.steps ?? {},
        jobs: parts.jobs ?? {},
        job: { status: jobFailed ? 'failure' : 'success' },
        runner: { os: 'Linux', arch: 'X64', temp: tmpdir(), name: 'rehearsal' },
        strategy: {},
        matrix: {},
      },
    };
  }

  async runJob(id: string, job: JobSpec, workflow: WorkflowSpec, parts: { inputs: Record<string, Value>; secrets: Record<string, string>; needs: Record<string, Value> }): Promise<JobResult> {
    const { options } = this;
    const jobDir = mkdtempSync(join(tmpdir(), 'ha-alexa-job-'));
    // Each job runs on a fresh runner: its own checkout, with nothing another job built or downloaded.
    const checkout = freshCheckout(options.workspace, jobDir);
    const files = { output: join(jobDir, 'output'), env: join(jobDir, 'env'), path: join(jobDir, 'path'), summary: join(jobDir, 'summary') };
    const baseScope = (env: Record<string, string>, steps: Value, failed: boolean) => this.scope({ ...parts, env, steps }, failed);
    const workflowEnv = toStringRecord(workflow.env, baseScope({}, {}, false));
    const jobEnv = { ...workflowEnv, ...toStringRecord(job.env, baseScope(workflowEnv, {}, false)) };
    const exported: Record<string, string> = {};
    const extraPath: string[] = [];
    const steps: Record<string, { outputs: Record<string, string>; outcome: Outcome; conclusion: Outcome }> = {};
    const results: StepResult[] = [];
    let summary = '';
    let failed = false;
    const started = performance.now();

    for (const [index, step] of (job.steps ?? []).entries()) {
      const name = step.name ?? (step.uses ? `Run ${step.uses}` : `Run ${(step.run ?? '').split('\n')[0] ?? ''}`);
      const envContext = { ...jobEnv, ...exported };
      const stepsValue = steps as unknown as Value;
      if (!evaluateCondition(step.if, baseScope(envContext, stepsValue, failed))) {
        results.push({ name, outcome: 'skipped', output: '' });
        if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
        continue;
      }
      const stepEnv = { ...envContext, ...toStringRecord(step.env, baseScope(envContext, stepsValue, failed)) };
      const scope = baseScope(stepEnv, stepsValue, failed);
      writeFileSync(files.output, '');
      writeFileSync(files.summary, '');
      let outcome: Outcome = 'success';
      let output: string;
      let skippedCommand: string | undefined;
      if (step.uses !== undefined) {
        const action = ACTIONS[actionName(step.uses)];
        if (!action) throw new Error(`job ${id} step ${index + 1}: unknown action ${step.uses}: add an emulation to test/workflows/harness/actions.ts`);
        const lines: string[] = [];
        try {
          action({
            setOutput: (key, value) => appendFileSync(files.output, `${key}=${value}\n`),
            cache: this.cache,
            workspace: checkout,
            artifactsDir: options.artifactsDir,
            inputs: toStringRecord(step.with, scope),
            credentials: options.credentials,
            exportEnv: (key, value) => (exported[key] = value),
            log: (line) => lines.push(line),
          });
        } catch (error) {
          lines.push(`::error::${error instanceof Error ? error.message : String(error)}`);
          outcome = 'failure';
        }
        output = lines.join('\n');
      } else if (step.run !== undefined) {
        if ((step.shell ?? job.defaults?.run?.shell ?? 'bash') !== 'bash') throw new Error(`job ${id}: only shell: bash is emulated`);
        const script = interpolateText(step.run, scope);
        const reason = skipReason(script);
        if (reason !== undefined) {
          skippedCommand = script.trim();
          output = reason;
        } else {
          const cwd = resolve(checkout, step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.');
          const timeoutMs = this.options.stepTimeoutMs ?? (job['timeout-minutes'] ?? 10) * 60_000;
          const ran = await this.execute(script, cwd, timeoutMs, {
            ...options.env,
            ...this.githubEnv(files, id, checkout),
            ...stepEnv,
            PATH: [...extraPath.slice().reverse(), options.env.PATH ?? ''].filter(Boolean).join(':'),
          });
          output = ran.output;
          outcome = ran.code === 0 ? 'success' : 'failure';
          Object.assign(exported, parseKeyValueFile(files.env));
          writeFileSync(files.env, '');
          if (existsSync(files.path)) extraPath.push(...readFileSync(files.path, 'utf8').split('\n').filter(Boolean));
          writeFileSync(files.path, '');
        }
      } else {
        throw new Error(`job ${id} step ${index + 1} has neither run nor uses`);
      }
      const stepSummary = readFileSync(files.summary, 'utf8');
      summary += stepSummary;
      for (const line of output.split('\n')) if (/^::(error|warning)\b/.test(line)) this.annotations.push(line);
      this.log += `\n## ${id}: ${name} (${outcome})\n${output}\n`;
      if (options.verbose) process.stderr.write(`\n## ${id}: ${name} (${outcome})\n${output}\n`);
      const continueOnError = step['continue-on-error'] === true || step['continue-on-error'] === 'true';
      if (step.id) steps[step.id] = { outputs: parseKeyValueFile(files.output), outcome, conclusion: outcome === 'failure' && continueOnError ? 'success' : outcome };
      results.push({ name, outcome, output, ...(skippedCommand === undefined ? {} : { skippedCommand }) });
      if (outcome === 'failure' && !continueOnError) failed = true;
    }
    const outputs = toStringRecord(job.outputs, baseScope({ ...jobEnv, ...exported }, steps, failed));
    return { id, result: failed ? 'failure' : 'success', steps: results, summary, outputs, ms: performance.now() - started };
  }

  /** A run block, with `npm run build` served from the build cache when the inputs are identical. */
  async execute(script: string, cwd: string, timeout: number, env: Record<string, string>): Promise<{ code: number; output: string }> {
    const { build } = this.options;
    const workspace = cwd;
    if (build !== undefined && script.trim() === 'npm run build:tools') return this.buildTools(script, cwd, timeout, env);
    if (build !== undefined && script.trim() === 'npm run build') {
      const cached = build.lookup(workspace);
      if (cached !== undefined) {
        build.restore(workspace, cached);
        return { code: 0, output: '[rehearsal] dist/ copied from a build of byte-identical inputs earlier in this test run (build-cache.ts)' };
      }
      const ran = await runBash(script, cwd, env, timeout);
      if (ran.code === 0) build.store(workspace);
      return ran;
    }
    return runBash(script, cwd, env, timeout);
  }

  /** `npm run build:tools`, run once per set of sources in a test run (tools-cache.ts). */
  async buildTools(script: string, cwd: string, timeout: number, env: Record<string, string>): Promise<{ code: number; output: string }> {
    if (restoreTools(cwd)) return { code: 0, output: '[rehearsal] dist/tools/ copied from a build of byte-identical sources earlier in this test run (tools-cache.ts)' };
    const ran = await runBash(script, cwd, env, timeout);
    if (ran.code === 0) storeTools(cwd);
    return ran;
  }

  githubEnv(files: { output: string; env: string; path: string; summary: string }, job: string, checkout: string): Record<string, string> {
    const { options } = this;
    const eventPath = join(options.artifactsDir, '..', `event-${process.pid}.json`);
    mkdirSync(join(options.artifactsDir, '..'), { recursive: true });
    // A workflow_dispatch payload carries the run's inputs, as GitHub's does (webhook event "workflow_dispatch").
    writeFileSync(eventPath, JSON.stringify(options.eventName === 'workflow_dispatch' ? { ...options.event, inputs: options.inputs ?? {} } : (options.event ?? {})));
    appendFileSync(files.output, '');
    return {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKFLOW: options.workflow,
      GITHUB_JOB: job,
      GITHUB_EVENT_NAME: options.eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'octo-user/ha-alexa',
      GITHUB_REPOSITORY_OWNER: 'octo-user',
      GITHUB_REPOSITORY_OWNER_ID: REPOSITORY_OWNER_ID,
      GITHUB_REPOSITORY_ID: REPOSITORY_ID,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: 'octo-user',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKSPACE: checkout,
      GITHUB_OUTPUT: files.output,
      GITHUB_ENV: files.env,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: tmpdir(),
    };
  }
}
