// The terminal table, failure lines, argument parsing and JSON positions: details a mutation run
// found unasserted (colour at exactly 90 % and 75 %, column width past seven characters, package
// order, a threshold of 0 described as a percentage, a newline exactly at an error's offset, an
// inline option value starting with `-`, an unknown reporter, the reporters that need the map).
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli-args.js';
import { UsageError } from '../src/errors.js';
import { lineColumnAt } from '../src/json-text.js';
import { needsIstanbulMap } from '../src/reporters.js';
import { describeTargetFailure, renderFailures, renderTable } from '../src/terminal-table.js';
import type { TargetFailure } from '../src/types.js';
import { makeCoverage } from './helpers.js';

const GREEN = '\u001b[32m';
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';

describe('renderTable', () => {
  const coverage = makeCoverage([
    { path: 'z/a.ts', package: 'zeta', lines: [90, 100] },
    { path: 'l/b.ts', package: 'a-long-package-name', lines: [75, 100] },
    { path: 'm/c.ts', package: 'mid', lines: [7499, 10000] },
  ]);

  it('sorts packages by name, widens the first column to the longest name', () => {
    const rows = renderTable(coverage, { color: false }).split('\n');
    expect(rows.map((r) => r.split(' ')[0])).toEqual([
      'package',
      'a-long-package-name',
      'mid',
      'zeta',
      'total',
      '',
    ]);
    expect(rows[0]).toBe(
      `${'package'.padEnd(19)}  files      lines   branches  functions statements`,
    );
    expect(rows[3]).toBe(`${'zeta'.padEnd(19)}      1      90.0%     100.0%     100.0%      90.0%`);
  });

  it('paints 90 % and above green, 75 % up to 90 % yellow, below 75 % red', () => {
    const rows = renderTable(coverage, { color: true }).split('\n');
    const firstCell = (row: string | undefined) => (row ?? '').split('%')[0] ?? '';
    expect(firstCell(rows[3]).includes(GREEN)).toBe(true); // zeta, 90 %
    expect(firstCell(rows[1]).includes(YELLOW)).toBe(true); // 75 %
    expect(firstCell(rows[2]).includes(RED)).toBe(true); // 74.99 %
  });
});

describe('failure lines', () => {
  const base = { scope: 'file', name: 'src/a.ts', rule: 'src/**', metric: 'lines' } as const;

  it('describes a threshold of 0 as a percentage', () => {
    const f: TargetFailure = { ...base, actual: 0, required: 0, kind: 'threshold' };
    expect(describeTargetFailure(f)).toBe('file src/a.ts: lines 0.0%, required 0% (rule src/**)');
  });

  it('puts each failure on its own indented line', () => {
    const f: TargetFailure = { ...base, actual: 3, required: -1, kind: 'threshold' };
    expect(renderFailures([f, f], { color: false })).toBe(
      '2 coverage target(s) missed:\n' +
        '  file src/a.ts: lines 3 uncovered, at most 1 allowed (rule src/**)\n' +
        '  file src/a.ts: lines 3 uncovered, at most 1 allowed (rule src/**)\n',
    );
  });
});

describe('parseArgs', () => {
  it('takes an inline value that starts with a dash', () => {
    expect(parseArgs(['merge', '--out=-dir']).out).toBe('-dir');
  });

  it('refuses an unknown reporter', () => {
    expect(() => parseArgs(['run', '--reporter', 'pdf'])).toThrow(UsageError);
    expect(() => parseArgs(['run', '--reporter=pdf'])).toThrow(/received "pdf"/);
  });
});

describe('lineColumnAt', () => {
  it('keeps an offset on a newline on the line it ends', () => {
    expect(lineColumnAt('a\nb', 1)).toEqual([1, 2]);
    expect(lineColumnAt('a\nb', 2)).toEqual([2, 1]);
  });
});

describe('needsIstanbulMap', () => {
  it.each(['json', 'lcov', 'cobertura', 'html'] as const)('is true for %s', (r) => {
    expect(needsIstanbulMap(new Set([r]))).toBe(true);
  });
  it('is false for the coverage.json-only reporters', () => {
    expect(needsIstanbulMap(new Set(['summary', 'badge', 'dashboard'] as const))).toBe(false);
  });
});
