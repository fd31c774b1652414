import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, errorResponse, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/deploy-lambda.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createLambdaClient } from '../../../scripts/aws/aws-clients.js';
import { loadFunctionConfig } from '../../../scripts/config/config-files.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { deployLambda, waitForUpdate, zipSha256 } from '../../../scripts/deploy/lambda-deploy.js';
import { planEnvironment } from '../../../scripts/config/function-environment.js';

useFakeAwsEnv();
const FAST = { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
const main = createMain(FAST);
const TOKEN = 'ha-long-lived-token-for-the-smoke-test-0123456789';
const CONFIG_DIR = makeConfigDir();

let aws: FakeAws = createFakeAws();
useFakeAws(t, async (fresh) => {
  aws = fresh;
  // deploy-lambda publishes only settings that sync-parameters wrote.
  const recorder = createRun({ HA_TOKEN: TOKEN });
  await runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', CONFIG_DIR], recorder.env, recorder.io);
});

function writeZip(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ha-alexa-zip-')), 'lambda.zip');
  writeFileSync(path, content);
  return path;
}

const run = (argv: string[] = [], env: NodeJS.ProcessEnv = {}, zip = writeZip('zip-v2')) => {
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', GITHUB_SHA: '1a2b3c4d5e6f', GITHUB_RUN_ID: '77', HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('deploy-lambda', main, ['--zip', zip, '--config-dir', CONFIG_DIR, ...argv], recorder.env, recorder.io) };
};

t.test('a deploy uploads, waits, merges the environment, publishes, smoke-tests and moves the alias', async (t) => {
  // Prepare
  aws.lambda.state.config.Environment.Variables.CUSTOM_VAR = 'set in the console';
  aws.lambda.state.config.Environment.Variables.LUGS_ENABLED = 'true';
  aws.lambda.state.config.MemorySize = 128;
  // Act
  const { code, io, summary } = run([], { HA_TOKEN: TOKEN, REPOSITORY_PRIVATE: 'true' });
  // Assess
  t.equal(await code, 0, io.text());
  const ops = aws.lambda.ops();
  t.same(
    ops.filter((op) => op !== 'GetFunction'),
    ['GetAlias', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'PublishVersion', 'Invoke', 'Invoke', 'Invoke', 'Invoke', 'UpdateAlias', 'Invoke', 'GetAlias', 'CreateAlias', 'ListVersionsByFunction', 'ListVersionsByFunction'],
    'then the diagnostics alias is created beside live, and the versions are listed (two pages here), for the settings sets they read',
  );
  t.equal(aws.lambda.state.aliases.get('diagnostics')?.FunctionVersion, '2', 'diagnostics is on the version live moved to');
  t.ok(ops.filter((op) => op === 'GetFunction').length >= 5, 'the waiter polled GetFunction');
  const config = aws.lambda.state.config;
  t.equal(config.CodeSha256, zipSha256(new TextEncoder().encode('zip-v2')));
  t.equal(config.MemorySize, 512);
  t.equal(config.Environment.Variables.CUSTOM_VAR, 'set in the console', 'variables it does not own are kept');
  t.notOk('LUGS_ENABLED' in config.Environment.Variables, 'owned variables missing from config/function.yaml are removed');
  t.equal(config.Environment.Variables.USE_PARAMETER_STORE, 'true');
  t.equal(config.Environment.Variables.PARAMETER_PREFIX, '/lambda-execution-engine');
  t.equal(config.Environment.Variables.HA_ALEXA_MODE, 'native');
  t.same(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  const invokes = aws.lambda.calls.filter((call) => call.op === 'Invoke');
  t.same(invokes.map((call) => call.input.Qualifier), ['2', '2', '1', '2', 'live'], 'the smoke test runs on the new version (and counts the live version\'s devices); then one check through the alias');
  t.same((invokes[0]?.input.event), { diagnostics: 'health' });
  t.match(invokes[1]?.input.event, { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover' } } });
  t.same(invokes.slice(0, 4).filter((call) => JSON.stringify(call.input.event).includes(TOKEN)), [], 'the smoke test sends no token: the new version answers with the token stored in its set');
  const publish = aws.lambda.calls.find((call) => call.op === 'PublishVersion');
  t.equal(publish?.input.Description, 'commit 1a2b3c4 (run 77)');
  t.ok(aws.lambda.calls.find((call) => call.op === 'UpdateAlias')?.input.RevisionId, 'the alias moves only if nobody else moved it');
  const text = io.text();
  t.match(text, /memory 128 → 512 MB/);
  t.match(text, /LUGS_ENABLED removed/);
  t.match(text, /health: ok, version fake-2, mode native/);
  t.match(text, /discovery: ok, 2 endpoints/);
  t.match(text, /5\/5 Alias live: version 1 → 2/);
  t.notMatch(text, TOKEN, 'the token is never printed');
  t.notMatch(text, 'set in the console', 'values of variables it does not own are never printed');
  const markdown = summary();
  t.match(markdown, /✅ Lambda deploy: `ha-alexa` \(eu-west-1\)/);
  t.match(markdown, /\| alias `live` \| moved: version 1 → 2 \|/);
  t.match(markdown, /\| alias `diagnostics` \(Doctor, Discovery test\) \| created on version 2, with live \|/);
  t.match(markdown, /\| Kitchen Light \| light#kitchen \| LIGHT \| 3: PowerController, BrightnessController \|/);
  t.notMatch(markdown, TOKEN);
});

t.test('an update still in progress is waited for before uploading', async (t) => {
  // Prepare
  aws.lambda.startUpdateInProgress(3);
  // Act
  const { code, io } = run();
  // Assess
  t.equal(await code, 0, io.text());
  const ops = aws.lambda.ops();
  t.same(ops.slice(0, 5), ['GetFunction', 'GetAlias', 'GetFunction', 'GetFunction', 'GetFunction'], 'polled until the update finished');
  t.equal(ops.indexOf('UpdateFunctionCode'), 5, 'uploaded only afterwards');
  t.match(io.text(), /another update is in progress; waiting: done in/);
});

t.test('a second deploy of the same build changes nothing and keeps the alias', async (t) => {
  const zip = writeZip('zip-v2');
  t.equal(await run([], {}, zip).code, 0);
  aws.lambda.calls.length = 0;
  // Act
  const second = run([], {}, zip);
  // Assess
  t.equal(await second.code, 0, second.io.text());
  t.same(aws.lambda.ops(), ['GetFunction', 'GetAlias', 'PublishVersion', 'Invoke', 'Invoke', 'Invoke', 'GetAlias', 'ListVersionsByFunction', 'ListVersionsByFunction'], 'diagnostics is read, already with live');
  t.match(second.io.text(), /Code: unchanged/);
  t.match(second.io.text(), /Configuration: unchanged/);
  t.match(second.io.text(), /Alias live already points to version 2/);
  t.match(second.summary(), /already on version 2/);
});

t.test('a failed smoke test leaves the alias on the last good version and fails the job, saying why', async (t) => {
  // Prepare
  aws.lambda.state.invoke = ({ event, version }) =>
    (event as { diagnostics?: string }).diagnostics === 'health'
      ? { payload: { diagnostics: 'health', ok: false, version: `fake-${version}`, mode: 'native', problems: ['HOME_ASSISTANT_URL: not set (/lambda-execution-engine/homeassistant/url)'] } }
      : { payload: {} };
  // Act
  const { code, io, summary } = run([], { GITHUB_ACTIONS: 'true' });
  // Assess
  t.equal(await code, 1);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  t.notOk(aws.lambda.ops().includes('UpdateAlias'));
  t.equal(aws.lambda.ops().filter((op) => op === 'Invoke').length, 1, 'discovery is skipped when health fails');
  t.match(
    io.lines.at(-1),
    /^::error title=deploy-lambda::deploy-lambda: smoke test failed on version 2: health check: the function reports a configuration problem: HOME_ASSISTANT_URL: not set .*; alias live stays on version 1$/,
  );
  t.match(summary(), /\*\*not moved\*\*: stays on version 1 \(the last good version\)/);
});

t.test('a discovery error answer fails the smoke test with the likely fix', async (t) => {
  aws.lambda.state.invoke = ({ event }) =>
    (event as { diagnostics?: string }).diagnostics === 'health'
      ? { payload: { diagnostics: 'health', ok: true, version: 'x', mode: 'native', problems: [] } }
      : { payload: errorResponse('INVALID_AUTHORIZATION_CREDENTIAL', 'Home Assistant answered 401') };
  const { code, io, summary } = run();
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /discovery: Home Assistant refused the stored token \(the function said: Home Assistant answered 401\): create a long-lived access token/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  t.match(summary(), /❌ Lambda deploy/);
});

t.test('a crashing function fails the smoke test with its error', async (t) => {
  aws.lambda.state.invoke = () => ({ payload: { errorType: 'Runtime.ImportModuleError', errorMessage: "Cannot find module 'index'" }, functionError: 'Unhandled' });
  const { code, io } = run();
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /the function crashed \(Unhandled\): Runtime\.ImportModuleError: Cannot find module 'index'/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
});

t.test('an update that ends in Failed stops the deploy with Lambda\'s reason', async (t) => {
  aws.lambda.state.failNextUpdate = 'The role defined for the function cannot be assumed by Lambda.';
  const { code, io } = run();
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /deploy-lambda: the update of ha-alexa failed: The role defined for the function cannot be assumed by Lambda\./);
  t.notOk(aws.lambda.ops().includes('PublishVersion'));
});

t.test('an update that never finishes times out with a clear message', async (t) => {
  const lambda = createLambdaClient('eu-west-1');
  const io = createRecordingIo();
  aws.lambda.startUpdateInProgress(10_000);
  await t.rejects(waitForUpdate({ lambda, io, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 0.2 } }, 'ha-alexa', 'waiting'), {
    message: /ha-alexa was still updating after 0\.2 s; run the deploy again/,
  });
});

t.test('AccessDenied on the alias names lambda:UpdateAlias and the alias', async (t) => {
  aws.lambda.fail('UpdateAlias', {
    code: 'AccessDeniedException',
    status: 403,
    message: 'User: arn:aws:sts::111122223333:assumed-role/ha-alexa-github-deploy/x is not authorized to perform: lambda:UpdateAlias on resource: arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live because no identity-based policy allows the lambda:UpdateAlias action',
  });
  const { code, io } = run();
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /access denied: the AWS role may not call lambda:UpdateAlias on arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live\./);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
});

t.test('throttled invocations are retried', async (t) => {
  aws.lambda.fail('Invoke', { code: 'TooManyRequestsException', status: 429, message: 'Rate Exceeded.', times: 2 });
  const { code, io } = run();
  t.equal(await code, 0, io.text());
  t.match(io.text(), /lambda:InvokeFunction was throttled \(TooManyRequestsException\); retrying/);
});

t.test('a wrong function name or region is explained', async (t) => {
  const { code, io } = run([], { LAMBDA_FUNCTION_NAME: 'not-there' });
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /lambda:GetFunction failed: Function not found: .*not-there\. Check that LAMBDA_FUNCTION_NAME and AWS_REGION name the function the bootstrap stack created/);
});

t.test('missing inputs fail before any AWS call', async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--zip', '/nonexistent/lambda.zip'], {}, /\/nonexistent\/lambda\.zip not found: run npm run build first/],
    [[], { LAMBDA_FUNCTION_NAME: '' }, /LAMBDA_FUNCTION_NAME is not set/],
    [[], { LAMBDA_FUNCTION_NAME: 'bad name!' }, /is not a function name/],
    [['--what'], {}, /Unknown option '--what'; usage: npm run deploy-lambda/],
  ];
  for (const [argv, env, expected] of cases) {
    const { code, io } = run(argv, env);
    t.equal(await code, 1);
    t.match(io.lines.at(-1), expected);
  }
  t.same(aws.lambda.calls, []);
  const help = run(['--help']);
  t.equal(await help.code, 0);
  t.match(help.io.text(), /usage: npm run deploy-lambda/);
});

