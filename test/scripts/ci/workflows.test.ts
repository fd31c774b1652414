import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/config-dir.js';

interface Step {
  name?: string;
  'continue-on-error'?: boolean;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  uses?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean | string };
  jobs: Record<string, Job>;
}

const WORKFLOW_DIR = join(REPO_ROOT, '.github', 'workflows');
const files = readdirSync(WORKFLOW_DIR).filter((file) => file.endsWith('.yml'));
const text = (file: string) => readFileSync(join(WORKFLOW_DIR, file), 'utf8');
const workflows = Object.fromEntries(files.map((file) => [file, parse(text(file)) as Workflow]));
const workflow = (file: string) => workflows[file] as Workflow;
const steps = (flow: Workflow) => Object.values(flow.jobs).flatMap((job) => job.steps ?? []);
const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? step.uses ?? '');
const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

t.test('the workflows', (t) => {
  t.same(files.sort(), ['ci.yml', 'deploy.yml', 'discovery-test.yml', 'doctor.yml', 'rollback.yml', 'skill.yml', 'template-sync.yml']);
  t.end();
});

t.test('every npm run a workflow calls exists in package.json', (t) => {
  const called = new Set<string>();
  for (const flow of Object.values(workflows)) {
    for (const step of steps(flow)) for (const match of (step.run ?? '').matchAll(/npm run ([\w:.-]+)/g)) called.add(match[1] as string);
  }
  t.ok(called.size >= 14, [...called].join(', '));
  for (const name of called) t.ok(scripts[name], `npm run ${name} exists`);
  t.end();
});

t.test('secrets and inputs reach run blocks only through env, never inline', (t) => {
  for (const [file, flow] of Object.entries(workflows)) {
    for (const step of steps(flow)) t.notMatch(step.run ?? '', /\$\{\{\s*(secrets|inputs|github\.event)\./, `${file}: ${step.name ?? step.run ?? ''}`);
  }
  t.end();
});

t.test('third-party actions are pinned by full commit SHA with the version in a comment; local ones by path', (t) => {
  let pinned = 0;
  for (const file of files) {
    for (const line of text(file).split('\n')) {
      const match = /^\s*(?:- )?uses: (\S+)(.*)$/.exec(line);
      if (!match) continue;
      const [, target = '', comment = ''] = match;
      if (target.startsWith('./')) continue;
      t.match(target, /^[\w-]+\/[\w-]+@[0-9a-f]{40}$/, `${file}: ${target}`);
      t.match(comment, /^ # v\d+\.\d+\.\d+$/, `${file}: ${target} says which release`);
      pinned += 1;
    }
  }
  t.ok(pinned >= 15);
  t.end();
});

t.test('every checkout leaves no credentials behind', (t) => {
  for (const [file, flow] of Object.entries(workflows)) {
    for (const step of steps(flow).filter((s) => s.uses?.startsWith('actions/checkout@'))) t.equal(step.with?.['persist-credentials'], false, file);
  }
  t.end();
});

t.test('no repository variables: config/deploy.yaml holds the settings, only HA_TOKEN (and HA_URL) are secrets', (t) => {
  for (const file of files) {
    t.notMatch(text(file), /\bvars\./, `${file} reads no GitHub variables`);
    t.notMatch(text(file), /LAMBDA_ALIAS|DeployEnvironment/, file);
    const secrets = new Set([...text(file).matchAll(/secrets\.(\w+)/g)].map((match) => match[1]));
    // Skills as code adds the three Login with Amazon secrets, in skill.yml only.
    const allowed = ['HA_TOKEN', 'HA_URL', 'TEMPLATE_SYNC_TOKEN', ...(file === 'skill.yml' ? ['LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN'] : [])];
    for (const secret of secrets) t.ok(allowed.includes(secret as string), `${file}: secrets.${secret ?? ''}`);
  }
  t.end();
});

t.test('ci.yml runs on pull requests and other branches, and is callable with the deploy settings as outputs', (t) => {
  const ci = workflow('ci.yml');
  t.same(Object.keys(ci.on).sort(), ['pull_request', 'push', 'workflow_call']);
  t.same(ci.on.push, { 'branches-ignore': ['main'] }, 'a push to main runs CI once, through Deploy');
  const outputs = (ci.on.workflow_call as { outputs: Record<string, { value: string }> }).outputs;
  t.same(Object.keys(outputs).sort(), ['configured', 'region', 'role_arn']);
  t.same(ci.permissions, { contents: 'read' });
  const build = ci.jobs.build as Job;
  t.notOk(build.environment, 'no environment: nothing from production');
  t.notOk(ci.permissions?.['id-token'] ?? build.permissions?.['id-token'], 'no id-token');
  const order = ['npm ci', 'npm run deploy-settings', 'npm run lint', 'npm run typecheck', 'npm test', 'npm run build', 'npm run skill:model -- --skip-unsupported'].map((command) => runs(build).indexOf(command));
  t.ok(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0))), `in order: ${order.join(',')}`);
  t.equal(build.steps?.find((step) => step.run === 'npm run deploy-settings')?.id, 'settings');
  t.same(build.outputs, {
    configured: '${{ steps.settings.outputs.configured }}',
    region: '${{ steps.settings.outputs.region }}',
    role_arn: '${{ steps.settings.outputs.role_arn }}',
  });
  const uploads = (build.steps ?? []).filter((step) => step.uses?.startsWith('actions/upload-artifact@')).map((step) => [step.with?.name, step.with?.path]);
  t.same(uploads, [['lambda-zip', 'dist/lambda.zip'], ['skill-package', 'dist/skill-package']]);
  const lint = steps(ci).find((step) => step.run === 'npm run lint:workflows');
  t.same(lint?.env, { REQUIRE_SHELLCHECK: '1', REQUIRE_CFN_LINT: '1' });
  t.ok(runs(ci.jobs['lint-workflows']).some((run) => run.includes('cfn-lint')), 'cfn-lint is installed on the runner');
  t.end();
});

