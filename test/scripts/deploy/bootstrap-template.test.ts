import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { asList, inlineStatements, loadBootstrapTemplate, type PolicyStatement } from '../helpers/cloudformation.js';
import { FIXTURE_CONFIG, REPO_ROOT } from '../helpers/config-dir.js';
import { DEFAULT_PARAMETER_PREFIX } from '../../../scripts/aws/parameter-prefix.js';
import { DIAGNOSTICS_ALIAS, LIVE_ALIAS } from '../../../scripts/aws/lambda-target.js';
import { loadFunctionConfig, MIN_FUNCTION_TIMEOUT_SECONDS } from '../../../scripts/config/function-config.js';
import { DEFAULT_FUNCTION_NAME, DEPLOY_ROLE_SUFFIX, DISCOVERY_ROLE_SUFFIX } from '../../../scripts/config/deploy-config.js';
import { ALEXA_REGIONS, regionForLocale, SUPPORTED_LOCALES } from '../../../scripts/config/regions.js';
import { ALEXA_PRINCIPALS } from '../../../scripts/deploy/alexa-permission-plan.js';

const template = loadBootstrapTemplate();
const resources = template.Resources;
const resource = (name: string) => {
  const found = resources[name];
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};

t.test('creates the provider, the three roles, the function, a version and the live alias; no skill permissions', (t) => {
  // The AlexaEvents=on resources are checked in bootstrap-events.test.ts.
  const types = Object.fromEntries(Object.entries(resources).filter(([, value]) => value.Condition !== 'EventsOn').map(([name, value]) => [name, value.Type]));
  t.same(types, {
    GitHubOidcProvider: 'AWS::IAM::OIDCProvider',
    DeployRole: 'AWS::IAM::Role',
    DiscoveryRole: 'AWS::IAM::Role',
    ExecutionRole: 'AWS::IAM::Role',
    LogGroup: 'AWS::Logs::LogGroup',
    Function: 'AWS::Lambda::Function',
    PlaceholderVersion: 'AWS::Lambda::Version',
    LiveAlias: 'AWS::Lambda::Alias',
    AlarmTopic: 'AWS::SNS::Topic',
    FunctionErrorsAlarm: 'AWS::CloudWatch::Alarm',
    FunctionThrottlesAlarm: 'AWS::CloudWatch::Alarm',
    FunctionDurationAlarm: 'AWS::CloudWatch::Alarm',
    HomeAssistantErrorsAlarm: 'AWS::CloudWatch::Alarm',
    HomeAssistantLatencyAlarm: 'AWS::CloudWatch::Alarm',
  });
  for (const [name, resource] of Object.entries(resources)) {
    if (name === 'AlarmTopic' || name.endsWith('Alarm')) t.equal(resource.Condition, 'HasAlarmEmail', `${name} exists only with an AlarmEmail`);
  }
  t.equal(template.Parameters.AlarmEmail?.Default, '', 'no alarms unless asked for');
  for (const gone of ['DeployEnvironment', 'AlexaSkillId', 'CustomSkillId']) t.notOk(gone in template.Parameters, `no ${gone} parameter: skill IDs live in config/skill.yaml, the environment is production`);
  t.end();
});

t.test('the role names are the ones config/deploy.yaml derives the ARNs from', (t) => {
  t.same(resource('DeployRole').Properties.RoleName, { 'Fn::Sub': `\${FunctionName}${DEPLOY_ROLE_SUFFIX}` });
  t.same(resource('DiscoveryRole').Properties.RoleName, { 'Fn::Sub': `\${FunctionName}${DISCOVERY_ROLE_SUFFIX}` });
  t.equal(template.Parameters.FunctionName?.Default, DEFAULT_FUNCTION_NAME);
  const longest = new RegExp(template.Parameters.FunctionName?.AllowedPattern ?? '');
  t.ok(longest.test('f'.repeat(48)) && !longest.test('f'.repeat(49)), 'function names up to 48 characters');
  t.ok(48 + Math.max(DEPLOY_ROLE_SUFFIX.length, DISCOVERY_ROLE_SUFFIX.length) <= 64, 'role names fit IAM\'s 64 characters');
  t.end();
});

