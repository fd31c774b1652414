/**
 * The user's journey, end to end: the Deploy and Discovery test workflows run as written in
 * .github/workflows/ (test/.github/workflows/harness/ reads and executes their steps; nothing here names a
 * step), against a loopback fake AWS whose Lambda Invoke runs the built zip of the invoked version,
 * and the loopback fake Home Assistant with the demo home.
 * This file: skills as code from the browser, then a config edit the smoke test refuses.
 */
import t from 'tap';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { applySetupEdits, copyTemplateConfig } from '../../fixtures/setup-edits.js';
import { type WorkflowResult } from './harness/runner.js';
import { ACCESS_TOKEN, startFakeSmapi } from '../../fixtures/fake-smapi.js';
import { startFakeGitHub } from '../../fixtures/fake-github-pulls.js';
import { startFakeLwa } from '../../fixtures/fake-lwa.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { closeForks, jobTimes, startFork, explain, assertRan, DEPLOY_JOBS, liveVersion, settingsOf } from './harness/rehearsal-fork.js';

// One real build (about 40 s of CPU), shared by the rehearsal files through the build cache's lock;
// generous, because a 2-core machine running the suite can stretch that several times over.
t.setTimeout(900_000);
t.teardown(closeForks);

t.test('skills from the browser (the consent link, the consent run, the ID commit, the Deploy it starts, the second Skills run that sets both endpoints); then a config edit that hides every device fails the smoke test and live stays on the last good version, with its own settings', async (t) => {
  // Prepare: a security profile whose Web Settings allow the workflow page as a return URL, SMAPI
  // (whose manifest build refuses a Lambda endpoint the function does not let the skill call,
  // as Alexa's trigger check does), and the repository on GitHub.
  const clientId = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
  const clientSecret = 'amzn1.oa2-cs.v1.9f3c1d7b5e2a40c8b6d4f1e3a7c9b2d5';
  const returnUrl = 'https://github.com/octo-user/ha-alexa/actions/workflows/skill.yml';
  const lwa = await startFakeLwa({ clientId, clientSecret, allowedReturnUrls: ['http://127.0.0.1:9090/cb', returnUrl], accessToken: ACCESS_TOKEN });
  const smapi = await startFakeSmapi();
  t.teardown(async () => {
    await lwa.close();
    await smapi.close();
    await github.close();
  });
  const github = await startFakeGitHub({ 'config/skill.yaml': readFileSync(join(copyTemplateConfig(), 'skill.yaml'), 'utf8') }, { repository: 'octo-user/ha-alexa', token: 'ghs_fake' });
  const fork = await startFork({ region: 'us-east-1', lwaClientId: clientId }, { secrets: { LWA_CLIENT_SECRET: clientSecret }, env: { SMAPI_ENDPOINT: smapi.url, LWA_TOKEN_URL: lwa.tokenUrl, SMAPI_POLL_MS: '20', GITHUB_API_URL: github.url } });
  // (before) The security profile's client ID is in config/deploy.yaml (the essentials commit); A: its secret in LWA_CLIENT_SECRET.
  // Which skills the Lambda lets in is what the fake AWS's `live` policy says, as Deploy left it.
  smapi.state.lambdaAllows = new (class extends Set<string> {
    override has(skillId: string): boolean {
      return (fork.aws.lambda.state.policies.get('live') ?? []).some((statement) => statement.Condition?.StringEquals['lambda:EventSourceToken'] === skillId);
    }
  })();
  // Account linking needs Home Assistant on https and port 443, which the loopback one is not: the
  // Skills runs get a public address as HA_URL (SMAPI stores it; nothing calls it here).
  const skills = (inputs: Record<string, string> = {}) => fork.run('skill.yml', { eventName: 'workflow_dispatch', inputs, secrets: { HA_URL: 'https://ha.rehearsal.example' } });
  const prefix = fork.deploy.parameter_prefix;
  const shownLog = (result: WorkflowResult) => result.log.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');

  // A Skills run (e.g. the one Deploy starts) while no refresh token is stored: the consent link.
  const waiting = await skills();
  t.equal(waiting.conclusion, 'success', 'a Skills run without a token is green', { log: explain(waiting) });
  t.match(waiting.summary, /## Alexa skills: one consent needed/, { log: explain(waiting) });
  const link = /```text\n(https:\/\/www\.amazon\.com\/ap\/oa\?[^\n]+)\n```/.exec(waiting.summary)?.[1] ?? '';
  t.match(link, 'redirect_uri=https%3A%2F%2Fgithub.com%2Focto-user%2Fha-alexa%2Factions%2Fworkflows%2Fskill.yml', 'the link returns to the Skills workflow page');
  t.equal(smapi.skills.size, 0, 'nothing created yet');

  // B: Allow on the consent page; C: Run workflow with the address pasted into consent.
  const landing = lwa.allow(link);
  const code = new URL(landing).searchParams.get('code') ?? '';
  const consent = await skills({ consent: landing });
  t.equal(consent.conclusion, 'success', 'the consent run is green', { log: explain(consent) });
  const stored = fork.aws.ssm.store.get(`${prefix}/skills/lwa_refresh_token`);
  t.equal(stored?.Type, 'SecureString', 'the refresh token is stored as a SecureString');
  t.ok(lwa.refreshTokens.has(stored?.Value ?? ''), 'the one LWA issued for the code');
  t.equal(smapi.skills.size, 2, 'both skills created');
  const ids = [...smapi.skills.keys()];
  const committed = github.file('main', 'config/skill.yaml') ?? '';
  for (const id of ids) t.match(committed, id, `${id} committed to config/skill.yaml on main`);
  t.match(committed, /^# config\/skill\.yaml/, 'with its comments');
  t.same(github.dispatches, [{ workflow: 'deploy.yml', ref: 'main', inputs: {} }], 'and Deploy started, since that commit starts no workflow');
  t.match(consent.summary, /⏳ Endpoint pending for the Smart Home skill and the Custom skill[\s\S]*started Deploy[\s\S]*Nothing is needed from you\./);
  t.notMatch(consent.summary, /Next: enable/, 'no linking advice while the endpoints wait');
  const masks = consent.log.split('\n').filter((line) => line.startsWith('::add-mask::'));
  // The workflow command escapes % as %25 (actions/toolkit's escapeData); the runner reads it back.
  t.ok(masks.includes(`::add-mask::${landing.replace(/%/g, '%25')}`) && masks.includes(`::add-mask::${code}`), 'the pasted address and the code are masked');
  t.ok(consent.log.indexOf(`::add-mask::${code}`) < consent.log.indexOf('Exchanging the consent code'), 'before anything else is printed');
  for (const run of [waiting, consent]) {
    assertNoSecretPart(t, shownLog(run), [code, stored?.Value ?? '', clientSecret], 'the Skills log');
    assertNoSecretPart(t, run.summary, [code, stored?.Value ?? '', clientSecret], 'the Skills summary');
  }

  // The dispatched Deploy, on main with the commit: it lets both skills call the Lambda and starts Skills.
  writeFileSync(join(fork.workspace, 'config', 'skill.yaml'), committed);
  const deploy = await fork.run('deploy.yml', { eventName: 'workflow_dispatch' });
  t.equal(deploy.conclusion, 'success', 'the dispatched Deploy is green', { log: explain(deploy) });
  assertRan(t, deploy, DEPLOY_JOBS);
  const statements = fork.aws.lambda.state.policies.get('live') ?? [];
  for (const id of ids) t.ok(statements.some((statement) => statement.Condition?.StringEquals['lambda:EventSourceToken'] === id), `${id} may invoke live`);
  t.same(github.dispatches.slice(1), [{ workflow: 'skill.yml', ref: 'main', inputs: {} }], 'Deploy started Skills once');
  t.notMatch(deploy.summary, /amazon\.com\/ap\/oa/, 'no consent link once a refresh token is stored');

  // The Skills run Deploy started: the stored token, both endpoints set, nothing recorded, nothing started.
  const second = await skills();
  t.equal(second.conclusion, 'success', 'the second Skills run is green', { log: explain(second) });
  t.match(second.log, `Login with Amazon: the refresh token stored at ${prefix}/skills/lwa_refresh_token`);
  for (const skill of smapi.skills.values()) t.match(JSON.stringify(skill.manifest.apis), `function:${fork.deploy.function_name}:live`, `${skill.skillId}: its endpoint is the live alias`);
  t.match(second.summary, /Next: enable the Smart Home skill in the Alexa app and link it, then discover devices/);
  t.notMatch(second.summary, /pending/);
  t.equal(github.commits.length, 1, 'no second commit');
  t.equal(github.dispatches.length, 2, 'no second Deploy: the chain ends');
  assertNoSecretPart(t, shownLog(second) + second.summary + deploy.log + deploy.summary, [code, stored?.Value ?? '', clientSecret], 'the later runs');
  t.same(smapi.shapeErrors, [], 'every SMAPI request had Amazon\'s shape');

  // The user's next commit: a filter that matches nothing in this home. (One fork for both stories
  // saves a Deploy run: the suite's time is tight.)
  const before = liveVersion(fork);
  const goodFilter = settingsOf(fork, before.version).get('alexa/filter');
  applySetupEdits(join(fork.workspace, 'config'), { includeDomains: ['timer'] });
  const bad = await fork.run('deploy.yml');
  t.equal(github.dispatches.length, 2, 'a red Deploy starts no Skills run');
  t.equal(bad.conclusion, 'failure', 'the deploy is red', { log: explain(bad) });
  t.match(explain(bad), /0 endpoints|no endpoints|no devices/i, 'saying discovery found nothing');
  const after = liveVersion(fork);
  t.equal(after.number, before.number, 'live stays on the last good version');
  t.ok([...fork.aws.lambda.state.versions.keys()].some((version) => Number(version) > Number(before.number)), 'a new version was published, tested and rejected');
  const kept = settingsOf(fork, after.version);
  t.equal(kept.get('alexa/filter'), goodFilter, 'and that version still reads its own settings set');
  t.notMatch(kept.get('alexa/filter') ?? '', /timer/);
  const sent = fork.runtime.events.length;
  const discovery = await fork.run('discovery-test.yml', { eventName: 'workflow_dispatch', inputs: { qualifier: 'diagnostics', token_source: 'stored' } });
  t.equal(discovery.conclusion, 'success', 'live still discovers the home', { log: explain(discovery) });
  t.match(discovery.summary, /\| *Kitchen Light *\|/);
  t.ok(fork.runtime.events.slice(sent).every((entry) => entry.version === before.number), 'through the last good version');
  t.comment(`Skills runs, this machine, tools copied: ${jobTimes(waiting).line}; ${jobTimes(consent).line}; ${jobTimes(second).line}; the dispatched Deploy: ${jobTimes(deploy).line}`);
});
