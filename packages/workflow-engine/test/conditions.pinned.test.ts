// Behaviours of conditions.ts the broader suite left open (found by mutation testing, issue 14):
// exact compile messages and offsets, each limit reaching the CEL library, where `not` closes, how
// numbers and strings are translated, and what a non-string condition is called.
import { describe, expect, it } from 'vitest';
import { createCelConditionEvaluator, defaultConditionEvaluator } from '../src/conditions.js';
import type { ConditionLimits, ConditionScope } from '../src/conditions.js';

const scope: ConditionScope = {
  input: { a: 1, l: [1, 2], m: { '0': 'zero' }, t: true, f: false },
  steps: { a: [{ b: 1 }], s: { n: 3 } },
};

function outcome(source: string, limits?: ConditionLimits): unknown {
  // A fresh evaluator each time: the default one is built when the module loads, before any test.
  const evaluator = createCelConditionEvaluator(limits);
  const compiled = evaluator.compile(source);
  if (!compiled.ok) return { message: compiled.message, offset: compiled.offset };
  return compiled.condition.evaluate(scope);
}

describe('compile errors: message and offset in the original text', () => {
  it.each([
    ['${input.a', 'Unterminated reference: missing "}"', 0],
    ['1 == 1 && ${input.a', 'Unterminated reference: missing "}"', 10],
    ['${input..a} == 1', 'Malformed reference ${input..a}', 0],
    ['true && ${input..a}', 'Malformed reference ${input..a}', 8],
    ['${input.__proto__}', 'Unsafe path segment "__proto__" in reference', 0],
    ['1 == 1 && ${a.constructor}', 'Unsafe path segment "constructor" in reference', 10],
    ['x.constructor', 'Unsafe identifier "constructor"', 2],
    ['input.prototype == 1', 'Unsafe identifier "prototype"', 6],
    ['"aaaa".matches("a")', 'Function "matches" is not allowed in conditions', 0],
    ['true && matches("a", "b")', 'Function "matches" is not allowed in conditions', 8],
    ['1 +', 'Unexpected token: EOF', 3],
    // Offsets map back through translated references, lookup calls and words.
    ['${input.l.0} == 1 +', 'Unexpected token: EOF', 19],
    ['1 + ${input.a} and and', 'Unexpected token: AND', 19],
    ['x > 1', 'Unknown variable: x', 0],
    ['true && y', 'Unknown variable: y', 8],
    ['nope(1)', "found no matching overload for 'nope(double)'", 0],
    ['1e400 > 1', 'Invalid number: Infinity', 0],
    ['0x == 1', 'Invalid hex integer: 0x', 0],
    ['"a\nb" == 1', 'Newlines not allowed in single-quoted strings', 2],
    ["'unterminated", 'Unterminated string', 0],
    ['(1)[0]', "Cannot index type 'double'", 1],
  ])('%j → %s at %i', (source, message, offset) => {
    expect(outcome(source)).toEqual({ message, offset });
  });

  it.each([
    ['null', null],
    ['list', []],
    ['int', 1n],
    ['double', 1],
    ['object', {}],
    ['undefined', undefined],
    ['boolean', true],
  ])('refuses a non-string, calling it %s', (name, value) => {
    expect(defaultConditionEvaluator.compile(value as never)).toEqual({
      ok: false,
      message: `Expected a string, received ${name}`,
      offset: 0,
    });
  });
});

describe('limits reach the CEL library', () => {
  it.each<[ConditionLimits, string, string, number]>([
    [{ maxLength: 5 }, 'true && true', 'Condition is 12 characters long; the limit is 5', 5],
    [{ maxListElements: 2 }, '[1, 2, 3] == [1, 2, 3]', 'Exceeded maxListElements (2)', 7],
    [{ maxMapEntries: 1 }, '{"a": 1, "b": 2} == {}', 'Exceeded maxMapEntries (1)', 9],
    [{ maxCallArguments: 1 }, '[1].exists(x, x > 0)', 'Exceeded maxCallArguments (1)', 14],
    [{ maxDepth: 2 }, '[[[1]]] == [[[1]]]', 'Exceeded maxDepth (2)', 2],
  ])('%j refuses %j', (limits, source, message, offset) => {
    expect(outcome(source, limits)).toEqual({ message, offset });
  });

  it.each<[ConditionLimits, string]>([
    [{ maxLength: 12 }, 'true && true'],
    [{ maxListElements: 3 }, '[1, 2, 3] == [1, 2, 3]'],
    [{ maxMapEntries: 2 }, '{"a": 1, "b": 2} != {}'],
    [{ maxCallArguments: 2 }, '[1].exists(x, x > 0)'],
    [{ maxDepth: 4 }, '[[[1]]] == [[[1]]]'],
  ])('%j accepts %j (the limit itself is allowed)', (limits, source) => {
    expect(outcome(source, limits)).toEqual({ ok: true, value: true });
  });
});

