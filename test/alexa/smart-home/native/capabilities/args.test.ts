/** Payload readers behave like HA's `int(...)` / `float(...)`, and refuse anything else with INVALID_DIRECTIVE. */
import t from 'tap';
import { clamp, numberAttribute, payloadInt, payloadNumber, payloadObject, payloadString, stringListAttribute } from '../../../../../src/alexa/smart-home/native/capabilities/args.js';

t.test('numbers', (t) => {
  const rows: [unknown, number | 'INVALID_DIRECTIVE', number | 'INVALID_DIRECTIVE'][] = [
    [42, 42, 42],
    [-7.9, -7.9, -7],
    ['75', 75, 75],
    [' 2.5 ', 2.5, 2],
    ['', 'INVALID_DIRECTIVE', 'INVALID_DIRECTIVE'],
    ['abc', 'INVALID_DIRECTIVE', 'INVALID_DIRECTIVE'],
    [null, 'INVALID_DIRECTIVE', 'INVALID_DIRECTIVE'],
    [Number.POSITIVE_INFINITY, 'INVALID_DIRECTIVE', 'INVALID_DIRECTIVE'],
  ];
  for (const [value, float, int] of rows) {
    const payload = { v: value };
    if (float === 'INVALID_DIRECTIVE') t.throws(() => payloadNumber(payload, 'v'), { type: float, message: /payload\.v must be a number/ }, `float(${JSON.stringify(value)})`);
    else t.equal(payloadNumber(payload, 'v'), float, `float(${JSON.stringify(value)})`);
    if (int === 'INVALID_DIRECTIVE') t.throws(() => payloadInt(payload, 'v'), { type: int, message: /must be a number/ });
    else t.equal(payloadInt(payload, 'v'), int, `int(${JSON.stringify(value)})`);
  }
  t.end();
});

t.test('objects and strings', (t) => {
  t.same(payloadObject({ c: { hue: 1 } }, 'c'), { hue: 1 });
  for (const bad of [null, [], 'x', 3]) t.throws(() => payloadObject({ c: bad }, 'c'), { type: 'INVALID_DIRECTIVE', message: /must be an object/ }, JSON.stringify(bad));
  t.equal(payloadString({ s: 'HDMI1' }, 's'), 'HDMI1');
  t.throws(() => payloadString({ s: 1 }, 's'), { type: 'INVALID_DIRECTIVE', message: /payload\.s must be a string/ });
  t.end();
});

t.test('attributes', (t) => {
  t.equal(numberAttribute({ a: 3 }, 'a'), 3);
  t.equal(numberAttribute({ a: '3.5' }, 'a'), 3.5);
  t.equal(numberAttribute({ a: '' }, 'a'), undefined);
  t.equal(numberAttribute({ a: null }, 'a'), undefined);
  t.equal(numberAttribute({}, 'a'), undefined);
  t.same(stringListAttribute({ l: ['a', 1, 'b'] }, 'l'), ['a', 'b']);
  t.same(stringListAttribute({ l: 'a' }, 'l'), []);
  t.equal(clamp(150, 0, 100), 100);
  t.equal(clamp(-5, 0, 100), 0);
  t.end();
});
