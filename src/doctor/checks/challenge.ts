import type { DoctorCheck } from '../types.js';
import { accessVerdict } from './access.js';
import { answerKind, CLOUDFLARE_FIX, excerpt, frontOf } from './answer.js';

/** `GET /api/` is answered by Home Assistant's JSON, not a Cloudflare Access login, a Cloudflare/WAF challenge or another HTML page. */
export const challengeCheck: DoctorCheck = {
  name: 'challenge',
  title: 'Not a challenge page',
  async run(ctx) {
    if (ctx.token === undefined) return { status: 'skipped', value: 'no stored token to ask GET /api/ with', fix: '' };
    const answer = await ctx.apiCall();
    if (!answer.ok) return { status: 'skipped', value: 'Home Assistant did not answer (see the TCP and token lines)', fix: '' };
    const kind = answerKind(answer);
    if (kind === 'access') return accessVerdict('GET /api/', answer.status, ctx.config.cfAccessClientId !== undefined);
    if (kind === 'challenge') {
      return { status: 'fail', code: 'challenge', value: `GET /api/ got a Cloudflare challenge page (HTTP ${answer.status}) instead of Home Assistant`, fix: CLOUDFLARE_FIX };
    }
    if (kind === 'html') {
      return {
        status: 'fail',
        code: 'html',
        value: `GET /api/ got an HTML page from ${frontOf(answer)} (HTTP ${answer.status}: "${excerpt(answer.body, 60)}") where JSON was expected`,
        fix: 'Point HOME_ASSISTANT_URL at Home Assistant itself, and let /api/ through the login portal, firewall or proxy in front of it without a browser check.',
      };
    }
    return { status: 'ok', value: `GET /api/ answered ${kind === 'json' ? 'JSON' : 'plain text'} (HTTP ${answer.status})`, fix: '' };
  },
};
