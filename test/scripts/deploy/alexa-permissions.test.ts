import t from 'tap';
import { join } from 'node:path';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/alexa-permissions.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { parsePolicy, planPermissions } from '../../../scripts/deploy/alexa-permission-plan.js';

useFakeAwsEnv();
const main = createMain({ retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
const FIXTURES = join('test', 'fixtures', 'config');
const SMART_HOME = 'amzn1.ask.skill.0a1b2c3d-0000-4000-8000-123456789abc';
const CUSTOM = 'amzn1.ask.skill.9f8e7d6c-1111-4222-8333-cba987654321';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

/** Runs against a config dir; deploy.yaml's function_name (ha-alexa) is the fake's function. */
const run = (config: string, argv: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun({ AWS_REGION: '', ...env });
  return { ...recorder, code: runCli('alexa-permissions', main, ['--config-dir', join(FIXTURES, config), ...argv], recorder.env, recorder.io) };
};

const live = () => aws.lambda.state.policies.get('live') ?? [];

t.test('the first deploy lets exactly the two skills invoke the live alias', async (t) => {
  const { code, io, summary } = run('deploy-eu');
  t.equal(await code, 0, io.text());
  t.same(
    live().map((statement) => [statement.Principal.Service, statement.Condition?.StringEquals['lambda:EventSourceToken'], statement.Action, statement.Resource]),
    [
      ['alexa-connectedhome.amazon.com', SMART_HOME, 'lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live'],
      ['alexa-appkit.amazon.com', CUSTOM, 'lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live'],
    ],
  );
  t.match(io.text(), /\+ add\s+Smart Home skill\s+amzn1\.ask\.skill\.0a1b2c3d-0000-4000-8000-123456789abc\s+\(alexa-connectedhome\.amazon\.com, deploy-alexa-smart-home-0a1b2c3d-0000-4000-8000-123456789abc\)/);
  t.match(io.text(), /Applied: 2 added, 0 removed\./);
  t.match(summary(), /### Alexa invoke permissions on `ha-alexa:live`/);
  t.match(summary(), /\| add \| Custom skill \| `amzn1\.ask\.skill\.9f8e7d6c-1111-4222-8333-cba987654321` \| `alexa-appkit\.amazon\.com` \| will be allowed \|/);

  const again = run('deploy-eu');
  t.equal(await again.code, 0);
  t.match(again.io.text(), /= unchanged\s+Smart Home skill/);
  t.match(again.io.text(), /Nothing to change\./);
  t.same(aws.lambda.ops().filter((op) => op === 'AddPermission').length, 2, 'a second run adds nothing');
});

t.test('a removed or changed skill ID loses its permission; statements the deploy does not own stay', async (t) => {
  aws.lambda.state.policies.set('live', [
    { Sid: 'deploy-alexa-smart-home-11111111-2222-4333-8444-555555555555', Effect: 'Allow', Principal: { Service: 'alexa-connectedhome.amazon.com' }, Action: 'lambda:InvokeFunction', Resource: 'x', Condition: { StringEquals: { 'lambda:EventSourceToken': 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555' } } },
    { Sid: 'deploy-alexa-custom-9f8e7d6c-1111-4222-8333-cba987654321', Effect: 'Allow', Principal: { Service: 'alexa-appkit.amazon.com' }, Action: 'lambda:InvokeFunction', Resource: 'x', Condition: { StringEquals: { 'lambda:EventSourceToken': CUSTOM } } },
    { Sid: 'set-by-hand', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'lambda:InvokeFunction', Resource: 'x' },
  ]);
  // deploy-unconfigured has no skill IDs: every owned statement goes, the hand-made one stays.
  const { code, io } = run('deploy-unconfigured', [], { LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await code, 0, io.text());
  t.same(live().map((statement) => statement.Sid), ['set-by-hand']);
  t.match(io.text(), /- remove\s+Smart Home skill\s+amzn1\.ask\.skill\.11111111/);
  t.match(io.text(), /· other\s+events\.amazonaws\.com .*not managed by the deploy: left alone/);
  t.match(io.text(), /Applied: 0 added, 2 removed\./);
});

const unscoped = (Sid: string, service: string) => ({ Sid, Effect: 'Allow' as const, Principal: { Service: service }, Action: 'lambda:InvokeFunction', Resource: 'x' });

t.test('an Alexa permission without a skill ID (any skill may invoke) is replaced by the scoped one of config/skill.yaml', async (t) => {
  // Prepare: what the old guide had you add by hand, with no EventSourceToken
  aws.lambda.state.policies.set('live', [unscoped('lambda-execution-engine-alexa', 'alexa-connectedhome.amazon.com'), unscoped('custom-by-hand', 'alexa-appkit.amazon.com')]);
  // Act
  const { code, io } = run('deploy-eu');
  // Assess
  t.equal(await code, 0, io.text());
  t.same(live().filter((statement) => statement.Condition === undefined), [], 'no unscoped statement survives');
  t.same(live().map((statement) => statement.Condition?.StringEquals['lambda:EventSourceToken']), [SMART_HOME, CUSTOM]);
  t.match(io.text(), /- remove\s+Smart Home skill\s+-\s+\(alexa-connectedhome\.amazon\.com, lambda-execution-engine-alexa\): any skill could invoke \(no skill ID\): removed/);
  t.match(io.text(), /Applied: 2 added, 2 removed\./);
});

t.test('an unscoped Alexa permission the deploy cannot replace fails the run, naming it; the rest is applied', async (t) => {
  aws.lambda.state.policies.set('live', [unscoped('old-guide-smart-home', 'alexa-connectedhome.amazon.com')]);
  const dry = run('deploy-unconfigured', ['--dry-run'], { LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await dry.code, 0);
  t.match(dry.io.text(), /warning: ha-alexa:live lets any skill invoke it: old-guide-smart-home/);
  const { code, io } = run('deploy-unconfigured', [], { LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await code, 1);
  t.match(io.text(), /! unscoped\s+Smart Home skill/);
  t.match(io.lines.at(-1), /ha-alexa:live lets any skill invoke it: old-guide-smart-home \(Smart Home skill, alexa-connectedhome\.amazon\.com, no skill ID\)\. Set the skill's ID in config\/skill\.yaml/);
  t.same(live().map((statement) => statement.Sid), ['old-guide-smart-home'], 'left for the user, who must choose: the deploy would break their skill');
});

t.test('--dry-run prints the plan and changes nothing; no skill IDs and no policy is not an error', async (t) => {
  const dry = run('deploy-eu', ['--dry-run']);
  t.equal(await dry.code, 0);
  t.match(dry.io.text(), /Dry run: nothing changed\./);
  t.same(live(), []);
  const none = run('deploy-unconfigured', [], { LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await none.code, 0);
  t.match(none.io.text(), /none wanted, none present \(set smart_home_skill_id \/ custom_skill_id in config\/skill\.yaml\)/);
  t.match(none.summary(), /No skill IDs in `config\/skill\.yaml` yet/);
});

t.test('a refused AddPermission names the action and the role to update', async (t) => {
  aws.lambda.fail('AddPermission', {
    code: 'AccessDeniedException',
    status: 403,
    message: 'User: arn:aws:sts::111122223333:assumed-role/ha-alexa-github-deploy/x is not authorized to perform: lambda:AddPermission on resource: arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live because no identity-based policy allows the lambda:AddPermission action',
  });
  const { code, io } = run('deploy-eu', [], { GITHUB_ACTIONS: 'true' });
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^::error title=alexa-permissions::alexa-permissions: access denied: the AWS role may not call lambda:AddPermission on arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa:live\. .*update the stack/);
});

t.test('a missing function is not mistaken for an empty policy; usage and bad options', async (t) => {
  const missing = run('deploy-eu', [], { LAMBDA_FUNCTION_NAME: 'not-there' });
  t.equal(await missing.code, 1);
  t.match(missing.io.lines.at(-1), /lambda:GetPolicy failed: Function not found/);
  const help = run('deploy-eu', ['--help']);
  t.equal(await help.code, 0);
  t.match(help.io.text(), /usage: npm run alexa-permissions/);
  const bad = run('deploy-eu', ['--what']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /Unknown option '--what'; usage: npm run alexa-permissions/);
});

t.test('policies are read whatever shape GetPolicy returns', (t) => {
  t.same(parsePolicy(undefined), []);
  t.same(parsePolicy(JSON.stringify({ Statement: { Sid: 'a', Principal: 'alexa-appkit.amazon.com' } })), [{ statementId: 'a', principal: 'alexa-appkit.amazon.com' }]);
  t.same(parsePolicy(JSON.stringify({})), []);
  t.same(parsePolicy(JSON.stringify({ Statement: [{ Principal: { AWS: 'x' } }] })), [{ statementId: '' }]);
  t.match(planPermissions([{ statementId: 'x' }], []), [{ action: 'other', principal: '?', label: 'unknown principal' }]);
  t.end();
});
