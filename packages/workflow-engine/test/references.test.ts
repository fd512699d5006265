import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  collectReferences,
  lookupPath,
  parseReferencePath,
  resolveReferences,
} from '../src/references.js';

const scope = {
  input: { user: { email: 'a@b.c', age: 30, tags: ['x', 'y'] }, nul: null, flag: false },
  outputs: { fetch: { count: 3, items: [{ id: 1 }], ok: true }, empty: null },
};

describe('parseReferencePath', () => {
  it.each([
    ['input.user.email', ['input', 'user', 'email']],
    [' fetch . count ', ['fetch', 'count']],
    ['fetch.items[0].id', ['fetch', 'items', '0', 'id']],
    ['m[1][2]', ['m', '1', '2']],
    ['input', ['input']],
    ['a.[0]', ['a', '0']],
  ])('%s → %j', (inner, expected) => {
    expect(parseReferencePath(inner)).toEqual(expected);
  });

  it.each(['', 'a..b', '.a', '[0]', 'a[x]', 'a[0'])('refuses %j', (inner) => {
    expect(parseReferencePath(inner)).toBeUndefined();
  });
});

describe('lookupPath', () => {
  it('follows own properties of plain objects and array indices', () => {
    expect(lookupPath({ a: [{ b: 1 }] }, ['a', '0', 'b'])).toEqual({ found: true, value: 1 });
    expect(lookupPath(Object.assign(Object.create(null), { k: 2 }) as unknown, ['k'])).toEqual({
      found: true,
      value: 2,
    });
    expect(lookupPath({ a: null }, ['a'])).toEqual({ found: true, value: null });
  });

  it.each([
    [{ a: 1 }, ['b']],
    [[1, 2], ['length']],
    [[1, 2], ['2']],
    [[1, 2], ['01']],
    [{}, ['toString']],
    [{}, ['__proto__']],
    [{ constructor: 1 }, ['constructor']],
    [{ a: 'str' }, ['a', 'length']],
    [new Map([['a', 1]]), ['a']],
    [{ a: undefined }, ['a']],
    [null, ['a']],
  ])('does not find %j at %j', (root, path) => {
    expect(lookupPath(root, path)).toEqual({ found: false });
  });
});

describe('collectReferences', () => {
  it('walks strings in objects and arrays in document order', () => {
    const value = {
      a: 'x ${input.user.email} y ${fetch.count}',
      b: [1, { c: '${fetch.items[0].id}' }, null],
      d: 'no reference',
      e: '${}',
    };
    expect(collectReferences(value)).toEqual([
      { source: 'input', path: ['user', 'email'], text: '${input.user.email}' },
      { source: 'fetch', path: ['count'], text: '${fetch.count}' },
      { source: 'fetch', path: ['items', '0', 'id'], text: '${fetch.items[0].id}' },
      { source: '', path: [], text: '${}' },
    ]);
  });

  it('handles deep nesting iteratively', () => {
    let value: unknown = '${input.x}';
    for (let i = 0; i < 50_000; i++) value = [value];
    expect(collectReferences(value)).toHaveLength(1);
  });
});

describe('resolveReferences', () => {
  it('keeps the type of an exact reference', () => {
    expect(resolveReferences('${input.user.age}', scope)).toEqual({ value: 30, missing: [] });
    expect(resolveReferences('${input.user.tags}', scope).value).toEqual(['x', 'y']);
    expect(resolveReferences('${input.nul}', scope)).toEqual({ value: null, missing: [] });
    expect(resolveReferences('${input.flag}', scope)).toEqual({ value: false, missing: [] });
    expect(resolveReferences('${fetch}', scope).value).toEqual(scope.outputs.fetch);
    expect(resolveReferences('${input}', scope).value).toBe(scope.input);
  });

  it('interpolates every embedded reference', () => {
    const text =
      'to=${input.user.email} age=${input.user.age} ok=${fetch.ok} n=${input.nul} tags=${input.user.tags} u=${fetch.items[0]}';
    expect(resolveReferences(text, scope)).toEqual({
      value: 'to=a@b.c age=30 ok=true n=null tags=["x","y"] u={"id":1}',
      missing: [],
    });
  });

  it('recurses into objects and arrays', () => {
    const params = { a: ['${fetch.count}', { b: 'n=${fetch.count}' }], c: 1, d: true };
    expect(resolveReferences(params, scope).value).toEqual({ a: [3, { b: 'n=3' }], c: 1, d: true });
  });

  it('reports every missing path once, leaving the text as written', () => {
    const params = {
      a: '${input.user.phone}',
      b: 'x ${nobody.v} ${input.user.phone} ${empty.x}',
      c: '${input.__proto__}',
      d: '${a..b}',
      e: '${constructor.x}',
    };
    const result = resolveReferences(params, scope);
    expect(result.missing).toEqual([
      'input.user.phone',
      'nobody.v',
      'empty.x',
      'input.__proto__',
      'a..b',
      'constructor.x',
    ]);
    expect(result.value).toEqual(params);
  });

  it('copies an own __proto__ key as data, never as a prototype', () => {
    const params = JSON.parse(
      '{"__proto__": {"polluted": "${input.user.email}"}, "x": "${fetch.count}"}',
    ) as unknown;
    const result = resolveReferences(params, scope).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.hasOwn(result, '__proto__')).toBe(true);
    expect(result.x).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('leaves non-plain objects alone', () => {
    const date = new Date(0);
    expect(resolveReferences({ d: date }, scope).value).toEqual({ d: date });
  });

  const json = fc.jsonValue({ maxDepth: 4 });

  test.prop([json.filter((v) => !JSON.stringify(v).includes('${'))])(
    'a value without ${ is returned unchanged (the same object)',
    (value) => {
      const result = resolveReferences(value, scope);
      expect(result.value).toBe(value);
      expect(result.missing).toEqual([]);
    },
  );

  test.prop([
    json,
    fc
      .string()
      .filter(
        (k) =>
          !/[.[\]{}$\s]/.test(k) &&
          k !== '' &&
          !['__proto__', 'prototype', 'constructor'].includes(k),
      ),
  ])('an exact reference keeps the value and its type', (value, key) => {
    const input = { [key]: value };
    const result = resolveReferences(`\${input.${key}}`, { input, outputs: {} });
    expect(result.value).toBe(input[key]);
    expect(result.missing).toEqual([]);
  });

  test.prop([json, json])('never mutates the value or the scope', (value, input) => {
    const params = { a: value, b: ['${input}', 'x${input}'], c: '${step.v}' };
    const before = JSON.stringify({ params, input });
    resolveReferences(params, { input, outputs: { step: { v: value } } });
    expect(JSON.stringify({ params, input })).toBe(before);
  });
});
