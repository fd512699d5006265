// targets.ts (survivors of mutation run 14): a fractional threshold such as 92.5 in every kind of
// rule, met exactly at it and missed just below it, and a glob list with one empty entry in each
// of the three glob fields (refused, with the error class, code and JSON pointer).
import { describe, expect, it } from 'vitest';
import { InvalidTargetsError } from '../src/errors.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';
import { evaluateTargets, parseTargets } from '../src/targets.js';

const lines = (covered: number, total: number) =>
  summaryOf({ ...ZERO_COUNTS, num_lines: total, covered_lines: covered });

describe('fractional thresholds', () => {
  const targets = parseTargets('t.json', {
    total: { lines: 92.5 },
    packages: { p: { lines: 92.5 } },
    files: { 'src/**': { lines: 92.5 } },
  });

  it('are kept as written', () => {
    expect([targets.total, targets.packages.p, targets.files[0]?.thresholds]).toEqual([
      { lines: 92.5 },
      { lines: 92.5 },
      { lines: 92.5 },
    ]);
  });

  it('are met at exactly 92.5 % in the total, a package and a file', () => {
    const at = lines(37, 40); // 92.5 %
    const result = evaluateTargets(
      { totals: at, packages: { p: at }, files: { 'src/a.ts': { package: 'p', summary: at } } },
      targets,
    );
    expect(result.failures).toEqual([]);
    expect(result.fileTargets['src/a.ts']?.met).toBe(true);
  });

  it('are missed just below, each failure carrying the fraction', () => {
    const below = lines(184, 199); // 92.46 %
    const result = evaluateTargets(
      {
        totals: below,
        packages: { p: below },
        files: { 'src/a.ts': { package: 'p', summary: below } },
      },
      targets,
    );
    expect(result.failures.map((f) => [f.scope, f.required, f.actual])).toEqual([
      ['total', 92.5, (184 / 199) * 100],
      ['package', 92.5, (184 / 199) * 100],
      ['file', 92.5, (184 / 199) * 100],
    ]);
    expect(result.fileTargets['src/a.ts']?.met).toBe(false);
  });
});

describe('a glob list with one empty entry', () => {
  it.each(['inputs', 'include', 'exclude'] as const)('%s is refused as a whole', (field) => {
    let caught: unknown;
    try {
      parseTargets('t.json', { [field]: ['packages/**', ''] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTargetsError);
    const e = caught as InvalidTargetsError;
    expect([e.code, e.file, e.pointer]).toEqual([
      'COVERAGE_INVALID_TARGETS',
      't.json',
      `/${field}`,
    ]);
    expect(e.message).toBe(
      `t.json at /${field}: expected an array of globs, received ["packages/**",""]`,
    );
  });

  it('the same list without the empty entry is kept in order', () => {
    expect(parseTargets('t.json', { include: ['b/**', 'a/**'] }).include).toEqual(['b/**', 'a/**']);
  });
});

describe('a files rule keyed by the empty glob', () => {
  it('is refused at /files/ (it used to reach picomatch and end as an internal error)', () => {
    const thresholds = { lines: 90 };
    expect(() =>
      parseTargets('t.json', { files: { 'src/**': thresholds, '': thresholds } }),
    ).toThrow(
      expect.objectContaining({
        code: 'COVERAGE_INVALID_TARGETS',
        file: 't.json',
        pointer: '/files/',
        message: 't.json at /files/: expected a non-empty glob as key',
      }),
    );
  });
});
