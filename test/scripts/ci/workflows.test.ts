import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/config-dir.js';
import { EVENTS_SECRETS } from '../../../scripts/deploy/desired-parameters.js';

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
  t.same(files.sort(), ['build.yml', 'ci.yml', 'deploy.yml', 'discovery-test.yml', 'doctor.yml', 'lint-template.yml', 'rollback.yml', 'skill.yml', 'template-sync.yml']);
  t.end();
});

t.test('every npm run a workflow calls exists in package.json', (t) => {
  const called = new Set<string>();
  for (const flow of Object.values(workflows)) {
    for (const step of steps(flow)) for (const match of (step.run ?? '').matchAll(/npm run ([\w:.-]+)/g)) called.add(match[1] as string);
  }
  t.ok(called.size >= 7, [...called].join(', '));
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
      t.match(target, /^[\w-]+\/[\w-]+(\/[\w-]+)?@[0-9a-f]{40}$/, `${file}: ${target}`);
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

// config/deploy.yaml holds the settings. The two variables SETUP.md tells some users to set are the
// exceptions, each read by the one script that needs it: TEMPLATE_REPOSITORY (a fork or a copy has
// no template GitHub knows) and ASK_VENDOR_ID (an Amazon account with several vendors).
const VARIABLES: Record<string, string[]> = { 'template-sync.yml': ['TEMPLATE_REPOSITORY'], 'skill.yml': ['ASK_VENDOR_ID'] };

t.test('repository variables: only the two SETUP.md names, each passed to its script; only HA_TOKEN (HA_URL, and the Cloudflare Access secret in Deploy) are secrets', (t) => {
  for (const file of files) {
    const variables = [...text(file).matchAll(/\bvars\.(\w+)/g)].map((match) => match[1]);
    t.same(variables, VARIABLES[file] ?? [], `${file} reads exactly these GitHub variables`);
    for (const name of variables) t.match(text(file), new RegExp(`\\n\\s+${name ?? ''}: \\$\\{\\{ vars\\.${name ?? ''} \\}\\}\\n`), `${file}: ${name ?? ''} reaches the script as its own name`);
    t.notMatch(text(file), /LAMBDA_ALIAS|DeployEnvironment/, file);
    const secrets = new Set([...text(file).matchAll(/secrets\.(\w+)/g)].map((match) => match[1]));
    // Skills as code adds the three Login with Amazon secrets, in skill.yml only; deploy.yml's
    // consent-link step learns only whether each is set (`!= ''`), never a value.
    // Deploy adds the Cloudflare Access service token's secret, for sync-parameters and deploy-lambda only,
    // and Alexa events its ingest secret and the skill's messaging credentials.
    const allowed = ['HA_TOKEN', 'HA_URL', ...(file === 'skill.yml' ? ['LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN'] : []), ...(file === 'deploy.yml' ? ['HA_CF_ACCESS_CLIENT_SECRET', ...EVENTS_SECRETS.map((entry) => entry.secret)] : [])];
    const presence = file === 'deploy.yml' ? new Set([...text(file).matchAll(/secrets\.(LWA_\w+) != ''/g)].map((match) => match[1])) : new Set<string>();
    if (file === 'deploy.yml') t.notMatch(text(file), /secrets\.LWA_\w+ \}\}/, 'deploy.yml never reads an LWA secret\'s value');
    for (const secret of secrets) t.ok(allowed.includes(secret as string) || presence.has(secret), `${file}: secrets.${secret ?? ''}`);
  }
  const setup = readFileSync(join(REPO_ROOT, 'SETUP.md'), 'utf8');
  for (const name of Object.values(VARIABLES).flat()) t.match(setup, new RegExp(`\`${name}\` variable|variable \`${name}\``), `SETUP.md tells users when to set ${name}`);
  t.end();
});

