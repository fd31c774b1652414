/**
 * npm run skill:deploy -- [--config-dir config] [--package-dir skill-package]
 *
 * Creates or updates both Alexa skills through SMAPI, so no one clicks through the developer
 * console. This script will:
 *   1. in a Skills run with the `consent` input, mask it and the code in it before anything else;
 *   2. read config/skill.yaml, config/parameters.yaml (Home Assistant's address), config/deploy.yaml
 *      (where the function is, lwa_client_id) and skill-package/;
 *   3. get the Login with Amazon credentials (skill-credentials.ts): the LWA_REFRESH_TOKEN secret,
 *      else the consent code exchanged and stored in Parameter Store, else the stored token; with
 *      none, write the consent link to the job summary and stop;
 *   4. get an access token and the vendor ID (GET /v1/vendors; ASK_VENDOR_ID overrides);
 *   5. find each skill (the ID in config/skill.yaml, else its kind and name) or create it;
 *   6. record new IDs: in GitHub Actions, a commit of config/skill.yaml on the default branch, then
 *      a dispatch of the Deploy workflow (which adds the Lambda permissions and starts this workflow
 *      again); where the branch is protected, a pull request; failing that, the job summary. On a
 *      computer, config/skill.yaml itself;
 *   7. update the manifest, the interaction models and account linking only where they differ,
 *      waiting on each build, and enable the Custom skill for testing once it has its endpoint (the
 *      Smart Home skill is enabled in the Alexa app, while linking it to Home Assistant).
 * Each skill is synced on its own: one failing does not stop the other, but the run ends red,
 * naming it. A second run with nothing changed writes nothing. SMAPI_ENDPOINT and LWA_TOKEN_URL point it
 * elsewhere, and SMAPI_POLL_MS shortens the pause between two build-status reads (the tests and the
 * workflow rehearsal use loopback fakes that build at once).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressForms, maskAddress, redactingIo } from '../shared/address-masks.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { CONFIG_DIR, loadAll, loadParametersConfig, loadSkillConfig } from '../config/config-files.js';
import { SKILL_FILE } from '../config/skill-config.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { appendStepSummary } from '../shared/step-summary.js';
import { assertRegionServesLocales } from '../config/regions.js';
import { loadDeployConfigIfPresent, type DeployConfig } from '../config/deploy-config.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { proposeFileChange } from './github-pull-request.js';
import { accessTokenFromRefreshToken, consentCodeFrom } from './lwa.js';
import { createSsmClient } from '../aws/aws-clients.js';
import { BranchProtectedError, commitOnDefaultBranch, dispatchWorkflow } from './github-commit.js';
import { consentInput, maskSecret, resolveSkillCredentials } from './skill-credentials.js';
import { DEFAULT_SMAPI_ENDPOINT, SmapiClient } from './smapi-client.js';
import { describeSmapiError, SmapiError } from './smapi-errors.js';
import { resolveEndpointArn } from './skill-endpoint.js';
import { newSkillIds, setSkillIds, type SkillIds } from './skill-ids.js';
import { buildSkillPackage, DEFAULT_PACKAGE_DIR } from './skill-package.js';
import { formatSkillsMarkdown, type IdsRecord } from './skill-deploy-summary.js';
import { assertAllSynced, DEFAULT_TIMING, resolveSkills, syncSkills, type SkillContext, type SyncTiming } from './skill-sync.js';

const USAGE = 'usage: npm run skill:deploy -- [--config-dir config] [--package-dir skill-package]';

/** The branch the ID pull request comes from. */
export const IDS_BRANCH = 'skill-ids';

/** The workflow an ID commit starts (workflow_dispatch), so the Lambda permissions follow at once. */
export const DEPLOY_WORKFLOW = 'deploy.yml';

/** Timings tests shrink. */
export interface SkillDeployTestOptions {
  timing?: SyncTiming;
  retryDelayMs?: number;
}

