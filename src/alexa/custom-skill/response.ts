/**
 * Builds Custom skill responses that Alexa accepts: SSML speech within 8,000 characters and the
 * whole response, session attributes included, within 24 KB.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#response-format
 */
import type { ResponseEnvelope, ui } from 'ask-sdk-model';
import { MAX_SPEECH_CHARS, toSsml } from './speech.js';

/** Amazon's limit on the whole response body. */
export const MAX_RESPONSE_BYTES = 24 * 1024;
/** Reprompts are short by nature; a long one would only eat into the speech's share of the 24 KB. */
export const MAX_REPROMPT_CHARS = 1_000;
/** Session attributes larger than this are dropped rather than squeezing the speech. */
export const MAX_ATTRIBUTES_BYTES = 4 * 1024;

export interface Reply {
  /** Plain text; escaped and cut to fit. Omit for a silent response. */
  readonly speech?: string;
  /** Plain text spoken if the user stays silent; only used when the session stays open. */
  readonly reprompt?: string;
  /** False keeps the session (and the microphone) open for the next turn. */
  readonly endSession: boolean;
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Shows the account-linking card in the Alexa app (after Home Assistant rejected the linked token). */
  readonly linkAccount?: boolean;
}

function bytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** A Custom skill response for `reply`, within Amazon's size limits. */
export function respond(reply: Reply): ResponseEnvelope {
  const attributes = reply.attributes !== undefined && Object.keys(reply.attributes).length > 0 && bytes(reply.attributes) <= MAX_ATTRIBUTES_BYTES ? reply.attributes : undefined;
  const reprompt: ui.Reprompt | undefined =
    reply.endSession || reply.reprompt === undefined
      ? undefined
      : { outputSpeech: { type: 'SSML', ssml: toSsml(reply.reprompt, { maxChars: MAX_REPROMPT_CHARS, maxBytes: Number.POSITIVE_INFINITY }).ssml } };
  const envelope = (ssml: string | undefined): ResponseEnvelope => ({
    version: '1.0',
    ...(attributes === undefined ? {} : { sessionAttributes: { ...attributes } }),
    response: {
      ...(ssml === undefined ? {} : { outputSpeech: { type: 'SSML', ssml } }),
      ...(reprompt === undefined ? {} : { reprompt }),
      ...(reply.linkAccount === true ? { card: { type: 'LinkAccount' } } : {}),
      shouldEndSession: reply.endSession,
    },
  });
  if (reply.speech === undefined) return envelope(undefined);
  // What is left of the 24 KB once everything but the speech is in place.
  const maxBytes = MAX_RESPONSE_BYTES - bytes(envelope(''));
  return envelope(toSsml(reply.speech, { maxChars: MAX_SPEECH_CHARS, maxBytes }).ssml);
}

/** The response to a `SessionEndedRequest`: Alexa speaks nothing and ignores any content. */
export function emptyResponse(): ResponseEnvelope {
  return { version: '1.0', response: {} };
}
