/**
 * Tests for scripts/skill/skill-deploy.ts (npm run skill:deploy) against a loopback SMAPI and Login
 * with Amazon that check each request against Amazon's documented shapes
 * (test/fixtures/fake-smapi.ts), and a loopback GitHub for the pull request with the skill IDs.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain } from '../../../scripts/skill/skill-deploy.js';
import { loadSkillConfig } from '../../../scripts/config/config-files.js';
import { ACCESS_TOKEN, LWA_CLIENT, REFRESH_TOKEN, startFakeSmapi, VENDOR, type FakeSmapi } from '../../fixtures/fake-smapi.js';
import { GITHUB_TOKEN, startFakeGitHub } from '../../fixtures/fake-github-pulls.js';
import { startLoopbackServer } from '../../fixtures/loopback-server.js';
import { makeConfigDir, REPO_ROOT, FIXTURE_CONFIG, TEST_URL } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';

const ARN = 'arn:aws:lambda:us-east-1:111122223333:function:ha-alexa:live';
const SECRETS = [LWA_CLIENT.secret, REFRESH_TOKEN, ACCESS_TOKEN, GITHUB_TOKEN];
const SHIPPED_SKILL_YAML = readFileSync(join(FIXTURE_CONFIG, 'skill.yaml'), 'utf8');

async function setup(t: Test, options: { skillYaml?: string; env?: NodeJS.ProcessEnv } = {}) {
  const smapi = await startFakeSmapi();
  t.teardown(() => smapi.close());
  // The fixture's own skill.yaml (en-US, served from us-east-1 like the fake ARN), unless a test gives one.
  const configDir = makeConfigDir({ 'skill.yaml': options.skillYaml ?? SHIPPED_SKILL_YAML });
  const run = async (extraEnv: NodeJS.ProcessEnv = {}, timing = { pollMs: 1, timeoutMs: 2000 }, packageDir = join(REPO_ROOT, 'test', 'fixtures', 'skill-package')) => {
    const recorder = createRun();
    for (const key of ['LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN', 'SMAPI_ENDPOINT', 'LWA_TOKEN_URL', 'ASK_VENDOR_ID', 'SKILL_ENDPOINT_ARN', 'AWS_ACCOUNT_ID', 'AWS_ROLE_ARN', 'GITHUB_TOKEN', 'GITHUB_REPOSITORY', 'GITHUB_API_URL']) {
      delete recorder.env[key];
    }
    Object.assign(recorder.env, smapi.env, { AWS_REGION: 'us-east-1', AWS_ACCOUNT_ID: '111122223333', LAMBDA_FUNCTION_NAME: 'ha-alexa' }, options.env, extraEnv);
    const from = smapi.requests.length;
    const main = createMain({ timing, retryDelayMs: 1 });
    const code = await runCli('skill:deploy', main, ['--config-dir', configDir, '--package-dir', packageDir], recorder.env, recorder.io);
    const text = recorder.io.text();
    // GitHub hides `::add-mask::` lines themselves; every other line is what the log shows.
    const shown = recorder.io.lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const secret of SECRETS) t.notOk(shown.includes(secret) || recorder.summary().includes(secret), 'no secret in the output or the summary');
    return { code, text, configDir, summary: recorder.summary(), writes: smapi.writes(from), requests: smapi.requests.slice(from) };
  };
  /** Run 1 (skills created, endpoints pending), the Deploy workflow's permissions, run 2 (endpoints set). */
  const converge = async () => {
    const first = await run();
    t.equal(first.code, 0, first.text);
    smapi.addLambdaPermissions();
    const second = await run();
    t.equal(second.code, 0, second.text);
    return second;
  };
  return { smapi, configDir, run, converge, skillYaml: () => readFileSync(join(configDir, 'skill.yaml'), 'utf8') };
}