t.test('deploy.yml: CI once, then either the setup summary or an unprivileged-then-privileged deploy', (t) => {
  const deploy = workflow('deploy.yml');
  t.match(deploy.on, {
    push: { branches: ['main'] },
    workflow_dispatch: { inputs: { allow_fewer_endpoints: { description: String, type: 'boolean', default: false } } },
  });
  t.same(deploy.permissions, { contents: 'read' });
  t.same(deploy.concurrency, { group: 'deploy-production', 'cancel-in-progress': false });
  t.same(Object.keys(deploy.jobs), ['ci', 'setup', 'deploy']);
  t.same(deploy.jobs.ci, { name: 'CI', uses: './.github/workflows/ci.yml', permissions: { contents: 'read' } });

  const setup = deploy.jobs.setup as Job;
  t.equal(setup.needs, 'ci');
  t.equal(setup.if, "${{ !github.event.repository.is_template && needs.ci.outputs.configured != 'true' }}");
  t.same(setup.permissions, { contents: 'read' });
  t.notOk(setup.environment);
  t.same(runs(setup).slice(-2), ['npm ci --ignore-scripts', 'npm run setup-summary']);

  const job = deploy.jobs.deploy as Job;
  t.equal(job.needs, 'ci');
  t.equal(job.if, "${{ !github.event.repository.is_template && needs.ci.outputs.configured == 'true' }}");
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'read', 'id-token': 'write' });
  t.notOk(job.env, 'no job-wide variables: the scripts read config/deploy.yaml');
  const commands = runs(job);
  t.ok(commands.includes('npm ci --ignore-scripts'), 'installs without install scripts');
  for (const rerun of ['npm test', 'npm run build', 'npm run lint', 'npm ci']) t.notOk(commands.includes(rerun), `does not rerun ${rerun}`);
  const download = job.steps?.find((step) => step.uses?.startsWith('actions/download-artifact@'));
  t.same(download?.with, { name: 'lambda-zip', path: 'dist' });
  const credentials = job.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  t.same(credentials?.with, {
    'role-to-assume': '${{ needs.ci.outputs.role_arn }}',
    'aws-region': '${{ needs.ci.outputs.region }}',
    'role-session-name': 'deploy-${{ github.run_id }}-${{ github.run_attempt }}',
  });
  const at = (command: string) => commands.findIndex((run) => run.includes(command));
  const order = ['download-artifact', 'configure-aws-credentials', 'npm run sync-parameters', 'npm run deploy-lambda', 'npm run alexa-permissions', 'npm run invoke-discovery', 'npm run doctor -- --lambda --qualifier live', 'npm run console-sheet'].map(at);
  t.ok(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0))), `in order: ${order.join(',')}`);
  t.equal(at('npm run console-sheet'), commands.length - 1, 'the summary ends with the Alexa console sheet');
  const doctor = (job.steps ?? []).find((step) => step.run === 'npm run doctor -- --lambda --qualifier live');
  t.equal(doctor?.['continue-on-error'], true, 'a doctor finding shows, but does not fail a good deploy');
  const PRIVATE = '${{ github.event.repository.private }}';
  const env = (command: string) => job.steps?.[at(command)]?.env;
  t.same(env('npm run sync-parameters'), { HA_TOKEN: '${{ secrets.HA_TOKEN }}', HA_URL: '${{ secrets.HA_URL }}', REPOSITORY_PRIVATE: PRIVATE });
  t.match(env('npm run deploy-lambda'), { HA_TOKEN: '${{ secrets.HA_TOKEN }}', HA_URL: '${{ secrets.HA_URL }}', REPOSITORY_PRIVATE: PRIVATE }, 'the settings set it checks was written with HA_URL');
  t.match(job.steps?.[at('npm run deploy-lambda')]?.run, /npm run deploy-lambda -- --allow-fewer-endpoints/, 'by hand, an intended drop of devices can be accepted');
  for (const command of ['npm run invoke-discovery', 'npm run console-sheet']) t.equal(env(command)?.REPOSITORY_PRIVATE, PRIVATE, `${command}: details only when private`);
  t.end();
});

