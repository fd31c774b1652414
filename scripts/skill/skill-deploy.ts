/**
 * npm run skill:deploy -- [--config-dir config] [--package-dir skill-package]
 *
 * Creates or updates both Alexa skills through SMAPI, so no one clicks through the developer
 * console. This script will:
 *   1. read config/skill.yaml, config/parameters.yaml (Home Assistant's address) and skill-package/;
 *   2. get an access token from Login with Amazon (LWA_CLIENT_ID, LWA_CLIENT_SECRET, LWA_REFRESH_TOKEN)
 *      and discover the vendor ID (GET /v1/vendors; ASK_VENDOR_ID overrides);
 *   3. find each skill (the ID in config/skill.yaml, else its kind and name) or create it;
 *   4. record new IDs: in GitHub Actions, the job summary and a pull request that sets them in
 *      config/skill.yaml; on a computer, config/skill.yaml itself;
 *   5. update the manifest, the interaction models and account linking only where they differ,
 *      waiting on each build, and enable the Custom skill for testing once it has its endpoint (the
 *      Smart Home skill is enabled in the Alexa app, while linking it to Home Assistant).
 * Each skill is synced on its own: one failing does not stop the other, but the run ends red,
 * naming it. A second run with nothing changed writes nothing. SMAPI_ENDPOINT and LWA_TOKEN_URL point it
 * elsewhere (the tests use a loopback fake).
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
import { loadDeployConfigIfPresent } from '../config/deploy-config.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { proposeFileChange } from './github-pull-request.js';
import { accessTokenFromRefreshToken, DEFAULT_LWA_TOKEN_URL } from './lwa.js';
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
    const [skillConfig, parameters] = loadAll([() => loadSkillConfig(args.configDir), () => loadParametersConfig(args.configDir)] as const);
    // A public repository's log is public: masks for every form of the address (HA_URL as given
    // too: GitHub masks the secret only in that form), and the address left out of each line.
    const forms = [...new Set([env.HA_URL, parameters.homeassistant.url].flatMap((url) => addressForms(url)))];
    maskAddress(env, consoleIo, forms);
    const io = redactingIo(env, consoleIo, forms);
    const lwa = requireLwa(env);
    const haUrl = requireHaUrl(env.HA_URL?.trim() || parameters.homeassistant.url, parameters.file);
    // config/deploy.yaml says where the function is (region, account, name); the environment may override.
    const account = loadDeployConfigIfPresent(args.configDir)?.accountId;
    const endpoint = resolveEndpointArn({ ...(account ? { AWS_ACCOUNT_ID: account } : {}), ...withDeploySettings(env, args.configDir) });
    assertRegionServesLocales(endpoint.region, skillConfig.locales);
    const { skills, warnings } = buildSkillPackage({ dir: args.packageDir, locales: skillConfig.locales, invocationName: skillConfig.invocationName, endpoint, haUrl });
    for (const line of warnings) io.err(`warning: ${line}`);

    io.out(`Alexa skills → ${endpoint.arn}, account linking to ${haUrl}`);
    const accessToken = await accessTokenFromRefreshToken({ clientId: lwa.clientId, clientSecret: lwa.clientSecret, tokenUrl: env.LWA_TOKEN_URL?.trim() || DEFAULT_LWA_TOKEN_URL }, lwa.refreshToken);
    const smapi = new SmapiClient({ endpoint: env.SMAPI_ENDPOINT?.trim() || DEFAULT_SMAPI_ENDPOINT, accessToken, ...(testOptions.retryDelayMs === undefined ? {} : { retryDelayMs: testOptions.retryDelayMs }) });
    const context: SkillContext = { smapi, io, timing: testOptions.timing ?? DEFAULT_TIMING };
    const vendorId = await resolveVendor(smapi, env, io);

    const known: SkillIds = {
      ...(skillConfig.smartHomeSkillId ? { smart_home_skill_id: skillConfig.smartHomeSkillId } : {}),
      ...(skillConfig.customSkillId ? { custom_skill_id: skillConfig.customSkillId } : {}),
    };
    const { resolved, failures } = await resolveSkills(context, vendorId, skills, known);
    const ids = newSkillIds(resolved, known);
    const record = await recordIds(ids, join(args.configDir, SKILL_FILE), skillConfig.file, env, io);

    const outcomes = await syncSkills(context, resolved);
    appendStepSummary(env, formatSkillsMarkdown(outcomes, ids, record, failures));
    assertAllSynced(failures, outcomes);
    const changed = outcomes.filter((outcome) => outcome.changes.length > 0).length;
    io.out(changed === 0 ? 'Both skills are up to date: nothing written.' : `Done: ${changed} of ${outcomes.length} skills changed.`);
    return 0;
  };
}

function requireLwa(env: NodeJS.ProcessEnv) {
  const clientId = env.LWA_CLIENT_ID?.trim();
  const clientSecret = env.LWA_CLIENT_SECRET?.trim();
  const refreshToken = env.LWA_REFRESH_TOKEN?.trim();
  const missing = [...(clientId ? [] : ['LWA_CLIENT_ID']), ...(clientSecret ? [] : ['LWA_CLIENT_SECRET']), ...(refreshToken ? [] : ['LWA_REFRESH_TOKEN'])];
  if (missing.length > 0 || !clientId || !clientSecret || !refreshToken) {
    throw new ScriptError(`${missing.join(', ')} not set: run npm run skill:login once on your computer and store what it prints as secrets of the production environment (SETUP.md, "Skills as code")`);
  }
  return { clientId, clientSecret, refreshToken };
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

/** New IDs go to a pull request in Actions, to the file on a computer; failing to record them only warns (they are in the summary). */
async function recordIds(ids: SkillIds, path: string, shown: string, env: NodeJS.ProcessEnv, io: Io): Promise<IdsRecord> {
  if (Object.keys(ids).length === 0) return { kind: 'none' };
  if (env.GITHUB_ACTIONS !== 'true') {
    writeFileSync(path, setSkillIds(readFileSync(path, 'utf8'), ids));
    io.out(`Wrote the skill IDs to ${shown}: commit and push it, so the Deploy workflow lets the skills call the Lambda.`);
    return { kind: 'file', file: shown };
  }
  const token = env.GITHUB_TOKEN?.trim();
  const repository = env.GITHUB_REPOSITORY?.trim();
  if (!token || !repository) {
    const reason = 'GITHUB_TOKEN or GITHUB_REPOSITORY is not set';
    io.err(`warning: the new skill IDs are only in the job summary (${reason})`);
    return { kind: 'unrecorded', reason };
  }
  try {
    const url = await proposeFileChange(
      { apiUrl: env.GITHUB_API_URL?.trim() || 'https://api.github.com', repository, token },
      {
        path: 'config/skill.yaml',
        branch: IDS_BRANCH,
        edit: (current) => setSkillIds(current, ids),
        title: 'Record the Alexa skill IDs in config/skill.yaml',
        body: `npm run skill:deploy created or found these skills:\n\n${Object.entries(ids).map(([key, id]) => `- \`${key}: ${id ?? ''}\``).join('\n')}\n\nMerging lets the Deploy workflow add the Lambda permissions for them; the skill workflow then reads the IDs from here instead of searching by name.`,
      },
    );
    if (!url) return { kind: 'none' };
    io.out(`Opened ${url} to record the skill IDs in config/skill.yaml.`);
    return { kind: 'pull-request', url };
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    io.err(`warning: the new skill IDs are only in the job summary: ${err.message}`);
    return { kind: 'unrecorded', reason: err.message };
  }
}

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
