import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { StringIndex, hashString } from '../src/string-index.js';

/** `count` distinct strings whose hashes share their low bits under `mask` (found by search). */
function colliding(count: number, mask: number): string[] {
  const target = hashString('seed') & mask;
  const found: string[] = [];
  for (let i = 0; found.length < count; i++) {
    const key = `k${i}`;
    if ((hashString(key) & mask) === target) found.push(key);
  }
  return found;
}

describe('StringIndex', () => {
  describe('setIfAbsent and get', () => {
    it('keeps the first value of a key and reads absent keys as -1', () => {
      const index = new StringIndex();
      expect(index.setIfAbsent('a', 0)).toBe(-1);
      expect(index.setIfAbsent('', 1)).toBe(-1);
      expect(index.setIfAbsent('a', 2)).toBe(0);
      expect(index.get('a')).toBe(0);
      expect(index.get('')).toBe(1);
      expect(index.get('b')).toBe(-1);
      expect(index.size).toBe(2);
    });

    it('compares by content, not identity', () => {
      const index = new StringIndex();
      index.setIfAbsent(['no', 'de'].join(''), 7);
      expect(index.get('node')).toBe(7);
      expect(index.get('nodé')).toBe(-1);
    });

    it('grows past the expected size', () => {
      const index = new StringIndex(1);
      for (let i = 0; i < 1000; i++) expect(index.setIfAbsent(`id-${i}`, i)).toBe(-1);
      for (let i = 0; i < 1000; i++) expect(index.get(`id-${i}`)).toBe(i);
      expect(index.size).toBe(1000);
    });
  });

  describe('keys crafted to collide', () => {
    // expected 1000 → 2048 slots; 66 keys with the same slot make a probe sequence of 65.
    const keys = colliding(66, 2047);

    it('switches to a Map when an insertion probes too far, with the same answers', () => {
      const index = new StringIndex(1000);
      keys.forEach((key, i) => expect(index.setIfAbsent(key, i)).toBe(-1));
      expect(index.size).toBe(66);
      keys.forEach((key, i) => {
        expect(index.get(key)).toBe(i);
        expect(index.setIfAbsent(key, 100 + i)).toBe(i);
      });
      expect(index.get('absent')).toBe(-1);
      expect(index.setIfAbsent('new', 5)).toBe(-1);
      expect(index.get('new')).toBe(5);
      expect(index.size).toBe(67);
    });

    it('switches to a Map when a lookup probes too far', () => {
      const index = new StringIndex(1000);
      keys.slice(0, 65).forEach((key, i) => expect(index.setIfAbsent(key, i)).toBe(-1));
      expect(index.get(keys[65] as string)).toBe(-1);
      expect(index.get(keys[64] as string)).toBe(64);
      expect(index.size).toBe(65);
    });
  });

  test.prop([
    fc.array(fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', 'é', '\u{1f600}') }), {
      maxLength: 300,
    }),
    fc.nat(64),
  ])('answers like a Map that keeps the first value of each key', (keys, expected) => {
    const index = new StringIndex(expected);
    const model = new Map<string, number>();
    keys.forEach((key, i) => {
      const first = model.get(key);
      expect(index.setIfAbsent(key, i)).toBe(first ?? -1);
      if (first === undefined) model.set(key, i);
    });
    expect(index.size).toBe(model.size);
    for (const key of [...keys, 'zz', '']) expect(index.get(key)).toBe(model.get(key) ?? -1);
  });
});
