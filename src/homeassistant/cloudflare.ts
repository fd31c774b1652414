/**
 * Recognises Cloudflare in front of Home Assistant answering instead of it: a challenge (Bot Fight
 * Mode, a managed challenge, a WAF block page) or a Cloudflare Access login redirect. One detector,
 * used by the Home Assistant client (so Alexa's error names the cause) and by the doctor (so its
 * table does), so the two never disagree about what a page is.
 *
 * @see https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/
 * @see https://developers.cloudflare.com/cloudflare-one/identity/service-tokens/
 */

/** Reads a response header by lower-case name. */
export type HeaderReader = (name: string) => string | undefined;

/** How much of a body is searched for the challenge page's marks. */
const HEAD_CHARS = 4000;

/**
 * The signs of a Cloudflare challenge, each enough on its own:
 * - the `cf-mitigated: challenge` header, which Cloudflare documents as the way to detect one;
 * - the challenge page's script parameters (`cf_chl_opt`, `cf-chl-…`) or its
 *   `/cdn-cgi/challenge-platform/` script;
 * - the interstitial's title, "Just a moment...";
 * - the WAF block page's title, "Attention Required! | Cloudflare".
 */
const CHALLENGE_MARKS = /cf[-_]chl|challenge-platform|Just a moment\.\.\.|Attention Required! \| Cloudflare/i;

/** Whether an answer is a Cloudflare challenge or block page rather than Home Assistant. */
export function isCloudflareChallenge(header: HeaderReader, body: string): boolean {
  return header('cf-mitigated')?.trim().toLowerCase() === 'challenge' || CHALLENGE_MARKS.test(body.slice(0, HEAD_CHARS));
}

/**
 * The Cloudflare Access login host an answer redirects to (`<team>.cloudflareaccess.com`), or
 * undefined. Access answers a request without a valid service token or session with a redirect to
 * its login page, which a Lambda can never complete.
 */
export function cloudflareAccessLogin(status: number, header: HeaderReader): string | undefined {
  if (status < 300 || status >= 400) return undefined;
  const location = header('location');
  if (location === undefined) return undefined;
  let host: string;
  try {
    host = new URL(location, 'https://invalid.invalid').hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return host === 'cloudflareaccess.com' || host.endsWith('.cloudflareaccess.com') ? host : undefined;
}

/** The two settings that let the Lambda through Cloudflare Access, named in every Access error. */
export const CLOUDFLARE_ACCESS_FIX =
  'create a Cloudflare Access service token, add a Service Auth policy for it to the Home Assistant application, and set HA_CF_ACCESS_CLIENT_ID and HA_CF_ACCESS_CLIENT_SECRET (homeassistant.cf_access_client_id in config/parameters.yaml, the HA_CF_ACCESS_CLIENT_SECRET secret)';

/** The service token the settings give, or undefined (the settings' check makes sure both or neither are set). */
export function cfAccessOf(config: {
  readonly cfAccessClientId: string | undefined;
  readonly cfAccessClientSecret: string | undefined;
}): { readonly clientId: string; readonly clientSecret: string } | undefined {
  const { cfAccessClientId: clientId, cfAccessClientSecret: clientSecret } = config;
  return clientId === undefined || clientSecret === undefined ? undefined : { clientId, clientSecret };
}
