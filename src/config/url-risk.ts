import { isIP } from 'node:net';

/** True for loopback, RFC 1918, link-local, CGNAT, `.local`/`.lan` and IPv6 ULA hosts. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.lan') || host.endsWith('.home.arpa')) return true;
  const family = isIP(host);
  if (family === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (family === 6) return host === '::1' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80');
  return false;
}

/** A warning when a plain-http URL leaves the local network (tokens would cross the internet unencrypted). */
export function describeUrlRisk(url: string): string | undefined {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || isPrivateHost(parsed.hostname)) return undefined;
  return `HOME_ASSISTANT_URL uses plain http:// to ${parsed.hostname}, outside loopback and private ranges: tokens would cross the internet unencrypted; use https://`;
}
