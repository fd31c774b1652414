/**
 * A stack created from another region's CloudShell link than `language` needs: the deploy says where
 * the stack is and how to move it, instead of a bare AccessDenied. The deploy role's policy names only
 * its stack's region, so AWS refuses it everywhere else with AccessDeniedException ("… is not
 * authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:<region>:…")
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import t from 'tap';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { stackRegionElsewhere, wrongRegionProblem } from '../../../scripts/deploy/stack-region.js';
import type { AlexaRegion } from '../../../scripts/config/regions.js';

useFakeAwsEnv();
const PREFIX = '/lambda-execution-engine';
const ACCOUNT = '111122223333';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

/** AWS's refusal of the deploy role in `region`, as the SDK throws it. */
function refusal(region: string): Error {
  const error = new Error(
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/lambda-execution-engine-github-deploy/deploy-1 is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:${region}:${ACCOUNT}:parameter${PREFIX} because no identity-based policy allows the ssm:GetParametersByPath action`,
  );
  error.name = 'AccessDeniedException';
  return error;
}

/** Parameter Store per region for a deploy role whose stack is in `stackRegion`; records the regions asked. */
function regionalSsm(stackRegion: string) {
  const asked: string[] = [];
  const ssmFor = (region: AlexaRegion): Pick<SSMClient, 'send'> => ({
    send: async () => {
      asked.push(region);
      if (region !== stackRegion) throw refusal(region);
      return { Parameters: [] };
    },
  });
  return { asked, ssmFor };
}

t.test('the stack is found in the one other Alexa region that lets the role read its prefix', async (t) => {
  const inUsEast = regionalSsm('us-east-1');
  t.equal(await stackRegionElsewhere(PREFIX, 'eu-west-1', inUsEast.ssmFor), 'us-east-1');
  t.notOk(inUsEast.asked.includes('eu-west-1'), 'the refused region is not asked again');
  const nowhere = regionalSsm('ap-south-1');
  t.equal(await stackRegionElsewhere(PREFIX, 'eu-west-1', nowhere.ssmFor), undefined, 'refused everywhere: no stack to point to');
  t.same(nowhere.asked, ['us-east-1', 'us-west-2']);
});

t.test('the problem names both regions, the language, the delete command and where the bootstrap command is', (t) => {
  const problem = wrongRegionProblem('us-east-1', 'eu-west-1', 'de-DE');
  t.match(problem, /^the bootstrap stack is in us-east-1, but Alexa calls a Lambda in eu-west-1 for de-DE \(language in config\/deploy\.yaml\)/);
  t.match(problem, 'aws cloudformation delete-stack --region us-east-1 --stack-name ha-alexa');
  t.match(problem, 'AWS CloudShell in eu-west-1 (https://eu-west-1.console.aws.amazon.com/cloudshell/home?region=eu-west-1)');
  t.match(problem, /the bootstrap command is in the summary of every Deploy run/);
  t.end();
});

t.test('sync-parameters, the deploy\'s first AWS call, says the stack is in the wrong region; otherwise the AccessDenied stays', async (t) => {
  const config = makeConfigDir();
  const sync = (ssmFor: (region: AlexaRegion) => Pick<SSMClient, 'send'>) => {
    const recorder = createRun({ HA_TOKEN: 'stack-region-token-0123456789', AWS_REGION: 'eu-west-1', GITHUB_ACTIONS: 'true' });
    return { recorder, code: runCli('sync-parameters', createMain({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, ssmFor }), ['--config-dir', config], recorder.env, recorder.io) };
  };
  aws.ssm.fail('GetParametersByPath', { code: 'AccessDeniedException', message: refusal('eu-west-1').message, status: 400, times: 1 });
  const moved = sync(regionalSsm('us-east-1').ssmFor);
  t.equal(await moved.code, 1);
  const line = moved.recorder.io.lines.at(-1) ?? '';
  t.match(line, /^::error title=sync-parameters::sync-parameters: the bootstrap stack is in us-east-1, but Alexa calls a Lambda in eu-west-1 for en-GB/);
  t.notMatch(moved.recorder.io.text(), /at .*\.ts:\d+/, 'no stack trace');
  t.equal(aws.ssm.store.size, 0, 'nothing written');

  aws.ssm.fail('GetParametersByPath', { code: 'AccessDeniedException', message: refusal('eu-west-1').message, status: 400, times: 1 });
  const denied = sync(regionalSsm('ap-south-1').ssmFor);
  t.equal(await denied.code, 1);
  t.match(denied.recorder.io.lines.at(-1), /access denied: the AWS role may not call ssm:GetParametersByPath on arn:aws:ssm:eu-west-1:/);
});
