import { isIP } from 'node:net';
import type { DoctorCheck } from '../types.js';
import { bounded, DoctorTimeout, hostOf } from './bounded.js';

/**
 * The Home Assistant host resolves from where the Lambda runs (AWS's resolver, not your home's),
 * and to an address AWS can reach.
 */
export const dnsCheck: DoctorCheck = {
  name: 'dns',
  title: 'DNS',
  async run(ctx) {
    const host = hostOf(ctx.url);
    const started = performance.now();
    let addresses: readonly { address: string }[];
    if (isIP(host) !== 0) {
      addresses = [{ address: host }];
    } else {
      try {
        addresses = await bounded(ctx.lookup(host), ctx.deadline);
      } catch (error) {
        if (error instanceof DoctorTimeout) {
          return { status: 'fail', code: 'timeout', value: `no answer for ${host} (${error.message})`, fix: 'Check the DNS records of the host in HOME_ASSISTANT_URL.' };
        }
        const code = String((error as NodeJS.ErrnoException).code ?? 'error');
        return {
          status: 'fail',
          code: 'dns',
          value: `${host} does not resolve (${code})`,
          fix: 'Use a public host name in HOME_ASSISTANT_URL (your DuckDNS, Nabu Casa or own domain), not a name only your home network knows.',
        };
      }
    }
    const ms = Math.round(performance.now() - started);
    const list = addresses.map((entry) => entry.address).slice(0, 4).join(', ');
    const unreachable = addresses.filter((entry) => isPrivateAddress(entry.address));
    if (unreachable.length === addresses.length) {
      return {
        status: 'warn',
        code: 'private_address',
        value: `${host} → ${list} (a private or loopback address) in ${ms} ms`,
        fix: 'AWS cannot reach a private address: use the public address or name of your Home Assistant in HOME_ASSISTANT_URL.',
      };
    }
    return { status: 'ok', value: `${host} → ${list} in ${ms} ms`, fix: '' };
  },
};

/** Loopback, RFC 1918, link-local, CGNAT and IPv6 unique-local addresses: none is reachable from AWS. */
export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 6) {
    const lower = address.toLowerCase();
    if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
    return lower === '::1' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80');
  }
  const [a = -1, b = -1] = address.split('.').map(Number);
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
