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

// Second mutation run: the survivors below had no test.
describe('brackets, values and copies', () => {
  it('a bracket must open its segment: `a[xy[0]` is malformed, not `a[0][0]`', () => {
    expect(parseReferencePath('a[xy[0]')).toBeUndefined();
    expect(parseReferencePath('a[0][ 1 ]')).toEqual(['a', '0', '1']);
  });

  it('looks only into plain objects and arrays: null, class instances and strings end the path', () => {
    class Box {
      x = 1;
    }
    const bare = Object.assign(Object.create(null) as object, { x: 2 });
    expect(lookupPath({ a: null }, ['a', 'b'])).toEqual({ found: false });
    expect(lookupPath({ a: new Box() }, ['a', 'x'])).toEqual({ found: false });
    expect(lookupPath({ a: 'text' }, ['a', 'length'])).toEqual({ found: false });
    expect(lookupPath({ a: bare }, ['a', 'x'])).toEqual({ found: true, value: 2 });
  });

  it('resolves every reference of an object, not only the last one changed', () => {
    const value = { a: '${input.name}', b: 'plain', c: '${fetch.count}' };
    expect(resolveReferences(value, scope).value).toEqual({ a: 'Ada', b: 'plain', c: 3 });
  });

  it('writes ordinary (writable, enumerable, configurable) properties into the copy', () => {
    const result = resolveReferences({ a: '${input.n}' }, scope).value as object;
    expect(Object.getOwnPropertyDescriptor(result, 'a')).toEqual({
      value: 7,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  });

  it('leaves null, numbers and class instances among the values as they are', () => {
    class Box {
      text = '${input.n}';
    }
    const box = new Box();
    const value = { a: null, b: 5, c: box, d: '${input.n}' };
    const result = resolveReferences(value, scope).value as typeof value;
    expect(result).toEqual({ a: null, b: 5, c: box, d: 7 });
    expect(result.c).toBe(box);
    expect(box.text).toBe('${input.n}');
  });

  it('interpolates numbers, booleans and bigints with String(): NaN stays NaN', () => {
    const values = { outputs: { s: { nan: Number.NaN, inf: -Infinity, big: 10n, yes: true } } };
    const text = '${s.nan} ${s.inf} ${s.big} ${s.yes}';
    expect(resolveReferences(text, { input: {}, ...values }).value).toBe('NaN -Infinity 10 true');
  });

  it('interpolates objects, arrays and null as JSON, and a value JSON cannot write with String()', () => {
    const outputs = { s: { o: { k: [1, 'x'] }, none: null, odd: { toJSON: () => undefined } } };
    expect(
      resolveReferences('${s.o}|${s.o.k}|${s.none}|${s.odd}', { input: {}, outputs }).value,
    ).toBe('{"k":[1,"x"]}|[1,"x"]|null|[object Object]');
  });

  it('collects through null, numbers and nested arrays, in document order', () => {
    expect(collectReferences(null)).toEqual([]);
    expect(collectReferences(7)).toEqual([]);
    expect(
      collectReferences({ a: null, b: 1, c: [['${x}', '${y}'], '${z}'], d: '${w}' }).map(
        (r) => r.source,
      ),
    ).toEqual(['x', 'y', 'z', 'w']);
  });
});
