import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/config-dir.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const WORKFLOW_DIR = join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOW_DIR).filter((file) => file.endsWith('.yml'));
const load = (file: string) => parse(readFileSync(join(WORKFLOW_DIR, file), 'utf8')) as Workflow;
const workflows = Object.fromEntries(files.map((file) => [file, load(file)]));
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

t.test('the workflows exist', (t) => {
  t.same(files.sort(), ['ci.yml', 'deploy.yml', 'discovery-test.yml', 'skill.yml']);
  t.end();
});

t.test('every npm run a workflow calls exists in package.json', (t) => {
  const called = new Set<string>();
  for (const workflow of Object.values(workflows)) {
    for (const step of steps(workflow)) {
      for (const match of (step.run ?? '').matchAll(/npm run ([\w:.-]+)/g)) called.add(match[1] as string);
    }
  }
  t.ok(called.size >= 7, [...called].join(', '));
  for (const name of called) t.ok(scripts[name], `npm run ${name} exists`);
  t.end();
});

t.test('secrets and inputs reach run blocks only through env, never inline', (t) => {
  for (const [file, workflow] of Object.entries(workflows)) {
    for (const step of steps(workflow)) {
      t.notMatch(step.run ?? '', /\$\{\{\s*(secrets|inputs|github\.event)\./, `${file}: ${step.name ?? step.run ?? ''}`);
    }
  }
  t.end();
});

t.test('every action is pinned to a major version', (t) => {
  for (const workflow of Object.values(workflows)) {
    for (const step of steps(workflow)) if (step.uses) t.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/);
  }
  t.end();
});

t.test('ci.yml installs, lints, typechecks, tests, builds, uploads the zip and lints the workflows', (t) => {
  const ci = workflows['ci.yml'] as Workflow;
  t.ok('pull_request' in ci.on && 'push' in ci.on);
  t.same(ci.permissions, { contents: 'read' });
  const runs = steps(ci).map((step) => step.run ?? step.uses ?? '');
  const order = ['npm ci', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run build'].map((command) => runs.indexOf(command));
  t.ok(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0))), `in order: ${order.join(',')}`);
  const upload = steps(ci).find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  t.equal(upload?.with?.path, 'dist/lambda.zip');
  t.ok(runs.includes('npm run lint:workflows'));
  t.ok(runs.some((run) => run.includes('cfn-lint')), 'cfn-lint is installed on the runner');
  const lint = steps(ci).find((step) => step.run === 'npm run lint:workflows');
  t.same(lint?.env, { REQUIRE_SHELLCHECK: '1', REQUIRE_CFN_LINT: '1' });
  t.end();
});

t.test('deploy.yml: OIDC, production environment, concurrency, and skipped until configured', (t) => {
  const deploy = workflows['deploy.yml'] as Workflow;
  t.same(deploy.on, { push: { branches: ['main'] }, workflow_dispatch: null });
  t.same(deploy.permissions, { contents: 'read' });
  t.same(deploy.concurrency, { group: 'deploy-production', 'cancel-in-progress': false });
  const job = deploy.jobs.deploy as Job;
  t.equal(job.if, "${{ !github.event.repository.is_template && vars.LAMBDA_FUNCTION_NAME != '' }}");
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'read', 'id-token': 'write' });
  t.same(Object.keys(job.env ?? {}).sort(), ['AWS_REGION', 'LAMBDA_ALIAS', 'LAMBDA_FUNCTION_NAME', 'PARAMETER_PREFIX']);
  t.match(job.env?.PARAMETER_PREFIX, "'/lambda-execution-engine'");
  t.match(job.env?.LAMBDA_ALIAS, "'live'");
  const credentials = job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  t.equal(credentials?.uses, 'aws-actions/configure-aws-credentials@v6');
  t.same(credentials?.with, {
    'role-to-assume': '${{ vars.AWS_ROLE_ARN }}',
    'aws-region': '${{ vars.AWS_REGION }}',
    'role-session-name': 'deploy-${{ github.run_id }}-${{ github.run_attempt }}',
  });
  const runs = job.steps.map((step) => step.run ?? step.uses ?? '');
  const at = (text: string) => runs.findIndex((run) => run.includes(text));
  t.ok(at('npm run build') < at('configure-aws-credentials'), 'build before credentials');
  t.ok(at('configure-aws-credentials') < at('npm run sync-parameters'));
  t.ok(at('npm run sync-parameters') < at('npm run deploy-lambda'), 'parameters are synced before the code that reads them');
  t.ok(at('npm run deploy-lambda') < at('npm run invoke-discovery'), 'then a smoke test through the alias');
  const sync = job.steps[at('npm run sync-parameters')];
  t.same(sync?.env, { HA_TOKEN: '${{ secrets.HA_TOKEN }}', HA_URL: '${{ secrets.HA_URL }}' });
  t.end();
});

