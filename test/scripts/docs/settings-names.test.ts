import t from 'tap';
import { SETTINGS, DEFAULT_PARAMETER_PREFIX as LAMBDA_DEFAULT_PREFIX } from '../../../src/config/schema.js';
import { DEPLOY_OWNED_ENV, ENVIRONMENT_SETTINGS, PARAMETER_BACKED_ENV } from '../../../scripts/config/lambda-settings.js';
import { PARAMETER_NAMES } from '../../../scripts/deploy/desired-parameters.js';
import { DEFAULT_PARAMETER_PREFIX } from '../../../scripts/aws/parameter-prefix.js';

// The scripts write the names the Lambda reads; this keeps the two lists from drifting apart.

t.test('every Parameter Store name the scripts write is one the Lambda reads', (t) => {
  const lambdaNames = new Map(SETTINGS.filter((setting) => setting.ssm).map((setting) => [setting.env, setting.ssm?.replace(/^\//, '')]));
  t.same(Object.fromEntries(lambdaNames), PARAMETER_BACKED_ENV);
  for (const name of Object.values(PARAMETER_NAMES)) t.ok([...lambdaNames.values()].includes(name), name);
  t.equal(DEFAULT_PARAMETER_PREFIX, LAMBDA_DEFAULT_PREFIX);
  t.end();
});

t.test('every env-only setting of the Lambda can be set in config/function.yaml or is set by deploy-lambda', (t) => {
  for (const setting of SETTINGS.filter((entry) => !entry.ssm)) {
    t.ok(setting.env in ENVIRONMENT_SETTINGS || (DEPLOY_OWNED_ENV as readonly string[]).includes(setting.env), setting.env);
  }
  const known = new Set(SETTINGS.map((setting) => setting.env));
  const extra = Object.keys(ENVIRONMENT_SETTINGS).filter((name) => !known.has(name));
  t.same(extra, ['NODE_OPTIONS'], 'only Node itself is allowed beyond the Lambda settings');
  t.end();
});

t.test('the checks accept the Lambda defaults and enum values', (t) => {
  for (const setting of SETTINGS) {
    const check = ENVIRONMENT_SETTINGS[setting.env];
    if (!check) continue;
    for (const value of [...(setting.values ?? []), ...(setting.default ? [setting.default] : [])]) {
      t.equal(check(value), undefined, `${setting.env}=${value}`);
    }
  }
  t.end();
});
