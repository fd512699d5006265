import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { translate } from '../src/atom-condition-syntax.js';

/** The translation of `source` (the test fails if it cannot be translated). */
function translated(source: string): { text: string; offsets: number[] } {
  const result = translate(source);
  if (!result.ok) throw new Error(`${source}: ${result.message}`);
  return result.value;
}
const text = (source: string): string => translated(source).text;
const offsets = (source: string): number[] => translated(source).offsets;

describe('translate', () => {
  it.each([
    // Identifiers: every first letter, digits after it, words only where they are not members.
    ['z1 and Z1', 'z1 && Z1'],
    ['a1 or A1 or _1', 'a1 || A1 || _1'],
    ['x.and.not', 'x.and.not'],
    ['True or False or None', 'true || false || null'],
    ['x.True', 'x.True'],
    // `not` closes at the same depth only.
    ['not a and not b', '!( a )&& !( b)'],
    ['not (not a and b)', '!( (!( a )&& b))'],
    ['not a ? b : c', '!( a )? b : c'],
    ['not [a, b]', '!( [a, b])'],
    ['not a, b', '!( a), b'],
    ['a && not b || c', 'a && !( b )|| c'],
    ['not not a', '!( !( a))'],
    ['a & b | c', 'a & b | c'],
    ['a ? not b : c', 'a ? !( b ): c'],
    ['(not a) == b', '(!( a)) == b'],
    ['f(not (a), b)', 'f(!( (a)), b)'],
    ['not (a) or b', '!( (a) )|| b'],
    ['not {"a": 1, "b": 2}', '!( {"a": 1.0, "b": 2.0})'],
    // Numbers: integers become doubles, except an index after something indexable.
    ['[0]', '[0.0]'],
    ['l[0]', 'l[0]'],
    ['l[ 0 ]', 'l[ 0 ]'],
    ['l[0 + 1]', 'l[0.0 + 1.0]'],
    ['(1)[0]', '(1.0)[0]'],
    ['"s"[0]', '"s"[0]'],
    ['${input.l}[0]', 'input["l"][0]'],
    ['f()[0]', 'f()[0]'],
    ['m{}[0]', 'm{}[0]'],
    ['b"ab"[0]', 'b"ab"[0]'],
    ['1[0]', '1.0[0]'],
    ['l[\t0\n]', 'l[\t0\n]'],
    ['l[\r0]', 'l[\r0]'],
    // Whitespace between the operand and its index, of every kind.
    ['l [0] l\t[0] l\n[0] l\r\n[0]', 'l [0] l\t[0] l\n[0] l\r\n[0]'],
    ['1e 2E3 1e+2 1e-2 1.5 1. 1.e', '1.0e 2E3 1e+2 1e-2 1.5 1.0. 1.0.e'],
    ['0x 0xE 0x10u 7u 7U 1e21', '0x 14.0 0x10u 7u 7U 1e21'],
    ['0x3635C9ADC5DEA00000', '1e+21'],
    // References: map keys directly, numeric segments through the lookup function.
    ['${input}', 'input'],
    ['${input.a1} ${input.1a}', 'input["a1"] input["1a"]'],
    ['${input.12} ${s.0} ${s.x}', '_ref(input, ["12"]) _ref(steps, ["s", "0"]) steps["s"]["x"]'],
    ['{}${input.a}', '{}input["a"]'],
    ['$a', '$a'],
    // Strings are copied as they are: escapes, raw and bytes prefixes, triple quotes.
    ['"a\\" and b"', '"a\\" and b"'],
    ["'a\\' or b'", "'a\\' or b'"],
    ["r'\\' and 1", "r'\\' && 1.0"],
    ['R"\\" + 1', 'R"\\" + 1.0'],
    ['b"and" rb"1" Br"\\\\" or 2', 'b"and" rb"1" Br"\\\\" || 2.0'],
    ['x"and"', 'x"and"'],
    // Only r, b, rb and br prefix a string (raw when r): `\"` ends a raw string only.
    ['xr"\\" and 1"', 'xr"\\" and 1"'],
    ['rx"\\" and 1"', 'rx"\\" and 1"'],
    ['br"\\" and 1"', 'br"\\" && 1.0"'],
    ['"""and\nor"""', '"""and\nor"""'],
    ["'''\"'''", "'''\"'''"],
    ['"unterminated and', '"unterminated and'],
    // A single-quoted string ends at a line break (CEL reports it); what follows is code.
    ['"a\nand"', '"a\n&&"'],
    ['"a\rand"', '"a\r&&"'],
  ])('%j → %j', (source, expected) => {
    expect(text(source)).toBe(expected);
  });

  it('keeps, for each translated character, the offset of the one it came from', () => {
    expect(offsets('not a and b')).toEqual([0, 0, 3, 4, 5, 6, 6, 6, 9, 10, 11]);
    expect(offsets('a && b')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(offsets('1 + ${s.x}')).toEqual([0, 0, 0, 1, 2, 3, ...Array<number>(15).fill(4), 10]);
    expect(offsets('"a" == l[2]')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it.each([
    ['${input.a', 'Unterminated reference: missing "}"', 0],
    ['1 + ${a.b', 'Unterminated reference: missing "}"', 4],
    ['x == ${a..b}', 'Malformed reference ${a..b}', 5],
    ['${}', 'Malformed reference ${}', 0],
    ['${a.__proto__}', 'Unsafe path segment "__proto__" in reference', 0],
    ['a.constructor', 'Unsafe identifier "constructor"', 2],
  ])('refuses %j: %s at %i', (source, message, offset) => {
    expect(translate(source)).toEqual({ ok: false, message, offset });
  });

  const atomText = fc
    .array(
      fc.oneof(
        fc.constantFrom('not ', ' and ', ' or ', 'True', '(', ')', '[', ']', '{', '}', ',', '?'),
        fc.constantFrom(':', '&&', '||', '"', "'", '\\', '\n', '0x', '1e', '.', 'r', 'b', '${a.b}'),
        fc.string({ maxLength: 4 }),
        fc.nat({ max: 1000 }).map(String),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));

  test.prop([atomText])('maps every translated character to an offset in the source', (source) => {
    const result = translate(source);
    if (!result.ok) {
      expect(result.offset).toBeGreaterThanOrEqual(0);
      expect(result.offset).toBeLessThan(source.length);
      return;
    }
    const { text: translated, offsets: map } = result.value;
    expect(map).toHaveLength(translated.length + 1);
    expect(map.at(-1)).toBe(source.length);
    for (let k = 1; k < map.length; k++) {
      expect(map[k]).toBeGreaterThanOrEqual(map[k - 1] as number);
      expect(map[k]).toBeLessThanOrEqual(source.length);
    }
  });

  test.prop([fc.string().filter((s) => !/[A-Za-z_0-9$&|]/.test(s))])(
    'copies text without words, numbers, references or operators unchanged',
    (source) => {
      expect(text(source)).toBe(source);
      expect(offsets(source)).toEqual(Array.from({ length: source.length + 1 }, (_, k) => k));
    },
  );
});
