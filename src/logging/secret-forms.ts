/**
 * The forms a secret takes when something echoes it back re-encoded, and the folded view of a text
 * that undoes line wrapping and percent-encoding. {@link encodedForms} runs once per registered
 * secret; {@link foldText} only for a text that holds a line break, an escape or a `%`.
 */
import { Buffer } from 'node:buffer';

/**
 * The secret's JSON-escaped form and the base64 of it (standard and URL-safe alphabets) at each of
 * the three byte offsets it can have inside a longer base64 text (`Basic dXNlcjp0b2tlbg==`, a cookie
 * or a JWT payload that quotes it). At an offset the first and last characters also encode the
 * neighbouring bytes, so only the characters the secret alone decides are kept: what is masked is
 * then the secret's part of the text, and at most two characters either side survive. Forms equal
 * to the secret are left out.
 */
export function encodedForms(secret: string): string[] {
  const forms = new Set<string>([JSON.stringify(secret).slice(1, -1)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    forms.add(core);
    forms.add(core.replaceAll('+', '-').replaceAll('/', '_'));
  }
  forms.delete(secret);
  return [...forms];
}

/** A text with its line wrapping and percent-encoding undone, and where each of its characters came from. */
export interface FoldedText {
  readonly text: string;
  /** Index in the original text of the first character behind each folded character. */
  readonly starts: Int32Array;
  /** Index in the original text just past the last character behind each folded character. */
  readonly ends: Int32Array;
}

/** True when {@link foldText} could find more in `text` than a plain search: a line break, an escape or a `%`. */
export function mayFold(text: string): boolean {
  return text.includes('\n') || text.includes('\r') || text.includes('%') || text.includes('\\');
}

const BACKSLASH = 0x5c;
const PERCENT = 0x25;

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * `text` without whitespace (line breaks and the indentation of wrapped lines) and without the JSON
 * escapes `\n`, `\r` and `\t`, then with each `%XX` decoded (a decoded whitespace character is
 * dropped too; a wrap inside `%XX` does not hide it). A secret echoed wrapped over lines,
 * percent-encoded, or both, is a plain substring of the folded text; `starts` and `ends` map a match
 * back to the original characters.
 */
export function foldText(text: string): FoldedText {
  // Pass 1: drop whitespace and line-break escapes.
  const codes = new Uint16Array(text.length);
  const starts = new Int32Array(text.length);
  const ends = new Int32Array(text.length);
  let kept = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const next = code === BACKSLASH ? text[i + 1] : undefined;
    if (next === 'n' || next === 'r' || next === 't') {
      i += 2;
    } else {
      if (code > 0x20) {
        codes[kept] = code;
        starts[kept] = i;
        ends[kept] = i + 1;
        kept += 1;
      }
      i += 1;
    }
  }
  // Pass 2, in place: decode %XX (the folded text is never longer than pass 1's).
  let length = 0;
  for (let i = 0; i < kept; ) {
    const high = codes[i] === PERCENT && i + 2 < kept ? hexValue(codes[i + 1]!) : -1;
    const low = high < 0 ? -1 : hexValue(codes[i + 2]!);
    const start = starts[i]!;
    let code = codes[i]!;
    let end = ends[i]!;
    let step = 1;
    if (low >= 0) {
      code = high * 16 + low;
      end = ends[i + 2]!;
      step = 3;
    }
    i += step;
    if (code <= 0x20) continue;
    codes[length] = code;
    starts[length] = start;
    ends[length] = end;
    length += 1;
  }
  let folded = '';
  // Chunks keep String.fromCharCode's argument count far below the engine's limit.
  for (let at = 0; at < length; at += 8192) folded += String.fromCharCode(...codes.subarray(at, Math.min(length, at + 8192)));
  return { text: folded, starts, ends };
}

/**
 * `text` with every occurrence of each of `needles` in its folded view replaced by `mask`, the
 * replaced span running from the first to the last original character of the match (line breaks and
 * escapes inside it included). Returns `text` itself when nothing matched.
 */
export function maskFolded(text: string, needles: readonly string[], mask: string): string {
  const folded = foldText(text);
  const spans: [number, number][] = [];
  for (const needle of needles) {
    for (let at = folded.text.indexOf(needle); at >= 0; at = folded.text.indexOf(needle, at + needle.length)) {
      spans.push([folded.starts[at]!, folded.ends[at + needle.length - 1]!]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let result = '';
  let from = 0;
  for (const [start, end] of spans) {
    if (end <= from) continue;
    if (start >= from) result += `${text.slice(from, start)}${mask}`;
    from = end;
  }
  return result + text.slice(from);
}

/** True when one of `needles` occurs in the folded view of `text`. */
export function holdsFolded(text: string, needles: readonly string[]): boolean {
  const folded = foldText(text).text;
  for (let i = 0; i < needles.length; i += 1) if (folded.includes(needles[i]!)) return true;
  return false;
}
