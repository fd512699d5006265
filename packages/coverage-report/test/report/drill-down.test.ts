import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attentionFiles, buildDrillDown, lineRanges } from '../../src/report/drill-down.js';
import type { CoverageJson } from '../../src/types.js';
import { makeCoverage } from '../helpers.js';

function coverage(): CoverageJson {
  const c = makeCoverage([
    { path: 'p/full.ts', package: 'p', lines: [4, 4] },
    { path: 'p/some.ts', package: 'p', lines: [2, 4] },
    { path: 'p/failing.ts', package: 'p', lines: [3, 4] },
    { path: 'p/dropped.ts', package: 'p', lines: [4, 4] },
  ]);
  c.files['p/some.ts']!.missing_lines = [3, 4];
  c.files['p/failing.ts']!.missing_lines = [2];
  c.files['p/full.ts']!.missing_lines = [];
  c.files['p/dropped.ts']!.missing_lines = [];
  c.targets.failures = [
    {
      scope: 'file',
      name: 'p/failing.ts',
      rule: 'p/**',
      metric: 'lines',
      actual: 75,
      required: 95,
      kind: 'threshold',
    },
  ];
  c.baseline = {
    file: 'b.json',
    totals_delta: {},
    files: { 'p/dropped.ts': { lines: -1 } },
    new_files: [],
    removed_files: [],
  };
  return c;
}

const SOURCE = ['one', 'two', 'three', 'four', 'five', 'six'].join('\n');

describe('drill-down', () => {
  it('groups sorted lines into ranges', () => {
    expect(lineRanges([1, 2, 3, 7, 9, 10])).toEqual([
      [1, 3],
      [7, 7],
      [9, 10],
    ]);
    expect(lineRanges([])).toEqual([]);
  });

  it('lists failing, then regressed, then uncovered files; fully covered files need none', () => {
    expect(attentionFiles(coverage())).toEqual([
      ['p/failing.ts', 'failed'],
      ['p/dropped.ts', 'regressed'],
      ['p/some.ts', 'uncovered'],
    ]);
  });

  it('embeds the source around uncovered lines, merging close hunks', () => {
    const drill = buildDrillDown(coverage(), () => SOURCE);
    expect(drill['p/some.ts']).toEqual({
      reason: 'uncovered',
      missing: [[3, 4]],
      hunks: [{ start: 2, lines: ['two', 'three', 'four', 'five'] }],
      omitted: 0,
    });
    expect(drill['p/failing.ts']?.hunks).toEqual([{ start: 1, lines: ['one', 'two', 'three'] }]);
    expect(drill['p/dropped.ts']).toEqual({
      reason: 'regressed',
      missing: [],
      hunks: null,
      omitted: 0,
    });
    expect(drill['p/full.ts']).toBeUndefined();
  });

  it('merges hunks that touch, cuts long lines and caps lines per file', () => {
    const c = coverage();
    c.files['p/some.ts']!.missing_lines = [1, 3, 6];
    const long = `${'x'.repeat(10)}`;
    const drill = buildDrillDown(c, () => [long, 'b', 'c', 'd', 'e', 'f'].join('\n'), {
      context: 0,
      maxLineLength: 4,
      maxLinesPerFile: 2,
    });
    expect(drill['p/some.ts']).toMatchObject({
      hunks: [
        { start: 1, lines: ['xxxx…'] },
        { start: 3, lines: ['c'] },
      ],
      omitted: 1,
    });
    const wide = buildDrillDown(c, () => SOURCE, { context: 1 });
    expect(wide['p/some.ts']?.hunks).toEqual([{ start: 1, lines: SOURCE.split('\n') }]);
  });

  it('stops embedding source once the budget is spent, most urgent files first', () => {
    const drill = buildDrillDown(coverage(), () => SOURCE, { budget: 5 });
    expect(drill['p/failing.ts']?.hunks).not.toBeNull();
    expect(drill['p/some.ts']).toMatchObject({ hunks: null, missing: [[3, 4]] });
  });

  it('shows line ranges only when the source is not there', () => {
    expect(buildDrillDown(coverage(), () => undefined)['p/some.ts']?.hunks).toBeNull();
  });

  const sourceArb = fc
    .array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', '\r', 'x\r', 'é→')), {
      minLength: 1,
      maxLength: 30,
    })
    .map((lines) => lines.join('\n'));
  const caseArb = fc.record({
    source: sourceArb,
    missing: fc.uniqueArray(fc.integer({ min: 1, max: 34 }), { minLength: 1, maxLength: 20 }),
    context: fc.integer({ min: 0, max: 3 }),
    maxLinesPerFile: fc.integer({ min: 1, max: 40 }),
    maxLineLength: fc.integer({ min: 1, max: 15 }),
  });

  test.prop([caseArb])(
    'shows source lines exactly as they are (cut to length), in order, within the cap, and counts every missing line once as shown or omitted',
    ({ source, missing, context, maxLinesPerFile, maxLineLength }) => {
      const c = coverage();
      const sorted = [...missing].sort((a, b) => a - b);
      c.files['p/some.ts']!.missing_lines = sorted;
      const entry = buildDrillDown(c, () => source, { context, maxLinesPerFile, maxLineLength })[
        'p/some.ts'
      ]!;
      const lines = source.split('\n');
      const hunks = entry.hunks!;
      const shown = new Set<number>();
      let previousEnd = 0;
      for (const hunk of hunks) {
        expect(hunk.start).toBeGreaterThan(previousEnd);
        hunk.lines.forEach((text, k) => {
          const line = lines[hunk.start - 1 + k]!;
          expect(text).toBe(
            line.length > maxLineLength ? `${line.slice(0, maxLineLength)}…` : line,
          );
          shown.add(hunk.start + k);
        });
        previousEnd = hunk.start + hunk.lines.length;
      }
      expect(shown.size).toBeLessThanOrEqual(maxLinesPerFile);
      for (const line of shown) {
        expect(sorted.some((m) => Math.abs(m - line) <= context)).toBe(true);
      }
      const shownMissing = sorted.filter((m) => shown.has(m)).length;
      expect(shownMissing + entry.omitted).toBe(sorted.length);
    },
  );
});