t.test('ci.yml: the build and the suite side by side, the suite once per version of the code', (t) => {
  const ci = workflow('ci.yml');
  t.same(Object.keys(ci.on).sort(), ['pull_request', 'push', 'workflow_call', 'workflow_dispatch'], 'workflow_dispatch: Template sync starts it on its branch');
  t.same(ci.on.push, { 'branches-ignore': ['main'] }, 'a push to main runs CI once, through Deploy');
  t.same(Object.keys((ci.on.workflow_call as { outputs: Record<string, unknown> }).outputs), ['sha256']);
  t.same(ci.permissions, { contents: 'read' });
  t.same(ci.jobs.build, { name: 'Build', uses: './.github/workflows/build.yml', permissions: { contents: 'read' } });
  const test = ci.jobs.test as Job;
  t.notOk(test.needs, 'the suite does not hold up the build, nor the build the suite');
  const key = test.steps?.find((step) => step.run === 'node scripts/ci/suite-key.mjs');
  const lookup = test.steps?.find((step) => step.uses?.startsWith('actions/cache/restore@'));
  t.same(lookup?.with, { path: '.suite-passed', key: `\${{ steps.${key?.id ?? '?'}.outputs.key }}`, 'lookup-only': true });
  const save = test.steps?.find((step) => step.uses?.startsWith('actions/cache/save@'));
  t.equal(save?.with?.key, lookup?.with?.key, 'the pass is saved under the key it is looked up by');
  const guarded = ['npm ci --ignore-scripts', 'npm run lint', 'npm test'];
  for (const command of guarded) {
    const step = test.steps?.find((s) => s.run === command);
    t.equal((step as { if?: string } | undefined)?.if, `steps.${lookup?.id ?? '?'}.outputs.cache-hit != 'true'`, `${command} runs only for code whose suite has not passed`);
  }
  const order = [...guarded, 'actions/cache/save@'].map((command) => runs(test).findIndex((run) => run.startsWith(command)));
  t.ok(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0))), `the pass is saved only after the suite: ${order.join(',')}`);
  t.notOk(runs(test).includes('npm run typecheck'), 'tsc runs once, inside npm run lint');
  t.notOk(Object.values(ci.jobs).some((job) => runs(job).some((run) => run.includes('lint:workflows'))), 'the template lint is not a gate of CI or Deploy');
  t.end();
});

t.test('build.yml: no tests, no install scripts, no keys; the bundle and its SHA-256 record', (t) => {
  const build = workflow('build.yml');
  t.same(Object.keys(build.on), ['workflow_call']);
  const job = build.jobs.bundle as Job;
  t.notOk(job.environment);
  t.same(job.permissions, { contents: 'read' });
  const commands = runs(job);
  t.ok(commands.includes('npm ci --ignore-scripts'));
  for (const forbidden of ['npm ci', 'npm test', 'npm run lint']) t.notOk(commands.includes(forbidden), `no ${forbidden}`);
  for (const needed of ['npm run build', 'npm run build:tools', 'npm run smoke -- --config config', 'npm run deploy-settings']) t.ok(commands.includes(needed), needed);
  t.match(JSON.stringify(job.steps), /node scripts\/build\/checksums\.mjs dist lambda\.zip tools/);
  t.same(job.outputs, { sha256: '${{ steps.record.outputs.sha256 }}' });
  const upload = job.steps?.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
  t.equal(upload?.with?.name, 'bundle');
  t.same(String(upload?.with?.path).trim().split('\n'), ['dist/SHA256SUMS', 'dist/lambda.zip', 'dist/tools']);
  t.end();
});

t.test('lint-template.yml runs where the template changes, with every tool pinned, and gates no deploy', (t) => {
  const lint = workflow('lint-template.yml');
  const paths = (lint.on.push as { paths: string[] }).paths;
  t.same(paths, ['.github/**', 'config/aws/bootstrap.yaml', 'scripts/ci/lint-workflows.mjs']);
  t.same((lint.on.pull_request as { paths: string[] }).paths, paths);
  const commands = runs(lint.jobs.lint);
  t.ok(commands.some((run) => /^pipx install cfn-lint==\d+\.\d+\.\d+$/.test(run)), 'cfn-lint is pinned to a version');
  t.same(steps(lint).find((step) => step.run === 'npm run lint:workflows')?.env, { REQUIRE_SHELLCHECK: '1', REQUIRE_CFN_LINT: '1' });
  for (const [file, flow] of Object.entries(workflows)) {
    for (const job of Object.values(flow.jobs)) t.notOk(job.uses === './.github/workflows/lint-template.yml', `${file} does not call it`);
  }
  t.end();
});

