// computePriorities on unsorted input (survivors of a mutation run: the ranking test's input was
// already in order).
import { describe, expect, it } from 'vitest';
import { computePriorities, TIER_MIN_STATEMENTS, tierOf } from '../src/priorities.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';

const file = (statements: number, covered: number, branches: [number, number] = [0, 0]) => ({
  package: 'p',
  summary: summaryOf({
    ...ZERO_COUNTS,
    num_statements: statements,
    covered_statements: covered,
    num_branches: branches[1],
    covered_branches: branches[0],
  }),
});

describe('computePriorities on unsorted input', () => {
  const p = computePriorities({
    m: file(20, 15),
    z: file(400, 100),
    a: file(50, 40),
    k: file(30, 0),
    b: file(400, 100),
    q: file(5, 0),
  });

  it('ranks by uncovered statements, largest first, ties by path', () => {
    expect(p.ranked.map((r) => [r.path, r.uncovered_statements])).toEqual([
      ['b', 300],
      ['z', 300],
      ['k', 30],
      ['a', 10],
      ['m', 5],
      ['q', 5],
    ]);
  });

  it('reports each ranked file in full', () => {
    expect(p.ranked[0]).toEqual({
      path: 'b',
      package: 'p',
      tier: 2,
      num_statements: 400,
      uncovered_statements: 300,
      percent_covered: 25,
    });
  });

  it('lists 0% files largest first, ties by path', () => {
    expect(p.zero_coverage).toEqual([
      { path: 'k', num_statements: 30 },
      { path: 'q', num_statements: 5 },
    ]);
  });

  it('uses percent_covered with branches, not statement coverage alone', () => {
    const withBranches = computePriorities({ f: file(10, 5, [0, 10]) });
    expect(withBranches.ranked[0]?.percent_covered).toBe(25);
  });

  it('a file with branches but no statements is not in the 0% list', () => {
    expect(computePriorities({ f: file(0, 0, [0, 2]) }).zero_coverage).toEqual([]);
  });

  it('tier thresholds are the documented ones', () => {
    expect(TIER_MIN_STATEMENTS).toEqual({ 1: 500, 2: 300, 3: 200, 4: 100, 5: 0 });
    expect([tierOf(1e9), tierOf(501), tierOf(201), tierOf(101), tierOf(1)]).toEqual([
      1, 1, 3, 4, 5,
    ]);
  });
});