t.test('deployLambda can be used on its own, with the stored token for the smoke test', async (t) => {
  const io = createRecordingIo();
  const report = await deployLambda(
    { lambda: createLambdaClient('eu-west-1'), io, ...FAST },
    {
      functionName: 'ha-alexa',
      alias: 'live',
      zip: new TextEncoder().encode('zip-v3'),
      zipLabel: 'test.zip',
      functionConfig: loadFunctionConfig(CONFIG_DIR),
      prefix: '/lambda-execution-engine',
      description: 'test',
    },
  );
  t.equal(report.ok, true, io.text());
  t.equal(report.version, '2');
  const discover = aws.lambda.calls.filter((call) => call.op === 'Invoke')[1];
  t.same((discover?.input.event as { directive: { payload: object } }).directive.payload, {}, 'no scope: the Lambda uses its stored token');
  await t.rejects(
    deployLambda({ lambda: createLambdaClient('eu-west-1'), io }, {
      functionName: 'ha-alexa',
      alias: 'live',
      zip: new Uint8Array(51 * 1024 * 1024),
      zipLabel: 'huge.zip',
      functionConfig: loadFunctionConfig(CONFIG_DIR),
      prefix: '/p',
      description: 'x',
    }),
    { message: /huge\.zip is 51\.0 MB, more than the 50 MB Lambda accepts/ },
  );
});