t.test('deploy.yml: the setup summary at once, then a deploy that trusts only its own checkout and the recorded bundle', (t) => {
  const deploy = workflow('deploy.yml');
  t.match(deploy.on, {
    push: { branches: ['main'] },
    workflow_dispatch: { inputs: { allow_fewer_endpoints: { description: String, type: 'boolean', default: false } } },
  });
  t.same(deploy.permissions, { contents: 'read' });
  t.same(deploy.concurrency, { group: 'deploy-production', 'cancel-in-progress': false });
  t.same(Object.keys(deploy.jobs), ['ci', 'settings', 'deploy', 'skills']);
  t.same(deploy.jobs.ci, { name: 'CI', uses: './.github/workflows/ci.yml', permissions: { contents: 'read' } });

  const settings = deploy.jobs.settings as Job;
  t.notOk(settings.needs, 'the bootstrap command does not wait for the build or the suite');
  t.same(settings.permissions, { contents: 'read', actions: 'read' });
  t.notOk(settings.environment);
  t.ok(runs(settings).includes('npm run setup-summary'));
  t.equal(settings.steps?.find((step) => step.run === 'npm run setup-summary')?.env?.REPOSITORY_PRIVATE, '${{ github.event.repository.private }}', 'a public repository is told to use the HA_URL secret');
  t.ok(runs(settings).includes('npm run check:environment'));

  const job = deploy.jobs.deploy as Job;
  t.same(job.needs, ['ci', 'settings']);
  t.equal(job.if, "${{ !github.event.repository.is_template && needs.settings.outputs.configured == 'true' }}");
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'read', 'id-token': 'write' });
  const credentials = job.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  t.same(credentials?.with, {
    'role-to-assume': '${{ steps.settings.outputs.role_arn }}',
    'aws-region': '${{ steps.settings.outputs.region }}',
    'allowed-account-ids': '${{ steps.settings.outputs.account_id }}',
    'role-session-name': 'deploy-${{ github.run_id }}-${{ github.run_attempt }}',
  }, "role, region and account from this job's own step, never from another job");
  t.equal(job.steps?.find((step) => step.id === 'settings')?.run, 'node dist/tools/deploy-settings.mjs --require-configured');
  const commands = runs(job);
  const at = (command: string) => commands.findIndex((run) => run.includes(command));
  const order = ['download-artifact', 'verify-bundle.sh', 'deploy-settings.mjs', 'configure-aws-credentials', 'sync-parameters.mjs', 'deploy-lambda.mjs', 'alexa-permissions.mjs', 'invoke-discovery.mjs', 'doctor.mjs --lambda --qualifier live', 'console-sheet.mjs'].map(at);
  t.ok(order.every((index, i) => index >= 0 && (i === 0 || index > (order[i - 1] ?? 0))), `in order: ${order.join(',')}`);
  t.equal(job.steps?.[at('verify-bundle.sh')]?.env?.SHA256, '${{ needs.ci.outputs.sha256 }}', 'checked against the build job\'s record');
  t.equal(at('console-sheet.mjs'), commands.length - 1, 'the summary ends with the Alexa console sheet');
  t.equal(job.steps?.[at('doctor.mjs')]?.['continue-on-error'], true, 'a doctor finding shows, but does not fail a good deploy');
  const PRIVATE = '${{ github.event.repository.private }}';
  const env = (command: string) => job.steps?.[at(command)]?.env;
  const ACCESS = '${{ secrets.HA_CF_ACCESS_CLIENT_SECRET }}';
  // The set's ID covers every secret in it, so deploy-lambda gets the same ones as sync-parameters.
  const eventsSecrets = Object.fromEntries(EVENTS_SECRETS.map(({ secret }) => [secret, `\${{ secrets.${secret} }}`]));
  t.same(env('sync-parameters.mjs'), { HA_TOKEN: '${{ secrets.HA_TOKEN }}', HA_URL: '${{ secrets.HA_URL }}', HA_CF_ACCESS_CLIENT_SECRET: ACCESS, ...eventsSecrets, REPOSITORY_PRIVATE: PRIVATE });
  t.match(env('deploy-lambda.mjs'), { HA_TOKEN: '${{ secrets.HA_TOKEN }}', HA_URL: '${{ secrets.HA_URL }}', HA_CF_ACCESS_CLIENT_SECRET: ACCESS, ...eventsSecrets, REPOSITORY_PRIVATE: PRIVATE });
  t.match(job.steps?.[at('deploy-lambda.mjs')]?.run, /node dist\/tools\/deploy-lambda\.mjs --allow-fewer-endpoints/, 'by hand, an intended drop of devices can be accepted');
  for (const command of ['invoke-discovery.mjs', 'console-sheet.mjs']) t.equal(env(command)?.REPOSITORY_PRIVATE, PRIVATE, `${command}: details only when private`);
  t.end();
});

