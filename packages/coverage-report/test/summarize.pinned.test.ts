// missing_lines / missing_branches and the other lists of summarizeFile, asserted exactly
// (survivors of a mutation run).
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { percent, sumSummaries, summarizeFile, summaryOf, ZERO_COUNTS } from '../src/summarize.js';

const loc = (line: number, col = 0) => ({
  start: { line, column: col },
  end: { line, column: col + 3 },
});

const data: FileCoverageData = {
  path: 'x.ts',
  // statements on lines 1 (x2, one hit), 3 (miss), 5 (hit), 2 (miss)
  statementMap: { 0: loc(1), 1: loc(1, 5), 2: loc(3), 3: loc(5), 4: loc(2) },
  s: { 0: 0, 1: 4, 2: 0, 3: 1, 4: 0 },
  fnMap: {
    0: { name: 'late', decl: loc(9), loc: loc(9), line: 9 },
    1: { name: 'early', decl: loc(4), loc: loc(4), line: 4 },
    2: { name: 'used', decl: loc(6), loc: loc(6), line: 6 },
  },
  f: { 0: 0, 1: 0, 2: 2 },
  branchMap: {
    0: { loc: loc(7), type: 'if', locations: [loc(7), loc(7)], line: 7 },
    1: { loc: loc(3), type: 'cond-expr', locations: [loc(3), loc(3), loc(3)], line: 3 },
  },
  b: { 0: [0, 1], 1: [0, 2, 0] },
};

describe('summarizeFile lists', () => {
  const entry = summarizeFile(data);

  it('lists executed and missing lines, sorted, a line counting as hit when any statement is', () => {
    expect(entry.executed_lines).toEqual([1, 5]);
    expect(entry.missing_lines).toEqual([2, 3]);
  });

  it('lists missing branches as [line, arm], sorted by line then arm', () => {
    expect(entry.missing_branches).toEqual([
      [3, 0],
      [3, 2],
      [7, 0],
    ]);
  });

  it('lists missing functions by line', () => {
    expect(entry.missing_functions).toEqual([
      { name: 'early', line: 4 },
      { name: 'late', line: 9 },
    ]);
  });

  it('counts and derives missing_lines / missing_branches in the summary', () => {
    expect(entry.summary).toEqual({
      num_statements: 5,
      covered_statements: 2,
      percent_statements_covered: 40,
      num_lines: 4,
      covered_lines: 2,
      missing_lines: 2,
      percent_lines_covered: 50,
      num_branches: 5,
      covered_branches: 2,
      missing_branches: 3,
      percent_branches_covered: 40,
      num_functions: 3,
      covered_functions: 1,
      percent_functions_covered: (1 / 3) * 100,
      percent_covered: 40,
    });
  });

  it('takes a branch line from loc, then line, then the first location', () => {
    const noLoc: FileCoverageData = {
      ...data,
      branchMap: {
        0: { type: 'if', locations: [loc(8), loc(8)], line: 11 } as never,
        1: { type: 'if', locations: [loc(12), loc(12)] } as never,
        2: { type: 'if', locations: [] } as never,
      },
      b: { 0: [0, 1], 1: [1, 0], 2: [0] },
    };
    expect(summarizeFile(noLoc).missing_branches).toEqual([
      [0, 0],
      [11, 0],
      [12, 1],
    ]);
  });

  it('takes a function line from decl, then loc, then line', () => {
    const fns: FileCoverageData = {
      ...data,
      fnMap: {
        0: { name: 'a', loc: loc(20), line: 30 } as never,
        1: { name: 'b', line: 31 } as never,
        2: { name: 'c' } as never,
      },
      f: { 0: 0, 1: 0, 2: 0 },
    };
    expect(summarizeFile(fns).missing_functions).toEqual([
      { name: 'c', line: 0 },
      { name: 'a', line: 20 },
      { name: 'b', line: 31 },
    ]);
  });
});

describe('summary arithmetic', () => {
  it('percent of nothing is 100; otherwise covered/total', () => {
    expect([percent(0, 0), percent(1, 4), percent(4, 4)]).toEqual([100, 25, 100]);
  });

  it('sums counts and recomputes missing and percentages', () => {
    const a = summaryOf({
      ...ZERO_COUNTS,
      num_lines: 4,
      covered_lines: 1,
      num_branches: 2,
      covered_branches: 2,
    });
    const b = summaryOf({
      ...ZERO_COUNTS,
      num_lines: 6,
      covered_lines: 6,
      num_branches: 2,
      covered_branches: 0,
    });
    const sum = sumSummaries([a, b]);
    expect([
      sum.missing_lines,
      sum.percent_lines_covered,
      sum.missing_branches,
      sum.percent_branches_covered,
    ]).toEqual([3, 70, 2, 50]);
    expect(sumSummaries([])).toEqual(summaryOf(ZERO_COUNTS));
    expect(Object.isFrozen(ZERO_COUNTS)).toBe(true);
  });
});
