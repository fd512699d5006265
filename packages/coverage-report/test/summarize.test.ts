import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import libCoverage from 'istanbul-lib-coverage';
import { percent, sumSummaries, summarizeFile, summaryOf, ZERO_COUNTS } from '../src/summarize.js';
import { istanbulRecord } from './fixture-workspace.js';

describe('summarize', () => {
  it('counts nothing as 100%', () => {
    expect(percent(0, 0)).toBe(100);
    const s = summaryOf(ZERO_COUNTS);
    expect([s.percent_lines_covered, s.percent_covered, s.percent_functions_covered]).toEqual([
      100, 100, 100,
    ]);
    expect(sumSummaries([])).toEqual(s);
  });

  it('summarises real istanbul output like istanbul does', () => {
    const data = istanbulRecord('math.unit') as unknown as FileCoverageData;
    const entry = summarizeFile(data);
    expect(entry.summary).toMatchObject({
      num_statements: 10,
      covered_statements: 6,
      num_functions: 3,
      covered_functions: 2,
      num_branches: 10,
      covered_branches: 5,
    });
    expect(entry.summary.percent_covered).toBeCloseTo((11 / 20) * 100);
    expect(entry.missing_functions).toEqual([{ name: 'unused', line: 15 }]);
    expect(entry.missing_branches).toContainEqual([16, 0]);
    expect(entry.missing_lines).toEqual([5, 16, 17]);
    expect([...entry.executed_lines, ...entry.missing_lines].sort((a, b) => a - b)).toHaveLength(
      entry.summary.num_lines,
    );
  });

  it('falls back to line fields when locations are missing; ties keep map order', () => {
    const data = {
      path: 'x',
      statementMap: { '0': { start: { line: 3, column: 0 }, end: { line: 3, column: 1 } } },
      s: { '0': 0 },
      fnMap: {
        '0': { name: 'b', line: 7, loc: {} },
        '1': { name: 'a', line: 7, loc: {} },
        '2': { name: 'z', loc: { start: { line: 2, column: 0 }, end: { line: 2, column: 1 } } },
        '3': { name: 'n', loc: {} },
      },
      f: { '0': 0, '1': 0, '2': 0, '3': 0 },
      branchMap: {
        '0': { line: 9, type: 'if', locations: [{}, {}] },
        '1': {
          type: 'if',
          locations: [{ start: { line: 4, column: 0 }, end: { line: 4, column: 1 } }],
        },
        '2': { type: 'if', locations: [] },
      },
      b: { '0': [0, 1], '1': [0], '2': [] },
    } as unknown as FileCoverageData;
    const entry = summarizeFile(data);
    expect(entry.missing_functions).toEqual([
      { name: 'n', line: 0 },
      { name: 'z', line: 2 },
      { name: 'b', line: 7 },
      { name: 'a', line: 7 },
    ]);
    expect(entry.missing_branches).toEqual([
      [4, 0],
      [9, 0],
    ]);
    expect(entry.summary.missing_lines).toBe(1);
  });

  it('treats ids absent from the hit maps as 0 hits', () => {
    const data = {
      path: 'x',
      statementMap: { '0': { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } } },
      s: {},
      fnMap: {
        '0': {
          name: 'f',
          decl: { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } },
          loc: {},
        },
      },
      f: {},
      branchMap: { '0': { type: 'if', locations: [{}] } },
      b: {},
    } as unknown as FileCoverageData;
    const entry = summarizeFile(data);
    expect(entry.summary).toMatchObject({
      covered_statements: 0,
      covered_functions: 0,
      num_branches: 0,
    });
    expect(entry.missing_functions).toEqual([{ name: 'f', line: 1 }]);
  });

  // Lines are few and dense (a typed array indexes them) or far apart (a map gathers them).
  const statementsArb = fc.oneof(
    fc.array(fc.record({ line: fc.integer({ min: 1, max: 40 }), hits: fc.nat({ max: 3 }) }), {
      maxLength: 60,
    }),
    fc.array(
      fc.record({
        // Far apart, and repeated: a line's hits are the most of its statements'.
        line: fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(7, 2 ** 30)),
        hits: fc.nat({ max: 3 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
  );

  test.prop([statementsArb], { seed: Number(process.env.FC_SEED ?? 17) })(
    "executed and missing lines are istanbul's own line coverage, sorted",
    (statements) => {
      const data = {
        path: 'x.ts',
        statementMap: Object.fromEntries(
          statements.map(({ line }, i) => [
            String(i),
            { start: { line, column: 0 }, end: { line, column: 1 } },
          ]),
        ),
        s: Object.fromEntries(statements.map(({ hits }, i) => [String(i), hits])),
        fnMap: {},
        f: {},
        branchMap: {},
        b: {},
      };
      const lines = Object.entries(libCoverage.createFileCoverage(data).getLineCoverage()).map(
        ([line, hits]) => [Number(line), hits] as const,
      );
      const byLine = (a: number, b: number): number => a - b;
      const entry = summarizeFile(data);
      expect(entry.executed_lines).toEqual(
        lines
          .filter(([, h]) => h > 0)
          .map(([l]) => l)
          .sort(byLine),
      );
      expect(entry.missing_lines).toEqual(
        lines
          .filter(([, h]) => h === 0)
          .map(([l]) => l)
          .sort(byLine),
      );
      expect(entry.summary.num_lines).toBe(lines.length);
    },
  );
});
