import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { asList, inlineStatements, loadBootstrapTemplate, type PolicyStatement } from '../helpers/cloudformation.js';
import { REPO_ROOT } from '../helpers/config-dir.js';
import { DEFAULT_PARAMETER_PREFIX } from '../../../scripts/aws/parameter-prefix.js';
import { DEFAULT_ALIAS } from '../../../scripts/aws/lambda-target.js';
import { MIN_FUNCTION_TIMEOUT_SECONDS } from '../../../scripts/config/function-config.js';
import { loadFunctionConfig } from '../../../scripts/config/config-files.js';

const template = loadBootstrapTemplate();
const resources = template.Resources;
const resource = (name: string) => {
  const found = resources[name];
  if (!found) throw new Error(`no resource ${name}`);
  return found;
};

t.test('creates the provider, both roles, the function, a version, the live alias and the Alexa permissions', (t) => {
  const types = Object.fromEntries(Object.entries(resources).map(([name, value]) => [name, value.Type]));
  t.same(types, {
    GitHubOidcProvider: 'AWS::IAM::OIDCProvider',
    DeployRole: 'AWS::IAM::Role',
    ExecutionRole: 'AWS::IAM::Role',
    LogGroup: 'AWS::Logs::LogGroup',
    Function: 'AWS::Lambda::Function',
    PlaceholderVersion: 'AWS::Lambda::Version',
    LiveAlias: 'AWS::Lambda::Alias',
    SmartHomeSkillPermission: 'AWS::Lambda::Permission',
    CustomSkillPermission: 'AWS::Lambda::Permission',
  });
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

t.test('the deploy role trusts only this repository\'s production environment, in the immutable sub form', (t) => {
  const trust = inlineTrust();
  t.equal(trust.Effect, 'Allow');
  t.equal(trust.Action, 'sts:AssumeRoleWithWebIdentity');
  t.same(Object.keys(trust.Condition ?? {}), ['StringEquals'], 'exact matches only: no StringLike wildcards');
  const equals = trust.Condition?.StringEquals ?? {};
  t.equal(equals['token.actions.githubusercontent.com:aud'], 'sts.amazonaws.com');
  t.same(equals['token.actions.githubusercontent.com:sub'], {
    'Fn::Sub': 'repo:${GitHubOwner}@${GitHubOwnerId}/${GitHubRepo}@${GitHubRepoId}:environment:${DeployEnvironment}',
  });
  t.equal(template.Parameters.DeployEnvironment?.Default, 'production');
  t.equal(template.Parameters.GitHubOwnerId?.AllowedPattern, '^[0-9]+$');
  t.equal(template.Parameters.GitHubRepoId?.AllowedPattern, '^[0-9]+$');
  for (const workflow of ['deploy.yml', 'discovery-test.yml']) {
    t.match(readFileSync(join(REPO_ROOT, '.github', 'workflows', workflow), 'utf8'), /\n {4}environment: production\n/, `${workflow} runs in the trusted environment`);
  }
  t.end();
});

const allStatements = () => [...inlineStatements(resource('DeployRole')), ...inlineStatements(resource('ExecutionRole'))];

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
  const granted = new Set(statements.flatMap((statement) => asList(statement.Action)));
  const used = new Set<string>();
  for (const file of ['aws', 'deploy'].flatMap((dir) => readdirSync(join(REPO_ROOT, 'scripts', dir)).map((name) => join(dir, name)))) {
    const source = readFileSync(join(REPO_ROOT, 'scripts', file), 'utf8');
    for (const match of source.matchAll(/action: '((?:ssm|lambda):\w+)'/g)) used.add(match[1] as string);
    for (const match of source.matchAll(/call\('((?:ssm|lambda):\w+)'/g)) used.add(match[1] as string);
  }
  t.ok(used.size >= 10, `found the scripts' AWS actions: ${[...used].join(', ')}`);
  for (const action of used) t.ok(granted.has(action), `${action} is granted`);
  const alias = statements.find((statement) => statement.Sid === 'MoveTheLiveAlias');
  t.same(asList(alias?.Resource)[1], { 'Fn::Sub': `\${Function.Arn}:${DEFAULT_ALIAS}` });
  const ssm = statements.find((statement) => asList(statement.Action).includes('ssm:PutParameter'));
  t.same(asList(ssm?.Resource), [
    { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterPrefix}' },
    { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${ParameterPrefix}/*' },
  ]);
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

t.test('the function runs nodejs24.x with at least 8 s and the memory config/function.yaml uses', (t) => {
  const fn = resource('Function').Properties;
  t.equal(fn.Runtime, 'nodejs24.x');
  t.equal(fn.Handler, 'index.handler');
  t.ok((fn.Timeout as number) >= MIN_FUNCTION_TIMEOUT_SECONDS);
  const shipped = loadFunctionConfig(join(REPO_ROOT, 'config'));
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
  t.equal(alias.Name, DEFAULT_ALIAS);
  t.same(alias.FunctionVersion, { 'Fn::GetAtt': ['PlaceholderVersion', 'Version'] });
  t.end();
});

t.test('Alexa may invoke the alias only from the configured skills', (t) => {
  const smartHome = resource('SmartHomeSkillPermission');
  t.equal(smartHome.Condition, 'HasSmartHomeSkill');
  t.same(smartHome.Properties, {
    FunctionName: { Ref: 'LiveAlias' },
    Action: 'lambda:InvokeFunction',
    Principal: 'alexa-connectedhome.amazon.com',
    EventSourceToken: { Ref: 'AlexaSkillId' },
  });
  const custom = resource('CustomSkillPermission');
  t.equal(custom.Condition, 'HasCustomSkill');
  t.same(custom.Properties, {
    FunctionName: { Ref: 'LiveAlias' },
    Action: 'lambda:InvokeFunction',
    Principal: 'alexa-appkit.amazon.com',
    EventSourceToken: { Ref: 'CustomSkillId' },
  });
  const skillId = new RegExp(template.Parameters.AlexaSkillId?.AllowedPattern ?? '');
  t.ok(skillId.test(''));
  t.ok(skillId.test('amzn1.ask.skill.0a1b2c3d-0000-4000-8000-123456789abc'));
  t.notOk(skillId.test('amzn1.ask.skill.bad'));
  t.end();
});

t.test('the outputs are the GitHub variables the workflows read and the Alexa endpoint', (t) => {
  const outputs = template.Outputs;
  const variables = Object.values(outputs)
    .map((output) => /^GitHub variable (\w+)$/.exec(output.Description)?.[1])
    .filter((name): name is string => Boolean(name))
    .sort();
  t.same(variables, ['AWS_REGION', 'AWS_ROLE_ARN', 'LAMBDA_FUNCTION_NAME', 'PARAMETER_PREFIX']);
  const deploy = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'deploy.yml'), 'utf8');
  for (const name of variables) t.match(deploy, `vars.${name}`, `deploy.yml reads vars.${name}`);
  t.same(outputs.AlexaEndpointArn?.Value, { Ref: 'LiveAlias' });
  t.match(outputs.AlexaEndpointArn?.Description, /Default endpoint/);
  t.match(JSON.stringify(outputs.GitHubVariablesCommand?.Value), /gh variable set AWS_ROLE_ARN --repo \$\{GitHubOwner\}\/\$\{GitHubRepo\}/);
  t.end();
});
