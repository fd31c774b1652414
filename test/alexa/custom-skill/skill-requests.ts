/**
 * Builders for Alexa Custom skill requests, and a structural check of Custom skill responses
 * (Amazon publishes no JSON schema for them): the shape, escaped SSML, 8,000 characters of speech
 * and 24 KB in all.
 */
import type { Test } from 'tap';

export const SKILL_ID = 'amzn1.ask.skill.11111111-2222-3333-4444-555555555555';
/** Amazon's North America Alexa API host (msw answers it: nothing reaches the network). */
export const ALEXA_API = 'https://api.amazonalexa.com';
export const API_TOKEN = 'alexa-api-access-token-0123456789';

export interface RequestOptions {
  readonly applicationId?: string | null;
  readonly accessToken?: string;
  readonly attributes?: Record<string, unknown>;
  /** Default en-US; null leaves it out. */
  readonly locale?: string | null;
  /** Include `apiEndpoint` and `apiAccessToken` (default true). */
  readonly api?: boolean;
  readonly requestId?: string;
}

let counter = 0;

export function skillRequest(request: Record<string, unknown>, options: RequestOptions = {}): Record<string, unknown> {
  counter += 1;
  const applicationId = options.applicationId === undefined ? SKILL_ID : options.applicationId;
  const application = applicationId === null ? undefined : { applicationId };
  const user = { userId: 'amzn1.ask.account.test', ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }) };
  return {
    version: '1.0',
    session: { new: options.attributes === undefined, sessionId: `amzn1.echo-api.session.${counter}`, application, attributes: options.attributes ?? {}, user },
    context: {
      System: {
        application,
        user,
        device: { deviceId: 'amzn1.ask.device.test', supportedInterfaces: {} },
        ...(options.api === false ? {} : { apiEndpoint: ALEXA_API, apiAccessToken: API_TOKEN }),
      },
    },
    request: { requestId: options.requestId ?? `amzn1.echo-api.request.${counter}`, timestamp: '2026-01-01T12:00:00Z', ...(options.locale === null ? {} : { locale: options.locale ?? 'en-US' }), ...request },
  };
}

export function launch(options?: RequestOptions): Record<string, unknown> {
  return skillRequest({ type: 'LaunchRequest' }, options);
}

export function intent(name: string, slots: Record<string, string | undefined> = {}, options?: RequestOptions): Record<string, unknown> {
  const slotObjects = Object.fromEntries(
    Object.entries(slots).map(([slot, value]) => [slot, { name: slot, confirmationStatus: 'NONE', ...(value === undefined ? {} : { value }) }]),
  );
  return skillRequest({ type: 'IntentRequest', dialogState: 'COMPLETED', intent: { name, confirmationStatus: 'NONE', slots: slotObjects } }, options);
}

export function ask(query: string | undefined, options?: RequestOptions): Record<string, unknown> {
  return intent('ConversationIntent', { query }, options);
}

export function sessionEnded(reason: string, error?: { type: string; message: string }, options?: RequestOptions): Record<string, unknown> {
  return skillRequest({ type: 'SessionEndedRequest', reason, ...(error === undefined ? {} : { error }) }, options);
}

export interface SkillResponse {
  version: string;
  sessionAttributes?: Record<string, unknown>;
  response: {
    outputSpeech?: { type: string; ssml: string };
    reprompt?: { outputSpeech: { type: string; ssml: string } };
    card?: { type: string };
    shouldEndSession?: boolean;
  };
}

const ENTITY = /&(?:amp|lt|gt|quot|apos);/g;

/** The text Alexa would speak, SSML entities decoded. */
export function spoken(ssml: string | undefined): string {
  const inner = /^<speak>([\s\S]*)<\/speak>$/.exec(ssml ?? '')?.[1] ?? '';
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
  return inner.replace(ENTITY, (entity) => entities[entity] ?? entity);
}

/** Checks what Alexa checks, and returns the response typed, with its spoken texts. */
export function assertSkillResponse(t: Test, answer: unknown): SkillResponse & { speech: string; reprompt: string | undefined } {
  const response = answer as SkillResponse;
  t.equal(response.version, '1.0', 'version 1.0');
  t.ok(Buffer.byteLength(JSON.stringify(answer), 'utf8') <= 24 * 1024, 'response within 24 KB');
  for (const speech of [response.response.outputSpeech, response.response.reprompt?.outputSpeech]) {
    if (speech === undefined) continue;
    t.equal(speech.type, 'SSML');
    t.match(speech.ssml, /^<speak>[\s\S]*<\/speak>$/, 'SSML wrapped in <speak>');
    t.ok(speech.ssml.length <= 8000, 'SSML within 8,000 characters');
    const inner = speech.ssml.slice('<speak>'.length, -'</speak>'.length);
    t.notMatch(inner.replace(ENTITY, ''), /[<>&"]/, 'no unescaped markup in the speech');
  }
  if (response.response.reprompt !== undefined) t.equal(response.response.shouldEndSession, false, 'a reprompt only with an open session');
  return { ...response, speech: spoken(response.response.outputSpeech?.ssml), reprompt: response.response.reprompt === undefined ? undefined : spoken(response.response.reprompt.outputSpeech.ssml) };
}
