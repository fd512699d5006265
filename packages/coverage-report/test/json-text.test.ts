import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, InvalidJsonError } from '../src/errors.js';
import { countJsonMembers, countValueMembers, findJsonProblem } from '../src/json-scan.js';
import { parseJsonText } from '../src/json-text.js';

/** Any JSON text, pretty-printed or not, with keys that need escaping. */
const jsonTextArb = fc
  .tuple(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'))
  .map(([value, indent]) => JSON.stringify(value, null, indent));

describe('json-scan', () => {
  describe('countJsonMembers', () => {
    test.prop([jsonTextArb])('counts exactly the keys of the parsed value', (text) => {
      expect(countJsonMembers(text)).toBe(countValueMembers(JSON.parse(text)));
    });

    it('is not fooled by quotes, colons and backslashes inside strings', () => {
      expect(
        countJsonMembers('{"a\\"": "x:y", "b\\\\": ["\\\\", ":"], "c": {"d": "\\\\\\""}}'),
      ).toBe(4);
    });

    it('stops at an unterminated string', () => {
      expect(countJsonMembers('{"a": 1, "b')).toBe(1);
    });
  });

  describe('findJsonProblem', () => {
    test.prop([jsonTextArb])('finds nothing in valid JSON without duplicates', (text) => {
      expect(findJsonProblem(text)).toBeUndefined();
    });

    test.prop([jsonTextArb, fc.nat(), fc.constantFrom('', ',', '}', ']', ':', 'x', '"', '\\')])(
      'agrees with JSON.parse on validity when a text is damaged',
      (text, at, insert) => {
        const i = at % (text.length + 1);
        const damaged = `${text.slice(0, i)}${insert}${text.slice(i + 1)}`;
        let valid = true;
        try {
          JSON.parse(damaged);
        } catch {
          valid = false;
        }
        // a damaged text may still be valid JSON, possibly with a repeated key now
        const problem = findJsonProblem(damaged);
        if (valid) expect(problem?.kind).not.toBe('syntax');
        else expect(problem?.kind).toBe('syntax');
      },
    );

    test.prop([
      fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
      fc.string({ maxLength: 3 }),
    ])('points at a repeated key inside nested objects', (record, outer) => {
      const [key] = Object.keys(record) as [string];
      const inner = JSON.stringify(record).slice(0, -1);
      const text = `{${JSON.stringify(outer)}: [${inner}, ${JSON.stringify(key)}: 0}]}`;
      const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
      expect(findJsonProblem(text)).toMatchObject({
        kind: 'duplicate',
        pointer: `/${escape(outer)}/0/${escape(key)}`,
        key,
      });
    });

    it.each([
      ['', 'unexpected end of input, expected a value', 0],
      ['{"a" 1}', 'unexpected character "1", expected ":"', 5],
      ['[1 2]', 'unexpected character "2", expected "," or "]"', 3],
      ['{"a": 1 "b": 2}', 'unexpected character "\\"", expected "," or "}"', 8],
      ['"a\u0001"', 'control character in string', 2],
      ['"\\x"', 'invalid escape', 1],
      ['"\\u12G4"', 'invalid \\u escape', 1],
      ['-', 'unexpected character "-", expected a number', 0],
      ['1 2', 'unexpected character "2" after the JSON value', 2],
      ['nul', 'unexpected character "n", expected a value', 0],
    ])('reports %j as %s at offset %i', (text, detail, offset) => {
      expect(findJsonProblem(text)).toEqual({ kind: 'syntax', detail, offset });
    });

    it('accepts literals, escapes and numbers of every form', () => {
      expect(findJsonProblem('[true, false, null, -0.5e+3, 0, "\\u00e9\\n\\/"]')).toBeUndefined();
      expect(findJsonProblem('{}')).toBeUndefined();
      expect(findJsonProblem('[]')).toBeUndefined();
    });
  });
});

describe('parseJsonText', () => {
  it('reports the line and column of the real error, on one line', () => {
    const error = (() => {
      try {
        parseJsonText('x.json', '{\n  "a": [1, 2,]\n}');
      } catch (e) {
        return e as InvalidJsonError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidJsonError);
    expect(error?.message).toBe(
      'x.json:2:14: invalid JSON: unexpected character "]", expected a value',
    );
    expect([error?.line, error?.column]).toEqual([2, 14]);
  });

  it('refuses a duplicate key with its pointer, line and column', () => {
    expect(() => parseJsonText('d.json', '{"s": {"0": 1,\n "0": 2}}')).toThrow(DuplicateKeyError);
    try {
      parseJsonText('d.json', '{"s": {"0": 1,\n "0": 2}}');
    } catch (e) {
      const error = e as DuplicateKeyError;
      expect(error.code).toBe('COVERAGE_DUPLICATE_KEY');
      expect([error.pointer, error.line, error.column]).toEqual(['/s/0', 2, 2]);
    }
  });

  it('refuses text with a repeated key before a syntax error as invalid JSON, at the first problem', () => {
    expect(() => parseJsonText('b.json', '{"a": 1, "a": 2,}')).toThrow(InvalidJsonError);
    expect(() => parseJsonText('b.json', '{"a": 1, "a": 2,}')).toThrow(
      /^b\.json:1:10: invalid JSON/,
    );
  });

  test.prop([jsonTextArb])('returns what JSON.parse returns for valid JSON', (text) => {
    expect(parseJsonText('v.json', text)).toEqual(JSON.parse(text));
  });
});