export function createMain(testOptions: SkillDeployTestOptions = {}): Main {
  return async (argv, env, consoleIo) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      consoleIo.out(USAGE);
      return 0;
    }
    // The consent input, masked before any other line: GitHub then prints *** for it everywhere.
    const pasted = consentInput(env, (path) => readFileSync(path, 'utf8'));
    maskSecret(env, consoleIo, pasted);
    const code = pasted === undefined ? undefined : consentCodeFrom(pasted);
    maskSecret(env, consoleIo, code);
    const [skillConfig, parameters] = loadAll([() => loadSkillConfig(args.configDir), () => loadParametersConfig(args.configDir)] as const);
    // A public repository's log is public: masks for every form of the address (HA_URL as given
    // too: GitHub masks the secret only in that form), and the address left out of each line.
    const forms = [...new Set([env.HA_URL, parameters.homeassistant.url].flatMap((url) => addressForms(url)))];
    maskAddress(env, consoleIo, forms);
    const io = redactingIo(env, consoleIo, forms);
    const haUrl = requireHaUrl(env.HA_URL?.trim() || parameters.homeassistant.url, parameters.file);
    // config/deploy.yaml says where the function is (region, account, name); the environment may override.
    const deploy = loadDeployConfigIfPresent(args.configDir);
    const account = deploy?.accountId;
    const endpoint = resolveEndpointArn({ ...(account ? { AWS_ACCOUNT_ID: account } : {}), ...withDeploySettings(env, args.configDir) });
    assertRegionServesLocales(endpoint.region, skillConfig.locales);
    const { skills, warnings } = buildSkillPackage({ dir: args.packageDir, locales: skillConfig.locales, invocationName: skillConfig.invocationName, endpoint, haUrl });
    for (const line of warnings) io.err(`warning: ${line}`);

    const lwa = await resolveCredentials(env, io, deploy, code);
    if (!lwa) return 0;
    io.out(`Alexa skills → ${endpoint.arn}, account linking to ${haUrl}`);
    io.out(`Login with Amazon: ${lwa.source}`);
    const accessToken = await accessTokenFromRefreshToken(lwa, lwa.refreshToken, lwa.origin);
    maskSecret(env, io, accessToken);
    const smapi = new SmapiClient({ endpoint: env.SMAPI_ENDPOINT?.trim() || DEFAULT_SMAPI_ENDPOINT, accessToken, ...(testOptions.retryDelayMs === undefined ? {} : { retryDelayMs: testOptions.retryDelayMs }) });
    const pollMs = Number(env.SMAPI_POLL_MS?.trim() || Number.NaN);
    const timing = testOptions.timing ?? (Number.isInteger(pollMs) && pollMs >= 0 ? { ...DEFAULT_TIMING, pollMs } : DEFAULT_TIMING);
    const context: SkillContext = { smapi, io, timing };
    const vendorId = await resolveVendor(smapi, env, io);

    const known: SkillIds = {
      ...(skillConfig.smartHomeSkillId ? { smart_home_skill_id: skillConfig.smartHomeSkillId } : {}),
      ...(skillConfig.customSkillId ? { custom_skill_id: skillConfig.customSkillId } : {}),
    };
    const { resolved, failures } = await resolveSkills(context, vendorId, skills, known);
    const ids = newSkillIds(resolved, known);
    const record = await recordIds(ids, join(args.configDir, SKILL_FILE), skillConfig.file, env, io);

    const outcomes = await syncSkills(context, resolved);
    // Deploy adds the permissions for IDs the commit recorded, then starts this workflow again.
    const dispatch = record.kind === 'commit' ? await startDeploy(env, record.branch, io) : undefined;
    appendStepSummary(env, formatSkillsMarkdown(outcomes, ids, dispatch && record.kind === 'commit' ? { ...record, ...dispatch } : record, failures));
    assertAllSynced(failures, outcomes);
    const changed = outcomes.filter((outcome) => outcome.changes.length > 0).length;
    io.out(changed === 0 ? 'Both skills are up to date: nothing written.' : `Done: ${changed} of ${outcomes.length} skills changed.`);
    return 0;
  };
}

