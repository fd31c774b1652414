/**
 * What kind of page came back: Home Assistant's JSON, a Cloudflare Access login redirect, a
 * Cloudflare challenge, or some other HTML. Cloudflare is recognised by the same detector the Home
 * Assistant client uses (src/homeassistant/cloudflare.ts).
 */
import { cloudflareAccessLogin, isCloudflareChallenge } from '../../homeassistant/cloudflare.js';
import type { ProbeAnswer } from '../probe.js';

export type AnswerKind = 'access' | 'challenge' | 'html' | 'json' | 'other';

export function answerKind(answer: ProbeAnswer): AnswerKind {
  const header = (name: string): string | undefined => answer.headers[name];
  if (cloudflareAccessLogin(answer.status, header) !== undefined) return 'access';
  const head = answer.body.slice(0, 4000);
  if (isCloudflareChallenge(header, head)) return 'challenge';
  const type = answer.headers['content-type'] ?? '';
  if (type.includes('text/html') || /^\s*<(!doctype|html)/i.test(head)) return 'html';
  if (type.includes('json')) return 'json';
  try {
    JSON.parse(answer.body);
    return 'json';
  } catch {
    return 'other';
  }
}

/** Which product put the page there, from its headers, for the fix sentence. */
export function frontOf(answer: ProbeAnswer): string {
  const server = (answer.headers.server ?? '').toLowerCase();
  if (server.includes('cloudflare') || answer.headers['cf-ray'] !== undefined) return 'Cloudflare';
  if (server !== '') return answer.headers.server?.slice(0, 40) ?? 'a proxy';
  return 'a firewall or reverse proxy';
}

/** The Cloudflare setting to change, in one sentence. */
export const CLOUDFLARE_FIX =
  'In Cloudflare, turn off Security → Bots → Bot Fight Mode (it challenges AWS addresses), or add a WAF custom rule that skips managed challenges for /api/ and /auth/.';

/** A short, single-line excerpt of a body for a value column. */
export function excerpt(text: string, length = 80): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, length);
}
