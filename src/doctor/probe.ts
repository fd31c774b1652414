/**
 * The doctor's own HTTP client: one request, never retried, bounded by the invocation's deadline and
 * by a byte cap, answering with what was measured instead of throwing. It is separate from the Home
 * Assistant client on purpose: the doctor must see the raw answer (status, headers, an HTML page) and
 * must survive a Home Assistant that hangs or sends 50 MB.
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Deadline } from '../homeassistant/types.js';

export interface ProbeRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Sent as `Authorization: Bearer …` when given. */
  readonly token?: string;
  readonly body?: string;
  readonly contentType?: string;
  /** Bytes of body kept; past this the request is cut and `truncated` set. */
  readonly maxBytes: number;
  /** Without the settings' extra headers (the Access service token): as Amazon's servers call. */
  readonly bare?: boolean;
}

export interface ProbeAnswer {
  readonly ok: true;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The body was longer than `maxBytes` and was cut there. */
  readonly truncated: boolean;
  readonly ms: number;
}

export type ProbeFailureReason = 'timeout' | 'dns' | 'refused' | 'tls' | 'reset' | 'network';

export interface ProbeFailure {
  readonly ok: false;
  readonly reason: ProbeFailureReason;
  /** The error code or a short message, never a URL with credentials. */
  readonly detail: string;
  readonly ms: number;
}

export type ProbeResult = ProbeAnswer | ProbeFailure;

export interface ProbeSettings {
  readonly baseUrl: URL;
  readonly verifySsl: boolean;
  readonly caBundle: string | undefined;
  readonly deadline: Deadline;
  /**
   * Headers sent with every request, e.g. a Cloudflare Access service token: the probe calls only
   * `baseUrl`'s host and follows no redirect, so they reach Home Assistant's origin only.
   */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One keep-alive connection pool per doctor run, closed with `close()`. */
export class Probe {
  readonly #settings: ProbeSettings;
  readonly #agent: http.Agent;

  constructor(settings: ProbeSettings) {
    this.#settings = settings;
    const common = { keepAlive: true, maxSockets: 4 };
    this.#agent =
      settings.baseUrl.protocol === 'https:'
        ? new https.Agent({ ...common, rejectUnauthorized: settings.verifySsl, ...(settings.caBundle === undefined ? {} : { ca: [...rootCertificates, settings.caBundle] }) })
        : new http.Agent(common);
  }

  request(request: ProbeRequest): Promise<ProbeResult> {
    const { baseUrl, deadline } = this.#settings;
    const started = performance.now();
    const elapsed = (): number => Math.round(performance.now() - started);
    const prefix = baseUrl.pathname.replace(/\/+$/, '');
    const url = new URL(`${prefix}${request.path}`, baseUrl);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<ProbeResult>((resolve) => {
      let settled = false;
      const finish = (result: ProbeResult): void => {
        if (settled) return;
        settled = true;
        deadline.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      const headers: Record<string, string> = { ...(request.bare === true ? {} : this.#settings.headers), Accept: 'application/json' };
      if (request.token !== undefined) headers.Authorization = `Bearer ${request.token}`;
      if (request.body !== undefined) {
        headers['Content-Type'] = request.contentType ?? 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(request.body));
      }
      const outgoing = transport.request(url, { method: request.method, headers, agent: this.#agent }, (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        const answer = (truncated: boolean): ProbeAnswer => {
          const flat: Record<string, string> = {};
          for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
          return { ok: true, status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString('utf8'), truncated, ms: elapsed() };
        };
        response.on('data', (chunk: Buffer) => {
          if (settled) return;
          const room = request.maxBytes - bytes;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            bytes = request.maxBytes;
            finish(answer(true));
            outgoing.destroy();
            return;
          }
          chunks.push(chunk);
          bytes += chunk.length;
        });
        response.on('end', () => finish(answer(false)));
        response.on('error', (error) => finish(failure(error, elapsed(), deadline)));
      });
      const onAbort = (): void => {
        finish({ ok: false, reason: 'timeout', detail: `no answer within ${deadline.budgetMs} ms`, ms: elapsed() });
        outgoing.destroy();
      };
      if (deadline.signal.aborted) {
        onAbort();
        return;
      }
      deadline.signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', (error) => finish(failure(error, elapsed(), deadline)));
      outgoing.end(request.body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function failure(error: Error, ms: number, deadline: Deadline): ProbeFailure {
  if (deadline.signal.aborted) return { ok: false, reason: 'timeout', detail: `no answer within ${deadline.budgetMs} ms`, ms };
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  return { ok: false, reason: classifyCode(code, error.message), detail: code === '' ? error.message.slice(0, 120) : code, ms };
}

/** The failure kind of a socket error code (`ENOTFOUND` → dns, `ECONNREFUSED` → refused, …). */
export function classifyCode(code: string, message = ''): ProbeFailureReason {
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code) || /certificate|ssl|tls/i.test(message)) return 'tls';
  return 'network';
}

/** One sentence for a failed probe, naming the host and what to check. */
export function describeFailure(failure: ProbeFailure, url: URL): string {
  const host = url.host;
  switch (failure.reason) {
    case 'timeout':
      return `${host} did not answer (${failure.detail})`;
    case 'dns':
      return `${url.hostname} does not resolve (${failure.detail})`;
    case 'refused':
      return `${host} refused the connection (${failure.detail})`;
    case 'tls':
      return `TLS failed (${failure.detail})`;
    case 'reset':
      return `${host} reset the connection (${failure.detail})`;
    case 'network':
      return `network error talking to ${host} (${failure.detail})`;
  }
}

/** The fix for a failed probe. */
export function fixForFailure(failure: ProbeFailure): string {
  switch (failure.reason) {
    case 'timeout':
      return 'Make sure Home Assistant is running and reachable from the internet (not only from your home network), then run the doctor again.';
    case 'dns':
      return 'Check the host name in HOME_ASSISTANT_URL: it must be a public name that resolves from AWS.';
    case 'refused':
      return 'Check the port in HOME_ASSISTANT_URL and the port forwarding on your router or tunnel.';
    case 'tls':
      return 'Serve a publicly trusted certificate with its full chain, or put your CA in HA_CA_BUNDLE (see the TLS line).';
    case 'reset':
    case 'network':
      return 'Check that nothing between AWS and Home Assistant (firewall, VPN, tunnel) drops the connection.';
  }
}
