/**
 * The bootstrap command as a user pastes it into AWS CloudShell: the one line from the setup
 * summary, run by bash with the machine's own base64 and gunzip and a fake `aws` (the AWS CLI's
 * documented answers, test/fixtures/fake-aws-cli.ts). It must need no edit in any Alexa region,
 * recover from a failed first attempt by itself, detect the OIDC provider, and end with the line
 * to paste.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/config-dir.js';
import { createFakeAwsCli, FAKE_ACCOUNT_ID, type FakeAwsCli } from '../../fixtures/fake-aws-cli.js';
import { bootstrapCommand, bootstrapScript, SCRIPT_FILE, TEMPLATE_FILE } from '../../../scripts/deploy/bootstrap-script.js';

const TEMPLATE = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'bootstrap.yaml'), 'utf8');
const INPUT = {
  repository: { owner: 'octo-user', ownerId: '1234567', name: 'my-ha-alexa', id: '987654321' },
  deploy: { functionName: 'lambda-execution-engine', parameterPrefix: '/lambda-execution-engine' },
  template: TEMPLATE,
};
const COMMAND = bootstrapCommand(INPUT);
const PASTE_LINE = `account_id: "${FAKE_ACCOUNT_ID}"`;

/** Pastes the command into a CloudShell open in `region`. */
function paste(cloudShell: FakeAwsCli, region: string) {
  const result = spawnSync('bash', ['-c', COMMAND], { cwd: cloudShell.home, env: { PATH: cloudShell.path, HOME: cloudShell.home, AWS_REGION: region, FAKE_AWS_STATE: cloudShell.state }, encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr, all: `${result.stdout}${result.stderr}` };
}

const deploys = (cloudShell: FakeAwsCli) => cloudShell.calls().filter((call) => call.startsWith('cloudformation deploy '));

t.test('the command is one line that names no region, and carries the template byte for byte', (t) => {
  t.notMatch(COMMAND, /\n/);
  t.notMatch(COMMAND, /us-east-1|eu-west-1|us-west-2|--region/, 'nothing to edit per region');
  const cloudShell = createFakeAwsCli();
  const run = paste(cloudShell, 'eu-west-1');
  t.equal(run.status, 0, run.all);
  t.equal(readFileSync(join(cloudShell.home, TEMPLATE_FILE), 'utf8'), TEMPLATE);
  t.equal(readFileSync(join(cloudShell.home, SCRIPT_FILE), 'utf8'), bootstrapScript(INPUT), 'the script can be read before it runs again');
  t.end();
});

for (const region of ['us-east-1', 'eu-west-1', 'us-west-2']) {
  t.test(`in a new account, CloudShell in ${region}: the stack is created there with the OIDC provider, and the last line is the one to paste`, (t) => {
    const cloudShell = createFakeAwsCli();
    const run = paste(cloudShell, region);
    t.equal(run.status, 0, run.all);
    const [deploy] = deploys(cloudShell);
    t.match(deploy, `--region ${region} --stack-name ha-alexa --template-file ${TEMPLATE_FILE} --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset`);
    t.match(deploy, '--parameter-overrides GitHubOwner=octo-user GitHubOwnerId=1234567 GitHubRepo=my-ha-alexa GitHubRepoId=987654321 FunctionName=lambda-execution-engine ParameterPrefix=/lambda-execution-engine CreateOidcProvider=true');
    t.ok(cloudShell.calls().every((call) => !call.startsWith('cloudformation') || call.includes(`--region ${region}`)), 'every stack call in CloudShell\'s region');
    t.equal(run.out.trim().split('\n').filter(Boolean).at(-2), PASTE_LINE);
    t.end();
  });
}

t.test('an account that already has GitHub\'s OIDC provider: reused, nothing to type', (t) => {
  const cloudShell = createFakeAwsCli();
  cloudShell.withProvider();
  const run = paste(cloudShell, 'eu-west-1');
  t.equal(run.status, 0, run.all);
  t.match(deploys(cloudShell)[0], / CreateOidcProvider=false$/);
  t.match(run.out, /already has GitHub's OIDC provider: the stack reuses it/);
  t.match(run.out, PASTE_LINE);
  t.end();
});

t.test('running it twice is safe: the second run updates in place and keeps the provider the stack created', (t) => {
  const cloudShell = createFakeAwsCli();
  t.equal(paste(cloudShell, 'us-east-1').status, 0);
  const again = paste(cloudShell, 'us-east-1');
  t.equal(again.status, 0, again.all);
  const [first, second] = deploys(cloudShell);
  t.match(first, / CreateOidcProvider=true$/);
  t.match(second, / CreateOidcProvider=true$/, 'not flipped to false by the provider the stack itself created (that would delete it)');
  t.notOk(cloudShell.calls().some((call) => call.startsWith('cloudformation delete-stack')), 'a healthy stack is never deleted');
  t.match(again.out, PASTE_LINE);
  t.end();
});

t.test('a stack left in ROLLBACK_COMPLETE by a failed first attempt: why it failed, deleted, created again', (t) => {
  const cloudShell = createFakeAwsCli();
  cloudShell.withStack(
    'ROLLBACK_COMPLETE',
    [
      'LogGroup\tCREATE_FAILED\tResource handler returned message: "Resource of type \'AWS::Logs::LogGroup\' with identifier \'/aws/lambda/lambda-execution-engine\' already exists."',
      'DeployRole\tCREATE_FAILED\tResource creation cancelled',
      'ha-alexa\tROLLBACK_IN_PROGRESS\tThe following resource(s) failed to create: [LogGroup, DeployRole].',
    ].join('\n'),
  );
  const run = paste(cloudShell, 'eu-west-1');
  t.equal(run.status, 0, run.all);
  t.match(run.out, /An earlier attempt left the stack in ROLLBACK_COMPLETE, which cannot be updated\. It failed because:\n {2}- LogGroup \(CREATE_FAILED\): .*already exists/);
  t.notMatch(run.out, /Resource creation cancelled/, 'the cancellations it caused are left out');
  const calls = cloudShell.calls();
  const deleted = calls.findIndex((call) => call.startsWith('cloudformation delete-stack --region eu-west-1 --stack-name ha-alexa'));
  const waited = calls.findIndex((call) => call.startsWith('cloudformation wait stack-delete-complete --region eu-west-1 --stack-name ha-alexa'));
  const deployed = calls.findIndex((call) => call.startsWith('cloudformation deploy '));
  t.ok(deleted >= 0 && deleted < waited && waited < deployed, 'deleted and waited for before creating again');
  t.match(run.out, PASTE_LINE);
  t.end();
});

t.test('a failed creation prints the failed events as one list, says to paste it again, and then recovers', (t) => {
  const cloudShell = createFakeAwsCli();
  cloudShell.failNextDeploy(
    [
      'Function\tCREATE_FAILED\tResource handler returned message: "Lambda was unable to configure access to your environment variables because the KMS key is invalid for CreateGrant."',
      'ExecutionRole\tCREATE_FAILED\tResource creation cancelled',
    ].join('\n'),
  );
  const failed = paste(cloudShell, 'us-west-2');
  t.equal(failed.status, 1);
  t.match(failed.out, /The stack ha-alexa failed in us-west-2\. What CloudFormation says:\n {2}- Function \(CREATE_FAILED\): Resource handler returned message: "Lambda was unable/);
  t.notMatch(failed.all, /account_id:/, 'no line to paste after a failure');
  t.match(failed.err, /fix the cause, then paste the same command again: it cleans up a failed first attempt by itself/);
  t.notMatch(failed.all, /^\s+at |Traceback/m, 'no stack trace');

  cloudShell.failNextDeploy('');
  spawnSync('rm', [join(cloudShell.state, 'deploy-fails')]);
  const retry = paste(cloudShell, 'us-west-2');
  t.equal(retry.status, 0, retry.all);
  t.match(retry.out, /left the stack in ROLLBACK_COMPLETE/);
  t.match(retry.out, PASTE_LINE);
  t.end();
});

t.test('CloudShell in a region Alexa never calls: refused before anything is created, with where to go', (t) => {
  const cloudShell = createFakeAwsCli();
  const run = paste(cloudShell, 'eu-central-1');
  t.equal(run.status, 1);
  t.match(run.err, /CloudShell is in eu-central-1, but Alexa calls Lambdas only in us-east-1 \(North America\), eu-west-1 \(Europe and India\), us-west-2 \(Far East\)\. Open CloudShell from the link for your language/);
  t.same(cloudShell.calls(), [], 'no AWS call');
  t.end();
});

t.test('a stack busy with another operation is left alone', (t) => {
  const cloudShell = createFakeAwsCli();
  cloudShell.withStack('UPDATE_IN_PROGRESS');
  const run = paste(cloudShell, 'us-east-1');
  t.equal(run.status, 1);
  t.match(run.err, /the stack ha-alexa is busy \(UPDATE_IN_PROGRESS\): wait until/);
  t.same(deploys(cloudShell), []);
  t.end();
});
