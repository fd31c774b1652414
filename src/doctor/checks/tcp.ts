import { connect } from 'node:net';
import type { DoctorCheck } from '../types.js';
import { hostOf, portOf } from './bounded.js';
import { classifyCode, fixForFailure, type ProbeFailureReason } from '../probe.js';

/** A TCP connection to Home Assistant's host and port opens from AWS; how long it takes. */
export const tcpCheck: DoctorCheck = {
  name: 'tcp',
  title: 'TCP connect',
  async run(ctx) {
    const host = hostOf(ctx.url);
    const port = portOf(ctx.url);
    const outcome = await connectOnce(host, port, ctx.deadline.signal);
    const where = `${host}:${port}`;
    if (outcome.ok) {
      const note = port === 443 ? '' : ` (port ${port}: Alexa's account linking needs 443, see that line)`;
      return { status: 'ok', value: `connected to ${where} in ${outcome.ms} ms${note}`, fix: '' };
    }
    const value = outcome.reason === 'timeout' ? `no connection to ${where} within the budget` : `${where}: ${outcome.detail}`;
    return { status: 'fail', code: outcome.reason === 'timeout' ? 'timeout' : 'unreachable', value, fix: fixForFailure({ ok: false, reason: outcome.reason, detail: outcome.detail, ms: outcome.ms }) };
  },
};

type Connected = { ok: true; ms: number } | { ok: false; reason: ProbeFailureReason; detail: string; ms: number };

function connectOnce(host: string, port: number, signal: AbortSignal): Promise<Connected> {
  const started = performance.now();
  const ms = (): number => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve({ ok: false, reason: 'timeout', detail: 'budget spent', ms: 0 });
      return;
    }
    const socket = connect({ host, port });
    const done = (result: Connected): void => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => done({ ok: false, reason: 'timeout', detail: 'budget spent', ms: ms() });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done({ ok: true, ms: ms() }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = String(error.code ?? 'error');
      done({ ok: false, reason: classifyCode(code, error.message), detail: code, ms: ms() });
    });
  });
}
