/**
 * `Alexa.Authorization.AcceptGrant` with `ALEXA_EVENTS=on`: the grant code is exchanged at Login with
 * Amazon with the skill's messaging credentials, and the refresh token is stored in Parameter Store
 * (one grant: the last link wins). Unlike Home Assistant, which answers success and then silently
 * never reports, every failure answers `ACCEPT_GRANT_FAILED` naming the fix, so the link fails
 * visibly in the Alexa app and can be retried.
 *
 * @see https://developer.amazon.com/docs/device-apis/alexa-authorization.html
 */
import type { RequestContext } from '../../gateway/context.js';
import type { Directive } from '../smart-home/directive.js';
import { buildResponse, type AlexaMessage } from '../smart-home/response.js';
import { eventsContext } from './events-context.js';
import { AlexaAcceptGrantFailedError } from './errors.js';
import { writeGrant, type GrantStoreError } from './grant-store.js';
import { exchangeCode, type LwaError } from './lwa.js';
import { adoptGrant, lwaClient } from './tokens.js';

function grantCode(directive: Directive): string | undefined {
  const grant = directive.payload.grant;
  const code = typeof grant === 'object' && grant !== null ? (grant as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** Answers AcceptGrant: `AcceptGrant.Response` once the grant is stored; throws {@link AlexaAcceptGrantFailedError}. */
export async function acceptGrant(directive: Directive, request: RequestContext): Promise<AlexaMessage> {
  const ctx = eventsContext(request);
  const client = lwaClient(ctx);
  if (client === undefined) {
    throw new AlexaAcceptGrantFailedError('ALEXA_EVENTS=on needs ALEXA_EVENTS_CLIENT_ID and ALEXA_EVENTS_CLIENT_SECRET (the skill\'s Alexa Skill Messaging credentials); set them, then disable and enable the skill');
  }
  const code = grantCode(directive);
  if (code === undefined) throw new AlexaAcceptGrantFailedError('AcceptGrant carried no payload.grant.code');
  const name = `${request.config.parameterPrefix}/alexa/events/grant`;
  let tokens;
  try {
    tokens = await exchangeCode(client, code, request.deadline);
  } catch (error) {
    // LwaError: its message names the fix.
    throw new AlexaAcceptGrantFailedError((error as LwaError).message, { cause: error });
  }
  if (tokens.refreshToken === undefined) throw new AlexaAcceptGrantFailedError('Login with Amazon returned no refresh token for the grant code; disable and enable the skill to try again');
  const grant = { refreshToken: tokens.refreshToken, region: ctx.endpoints.region, grantedAt: new Date(ctx.now()).toISOString() };
  try {
    await writeGrant(request.config.parameterPrefix, ctx.endpoints.region, grant, request.deadline.signal);
  } catch (error) {
    // GrantStoreError: its message names the permission or the failure.
    throw new AlexaAcceptGrantFailedError(`${(error as GrantStoreError).message}; then disable and enable the skill`, { cause: error });
  }
  adoptGrant(grant, tokens, ctx.now());
  request.logger.info('AcceptGrant: grant stored; change reports can be sent', { parameter: name, region: ctx.endpoints.region });
  return buildResponse(directive, { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', withoutEndpoint: true });
}
