import { describe, expect, it } from 'vitest';
import { compareBaseline, regressionFailures, validateBaseline } from '../src/baseline.js';
import { InvalidShapeError } from '../src/errors.js';
import { summaryOf } from '../src/summarize.js';
import type { BaselineComparison, FileTarget } from '../src/types.js';

const sum = (covered: number) =>
  summaryOf({
    num_statements: 10,
    covered_statements: covered,
    num_lines: 10,
    covered_lines: covered,
    num_branches: 0,
    covered_branches: 0,
    num_functions: 1,
    covered_functions: 1,
  });

function shapeMessage(data: unknown): string {
  try {
    validateBaseline('b.json', data);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidShapeError);
    return (error as InvalidShapeError).message;
  }
  throw new Error('expected an InvalidShapeError');
}

describe('validateBaseline: exact messages', () => {
  it.each([
    ['not an object', [], 'b.json at /: expected a coverage.json object'],
    [
      'files not an object',
      { files: 'x', totals: sum(1) },
      'b.json at /files: expected an object of files',
    ],
    ['totals missing', { files: {} }, 'b.json at /totals: expected a coverage summary object'],
    [
      'a file entry that is not an object',
      { files: { 'a/b': null }, totals: sum(1) },
      'b.json at /files/a~1b: expected a file entry object',
    ],
    [
      'a missing percentage',
      { files: {}, totals: { ...sum(1), percent_lines_covered: undefined } },
      'b.json at /totals/percent_lines_covered: expected a percentage, received nothing',
    ],
    [
      'a percentage given as text',
      { files: {}, totals: { ...sum(1), percent_covered: '50' } },
      'b.json at /totals/percent_covered: expected a percentage, received "50"',
    ],
    [
      'a NaN percentage',
      { files: {}, totals: { ...sum(1), percent_statements_covered: Number.NaN } },
      'b.json at /totals/percent_statements_covered: expected a percentage, received null',
    ],
    [
      'an infinite percentage',
      {
        files: { a: { summary: { ...sum(1), percent_branches_covered: Infinity } } },
        totals: sum(1),
      },
      'b.json at /files/a/summary/percent_branches_covered: expected a percentage, received null',
    ],
    [
      'a negative percentage',
      { files: {}, totals: { ...sum(1), percent_functions_covered: -1 } },
      'b.json at /totals/percent_functions_covered: expected a percentage, received -1',
    ],
  ])('rejects %s', (_name, data, message) => {
    expect(shapeMessage(data)).toBe(message);
  });

  it('accepts 0 and 100', () => {
    const totals = { ...sum(1), percent_lines_covered: 0, percent_covered: 100 };
    expect(validateBaseline('b.json', { files: {}, totals })).toEqual({ files: {}, totals });
  });
});

describe('compareBaseline: order', () => {
  it('lists new and removed files sorted, and the file deltas in path order', () => {
    const current = {
      files: {
        z: { package: 'p', summary: sum(5) },
        m: { package: 'p', summary: sum(5) },
        new2: { package: 'p', summary: sum(1) },
        new1: { package: 'p', summary: sum(1) },
      },
      packages: {},
      totals: sum(5),
    };
    const base = {
      files: {
        z: { summary: sum(4) },
        gone2: { summary: sum(1) },
        m: { summary: sum(6) },
        gone1: { summary: sum(1) },
      },
      totals: sum(5),
    };
    const cmp = compareBaseline(current, base, 'b.json');
    expect(cmp.new_files).toEqual(['new1', 'new2']);
    expect(cmp.removed_files).toEqual(['gone1', 'gone2']);
    expect(Object.keys(cmp.files)).toEqual(['m', 'z']);
    expect(cmp.files.m?.lines).toBeCloseTo(-10);
    expect(cmp.files.z?.lines).toBeCloseTo(10);
  });
});

describe('regressionFailures', () => {
  const target = (lines: number): FileTarget => ({ rule: '**', thresholds: { lines }, met: true });
  const comparison = (files: BaselineComparison['files']): BaselineComparison => ({
    file: 'b.json',
    totals_delta: {},
    files,
    new_files: [],
    removed_files: [],
  });

  it('does not count a drop of exactly the float slack', () => {
    const cmp = comparison({ a: { lines: -1e-9 } });
    expect(regressionFailures(cmp, { files: 0 }, {}, { a: target(0) })).toEqual([]);
    const beyond = comparison({ a: { lines: -3e-9 } });
    expect(regressionFailures(beyond, { files: 0 }, {}, { a: target(0) })).toHaveLength(1);
  });

  it('reports file regressions in path order', () => {
    const cmp = comparison({ b: { lines: -5 }, a: { lines: -7 } });
    const failures = regressionFailures(cmp, { files: 1 }, {}, { a: target(0), b: target(0) });
    expect(failures).toEqual([
      {
        scope: 'file',
        name: 'a',
        rule: 'baseline',
        metric: 'lines',
        actual: -7,
        required: -1,
        kind: 'regression',
      },
      {
        scope: 'file',
        name: 'b',
        rule: 'baseline',
        metric: 'lines',
        actual: -5,
        required: -1,
        kind: 'regression',
      },
    ]);
  });
});