describe('translation of Atom syntax', () => {
  it.each([
    // `not` closes at the next `?`, `,`, `]`, `}`, `)`, `&&` or `||` at its own depth.
    ['not ${input.t} ? 1 : 2', true],
    ['not ${input.f} ? 0 : 1', false],
    ['[not ${input.f}, 1][0]', true],
    ['{"k": not ${input.f}}["k"]', true],
    ['size([not ${input.f}]) == 1', true],
    ['not ${input.f} || false', true],
    ['not ${input.f} && false', false],
    ['not (${input.f} or true)', false],
    ['not ${input.t} or True', true],
    // Numbers: integers become doubles, hexadecimal too; an index stays an int.
    ['0x10 == 16', true],
    ['0xFFFFFFFFFFFFFFFFFFFF > 1', true],
    ['0x3635C9ADC5DEA00000 == 1e21', true],
    ['1.5e3 == 1500', true],
    ['1E2 == 100', true],
    ['1e+2 == 100', true],
    ['1e-2 == 0.01', true],
    ['1u == 1u', true],
    ['[1, 2][1] == 2', true],
    ['[1][ 0 ] == 1', true],
    ['${input.l}[1] == 2', true],
    ['${input.m}[0] == "zero"', true],
    // References with numeric segments go through the lookup function (list or map).
    ['${input.l.1} == 2', true],
    ['${input.m.0} == "zero"', true],
    ['${a.0.b} == 1', true],
    // Strings are copied untouched, escapes and triple quotes included.
    ['"\\"" == "\\""', true],
    ['"""a\nb""" == "a\\nb"', true],
    ["b'abc' == b'abc'", true],
  ])('%j → %s', (source, value) => {
    expect(outcome(source)).toEqual({ ok: true, value });
  });

  it('leaves a member named like a word alone', () => {
    expect(outcome('steps.s.not == 1')).toEqual({ ok: false, error: 'No such key: not' });
  });

  it('names the missing path of a lookup', () => {
    expect(outcome('${input.l.5} == 1')).toEqual({ ok: false, error: 'No such path: l.5' });
    expect(outcome('${a.0.c} == 1')).toEqual({ ok: false, error: 'No such path: a.0.c' });
  });
});

describe('the CEL environment', () => {
  it.each([
    // `int` results of CEL functions meet JSON doubles on either side of every operator.
    'size([1]) + 0.5 == 1.5',
    'size([1]) - 0.5 == 0.5',
    'size([1]) * 0.5 == 0.5',
    'size([1]) / 0.5 == 2',
    '0.5 + size([1]) == 1.5',
    '0.5 - size([1]) == -0.5',
    '0.5 * size([1]) == 0.5',
    '0.5 / size([1]) == 0.5',
    'size([1]) == 1',
    '1 == size([1])',
    'size([1]) != 2',
    // Lists and maps may mix types (JSON arrays do).
    'size([1, "a"]) == 2',
    'size({"a": 1, "b": "c"}) == 2',
  ])('%s', (source) => {
    expect(outcome(source)).toEqual({ ok: true, value: true });
  });

  it.each([
    ['[1].map(x, "a".matches("b"))', 11],
    ['{"k": "a".matches("b")}', 6],
    ['true ? "a".matches("b") : false', 7],
    ['[[matches("a", "b")]]', 2],
  ])('finds matches() anywhere in %j', (source, offset) => {
    expect(outcome(source)).toEqual({
      message: 'Function "matches" is not allowed in conditions',
      offset,
    });
  });

  it.each([
    ['${input.a} + "s"', 'no such overload: dyn<double> + string'],
    ['size(${input.a})', "found no matching overload for 'size(double)'"],
    ['input.a.b', 'No such key: b'],
  ])('reports the run-time error of %j', (source, error) => {
    expect(outcome(source)).toEqual({ ok: false, error });
  });

  it('keeps the default of every limit not given, and accepts a limit of 1', () => {
    const evaluator = createCelConditionEvaluator({ maxLength: 5000 });
    expect(evaluator.compile(`${'('.repeat(40)}true${')'.repeat(40)}`).ok).toBe(false);
    expect(evaluator.compile(`${'('.repeat(30)}true${')'.repeat(30)}`).ok).toBe(true);
    expect(createCelConditionEvaluator({ maxDepth: 1 }).compile('true').ok).toBe(true);
  });

  it('names the bad limit and what it expected', () => {
    expect(() => createCelConditionEvaluator({ maxDepth: 0 })).toThrow(
      'Invalid option "limits.maxDepth": expected a positive integer, received 0',
    );
    expect(() => createCelConditionEvaluator({ bogus: 1 } as never)).toThrow(
      'Invalid option "limits.bogus": expected a known limit (no such option), received 1',
    );
  });
});
