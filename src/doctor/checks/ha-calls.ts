/** The Home Assistant calls several checks share, each made once per doctor run. */
import type { ProbeResult } from '../probe.js';
import type { DoctorContext } from '../types.js';

/** `/api/states` of a big home is several MB; past this the doctor stops reading and says so. */
export const MAX_STATES_BYTES = 20 * 1024 * 1024;
export const MAX_SMALL_BYTES = 1024 * 1024;
export const MAX_SERVICES_BYTES = 8 * 1024 * 1024;

/** Whether the token check's `GET /api/` succeeded, so more calls with the token are safe (no ban risk). */
export async function tokenAccepted(ctx: DoctorContext): Promise<boolean> {
  if (ctx.token === undefined) return false;
  const answer = await ctx.apiCall();
  return answer.ok && answer.status === 200;
}

export function getStates(ctx: DoctorContext): Promise<ProbeResult> {
  return ctx.shared('states', () => ctx.probe.request({ method: 'GET', path: '/api/states', token: ctx.token, maxBytes: MAX_STATES_BYTES }));
}

/** A Discover directive sent to Home Assistant's own Alexa endpoint (proxy mode); read-only. */
export function proxyDiscover(ctx: DoctorContext): Promise<ProbeResult> {
  const directive = {
    directive: {
      header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'ha-alexa-doctor' },
      payload: {},
    },
  };
  return ctx.shared('proxy-discover', () =>
    ctx.probe.request({ method: 'POST', path: '/api/alexa/smart_home', token: ctx.token, body: JSON.stringify(directive), maxBytes: MAX_STATES_BYTES }),
  );
}

export const SKIPPED_WITHOUT_TOKEN = { status: 'skipped', value: 'skipped until the token line passes (Home Assistant bans IPs after failed logins)', fix: '' } as const;
