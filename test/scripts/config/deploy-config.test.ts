import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../scripts/shared/errors.js';
import { deployRoleArn, discoveryRoleArn, loadDeployConfig, loadDeployConfigIfPresent } from '../../../scripts/config/deploy-config.js';
import { withDeploySettings } from '../../../scripts/config/deploy-environment.js';
import { loadSkillConfig } from '../../../scripts/config/skill-config.js';
import { skillEnvironment, withSkillEnvironment } from '../../../scripts/config/skill-environment.js';
import { loadFunctionConfig } from '../../../scripts/config/function-config.js';
import { REPO_ROOT } from '../helpers/config-dir.js';

const EU = join(REPO_ROOT, 'test', 'fixtures', 'config', 'deploy-eu');
const UNCONFIGURED = join(REPO_ROOT, 'test', 'fixtures', 'config', 'deploy-unconfigured');

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-deploy-'));
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

function problems(load: () => unknown): string {
  try {
    load();
    return '';
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
}

t.test('deploy.yaml gives the region, account, function and prefix; the role ARNs are derived', (t) => {
  const config = loadDeployConfig(EU);
  t.match(config, { region: 'eu-west-1', accountId: '111122223333', functionName: 'ha-alexa', parameterPrefix: '/ha-alexa' });
  t.match(config.file, /deploy\.yaml$/);
  t.equal(deployRoleArn(config), 'arn:aws:iam::111122223333:role/ha-alexa-github-deploy');
  t.equal(discoveryRoleArn(config), 'arn:aws:iam::111122223333:role/ha-alexa-github-discover');
  t.end();
});

t.test('an empty account_id means the fork is not configured yet; names default', (t) => {
  const config = loadDeployConfig(UNCONFIGURED);
  t.notOk('accountId' in config);
  t.equal(config.functionName, 'lambda-execution-engine');
  t.equal(config.parameterPrefix, '/lambda-execution-engine');
  t.equal(deployRoleArn(config), undefined);
  t.equal(discoveryRoleArn(config), undefined);
  t.end();
});

t.test('an unquoted 12-digit account ID is accepted; one that lost its leading zero is not', (t) => {
  t.equal(loadDeployConfig(dirWith({ 'deploy.yaml': 'region: us-east-1\naccount_id: 123456789012\n' })).accountId, '123456789012');
  t.match(problems(() => loadDeployConfig(dirWith({ 'deploy.yaml': 'region: us-east-1\naccount_id: 012345678901\n' }))), /deploy\.yaml:2 account_id: must be your 12-digit AWS account ID in quotes, e\.g\. "123456789012"/);
  t.end();
});

t.test('deploy.yaml errors name the file, line and key', (t) => {
  const found = problems(() =>
    loadDeployConfig(
      dirWith({
        'deploy.yaml': ['region: eu-central-1', 'account_id: "12345"', 'function_name: "bad name"', 'parameter_prefix: /aws/x', 'role_arn: arn:aws:iam::1:role/x', 'alias: prod'].join('\n'),
      }),
    ),
  );
  for (const pattern of [
    /deploy\.yaml:1 region: must be one of us-east-1, eu-west-1, us-west-2: Alexa calls Lambdas only there/,
    /deploy\.yaml:2 account_id: must be your 12-digit AWS account ID/,
    /deploy\.yaml:3 function_name: must be 1 to 48 letters, digits, - or _/,
    /deploy\.yaml:4 parameter_prefix: must not start with \/aws or \/ssm/,
    /deploy\.yaml:5 role_arn: the deploy role ARN is derived from account_id and function_name/,
    /deploy\.yaml:6 alias: the alias Alexa calls is always live/,
  ]) {
    t.match(found, pattern);
  }
  t.match(loadDeployConfig(dirWith({ 'deploy.yaml': 'account_id: ""\n' })), { language: 'en-US', region: 'us-east-1' }, 'without region or language: en-US, served from us-east-1');
  t.match(loadDeployConfig(dirWith({ 'deploy.yaml': 'language: ja-JP\n' })), { language: 'ja-JP', region: 'us-west-2' }, 'the region follows the language');
  t.match(
    loadDeployConfig(dirWith({ 'deploy.yaml': 'account_id: ""\n', 'skill.yaml': 'assistant_name: Jarvis\nlocales: [de-DE]\n' })),
    { language: 'de-DE', region: 'eu-west-1' },
    'without language, the first of config/skill.yaml locales decides',
  );
  t.match(problems(() => loadDeployConfig(dirWith({ 'deploy.yaml': 'language: de\n' }))), /deploy\.yaml:1 language: must be one of en-US, .* \(several languages: locales in config\/skill\.yaml\)/);
  t.match(problems(() => loadDeployConfig(dirWith({}))), /deploy\.yaml: file not found/);
  t.equal(loadDeployConfigIfPresent(dirWith({})), undefined);
  t.end();
});

t.test('the scripts take the region, function and prefix from deploy.yaml; the environment overrides each', (t) => {
  t.match(withDeploySettings({}, EU), { AWS_REGION: 'eu-west-1', LAMBDA_FUNCTION_NAME: 'ha-alexa', PARAMETER_PREFIX: '/ha-alexa' });
  t.match(withDeploySettings({ AWS_REGION: 'us-east-1', LAMBDA_FUNCTION_NAME: 'mine', PARAMETER_PREFIX: '/mine' }, EU), { AWS_REGION: 'us-east-1', LAMBDA_FUNCTION_NAME: 'mine', PARAMETER_PREFIX: '/mine' });
  t.notOk('AWS_REGION' in withDeploySettings({ AWS_DEFAULT_REGION: 'us-west-2' }, EU), 'AWS_DEFAULT_REGION counts as set');
  const env = { HA_TOKEN: 'x' };
  t.equal(withDeploySettings(env, dirWith({})), env, 'without deploy.yaml the environment alone decides');
  t.end();
});

t.test('skill.yaml skill IDs are optional and checked; ALEXA_LOCALE and ALEXA_SKILL_ID follow the skill', (t) => {
  const skill = loadSkillConfig(EU);
  t.equal(skill.smartHomeSkillId, 'amzn1.ask.skill.0a1b2c3d-0000-4000-8000-123456789abc');
  t.equal(skill.customSkillId, 'amzn1.ask.skill.9f8e7d6c-1111-4222-8333-cba987654321');
  t.same(skillEnvironment(skill), { ALEXA_LOCALE: 'en-GB', ALEXA_SKILL_ID: 'amzn1.ask.skill.9f8e7d6c-1111-4222-8333-cba987654321' });
  t.same(skillEnvironment(loadSkillConfig(UNCONFIGURED)), { ALEXA_LOCALE: 'en-GB' }, 'no Custom skill yet: no ALEXA_SKILL_ID');
  t.match(withSkillEnvironment(loadFunctionConfig(EU), skill).environment, { HA_TOKEN_SOURCE: 'auto', ALEXA_LOCALE: 'en-GB' });
  const bad = problems(() =>
    loadSkillConfig(dirWith({ 'skill.yaml': 'assistant_name: Jarvis\nsmart_home_skill_id: amzn1.ask.skill.bad\ncustom_skill_id: 42\nskill_id: x\n' })),
  );
  t.match(bad, /skill\.yaml:2 smart_home_skill_id: must be the Smart Home skill's ID as the Alexa developer console shows it: amzn1\.ask\.skill\.<uuid>/);
  t.match(bad, /skill\.yaml:3 custom_skill_id: must be the Custom skill's ID/);
  t.match(bad, /skill\.yaml:4 skill_id: use smart_home_skill_id and\/or custom_skill_id/);
  t.same(problems(() => loadSkillConfig(dirWith({ 'skill.yaml': 'assistant_name: Jarvis\nsmart_home_skill_id:\ncustom_skill_id: ""\n' }))), '', 'empty IDs are allowed');
  t.match(problems(() => loadSkillConfig(dirWith({ 'skill.yaml': 'assistant_name: Jarvis\nlocales: [nl-NL, ar-SA]\n' }))), '', 'nl-NL and ar-SA are skill locales');
  t.end();
});
