/**
 * The static part of the Custom skill: the spoken failure answer the gateway uses when the request
 * cannot reach the (lazily loaded) handler, e.g. bad configuration or a blown deadline.
 */
export function escapeSsml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface CustomSkillResponse {
  readonly version: '1.0';
  readonly sessionAttributes?: Readonly<Record<string, unknown>>;
  readonly response: {
    readonly outputSpeech?: { readonly type: 'SSML'; readonly ssml: string };
    readonly reprompt?: { readonly outputSpeech: { readonly type: 'SSML'; readonly ssml: string } };
    readonly shouldEndSession?: boolean;
  };
}

export function customSkillFailure(_event: unknown, speech: string): CustomSkillResponse {
  return {
    version: '1.0',
    response: { outputSpeech: { type: 'SSML', ssml: `<speak>${escapeSsml(speech)}</speak>` }, shouldEndSession: true },
  };
}
