/**
 * Alexa's Progressive Response API: lets Alexa say "Working on it" while Home Assistant (often a
 * language-model agent) is still thinking. It never delays or breaks the main answer: it is sent
 * without being awaited, bounded by its own timeout, and its failures are only logged.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/send-the-user-a-progressive-response.html
 */
import type { RequestContext } from '../../gateway/context.js';
import type { AlexaApi } from './envelope.js';
import { escapeSsml } from './index.js';
import { PHRASES } from './phrases.js';

/** Home Assistant gets this long before Alexa hears "Working on it". */
export const PROGRESSIVE_AFTER_MS = 1_500;
/** The progressive call gives up after this long; Alexa only accepts it while the request is open anyway. */
export const PROGRESSIVE_TIMEOUT_MS = 1_000;

/**
 * Amazon's Alexa API hosts (North America, Europe, Far East). The request names its own
 * `context.System.apiEndpoint`, and the progressive response carries its `apiAccessToken` there: only
 * these hosts, over https on the default port, ever get it.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 */
const ALEXA_API_HOSTS: ReadonlySet<string> = new Set(['api.amazonalexa.com', 'api.eu.amazonalexa.com', 'api.fe.amazonalexa.com']);

/** True when `endpoint` is `https://` one of {@link ALEXA_API_HOSTS}, without credentials or another port. */
export function isAlexaApiEndpoint(endpoint: string): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && ALEXA_API_HOSTS.has(url.hostname) && url.port === '' && url.username === '' && url.password === '';
}

/** Body of `POST {apiEndpoint}/v1/directives`. */
export function progressiveBody(requestId: string, speech: string): unknown {
  return { header: { requestId }, directive: { type: 'VoicePlayer.Speak', speech: `<speak>${escapeSsml(speech)}</speak>` } };
}

/** Sends one progressive response; resolves with the HTTP status, rejects on a network failure. */
export async function sendProgressiveResponse(api: AlexaApi, requestId: string, speech: string): Promise<number> {
  // Loaded here, 1.5 s into a slow answer, rather than with the Custom skill: a quick answer never
  // pays for it.
  const { default: fetch } = await import('node-fetch');
  const response = await fetch(`${api.endpoint.replace(/\/+$/, '')}/v1/directives`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.accessToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(progressiveBody(requestId, speech)),
    signal: AbortSignal.timeout(PROGRESSIVE_TIMEOUT_MS),
  });
  // Drain the (empty) body so the socket can be reused.
  await response.arrayBuffer();
  return response.status;
}

/**
 * Starts a timer that sends a progressive response after {@link PROGRESSIVE_AFTER_MS}, unless the
 * returned cancel function runs first. Outcome goes to the invocation's `detail.progressive`.
 */
export function scheduleProgressiveResponse(api: AlexaApi | undefined, requestId: string, ctx: RequestContext, afterMs = PROGRESSIVE_AFTER_MS): () => void {
  if (api === undefined || requestId === '') return () => undefined;
  if (!isAlexaApiEndpoint(api.endpoint)) {
    ctx.invocation.detail.progressive = 'skipped';
    ctx.logger.warn('Skipped the progressive response: context.System.apiEndpoint is not one of Amazon\'s Alexa API hosts (https://api.amazonalexa.com, api.eu…, api.fe…); the answer is not affected', {
      apiEndpoint: api.endpoint.slice(0, 200),
    });
    return () => undefined;
  }
  const timer = setTimeout(() => {
    ctx.invocation.detail.progressive = 'sending';
    void sendProgressiveResponse(api, requestId, PHRASES.workingOnIt).then(
      (status) => {
        ctx.invocation.detail.progressive = status >= 200 && status < 300 ? 'sent' : `HTTP ${status}`;
        if (status >= 300) ctx.logger.warn('Alexa refused the progressive response; the answer is not affected', { status });
      },
      (error: unknown) => {
        ctx.invocation.detail.progressive = 'failed';
        ctx.logger.warn('Progressive response failed; the answer is not affected', { error: String(error) });
      },
    );
  }, afterMs);
  return () => clearTimeout(timer);
}
