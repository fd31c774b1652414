/**
 * The Home Assistant address in every form a log may show it, for GitHub's masking and for
 * redacting text that goes where masking does not reach (issues, pull requests, summaries).
 *
 * GitHub masks a secret only in the exact form it was stored: with `HA_URL=https://ha.example.com/`
 * a script that prints `https://ha.example.com` or `ha.example.com:443` shows it in the clear. So
 * the jobs register every form, the resolved addresses too, with the `::add-mask::` workflow command.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#masking-a-value-in-a-log
 */
import { isIP } from 'node:net';
import type { Io } from './io.js';
import { logShowsDetails } from './step-summary.js';

/** Shorter strings would mask unrelated text (a bare port, a one-letter host). */
const MIN_LENGTH = 4;

/** What redacted text says instead of the address. */
export const ADDRESS_PLACEHOLDER = '<your Home Assistant>';

/**
 * The URL as given, without and with a trailing `/`, its origin, host, host:port (the port given or
 * the scheme's default) and each of `addresses`; longest first, so that redacting the URL goes
 * before its host.
 */
export function addressForms(url: string | null | undefined, addresses: readonly string[] = []): string[] {
  const forms = new Set<string>();
  const raw = url?.trim() ?? '';
  if (raw !== '') {
    const bare = raw.replace(/\/+$/, '');
    forms.add(raw).add(bare).add(`${bare}/`);
    try {
      const parsed = new URL(raw);
      const port = parsed.port || (parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '');
      const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
      forms.add(parsed.origin).add(parsed.host).add(parsed.hostname).add(host);
      if (port !== '') forms.add(`${parsed.hostname}:${port}`).add(`${host}:${port}`);
    } catch {
      // not a URL: the raw forms are all there is
    }
  }
  for (const address of addresses) forms.add(address.trim());
  return [...forms].filter((form) => form.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
}

/** Every IPv4 and IPv6 address in `text` (a doctor line such as `ha.example.com → 203.0.113.7, 2001:db8::7`). */
export function addressesIn(text: string): string[] {
  const found = new Set<string>();
  for (const token of text.split(/[\s,;()"'[\]<>→]+/)) {
    const candidates = [token, token.replace(/[.:]+$/, ''), token.replace(/:\d+$/, '')];
    const address = candidates.find((candidate) => isIP(candidate) !== 0);
    if (address !== undefined) found.add(address);
  }
  return [...found];
}

/** `text` with each of `forms` (longest first, as {@link addressForms} sorts them), and any `:port` after one, replaced. */
export function redactAddress(text: string, forms: readonly string[]): string {
  // Without trailing slashes, so that `https://ha.example.com/auth` keeps its path's `/`.
  const bare = [...new Set(forms.map((form) => form.replace(/\/+$/, '')))].filter((form) => form.length >= MIN_LENGTH).sort((a, b) => b.length - a.length);
  if (bare.length === 0) return text;
  const pattern = new RegExp(`(?:${bare.map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?::\\d+)?`, 'g');
  return text.replace(pattern, ADDRESS_PLACEHOLDER);
}

/**
 * A workflow command's value, escaped as the runner reads it back (`%`, CR and LF).
 *
 * @see https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData)
 */
function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Registers each form with `::add-mask::` when the log is public (a public repository's run: see
 * {@link logShowsDetails}); from then on the runner prints `***` for it in every later line and
 * step of the job. In a private repository and on your computer the log is yours and shows the
 * address as before.
 *
 * @returns the forms registered
 */
export function maskAddress(env: NodeJS.ProcessEnv, io: Io, forms: readonly string[]): readonly string[] {
  if (logShowsDetails(env)) return [];
  for (const form of forms) io.out(`::add-mask::${escapeData(form)}`);
  return forms;
}

/**
 * `io` with every form of the address redacted from each line when the log is public; `io` itself
 * otherwise. For scripts whose lines name the address in many places (skill:deploy's account linking).
 */
export function redactingIo(env: NodeJS.ProcessEnv, io: Io, forms: readonly string[]): Io {
  if (logShowsDetails(env) || forms.length === 0) return io;
  return { out: (line) => io.out(redactAddress(line, forms)), err: (line) => io.err(redactAddress(line, forms)) };
}
