import t from 'tap';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { makeConfigDir, TEST_URL } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createSsmClient } from '../../../scripts/aws/aws-clients.js';
import { applyPlan, planParameterSync, listParameters } from '../../../scripts/deploy/parameter-sync.js';

useFakeAwsEnv();
const PREFIX = '/lambda-execution-engine';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.fake-long-lived-token-value-0123456789';
const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };
const main = createMain({ retry: FAST_RETRY });

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun({ HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('sync-parameters', main, ['--config-dir', makeConfigDir(), ...argv], recorder.env, recorder.io) };
};

/** The one settings set in the store: `<prefix>/settings/<id>`. */
function settingsSet(): string {
  const sets = new Set([...aws.ssm.store.keys()].map((name) => /^(.*\/settings\/[0-9a-f]{16})\//.exec(name)?.[1]).filter(Boolean));
  return [...sets].join(', ');
}

t.test('a first run creates the ID key, and a settings set with every setting, the token as a SecureString', async (t) => {
  // Act
  const { code, io } = run([]);
  // Assess
  t.equal(await code, 0, io.text());
  const store = aws.ssm.store;
  const set = settingsSet();
  t.match(set, /^\/lambda-execution-engine\/settings\/[0-9a-f]{16}$/);
  t.equal(store.get(`${set}/homeassistant/url`)?.Value, TEST_URL);
  t.same(store.get(`${set}/homeassistant/token`), { Value: TOKEN, Type: 'SecureString', Version: 1 });
  t.notOk(store.has(`${PREFIX}/homeassistant/token`), 'the shared token, which older versions read, is not written');
  t.match(store.get(`${PREFIX}/deploy/id-key`), { Type: 'SecureString', Value: /^[\w-]{43}$/ });
  t.equal(store.get(`${set}/homeassistant/assistant_name`)?.Value, 'Jarvis');
  t.equal(store.get(`${set}/homeassistant/verify_ssl`)?.Value, 'true');
  t.equal(store.get(`${set}/homeassistant/timeout`)?.Value, '6');
  const filter = JSON.parse(store.get(`${set}/alexa/filter`)?.Value ?? '{}') as Record<string, unknown>;
  t.same(Object.keys(filter), ['include_domains', 'exclude_domains', 'include_entities', 'exclude_entities', 'include_entity_globs', 'exclude_entity_globs', 'entity_config']);
  t.match(io.text(), /Plan: 7 to create, 0 to update, 0 unchanged, 0 to delete\./);
  t.match(io.text(), /Applied: 7 created, 0 updated, 0 deleted\./);
});

t.test('a plan applies exactly its changes; --prune deletes strays but keeps what versions read', async (t) => {
  // Prepare: what the old guide (or an earlier sync) left under the prefix, and another version's set
  aws.ssm.put(`${PREFIX}/homeassistant/url`, 'https://old.test-home.net');
  aws.ssm.put(`${PREFIX}/homeassistant/timeout`, '30');
  aws.ssm.put(`${PREFIX}/homeassistant/token`, 'old-token', 'SecureString');
  aws.ssm.put(`${PREFIX}/settings/0123456789abcdef/homeassistant/url`, 'https://previous.test-home.net');
  aws.ssm.put(`${PREFIX}/homeassistant/old_setting`, 'x');
  aws.ssm.put('/other-app/keep-me', 'untouched');
  aws.ssm.put(`${PREFIX}/skills/lwa_refresh_token`, 'Atzr|stored-by-the-skills-workflow', 'SecureString');
  // Act
  const { code, io, summary } = run(['--prune'], { REPOSITORY_PRIVATE: 'true' });
  // Assess
  t.equal(await code, 0, io.text());
  const text = io.text();
  const set = settingsSet().split(', ').find((path) => !path.endsWith('0123456789abcdef')) ?? '';
  t.match(text, new RegExp(`\\+ create\\s+${set}/homeassistant/verify_ssl`));
  t.match(text, /= keep\s+\/lambda-execution-engine\/homeassistant\/token\s+SecureString\s+<secret, 9 chars>, kept: read by versions deployed before the token moved into their settings set/);
  t.match(text, new RegExp(`\\+ create\\s+${set}/homeassistant/token\\s+SecureString\\s+<secret, \\d+ chars>`));
  t.match(text, /= keep\s+\/lambda-execution-engine\/homeassistant\/url\s+String\s+"https:\/\/old\.test-home\.net", kept: read only by versions deployed without PARAMETER_SET/);
  t.match(text, /= keep\s+\/lambda-execution-engine\/settings\/0123456789abcdef\/homeassistant\/url .*kept: settings of another version/);
  t.match(text, /- delete\s+\/lambda-execution-engine\/homeassistant\/old_setting/);
  t.match(text, /Plan: 7 to create, 0 to update, 5 unchanged, 1 to delete\./);
  t.notOk(aws.ssm.store.has(`${PREFIX}/homeassistant/old_setting`));
  t.equal(aws.ssm.store.get(`${PREFIX}/homeassistant/url`)?.Value, 'https://old.test-home.net', 'what running versions read is never touched');
  t.equal(aws.ssm.store.get(`${PREFIX}/homeassistant/timeout`)?.Value, '30');
  t.equal(aws.ssm.store.get('/other-app/keep-me')?.Value, 'untouched');
  t.equal(aws.ssm.store.get(`${PREFIX}/skills/lwa_refresh_token`)?.Value, 'Atzr|stored-by-the-skills-workflow', 'nor the refresh token the Skills workflow stored');
  t.match(text, /= keep\s+\/lambda-execution-engine\/skills\/lwa_refresh_token\s+SecureString\s+<secret, \d+ chars>, kept: the Skills workflow's Login with Amazon refresh token/);
  t.notMatch(text, /stored-by-the-skills/, 'its value is not printed');
  t.equal(aws.ssm.store.get(`${set}/homeassistant/token`)?.Value, TOKEN, 'HA_TOKEN goes to the new set only');
  const puts = aws.ssm.calls.filter((call) => call.op === 'PutParameter');
  t.equal(puts.length, 7, 'seven creates');
  t.ok(puts.every((call) => call.input.Overwrite === true));
  t.match(summary(), /\| keep \| `\/lambda-execution-engine\/homeassistant\/token` \| SecureString \|/);
});

t.test('without --prune, parameters that config/ no longer has are kept and listed', async (t) => {
  aws.ssm.put(`${PREFIX}/homeassistant/old_setting`, 'x');
  const { code, io } = run([]);
  t.equal(await code, 0);
  t.match(io.text(), /\? stale\s+\/lambda-execution-engine\/homeassistant\/old_setting.*run with --prune to delete/);
  t.ok(aws.ssm.store.has(`${PREFIX}/homeassistant/old_setting`));
  t.notOk(aws.ssm.ops().includes('DeleteParameters'));
});

t.test('a second run with nothing changed writes nothing', async (t) => {
  t.equal(await run([]).code, 0);
  aws.ssm.calls.length = 0;
  // Act
  const second = run(['--prune']);
  // Assess
  t.equal(await second.code, 0);
  t.match(second.io.text(), /Plan: 0 to create, 0 to update, 7 unchanged, 0 to delete\./);
  t.match(second.io.text(), /Nothing to change\./);
  t.same(aws.ssm.ops(), ['GetParametersByPath'], 'only reads');
});

t.test('listing follows NextToken past 10 parameters', async (t) => {
  // Prepare
  for (let i = 0; i < 23; i += 1) aws.ssm.put(`${PREFIX}/extra/p${String(i).padStart(2, '0')}`, `v${i}`);
  // Act
  const listed = await listParameters({ ssm: createSsmClient('eu-west-1') }, PREFIX);
  const { code, io } = run(['--prune']);
  // Assess
  t.equal(listed.length, 23);
  t.equal(await code, 0, io.text());
  const listCalls = aws.ssm.calls.filter((call) => call.op === 'GetParametersByPath');
  t.equal(listCalls.length, 3 + 3, 'three pages per listing');
  t.same(listCalls.slice(0, 3).map((call) => call.input.NextToken), [undefined, '10', '20']);
  t.ok(listCalls.every((call) => call.input.MaxResults === 10 && call.input.Recursive === true && call.input.WithDecryption === true));
  t.match(io.text(), /23 to delete/);
  t.equal([...aws.ssm.store.keys()].filter((name) => name.includes('/extra/')).length, 0);
  t.equal(aws.ssm.calls.filter((call) => call.op === 'DeleteParameters').length, 3, 'deletes go in batches of 10');
});

t.test('secrets never appear in the output or the job summary', async (t) => {
  // Prepare
  const secretUrl = 'https://private-ha.secret-domain.net';
  aws.ssm.put(`${PREFIX}/homeassistant/token`, 'previous-secret-token-value', 'SecureString');
  // Act
  const { code, io, summary } = run(['--prune'], { HA_URL: secretUrl, REPOSITORY_PRIVATE: 'true' });
  // Assess
  t.equal(await code, 0);
  for (const text of [io.text(), summary()]) {
    t.notMatch(text, TOKEN);
    t.notMatch(text, 'previous-secret-token-value');
    t.notMatch(text, 'secret-domain');
    t.match(text, `<secret, ${TOKEN.length} chars>`);
  }
  t.equal(aws.ssm.store.get(`${settingsSet()}/homeassistant/url`)?.Value, secretUrl, 'HA_URL wins over config/');
});

t.test('--dry-run prints the plan and writes nothing', async (t) => {
  const { code, io, summary } = run(['--dry-run']);
  t.equal(await code, 0);
  t.match(io.text(), /Plan: 7 to create/);
  t.match(io.text(), /\/deploy\/id-key does not exist yet: the set ID above is provisional/);
  t.match(io.text(), /Dry run: nothing written\./);
  t.same(aws.ssm.ops(), ['GetParametersByPath']);
  t.match(summary(), /dry run/);
});

t.test('without HA_TOKEN the stored token is kept, even with --prune', async (t) => {
  aws.ssm.put(`${PREFIX}/homeassistant/token`, 'stored-token', 'SecureString');
  const { code, io } = run(['--prune'], { HA_TOKEN: '' });
  t.equal(await code, 0, io.text());
  t.match(io.text(), /= keep\s+\/lambda-execution-engine\/homeassistant\/token\s+SecureString\s+<secret, 12 chars>, kept: read by versions deployed before the token moved/);
  t.equal(aws.ssm.store.get(`${PREFIX}/homeassistant/token`)?.Value, 'stored-token');
});

t.test('without HA_TOKEN and without a stored token the sync fails, or warns on a dry run', async (t) => {
  const failed = run([], { HA_TOKEN: '' });
  t.equal(await failed.code, 1);
  t.match(failed.io.lines.at(-1), /^sync-parameters: HA_TOKEN is not set and \/lambda-execution-engine\/homeassistant\/token does not exist/);
  t.notOk(aws.ssm.ops().includes('PutParameter'));
  const dry = run(['--dry-run'], { HA_TOKEN: '' });
  t.equal(await dry.code, 0);
  t.match(dry.io.text(), /warning: HA_TOKEN is not set/);
});

t.test('AccessDenied names the missing action and the resource in one line', async (t) => {
  // Prepare
  aws.ssm.fail('PutParameter', {
    code: 'AccessDeniedException',
    message:
      'User: arn:aws:sts::111122223333:assumed-role/ha-alexa-github-deploy/deploy-1 is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:eu-west-1:111122223333:parameter/lambda-execution-engine/homeassistant/url because no identity-based policy allows the ssm:PutParameter action',
  });
  // Act
  const { code, io } = run([], { GITHUB_ACTIONS: 'true' });
  // Assess
  t.equal(await code, 1);
  const last = io.lines.at(-1) ?? '';
  t.match(last, /^::error title=sync-parameters::sync-parameters: access denied: the AWS role may not call ssm:PutParameter on arn:aws:ssm:eu-west-1:111122223333:parameter\/lambda-execution-engine\/homeassistant\/url\./);
  t.match(last, /update the stack with the bootstrap command: the bootstrap command is in the summary of every Deploy run \(Actions → Deploy → a run → "The bootstrap command"; paste it into AWS CloudShell in your region\), or npm run setup-summary prints it$/, 'and says where the command is, whether or not account_id is set');
  t.notMatch(last, /\n/);
  t.notMatch(io.text(), /at .*\.ts:\d+/, 'no stack trace');
});

t.test('throttling is retried with backoff', async (t) => {
  // Prepare
  aws.ssm.fail('GetParametersByPath', { code: 'ThrottlingException', message: 'Rate exceeded', times: 2 });
  aws.ssm.fail('PutParameter', { code: 'TooManyUpdates', message: 'There are concurrent updates', times: 1 });
  // Act
  const { code, io } = run([]);
  // Assess
  t.equal(await code, 0, io.text());
  t.match(io.text(), /ssm:GetParametersByPath was throttled \(ThrottlingException\); retrying in \d+\.\d s \(attempt 2 of 4\)/);
  t.match(io.text(), /ssm:PutParameter was throttled \(TooManyUpdates\)/);
  t.equal(aws.ssm.store.size, 7);
});

t.test('throttling that never stops fails with one line after the last attempt', async (t) => {
  aws.ssm.fail('GetParametersByPath', { code: 'ThrottlingException', message: 'Rate exceeded' });
  const { code, io } = run([]);
  t.equal(await code, 1);
  t.equal(aws.ssm.calls.length, FAST_RETRY.attempts);
  t.match(io.lines.at(-1), /AWS kept throttling ssm:GetParametersByPath after several retries/);
});

t.test('the plan functions can be used on their own', async (t) => {
  const ssm = createSsmClient('eu-west-1');
  const plan = await planParameterSync({ ssm }, {
    prefix: '/p',
    desired: [{ name: '/p/a', value: '1', type: 'String', secret: false, source: 'test' }],
    prune: false,
  });
  t.same(plan.entries.map((entry) => entry.action), ['create']);
  t.same(await applyPlan({ ssm }, plan), { created: 1, updated: 0, deleted: 0 });
  t.equal(aws.ssm.store.get('/p/a')?.Value, '1');
});

t.test('bad input fails before any AWS call', async (t) => {
  const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
    [['--nope'], {}, /Unknown option '--nope'; usage: npm run sync-parameters/],
    [[], { AWS_REGION: '' }, /AWS_REGION is not set: use the region that serves your Alexa skill/],
    [[], { PARAMETER_PREFIX: 'no-slash' }, /PARAMETER_PREFIX "no-slash" is not a valid Parameter Store path/],
    [[], { PARAMETER_PREFIX: '/aws/x' }, /reserved by AWS/],
    [[], { HA_URL: 'not a url' }, /HA_URL must be an http\(s\) address/],
  ];
  for (const [argv, env, expected] of cases) {
    const { code, io } = run(argv, env);
    t.equal(await code, 1, argv.join(' '));
    t.match(io.lines.at(-1), expected);
  }
  t.same(aws.ssm.calls, []);
});

t.test('--help prints the usage', async (t) => {
  const { code, io } = run(['--help']);
  t.equal(await code, 0);
  t.match(io.text(), /usage: npm run sync-parameters/);
});

t.test('a region that does not serve the skill locales is an error, before any AWS call', async (t) => {
  // The fake endpoint answers any region; the test config's en-GB is served from eu-west-1 (the fake's default)…
  const ok = run(['--dry-run']);
  t.equal(await ok.code, 0, ok.io.text());
  // …but not from us-east-1.
  const { code, io } = run(['--dry-run'], { AWS_REGION: 'us-east-1', GITHUB_ACTIONS: 'true' });
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^::error title=sync-parameters::sync-parameters: the region is us-east-1, but Alexa calls a Lambda in another region for en-GB → eu-west-1/);
  t.same(aws.ssm.calls.length, 1, 'only the first run read Parameter Store');
});
