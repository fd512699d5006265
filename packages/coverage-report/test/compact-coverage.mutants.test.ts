import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { ShapeHash, compactFile, mergeCompact } from '../src/compact-coverage.js';
import { istanbulRecord } from './fixture-workspace.js';

type Json = Record<string, unknown>;

const record = (name: string): Json => istanbulRecord(name);
const compact = (data: Json) => compactFile(data as unknown as FileCoverageData);

function hashOf(feed: (hash: ShapeHash) => void): string {
  const hash = new ShapeHash();
  feed(hash);
  return hash.toString();
}

describe('ShapeHash (pinned: the shape is compared across inputs of one run)', () => {
  it('starts from the two FNV offsets and mixes each number into both halves', () => {
    expect(hashOf(() => {})).toBe('811c9dc5.1000193');
    expect(hashOf((h) => h.add(1))).toBe('40c5b8c.5253bb59');
    expect(hashOf((h) => h.add(5))).toBe('c5540.fa174a85');
  });

  it('hashes every character of a text, then an end marker', () => {
    expect(hashOf((h) => h.text('ab'))).toBe('c5b7e495.e7d01b5e');
    expect(hashOf((h) => h.text(''))).toBe('f7f39e28.38e9d82d');
    expect(hashOf((h) => h.text('ab'))).not.toBe(hashOf((h) => h.text('ba')));
  });

  it('hashes only ids other than the item index, after a marker', () => {
    expect(hashOf((h) => h.id('0', 0))).toBe('811c9dc5.1000193');
    expect(hashOf((h) => h.id('7', 7))).toBe('811c9dc5.1000193');
    expect(hashOf((h) => h.id('a', 1))).toBe('b1c9531b.8e548f22');
    expect(hashOf((h) => h.id('a', 1))).not.toBe(hashOf((h) => h.text('a')));
  });
});

describe('compactFile', () => {
  it('gives records with other statement ids another shape', () => {
    const plain = record('math.unit');
    const renamed = record('math.unit');
    const map = renamed.statementMap as Json;
    const hits = renamed.s as Json;
    renamed.statementMap = { x: map['0'], ...map };
    renamed.s = { x: hits['0'], ...hits };
    delete (renamed.statementMap as Json)['0'];
    delete (renamed.s as Json)['0'];
    expect(Object.keys(renamed.statementMap as Json)).toHaveLength(10);
    expect(compact(renamed).shape).not.toBe(compact(plain).shape);
  });

  it('names a function without a name with the empty string', () => {
    const r = record('math.unit');
    delete ((r.fnMap as Json)['1'] as Json).name;
    expect(compact(r).functionNames).toEqual(['classify', '', 'unused']);
  });

  it('gives a statement without a location line 0', () => {
    const r = record('math.unit');
    (r.statementMap as Json)['0'] = undefined;
    expect(Array.from(compact(r).statementLines)).toEqual([0, 3, 4, 5, 7, 11, 12, 16, 16, 17]);
  });

  it('treats a branch without locations like one with no locations', () => {
    const missing = record('math.unit');
    const empty = record('math.unit');
    delete ((missing.branchMap as Json)['0'] as Json).locations;
    ((empty.branchMap as Json)['0'] as Json).locations = [];
    expect(compact(missing).shape).toBe(compact(empty).shape);
    expect(compact(missing).shape).not.toBe(compact(record('math.unit')).shape);
  });
});

describe('mergeCompact', () => {
  it('keeps the real record when a placeholder of another shape comes second', () => {
    const real = compact(record('math.unit'));
    const placeholder = compact({ ...record('math-v2.unit'), all: true });
    expect(real.shape).not.toBe(placeholder.shape);
    expect(mergeCompact(real, placeholder)).toBe(real);
    expect(mergeCompact(placeholder, real)).toBe(real);
  });

  it('does not add the hits of a placeholder of the same shape', () => {
    const real = compact(record('math.unit'));
    const before = Array.from(real.s);
    const placeholder = compact({ ...record('math.unit'), all: true });
    expect(placeholder.shape).toBe(real.shape);
    expect(mergeCompact(real, placeholder)).toBe(real);
    expect(Array.from(real.s)).toEqual(before);
  });

  it('adds the hits of two real records of the same shape', () => {
    const a = compact(record('math.unit'));
    const b = compact(record('math.unit'));
    const merged = mergeCompact(a, b);
    expect(Array.from(merged?.s ?? [])).toEqual([4, 2, 2, 0, 2, 2, 2, 0, 0, 0]);
    expect(Array.from(merged?.f ?? [])).toEqual([4, 2, 0]);
    expect(Array.from(merged?.b ?? [])).toEqual([2, 2, 0, 2, 0, 2, 2, 0, 0, 0]);
  });
});
