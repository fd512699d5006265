// targets.ts: fractional thresholds, glob lists with an empty entry, the documented sort orders and
// the exact messages (survivors of a mutation run).
import { describe, expect, it } from 'vitest';
import { RuleMatchesNothingError, UnknownPackageError } from '../src/errors.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';
import { checkThresholds, evaluateTargets, parseTargets } from '../src/targets.js';

function messageOf(data: unknown): string {
  try {
    parseTargets('t.json', data);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

const summary = (lines: [number, number], branches: [number, number] = [0, 0]) =>
  summaryOf({
    ...ZERO_COUNTS,
    num_lines: lines[1],
    covered_lines: lines[0],
    num_statements: lines[1],
    covered_statements: lines[0],
    num_branches: branches[1],
    covered_branches: branches[0],
  });

describe('parseTargets: thresholds', () => {
  it('accepts fractional percentages, 0 and exactly 100', () => {
    expect(
      parseTargets('t.json', { total: { lines: 95.5, branches: 0, statements: 100 } }).total,
    ).toEqual({
      lines: 95.5,
      branches: 0,
      statements: 100,
    });
  });

  it('rejects a fraction above 100 and a fractional negative count, with exact messages', () => {
    expect(messageOf({ total: { lines: 100.01 } })).toBe(
      't.json at /total/lines: expected a percentage of at most 100, received 100.01',
    );
    expect(messageOf({ total: { lines: -1.5 } })).toBe(
      't.json at /total/lines: expected a negative integer (maximum uncovered count), received -1.5',
    );
    expect(parseTargets('t.json', { total: { lines: -3 } }).total).toEqual({ lines: -3 });
  });

  it('names an unknown metric and the allowed ones', () => {
    expect(messageOf({ packages: { p: { line: 90 } } })).toBe(
      't.json at /packages/p/line: unknown metric "line" (expected one of lines, statements, branches, functions, percent_covered)',
    );
  });

  it('rejects non-finite and non-object thresholds', () => {
    expect(messageOf({ total: { lines: Infinity } })).toBe(
      't.json at /total/lines: expected a number, received null',
    );
    expect(messageOf({ total: 90 })).toBe(
      't.json at /total: expected an object of thresholds, received 90',
    );
    expect(messageOf({ files: { 'a/**': [90] } })).toBe(
      't.json at /files/a~1**: expected an object of thresholds, received [90]',
    );
  });
});

describe('parseTargets: globs and fields', () => {
  it('rejects a glob list with one empty entry', () => {
    expect(messageOf({ include: ['src/**', ''] })).toBe(
      't.json at /include: expected an array of globs, received ["src/**",""]',
    );
    expect(messageOf({ exclude: [''] })).toBe(
      't.json at /exclude: expected an array of globs, received [""]',
    );
    expect(messageOf({ inputs: 'a/**' })).toBe(
      't.json at /inputs: expected an array of globs, received "a/**"',
    );
    expect(parseTargets('t.json', { inputs: [] }).inputs).toEqual([]);
  });

  it('names unknown top-level fields and non-object sections', () => {
    expect(messageOf({ totals: {} })).toBe(
      't.json at /totals: unknown field (expected inputs, include, exclude, total, packages, files, baseline, reporters)',
    );
    expect(messageOf(null)).toBe('t.json at /: expected an object, received null');
    expect(messageOf('x')).toBe('t.json at /: expected an object, received "x"');
    expect(messageOf({ packages: [] })).toBe(
      't.json at /packages: expected an object keyed by package name, received []',
    );
    expect(messageOf({ files: 'x' })).toBe(
      't.json at /files: expected an object keyed by glob, received "x"',
    );
    expect(parseTargets('t.json', { $schema: 'x' })).toEqual({
      file: 't.json',
      packages: {},
      files: [],
    });
  });

  it('names bad baseline fields exactly', () => {
    expect(messageOf({ baseline: 3 })).toBe(
      't.json at /baseline: expected a file name or an object, received 3',
    );
    expect(messageOf({ baseline: '' })).toBe(
      't.json at /baseline: expected a file name or an object, received ""',
    );
    expect(messageOf({ baseline: { files: 'x' } })).toBe(
      't.json at /baseline/files: unknown field (expected file, maxDrop)',
    );
    expect(messageOf({ baseline: { file: '' } })).toBe(
      't.json at /baseline/file: expected a file name, received ""',
    );
    expect(messageOf({ baseline: { maxDrop: { all: 1 } } })).toBe(
      't.json at /baseline/maxDrop/all: unknown field (expected total, files)',
    );
    expect(messageOf({ baseline: { maxDrop: { total: -0.5 } } })).toBe(
      't.json at /baseline/maxDrop/total: expected a non-negative number of percentage points, received -0.5',
    );
    expect(messageOf({ baseline: { maxDrop: NaN } })).toBe(
      't.json at /baseline/maxDrop: expected a non-negative number of percentage points, received null',
    );
  });

  it('accepts a zero and a fractional maxDrop', () => {
    expect(parseTargets('t.json', { baseline: { maxDrop: 0 } }).baseline).toEqual({
      file: 'coverage-baseline.json',
      maxDrop: { total: 0, files: 0 },
    });
    expect(
      parseTargets('t.json', { baseline: { file: 'b.json', maxDrop: { files: 0.25 } } }).baseline,
    ).toEqual({
      file: 'b.json',
      maxDrop: { files: 0.25 },
    });
  });
});

describe('checkThresholds', () => {
  it('fails just below a fractional threshold and passes at it', () => {
    const s = summary([191, 200]); // 95.5 %
    expect(checkThresholds(s, { lines: 95.5 }, 'total', 'total', 'total')).toEqual([]);
    expect(checkThresholds(s, { lines: 95.51 }, 'total', 'total', 'total')).toEqual([
      {
        scope: 'total',
        name: 'total',
        rule: 'total',
        metric: 'lines',
        actual: 95.5,
        required: 95.51,
        kind: 'threshold',
      },
    ]);
  });

  it('a maximum uncovered count passes at the limit and fails above it', () => {
    const s = summary([7, 10]);
    expect(checkThresholds(s, { lines: -3 }, 'file', 'f', 'g')).toEqual([]);
    expect(checkThresholds(s, { lines: -2 }, 'file', 'f', 'g')).toEqual([
      {
        scope: 'file',
        name: 'f',
        rule: 'g',
        metric: 'lines',
        actual: 3,
        required: -2,
        kind: 'threshold',
      },
    ]);
  });

  it('reports failures in metric order whatever the order of the thresholds', () => {
    const s = summary([1, 10], [0, 4]);
    const failures = checkThresholds(
      s,
      { percent_covered: 99, branches: 99, lines: 99 },
      'total',
      'total',
      'total',
    );
    expect(failures.map((f) => f.metric)).toEqual(['lines', 'branches', 'percent_covered']);
  });
});

describe('evaluateTargets orders and errors', () => {
  const low = summary([1, 10]);
  const subject = {
    totals: low,
    packages: { zeta: low, alpha: low },
    files: {
      'src/z.ts': { package: 'zeta', summary: low },
      'src/a.ts': { package: 'alpha', summary: low },
    },
  };

  it('sorts failures: total, then packages by name, then files by path', () => {
    const targets = parseTargets('t.json', {
      files: { 'src/**': { lines: 50 } },
      packages: { zeta: { lines: 50 }, alpha: { lines: 50 } },
      total: { lines: 50 },
    });
    const { failures } = evaluateTargets(subject, targets);
    expect(failures.map((f) => [f.scope, f.name, f.rule])).toEqual([
      ['total', 'total', 'total'],
      ['package', 'alpha', 'packages.alpha'],
      ['package', 'zeta', 'packages.zeta'],
      ['file', 'src/a.ts', 'src/**'],
      ['file', 'src/z.ts', 'src/**'],
    ]);
  });

  it('the last matching rule wins and records whether it was met', () => {
    const targets = parseTargets('t.json', {
      files: { 'src/**': { lines: 50 }, 'src/a.ts': { lines: 5 } },
    });
    const result = evaluateTargets(subject, targets);
    expect(result.fileTargets).toEqual({
      'src/a.ts': { rule: 'src/a.ts', thresholds: { lines: 5 }, met: true },
      'src/z.ts': { rule: 'src/**', thresholds: { lines: 50 }, met: false },
    });
  });

  it('names a rule that matches nothing, exactly', () => {
    const targets = parseTargets('t.json', { files: { 'lib/**': { lines: 1 } } });
    expect(() => evaluateTargets(subject, targets)).toThrow(RuleMatchesNothingError);
    expect(() => evaluateTargets(subject, targets)).toThrow(
      't.json at /files/lib~1**: rule "lib/**" matches no file',
    );
  });

  it('names an unknown package with the known ones sorted', () => {
    const targets = parseTargets('t.json', { packages: { 'a/b': { lines: 1 } } });
    let caught: unknown;
    try {
      evaluateTargets(subject, targets, ['omega']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownPackageError);
    expect((caught as UnknownPackageError).message).toBe(
      't.json at /packages/a~1b: unknown package "a/b" (known: alpha, omega, zeta)',
    );
    expect((caught as UnknownPackageError).pointer).toBe('/packages/a~1b');
  });
});
