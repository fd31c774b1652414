import type { DoctorCheck } from '../types.js';
import { describeFailure, fixForFailure } from '../probe.js';
import { answerKind } from './answer.js';

const NEW_TOKEN =
  'In Home Assistant open your profile → Security → Long-lived access tokens → Create token, then store it as the homeassistant/token parameter (or HOME_ASSISTANT_TOKEN) and deploy again.';

/**
 * `GET /api/` with the stored token, once, never retried: Home Assistant bans an IP after repeated
 * failed logins, so a rejected token must not be tried again.
 */
export const tokenCheck: DoctorCheck = {
  name: 'token',
  title: 'Token',
  async run(ctx) {
    if (ctx.token === undefined) {
      return ctx.config.tokenSource === 'directive'
        ? { status: 'skipped', value: 'HA_TOKEN_SOURCE=directive: only Alexa\'s linked token is used', fix: 'Store a long-lived token too if you want the doctor to check Home Assistant with it.' }
        : { status: 'fail', code: 'no_token', value: 'no stored token', fix: NEW_TOKEN };
    }
    const answer = await ctx.apiCall();
    if (!answer.ok) return { status: 'fail', code: answer.reason === 'timeout' ? 'timeout' : 'unreachable', value: describeFailure(answer, ctx.url), fix: fixForFailure(answer) };
    const kind = answerKind(answer);
    if (kind === 'access' || kind === 'challenge' || kind === 'html') return { status: 'skipped', value: `an HTML page answered (HTTP ${answer.status}), not Home Assistant`, fix: 'See the challenge line.' };
    if (answer.status === 200) return { status: 'ok', value: `GET /api/ accepted the token (HTTP 200 in ${answer.ms} ms)`, fix: '' };
    if (answer.status === 401) {
      return { status: 'fail', code: 'invalid_token', value: 'HTTP 401: the token is invalid, expired or was deleted in Home Assistant', fix: NEW_TOKEN };
    }
    if (answer.status === 403) {
      return {
        status: 'fail',
        code: 'banned',
        value: 'HTTP 403: Home Assistant refuses this address, probably banned after failed logins (ip_ban_enabled)',
        fix: 'Remove the AWS address from ip_bans.yaml in your Home Assistant config folder, restart Home Assistant, and fix the token first so it is not banned again.',
      };
    }
    if (answer.status === 404) {
      return { status: 'fail', code: 'not_found', value: 'HTTP 404 on /api/: this is not Home Assistant\'s REST API', fix: 'HOME_ASSISTANT_URL must be the base URL of Home Assistant, without a path such as /lovelace.' };
    }
    return { status: 'fail', code: 'http_error', value: `HTTP ${answer.status} on /api/`, fix: 'Check Home Assistant\'s log and the proxy in front of it.' };
  },
};
