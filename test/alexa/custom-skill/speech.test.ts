/**
 * Unit tests for src/alexa/custom-skill/speech.ts and response.ts: SSML escaping, cleaning, cutting
 * long replies at a sentence boundary, and keeping the whole response within 24 KB.
 */
import t from 'tap';
import { customSkillFailure, escapeSsml } from '../../../src/alexa/custom-skill/index.js';
import { emptyResponse, MAX_RESPONSE_BYTES, respond } from '../../../src/alexa/custom-skill/response.js';
import { lastSentence, MAX_SPEECH_CHARS, plainSpeech, toSsml } from '../../../src/alexa/custom-skill/speech.js';
import { assertSkillResponse, spoken } from './skill-requests.js';

t.test('escapes the five XML characters', (t) => {
  t.equal(escapeSsml(`a & b < c > d "e" 'f'`), 'a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  t.equal(toSsml('<audio src="x"/> & more').ssml, '<speak>&lt;audio src=&quot;x&quot;/&gt; &amp; more</speak>', 'markup in a reply is spoken, never interpreted');
  t.end();
});

t.test("the gateway's static failure answer is escaped and ends the session", (t) => {
  const answer = assertSkillResponse(t, customSkillFailure({}, "Home Assistant's switched off & away."));
  t.equal(answer.response.outputSpeech?.ssml, '<speak>Home Assistant&apos;s switched off &amp; away.</speak>');
  t.equal(answer.response.shouldEndSession, true);
  t.end();
});

t.test('cleans what language-model agents add and XML cannot carry', (t) => {
  const cases = [
    { input: '**Kitchen** is `on`', output: 'Kitchen is on' },
    { input: '# Lights\n- Kitchen: on\n* Porch: off\n• Hall: on', output: 'Lights Kitchen: on Porch: off Hall: on' },
    { input: 'bell\u0007 and\u0000 nul', output: 'bell and nul' },
    { input: '  spaced \n\n out\t ', output: 'spaced out' },
    { input: 'snake_case stays, __bold__ goes', output: 'snake_case stays, bold goes' },
  ];
  for (const row of cases) t.equal(plainSpeech(row.input), row.output, JSON.stringify(row.input));
  t.end();
});

t.test('long speech is cut after the last whole sentence that fits', (t) => {
  const text = Array.from({ length: 300 }, (_, i) => `Sentence number ${i} ends here.`).join(' ');
  const { ssml, truncated } = toSsml(text);
  t.ok(truncated);
  t.ok(ssml.length <= MAX_SPEECH_CHARS, `within 8,000 characters (${ssml.length})`);
  t.ok(ssml.length > MAX_SPEECH_CHARS - 40, 'loses less than one sentence');
  t.match(spoken(ssml), /Sentence number \d+ ends here\.$/);
  t.end();
});

t.test('escaping counts toward the limit', (t) => {
  const { ssml } = toSsml('Tom & Jerry. '.repeat(1_000));
  t.ok(ssml.length <= MAX_SPEECH_CHARS, `escaped SSML within the limit (${ssml.length})`);
  t.ok(ssml.endsWith('Jerry.</speak>'));
  t.end();
});

t.test('without sentences the cut falls on a word, and never splits a character', (t) => {
  const words = toSsml('word '.repeat(3_000), { maxChars: 100, maxBytes: Number.POSITIVE_INFINITY });
  t.equal(words.ssml, `<speak>${'word '.repeat(17).trim()}</speak>`);
  const emoji = toSsml('😀'.repeat(100), { maxChars: 50, maxBytes: Number.POSITIVE_INFINITY });
  t.ok(emoji.ssml.length <= 50);
  t.notMatch(emoji.ssml, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no half surrogate pair');
  t.equal(toSsml('x', { maxChars: 10, maxBytes: Number.POSITIVE_INFINITY }).ssml, '<speak></speak>', 'nothing fits: empty speech');
  t.end();
});

t.test('short speech is untouched', (t) => {
  t.same(toSsml('Turned on the light.'), { ssml: '<speak>Turned on the light.</speak>', truncated: false });
  t.end();
});

t.test('the whole response stays within 24 KB, whatever the script', (t) => {
  const cases = [
    { name: 'Japanese (3 bytes a character)', text: '台所の電気をつけました。'.repeat(1_000) },
    { name: 'emoji (4 bytes)', text: 'Done 😀😀😀. '.repeat(2_000) },
    { name: 'escaped ampersands', text: '&&&& '.repeat(4_000) },
  ];
  for (const row of cases) {
    const answer = respond({ speech: row.text, reprompt: row.text, endSession: false, attributes: { conversationId: 'c'.repeat(200) } });
    const size = Buffer.byteLength(JSON.stringify(answer), 'utf8');
    t.ok(size <= MAX_RESPONSE_BYTES, `${row.name}: ${size} bytes`);
    const ssml = answer.response.outputSpeech?.type === 'SSML' ? answer.response.outputSpeech.ssml : '';
    t.ok(size > MAX_RESPONSE_BYTES - 200 || ssml.length > MAX_SPEECH_CHARS - 20, `${row.name}: cut only as far as a limit requires`);
    const checked = assertSkillResponse(t, answer);
    t.ok(checked.speech.length > 0);
    t.ok((answer.response.reprompt?.outputSpeech?.type === 'SSML' ? answer.response.reprompt.outputSpeech.ssml.length : 0) <= 1_000, `${row.name}: short reprompt`);
  }
  t.end();
});

t.test('oversized session attributes are dropped rather than the speech', (t) => {
  const answer = respond({ speech: 'Hi.', endSession: false, reprompt: 'Hi?', attributes: { conversationId: 'x'.repeat(5_000) } });
  t.equal(answer.sessionAttributes, undefined);
  t.same(respond({ speech: 'Hi.', endSession: false, attributes: {} }).sessionAttributes, undefined, 'empty attributes are left out');
  t.end();
});

t.test('a reprompt only with an open session; a silent response; an empty one', (t) => {
  t.equal(respond({ speech: 'Bye.', reprompt: 'ignored', endSession: true }).response.reprompt, undefined);
  t.same(respond({ endSession: true }), { version: '1.0', response: { shouldEndSession: true } });
  t.same(emptyResponse(), { version: '1.0', response: {} });
  t.end();
});

t.test('lastSentence picks the question to repeat', (t) => {
  t.equal(lastSentence('There are two. Which one?'), 'Which one?');
  t.equal(lastSentence('Which one?'), 'Which one?');
  t.equal(lastSentence('Done! Next? And then'), 'And then');
  t.end();
});