t.test('no job that holds keys runs dev code: it installs nothing and runs only the checked bundle', (t) => {
  let holders = 0;
  for (const [file, flow] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(flow.jobs)) {
      const secrets = [...JSON.stringify(job).matchAll(/secrets\.(\w+)/g)].map((match) => match[1]).filter((secret) => secret !== 'GITHUB_TOKEN');
      const holdsKeys = job.permissions?.['id-token'] === 'write' || job.environment !== undefined || secrets.length > 0 || job.permissions?.contents === 'write';
      if (!holdsKeys) continue;
      holders += 1;
      const commands = runs(job).filter((run) => !run.includes('@'));
      for (const run of commands) t.notMatch(run, /\b(npm|npx|tsx|pnpm|yarn)\b/, `${file} ${name}: ${run.split('\n')[0] ?? ''}`);
      const tools = commands.filter((run) => run.includes('node '));
      for (const run of tools) t.match(run, /node dist\/tools\/[\w-]+\.mjs/, `${file} ${name}: node runs only the bundle`);
      const verify = runs(job).findIndex((run) => run.startsWith('bash scripts/ci/verify-bundle.sh dist '));
      const firstTool = runs(job).findIndex((run) => run.includes('node dist/tools/'));
      const credentials = runs(job).findIndex((run) => run.startsWith('aws-actions/configure-aws-credentials@'));
      t.ok(verify >= 0 && verify < firstTool && (credentials < 0 || verify < credentials), `${file} ${name}: the bundle is checked before it runs and before any credentials`);
      t.ok((job.needs === undefined ? [] : [job.needs].flat()).length > 0, `${file} ${name}: needs the job that built the bundle`);
    }
  }
  t.equal(holders, 7, 'deploy, rollback, doctor, both discovery jobs, skills, template sync (and no other)');
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
  // skill.yml enters production for its LWA secrets and the deploy role (the stored refresh token).
  t.same(privileged.sort(), ['deploy.yml:deploy', 'discovery-test.yml:discover-with-secret', 'rollback.yml:rollback', 'skill.yml:skills']);
  t.end();
});

t.test('discovery-test.yml uses the read-only role, and the production environment only for token_source=secret', (t) => {
  const discovery = workflow('discovery-test.yml');
  t.same(Object.keys(discovery.on), ['workflow_dispatch']);
  const inputs = (discovery.on.workflow_dispatch as { inputs: Record<string, { default: string; options?: string[] }> }).inputs;
  t.equal(inputs.qualifier?.default, 'diagnostics', 'the only alias the role may invoke');
  t.same(inputs.token_source?.options, ['stored', 'secret']);
  for (const [name, source] of [['discover', 'stored'], ['discover-with-secret', 'secret']] as const) {
    const job = discovery.jobs[name] as Job;
    t.equal(job.if, `\${{ inputs.token_source == '${source}' }}`);
    t.ok(runs(job).includes('node dist/tools/deploy-settings.mjs --require-configured'));
    const credentials = job.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    t.equal(credentials?.with?.['role-to-assume'], '${{ steps.settings.outputs.discovery_role_arn }}');
    const invoke = job.steps?.find((step) => step.run?.includes('invoke-discovery'));
    t.equal(invoke?.run, `node dist/tools/invoke-discovery.mjs --qualifier "$QUALIFIER" --token ${source}`);
    t.equal(invoke?.env?.QUALIFIER, '${{ inputs.qualifier }}');
    t.equal(invoke?.env?.REPOSITORY_PRIVATE, '${{ github.event.repository.private }}', 'devices in the summary only when private');
  }
  t.notOk((discovery.jobs.discover as Job).environment, 'stored: no environment, no secrets');
  t.notMatch(JSON.stringify(discovery.jobs.discover), /secrets\./);
  t.equal((discovery.jobs['discover-with-secret'] as Job).environment, 'production');
  t.equal((discovery.jobs['discover-with-secret'] as Job).steps?.find((step) => step.run?.includes('invoke-discovery'))?.env?.HA_TOKEN, '${{ secrets.HA_TOKEN }}');
  t.end();
});