t.test('discovery-test.yml is manual, with a qualifier and a token source, and runs invoke-discovery', (t) => {
  const discovery = workflows['discovery-test.yml'] as Workflow;
  t.same(Object.keys(discovery.on), ['workflow_dispatch']);
  const inputs = (discovery.on.workflow_dispatch as { inputs: Record<string, { default: string; type: string; options?: string[] }> }).inputs;
  t.equal(inputs.qualifier?.default, 'live');
  t.same(inputs.token_source?.options, ['stored', 'secret']);
  const job = discovery.jobs.discover as Job;
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'read', 'id-token': 'write' });
  const invoke = job.steps.find((step) => step.run?.includes('npm run invoke-discovery'));
  t.equal(invoke?.run, 'npm run invoke-discovery -- --qualifier "$QUALIFIER" --token "$TOKEN_SOURCE"');
  t.equal(invoke?.env?.QUALIFIER, '${{ inputs.qualifier }}');
  t.match(invoke?.env?.HA_TOKEN, /inputs\.token_source == 'secret' && secrets\.HA_TOKEN/);
  t.end();
});

t.test('skill.yml: runs skill:deploy on skill-package changes, after each Deploy and by hand, with the LWA secrets of production', (t) => {
  const skill = workflows['skill.yml'] as Workflow;
  t.same(Object.keys(skill.on).sort(), ['push', 'workflow_dispatch', 'workflow_run']);
  t.same((skill.on.push as { paths: string[] }).paths, ['skill-package/**']);
  t.same(skill.on.workflow_run, { workflows: ['Deploy'], types: ['completed'], branches: ['main'] }, 'config/ changes arrive after Deploy has granted the permissions');
  t.same(skill.permissions, { contents: 'read' });
  const job = skill.jobs.skills as Job;
  t.match(job.if, /!github\.event\.repository\.is_template && vars\.LAMBDA_FUNCTION_NAME != ''/);
  t.match(job.if, /github\.event\.workflow_run\.conclusion == 'success'/);
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'write', 'pull-requests': 'write' }, 'the ID pull request, and nothing else');
  const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
  t.same(checkout?.with, { 'persist-credentials': false });
  const deploy = job.steps.find((step) => step.run === 'npm run skill:deploy');
  t.same(Object.keys(deploy?.env ?? {}).sort(), ['GITHUB_TOKEN', 'HA_URL', 'LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN']);
  t.equal(deploy?.env?.LWA_REFRESH_TOKEN, '${{ secrets.LWA_REFRESH_TOKEN }}');
  t.end();
});

t.test('Dependabot groups npm updates, covers GitHub Actions, and holds back TypeScript 7', (t) => {
  const dependabot = parse(readFileSync(join(REPO_ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
    version: number;
    updates: { 'package-ecosystem': string; groups?: Record<string, { patterns: string[] }>; ignore?: { 'dependency-name': string; 'update-types': string[] }[] }[];
  };
  t.equal(dependabot.version, 2);
  t.same(dependabot.updates.map((update) => update['package-ecosystem']), ['npm', 'github-actions']);
  const npm = dependabot.updates[0];
  t.same(Object.keys(npm?.groups ?? {}), ['aws-sdk', 'rollup', 'tap', 'lint']);
  t.ok(npm?.groups?.['aws-sdk']?.patterns.includes('@aws-sdk/*'));
  t.same(npm?.ignore?.find((rule) => rule['dependency-name'] === 'typescript')?.['update-types'], ['version-update:semver-major']);
  t.end();
});
