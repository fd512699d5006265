import { describe, expect, it } from 'vitest';
import { attentionFiles, buildDrillDown } from '../../src/report/drill-down.js';
import type { CoverageJson, FileEntry } from '../../src/types.js';
import { makeCoverage } from '../helpers.js';

/** `coverage` with its files re-inserted in `order` (Object.entries follows insertion order). */
function reorder(coverage: CoverageJson, order: readonly string[]): CoverageJson {
  const files: Record<string, FileEntry> = {};
  for (const path of order) files[path] = coverage.files[path]!;
  return { ...coverage, files };
}

describe('attentionFiles', () => {
  it('fails a file for a file-scope failure only, not a package failure of the same name', () => {
    const coverage = makeCoverage([{ path: 'tools', package: 'tools', lines: [2, 2] }], {
      failures: [
        {
          scope: 'package',
          name: 'tools',
          rule: 'packages.tools',
          metric: 'lines',
          actual: 50,
          required: 90,
          kind: 'threshold',
        },
      ],
    });
    expect(attentionFiles(coverage)).toEqual([]);
  });

  it('fails a file whose own target is not met, but not one whose target is met', () => {
    const coverage = makeCoverage([
      {
        path: 'met.ts',
        package: 'p',
        lines: [2, 2],
        target: { rule: '*.ts', thresholds: { lines: 90 }, met: true },
      },
      {
        path: 'missed.ts',
        package: 'p',
        lines: [2, 2],
        target: { rule: '*.ts', thresholds: { lines: 90 }, met: false },
      },
    ]);
    expect(attentionFiles(coverage)).toEqual([['missed.ts', 'failed']]);
  });

  it('calls a file regressed only for a negative delta; zero or positive deltas are not drops', () => {
    const coverage = makeCoverage([
      { path: 'down.ts', package: 'p', lines: [2, 2] },
      { path: 'flat.ts', package: 'p', lines: [1, 2] },
      { path: 'up.ts', package: 'p', lines: [2, 2] },
      { path: 'flat-full.ts', package: 'p', lines: [2, 2] },
    ]);
    coverage.baseline = {
      file: 'b.json',
      totals_delta: {},
      files: {
        'down.ts': { lines: -0.01 },
        'flat.ts': { lines: 0 },
        'up.ts': { lines: 3 },
        'flat-full.ts': { lines: 0 },
      },
      new_files: [],
      removed_files: [],
    };
    expect(attentionFiles(coverage)).toEqual([
      ['down.ts', 'regressed'],
      ['flat.ts', 'uncovered'],
    ]);
  });

  it('orders uncovered files by uncovered statements (total minus covered), most first', () => {
    const coverage = makeCoverage([
      { path: 'a-big.ts', package: 'p', lines: [95, 100] },
      { path: 'b-small.ts', package: 'p', lines: [0, 10] },
    ]);
    expect(attentionFiles(coverage)).toEqual([
      ['b-small.ts', 'uncovered'],
      ['a-big.ts', 'uncovered'],
    ]);
  });

  it('breaks ties by path whatever the order of the files', () => {
    const base = makeCoverage(
      ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((path) => ({
        path,
        package: 'p',
        lines: [1, 3] as const,
      })),
    );
    const sorted = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((p) => [p, 'uncovered']);
    for (const order of [
      ['d.ts', 'c.ts', 'b.ts', 'a.ts'],
      ['c.ts', 'a.ts', 'd.ts', 'b.ts'],
      ['a.ts', 'b.ts', 'c.ts', 'd.ts'],
    ]) {
      expect(attentionFiles(reorder(base, order))).toEqual(sorted);
    }
  });

  it('puts more uncovered statements first among ties of reason, before the path order', () => {
    const coverage = reorder(
      makeCoverage([
        { path: 'a.ts', package: 'p', lines: [2, 3] },
        { path: 'b.ts', package: 'p', lines: [0, 3] },
        { path: 'c.ts', package: 'p', lines: [1, 3] },
      ]),
      ['a.ts', 'c.ts', 'b.ts'],
    );
    expect(attentionFiles(coverage).map(([path]) => path)).toEqual(['b.ts', 'c.ts', 'a.ts']);
  });
});

describe('buildDrillDown budget and short sources', () => {
  /** Two files, each with line 2 uncovered: first.ts (more uncovered statements) then second.ts. */
  function two(): CoverageJson {
    const c = makeCoverage([
      { path: 'first.ts', package: 'p', lines: [0, 3] },
      { path: 'second.ts', package: 'p', lines: [2, 3] },
    ]);
    c.files['first.ts']!.missing_lines = [2];
    c.files['second.ts']!.missing_lines = [2];
    return c;
  }
  const SOURCE = 'one\ntwo\nthree';

  it('embeds no source at all with a budget of 0', () => {
    const drill = buildDrillDown(two(), () => SOURCE, { budget: 0 });
    expect(drill['first.ts']).toEqual({
      reason: 'uncovered',
      missing: [[2, 2]],
      hunks: null,
      omitted: 0,
    });
    expect(drill['second.ts']?.hunks).toBeNull();
  });

  it('counts each shown line plus its newline against the budget', () => {
    // first.ts shows "one", "two", "three": 3 + 1 + 3 + 1 + 5 + 1 = 14 characters.
    const spent = buildDrillDown(two(), () => SOURCE, { budget: 14 });
    expect(spent['first.ts']?.hunks).toEqual([{ start: 1, lines: ['one', 'two', 'three'] }]);
    expect(spent['second.ts']?.hunks).toBeNull();
    const left = buildDrillDown(two(), () => SOURCE, { budget: 15 });
    expect(left['second.ts']?.hunks).toEqual([{ start: 1, lines: ['one', 'two', 'three'] }]);
  });

  it('counts missing lines past the end of a shorter source as omitted, without an empty hunk', () => {
    const c = two();
    c.files['first.ts']!.missing_lines = [2, 10];
    const drill = buildDrillDown(c, () => SOURCE);
    expect(drill['first.ts']).toEqual({
      reason: 'uncovered',
      missing: [
        [2, 2],
        [10, 10],
      ],
      hunks: [{ start: 1, lines: ['one', 'two', 'three'] }],
      omitted: 1,
    });
  });
});
