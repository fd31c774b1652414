/**
 * What the doctor says when Cloudflare Access answers instead of Home Assistant (a redirect to its
 * `*.cloudflareaccess.com` login page).
 *
 * @see https://developers.cloudflare.com/cloudflare-one/identity/service-tokens/
 * @see https://developers.cloudflare.com/cloudflare-one/policies/access/#bypass
 */
import { CLOUDFLARE_ACCESS_FIX } from '../../homeassistant/cloudflare.js';
import type { CheckResult } from '../types.js';

/** Amazon's servers call /auth/token for account linking and carry no service token. */
export const ACCESS_LINKING_FIX =
  'In Cloudflare Zero Trust, add an Access application for your-host/auth/token with a Bypass policy (Amazon\'s servers call it without a login); /auth/authorize goes through Access in your browser as usual.';

/** The verdict for a call the Lambda makes with (or without) the service token. */
export function accessVerdict(call: string, status: number, tokenSet: boolean): Omit<CheckResult, 'name' | 'title'> {
  return {
    status: 'fail',
    code: 'cf_access',
    value: `${call} was redirected to Cloudflare Access's login page (HTTP ${status}) ${tokenSet ? 'although a service token was sent' : 'instead of reaching Home Assistant'}`,
    fix: tokenSet
      ? 'Check that the service token in HA_CF_ACCESS_CLIENT_ID / HA_CF_ACCESS_CLIENT_SECRET is not expired or revoked, and that the Access application has a Service Auth policy that includes it.'
      : `${CLOUDFLARE_ACCESS_FIX.charAt(0).toUpperCase()}${CLOUDFLARE_ACCESS_FIX.slice(1)}.`,
  };
}
