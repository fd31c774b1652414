import { isIP } from 'node:net';
import { checkServerIdentity, connect, rootCertificates, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { CheckResult, DoctorCheck, DoctorContext } from '../types.js';
import { hostOf, portOf } from './bounded.js';

/** Days before expiry under which the doctor warns, and fails. */
export const TLS_WARN_DAYS = 21;
export const TLS_FAIL_DAYS = 7;

const DAY_MS = 86_400_000;

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);
const INCOMPLETE_CHAIN = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);

type Verdict = Omit<CheckResult, 'name' | 'title'>;

/**
 * The certificate Home Assistant serves, as the Lambda sees it: verified with Node's public CAs (plus
 * `HA_CA_BUNDLE`), matching the host name, not self-signed, and not about to expire.
 */
export const tlsCheck: DoctorCheck = {
  name: 'tls',
  title: 'TLS certificate',
  async run(ctx) {
    if (ctx.url.protocol !== 'https:') {
      return { status: 'skipped', value: 'HOME_ASSISTANT_URL is plain http', fix: 'Alexa account linking needs https: put Home Assistant behind a certificate (Let\'s Encrypt, Nabu Casa or a tunnel).' };
    }
    const seen = await handshake(ctx);
    if ('error' in seen) {
      return { status: 'fail', code: seen.code, value: seen.error, fix: 'Make sure Home Assistant answers TLS on the host and port of HOME_ASSISTANT_URL.' };
    }
    return judge(seen, ctx);
  },
};

interface Seen {
  readonly authorized: boolean;
  readonly authorizationError: string | undefined;
  readonly cert: DetailedPeerCertificate;
}

function handshake(ctx: DoctorContext): Promise<Seen | { error: string; code: string }> {
  const host = hostOf(ctx.url);
  return new Promise((resolve) => {
    const { signal } = ctx.deadline;
    if (signal.aborted) {
      resolve({ error: 'no handshake within the budget', code: 'timeout' });
      return;
    }
    const socket: TLSSocket = connect({
      host,
      port: portOf(ctx.url),
      ...(isIP(host) === 0 ? { servername: host } : {}),
      // Verification is judged below, so that a bad certificate is described instead of refused.
      rejectUnauthorized: false,
      ...(ctx.config.caBundle === undefined ? {} : { ca: [...rootCertificates, ctx.config.caBundle] }),
    });
    const done = (result: Seen | { error: string; code: string }): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => done({ error: 'no handshake within the budget', code: 'timeout' });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const error = socket.authorizationError as Error | string | null;
      done({
        authorized: socket.authorized,
        authorizationError: error === null ? undefined : typeof error === 'string' ? error : ((error as NodeJS.ErrnoException).code ?? error.message),
        cert: socket.getPeerCertificate(true),
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done({ error: `TLS handshake failed (${error.code ?? error.message.slice(0, 80)})`, code: 'tls' }));
  });
}

function judge(seen: Seen, ctx: DoctorContext): Verdict {
  const { cert } = seen;
  const host = hostOf(ctx.url);
  const expires = new Date(cert.valid_to);
  const days = Math.floor((expires.getTime() - Date.now()) / DAY_MS);
  const expiry = Number.isNaN(days) ? 'expiry unknown' : `leaf expires in ${days} days (${expires.toISOString().slice(0, 10)})`;
  const selfSigned = isSelfSigned(cert);
  const identity = checkServerIdentity(host, cert);
  const bypass = ctx.config.verifySsl ? '' : ' HA_VERIFY_SSL=false hides this from the bridge, but Alexa\'s account linking still refuses it.';

  if (!seen.authorized) {
    const error = seen.authorizationError ?? 'unknown';
    if (identity !== undefined || error === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      return { status: 'fail', code: 'hostname', value: `the certificate is not valid for ${host} (it names ${certNames(cert)}); ${expiry}`, fix: `Issue the certificate for ${host}, or use in HOME_ASSISTANT_URL the name the certificate is for.${bypass}` };
    }
    if (selfSigned || SELF_SIGNED.has(error)) {
      return { status: 'fail', code: 'self_signed', value: `self-signed certificate (${error}); ${expiry}`, fix: `Use a publicly trusted certificate (Let's Encrypt, Nabu Casa), or put this certificate in HA_CA_BUNDLE.${bypass}` };
    }
    if (error === 'CERT_HAS_EXPIRED') {
      return { status: 'fail', code: 'expired', value: `the certificate expired on ${expires.toISOString().slice(0, 10)}`, fix: 'Renew the certificate (check that the Let\'s Encrypt or Certbot renewal runs).' };
    }
    if (INCOMPLETE_CHAIN.has(error)) {
      return { status: 'fail', code: 'incomplete_chain', value: `the chain does not verify (${error}): intermediate certificate missing; ${expiry}`, fix: `Serve the full chain (fullchain.pem, not cert.pem) from Home Assistant or its proxy, or put your CA in HA_CA_BUNDLE.${bypass}` };
    }
    return { status: 'fail', code: 'untrusted', value: `the certificate does not verify (${error}); ${expiry}`, fix: `Use a publicly trusted certificate with its full chain, or put your CA in HA_CA_BUNDLE.${bypass}` };
  }
  if (identity !== undefined) {
    return { status: 'fail', code: 'hostname', value: `the certificate is not valid for ${host} (it names ${certNames(cert)})`, fix: `Issue the certificate for ${host}, or use in HOME_ASSISTANT_URL the name the certificate is for.` };
  }
  const trust = selfSigned ? 'self-signed, trusted through HA_CA_BUNDLE' : 'chain verifies';
  if (days < TLS_FAIL_DAYS) {
    return { status: 'fail', code: 'expiring', value: `${trust}; ${expiry}`, fix: 'Renew the certificate now: Alexa stops reaching Home Assistant the day it expires.' };
  }
  if (days < TLS_WARN_DAYS) {
    return { status: 'warn', code: 'expiring', value: `${trust}; ${expiry}`, fix: `Renew the certificate within ${days} days (check that automatic renewal runs).` };
  }
  return { status: 'ok', value: `${trust}; ${expiry}`, fix: '' };
}

/** Issued by itself: the issuer's name is the subject's (a leaf whose CA is missing is not). */
function isSelfSigned(cert: DetailedPeerCertificate): boolean {
  return JSON.stringify(cert.issuer) === JSON.stringify(cert.subject);
}

function certNames(cert: DetailedPeerCertificate): string {
  const alt = cert.subjectaltname?.replace(/DNS:|IP Address:/g, '');
  const subject = cert.subject as Partial<Record<string, string | string[]>> | undefined;
  const cn = subject?.CN;
  return (alt ?? (Array.isArray(cn) ? cn.join(', ') : cn) ?? 'no name').slice(0, 120);
}
