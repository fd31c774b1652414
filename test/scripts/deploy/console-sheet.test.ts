import t from 'tap';
import { join } from 'node:path';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { consoleSheetRows, createMain, endpointArn, formatConsoleSheetMarkdown } from '../../../scripts/deploy/console-sheet.js';

const main = createMain();
const FIXTURES = join('test', 'fixtures', 'config');
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun(env);
  return { ...recorder, code: runCli('console-sheet', main, argv, recorder.env, recorder.io) };
};

t.test('the sheet names the live alias and the seven account-linking values for the region and URL', async (t) => {
  const { code, io, summary } = run(['--config-dir', join(FIXTURES, 'deploy-eu')]);
  t.equal(await code, 0, io.text());
  const markdown = summary();
  t.match(markdown, /^### Alexa console sheet/);
  for (const row of [
    '| Default endpoint (Smart Home; Custom skill: AWS Lambda ARN) | `arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live` |',
    '| Authorization grant type | Auth Code Grant |',
    '| Your Web Authorization URI | `https://ha.fixture-home.net/auth/authorize` |',
    '| Access Token URI | `https://ha.fixture-home.net/auth/token` |',
    '| Your Client ID (Europe and India) | `https://layla.amazon.com/` |',
    '| Your Secret | anything non-empty (Home Assistant does not check it) |',
    '| Your Authentication Scheme | Credentials in request body |',
    '| Scope | `smart_home` |',
  ]) {
    t.ok(markdown.includes(row), row);
  }
  t.match(io.text(), /Your Client ID \(Europe and India\)\s+https:\/\/layla\.amazon\.com\//);
});

t.test('each region has its client ID, with the trailing slash', (t) => {
  const base = { accountId: '111122223333', functionName: 'f', haUrl: 'https://ha.example.net' };
  const clientId = (region: 'us-east-1' | 'eu-west-1' | 'us-west-2') => consoleSheetRows({ ...base, region })[4]?.[1];
  t.equal(clientId('us-east-1'), 'https://pitangui.amazon.com/');
  t.equal(clientId('eu-west-1'), 'https://layla.amazon.com/');
  t.equal(clientId('us-west-2'), 'https://alexa.amazon.co.jp/');
  t.equal(endpointArn({ ...base, region: 'us-west-2' }), 'arn:aws:lambda:us-west-2:111122223333:function:f:live');
  t.equal(consoleSheetRows({ ...base, region: 'us-east-1' }).length, 8, 'the endpoint and seven account-linking values');
  t.end();
});

t.test('a URL from the HA_URL secret is never printed; the function name follows LAMBDA_FUNCTION_NAME', async (t) => {
  const secretUrl = 'https://secret-home.example.net';
  const { code, io, summary } = run(['--config-dir', join(FIXTURES, 'deploy-eu')], { HA_URL: secretUrl, LAMBDA_FUNCTION_NAME: 'other' });
  t.equal(await code, 0);
  t.notMatch(io.text() + summary(), 'secret-home');
  t.match(summary(), /`https:\/\/<the address in your HA_URL secret>\/auth\/authorize`/);
  t.match(summary(), /function:other:live/);
  t.match(formatConsoleSheetMarkdown({ region: 'us-east-1', accountId: '1', functionName: 'f' }), /pitangui/);
});

t.test('in a public repository the workflow run shows no Home Assistant address; a private one and a local run do', async (t) => {
  const argv = ['--config-dir', join(FIXTURES, 'deploy-eu')];
  const published = run(argv, { GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'false' });
  t.equal(await published.code, 0, published.io.text());
  t.notMatch(published.io.text() + published.summary(), 'fixture-home', 'anyone can read a public run');
  t.match(published.summary(), /`https:\/\/<your Home Assistant address>\/auth\/authorize`/);
  t.match(published.summary(), /run `npm run console-sheet` on your computer/);
  t.match(published.summary(), /function:ha-alexa:live/, 'the endpoint is still shown');
  const secret = run(argv, { GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'true' });
  t.equal(await secret.code, 0);
  t.match(secret.summary(), '`https://ha.fixture-home.net/auth/token`');
  const local = run(argv);
  t.equal(await local.code, 0);
  t.match(local.io.text(), 'https://ha.fixture-home.net/auth/token');
});

t.test('without account_id there is no endpoint yet; usage and bad options', async (t) => {
  const unconfigured = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured')]);
  t.equal(await unconfigured.code, 1);
  t.match(unconfigured.io.lines.at(-1), /deploy\.yaml account_id: is not set yet, so the endpoint ARN is unknown/);
  const help = run(['--help']);
  t.equal(await help.code, 0);
  t.match(help.io.text(), /usage: npm run console-sheet/);
  const bad = run(['--nope']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /Unknown option '--nope'; usage: npm run console-sheet/);
});
