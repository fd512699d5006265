import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  atomTruthy,
  createCelConditionEvaluator,
  defaultConditionEvaluator,
} from '../src/conditions.js';
import type { ConditionScope } from '../src/conditions.js';
import { InvalidOptionError } from '../src/errors.js';

const scope: ConditionScope = {
  input: {
    a: 5,
    name: 'bob',
    flag: true,
    arr: [1, 2, 3],
    nested: { deep: { x: 1.5 } },
    nul: null,
    empty: '',
    zero: 0,
    emptyList: [],
    emptyMap: {},
  },
  steps: { fetch: { count: 7, ok: true, list: [10, 20], label: 'a and b' }, 'my-step': { v: 2 } },
};

function run(source: string, s: ConditionScope = scope): unknown {
  const compiled = defaultConditionEvaluator.compile(source);
  if (!compiled.ok) return { compileError: compiled.message, offset: compiled.offset };
  expect(compiled.condition.source).toBe(source);
  return compiled.condition.evaluate(s);
}

const ok = (value: boolean): unknown => ({ ok: true, value });

describe('defaultConditionEvaluator', () => {
  describe('references', () => {
    it.each([
      ['${fetch.count} > 5', true],
      ['${fetch.count} > 7', false],
      ['${input.a} == 5', true],
      ['${input.nested.deep.x} == 1.5', true],
      ['${input.arr[1]} == 2', true],
      ['${input.arr.2} == 3', true],
      ['${my-step.v} == 2', true],
      ['${input.nul} == null', true],
      ['${input.name} == "bob"', true],
      ['size(${input.arr}) == 3', true],
      ['${fetch.ok}', true],
    ])('%s → %s', (source, expected) => {
      expect(run(source)).toEqual(ok(expected));
    });

    it('reads values as variables, never as spliced text', () => {
      // A value that looks like code stays a string.
      const s = { input: { code: '1 == 1 || true' }, steps: {} };
      expect(run('${input.code} == "1 == 1 || true"', s)).toEqual(ok(true));
      // A value is never spliced in as code: the string "1 == 2" is a non-empty string (true).
      expect(run('${input.code}', { input: { code: '1 == 2' }, steps: {} })).toEqual(ok(true));
    });

    it('turns a missing path into ok: false with a diagnostic', () => {
      expect(run('${input.missing} > 1')).toEqual({ ok: false, error: 'No such key: missing' });
      expect(run('${input.arr.7} > 1')).toEqual({ ok: false, error: 'No such path: arr.7' });
      expect(run('${ghost.x} > 1')).toMatchObject({ ok: false });
      expect(run('${input.arr.9} > 1')).toMatchObject({ ok: false });
    });

    it('refuses prototype paths at compile time', () => {
      for (const source of [
        '${input.__proto__}',
        '${fetch.constructor.name} == "x"',
        'input.prototype',
      ]) {
        expect(run(source)).toMatchObject({
          compileError: expect.stringContaining('Unsafe') as string,
        });
      }
    });

    it('never reads prototype members through a reference', () => {
      expect(run('${input.toString} == null')).toMatchObject({ ok: false });
      expect(run('${input.arr.length} == 3')).toMatchObject({ ok: false });
      expect(run('${fetch.hasOwnProperty} == null')).toMatchObject({ ok: false });
    });

    it('reports malformed and unterminated references', () => {
      expect(run('${input..a} == 1')).toMatchObject({ offset: 0 });
      expect(run('1 == 1 && ${input.a')).toMatchObject({ offset: 10 });
    });

    it('treats plain CEL variables input and steps like references', () => {
      expect(run('steps.fetch.count + input.a == 12')).toEqual(ok(true));
      expect(run('steps["my-step"].v == 2')).toEqual(ok(true));
    });
  });

  describe('Atom words', () => {
    it.each([
      ['${fetch.ok} and ${input.flag}', true],
      ['${fetch.ok} and not ${input.flag}', false],
      ['False or ${input.flag}', true],
      ['not ${fetch.count} == 7', false],
      ['not ${fetch.count} > 100 and True', true],
      ['not not True', true],
      ['(not False) == True', true],
      ['None == null', true],
      ['not False ? True : False', true],
      ['[not False, True][0]', true],
      ['"and or not True" == "and or not True"', true],
      ["'None' != 'null'", true],
      ['${fetch.label} == "a and b"', true],
      ["r'not \\q' == 'not \\\\q'", true],
      ['"""a "and" b""" == \'a "and" b\'', true],
      ['not False && True', true],
      ['not False || False', true],
    ])('%s → %s', (source, expected) => {
      expect(run(source)).toEqual(ok(expected));
    });

    it('does not translate field names that look like words', () => {
      const s = { input: { and: 1, True: 2 }, steps: {} };
      expect(run('input.and == 1 && input.True == 2', s)).toEqual(ok(true));
    });
  });

  describe('numbers', () => {
    it.each([
      ['${fetch.count} + 1 == 8', true],
      ['${input.nested.deep.x} * 2 == 3', true],
      ['10 / 4 == 2.5', true],
      ['0x10 == 16', true],
      ['1e3 > 999', true],
      ['2u == 2u', true],
      ['size(${input.arr}) != 3', false],
      ['3 == size(${input.arr})', true],
      ['size(${input.arr}) + 0.5 == 3.5', true],
      ['size(${input.arr}) - 1 == 2', true],
      ['size(${input.arr}) * 2 == 6', true],
      ['6 / size(${input.arr}) == 2', true],
      ['2 * size(${input.arr}) == 6', true],
      ['10 - size(${input.arr}) == 7', true],
      ['size(${input.arr}) / 2 == 1.5', true],
      ['0x1FFFFFFFFFFFFFFFFFFFF > 1', true],
      ['[1, 2][1] == 2', true],
      ['${input.arr}[0] == 1', true],
      ['[10, 20][ 0 ] + 1 == 11', true],
    ])('%s → %s', (source, expected) => {
      expect(run(source)).toEqual(ok(expected));
    });
  });

  describe('compile errors', () => {
    it('points parse errors into the original text', () => {
      const source = '${input.a} > 1 and and';
      expect(run(source)).toMatchObject({ offset: source.lastIndexOf('and') });
      expect(run('1 +')).toMatchObject({ offset: 3 });
    });

    it('reports literals CEL does not have', () => {
      expect(run('1e400 > 1')).toMatchObject({
        compileError: expect.stringContaining('Infinity') as string,
      });
      expect(run('.5 < 1')).toMatchObject({ offset: 0 });
    });

    it('reports unknown variables and functions', () => {
      expect(run('x > 1')).toMatchObject({ offset: 0 });
      expect(run('nope(1)')).toMatchObject({ compileError: expect.any(String) as string });
    });

    it('refuses matches() (unbounded regular expressions)', () => {
      expect(run('"aaaa".matches("(a+)+$")')).toMatchObject({
        compileError: expect.stringContaining('matches') as string,
        offset: 0,
      });
    });

    it("applies Atom's truthiness to a non-bool result known at compile time", () => {
      expect(run('1 + 2')).toEqual(ok(true));
      expect(run('1 - 1')).toEqual(ok(false));
      expect(run('"a" + ""')).toEqual(ok(true));
      expect(run('""')).toEqual(ok(false));
      expect(run('[]')).toEqual(ok(false));
      expect(run('[0]')).toEqual(ok(true));
      expect(run('{}')).toEqual(ok(false));
      expect(run('{"a": 1}')).toEqual(ok(true));
      expect(run('size([1, 2]) - 2')).toEqual(ok(false));
    });

    it("applies Atom's truthiness to a dynamic result", () => {
      expect(run('${input.name}')).toEqual(ok(true));
      expect(run('${input.arr}')).toEqual(ok(true));
      expect(run('${input.nul}')).toEqual(ok(false));
      expect(run('${input.nested}')).toEqual(ok(true));
      expect(run('${input.empty}')).toEqual(ok(false));
      expect(run('${input.zero}')).toEqual(ok(false));
      expect(run('${input.emptyList}')).toEqual(ok(false));
      expect(run('${input.emptyMap}')).toEqual(ok(false));
    });

    it('reports type errors at run time as ok: false', () => {
      expect(run('${input.name} > 1')).toMatchObject({ ok: false });
    });

    it('compiles blank conditions to true', () => {
      expect(run('   ')).toEqual(ok(true));
    });

    it('refuses a non-string without throwing', () => {
      expect(defaultConditionEvaluator.compile(42 as unknown as string)).toMatchObject({
        ok: false,
        message: 'Expected a string, received double',
      });
    });

    it('reads a missing input as null', () => {
      const compiled = defaultConditionEvaluator.compile('input == null');
      expect(compiled.ok && compiled.condition.evaluate({ input: undefined, steps: {} })).toEqual(
        ok(true),
      );
    });
  });

  describe('limits', () => {
    it('caps the length at 4 KiB by default', () => {
      const long = `${'true && '.repeat(600)}true`;
      expect(long.length).toBeGreaterThan(4096);
      expect(run(long)).toMatchObject({ offset: 4096 });
    });

    it('caps nesting depth', () => {
      expect(run(`${'('.repeat(40)}true${')'.repeat(40)}`)).toMatchObject({
        compileError: expect.stringContaining('maxDepth') as string,
      });
    });

    it('caps the AST size', () => {
      const evaluator = createCelConditionEvaluator({ maxAstNodes: 10 });
      const compiled = evaluator.compile('1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 == 11');
      expect(compiled).toMatchObject({
        ok: false,
        message: expect.stringContaining('maxAstNodes') as string,
      });
      expect(
        defaultConditionEvaluator.compile('1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 == 11').ok,
      ).toBe(true);
    });

    it('validates its options', () => {
      expect(() => createCelConditionEvaluator({ maxDepth: 0 })).toThrow(InvalidOptionError);
      expect(() => createCelConditionEvaluator({ maxLength: 1.5 })).toThrow(/limits.maxLength/);
      expect(() => createCelConditionEvaluator({ bogus: 1 } as never)).toThrow(/limits.bogus/);
      expect(createCelConditionEvaluator({ maxLength: undefined }).compile('true').ok).toBe(true);
    });
  });

  describe('totality (property)', () => {
    const fragments = [
      '${input.a}',
      '${fetch.count}',
      '${',
      '}',
      '${input.__proto__}',
      'and',
      'or',
      'not',
      'True',
      'None',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '"""',
      '\\',
      '==',
      '>',
      '+',
      '*',
      '.',
      ',',
      '?',
      ':',
      '1',
      '0x',
      '1e',
      '9999999999999999999999',
      'size(',
      'input',
      'steps',
      'constructor',
      'this',
      'globalThis',
      'process.exit(1)',
      'require("fs")',
      'eval("1")',
      '__import__("os")',
      '().__class__',
      'Function("return 1")()',
      '`${1}`',
      ';',
      '=>',
      'u',
      'b"',
      'r"',
      '.map(x, x)',
      '.all(x, x > 0)',
      'dyn(',
      'matches',
      'has(',
      '.exists(',
      '!',
      '&&',
      '||',
      '-',
    ];
    const source = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((parts) => parts.join(' ')),
      fc.array(fc.constantFrom(...fragments), { maxLength: 30 }).map((parts) => parts.join('')),
    );

    test.prop([source, fc.anything()])(
      'compile and evaluate never throw, return the documented shapes and never run host code',
      (text, input) => {
        const sentinel = globalThis as { __atomSentinel?: unknown };
        sentinel.__atomSentinel = 'untouched';
        const compiled = defaultConditionEvaluator.compile(text);
        if (compiled.ok) {
          const result = compiled.condition.evaluate({ input, steps: { fetch: { count: 1 } } });
          if (result.ok) expect(typeof result.value).toBe('boolean');
          else expect(typeof result.error).toBe('string');
        } else {
          expect(typeof compiled.message).toBe('string');
          expect(compiled.offset).toBeGreaterThanOrEqual(0);
          expect(compiled.offset).toBeLessThanOrEqual(Math.max(text.length, 4096));
        }
        expect(sentinel.__atomSentinel).toBe('untouched');
        expect(Object.prototype).not.toHaveProperty('polluted');
      },
    );

    test.prop([fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 })])(
      'JSON numbers compare and add with integer literals as users expect',
      (a, b) => {
        const compiled = defaultConditionEvaluator.compile(`\${input.a} + ${b} == ${a + b}`);
        expect(compiled.ok && compiled.condition.evaluate({ input: { a }, steps: {} })).toEqual(
          ok(true),
        );
        const greater = defaultConditionEvaluator.compile(`\${input.a} > ${b}`);
        expect(greater.ok && greater.condition.evaluate({ input: { a }, steps: {} })).toEqual(
          ok(a > b),
        );
      },
    );
  });
});

describe('atomTruthy', () => {
  it("follows Python's truthiness, as Atom does", () => {
    const falsy: unknown[] = [
      false,
      null,
      undefined,
      0,
      -0,
      0n,
      '',
      [],
      {},
      new Map(),
      new Set(),
      new Uint8Array(),
    ];
    const truthy: unknown[] = [
      true,
      1,
      -1,
      Number.NaN,
      1n,
      'a',
      ' ',
      [0],
      { a: 0 },
      new Map([[1, 1]]),
      new Set([0]),
      new Uint8Array([0]),
      new Date(0),
      () => 0,
      Symbol('s'),
    ];
    for (const value of falsy) expect(atomTruthy(value), String(value)).toBe(false);
    for (const value of truthy) expect(atomTruthy(value), String(value)).toBe(true);
    expect(atomTruthy(Object.create(null))).toBe(false);
  });
});