t.test('only jobs that assume an AWS role get an OIDC token, and only deploy-role jobs enter production', (t) => {
  const privileged: string[] = [];
  for (const [file, flow] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(flow.jobs)) {
      const assumes = (job.steps ?? []).some((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      t.equal(job.permissions?.['id-token'] === 'write', assumes, `${file} ${name}`);
      if (job.environment) privileged.push(`${file}:${name}`);
    }
  }
  // skill.yml enters production for its LWA secrets only: it assumes no AWS role.
  t.same(privileged.sort(), ['deploy.yml:deploy', 'discovery-test.yml:discover-with-secret', 'rollback.yml:rollback', 'skill.yml:skills']);
  t.end();
});

t.test('discovery-test.yml uses the read-only role, and the production environment only for token_source=secret', (t) => {
  const discovery = workflow('discovery-test.yml');
  t.same(Object.keys(discovery.on), ['workflow_dispatch']);
  const inputs = (discovery.on.workflow_dispatch as { inputs: Record<string, { default: string; options?: string[] }> }).inputs;
  t.equal(inputs.qualifier?.default, 'live');
  t.same(inputs.token_source?.options, ['stored', 'secret']);
  for (const [name, source] of [['discover', 'stored'], ['discover-with-secret', 'secret']] as const) {
    const job = discovery.jobs[name] as Job;
    t.equal(job.if, `\${{ inputs.token_source == '${source}' }}`);
    t.ok(runs(job).includes('npm run deploy-settings -- --require-configured'));
    const credentials = job.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    t.equal(credentials?.with?.['role-to-assume'], '${{ steps.settings.outputs.discovery_role_arn }}');
    const invoke = job.steps?.find((step) => step.run?.includes('npm run invoke-discovery'));
    t.equal(invoke?.run, `npm run invoke-discovery -- --qualifier "$QUALIFIER" --token ${source}`);
    t.equal(invoke?.env?.QUALIFIER, '${{ inputs.qualifier }}');
    t.equal(invoke?.env?.REPOSITORY_PRIVATE, '${{ github.event.repository.private }}', 'devices in the summary only when private');
  }
  t.notOk((discovery.jobs.discover as Job).environment, 'stored: no environment, no secrets');
  t.notMatch(JSON.stringify(discovery.jobs.discover), /secrets\./);
  t.equal((discovery.jobs['discover-with-secret'] as Job).environment, 'production');
  t.equal((discovery.jobs['discover-with-secret'] as Job).steps?.find((step) => step.run?.includes('invoke-discovery'))?.env?.HA_TOKEN, '${{ secrets.HA_TOKEN }}');
  t.end();
});

t.test('rollback.yml moves live with npm run rollback, never racing a deploy', (t) => {
  const rollback = workflow('rollback.yml');
  t.same(Object.keys(rollback.on), ['workflow_dispatch']);
  t.same(rollback.concurrency, { group: 'deploy-production', 'cancel-in-progress': false });
  const job = rollback.jobs.rollback as Job;
  const step = job.steps?.find((s) => s.run?.startsWith('npm run rollback'));
  t.equal(step?.run, 'npm run rollback -- --to-version "$TO_VERSION"');
  t.equal(step?.env?.TO_VERSION, '${{ inputs.to_version }}');
  t.equal(job.steps?.find((s) => s.uses?.startsWith('aws-actions/'))?.with?.['role-to-assume'], '${{ steps.settings.outputs.role_arn }}');
  t.end();
});

t.test('template-sync.yml opens a pull request monthly and by hand, never in the template itself', (t) => {
  const sync = workflow('template-sync.yml');
  t.same(Object.keys(sync.on).sort(), ['schedule', 'workflow_dispatch']);
  t.match(sync.on.schedule, [{ cron: /^\d+ \d+ \d+ \* \*$/ }], 'once a month');
  const job = sync.jobs.sync as Job;
  t.equal(job.if, '${{ !github.event.repository.is_template }}');
  t.same(job.permissions, { contents: 'write', 'pull-requests': 'write' });
  t.ok(runs(job).includes('npm run template-sync'));
  t.end();
});

t.test('skill.yml: runs skill:deploy on skill-package changes, after each Deploy and by hand, with the LWA secrets of production', (t) => {
  const skill = workflows['skill.yml'] as Workflow;
  t.same(Object.keys(skill.on).sort(), ['push', 'workflow_dispatch', 'workflow_run']);
  t.same((skill.on.push as { paths: string[] }).paths, ['skill-package/**']);
  t.same(skill.on.workflow_run, { workflows: ['Deploy'], types: ['completed'], branches: ['main'] }, 'config/ changes arrive after Deploy has granted the permissions');
  t.same(skill.permissions, { contents: 'read' });
  const job = skill.jobs.skills as Job;
  t.match(job.if, /!github\.event\.repository\.is_template/);
  t.notMatch(JSON.stringify(job), /vars\.(AWS_REGION|AWS_ROLE_ARN|LAMBDA_FUNCTION_NAME|LAMBDA_ALIAS)/, 'where the function is comes from config/deploy.yaml');
  t.match(job.if, /github\.event\.workflow_run\.conclusion == 'success'/);
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'write', 'pull-requests': 'write' }, 'the ID pull request, and nothing else');
  const checkout = (job.steps ?? []).find((step) => step.uses?.startsWith('actions/checkout@'));
  t.same(checkout?.with, { 'persist-credentials': false });
  const deploy = (job.steps ?? []).find((step) => step.run === 'npm run skill:deploy');
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

t.test('the template-only check of config/ runs only in the template repository', (t) => {
  const ci = workflows['ci.yml'] as Workflow;
  const guarded = Object.values(ci.jobs).filter((job) => (job.steps ?? []).some((step) => step.run === 'npm run check:template'));
  t.equal(guarded.length, 1, 'one job runs npm run check:template');
  t.equal(guarded[0]?.if, '${{ github.event.repository.is_template }}');
  for (const [file, workflow] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (job.if?.includes('github.event.repository.is_template }}')) continue;
      t.notOk((job.steps ?? []).some((step) => step.run?.includes('check:template')), `${file} ${name} runs in forks too, so it must not check the template's values`);
    }
  }
  t.end();
});
