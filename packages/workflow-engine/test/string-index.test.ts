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
      // An absent key stops at the first empty slot: no long probe, no switch to a Map.
      expect(index.isMap).toBe(false);
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

  describe('layout', () => {
    it('sizes the table to at least twice the expected keys (16 slots at least)', () => {
      expect([0, 8, 9, 16, 17, 1000].map((n) => new StringIndex(n).slots)).toEqual([
        16, 16, 32, 32, 64, 2048,
      ]);
      expect(new StringIndex().slots).toBe(16);
    });

    it('doubles the table when more than half of it is used, and keeps every key', () => {
      const index = new StringIndex(8);
      for (let i = 0; i < 8; i++) index.setIfAbsent(`k${i}`, i);
      expect(index.slots).toBe(16);
      index.setIfAbsent('k8', 8);
      expect(index.slots).toBe(32);
      for (let i = 0; i < 17; i++) index.setIfAbsent(`k${i}`, i);
      expect(index.slots).toBe(64);
      for (let i = 0; i < 17; i++) expect(index.get(`k${i}`)).toBe(i);
      expect(index.isMap).toBe(false);
    });
  });

  describe('hashString', () => {
    // FNV-1a 32-bit test vectors (Fowler, Noll, Vo), then folded: h ^ (h >>> 16).
    const fold = (h: number): number => h ^ (h >>> 16);
    it.each([
      ['', 0x811c9dc5],
      ['a', 0xe40c292c],
      ['foobar', 0xbf9cf968],
    ])('hashes %j as FNV-1a %i, folded', (key, fnv) => {
      expect(hashString(key)).toBe(fold(fnv | 0));
    });
  });

  describe('keys crafted to collide', () => {
    // expected 1000 → 2048 slots; 66 keys with the same slot make a probe sequence of 65.
    const keys = colliding(66, 2047);

    it('switches to a Map when an insertion probes too far, with the same answers', () => {
      const index = new StringIndex(1000);
      keys.slice(0, 65).forEach((key, i) => expect(index.setIfAbsent(key, i)).toBe(-1));
      // A probe sequence of 64 is still accepted; the 66th key would need 65.
      expect(index.isMap).toBe(false);
      expect(index.setIfAbsent(keys[65] as string, 65)).toBe(-1);
      expect(index.isMap).toBe(true);
      expect(index.slots).toBe(0);
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
      expect(index.get(keys[64] as string)).toBe(64);
      expect(index.isMap).toBe(false);
      expect(index.get(keys[65] as string)).toBe(-1);
      expect(index.isMap).toBe(true);
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