/** Evaluates the template's Rules for a region, as CloudFormation does before creating anything. */
function rulesAllow(region: string): boolean {
  const value = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(value);
    if (node && typeof node === 'object') {
      const [key, argument] = Object.entries(node)[0] as [string, unknown];
      const args = Array.isArray(argument) ? argument.map(value) : value(argument);
      if (key === 'Ref') return argument === 'AWS::Region' ? region : undefined;
      const [a, b] = args as [unknown, unknown];
      if (key === 'Fn::Equals') return a === b;
      if (key === 'Fn::Contains') return (a as unknown[]).includes(b);
      throw new Error(`rule function ${key} is not evaluated by this test`);
    }
    return node;
  };
  return Object.values(template.Rules).every((rule) => (rule.RuleCondition !== undefined && value(rule.RuleCondition) !== true) || rule.Assertions.every((assertion) => value(assertion.Assert) === true));
}

t.test('the stack fails outside Alexa\'s three regions, and needs no language: the same command works in each', (t) => {
  for (const region of Object.keys(ALEXA_REGIONS)) t.ok(rulesAllow(region), `${region} (${SUPPORTED_LOCALES.filter((locale) => regionForLocale(locale) === region).join(', ')})`);
  t.notOk(rulesAllow('eu-central-1'), 'eu-central-1 is refused before anything is created');
  t.notOk('Locales' in template.Parameters, 'no parameter depends on the language, so the command needs no edit');
  for (const rule of Object.values(template.Rules)) for (const assertion of rule.Assertions) t.match(assertion.AssertDescription, /us-east-1.*eu-west-1.*us-west-2.*link for your language/);
  t.end();
});

t.test('the OIDC provider is GitHub\'s, and can be reused instead of created', (t) => {
  const provider = resource('GitHubOidcProvider');
  t.equal(provider.Condition, 'CreateOidcProvider');
  t.equal(provider.Properties.Url, 'https://token.actions.githubusercontent.com');
  t.same(provider.Properties.ClientIdList, ['sts.amazonaws.com']);
  t.same(template.Parameters.CreateOidcProvider?.AllowedValues, ['true', 'false']);
  const principal = (inlineTrust().Principal as { Federated: { 'Fn::If': unknown[] } }).Federated['Fn::If'];
  t.same(principal[0], 'CreateOidcProvider');
  t.same(principal[1], { Ref: 'GitHubOidcProvider' });
  t.match(principal[2], { 'Fn::Sub': /oidc-provider\/token\.actions\.githubusercontent\.com$/ });
  t.end();
});

function inlineTrust(): PolicyStatement {
  const document = resource('DeployRole').Properties.AssumeRolePolicyDocument as { Statement: PolicyStatement[] };
  if (document.Statement.length !== 1) throw new Error('the deploy role must have a single trust statement');
  return document.Statement[0] as PolicyStatement;
}

t.test('the deploy role trusts only this repository\'s production environment, in the immutable sub form (names and IDs)', (t) => {
  const trust = inlineTrust();
  t.equal(trust.Effect, 'Allow');
  t.equal(trust.Action, 'sts:AssumeRoleWithWebIdentity');
  t.same(Object.keys(trust.Condition ?? {}), ['StringEquals'], 'exact matches only: no StringLike wildcards');
  const equals = trust.Condition?.StringEquals ?? {};
  t.equal(equals['token.actions.githubusercontent.com:aud'], 'sts.amazonaws.com');
  t.same(equals['token.actions.githubusercontent.com:sub'], {
    'Fn::Sub': 'repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:environment:production',
  });
  t.equal(template.Parameters.GitHubOwnerId?.AllowedPattern, '^[0-9]+$');
  t.equal(template.Parameters.GitHubRepoId?.AllowedPattern, '^[0-9]+$');
  t.match(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'deploy.yml'), 'utf8'), /\n {4}environment: production\n/, 'deploy.yml runs in the trusted environment');
  t.end();
});

t.test('the discovery role trusts only the main branch and the production environment, and may invoke only the diagnostics alias', (t) => {
  const role = resource('DiscoveryRole');
  const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: PolicyStatement[] }).Statement;
  t.equal(trust.length, 1);
  t.same(trust[0]?.Condition, {
    StringEquals: {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': [
        { 'Fn::Sub': 'repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:ref:refs/heads/main' },
        { 'Fn::Sub': 'repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:environment:production' },
      ],
    },
  }, 'exact subjects: a pushed branch cannot mint it');
  t.notMatch(JSON.stringify(trust), /refs\/heads\/\*|StringLike/);
  const statements = inlineStatements(role);
  const actions = statements.flatMap((statement) => asList(statement.Action)).sort();
  t.same(actions, ['lambda:GetAlias', 'lambda:GetFunction', 'lambda:InvokeFunction']);
  const invoke = statements.filter((statement) => asList(statement.Action).includes('lambda:InvokeFunction'));
  t.same(invoke.flatMap((statement) => asList(statement.Resource)), [{ 'Fn::Sub': `\${Function.Arn}:${DIAGNOSTICS_ALIAS}` }], 'not live, not a version, not the function');
  t.end();
});