/** The address of a loopback port nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = await startLoopbackServer(() => ({ status: 200 }));
  await server.close();
  return server.url;
}

function skillsByKind(smapi: FakeSmapi) {
  const all = [...smapi.skills.values()];
  const smartHome = all.find((skill) => 'smartHome' in (skill.manifest.apis as object));
  const custom = all.find((skill) => 'custom' in (skill.manifest.apis as object));
  if (!smartHome || !custom) throw new Error('both skills should exist');
  return { smartHome, custom };
}

t.test('two runs converge: run 1 creates both skills with their endpoints pending, run 2 (after Deploy) sets the endpoints and enables only the Custom skill', async (t) => {
  const { smapi, run, skillYaml, configDir } = await setup(t);
  // Run 1: no IDs anywhere, so the Lambda lets neither skill in yet.
  const first = await run();
  t.equal(first.code, 0, first.text);
  t.same(smapi.shapeErrors, [], 'every request matches the documented shapes and Amazon\'s SMAPI spec');
  t.equal(smapi.skills.size, 2);
  const { smartHome, custom } = skillsByKind(smapi);
  const [create] = smapi.requests.filter((request) => request.method === 'POST' && request.path === '/v1/skills');
  t.notOk(JSON.stringify(create?.body).includes(ARN), 'a new skill starts without its endpoint: the Lambda does not know its ID yet');
  t.same(first.writes, [
    'POST /v1/skills',
    'POST /v1/skills',
    `PUT /v1/skills/${smartHome.skillId}/stages/development/manifest`,
    `PUT /v1/skills/${smartHome.skillId}/stages/development/accountLinkingClient`,
    `PUT /v1/skills/${custom.skillId}/stages/development/manifest`,
    `PUT /v1/skills/${custom.skillId}/stages/development/interactionModel/locales/en-US`,
  ], 'no enablement: the Smart Home skill never, the Custom skill not without an endpoint');
  t.match(first.text, /warning: Smart Home skill amzn1\S+: the manifest build failed \(test\/fixtures\/skill-package\/smart-home\/skill\.json\): The trigger setting for the Lambda arn:aws:lambda:us-east-1:111122223333:function:ha-alexa:live is invalid\. Error code: SkillManifestError; the Lambda must allow this skill first/);
  t.match(first.text, /Custom skill: not enabled for testing yet: it has no endpoint until the Lambda allows it \(endpoint pending\)/);
  t.notOk('endpoint' in (smartHome.manifest.apis as { smartHome: object }).smartHome, 'the failed build left the last good manifest');
  t.notOk(custom.enabled || smartHome.enabled);
  t.match(first.text, /Vendor: Me \(M1FAKEVENDOR\)/);
  t.match(first.text, /Smart Home skill: waiting for the manifest build…[\s\S]*Smart Home skill: waiting for the manifest build: done in/, 'progress while SMAPI builds');
  t.match(first.summary, /Smart Home skill \| `amzn1\.ask\.skill\.[^|]+\| created \| created, manifest \(endpoint pending\), account linking ⏳/);
  t.match(loadSkillConfig(configDir), { smartHomeSkillId: smartHome.skillId, customSkillId: custom.skillId }, 'config/skill.yaml stays valid');
  t.match(skillYaml(), `smart_home_skill_id: ${smartHome.skillId}`, 'IDs written to config/skill.yaml on a computer');
  t.match(skillYaml(), `custom_skill_id: ${custom.skillId}`);

  // The IDs are in config/skill.yaml; the Deploy workflow adds the Lambda permissions. Run 2:
  smapi.addLambdaPermissions();
  const second = await run();
  t.equal(second.code, 0, second.text);
  t.same(smapi.shapeErrors, []);
  t.same(second.writes, [
    `PUT /v1/skills/${smartHome.skillId}/stages/development/manifest`,
    `PUT /v1/skills/${custom.skillId}/stages/development/manifest`,
    `PUT /v1/skills/${custom.skillId}/stages/development/enablement`,
  ]);
  t.same((smartHome.manifest.apis as { smartHome: unknown }).smartHome, { protocolVersion: '3', endpoint: { uri: ARN }, regions: { NA: { endpoint: { uri: ARN } } } });
  t.match(smartHome.manifest, { publishingInformation: { locales: { 'en-US': { name: 'Home Assistant (self-hosted)' } }, category: 'SMART_HOME' }, permissions: [{ name: 'alexa::async_event:write' }] });
  t.same(smartHome.accountLinking, {
    type: 'AUTH_CODE',
    authorizationUrl: `${TEST_URL}/auth/authorize`,
    accessTokenUrl: `${TEST_URL}/auth/token`,
    clientId: 'https://pitangui.amazon.com/',
    clientSecret: 'home-assistant-does-not-check-this',
    accessTokenScheme: 'REQUEST_BODY_CREDENTIALS',
    scopes: ['smart_home'],
    domains: [],
  });
  t.same((custom.manifest.apis as { custom: unknown }).custom, { endpoint: { uri: ARN } });
  t.match(custom.manifest, { publishingInformation: { locales: { 'en-US': { name: 'Home Assistant Assist (self-hosted)' } } } });
  t.match(custom.models['en-US'], { languageModel: { invocationName: 'jarvis', intents: [{ name: 'ConversationIntent' }] } });
  t.notOk(custom.accountLinking, 'the Custom skill works without account linking (stored token)');
  t.ok(custom.enabled, 'the Custom skill is enabled for testing once it has its endpoint');
  t.notOk(smartHome.enabled, 'the Smart Home skill is enabled in the Alexa app, while linking');
  t.notOk(smapi.requests.some((request) => request.path.startsWith(`/v1/skills/${smartHome.skillId}/stages/development/enablement`)), 'the Smart Home skill\'s enablement is never even read');
  t.match(second.text, /Custom skill: enabled for testing on your account/);
  t.notMatch(second.text, /warning/);
  t.match(second.summary, /Enable to use/, 'how to enable the Smart Home skill in the Alexa app');

  const third = await run();
  t.equal(third.code, 0, third.text);
  t.same(third.writes, [], 'converged: nothing to write');
});

t.test('a run after convergence changes nothing; an edited assistant name updates only the interaction model', async (t) => {
  const { smapi, run, converge, configDir } = await setup(t);
  await converge();
  const second = await run();
  t.equal(second.code, 0, second.text);
  t.same(second.writes, [], 'no POST or PUT');
  t.notOk(second.requests.some((request) => request.path.startsWith('/v1/skills?')), 'the IDs come from config/skill.yaml, not from a search');
  t.match(second.text, /Smart Home skill amzn1\.ask\.skill\.\S+: up to date, nothing changed/);
  t.match(second.text, /Both skills are up to date: nothing written\./);
  t.match(second.summary, /nothing \(up to date\)/);
  t.notMatch(second.summary, /New skill IDs/);

  const yaml = readFileSync(join(configDir, 'skill.yaml'), 'utf8').replace('assistant_name: Jarvis', 'assistant_name: Friday');
  (await import('node:fs')).writeFileSync(join(configDir, 'skill.yaml'), yaml);
  const third = await run();
  t.equal(third.code, 0, third.text);
  const { custom } = skillsByKind(smapi);
  t.same(third.writes, [`PUT /v1/skills/${custom.skillId}/stages/development/interactionModel/locales/en-US`], 'only the model');
  t.match(custom.models['en-US'], { languageModel: { invocationName: 'friday' } });
  t.same(smapi.shapeErrors, []);
});

t.test('a skill.yaml without IDs finds the skills by kind and name instead of creating them again', async (t) => {
  const { smapi, run, converge, configDir } = await setup(t);
  await converge();
  (await import('node:fs')).writeFileSync(join(configDir, 'skill.yaml'), SHIPPED_SKILL_YAML);
  const again = await run();
  t.equal(again.code, 0, again.text);
  t.equal(smapi.skills.size, 2, 'no new skill');
  t.same(again.writes, []);
  t.ok(again.requests.filter((request) => request.path.startsWith('/v1/skills?vendorId=')).length >= 2, 'every page of the list is read');
  t.match(again.text, /Smart Home skill: found amzn1\.ask\.skill\.\S+ by its name "Home Assistant \(self-hosted\)"/);
  t.match(readFileSync(join(configDir, 'skill.yaml'), 'utf8'), /smart_home_skill_id: amzn1/, 'written back');
});

t.test('in GitHub Actions the IDs are committed on main (comments kept) and Deploy is started; the next run reads them back and starts nothing', async (t) => {
  const github = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
  t.teardown(() => github.close());
  const { smapi, run, skillYaml } = await setup(t, { env: github.env });
  const first = await run();
  t.equal(first.code, 0, first.text);
  const { smartHome, custom } = skillsByKind(smapi);
  t.equal(skillYaml(), SHIPPED_SKILL_YAML.replace('https://homeassistant.example.com', TEST_URL), 'the checkout is left alone in Actions');
  const committed = github.file('main', 'config/skill.yaml') ?? '';
  t.match(committed, `smart_home_skill_id: ${smartHome.skillId}\ncustom_skill_id: ${custom.skillId}\n`, 'both IDs on main');
  t.match(committed, '# config/skill.yaml: your Alexa skills', 'comments kept');
  t.same(github.commits.map((commit) => commit.branch), ['main'], 'one commit, on main');
  t.same(github.pulls, [], 'no pull request');
  t.same(github.dispatches, [{ workflow: 'deploy.yml', ref: 'main', inputs: {} }], 'Deploy started once, on main');
  t.match(first.text, /Committed the skill IDs to config\/skill\.yaml on main \(c0ffee0\)\.[\s\S]*Started the Deploy workflow on main/);
  t.match(first.summary, /Committed to config\/skill\.yaml on main\./);

  // Deploy lets the skills in, then starts Skills again, whose checkout has the commit.
  smapi.addLambdaPermissions();
  (await import('node:fs')).writeFileSync(join(first.configDir, 'skill.yaml'), committed);
  const again = await run();
  t.equal(again.code, 0, again.text);
  t.equal(github.commits.length, 1, 'no second commit');
  t.equal(github.dispatches.length, 1, 'no second Deploy: the chain ends');
  t.notMatch(again.summary, /New skill IDs/);
  t.match(again.summary, /Next: enable the Smart Home skill in the Alexa app and link it/, 'both endpoints set');
});

t.test('a push to main between read and write (409 on a stale sha) is read again and kept', async (t) => {
  const github = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
  t.teardown(() => github.close());
  github.state.concurrentPush = { path: 'config/skill.yaml', text: SHIPPED_SKILL_YAML.replace('assistant_name: Jarvis', 'assistant_name: Friday') };
  const { run } = await setup(t, { env: github.env });
  const first = await run();
  t.equal(first.code, 0, first.text);
  const committed = github.file('main', 'config/skill.yaml') ?? '';
  t.match(committed, 'assistant_name: Friday', 'the other push survives');
  t.match(committed, /smart_home_skill_id: amzn1\.ask\.skill\./, 'and the IDs are on top of it');
  t.equal(github.commits.length, 1);
  t.equal(github.dispatches.length, 1);
});

t.test('a protected main gets a pull request instead (ruleset 409, classic 422); merging it is a push, so nothing is dispatched', async (t) => {
  for (const refusal of [409, 422] as const) {
    const github = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
    t.teardown(() => github.close());
    github.state.protectMain = refusal;
    const { run } = await setup(t, { env: github.env });
    const first = await run();
    t.equal(first.code, 0, first.text);
    t.equal(github.file('main', 'config/skill.yaml'), SHIPPED_SKILL_YAML, `${refusal}: main untouched`);
    t.match(github.pulls[0], { head: 'skill-ids', base: 'main', title: 'Record the Alexa skill IDs in config/skill.yaml' });
    t.match(github.file('skill-ids', 'config/skill.yaml'), /smart_home_skill_id: amzn1/);
    t.same(github.dispatches, [], `${refusal}: no Deploy before the merge`);
    t.match(first.text, new RegExp(`warning: GitHub refused to commit config/skill\\.yaml on main \\(${refusal} [^)]+\\): proposing them in a pull request instead`));
    t.match(first.summary, /The default branch refused a direct commit: merge https:\/\/github\.com\/me\/my-ha-alexa\/pull\/1 to record them/);

    // Run again before the merge: the same branch and pull request are updated, not duplicated.
    const again = await run();
    t.equal(again.code, 0, again.text);
    t.equal(github.pulls.length, 1, 'one pull request');
    t.ok(github.requests.some((line) => line.startsWith('PATCH /repos/me/my-ha-alexa/git/refs/heads/skill-ids')), 'branch reset to main');
  }
});

t.test('when GitHub refuses the commit and the pull request, or Deploy, the summary says what to do', async (t) => {
  const github = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
  t.teardown(() => github.close());
  github.state.protectMain = 422;
  github.state.refusePulls = true;
  const { run } = await setup(t, { env: github.env });
  const first = await run();
  t.equal(first.code, 0, first.text);
  t.match(first.text, /warning: the new skill IDs are only in the job summary: GitHub refused to open the pull request \(403 GitHub Actions is not permitted to create or approve pull requests\.\): allow it under Settings → Actions → General → Workflow permissions/);
  t.match(first.summary, /Not recorded automatically[\s\S]*add these lines to config\/skill\.yaml/);
  t.match(first.summary, /smart_home_skill_id: amzn1/);
  t.equal((await run({ GITHUB_TOKEN: '' })).code, 0);

  const noWrite = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
  t.teardown(() => noWrite.close());
  noWrite.state.protectMain = 403;
  const readOnly = await setup(t, { env: noWrite.env });
  const denied = await readOnly.run();
  t.equal(denied.code, 0, denied.text);
  t.match(denied.text, /warning: the new skill IDs are only in the job summary: GitHub refused to commit config\/skill\.yaml on main \(403 Resource not accessible by integration\): the Skills workflow needs permissions contents: write/);
  t.same(noWrite.pulls, [], 'a missing permission is not branch protection: no pull request');

  const noDispatch = await startFakeGitHub({ 'config/skill.yaml': SHIPPED_SKILL_YAML });
  t.teardown(() => noDispatch.close());
  noDispatch.state.refuseDispatch = true;
  // The Lambda lets no new skill in yet (the fake's default): the endpoints stay pending.
  const { run: runNoDispatch } = await setup(t, { env: noDispatch.env });
  const refused = await runNoDispatch();
  t.equal(refused.code, 0, refused.text);
  t.match(refused.text, /warning: GitHub refused to start deploy\.yml \(403 Resource not accessible by integration\): the workflow needs permissions actions: write; run Deploy by hand/);
  t.match(refused.summary, /committed the IDs to config\/skill\.yaml on main but could not start Deploy[\s\S]*run Deploy once \(Actions → Deploy → Run workflow\)/);
  t.notMatch(refused.summary, /Next: enable/, 'no linking advice while an endpoint is pending');
});

t.test('a refused refresh token (LWA 401) names LWA_REFRESH_TOKEN and how to renew it', async (t) => {
  const { smapi, run } = await setup(t);
  smapi.state.lwaFailure = { status: 401, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired' } };
  const result = await run();
  t.equal(result.code, 1);
  t.match(result.text, /^skill:deploy: Login with Amazon refused LWA_REFRESH_TOKEN \(401 invalid_grant: The refresh token is invalid or expired\): it has expired, was revoked or belongs to another Security Profile; renew it: run npm run skill:login on your computer and store the new token with gh secret set LWA_REFRESH_TOKEN --env production/m);
  t.equal(result.text.split('\n').filter((line) => line.startsWith('skill:deploy:')).length, 1, 'one line');
  t.same(smapi.writes(), [], 'nothing written');

  smapi.state.lwaFailure = { status: 401, body: { error: 'invalid_client', error_description: `bad secret ${LWA_CLIENT.secret}` } };
  const client = await run();
  t.match(client.text, /Login with Amazon refused LWA_CLIENT_ID \/ LWA_CLIENT_SECRET \(401 invalid_client: bad secret <redacted>\)[\s\S]*LWA_REFRESH_TOKEN must come from the same profile/);
});

t.test('a manifest SMAPI rejects names the field and the file', async (t) => {
  const { smapi, run } = await setup(t);
  smapi.state.rejectManifest = (manifest) => {
    const summary = (manifest.publishingInformation as { locales: Record<string, { summary?: string }> }).locales['en-US']?.summary ?? '';
    return summary.length > 20
      ? { status: 400, body: { message: 'Request is not valid.', violations: [{ code: 'STRING_LENGTH_EXCEEDED', message: 'Instance at property path "$.manifest.publishingInformation.locales.en-US.summary" has string length 52 greater than 20' }] } }
      : undefined;
  };
  const result = await run();
  t.equal(result.code, 1);
  t.match(
    result.text,
    /skill:deploy: Smart Home skill failed: SMAPI rejected create the Smart Home skill \(test\/fixtures\/skill-package\/smart-home\/skill\.json\): field manifest\.publishingInformation\.locales\.en-US\.summary: Instance at property path/,
  );
  t.match(result.text, /\| Custom skill failed: SMAPI rejected create the Custom skill \(test\/fixtures\/skill-package\/custom\/skill\.json\)/, 'the Custom skill was tried all the same');
  t.equal(smapi.skills.size, 0);
});

t.test('an endpoint the Lambda does not allow is a warning until the ID is recorded, then an error of that skill alone; a failed build names the field', async (t) => {
  const { smapi, run } = await setup(t);
  const first = await run();
  t.equal(first.code, 0, first.text);
  t.match(first.text, /warning: Smart Home skill amzn1\S+: the manifest build failed \(test\/fixtures\/skill-package\/smart-home\/skill\.json\): The trigger setting for the Lambda [\s\S]*once amzn1\S+ is in config\/skill\.yaml as smart_home_skill_id, the Deploy workflow adds the permission/);
  t.match(first.summary, /created, manifest \(endpoint pending\), account linking ⏳/);
  t.match(first.summary, /⏳ Endpoint pending for the Smart Home skill and the Custom skill: the Lambda does not let them in yet\. Commit and push \S+skill\.yaml: Deploy then lets the skills call the Lambda/);
  t.notMatch(first.summary, /Next: enable/, 'no linking advice while an endpoint is pending');
  const { smartHome, custom } = skillsByKind(smapi);
  t.ok(smartHome.accountLinking && custom.models['en-US'], 'the rest is still done');

  // With the IDs recorded, the Lambda should allow the skills: the same failure is now an error.
  const recorded = await run();
  t.equal(recorded.code, 1);
  t.match(recorded.text, /skill:deploy: Smart Home skill failed: Smart Home skill amzn1\S+: the manifest build failed[^\n]*\| Custom skill failed: Custom skill amzn1\S+: the manifest build failed/);

  // Deploy let only the Smart Home skill in: it converges, the Custom skill alone is named as failed.
  smapi.addLambdaPermissions(smartHome.skillId);
  const half = await run();
  t.equal(half.code, 1, 'the run ends red');
  t.match(half.text, /skill:deploy: Custom skill failed: Custom skill amzn1\S+: the manifest build failed [^\n]*\(Smart Home skill synced\)$/m);
  t.notMatch(half.text, /Smart Home skill failed/);
  t.match(half.summary, /Smart Home skill \|[^\n]*\| manifest \|/);
  t.match(half.summary, /Custom skill \|[^\n]*❌ failed/);
  t.match(half.summary, /❌ Custom skill: Custom skill amzn1\S+: the manifest build failed/);
  t.same(smapi.shapeErrors, []);

  smapi.addLambdaPermissions();
  const fixed = await run();
  t.equal(fixed.code, 0, fixed.text);
  t.same(fixed.writes, [`PUT /v1/skills/${custom.skillId}/stages/development/manifest`, `PUT /v1/skills/${custom.skillId}/stages/development/enablement`]);
  t.match(fixed.summary, /Next: enable the Smart Home skill in the Alexa app and link it, then discover devices/, 'both endpoints set: now the user links');
  t.notMatch(fixed.summary, /pending/);

  // A manifest whose last build failed is sent again although it is unchanged.
  smartHome.manifestBuild = { reads: 2, errors: [{ message: 'Internal error' }] };
  const retried = await run();
  t.equal(retried.code, 0, retried.text);
  t.same(retried.writes, [`PUT /v1/skills/${smartHome.skillId}/stages/development/manifest`]);
  t.match(retried.text, /Smart Home skill: updating the manifest \(the last build failed\)/);

  // A failed build names the field, and keeps the last good manifest.
  smapi.state.failBuild = () => [{ message: 'Invalid value', validationDetails: { originalInstance: { propertyPath: '$.manifest.permissions[0].name' } } } as { message: string }];
  smartHome.manifest.permissions = [];
  const field = await run();
  t.equal(field.code, 1);
  t.match(field.text, /the manifest build failed \(test\/fixtures\/skill-package\/smart-home\/skill\.json\): field manifest\.permissions\[0\]\.name: Invalid value/);
  t.same(smapi.skills.get(smartHome.skillId)?.manifest.permissions, [], 'SMAPI still serves the last good manifest');
});

t.test('a 5xx to a create that went through: the skill is found by name, never created twice', async (t) => {
  const { smapi, run } = await setup(t);
  smapi.state.createFailure = { status: 500, created: true };
  const first = await run();
  t.equal(first.code, 0, first.text);
  t.equal(smapi.skills.size, 2, 'one skill of each kind');
  const { smartHome } = skillsByKind(smapi);
  t.same(first.writes.filter((write) => write === 'POST /v1/skills'), ['POST /v1/skills', 'POST /v1/skills'], 'one POST per skill');
  const afterFailure = first.requests.slice(first.requests.findIndex((request) => request.method === 'POST' && request.path === '/v1/skills'));
  t.match(afterFailure[1], { method: 'GET', path: /^\/v1\/skills\?vendorId=/ }, 'the next request after the 500 is the look-up by name');
  t.match(first.text, new RegExp(`Smart Home skill: created ${smartHome.skillId} \\(SMAPI answered 500 to the create request, but the skill is there: found by its name\\)`));
  t.same(smapi.shapeErrors, []);

  // A 5xx before anything was created: nothing is sent again, the run ends red naming the skill.
  const empty = await setup(t);
  empty.smapi.state.createFailure = { status: 503, created: false };
  const lost = await empty.run();
  t.equal(lost.code, 1);
  t.match(lost.text, /skill:deploy: Smart Home skill failed: could not create the Smart Home skill \(SMAPI answered 503\), and SMAPI lists no skill by that name, so none was created: run the workflow again \(Custom skill synced\)/);
  t.equal(lost.writes.filter((write) => write === 'POST /v1/skills').length, 2, 'the Smart Home skill once, then the Custom skill');
});

t.test('an enablement refusal is a warning of its own, not a token problem', async (t) => {
  const { smapi, run, converge } = await setup(t);
  smapi.state.refuseEnablement = { status: 403, body: { message: 'Skill is not ready for enablement.', violations: [{ message: 'custom - object has missing required properties (["endpoint"])' }] } };
  const second = await converge();
  t.match(second.text, /warning: SMAPI would not enable the Custom skill amzn1\S+ for testing \(403: Skill is not ready for enablement\. custom - object has missing required properties \(\["endpoint"\]\)\); the skill itself is in place: turn testing on in the developer console/);
  t.notMatch(second.text, /refused LWA_REFRESH_TOKEN|skill:login/, 'not "renew your refresh token"');
  t.match(second.summary, /⚠️ SMAPI would not enable the Custom skill/);
  smapi.state.refuseEnablement = { status: 401, body: { message: 'Token is invalid/expired' } };
  const expired = await run();
  t.equal(expired.code, 1, 'a refused token is still an error');
  t.match(expired.text, /Custom skill failed: SMAPI refused the access token made from LWA_REFRESH_TOKEN while trying to enable the Custom skill for testing/);
});

t.test('a 303 to the manifest read is followed on SMAPI\'s host; one to another host fails that skill alone, naming it', async (t) => {
  const { smapi, run, converge } = await setup(t);
  smapi.state.seeOther = 'same-host';
  await converge();
  t.ok(smapi.requests.some((request) => request.path.endsWith('/manifest?seeOther=1')), 'followed');
  t.same(smapi.shapeErrors, [], 'with the same token');
  smapi.state.seeOther = 'other-host';
  const result = await run();
  t.equal(result.code, 1);
  t.match(result.text, /skill:deploy: Smart Home skill failed: SMAPI answered 303 to read the Smart Home skill's manifest with a Location on another host \(https:\/\/elsewhere\.example\)[^\n]*\| Custom skill failed: SMAPI answered 303/);
});

t.test('a body Amazon\'s SMAPI spec refuses is answered 400 with the violations, and names the field', async (t) => {
  const { smapi, run } = await setup(t);
  const dir = mkdtempSync(join(tmpdir(), 'skill-package-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'skill-package'), dir, { recursive: true });
  const file = join(dir, 'smart-home', 'skill.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"isAvailableWorldwide": true', '"isAvailableWorldwide": "yes"'));
  const result = await run({}, undefined, dir);
  t.equal(result.code, 1);
  t.match(result.text, /Smart Home skill failed: SMAPI rejected create the Smart Home skill \(\S+smart-home\/skill\.json\): field manifest\.publishingInformation\.isAvailableWorldwide: Instance at property path "\$\.manifest\.publishingInformation\.isAvailableWorldwide" must be boolean/);
  t.match(smapi.shapeErrors, [/POST \/v1\/skills: .*isAvailableWorldwide/], 'the fake refused it by the spec');
  t.equal(smapi.skills.size, 1, 'only the Custom skill exists');
});

t.test('locales decide the account-linking client ID and the endpoint region', async (t) => {
  const { smapi, converge } = await setup(t, {
    skillYaml: 'assistant_name: Jarvis\nlocales: [de-DE]\n',
    env: { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '', AWS_ROLE_ARN: 'arn:aws:iam::444455556666:role/ha-alexa-deploy', LAMBDA_ALIAS: 'prod' },
  });
  await converge();
  const { smartHome, custom } = skillsByKind(smapi);
  const arn = 'arn:aws:lambda:eu-west-1:444455556666:function:ha-alexa:live';
  t.same((smartHome.manifest.apis as { smartHome: unknown }).smartHome, { protocolVersion: '3', endpoint: { uri: arn }, regions: { EU: { endpoint: { uri: arn } } } });
  t.match(smartHome.accountLinking, { clientId: 'https://layla.amazon.com/' });
  t.match(custom.models['de-DE'], { languageModel: { invocationName: 'jarvis' } });
  t.match(smartHome.manifest, { publishingInformation: { locales: { 'de-DE': { name: 'Home Assistant (self-hosted)' } } } }, 'the English text stands in for a locale the package has none for');

  const mixed = await setup(t, { skillYaml: 'assistant_name: Jarvis\nlocales: [en-US, en-AU]\n', env: { SKILL_ENDPOINT_ARN: 'arn:aws:lambda:us-west-2:111122223333:function:other' } });
  const both = await mixed.run();
  t.equal(both.code, 1, 'locales of two Alexa regions cannot share one Lambda: an error, before anything is created');
  t.match(both.text, /the region is us-west-2, but Alexa calls a Lambda in another region for en-US → us-east-1/);
  t.equal(mixed.smapi.skills.size, 0);
});

t.test('settings and account problems are one line naming the setting', async (t) => {
  const { smapi, run } = await setup(t);
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ LWA_REFRESH_TOKEN: '', LWA_CLIENT_SECRET: ' ' }, /skill:deploy: LWA_CLIENT_SECRET, LWA_REFRESH_TOKEN not set: run npm run skill:login once/],
    [{ HA_URL: 'http://ha.local:8123' }, /account linking needs Home Assistant on https:\/\/ and port 443, but homeassistant\.url \(\S+\) or HA_URL is http:\/\/ha\.local:8123/],
    [{ AWS_REGION: '', AWS_ACCOUNT_ID: '', LAMBDA_FUNCTION_NAME: '' }, /the skills' endpoint needs AWS_REGION, AWS_ACCOUNT_ID \(or AWS_ROLE_ARN\), LAMBDA_FUNCTION_NAME/],
    [{ AWS_ACCOUNT_ID: '12345' }, /AWS_ACCOUNT_ID "12345" is not a 12-digit AWS account ID/],
    [{ SKILL_ENDPOINT_ARN: 'arn:aws:iam::1:role/x' }, /SKILL_ENDPOINT_ARN "arn:aws:iam::1:role\/x" is not a Lambda function ARN/],
    [{ SMAPI_ENDPOINT: await closedUrl() }, /cannot reach SMAPI \(SMAPI_ENDPOINT\) at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/],
  ];
  for (const [env, expected] of cases) {
    const result = await run(env);
    t.equal(result.code, 1, String(expected));
    t.match(result.text, expected);
  }
  t.equal((await run({ HA_URL: '' , AWS_REGION: 'us-east-1'})).code, 0, 'HA_URL empty falls back to config/parameters.yaml');

  smapi.state.vendors = [];
  t.match((await run()).text, /SMAPI lists no vendor for this Amazon account: sign in once at developer\.amazon\.com/);
  smapi.state.vendors = [VENDOR, { id: 'M2OTHER', name: 'Work' }];
  t.match((await run()).text, /belongs to 2 vendors \(Me = M1FAKEVENDOR, Work = M2OTHER\): set the ASK_VENDOR_ID variable/);
  smapi.addLambdaPermissions();
  t.equal((await run({ ASK_VENDOR_ID: VENDOR.id })).code, 0, 'ASK_VENDOR_ID chooses');
});

t.test('skills SMAPI cannot find, twins, denied permissions and a busy SMAPI', async (t) => {
  const missing = await setup(t, { skillYaml: 'assistant_name: Jarvis\nsmart_home_skill_id: amzn1.ask.skill.99999999-0000-4000-8000-000000000000\n' });
  const gone = await missing.run();
  t.equal(gone.code, 1);
  t.match(gone.text, /Smart Home skill amzn1\.ask\.skill\.99999999-\S+ \(smart_home_skill_id in config\/skill\.yaml\) does not exist for this Amazon developer account: remove the line/);

  const twins = await setup(t);
  t.equal((await twins.run()).code, 0);
  const copy = [...twins.smapi.skills.values()][0]!;
  twins.smapi.skills.set('amzn1.ask.skill.twin', { ...copy, skillId: 'amzn1.ask.skill.twin' });
  (await import('node:fs')).writeFileSync(join(twins.configDir, 'skill.yaml'), 'assistant_name: Jarvis\n');
  const result = await twins.run();
  t.equal(result.code, 1);
  t.match(result.text, /2 skills are called "Home Assistant \(self-hosted\)" \(amzn1\S+, amzn1\.ask\.skill\.twin\): put the one to keep in config\/skill\.yaml as smart_home_skill_id/);
});

t.test('SMAPI refusals name the refresh token; a build that never ends is reported', async (t) => {
  const { run, smapi } = await setup(t);
  smapi.state.refuseAll = 401;
  const expired = await run();
  t.equal(expired.code, 1);
  t.match(expired.text, /skill:deploy: SMAPI refused the access token made from LWA_REFRESH_TOKEN while trying to list your vendor IDs \(401: Token is invalid\/expired\); renew it: run npm run skill:login/);
  smapi.state.refuseAll = 403;
  const denied = await run({ ASK_VENDOR_ID: VENDOR.id });
  t.match(denied.text, /skill:deploy: Smart Home skill failed: SMAPI denied permission to list your skills \(403: User is not authorized to perform this action\.\): LWA_REFRESH_TOKEN must come from the Amazon developer account that owns the skills, with the scopes alexa::ask:skills:readwrite and alexa::ask:models:readwrite/);
  smapi.state.refuseAll = undefined;
  smapi.state.stuck = true;
  const stuck = await run({}, { pollMs: 20, timeoutMs: 100 });
  t.equal(stuck.code, 1);
  t.match(stuck.text, /skill:deploy: Smart Home skill failed: Smart Home skill amzn1\S+: the manifest build is still in progress after 0 s; run the workflow again later/);

  const { describeSmapiError, SmapiError } = await import('../../../scripts/skill/smapi-errors.js');
  t.match(describeSmapiError(new SmapiError(429, undefined, 'x'), 'list your skills').message, /SMAPI is throttling requests \(429\) while trying to list your skills/);
  t.match(describeSmapiError(new SmapiError(500, 'Internal Server Error', 'x'), 'list your skills').message, /SMAPI answered 500 while trying to list your skills: Internal Server Error/);
  t.match(describeSmapiError(new SmapiError(400, { message: 'Bad' }, 'x'), 'update it').message, /SMAPI rejected update it: Bad/);
  t.match(describeSmapiError(new SmapiError(400, { violations: [{ code: 'X' }] }, 'x'), 'update it').message, /SMAPI rejected update it: invalid value/);
});

t.test('skill:deploy --help, and a wrong option', async (t) => {
  const { run } = await setup(t);
  const recorder = createRun();
  t.equal(await runCli('skill:deploy', createMain(), ['--help'], recorder.env, recorder.io), 0);
  t.match(recorder.io.text(), /usage: npm run skill:deploy -- \[--config-dir config\] \[--package-dir skill-package\]/);
  t.equal(await runCli('skill:deploy', createMain(), ['--nope'], recorder.env, recorder.io), 1);
  t.match(recorder.io.text(), /skill:deploy: Unknown option '--nope'.*; usage:/);
  t.ok(run);
});

t.test('a public repository\'s log names no Home Assistant address: every form of HA_URL masked first, and left out of each line', async (t) => {
  const { run } = await setup(t);
  // GitHub masks the secret only as stored, with its trailing slash; the log printed it without.
  const result = await run({ GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'false', HA_URL: 'https://ha.secret-home.test/' });
  t.equal(result.code, 0, result.text);
  const lines = result.text.split('\n');
  const masks = lines.filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
  for (const form of ['https://ha.secret-home.test/', 'https://ha.secret-home.test', 'ha.secret-home.test', 'ha.secret-home.test:443']) t.ok(masks.includes(form), `mask for ${form}`);
  t.ok(lines.findIndex((line) => line.startsWith('::add-mask::')) < lines.findIndex((line) => line.startsWith('Alexa skills →')), 'masks first');
  const log = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
  t.notMatch(log, /secret-home/);
  t.match(log, /account linking to <your Home Assistant>/);
  t.match(log, /setting account linking \(<your Home Assistant>\/auth\/authorize/);
});

t.test('in a private repository the log shows the address as before and masks only the access token', async (t) => {
  const { run } = await setup(t);
  const result = await run({ GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'true', HA_URL: 'https://ha.secret-home.test/' });
  t.equal(result.code, 0, result.text);
  t.same(result.text.split('\n').filter((line) => line.startsWith('::add-mask::')), [`::add-mask::${ACCESS_TOKEN}`], 'the access token (GitHub masks the secrets themselves), no address');
  t.match(result.text, /account linking to https:\/\/ha\.secret-home\.test/);
});
