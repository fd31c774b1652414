/**
 * With `HA_EXPOSURE=assist|label`: the entity registry and the Expose settings over Home Assistant's
 * WebSocket API, read with the stored token, which must be an administrator's (the expose commands
 * are `require_admin`). The WebSocket client is loaded only when exposure uses it.
 *
 * @see https://developers.home-assistant.io/docs/api/websocket/
 */
import { HomeAssistantClient } from '../../homeassistant/index.js';
import type { DoctorCheck } from '../types.js';
import { SKIPPED_WITHOUT_TOKEN, tokenAccepted } from './ha-calls.js';

/** With `HA_EXPOSURE=assist|label`: the registry over the WebSocket API, with an administrator's token. */
export const registryCheck: DoctorCheck = {
  name: 'registry',
  title: 'Registry over WebSocket',
  async run(ctx) {
    const { config } = ctx;
    if (config.exposureSource === 'filter') return { status: 'skipped', value: 'HA_EXPOSURE=filter: no WebSocket', fix: '' };
    // An invalid token over the WebSocket is a failed login too: only after the token line passed.
    if (ctx.token === undefined || !(await tokenAccepted(ctx))) return SKIPPED_WITHOUT_TOKEN;
    const client = new HomeAssistantClient({
      baseUrl: ctx.url.href.replace(/\/$/, ''),
      token: ctx.token,
      deadline: ctx.deadline,
      verifySsl: config.verifySsl,
      caBundle: config.caBundle,
      cacheTtlSeconds: 0,
      circuitFailureThreshold: config.circuitFailureThreshold,
      circuitCooldownSeconds: config.circuitCooldownSeconds,
    });
    try {
      const read = await client.readRegistry();
      const flagged = read.entries.filter((entry) => entry.labels.length > 0).length;
      return { status: 'ok', value: `${read.entries.length} registry entries (${flagged} labelled), read with an administrator's token`, fix: '' };
    } catch (error) {
      const reason = (error as { reason?: unknown }).reason;
      if (reason === 'admin') return { status: 'fail', code: 'not_admin', value: 'the stored token is not an administrator\'s: the Expose settings are admin-only', fix: `HA_EXPOSURE=${config.exposureSource} needs an administrator's long-lived token: create one as an administrator (profile → Security) and store it as HA_TOKEN.` };
      if (reason === 'auth') return { status: 'fail', code: 'ws_auth', value: 'the WebSocket API refused the token the REST API accepted', fix: 'Check that your proxy or tunnel passes /api/websocket to Home Assistant unchanged.' };
      return { status: 'fail', code: 'ws_failed', value: message(error), fix: 'Check that your proxy or tunnel passes WebSocket upgrades on /api/websocket, or set HA_EXPOSURE=filter.' };
    }
  },
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