t.test('the deploy role may create and move the diagnostics alias, and no other alias but live', (t) => {
  const statements = inlineStatements(resource('DeployRole'));
  const follow = statements.find((statement) => statement.Sid === 'FollowLiveWithTheDiagnosticsAlias');
  t.same(asList(follow?.Action).sort(), ['lambda:CreateAlias', 'lambda:GetAlias', 'lambda:UpdateAlias']);
  t.same(asList(follow?.Resource), [{ 'Fn::GetAtt': ['Function', 'Arn'] }, { 'Fn::Sub': `\${Function.Arn}:${DIAGNOSTICS_ALIAS}` }]);
  const creating = statements.filter((statement) => asList(statement.Action).includes('lambda:CreateAlias'));
  t.equal(creating.length, 1, 'CreateAlias only there');
  t.end();
});

const allStatements = () => [...inlineStatements(resource('DeployRole')), ...inlineStatements(resource('DiscoveryRole')), ...inlineStatements(resource('ExecutionRole'))];

t.test('no policy uses * actions or * resources', (t) => {
  for (const statement of allStatements()) {
    t.equal(statement.Effect, 'Allow');
    for (const action of asList(statement.Action)) t.notMatch(action, /\*/, `${statement.Sid ?? ''}: action ${action} is scoped`);
    for (const target of asList(statement.Resource)) {
      t.not(target, '*', `${statement.Sid ?? ''}: resource is not *`);
      const text = JSON.stringify(target);
      t.match(text, /Function|ParameterPrefix|FunctionName|LiveAlias/, `${statement.Sid ?? ''}: resource names this stack's function, log group or prefix`);
    }
  }
  t.notOk(resource('ExecutionRole').Properties.ManagedPolicyArns, 'no broad managed policies (AWSLambdaBasicExecutionRole, AmazonSSMReadOnlyAccess)');
  t.notOk(resource('DeployRole').Properties.ManagedPolicyArns);
  t.end();
});

