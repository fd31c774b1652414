/**
 * The Custom skill's interaction model, one per locale, built from the same constants the handler
 * reads (`src/alexa/custom-skill/intents.ts`), so the slot and intent names cannot drift apart.
 *
 * `AMAZON.SearchQuery` needs a carrier phrase in every sample (`"{query}"` alone fails the build with
 * `MissingCarrierPhraseWithPhraseSlot`). Alexa leaves the carrier words out of the slot, so carriers
 * are words that add no meaning: "ask Jarvis **to** turn on the light", "ask Jarvis **whether** the
 * garage is open".
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/slot-type-reference.html#searchquery
 */
import { BUILT_IN_INTENTS, CONVERSATION_INTENT, QUERY_SLOT, QUERY_SLOT_TYPE } from '../../src/alexa/custom-skill/intents.js';

const SLOT = `{${QUERY_SLOT}}`;

/**
 * Carrier phrases by language (the part of the locale before the dash). Commands, questions, and
 * follow-ups for a conversation Home Assistant keeps open.
 */
export const CARRIER_PHRASES: Readonly<Record<string, readonly string[]>> = {
  en: [
    // commands: "Alexa, ask Jarvis to turn on the porch light"
    'to {}', 'please {}', '{} please', 'can you {}', 'could you {}', 'would you {}', 'I want to {}', "I'd like to {}", 'I need you to {}', 'go ahead and {}',
    // questions: "Alexa, ask Jarvis whether the garage is open"
    'whether {}', 'if {}', 'tell me {}', 'I want to know {}', "I'd like to know {}", 'do you know {}', 'can you tell me {}', 'a question {}', 'about {}',
    // follow-ups in an open conversation
    'I said {}', 'I mean {}', 'I meant {}', 'my answer is {}', 'answer {}',
  ],
  de: ['zu {}', 'bitte {}', '{} bitte', 'ob {}', 'dass {}', 'kannst du {}', 'könntest du {}', 'ich möchte {}', 'ich will wissen {}', 'sag mir {}', 'er soll {}', 'sie soll {}', 'ich meine {}', 'ich sagte {}'],
  fr: ['de {}', 'si {}', "s'il te plaît {}", "{} s'il te plaît", 'peux-tu {}', 'pourrais-tu {}', 'je veux {}', 'je voudrais {}', 'dis-moi {}', 'est-ce que {}', 'je veux dire {}', "j'ai dit {}"],
  es: ['que {}', 'si {}', 'por favor {}', '{} por favor', 'puedes {}', 'podrías {}', 'quiero {}', 'me gustaría {}', 'dime {}', 'quiero saber {}', 'quiero decir {}', 'dije {}'],
  it: ['di {}', 'se {}', 'per favore {}', '{} per favore', 'puoi {}', 'potresti {}', 'voglio {}', 'vorrei {}', 'dimmi {}', 'voglio sapere {}', 'intendo {}', 'ho detto {}'],
  pt: ['para {}', 'se {}', 'por favor {}', '{} por favor', 'você pode {}', 'você poderia {}', 'eu quero {}', 'eu gostaria de {}', 'me diga {}', 'quero saber {}', 'quero dizer {}', 'eu disse {}'],
  // "Alexa, vraag Jarvis om de lamp aan te doen" / "… of de garage open is"
  nl: ['om {}', 'of {}', 'alsjeblieft {}', '{} alsjeblieft', 'kun je {}', 'wil je {}', 'zou je {}', 'ik wil {}', 'ik wil weten {}', 'vertel me {}', 'zeg me {}', 'ik bedoel {}', 'ik zei {}'],
  // The request comes first and the carrier after it: "アレクサ、ジャービスに電気をつけてと伝えて",
  // "… ガレージが開いているか教えて". No spaces: Japanese samples are written without them.
  ja: ['{}と伝えて', '{}って伝えて', '{}と頼んで', '{}って頼んで', '{}と聞いて', '{}って聞いて', '{}か教えて', '{}かどうか教えて', '{}を教えて', '{}ください', 'ちょっと{}', 'ねえ{}'],
  // "Alexa, Jarvis से पूछो कि गैराज खुला है क्या" / "Alexa, Jarvis को बोलो ज़रा लाइट जला दो"
  hi: ['कि {}', 'क्या {}', 'कृपया {}', '{} कृपया', 'प्लीज़ {}', '{} प्लीज़', 'ज़रा {}', 'बताओ {}', 'मुझे बताओ {}', 'मैं जानना चाहता हूँ {}', 'मैं जानना चाहती हूँ {}', 'मेरा मतलब है {}', 'मैंने कहा {}'],
  // Gulf Arabic as Alexa speaks it, with the Modern Standard forms: "أليكسا، اسأل جارفيس إذا الباب مقفل"
  ar: ['أن {}', 'إذا {}', 'هل {}', 'من فضلك {}', '{} من فضلك', 'لو سمحت {}', '{} لو سمحت', 'ممكن {}', 'أبغى {}', 'أريد أن {}', 'أبغى أعرف {}', 'أريد أن أعرف {}', 'قل لي {}', 'خبرني {}', 'أقصد {}', 'قلت {}'],
};

export interface InteractionModel {
  readonly interactionModel: {
    readonly languageModel: {
      readonly invocationName: string;
      readonly modelConfiguration: { readonly fallbackIntentSensitivity: { readonly level: 'LOW' | 'MEDIUM' | 'HIGH' } };
      readonly intents: readonly { readonly name: string; readonly slots?: readonly { readonly name: string; readonly type: string }[]; readonly samples: readonly string[] }[];
      readonly types: readonly unknown[];
    };
  };
}

/** The sample utterances for a locale, or undefined when none are written for its language yet. */
export function samplesFor(locale: string): readonly string[] | undefined {
  const language = locale.replace(/-.*$/, '');
  return CARRIER_PHRASES[language]?.map((phrase) => phrase.replace('{}', SLOT));
}

/**
 * The interaction model for one locale.
 *
 * @throws Error when the locale's language has no sample utterances yet (the message says where to add them).
 */
export function buildInteractionModel(invocationName: string, locale: string): InteractionModel {
  const samples = samplesFor(locale);
  if (samples === undefined) {
    throw new Error(
      `no sample utterances for ${locale} yet: add its carrier phrases to CARRIER_PHRASES in scripts/skill/interaction-model.ts (languages so far: ${Object.keys(CARRIER_PHRASES).join(', ')})`,
    );
  }
  return {
    interactionModel: {
      languageModel: {
        invocationName,
        // A free-form slot competes with FallbackIntent; LOW sends more utterances to Home Assistant.
        modelConfiguration: { fallbackIntentSensitivity: { level: 'LOW' } },
        intents: [
          { name: CONVERSATION_INTENT, slots: [{ name: QUERY_SLOT, type: QUERY_SLOT_TYPE }], samples },
          ...Object.values(BUILT_IN_INTENTS).map((name) => ({ name, samples: [] })),
        ],
        types: [],
      },
    },
  };
}
