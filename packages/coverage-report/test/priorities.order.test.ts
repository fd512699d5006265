// computePriorities' documented order on input in reverse and shuffled order (survivors of
// mutation run 14): `ranked` by uncovered statements, largest first, ties by path; `zero_coverage`
// by statements, largest first, ties by path. Paths compare as strings (code units: "B" < "a").
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { computePriorities } from '../src/priorities.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';

type Files = Parameters<typeof computePriorities>[0];

const file = (statements: number, covered: number) => ({
  package: 'p',
  summary: summaryOf({ ...ZERO_COUNTS, num_statements: statements, covered_statements: covered }),
});

/** Every tie-break needed: equal uncovered counts, equal 0% sizes, case-sensitive paths. */
const SORTED: [string, number, number][] = [
  // path, statements, covered — listed in the documented `ranked` order
  ['B/big.ts', 600, 100], // 500 uncovered; "B" sorts before "a"
  ['a/big.ts', 900, 400], // 500 uncovered
  ['a/mid.ts', 40, 0], // 40, 0%
  ['b/mid.ts', 40, 0], // 40, 0%
  ['c/mid.ts', 50, 10], // 40
  ['a/small.ts', 7, 0], // 7, 0%
  ['z/one.ts', 2, 1], // 1
];
const FULL: [string, number, number][] = [
  ['a/full.ts', 10, 10],
  ['a/empty.ts', 0, 0],
];

const RANKED = SORTED.map(([path, n, covered]) => [path, n - covered]);
const ZERO = [
  { path: 'a/mid.ts', num_statements: 40 },
  { path: 'b/mid.ts', num_statements: 40 },
  { path: 'a/small.ts', num_statements: 7 },
];

const filesOf = (rows: [string, number, number][]): Files =>
  Object.fromEntries(rows.map(([path, n, c]) => [path, file(n, c)]));

describe('computePriorities on reversed input', () => {
  const reversed = computePriorities(filesOf([...FULL, ...SORTED].reverse()));

  it('ranks by uncovered statements, largest first, ties by path', () => {
    expect(reversed.ranked.map((r) => [r.path, r.uncovered_statements])).toEqual(RANKED);
  });

  it('ties on uncovered statements go by path even when their sizes differ', () => {
    // a/mid.ts (40 of 40), b/mid.ts (40 of 40) and c/mid.ts (40 of 50): path order, not size.
    expect(reversed.ranked.slice(2, 5).map((r) => [r.path, r.num_statements])).toEqual([
      ['a/mid.ts', 40],
      ['b/mid.ts', 40],
      ['c/mid.ts', 50],
    ]);
  });

  it('lists 0% files by size, largest first, ties by path', () => {
    expect(reversed.zero_coverage).toEqual(ZERO);
  });

  it('keeps fully covered and empty files out of both lists but in the tiers', () => {
    const paths = reversed.ranked.map((r) => r.path);
    expect(paths).not.toContain('a/full.ts');
    expect(paths).not.toContain('a/empty.ts');
    expect(reversed.tiers.map((t) => [t.tier, t.files, t.num_statements])).toEqual([
      [1, 2, 1500],
      [2, 0, 0],
      [3, 0, 0],
      [4, 0, 0],
      [5, 7, 149],
    ]);
  });
});

describe('computePriorities on shuffled input', () => {
  const rows = [...SORTED, ...FULL];
  const expected = computePriorities(filesOf(rows));

  it('the reference itself is in the documented order', () => {
    expect(expected.ranked.map((r) => [r.path, r.uncovered_statements])).toEqual(RANKED);
    expect(expected.zero_coverage).toEqual(ZERO);
  });

  test.prop([fc.shuffledSubarray(rows, { minLength: rows.length })], {
    seed: Number(process.env.FC_SEED ?? 14),
  })('any input order gives the same priorities', (shuffled) => {
    expect(computePriorities(filesOf(shuffled))).toEqual(expected);
  });

  const entryArb = fc.tuple(
    fc.stringMatching(/^[a-cA-C]{1,3}$/),
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 12 }),
  );
  test.prop([fc.uniqueArray(entryArb, { selector: ([p]) => p, maxLength: 12 })], {
    seed: Number(process.env.FC_SEED ?? 14),
  })('both lists are sorted by count, largest first, then by path', (entries) => {
    const p = computePriorities(
      filesOf(entries.map(([path, a, b]) => [path, Math.max(a, b), Math.min(a, b)])),
    );
    const before = (x: [number, string], y: [number, string]) =>
      x[0] > y[0] || (x[0] === y[0] && x[1] < y[1]);
    p.ranked.slice(1).forEach((r, i) => {
      const prev = p.ranked[i]!;
      expect(before([prev.uncovered_statements, prev.path], [r.uncovered_statements, r.path])).toBe(
        true,
      );
    });
    p.zero_coverage.slice(1).forEach((z, i) => {
      const prev = p.zero_coverage[i]!;
      expect(before([prev.num_statements, prev.path], [z.num_statements, z.path])).toBe(true);
    });
  });
});