t.test('the deploy policy grants exactly what the scripts call, on this function, its alias and the prefix', (t) => {
  const statements = inlineStatements(resource('DeployRole'));
  // The events sheet's lambda:GetFunctionUrlConfig comes with AlexaEvents=on, from a policy attached to the role.
  const attached = Object.values(resources)
    .filter((entry) => entry.Type === 'AWS::IAM::Policy' && JSON.stringify(entry.Properties.Roles).includes('"DeployRole"'))
    .flatMap((entry) => (entry.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
  const granted = new Set([...statements, ...attached].flatMap((statement) => asList(statement.Action)));
  const used = new Set<string>();
  for (const folder of ['aws', 'deploy']) {
    for (const file of readdirSync(join(REPO_ROOT, 'scripts', folder))) {
      const source = readFileSync(join(REPO_ROOT, 'scripts', folder, file), 'utf8');
      for (const match of source.matchAll(/action: '((?:ssm|lambda):\w+)'/g)) used.add(match[1] as string);
      for (const match of source.matchAll(/call\('((?:ssm|lambda):\w+)'/g)) used.add(match[1] as string);
    }
  }
  t.ok(used.size >= 13, `found the scripts' AWS actions: ${[...used].join(', ')}`);
  for (const action of used) t.ok(granted.has(action), `${action} is granted`);
  const alias = statements.find((statement) => statement.Sid === 'MoveTheLiveAlias');
  t.same(asList(alias?.Resource)[1], { 'Fn::Sub': `\${Function.Arn}:${LIVE_ALIAS}` });
  const ssm = statements.find((statement) => asList(statement.Action).includes('ssm:PutParameter'));
  t.same(asList(ssm?.Resource), [
    { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterPrefix}' },
    { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterPrefix}/*' },
  ]);
  // The Skills workflow's refresh token: exactly PutParameter and GetParameter, on that one parameter.
  const refreshToken = statements.find((statement) => statement.Sid === 'SkillsRefreshToken');
  t.same(asList(refreshToken?.Action), ['ssm:PutParameter', 'ssm:GetParameter']);
  t.same(asList(refreshToken?.Resource), [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterPrefix}/skills/lwa_refresh_token' }]);
  t.notOk(granted.has('ssm:DescribeParameters'), 'DescribeParameters would need Resource *');
  t.notOk(granted.has('iam:PassRole'), 'the deploy role cannot change the execution role');
  t.end();
});

t.test('the execution role only writes its own logs and reads parameters under the prefix', (t) => {
  const statements = inlineStatements(resource('ExecutionRole'));
  const actions = statements.flatMap((statement) => asList(statement.Action)).sort();
  t.same(actions, ['logs:CreateLogStream', 'logs:PutLogEvents', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
  t.match(JSON.stringify(statements[0]?.Resource), /log-group:\/aws\/lambda\/\$\{FunctionName\}:\*/);
  const trust = resource('ExecutionRole').Properties.AssumeRolePolicyDocument as { Statement: PolicyStatement[] };
  t.same(trust.Statement[0]?.Principal, { Service: 'lambda.amazonaws.com' });
  t.end();
});

t.test('the function runs nodejs24.x with at least 8 s and the memory the template\'s config/function.yaml uses', (t) => {
  const fn = resource('Function').Properties;
  t.equal(fn.Runtime, 'nodejs24.x');
  t.equal(fn.Handler, 'index.handler');
  t.ok((fn.Timeout as number) >= MIN_FUNCTION_TIMEOUT_SECONDS);
  // The template's function.yaml (the fixture): a fork that edits its own changes the function on deploy, not here.
  const shipped = loadFunctionConfig(FIXTURE_CONFIG);
  t.equal(fn.MemorySize, shipped.memoryMb);
  t.equal(fn.Timeout, shipped.timeoutSeconds);
  t.same(fn.Architectures, [shipped.architecture]);
  t.same(fn.Environment, { Variables: { USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: { Ref: 'ParameterPrefix' } } });
  t.equal(template.Parameters.ParameterPrefix?.Default, DEFAULT_PARAMETER_PREFIX);
  t.end();
});

t.test('the placeholder code is an async handler that fails the health check', async (t) => {
  const code = (resource('Function').Properties.Code as { ZipFile: string }).ZipFile;
  const exports: { handler?: (event: unknown) => Promise<unknown> } = {};
  runInNewContext(code, { exports });
  t.match(await exports.handler?.({ diagnostics: 'health' }), { diagnostics: 'health', ok: false, problems: [/Deploy workflow/] });
  t.match(await exports.handler?.({ directive: {} }), { placeholder: true });
});

t.test('the live alias starts on the placeholder version', (t) => {
  const alias = resource('LiveAlias').Properties;
  t.equal(alias.Name, LIVE_ALIAS);
  t.same(alias.FunctionVersion, { 'Fn::GetAtt': ['PlaceholderVersion', 'Version'] });
  t.end();
});

t.test('the deploy may manage invoke permissions on the alias for the two Alexa principals only', (t) => {
  const statements = inlineStatements(resource('DeployRole'));
  const manage = statements.find((statement) => asList(statement.Action).includes('lambda:AddPermission'));
  t.same(asList(manage?.Action).sort(), ['lambda:AddPermission', 'lambda:RemovePermission']);
  t.same(manage?.Resource, { 'Fn::Sub': `\${Function.Arn}:${LIVE_ALIAS}` }, 'on the alias, not the function or other versions');
  t.same(manage?.Condition, { StringEquals: { 'lambda:Principal': [ALEXA_PRINCIPALS.smartHome, ALEXA_PRINCIPALS.custom] } });
  const read = statements.find((statement) => asList(statement.Action).includes('lambda:GetPolicy'));
  t.same(read?.Resource, { 'Fn::Sub': `\${Function.Arn}:${LIVE_ALIAS}` });
  t.end();
});

t.test('the outputs are what config/deploy.yaml and the Alexa console need, no GitHub variables', (t) => {
  const outputs = template.Outputs;
  // EventsUrl (AlexaEvents=on) is checked in bootstrap-events.test.ts.
  t.same(Object.keys(outputs).filter((name) => name !== 'EventsUrl').sort(), ['AccountId', 'AlarmEmail' in template.Parameters ? 'Alarms' : '', 'AlexaEndpointArn', 'DeployRoleArn', 'DiscoveryRoleArn'].filter(Boolean));
  t.same(outputs.AccountId?.Value, { Ref: 'AWS::AccountId' });
  t.match(outputs.AccountId?.Description, /account_id in config\/deploy\.yaml/);
  t.same(outputs.AlexaEndpointArn?.Value, { Ref: 'LiveAlias' });
  t.match(outputs.AlexaEndpointArn?.Description, /Default endpoint/);
  t.notMatch(JSON.stringify(outputs), /GitHub variable|gh variable/);
  t.end();
});
