/**
 * The Login with Amazon credentials a Skills run uses, in this order:
 *   1. the client ID: the LWA_CLIENT_ID secret (the `npm run skill:login` path), else lwa_client_id
 *      in config/deploy.yaml; the client secret: the LWA_CLIENT_SECRET secret;
 *   2. the refresh token: the LWA_REFRESH_TOKEN secret wins; else a consent code pasted into the
 *      workflow's `consent` input, exchanged at once and stored in Parameter Store; else the token
 *      stored there by an earlier consent run;
 *   3. none of these: the run asks for the consent (the link goes to the job summary).
 * Every secret is registered with `::add-mask::` before anything could print it.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { DeployConfig } from '../config/deploy-config.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { DEFAULT_LWA_TOKEN_URL, refreshTokenFromCode, workflowConsentUrl, workflowRedirectUri, type LwaClient, type RefreshTokenOrigin } from './lwa.js';
import { readStoredRefreshToken, refreshTokenParameterName, storeRefreshToken } from './refresh-token-store.js';

export interface SkillCredentials extends LwaClient {
  refreshToken: string;
  /** Which refresh token this run uses, for the log. */
  source: string;
  /** How a refusal of it names it and says to renew it. */
  origin?: RefreshTokenOrigin;
}

/** Nothing to act with yet: what the user does next (markdown for the summary, one line for the log). */
export interface ConsentNeeded {
  markdown: string;
  line: string;
}

export type CredentialsResult = { kind: 'ready'; credentials: SkillCredentials } | { kind: 'consent-needed'; consent: ConsentNeeded };

/** `::add-mask::` for a value in GitHub Actions, so the runner prints `***` for it from now on. */
export function maskSecret(env: NodeJS.ProcessEnv, io: Io, value: string | undefined): void {
  if (env.GITHUB_ACTIONS !== 'true' || !value) return;
  io.out(`::add-mask::${value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);
}

/** The `consent` input of a workflow_dispatch run, read from the event payload (never from an env: GitHub prints a step's env). */
export function consentInput(env: NodeJS.ProcessEnv, readEvent: (path: string) => string): string | undefined {
  if (env.GITHUB_EVENT_NAME !== 'workflow_dispatch' || !env.GITHUB_EVENT_PATH) return undefined;
  const event = JSON.parse(readEvent(env.GITHUB_EVENT_PATH)) as { inputs?: { consent?: unknown } };
  const consent = event.inputs?.consent;
  return typeof consent === 'string' && consent.trim() !== '' ? consent.trim() : undefined;
}

export interface CredentialsInput {
  env: NodeJS.ProcessEnv;
  io: Io;
  deploy: Pick<DeployConfig, 'file' | 'lwaClientId' | 'parameterPrefix'> | undefined;
  /** The consent code (already masked), when the run got one. */
  code: string | undefined;
  /** Parameter Store with the deploy role's credentials; undefined when the run has none (on a computer). */
  ssm: SSMClient | undefined;
}

export async function resolveSkillCredentials(input: CredentialsInput): Promise<CredentialsResult> {
  const { env, io, deploy, code, ssm } = input;
  const clientId = env.LWA_CLIENT_ID?.trim() || deploy?.lwaClientId;
  const clientSecret = env.LWA_CLIENT_SECRET?.trim();
  const secretToken = env.LWA_REFRESH_TOKEN?.trim();
  const tokenUrl = env.LWA_TOKEN_URL?.trim() || DEFAULT_LWA_TOKEN_URL;
  const redirectUri = workflowRedirectUri(env.GITHUB_SERVER_URL?.trim() || 'https://github.com', env.GITHUB_REPOSITORY?.trim() || '<owner>/<repo>');
  if (!clientId || !clientSecret) {
    const missing = [
      ...(clientId ? [] : [`lwa_client_id in ${deploy?.file ?? 'config/deploy.yaml'} (or the LWA_CLIENT_ID secret)`]),
      ...(clientSecret ? [] : ['the LWA_CLIENT_SECRET secret of the production environment']),
    ];
    if (secretToken || code) throw new ScriptError(`${missing.join(' and ')} not set: the skills need your Login with Amazon security profile (SETUP.md, "Skills as code")`);
    return { kind: 'consent-needed', consent: consentSteps({ missing, clientId, redirectUri }) };
  }
  const client = { clientId, clientSecret, tokenUrl };
  const prefix = deploy?.parameterPrefix;
  if (code) {
    io.out('Exchanging the consent code at Login with Amazon (it works once, for 5 minutes after Allow)…');
    const refreshToken = await refreshTokenFromCode(client, code, redirectUri);
    maskSecret(env, io, refreshToken);
    if (!ssm || !prefix) throw new ScriptError('the consent code needs the deploy role to store the refresh token: config/deploy.yaml needs account_id');
    io.out(`Stored the refresh token as a SecureString at ${await storeRefreshToken(ssm, prefix, refreshToken)}; the next runs use it.`);
    if (!secretToken) return { kind: 'ready', credentials: { ...client, refreshToken, source: `the consent just given (stored at ${refreshTokenParameterName(prefix)})` } };
  }
  if (secretToken) {
    return { kind: 'ready', credentials: { ...client, refreshToken: secretToken, source: 'the LWA_REFRESH_TOKEN secret (it wins over a stored token; delete the secret to use the stored one)' } };
  }
  const stored = ssm && prefix ? await readStoredRefreshToken(ssm, prefix) : undefined;
  if (stored && prefix) {
    maskSecret(env, io, stored);
    const origin = {
      name: `the refresh token stored at ${refreshTokenParameterName(prefix)}`,
      renew: `give the consent again: open ${workflowConsentUrl(clientId, redirectUri)} , choose Allow, and run the Skills workflow with the address in its consent input (the new token replaces the stored one)`,
    };
    return { kind: 'ready', credentials: { ...client, refreshToken: stored, source: origin.name, origin } };
  }
  return { kind: 'consent-needed', consent: consentSteps({ missing: [], clientId, redirectUri }) };
}

/** The consent steps for the summary: what is missing, the link, and where to paste the address. */
export function consentSteps(input: { missing: readonly string[]; clientId: string | undefined; redirectUri: string }): ConsentNeeded {
  const lines = ['## Alexa skills: one consent needed', '', 'The Skills workflow creates and updates your Alexa skills once you let it, one time:', ''];
  let step = 1;
  for (const missing of input.missing) lines.push(`${step++}. Set ${missing}.`);
  const link = input.clientId ? workflowConsentUrl(input.clientId, input.redirectUri) : undefined;
  lines.push(
    `${step++}. Open ${link ? `[the consent link](${link})` : 'the consent link this summary shows once lwa_client_id is set'}, sign in with your Amazon developer account and choose **Allow**. ` +
      `(The security profile's Web Settings must allow the return URL \`${input.redirectUri}\`.)`,
    `${step}. The browser lands on the Skills workflow page. Copy the whole address (it contains \`?code=\`), choose **Run workflow** and paste it into **consent** within 5 minutes: a code works once.`,
  );
  if (link) lines.push('', '```text', link, '```');
  lines.push('', 'After that nothing else is needed here: the run stores the refresh token, creates the skills, records their IDs and starts Deploy, which starts this workflow again to point the skills at the Lambda.');
  const line = input.missing.length > 0 ? `Skills as code waits for ${input.missing.join(' and ')}, then the consent (the steps are in the job summary).` : 'No refresh token yet: open the consent link in the job summary, then run this workflow with the address in its consent input.';
  return { markdown: lines.join('\n'), line };
}