/**
 * The LWA credentials, or undefined after writing what the user does next: in GitHub Actions the
 * consent steps go to the job summary (a notice, not a failure); on a computer, missing secrets are
 * an error naming them.
 */
async function resolveCredentials(env: NodeJS.ProcessEnv, io: Io, deploy: DeployConfig | undefined, code: string | undefined) {
  const inActions = env.GITHUB_ACTIONS === 'true';
  const configured = Boolean(env.LWA_CLIENT_ID?.trim() || env.LWA_CLIENT_SECRET?.trim() || env.LWA_REFRESH_TOKEN?.trim() || deploy?.lwaClientId || code);
  if (!inActions || !configured) {
    const missing = ['LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_REFRESH_TOKEN'].filter((key) => !env[key]?.trim());
    if (missing.length > 0 && !(inActions && !configured)) {
      throw new ScriptError(`${missing.join(', ')} not set: run npm run skill:login once on your computer and store what it prints as secrets of the production environment, or use the Skills workflow's consent input (SETUP.md, "Skills as code")`);
    }
    if (missing.length > 0) {
      io.out('::notice title=Skills skipped::No lwa_client_id in config/deploy.yaml and no LWA secrets: skills as code is off; the console path in SETUP.md applies.');
      return undefined;
    }
  }
  // Parameter Store only with the deploy role's credentials, which a Skills run in Actions has.
  const ssm = inActions && deploy?.accountId ? createSsmClient(deploy.region) : undefined;
  const result = await resolveSkillCredentials({ env, io, deploy, code, ssm });
  if (result.kind === 'ready') return result.credentials;
  appendStepSummary(env, result.consent.markdown);
  io.out(`::notice title=Skills wait for your consent::${result.consent.line}`);
  return undefined;
}

/** Starts Deploy after an ID commit (a commit made with GITHUB_TOKEN starts no workflow); a refusal only warns. */
async function startDeploy(env: NodeJS.ProcessEnv, branch: string, io: Io): Promise<{ deployStarted: boolean; reason?: string }> {
  const target = githubTarget(env);
  if (!target) return { deployStarted: false, reason: 'GITHUB_TOKEN or GITHUB_REPOSITORY is not set' };
  try {
    await dispatchWorkflow(target, DEPLOY_WORKFLOW, branch);
    io.out(`Started the Deploy workflow on ${branch}: it lets the new skills call the Lambda, then runs this workflow again to set their endpoints.`);
    return { deployStarted: true };
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    io.err(`warning: ${err.message}; run Deploy by hand (Actions → Deploy → Run workflow)`);
    return { deployStarted: false, reason: err.message };
  }
}

function githubTarget(env: NodeJS.ProcessEnv) {
  const token = env.GITHUB_TOKEN?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  return token && repository ? { apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com', repository, token } : undefined;
}

/** Account linking sends the Alexa app to Home Assistant's login page: https only, on port 443. */
function requireHaUrl(url: string | undefined, file: string): string {
  if (!url) throw new ScriptError(`account linking needs Home Assistant's address: set homeassistant.url in ${file} or the HA_URL secret`);
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || (parsed.port !== '' && parsed.port !== '443')) {
    throw new ScriptError(`account linking needs Home Assistant on https:// and port 443, but homeassistant.url (${file}) or HA_URL is ${url}`);
  }
  return url.replace(/\/+$/, '');
}

