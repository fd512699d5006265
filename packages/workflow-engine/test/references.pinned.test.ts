// Pins behaviours of references.ts that a mutation run showed no test noticed: text after a
// leading `${a}`, objects whose reference is not in the first key, two-digit indices, a bare
// unknown step, and the exact shape of what is left untouched.
import { describe, expect, it } from 'vitest';
import {
  collectReferences,
  lookupPath,
  parseReferencePath,
  resolveReferences,
} from '../src/references.js';

const items = Array.from({ length: 12 }, (_, i) => ({ id: i }));
const scope = {
  input: { name: 'Ada', n: 7, items, nested: { deep: [10, 20] } },
  outputs: { fetch: { count: 3, items }, nothing: null },
};

describe('resolveReferences: exact vs embedded', () => {
  it('a string that starts with a reference and has text after it is interpolated, not typed', () => {
    expect(resolveReferences('${input.n} items', scope).value).toBe('7 items');
    expect(resolveReferences('${input.n}${input.n}', scope).value).toBe('77');
    expect(resolveReferences('${fetch.count}!', scope).value).toBe('3!');
  });

  it('text before an exact-looking reference is interpolated too', () => {
    expect(resolveReferences('n=${input.n}', scope).value).toBe('n=7');
  });

  it('only a whole-string reference keeps the value type', () => {
    expect(resolveReferences('${input.n}', scope).value).toBe(7);
    expect(resolveReferences('${input.nested}', scope).value).toEqual({ deep: [10, 20] });
  });

  it('an unresolved reference followed by text stays as written and is listed once', () => {
    expect(resolveReferences('${input.zip} and ${input.zip}', scope)).toEqual({
      value: '${input.zip} and ${input.zip}',
      missing: ['input.zip'],
    });
  });
});

describe('resolveReferences: copies', () => {
  it('keeps the keys before the first reference when the reference is not in the first key', () => {
    const value = { a: 'plain', b: 1, c: '${input.name}', d: 'after' };
    const result = resolveReferences(value, scope).value;
    expect(result).toEqual({ a: 'plain', b: 1, c: 'Ada', d: 'after' });
    expect(Object.keys(result as object)).toEqual(['a', 'b', 'c', 'd']);
    expect(value.c).toBe('${input.name}');
  });

  it('keeps the items before the first reference in an array', () => {
    const value = ['x', 2, '${input.n}', 'y'];
    expect(resolveReferences(value, scope).value).toEqual(['x', 2, 7, 'y']);
    expect(value).toEqual(['x', 2, '${input.n}', 'y']);
  });

  it('returns the very same object or array when nothing changes', () => {
    const obj = { a: 'plain', b: ['x', { c: 1 }] };
    expect(resolveReferences(obj, scope).value).toBe(obj);
    const arr = ['a', { b: 'c' }];
    expect(resolveReferences(arr, scope).value).toBe(arr);
  });

  it('resolves into nested objects in later keys and copies only the changed path', () => {
    const untouched = { k: 'v' };
    const value = { first: untouched, second: { deep: '${fetch.count}' } };
    const result = resolveReferences(value, scope).value as typeof value;
    expect(result).toEqual({ first: { k: 'v' }, second: { deep: 3 } });
    expect(result.first).toBe(untouched);
  });
});

describe('two-digit indices', () => {
  it('parses, looks up and resolves items[10] and items[11]', () => {
    expect(parseReferencePath('items[10].id')).toEqual(['items', '10', 'id']);
    expect(lookupPath({ items }, ['items', '10', 'id'])).toEqual({ found: true, value: 10 });
    expect(resolveReferences('${input.items[11].id}', scope).value).toBe(11);
    expect(resolveReferences('${fetch.items[10]}', scope).value).toEqual({ id: 10 });
  });

  it('an index past the end is missing; a leading zero is not an index', () => {
    expect(resolveReferences('${input.items[12]}', scope).missing).toEqual(['input.items.12']);
    expect(lookupPath({ items }, ['items', '01'])).toEqual({ found: false });
    expect(lookupPath({ items }, ['items', '10x'])).toEqual({ found: false });
  });
});

describe('bare references', () => {
  it('a bare unknown step is missing under its own name', () => {
    expect(resolveReferences('${unknownStep}', scope)).toEqual({
      value: '${unknownStep}',
      missing: ['unknownStep'],
    });
  });

  it('a bare known step is its whole output, null included', () => {
    expect(resolveReferences('${fetch}', scope).value).toEqual({ count: 3, items });
    expect(resolveReferences('${nothing}', scope)).toEqual({ value: null, missing: [] });
  });

  it('a malformed reference is missing under its trimmed text', () => {
    expect(resolveReferences('${ a..b }', scope)).toEqual({
      value: '${ a..b }',
      missing: ['a..b'],
    });
  });
});

describe('collectReferences', () => {
  it('reports every reference with source, path and text, in document order', () => {
    expect(collectReferences({ x: '${a.b} ${c[10]}', y: ['${}'] })).toEqual([
      { source: 'a', path: ['b'], text: '${a.b}' },
      { source: 'c', path: ['10'], text: '${c[10]}' },
      { source: '', path: [], text: '${}' },
    ]);
  });
});
