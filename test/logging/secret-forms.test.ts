/**
 * Unit tests for src/logging/secret-forms.ts and the SecretRegistry that uses it: a registered token
 * echoed wrapped over lines, base64-encoded or percent-encoded is masked, in a value and in a
 * serialized log line, and no recognisable piece of it survives.
 */
import { Buffer } from 'node:buffer';
import t from 'tap';
import { Logger, setLogSink } from '../../src/logging/logger.js';
import { MASK, SecretRegistry } from '../../src/logging/redact.js';
import { encodedForms, foldText, maskFolded } from '../../src/logging/secret-forms.js';
import { leakedPart } from '../fixtures/secret-leaks.js';

/** A Home Assistant long-lived access token has this shape: a 183-character HS256 JWT. */
const TOKEN = [
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJpc3MiOiI1YjFmMWI2ZjA2YjE0ZDQ1OWRmZDRkZWFkYmVlZjAwMSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoyMDE1MzYwMDAwfQ',
  'Qk9HVVNfc2lnbmF0dXJlX29mXzQzX2NoYXJhY3RlcnM',
].join('.');

/** The 8-character piece of the token found in `text` in any of the forms an echo takes, if any. */
function leaked(text: string): string | undefined {
  const unwrapped = text.replace(/\s+|\\[nrt]/g, '');
  let decoded = unwrapped;
  try {
    decoded = decodeURIComponent(unwrapped);
  } catch {
    // not percent-encoded
  }
  for (const candidate of [text, unwrapped, decoded]) {
    const piece = leakedPart(candidate, TOKEN);
    if (piece !== undefined) return piece;
    for (const form of encodedForms(TOKEN)) {
      const encodedPiece = leakedPart(candidate, form);
      if (encodedPiece !== undefined) return encodedPiece;
    }
  }
  return undefined;
}

function wrap(text: string, width: number, separator: string): string {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(text.slice(at, at + width));
  return lines.join(separator);
}

const percentEncodeAll = (text: string): string => [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

t.test('the token is 183 characters, as the reviewer\'s was', async (t) => {
  t.equal(TOKEN.length, 183);
});

t.test('a token echoed in any of these forms is masked, and no piece of it survives', async (t) => {
  const base64 = Buffer.from(TOKEN).toString('base64');
  const echoes: [string, string][] = [
    ['one line break inside', `echo: ${TOKEN.slice(0, 41)}\n${TOKEN.slice(41)} end`],
    ['CRLF at 64 columns, indented', `Authorization:\r\n  ${wrap(TOKEN, 64, '\r\n  ')}`],
    ['JSON-escaped line breaks (a body quoted in a message)', JSON.stringify({ echoed: wrap(TOKEN, 50, '\n') })],
    ['base64', `token=${base64}`],
    ['base64, URL-safe, unpadded', `t=${base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`],
    ['base64 at byte offset 1 (Basic auth)', `Authorization: Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}`],
    ['base64 at byte offset 2', `cookie=${Buffer.from(`ab${TOKEN}x`).toString('base64')}`],
    ['base64 wrapped at 76 columns (MIME)', wrap(Buffer.from(`user ${TOKEN}`).toString('base64'), 76, '\n')],
    ['percent-encoded, every byte', `GET /?t=${percentEncodeAll(TOKEN)}`],
    ['percent-encoded, upper-case hex, some bytes', `GET /?t=${TOKEN.replace(/[.J]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`],
    ['percent-encoded and wrapped', wrap(percentEncodeAll(TOKEN), 70, '\n')],
  ];
  const secrets = new SecretRegistry([TOKEN]);
  for (const [name, echo] of echoes) {
    t.ok(leaked(echo), `${name}: the echo holds the token (the test is meaningful)`);
    const scrubbed = secrets.scrub(echo);
    t.ok(scrubbed.includes(MASK), `${name}: masked`);
    t.equal(leaked(scrubbed), undefined, `${name}: no 8-character piece of the token, in any form`);
    t.equal(secrets.holds(echo), true, `${name}: holds() agrees`);
  }
});

t.test('a log line with a wrapped or encoded token in a field or the message carries none of it', async (t) => {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  t.teardown(() => setLogSink(previous));
  const logger = new Logger({ secrets: new SecretRegistry([TOKEN]) });
  logger.error(`Home Assistant said: ${wrap(TOKEN, 60, '\n')}`, { body: `auth=${percentEncodeAll(TOKEN)}`, other: Buffer.from(TOKEN).toString('base64') });
  t.equal(lines.length, 1);
  t.equal(leaked(lines[0]!), undefined, 'nothing of the token in the line');
  t.match(JSON.parse(lines[0]!), { message: `Home Assistant said: ${MASK}`, body: `auth=${MASK}` });
});

t.test('ordinary text is left alone, uncopied, and holds() says so', async (t) => {
  const secrets = new SecretRegistry([TOKEN]);
  const texts = ['Kitchen light', '100% brightness\nand more', 'C:\\path\\to\\file', 'line one\r\nline two', `${TOKEN.slice(40, 80)}\n... cut`];
  for (const text of texts) {
    t.equal(secrets.scrub(text), text, JSON.stringify(text));
    t.equal(secrets.holds(text), false, JSON.stringify(text));
  }
});

t.test('encodedForms: the JSON-escaped form and base64 at each byte offset, never the secret itself', async (t) => {
  const forms = encodedForms('plain-secret-value');
  t.notOk(forms.includes('plain-secret-value'), 'the raw value is not repeated');
  for (const prefix of ['', 'a', 'ab']) {
    const encoded = Buffer.from(`${prefix}plain-secret-value!`).toString('base64');
    t.ok(forms.some((form) => encoded.includes(form)), `found after ${prefix.length} bytes`);
  }
  t.ok(encodedForms('quote"secret').includes('quote\\"secret'), 'JSON-escaped');
});

t.test('foldText maps each folded character back to the original', async (t) => {
  const folded = foldText('ab\n c%64\\ne%20f');
  t.equal(folded.text, 'abcdef');
  t.same([...folded.starts.slice(0, 6)], [0, 1, 4, 5, 10, 14]);
  t.same([...folded.ends.slice(0, 6)], [1, 2, 5, 8, 11, 15]);
  t.equal(foldText('100%').text, '100%', 'a % without two hex digits stays');
  t.equal(maskFolded('x ab\ncd y ab cd', ['abcd'], '#'), 'x # y #');
  t.equal(maskFolded('abcdabcd', ['abcdab', 'dabcd'], '#'), '#', 'overlapping matches make one mask');
  t.equal(maskFolded('nothing here', ['abcd'], '#'), 'nothing here');
});
