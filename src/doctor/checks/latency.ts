import type { DoctorCheck } from '../types.js';
import { SKIPPED_WITHOUT_TOKEN, tokenAccepted } from './ha-calls.js';

/** Extra `GET /api/` calls after the token check's, for the latency figures. */
export const ROUND_TRIP_CALLS = 3;
export const LATENCY_WARN_MS = 1_500;

/** Home Assistant's round trip from AWS, p50 and max over a few calls. */
export const latencyCheck: DoctorCheck = {
  name: 'latency',
  title: 'Round trip',
  async run(ctx) {
    if (!(await tokenAccepted(ctx))) return SKIPPED_WITHOUT_TOKEN;
    const first = await ctx.apiCall();
    const samples = first.ok ? [first.ms] : [];
    for (let call = 0; call < ROUND_TRIP_CALLS; call += 1) {
      const answer = await ctx.probe.request({ method: 'GET', path: '/api/', token: ctx.token, maxBytes: 4096 });
      if (!answer.ok || answer.status !== 200) {
        return { status: 'warn', code: 'flaky', value: `call ${call + 2} of ${ROUND_TRIP_CALLS + 1} failed (${answer.ok ? `HTTP ${answer.status}` : answer.reason})`, fix: 'Home Assistant answered once and then not: check its load and the connection in front of it.' };
      }
      samples.push(answer.ms);
    }
    const sorted = [...samples].sort((a, b) => a - b);
    const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
    const max = sorted[sorted.length - 1] ?? 0;
    const value = `p50 ${p50} ms, max ${max} ms over ${samples.length} calls`;
    if (p50 > LATENCY_WARN_MS) return { status: 'warn', code: 'slow', value, fix: 'Home Assistant is slow to answer from AWS: Alexa gives up after 8 s for a whole request, so check its host and upload bandwidth.' };
    return { status: 'ok', value, fix: '' };
  },
};
