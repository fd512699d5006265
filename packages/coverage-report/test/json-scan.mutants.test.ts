// json-scan.ts details a mutation run found unasserted: member counting across escaped quotes,
// newlines and spaces before the colon, nested objects inside objects; the strict reader's
// messages for a character that starts no value, an invalid escape, and the array index in a
// duplicate key's pointer.
import { describe, expect, it } from 'vitest';
import { countJsonMembers, countValueMembers, findJsonProblem } from '../src/json-scan.js';

describe('countJsonMembers', () => {
  it.each([
    ['{"a"\n: 1}', 1],
    ['{"a"\r\n\t : 1}', 1],
    ['{"a\\"b": 1}', 1],
    ['{"a\\"b": "c\\"", "d": 2}', 2],
    ['{"a\\\\": 1, "b": 2}', 2],
    ['{"a\\\\\\"": 1}', 1],
    ['["x\\": 1"]', 0],
    ['{"a": {"b": {"c": null}}}', 3],
  ])('counts the members of %s as %i', (text, n) => {
    expect(countJsonMembers(text)).toBe(n);
    expect(countValueMembers(JSON.parse(text))).toBe(n);
  });
});

describe('countValueMembers', () => {
  it('counts members of objects nested in objects and in arrays, not null members twice', () => {
    expect(countValueMembers({ a: { b: 1, c: { d: null } } })).toBe(4);
    expect(countValueMembers({ a: null, b: [{ c: 1 }, null] })).toBe(3);
    expect(countValueMembers(null)).toBe(0);
  });
});

describe('findJsonProblem', () => {
  it.each([
    ['[x]', 1, 'unexpected character "x", expected a value'],
    ['[+]', 1, 'unexpected character "+", expected a value'],
    ['[-]', 1, 'unexpected character "-", expected a number'],
    ['"\\x"', 1, 'invalid escape'],
    ['"a\\u12"', 2, 'invalid \\u escape'],
  ])('%s: at %i, %s', (text, offset, detail) => {
    expect(findJsonProblem(text)).toEqual({ kind: 'syntax', offset, detail });
  });

  it('names the array index in the pointer of a repeated key', () => {
    expect(findJsonProblem('[{}, {"a":1,"a":2}]')).toEqual({
      kind: 'duplicate',
      offset: 12,
      pointer: '/1/a',
      key: 'a',
    });
  });
});
