import { describe, expect, it } from 'vitest';
import { describeTargetFailure, renderFailures, renderTable } from '../src/terminal-table.js';
import { summaryOf } from '../src/summarize.js';
import type { CoverageJson } from '../src/types.js';

const s = (covered: number) =>
  summaryOf({
    num_statements: 100,
    covered_statements: covered,
    num_lines: 100,
    covered_lines: covered,
    num_branches: 0,
    covered_branches: 0,
    num_functions: 0,
    covered_functions: 0,
  });

const coverage = {
  files: { 'a/x.ts': { package: 'a', summary: s(95) } },
  packages: { a: s(95), 'very-long-package-name': s(80), z: s(10) },
  totals: s(60),
} as unknown as CoverageJson;

describe('terminal-table', () => {
  it('renders one row per package and a total row without colours off a TTY', () => {
    const text = renderTable(coverage, { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^package\s+files\s+lines\s+branches\s+functions\s+statements$/);
    expect(lines[1]).toMatch(/^a\s+1\s+95\.0%\s+100\.0%\s+100\.0%\s+95\.0%$/);
    expect(lines[2]).toMatch(/^very-long-package-name\s+0\s+80\.0%/);
    expect(lines[4]).toMatch(/^total\s+1\s+60\.0%/);
    expect(text).not.toContain('\u001b[');
  });
  it('colours percentages green, yellow and red on a TTY', () => {
    const text = renderTable(coverage, { color: true });
    expect(text).toContain('\u001b[32m');
    expect(text).toContain('\u001b[33m');
    expect(text).toContain('\u001b[31m');
  });
  it('describes every kind of failure with metric, actual and required', () => {
    // one formatter for terminal and reports: rounded down, so 94.96% never shows as met
    expect(
      renderFailures(
        [
          {
            scope: 'file',
            name: 'a.ts',
            rule: 'r',
            metric: 'lines',
            actual: 94.96,
            required: 95,
            kind: 'threshold',
          },
        ],
        { color: false },
      ),
    ).toContain('lines 94.9%, required 95%');
    expect(
      describeTargetFailure({
        scope: 'file',
        name: 'a.ts',
        rule: 'src/**',
        metric: 'lines',
        actual: 80,
        required: 95,
        kind: 'threshold',
      }),
    ).toBe('file a.ts: lines 80.0%, required 95% (rule src/**)');
    expect(
      describeTargetFailure({
        scope: 'package',
        name: 'p',
        rule: 'packages.p',
        metric: 'branches',
        actual: 7,
        required: -5,
        kind: 'threshold',
      }),
    ).toBe('package p: branches 7 uncovered, at most 5 allowed (rule packages.p)');
    expect(
      describeTargetFailure({
        scope: 'total',
        name: 'total',
        rule: 'baseline',
        metric: 'lines',
        actual: -1.5,
        required: -0.5,
        kind: 'regression',
      }),
    ).toBe('total total: lines dropped 1.50 pp, at most 0.50 pp allowed (baseline)');
  });
  it('lists failures or says all targets were met', () => {
    expect(renderFailures([], { color: false })).toBe('all coverage targets met\n');
    expect(renderFailures([], { color: true })).toContain('\u001b[32m');
    const f = renderFailures(
      [
        {
          scope: 'total',
          name: 'total',
          rule: 'total',
          metric: 'lines',
          actual: 1,
          required: 2,
          kind: 'threshold',
        },
      ],
      { color: false },
    );
    expect(f).toBe(
      '1 coverage target(s) missed:\n  total total: lines 1.0%, required 2% (rule total)\n',
    );
  });
});
