/**
 * Alexa events (README "Alexa events"), checked from inside the function: the settings they need, the
 * grant Alexa's AcceptGrant left (for this function's region) with a token refresh that works (no event
 * is sent). The Ingest URL line is the workflow's (scripts/doctor/ingest-url.ts): the function does not
 * know its own URL. The events code is loaded only when events are on.
 *
 * @see https://developer.amazon.com/docs/smarthome/authenticate-a-customer-permissions.html
 */
import { eventsEndpoints } from '../../config/index.js';
import { Logger } from '../../logging/logger.js';
import type { EventsContext } from '../../alexa/events/context.js';
import type { DoctorCheck, DoctorContext } from '../types.js';

type Verdict = Awaited<ReturnType<DoctorCheck['run']>>;

const EVENTS_OFF = { status: 'skipped' as const, value: 'ALEXA_EVENTS is off', fix: '' };
const RELINK = 'In the Alexa app disable the Smart Home skill and enable it again (log in to Home Assistant): Alexa then sends the AcceptGrant this function stores.';

/** The messaging credentials and the ingest secret that `ALEXA_EVENTS=on` needs. */
export const eventsCheck: DoctorCheck = {
  name: 'events',
  title: 'Alexa events',
  run({ config }) {
    return Promise.resolve(judgeSettings(config));
  },
};

function judgeSettings(config: DoctorContext['config']): Verdict {
  if (config.alexaEvents !== 'on') return EVENTS_OFF;
  const missing = (
    [
      ['ALEXA_EVENTS_CLIENT_ID', config.alexaEventsClientId],
      ['ALEXA_EVENTS_CLIENT_SECRET', config.alexaEventsClientSecret],
      ['HA_EVENTS_SECRET', config.haEventsSecret],
    ] as const
  ).filter(([, value]) => value === undefined || value === '').map(([name]) => name);
  if (missing.length > 0) {
    return {
      status: 'fail',
      code: 'events_settings',
      value: `not set: ${missing.join(', ')}`,
      fix: `Store ${missing.join(', ')} as secrets of the production environment (SETUP.md "Alexa events (optional)") and deploy again.`,
    };
  }
  if (config.alexaMode !== 'native') {
    return { status: 'warn', code: 'events_proxy', value: `HA_ALEXA_MODE=${config.alexaMode}: this function sends no events`, fix: 'In proxy mode Home Assistant\'s own integration reports changes: set ALEXA_EVENTS=off, or HA_ALEXA_MODE=native.' };
  }
  return { status: 'ok', value: 'messaging credentials and ingest secret set', fix: '' };
}

/** The stored grant, its region, and one token refresh with it. */
export const grantCheck: DoctorCheck = {
  name: 'events_grant',
  title: 'Alexa grant',
  async run(ctx) {
    const { config } = ctx;
    if (config.alexaEvents !== 'on') return EVENTS_OFF;
    if (config.alexaEventsClientId === undefined || config.alexaEventsClientSecret === undefined) return { status: 'skipped', value: 'no messaging credentials', fix: 'See the Alexa events line.' };
    const [{ readGrant }, { accessToken }, { LwaError, explainLwaError }, { REAL_CLOCK }] = await Promise.all([
      import('../../alexa/events/grant-store.js'),
      import('../../alexa/events/tokens.js'),
      import('../../alexa/events/lwa.js'),
      import('../../alexa/events/context.js'),
    ]);
    const endpoints = eventsEndpoints();
    let grant;
    try {
      grant = await readGrant(config.parameterPrefix, endpoints.region, ctx.deadline.signal);
    } catch (error) {
      return { status: 'fail', code: 'grant_unreadable', value: message(error), fix: 'Update the bootstrap stack with AlexaEvents=on (npm run events-sheet prints the command): it lets the function read its grant.' };
    }
    if (grant === undefined) return { status: 'fail', code: 'no_grant', value: 'no grant stored: Alexa has not sent AcceptGrant since events were switched on', fix: RELINK };
    if (grant.region !== endpoints.region) {
      return { status: 'fail', code: 'grant_region', value: `the grant was received in ${grant.region ?? 'an unknown region'}, this function runs in ${endpoints.region ?? 'an unknown region'}`, fix: `Its tokens work only at that region's gateway. ${RELINK}` };
    }
    try {
      await accessToken(eventsContext(ctx, REAL_CLOCK));
    } catch (error) {
      if (error instanceof LwaError) return { status: 'fail', code: `lwa_${error.code}`, value: `Login with Amazon refused the refresh (${error.code})`, fix: explainLwaError(error.code) };
      return { status: 'fail', code: 'refresh_failed', value: message(error), fix: RELINK };
    }
    return { status: 'ok', value: `grant from ${grant.grantedAt.slice(0, 10)}; a token refresh works (no event sent)`, fix: '' };
  },
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the events code needs, from the doctor's context: a silent log, the doctor's deadline, the real clock. */
function eventsContext(ctx: DoctorContext, clock: { now: () => number; sleep: (ms: number) => Promise<void> }): EventsContext {
  return { config: ctx.config, endpoints: eventsEndpoints(), logger: new Logger(), deadline: ctx.deadline, now: clock.now, sleep: clock.sleep, startedAt: performance.now(), outcomes: [] };
}
