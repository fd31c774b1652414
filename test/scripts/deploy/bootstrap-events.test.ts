/**
 * config/aws/bootstrap.yaml with AlexaEvents=on and off: the Function URL Home Assistant pokes, its two
 * public-access statements (never a bare InvokeFunction to "*"), the execution role's right to its one
 * grant parameter, and nothing else changed when events are off (the default, so existing stacks keep
 * exactly what they have). cfn-lint checks the template itself (npm run lint:workflows).
 */
import t from 'tap';
import { isDeepStrictEqual } from 'node:util';
import { asList, loadBootstrapTemplate, renderTemplate, type PolicyStatement } from '../helpers/cloudformation.js';
import { RUNTIME_PARAMETER_NAMES } from '../../../scripts/deploy/desired-parameters.js';
import { parsePolicy, planPermissions } from '../../../scripts/deploy/alexa-permission-plan.js';

const template = loadBootstrapTemplate();
const off = renderTemplate(template);
const on = renderTemplate(template, { AlexaEvents: 'on' });
const EVENTS_RESOURCES = ['EventsGrantPolicy', 'EventsUrl', 'EventsUrlInvoke', 'EventsUrlPublicAccess', 'EventsUrlReadPolicy'];
const onOnly = Object.keys(on.Resources).filter((name) => !(name in off.Resources)).sort();
const statements = (name: string): PolicyStatement[] =>
  (on.Resources[name]?.Properties.PolicyDocument as { Statement: PolicyStatement[] } | undefined)?.Statement ?? [];

t.test('AlexaEvents is off unless asked for, and off adds nothing and changes nothing', (t) => {
  t.equal(template.Parameters.AlexaEvents?.Default, 'off');
  t.same(template.Parameters.AlexaEvents?.AllowedValues, ['off', 'on']);
  t.same(onOnly, EVENTS_RESOURCES, 'on adds exactly the events resources');
  const common = Object.fromEntries(Object.entries(on.Resources).filter(([name]) => name in off.Resources));
  t.ok(isDeepStrictEqual(common, off.Resources), 'every other resource is the same with events on or off');
  t.notOk('EventsUrl' in off.Outputs, 'no URL output when off');
  t.notMatch(JSON.stringify(off), /Events(Url|Grant|On)|InvokeFunctionUrl|alexa\/events/, 'nothing of the events part when off');
  // The same holds next to the other optional parts (alarms, a reused OIDC provider).
  const options = { AlarmEmail: 'owner@example.org', CreateOidcProvider: 'false' };
  const offWith = renderTemplate(template, options);
  const onWith = renderTemplate(template, { ...options, AlexaEvents: 'on' });
  t.same(Object.keys(onWith.Resources).filter((name) => !(name in offWith.Resources)).sort(), EVENTS_RESOURCES);
  t.end();
});

t.test('the Function URL is on the live alias, with AuthType NONE and no CORS, and is an output', (t) => {
  const url = on.Resources.EventsUrl;
  t.equal(url?.Type, 'AWS::Lambda::Url');
  t.same(url?.Properties, { TargetFunctionArn: { 'Fn::GetAtt': ['Function', 'Arn'] }, Qualifier: 'live', AuthType: 'NONE' });
  t.same(on.Outputs.EventsUrl?.Value, { 'Fn::GetAtt': ['EventsUrl', 'FunctionUrl'] });
  t.end();
});

t.test('public access goes through the URL only: no InvokeFunction to "*" without InvokedViaFunctionUrl', (t) => {
  const permissions = Object.entries(on.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Permission');
  t.same(permissions.map(([name]) => name).sort(), ['EventsUrlInvoke', 'EventsUrlPublicAccess']);
  for (const [name, { Properties: p }] of permissions) {
    t.same(p.FunctionName, { Ref: 'LiveAlias' }, `${name} is on the live alias`);
    t.equal(p.Principal, '*');
    if (p.Action === 'lambda:InvokeFunctionUrl') t.equal(p.FunctionUrlAuthType, 'NONE', `${name}: only for the NONE URL`);
    else {
      t.equal(p.Action, 'lambda:InvokeFunction', `${name}: no other action`);
      t.equal(p.InvokedViaFunctionUrl, true, `${name}: only through the function URL`);
    }
  }
  t.end();
});

t.test('the function may write, read and delete exactly its grant parameter; the roles may read the URL of live', (t) => {
  t.same(on.Resources.EventsGrantPolicy?.Properties.RoleName, { Ref: 'ExecutionRole' });
  const grant = statements('EventsGrantPolicy');
  t.same(grant.flatMap((statement) => asList(statement.Action)).sort(), ['ssm:DeleteParameter', 'ssm:GetParameter', 'ssm:PutParameter']);
  t.same(grant.flatMap((statement) => asList(statement.Resource)), [
    { 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter\${ParameterPrefix}/${RUNTIME_PARAMETER_NAMES.eventsGrant}` },
  ]);
  t.same(on.Resources.EventsUrlReadPolicy?.Properties.Roles, [{ Ref: 'DeployRole' }, { Ref: 'DiscoveryRole' }]);
  const read = statements('EventsUrlReadPolicy');
  t.same(read.flatMap((statement) => asList(statement.Action)), ['lambda:GetFunctionUrlConfig']);
  t.same(read.flatMap((statement) => asList(statement.Resource)), [{ 'Fn::Sub': '${Function.Arn}:live' }]);
  t.end();
});

t.test('npm run alexa-permissions leaves the URL statements alone (listed as other, never removed)', (t) => {
  // GetPolicy's shape for the two statements CloudFormation adds (Sids are generated from the stack).
  // https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ha-alexa-EventsUrlPublicAccess-1A2B3C', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunctionUrl', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f:live', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } },
      { Sid: 'ha-alexa-EventsUrlInvoke-4D5E6F', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:f:live', Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } } },
    ],
  });
  const plan = planPermissions(parsePolicy(policy), []);
  t.same(plan.map((entry) => entry.action), ['other', 'other']);
  t.end();
});
