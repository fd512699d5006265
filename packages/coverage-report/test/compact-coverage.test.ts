import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import libCoverage from 'istanbul-lib-coverage';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { compactFile, compactRecords, mergeCompact } from '../src/compact-coverage.js';
import { ShapeMismatch, createCompactMerger } from '../src/merge-coverage.js';
import { createPathNormalizer } from '../src/normalize-paths.js';
import { summarizeCompact } from '../src/summarize.js';
import { istanbulRecord } from './fixture-workspace.js';
import { recordArb } from './laws.js';

const record = (name: string) => istanbulRecord(name) as unknown as FileCoverageData;

describe('compact-coverage', () => {
  test.prop([
    fc.nat({ max: 1 }).chain((t) => fc.tuple(recordArb(t, 'a.js'), recordArb(t, 'a.js'))),
  ])(
    'merging compact records summarises like istanbul-lib-coverage merging the full ones',
    ([a, b]) => {
      const full = libCoverage.createFileCoverage(structuredClone(a));
      full.merge(libCoverage.createFileCoverage(structuredClone(b)));
      const merged = mergeCompact(compactFile(structuredClone(a)), compactFile(structuredClone(b)));
      expect(merged).toBeDefined();
      expect(summarizeCompact(merged!)).toEqual(
        summarizeCompact(compactFile(full.toJSON() as FileCoverageData)),
      );
    },
  );

  it('lets a placeholder lose to real data, in either order', () => {
    const real = compactFile(record('math.unit'));
    const placeholder = compactFile({ ...record('math.none'), all: true } as FileCoverageData);
    expect(mergeCompact(placeholder, real)).toBe(real);
    expect(mergeCompact(real, placeholder)).toBe(real);
  });

  it('does not merge two instrumentations of one source', () => {
    const v1 = compactFile(record('math.unit'));
    const v2 = compactFile(record('math-v2.unit'));
    expect(v1.shape).not.toBe(v2.shape);
    expect(mergeCompact(v1, v2)).toBeUndefined();
  });

  it('the compact merger throws ShapeMismatch so the caller can fall back', () => {
    const merger = createCompactMerger(createPathNormalizer('/r'));
    expect(
      merger.add(
        'one.json',
        compactRecords({ '/r/m.js': { ...record('math.unit'), path: '/r/m.js' } }),
      ),
    ).toBe(1);
    expect(() =>
      merger.add(
        'two.json',
        compactRecords({ '/r/m.js': { ...record('math-v2.unit'), path: '/r/m.js' } }),
      ),
    ).toThrow(ShapeMismatch);
  });

  // Statement lists as istanbul numbers them ("0", "1", …) or with other ids; few distinct values,
  // so that equal lists come up often.
  const statementsArb = fc
    .array(
      fc.record({
        id: fc.constantFrom('0', '1', '2', 'a', '10'),
        line: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 4 },
    )
    .map((items) => {
      const seen = new Set<string>();
      return items.filter(({ id }) => !seen.has(id) && seen.add(id) !== undefined);
    });
  const recordOf = (items: { id: string; line: number }[]): FileCoverageData => ({
    path: 'x.js',
    statementMap: Object.fromEntries(
      items.map(({ id, line }) => [id, { start: { line, column: 0 }, end: { line, column: 9 } }]),
    ),
    s: Object.fromEntries(items.map(({ id }) => [id, 1])),
    fnMap: {},
    f: {},
    branchMap: {},
    b: {},
  });

  test.prop([statementsArb, statementsArb], { seed: Number(process.env.FC_SEED ?? 23) })(
    'two records have one shape exactly when their ids (in order) and locations are equal',
    (a, b) => {
      // The order is the maps' own key order (integer-like keys first, as JSON.parse gives them).
      const [ra, rb] = [recordOf(a), recordOf(b)];
      const same = JSON.stringify(ra.statementMap) === JSON.stringify(rb.statementMap);
      expect(compactFile(ra).shape === compactFile(rb).shape).toBe(same);
    },
  );
});
