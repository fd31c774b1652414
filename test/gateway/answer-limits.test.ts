/** Unit tests for src/gateway/answer-limits.ts: what an answer must fit to leave the Lambda at all. */
import t from 'tap';
import { MAX_ANSWER_BYTES, nestedDeeperThan, tooDeep, tooLarge } from '../../src/gateway/answer-limits.js';

/** `levels` arrays, one inside the other, built without recursion. */
function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = [value];
  return value;
}

t.test('nesting is counted in levels, and a walk never goes further than the limit', async (t) => {
  t.equal(nestedDeeperThan(nested(64), 64), false, '64 levels fit');
  t.equal(nestedDeeperThan(nested(65), 64), true, '65 do not');
  t.equal(nestedDeeperThan({ a: [{ b: 'x' }] }, 3), false);
  t.equal(nestedDeeperThan({ a: [{ b: {} }] }, 3), true, 'an empty object counts as a level');
  t.equal(nestedDeeperThan('text', 0), false);
  t.doesNotThrow(() => tooDeep(nested(200_000)), 'an answer 200,000 levels deep is measured without running out of stack');
  t.match(tooDeep(nested(200_000)), /nested more than 64 levels deep/);
  t.equal(tooDeep({ event: { header: {}, payload: {} } }), undefined);
});

t.test('size is counted in UTF-8 bytes of the serialized answer', async (t) => {
  t.equal(MAX_ANSWER_BYTES, 6_000_000, 'under Lambda\'s 6,291,456-byte response limit');
  t.equal(tooLarge({ text: 'x'.repeat(MAX_ANSWER_BYTES - 20) }), undefined, 'just under');
  // 3,000,001 characters of two bytes each, and the quotes.
  t.match(tooLarge('é'.repeat(3_000_001)), /it is 6000004 bytes, more than the 6000000/);
  t.equal(tooLarge(undefined), undefined);
});
