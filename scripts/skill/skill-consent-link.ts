/**
 * node dist/tools/skill-consent-link.mjs [--config-dir config]   (the Deploy workflow, last step)
 *
 * Puts the Skills workflow's consent link into the Deploy run's summary while the skills have no
 * Login with Amazon refresh token. This script will:
 *   1. read lwa_client_id from config/deploy.yaml (or the LWA_CLIENT_ID secret);
 *   2. stop quietly when skills as code is off (no client ID, no LWA secret) or a refresh token is
 *      there: the LWA_REFRESH_TOKEN secret (HAS_LWA_REFRESH_TOKEN=true) or the one stored at
 *      `<parameter_prefix>/skills/lwa_refresh_token` (read with the deploy role);
 *   3. otherwise write the consent steps (skill-credentials.ts) to the job summary.
 * It never reads a secret's value: the workflow passes only whether each secret is set.
 */
import { createSsmClient } from '../aws/aws-clients.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { loadDeployConfig } from '../config/deploy-config.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { appendStepSummary } from '../shared/step-summary.js';
import { workflowRedirectUri } from './lwa.js';
import { readStoredRefreshToken, refreshTokenParameterName } from './refresh-token-store.js';
import { consentSteps } from './skill-credentials.js';

const USAGE = 'usage: node dist/tools/skill-consent-link.mjs [--config-dir config]';

export const main: Main = async (argv, env, io) => {
  const values = parseOptions(argv, { 'config-dir': { type: 'string', default: CONFIG_DIR } }, USAGE);
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const deploy = loadDeployConfig(values['config-dir']);
  const set = (name: string) => env[`HAS_${name}`] === 'true';
  const clientId = deploy.lwaClientId ?? (set('LWA_CLIENT_ID') ? 'the LWA_CLIENT_ID secret' : undefined);
  if (!clientId && !set('LWA_CLIENT_SECRET')) {
    io.out('Skills as code is off (no lwa_client_id in config/deploy.yaml, no LWA secrets): no consent link.');
    return 0;
  }
  if (set('LWA_REFRESH_TOKEN')) {
    io.out('The LWA_REFRESH_TOKEN secret is set: the Skills workflow uses it, no consent needed.');
    return 0;
  }
  if (deploy.accountId && (await readStoredRefreshToken(createSsmClient(deploy.region), deploy.parameterPrefix))) {
    io.out(`A refresh token is stored at ${refreshTokenParameterName(deploy.parameterPrefix)}: no consent needed.`);
    return 0;
  }
  const missing = [
    ...(deploy.lwaClientId || set('LWA_CLIENT_ID') ? [] : [`lwa_client_id in ${deploy.file}`]),
    ...(set('LWA_CLIENT_SECRET') ? [] : ['the LWA_CLIENT_SECRET secret of the production environment']),
  ];
  // The LWA_CLIENT_ID secret's value is not passed here: the link needs the ID in config/deploy.yaml.
  const steps = consentSteps({ missing, clientId: deploy.lwaClientId, redirectUri: workflowRedirectUri(env.GITHUB_SERVER_URL?.trim() || 'https://github.com', env.GITHUB_REPOSITORY?.trim() || '<owner>/<repo>') });
  appendStepSummary(env, steps.markdown);
  io.out(steps.line);
  return 0;
};

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('skill-consent-link', main);
}
