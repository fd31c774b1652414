import { describeFailure, fixForFailure, type ProbeResult } from '../probe.js';
import type { DoctorCheck } from '../types.js';
import { answerKind, CLOUDFLARE_FIX, frontOf } from './answer.js';
import { ACCESS_LINKING_FIX } from './access.js';
import { portOf } from './bounded.js';
import { MAX_SMALL_BYTES } from './ha-calls.js';

/**
 * Alexa's account linking calls Home Assistant's `/auth/authorize` (in the user's browser) and
 * `/auth/token` (from Amazon's servers), which must answer on HTTPS port 443. Neither call here sends
 * the token, and the token request uses an unknown grant type, which Home Assistant answers with
 * 400 without counting a failed login.
 */
export const linkingCheck: DoctorCheck = {
  name: 'linking',
  title: 'Account linking',
  async run(ctx) {
    if (ctx.config.tokenSource === 'stored') {
      return { status: 'skipped', value: 'HA_TOKEN_SOURCE=stored: the skill is not linked to Home Assistant\'s login', fix: '' };
    }
    const port = portOf(ctx.url);
    const [authorize, token] = await Promise.all([
      // Bare: Amazon's servers and the user's browser carry no Access service token.
      ctx.probe.request({ method: 'GET', path: '/auth/authorize', maxBytes: MAX_SMALL_BYTES, bare: true }),
      ctx.probe.request({ method: 'POST', path: '/auth/token', body: 'grant_type=ha_alexa_doctor_probe', contentType: 'application/x-www-form-urlencoded', maxBytes: MAX_SMALL_BYTES, bare: true }),
    ]);
    const problems: string[] = [];
    let fix = '';
    let code: string | undefined;
    const note = (problem: string, why: string, howToFix: string): void => {
      problems.push(problem);
      code ??= why;
      fix ||= howToFix;
    };
    if (ctx.url.protocol !== 'https:' || port !== ctx.linkingPort) {
      note(
        `${ctx.url.protocol.replace(':', '')} on port ${port}`,
        'not_https_443',
        `Alexa links accounts only over HTTPS on port ${ctx.linkingPort}: forward port ${ctx.linkingPort} to Home Assistant (or use Nabu Casa or a tunnel) and put https://your-host in HOME_ASSISTANT_URL.`,
      );
    }
    judgeAuthorize(authorize, ctx.url, note);
    judgeToken(token, ctx.url, note);
    if (problems.length === 0) return { status: 'ok', value: `/auth/authorize and /auth/token answer on ${ctx.url.host}`, fix: '' };
    return { status: 'fail', ...(code === undefined ? {} : { code }), value: problems.join('; '), fix };
  },
};

type Note = (problem: string, code: string, fix: string) => void;

function judgeAuthorize(answer: ProbeResult, url: URL, note: Note): void {
  if (!answer.ok) {
    note(`/auth/authorize: ${describeFailure(answer, url)}`, answer.reason === 'timeout' ? 'timeout' : 'unreachable', fixForFailure(answer));
    return;
  }
  // A Cloudflare Access login in front of /auth/authorize is fine: the user's browser passes it.
  if (answerKind(answer) === 'access') return;
  if (answerKind(answer) === 'challenge') note(`/auth/authorize: a Cloudflare challenge (HTTP ${answer.status})`, 'challenge', CLOUDFLARE_FIX);
  else if (answer.status === 404) note('/auth/authorize: HTTP 404', 'not_found', 'HOME_ASSISTANT_URL must be Home Assistant\'s own base URL (the login page lives at /auth/authorize).');
  else if (answer.status >= 400) note(`/auth/authorize: HTTP ${answer.status} from ${frontOf(answer)}`, 'http_error', 'Let /auth/ through the proxy or firewall in front of Home Assistant.');
}

function judgeToken(answer: ProbeResult, url: URL, note: Note): void {
  if (!answer.ok) {
    note(`/auth/token: ${describeFailure(answer, url)}`, answer.reason === 'timeout' ? 'timeout' : 'unreachable', fixForFailure(answer));
    return;
  }
  const kind = answerKind(answer);
  if (kind === 'access') note(`/auth/token: a redirect to Cloudflare Access's login (HTTP ${answer.status}), which Amazon's servers cannot pass`, 'cf_access', ACCESS_LINKING_FIX);
  else if (kind === 'challenge') note(`/auth/token: a Cloudflare challenge (HTTP ${answer.status})`, 'challenge', CLOUDFLARE_FIX);
  else if (answer.status === 404) note('/auth/token: HTTP 404', 'not_found', 'HOME_ASSISTANT_URL must be Home Assistant\'s own base URL.');
  else if (answer.status === 405) note(`/auth/token: HTTP 405 from ${frontOf(answer)}`, 'post_blocked', 'Something in front of Home Assistant strips POST: allow POST to /auth/token.');
  else if (kind === 'html') note(`/auth/token: an HTML page from ${frontOf(answer)} (HTTP ${answer.status})`, 'html', 'Let /auth/token reach Home Assistant without a login portal or browser check: Amazon\'s servers call it.');
  else if (answer.status >= 500) note(`/auth/token: HTTP ${answer.status}`, 'http_error', 'Check Home Assistant\'s log.');
}
