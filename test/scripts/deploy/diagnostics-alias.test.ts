/**
 * The alias `diagnostics` (the only one the Doctor and the Discovery test may invoke) follows `live`:
 * deploy-lambda and npm run rollback put it on live's version, creating it when missing, and fail,
 * naming the fix, when the deploy role may not manage it.
 */
import t from 'tap';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, rollbackRun, useSyncedFakeAws } from '../helpers/deploy-run.js';

useFakeAwsEnv();

let aws: FakeAws = createFakeAws();
useSyncedFakeAws(t, (fresh) => {
  aws = fresh;
});

const versionOf = (alias: string) => aws.lambda.state.aliases.get(alias)?.FunctionVersion;

t.test('a deploy moves an existing diagnostics alias to the version live moved to', async (t) => {
  aws.lambda.state.aliases.set('diagnostics', { FunctionVersion: '1', RevisionId: 'rev-diag' });
  const { code, io, summary } = deployFixture();
  t.equal(await code, 0, io.text());
  t.equal(versionOf('live'), '2');
  t.equal(versionOf('diagnostics'), '2');
  t.same(aws.lambda.calls.filter((call) => call.op === 'UpdateAlias').map((call) => `${String(call.input.Name)} → ${String(call.input.FunctionVersion)}`), ['live → 2', 'diagnostics → 2']);
  t.notOk(aws.lambda.ops().includes('CreateAlias'));
  t.match(io.text(), /alias diagnostics: version 1 → 2, with live/);
  t.match(summary(), /\| alias `diagnostics` \(Doctor, Discovery test\) \| version 1 → 2, with live \|/);
});

t.test('a failed smoke test leaves diagnostics with live on the last good version', async (t) => {
  aws.lambda.state.invoke = () => ({ payload: { diagnostics: 'health', ok: false, problems: ['broken on purpose'] } });
  const { code, io } = deployFixture();
  t.equal(await code, 1);
  t.equal(versionOf('live'), '1');
  t.equal(versionOf('diagnostics'), '1', 'created beside live, on the version Alexa still calls');
  t.match(io.text(), /alias diagnostics: created on version 1, with live/);
});

t.test('a deploy role that may not manage diagnostics fails the deploy, naming the fix; live has moved', async (t) => {
  aws.lambda.fail('CreateAlias', {
    code: 'AccessDeniedException',
    status: 403,
    message: 'User: arn:aws:sts::111122223333:assumed-role/ha-alexa-github-deploy/x is not authorized to perform: lambda:CreateAlias on resource: arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:diagnostics because no identity-based policy allows the lambda:CreateAlias action',
  });
  const { code, io, summary } = deployFixture({ GITHUB_ACTIONS: 'true' });
  t.equal(await code, 1);
  t.equal(versionOf('live'), '2', 'Alexa already calls the new version');
  t.notOk(aws.lambda.state.aliases.has('diagnostics'));
  t.match(io.lines.at(-1), /^::error title=deploy-lambda::.*ha-alexa:live is on version 2, but the alias diagnostics .* could not follow it: the deploy role may not manage it .*lambda:CreateAlias.*Rerun the bootstrap command \(the bootstrap command is in the summary of every Deploy run .*, or npm run setup-summary prints it\)/);
  t.match(summary(), /\| alias `diagnostics` \(Doctor, Discovery test\) \| ❌ ha-alexa:live is on version 2, but/);
});

t.test('npm run rollback moves diagnostics back with live', async (t) => {
  const first = deployFixture({}, [], 'zip-A');
  t.equal(await first.code, 0, first.io.text());
  const second = deployFixture({}, [], 'zip-B');
  t.equal(await second.code, 0, second.io.text());
  t.same([versionOf('live'), versionOf('diagnostics')], ['3', '3']);
  const rollback = rollbackRun();
  t.equal(await rollback.code, 0, rollback.io.text());
  t.same([versionOf('live'), versionOf('diagnostics')], ['2', '2']);
  t.match(rollback.io.text(), /alias diagnostics: version 3 → 2, with live/);
  t.match(aws.lambda.state.aliases.get('diagnostics')?.Description, /^Follows live: npm run rollback put it on version 2 with live/);
});