/** ASK_VENDOR_ID, else the one vendor the token can act for. */
async function resolveVendor(smapi: SmapiClient, env: NodeJS.ProcessEnv, io: Io): Promise<string> {
  const override = env.ASK_VENDOR_ID?.trim();
  if (override) return override;
  let vendors;
  try {
    vendors = await smapi.listVendors();
  } catch (err) {
    throw err instanceof SmapiError ? describeSmapiError(err, 'list your vendor IDs') : err;
  }
  if (vendors.length === 0) throw new ScriptError('SMAPI lists no vendor for this Amazon account: sign in once at developer.amazon.com/alexa/console/ask to accept the terms, then run again');
  if (vendors.length > 1) {
    throw new ScriptError(`this Amazon account belongs to ${vendors.length} vendors (${vendors.map((vendor) => `${vendor.name} = ${vendor.id}`).join(', ')}): set the ASK_VENDOR_ID variable to the one for these skills`);
  }
  const [vendor] = vendors as [(typeof vendors)[number]];
  io.out(`Vendor: ${vendor.name} (${vendor.id})`);
  return vendor.id;
}

/**
 * New IDs go to a commit on the default branch in Actions (a pull request where the branch is
 * protected), to the file on a computer; failing to record them only warns (they are in the summary).
 */
async function recordIds(ids: SkillIds, path: string, shown: string, env: NodeJS.ProcessEnv, io: Io): Promise<IdsRecord> {
  if (Object.keys(ids).length === 0) return { kind: 'none' };
  if (env.GITHUB_ACTIONS !== 'true') {
    writeFileSync(path, setSkillIds(readFileSync(path, 'utf8'), ids));
    io.out(`Wrote the skill IDs to ${shown}: commit and push it, so the Deploy workflow lets the skills call the Lambda.`);
    return { kind: 'file', file: shown };
  }
  const target = githubTarget(env);
  if (!target) {
    const reason = 'GITHUB_TOKEN or GITHUB_REPOSITORY is not set';
    io.err(`warning: the new skill IDs are only in the job summary (${reason})`);
    return { kind: 'unrecorded', reason };
  }
  const edit = (current: string) => setSkillIds(current, ids);
  const title = 'Record the Alexa skill IDs in config/skill.yaml';
  let protectedReason: string;
  try {
    const commit = await commitOnDefaultBranch(target, { path: 'config/skill.yaml', edit, message: `${title}\n\n${idLines(ids)}\n\nCommitted by the Skills workflow (npm run skill:deploy).` });
    if (!commit) return { kind: 'none' };
    io.out(`Committed the skill IDs to config/skill.yaml on ${commit.branch}${commit.sha ? ` (${commit.sha.slice(0, 7)})` : ''}.`);
    return { kind: 'commit', branch: commit.branch };
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    if (!(err instanceof BranchProtectedError)) {
      io.err(`warning: the new skill IDs are only in the job summary: ${err.message}`);
      return { kind: 'unrecorded', reason: err.message };
    }
    protectedReason = err.message;
    io.err(`warning: ${err.message}: proposing them in a pull request instead`);
  }
  try {
    const url = await proposeFileChange(target, {
      path: 'config/skill.yaml',
      branch: IDS_BRANCH,
      edit,
      title,
      body: `npm run skill:deploy created or found these skills:\n\n${idLines(ids)}\n\nThe default branch refused a direct commit (${protectedReason}). Merging lets the Deploy workflow add the Lambda permissions for them; Deploy then runs the Skills workflow, which reads the IDs from here and sets the endpoints.`,
    });
    if (!url) return { kind: 'none' };
    io.out(`Opened ${url} to record the skill IDs in config/skill.yaml.`);
    return { kind: 'pull-request', url };
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    io.err(`warning: the new skill IDs are only in the job summary: ${err.message}`);
    return { kind: 'unrecorded', reason: err.message };
  }
}

const idLines = (ids: SkillIds) => Object.entries(ids).map(([key, id]) => `- \`${key}: ${id ?? ''}\``).join('\n');

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'config-dir': { type: 'string', default: CONFIG_DIR },
    'package-dir': { type: 'string', default: DEFAULT_PACKAGE_DIR },
  }, USAGE);
  return { configDir: values['config-dir'], packageDir: values['package-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('skill:deploy', main);
}
