/**
 * Speech for Alexa: plain text from Home Assistant (or from us) becomes escaped SSML that fits
 * Amazon's limits, cut at a sentence boundary rather than mid-word.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#response-parameters
 */
import { escapeSsml } from './index.js';

/** Amazon's limit on `outputSpeech.ssml`, tags included ("Speech … exceeds allowed size of 8000 characters"). */
export const MAX_SPEECH_CHARS = 8_000;

export interface SpeechLimits {
  /** Characters of the whole `<speak>…</speak>` string. */
  readonly maxChars: number;
  /** Bytes of the SSML once JSON-encoded as UTF-8 (what it adds to the response body). */
  readonly maxBytes: number;
}

export interface FittedSpeech {
  readonly ssml: string;
  /** True when the text was cut to fit. */
  readonly truncated: boolean;
}

// Characters SSML (XML 1.0) cannot carry at all; tabs and line breaks become spaces instead.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSPEAKABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

/**
 * Plain, speakable text: drops characters XML forbids and the Markdown marks that language-model
 * agents like to add (`**bold**`, `# Heading`, `- bullet`, back-ticks), and folds whitespace.
 */
export function plainSpeech(text: string): string {
  return text
    .replace(UNSPEAKABLE, '')
    .replace(/^[ \t]*(?:#{1,6}|[-*•])[ \t]+/gm, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function wrap(text: string): string {
  return `<speak>${escapeSsml(text)}</speak>`;
}

function fits(ssml: string, limits: SpeechLimits): boolean {
  if (ssml.length > limits.maxChars) return false;
  // JSON.stringify adds two quotes and escapes what JSON must; UTF-8 may take up to 4 bytes a character.
  return !Number.isFinite(limits.maxBytes) || Buffer.byteLength(JSON.stringify(ssml), 'utf8') - 2 <= limits.maxBytes;
}

/** Indexes just after each sentence end (`.`, `!`, `?`, `…` or their CJK forms, before a space or the end). */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/[.!?…。！？](?=\s|$)/g)) ends.push(match.index + 1);
  return ends;
}

/** Indexes of each word end (before a space). */
function wordEnds(text: string): number[] {
  const ends: number[] = [];
  for (const match of text.matchAll(/\S(?=\s)/g)) ends.push(match.index + 1);
  return ends;
}

/** The largest cut in `cuts` (ascending) whose prefix fits, or undefined. Fitting is monotone in length. */
function largestFitting(text: string, cuts: readonly number[], limits: SpeechLimits): number | undefined {
  let low = 0;
  let high = cuts.length - 1;
  let best: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const cut = cuts[middle] as number;
    if (fits(wrap(text.slice(0, cut)), limits)) {
      best = cut;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/**
 * `<speak>…</speak>` for `text`: cleaned with {@link plainSpeech}, SSML-escaped, and when too long,
 * cut after the last whole sentence that fits (else the last whole word, else a hard cut that
 * never splits a surrogate pair).
 */
export function toSsml(text: string, limits: SpeechLimits = { maxChars: MAX_SPEECH_CHARS, maxBytes: Number.POSITIVE_INFINITY }): FittedSpeech {
  const clean = plainSpeech(text);
  const whole = wrap(clean);
  if (fits(whole, limits)) return { ssml: whole, truncated: false };
  const cut = largestFitting(clean, sentenceEnds(clean), limits) ?? largestFitting(clean, wordEnds(clean), limits) ?? hardCut(clean, limits);
  return { ssml: wrap(clean.slice(0, cut).trimEnd()), truncated: true };
}

function hardCut(text: string, limits: SpeechLimits): number {
  const cuts: number[] = [];
  for (let index = 1; index <= text.length; index += 1) {
    const previous = text.charCodeAt(index - 1);
    // Never end on a high surrogate: that would leave half a character.
    if (previous < 0xd800 || previous > 0xdbff) cuts.push(index);
  }
  return largestFitting(text, cuts, limits) ?? 0;
}

/** The last sentence of `text` (used to repeat Home Assistant's question as the reprompt). */
export function lastSentence(text: string): string {
  const clean = plainSpeech(text);
  const starts = sentenceEnds(clean).filter((end) => end < clean.length);
  return clean.slice(starts.at(-1) ?? 0).trim();
}
