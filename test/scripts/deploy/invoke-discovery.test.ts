import t from 'tap';
import { createFakeAws, discoverResponse, errorResponse, FAKE_ENDPOINTS, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/invoke-discovery.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { checkDiscoveryResponse, MAX_ENDPOINTS } from '../../../scripts/deploy/discovery.js';

useFakeAwsEnv();
const main = createMain({ retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
const TOKEN = 'secret-token-from-github-0123456789';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
  // As after a deploy: the read-only alias the Discovery test invokes, on live's version.
  fresh.lambda.state.aliases.set('diagnostics', { FunctionVersion: '1', RevisionId: 'rev-diagnostics' });
});

const run = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', ...env });
  return { ...recorder, code: runCli('invoke-discovery', main, argv, recorder.env, recorder.io) };
};

const endpoint = (id: number, capabilities = 2) => ({
  endpointId: `light#l${id}`,
  friendlyName: `Light ${id}`,
  displayCategories: ['LIGHT'],
  capabilities: Array.from({ length: capabilities }, (_, i) => ({ type: 'AlexaInterface', interface: i === 0 ? 'Alexa' : `Alexa.Custom${i}`, version: '3' })),
});

t.test('prints a table of the endpoints discovered through the alias, with the stored token', async (t) => {
  const { code, io, summary } = run();
  t.equal(await code, 0, io.text());
  const invoke = aws.lambda.calls.find((call) => call.op === 'Invoke');
  t.equal(invoke?.input.Qualifier, 'diagnostics', 'by default the read-only alias on live\'s version');
  t.same((invoke?.input.event as { directive: { payload: object } }).directive.payload, {}, 'no scope: the stored token is used');
  const text = io.text();
  t.match(text, /name\s+endpointId\s+categories\s+capabilities/);
  t.match(text, /Kitchen Light\s+light#kitchen\s+LIGHT\s+3: PowerController, BrightnessController/);
  t.match(text, /2 endpoints \(Alexa allows 300\); at most 3 capabilities on one endpoint \(Alexa allows 100\)\./);
  t.match(summary(), /### Alexa discovery through `ha-alexa:diagnostics`, version 1/);
  t.match(summary(), /\| endpoints \| 2 \| 300 \|/);
});

t.test('--qualifier and --token secret send HA_TOKEN to a version, never printing it', async (t) => {
  aws.lambda.state.versions.set('7', { ...aws.lambda.state.config, Version: '7' });
  const { code, io, summary } = run(['--qualifier', '7', '--token', 'secret'], { HA_TOKEN: TOKEN });
  t.equal(await code, 0, io.text());
  const invoke = aws.lambda.calls.find((call) => call.op === 'Invoke');
  t.equal(invoke?.input.Qualifier, '7');
  t.match(invoke?.input.event, { directive: { payload: { scope: { type: 'BearerToken', token: TOKEN } } } });
  t.notMatch(io.text() + summary(), TOKEN);
  t.match(io.text(), /with the HA_TOKEN secret/);
});

t.test('the function and region come from config/deploy.yaml unless the environment sets them', async (t) => {
  const { code, io } = run(['--config-dir', 'test/fixtures/config/deploy-eu'], { LAMBDA_FUNCTION_NAME: '', AWS_REGION: '' });
  t.equal(await code, 0, io.text());
  t.match(io.text(), /through ha-alexa:diagnostics \(eu-west-1\)/);
  const other = run(['--config-dir', 'test/fixtures/config/deploy-eu'], { LAMBDA_FUNCTION_NAME: 'not-there' });
  t.equal(await other.code, 1, 'the environment wins');
});

t.test('an error answer fails with an explanation', async (t) => {
  const cases: [string, RegExp][] = [
    ['BRIDGE_UNREACHABLE', /the function could not reach Home Assistant .* Cloudflare Bot Fight Mode/],
    ['INTERNAL_ERROR', /read the log with `aws logs tail \/aws\/lambda\/ha-alexa --since 15m`/],
    ['INVALID_DIRECTIVE', /is the code from this repository deployed to diagnostics\?/],
    ['EXPIRED_AUTHORIZATION_CREDENTIAL', /Home Assistant refused the stored token/],
    ['NO_SUCH_THING', /the function answered with an Alexa NO_SUCH_THING \(the function said: boom\)/],
  ];
  for (const [type, expected] of cases) {
    aws.lambda.state.invoke = () => ({ payload: errorResponse(type, 'boom') });
    const { code, io, summary } = run();
    t.equal(await code, 1, type);
    t.match(io.lines.at(-1), /^invoke-discovery: discovery through ha-alexa:diagnostics failed: /);
    t.match(io.lines.at(-1), expected);
    t.match(summary(), /❌/);
  }
});

t.test('the placeholder code, a crash and a non-JSON answer are explained', async (t) => {
  aws.lambda.state.invoke = () => ({ payload: { placeholder: true } });
  let result = run();
  t.equal(await result.code, 1);
  t.match(result.io.lines.at(-1), /did not answer with a Discover\.Response \(it answered \{"placeholder":true\}\): is this repository's code deployed to diagnostics\?/);
  aws.lambda.state.invoke = () => ({ payload: { errorMessage: 'Task timed out after 3.00 seconds' }, functionError: 'Unhandled' });
  result = run();
  t.equal(await result.code, 1);
  t.match(result.io.lines.at(-1), /the function crashed \(Unhandled\): Unhandled: Task timed out after 3\.00 seconds/);
});

t.test('too many endpoints or capabilities fail; near the limits and duplicates warn; none warns', async (t) => {
  const check = (endpoints: unknown[]) =>
    checkDiscoveryResponse({ payload: discoverResponse(endpoints), raw: '' }, { functionName: 'f', qualifier: 'live', tokenSource: 'stored' });
  const tooMany = check(Array.from({ length: MAX_ENDPOINTS + 1 }, (_, i) => endpoint(i)));
  t.equal(tooMany.ok, false);
  t.match(tooMany.reason, /301 endpoints, more than Alexa's 300: narrow alexa\.filter/);
  const near = check(Array.from({ length: 280 }, (_, i) => endpoint(i)));
  t.equal(near.ok, true);
  t.match(near.warnings, [/280 endpoints, close to Alexa's limit of 300/]);
  const fat = check([endpoint(1, 101)]);
  t.equal(fat.ok, false);
  t.match(fat.reason, /light#l1 has 101 capabilities, more than Alexa's 100/);
  const duplicate = check([FAKE_ENDPOINTS[0], { ...FAKE_ENDPOINTS[0], endpointId: 'light#other' }]);
  t.match(duplicate.warnings, [/several devices share a name, which confuses Alexa: kitchen light/]);
  const odd = check([{ capabilities: [{}] }]);
  t.same(odd.endpoints, [{ endpointId: '?', friendlyName: '?', displayCategories: [], interfaces: ['?'] }]);

  aws.lambda.state.invoke = () => ({ payload: discoverResponse([]) });
  const { code, io } = run();
  t.equal(await code, 1, 'no device at all is a failure, not a warning');
  t.match(io.lines.at(-1), /no endpoints: Home Assistant exposed nothing to Alexa/);
});

t.test('bad options fail with the usage', async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--token', 'maybe'], {}, /--token must be stored or secret; usage: npm run invoke-discovery/],
    [['--token', 'secret'], {}, /--token secret needs the HA_TOKEN environment variable/],
    [['--qualifier', 'not ok'], {}, /qualifier "not ok" is not an alias name/],
    [['extra'], {}, /usage: npm run invoke-discovery/],
  ];
  for (const [argv, env, expected] of cases) {
    const { code, io } = run(argv, env);
    t.equal(await code, 1);
    t.match(io.lines.at(-1), expected);
  }
  const help = run(['-h']);
  t.equal(await help.code, 0);
  t.match(help.io.text(), /usage:/);
});