t.test('planEnvironment merges: owned keys follow the file, others stay, overrides are named', (t) => {
  const config = { file: 'f', memoryMb: 512, timeoutSeconds: 10, architecture: 'arm64' as const, environment: { HA_ALEXA_MODE: 'proxy', DEBUG_MODE: 'false' } };
  const plan = planEnvironment(
    { HA_ALEXA_MODE: 'native', LUGS_ENABLED: 'true', MY_OWN: 'x', HA_TIMEOUT: '30', USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/old' },
    config,
    '/new',
  );
  t.same(plan.variables, { MY_OWN: 'x', HA_TIMEOUT: '30', HA_ALEXA_MODE: 'proxy', DEBUG_MODE: 'false', USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/new' });
  t.same(
    plan.changes.map((change) => `${change.action} ${change.key}`),
    ['add DEBUG_MODE', 'change HA_ALEXA_MODE', 'remove LUGS_ENABLED', 'change PARAMETER_PREFIX'],
  );
  t.same(plan.overrides, ['HA_TIMEOUT']);
  t.end();
});

t.test('a function variable that shadows Parameter Store is warned about', async (t) => {
  aws.lambda.state.config.Environment.Variables.HA_TIMEOUT = '30';
  const { code, io, summary } = run();
  t.equal(await code, 0, io.text());
  t.match(io.text(), /warning: HA_TIMEOUT is set on the function and overrides \/lambda-execution-engine\/homeassistant\/timeout from config\//);
  t.match(summary(), /\[!WARNING\]/);
  t.equal(aws.lambda.state.config.Environment.Variables.HA_TIMEOUT, '30', 'but it is not removed');
});

t.test('a function left on Python by the old guide is moved to nodejs24.x and index.handler', async (t) => {
  Object.assign(aws.lambda.state.config, { Runtime: 'python3.12', Handler: 'lambda_function.lambda_handler', Timeout: 30, Architectures: ['x86_64'] });
  const { code, io } = run();
  t.equal(await code, 0, io.text());
  t.match(aws.lambda.state.config, { Runtime: 'nodejs24.x', Handler: 'index.handler', Timeout: 10, Architectures: ['arm64'] });
  t.match(io.text(), /runtime python3\.12 → nodejs24\.x; handler lambda_function\.lambda_handler → index\.handler/);
  t.match(io.text(), /timeout 30 → 10 s/);
});

t.test('config/deploy.yaml names the function; ALEXA_LOCALE and ALEXA_SKILL_ID follow config/skill.yaml', async (t) => {
  const fixture = join('test', 'fixtures', 'config', 'deploy-eu');
  const synced = createRun({ HA_TOKEN: TOKEN, PARAMETER_PREFIX: '' });
  t.equal(await runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', fixture], synced.env, synced.io), 0, synced.io.text());
  const { code, io } = run(['--config-dir', fixture], { LAMBDA_FUNCTION_NAME: '', PARAMETER_PREFIX: '' });
  t.equal(await code, 0, io.text());
  const variables = aws.lambda.state.config.Environment.Variables;
  t.equal(variables.ALEXA_LOCALE, 'en-GB', 'the first locale');
  t.equal(variables.ALEXA_SKILL_ID, 'amzn1.ask.skill.9f8e7d6c-1111-4222-8333-cba987654321', 'custom_skill_id');
  t.equal(variables.PARAMETER_PREFIX, '/ha-alexa', 'parameter_prefix');
  t.equal(aws.lambda.state.config.MemorySize, 256);
});

t.test('a region that does not serve the skill locales fails before any AWS call', async (t) => {
  const { code, io } = run([], { AWS_REGION: 'us-west-2', GITHUB_ACTIONS: 'true' });
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^::error title=deploy-lambda::deploy-lambda: the region is us-west-2, but Alexa calls a Lambda in another region for en-GB → eu-west-1/);
  t.same(aws.lambda.calls, []);
});