t.test('rollback.yml moves live with the rollback tool, in a group of its own so no push cancels it', (t) => {
  const rollback = workflow('rollback.yml');
  t.same(Object.keys(rollback.on), ['workflow_dispatch']);
  t.same(rollback.concurrency, { group: 'rollback', 'cancel-in-progress': false });
  t.not(rollback.concurrency?.group, workflow('deploy.yml').concurrency?.group, 'a queued Deploy never replaces a queued Rollback');
  const job = rollback.jobs.rollback as Job;
  const step = job.steps?.find((s) => s.run?.includes('rollback.mjs'));
  t.equal(step?.run, 'node dist/tools/rollback.mjs --to-version "$TO_VERSION"');
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
  t.same(job.permissions, { contents: 'write', 'pull-requests': 'write', actions: 'write' }, 'actions: write to start CI on its branch');
  t.ok(runs(job).includes('node dist/tools/template-sync.mjs'));
  // A push with GITHUB_TOKEN starts no workflow, and GitHub refuses workflow files from it; a
  // personal access token would start the pushed branch's `on: push` workflows with the secrets.
  // https://docs.github.com/en/actions/concepts/security/github_token#when-github_token-triggers-workflow-runs
  const step = job.steps?.find((s) => s.run === 'node dist/tools/template-sync.mjs');
  t.same(step?.env, { GH_TOKEN: '${{ github.token }}', TEMPLATE_REPOSITORY: '${{ vars.TEMPLATE_REPOSITORY }}' }, 'the default token, never a personal one');
  t.end();
});

t.test('skill.yml: started by Deploy and by hand (with the consent input), with the LWA secrets and the deploy role of production', (t) => {
  const skill = workflows['skill.yml'] as Workflow;
  t.same(Object.keys(skill.on), ['workflow_dispatch'], 'no push or workflow_run trigger: Deploy starts it, so one Deploy gives one Skills run');
  t.same(Object.keys((skill.on.workflow_dispatch as { inputs: Record<string, unknown> }).inputs), ['consent']);
  t.same(skill.permissions, { contents: 'read' });
  const job = skill.jobs.skills as Job;
  t.match(job.if, /!github\.event\.repository\.is_template/);
  t.notMatch(JSON.stringify(job), /vars\.(AWS_REGION|AWS_ROLE_ARN|LAMBDA_FUNCTION_NAME|LAMBDA_ALIAS)/, 'where the function is comes from config/deploy.yaml');
  t.notMatch(JSON.stringify(skill), /inputs\.consent|event\.inputs/, 'the consent reaches the tool through the event payload only, never an env GitHub would print');
  t.equal(job.environment, 'production');
  t.same(job.permissions, { contents: 'write', 'pull-requests': 'write', actions: 'write', 'id-token': 'write' }, 'the ID commit, its fallback pull request, the Deploy dispatch, the deploy role');
  const credentials = job.steps?.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  t.same(
    { role: credentials?.with?.['role-to-assume'], allowed: credentials?.with?.['allowed-account-ids'] },
    { role: '${{ steps.settings.outputs.role_arn }}', allowed: '${{ steps.settings.outputs.account_id }}' },
    'the deploy role of config/deploy.yaml\'s account only',
  );
  const checkout = (job.steps ?? []).find((step) => step.uses?.startsWith('actions/checkout@'));
  t.same(checkout?.with, { 'persist-credentials': false });
  const deploy = (job.steps ?? []).find((step) => step.run === 'node dist/tools/skill-deploy.mjs');
  t.same(Object.keys(deploy?.env ?? {}).sort(), ['ASK_VENDOR_ID', 'GITHUB_TOKEN', 'HA_URL', 'LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN', 'REPOSITORY_PRIVATE']);
  t.equal(deploy?.env?.REPOSITORY_PRIVATE, '${{ github.event.repository.private }}', 'skill:deploy names the Home Assistant address only in a private repository');
  t.equal(deploy?.env?.LWA_REFRESH_TOKEN, '${{ secrets.LWA_REFRESH_TOKEN }}');
  t.end();
});

t.test('deploy.yml: after a successful deploy, its last job starts Skills with actions: write and nothing else', (t) => {
  const deploy = workflow('deploy.yml');
  const job = deploy.jobs.skills as Job;
  t.same(job.needs, 'deploy', 'only after the deploy job succeeded (the default needs: rule)');
  t.same(job.permissions, { actions: 'write' });
  t.notOk(job.environment, 'no environment, no secrets');
  t.match(runs(job).join('\n'), /\/actions\/workflows\/skill\.yml\/dispatches/);
  t.ok(runs(deploy.jobs.deploy).includes('node dist/tools/skill-consent-link.mjs'), 'the deploy job writes the consent link while no refresh token is stored');
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
