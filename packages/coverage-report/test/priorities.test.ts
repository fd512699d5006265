import { describe, expect, it } from 'vitest';
import { computePriorities, tierOf } from '../src/priorities.js';
import { summaryOf } from '../src/summarize.js';

const file = (statements: number, covered: number) => ({
  package: 'p',
  summary: summaryOf({
    num_statements: statements,
    covered_statements: covered,
    num_lines: statements,
    covered_lines: covered,
    num_branches: 0,
    covered_branches: 0,
    num_functions: 0,
    covered_functions: 0,
  }),
});

describe('priorities', () => {
  it('assigns size tiers at their boundaries', () => {
    expect([500, 499, 300, 299, 200, 100, 99, 0].map(tierOf)).toEqual([1, 2, 2, 3, 3, 4, 5, 5]);
  });
  it('ranks by uncovered statements, then path; lists 0% files', () => {
    const p = computePriorities({
      b: file(600, 100),
      a: file(600, 100),
      c: file(150, 0),
      d: file(10, 10),
      e: file(0, 0),
    });
    expect(p.ranked.map((r) => [r.path, r.tier, r.uncovered_statements])).toEqual([
      ['a', 1, 500],
      ['b', 1, 500],
      ['c', 4, 150],
    ]);
    expect(p.zero_coverage).toEqual([{ path: 'c', num_statements: 150 }]);
    expect(p.tiers.map((t) => [t.tier, t.files, t.num_statements, t.covered_statements])).toEqual([
      [1, 2, 1200, 200],
      [2, 0, 0, 0],
      [3, 0, 0, 0],
      [4, 1, 150, 0],
      [5, 2, 10, 10],
    ]);
  });
  it('orders the 0% list by size, then path', () => {
    const p = computePriorities({ y: file(5, 0), x: file(5, 0), z: file(9, 0) });
    expect(p.zero_coverage.map((z) => z.path)).toEqual(['z', 'x', 'y']);
  });
});
