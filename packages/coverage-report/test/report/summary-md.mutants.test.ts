import { describe, expect, it } from 'vitest';
import { codeSpan, escapeMarkdown, renderSummaryMd } from '../../src/report/summary-md.js';
import type { BaselineComparison, CoverageJson, TargetFailure } from '../../src/types.js';
import { makeCoverage } from '../helpers.js';

/** Joins expected Markdown lines the way the renderer does (one `\n` after each line). */
const md = (...lines: readonly string[]): string => `${lines.join('\n')}\n`;

const failure = (name: string): TargetFailure => ({
  scope: 'file',
  name,
  rule: '*.ts',
  metric: 'lines',
  actual: 50,
  required: 90,
  kind: 'threshold',
});

const BASELINE: BaselineComparison = {
  file: 'base.json',
  totals_delta: { lines: 1.25, statements: -0.5 },
  files: {
    'a/a.ts': { lines: -0.05 }, // exactly at the threshold: listed
    'z/b.ts': { lines: -0.04 }, // just above it: left out
    'c.ts': { lines: -3 },
    'b.ts': { lines: -3 }, // ties with c.ts: sorted by path
    'd.ts': { branches: -9 }, // no line delta: left out
    'e.ts': { lines: 2 }, // gained: left out
  },
  new_files: ['n1.ts', 'n2.ts'],
  removed_files: ['r.ts'],
};

/** Two packages (keys deliberately out of order), two files, two failures, optional baseline. */
function twoPackages(baseline?: BaselineComparison): CoverageJson {
  const coverage = makeCoverage(
    [
      {
        path: 'z/b.ts',
        package: 'zeta',
        lines: [1, 4],
        missingFunctions: [
          { name: 'f1', line: 1 },
          { name: 'f2', line: 2 },
        ],
      },
      { path: 'a/a.ts', package: 'alpha', lines: [1, 2], branches: [1, 2], functions: [1, 2] },
    ],
    baseline === undefined
      ? { failures: [failure('z/b.ts'), failure('a/a.ts')] }
      : { failures: [failure('z/b.ts'), failure('a/a.ts')], baseline },
  );
  const { zeta, alpha } = coverage.packages;
  if (zeta === undefined || alpha === undefined) throw new Error('fixture packages missing');
  coverage.packages = { zeta, alpha };
  return coverage;
}

const VERDICT_AND_TOTALS_WITH_BASELINE = [
  '## Coverage: ❌ 2 targets missed',
  '',
  '| Metric | Covered | Total | % | Δ baseline (pp) |',
  '| --- | ---: | ---: | ---: | ---: |',
  '| Lines | 2 | 6 | 33.3% | ▲ +1.3 |',
  '| Statements | 2 | 6 | 33.3% | ▼ −0.5 |',
  '| Branches | 1 | 2 | 50.0% | – |',
  '| Functions | 1 | 2 | 50.0% | – |',
  '| Overall | 3 | 8 | 37.5% | – |',
  '',
];

const PACKAGES = [
  '### Packages',
  '',
  '| Package | Lines | Statements | Branches | Functions | Overall |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  '| `alpha` | 50.0% | 50.0% | 50.0% | 50.0% | 50.0% |',
  '| `zeta` | 25.0% | 25.0% | 100.0% | 100.0% | 25.0% |',
  '',
];

const TARGETS_HEAD = [
  '### Targets missed (2)',
  '',
  '| Scope | Name | Rule | Failure |',
  '| --- | --- | --- | --- |',
  '| file | `z/b.ts` | `*.ts` | ✗ below 90% lines (50.0%) |',
];
const SECOND_FAILURE = '| file | `a/a.ts` | `*.ts` | ✗ below 90% lines (50.0%) |';

const PRIORITIES_HEAD = [
  '| # | File | Package | Tier | Uncovered | Overall |',
  '| ---: | --- | --- | ---: | ---: | ---: |',
  '| 1 | `z/b.ts` | `zeta` | 5 | 3 / 4 | 25.0% |',
];
const SECOND_PRIORITY = '| 2 | `a/a.ts` | `alpha` | 5 | 1 / 2 | 50.0% |';

describe('renderSummaryMd exact output', () => {
  it('renders a passing run without baseline', () => {
    const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [2, 2] }]);
    expect(renderSummaryMd(coverage)).toBe(
      md(
        '## Coverage: ✅ all targets met',
        '',
        '| Metric | Covered | Total | % |',
        '| --- | ---: | ---: | ---: |',
        '| Lines | 2 | 2 | 100.0% |',
        '| Statements | 2 | 2 | 100.0% |',
        '| Branches | 0 | 0 | 100.0% |',
        '| Functions | 0 | 0 | 100.0% |',
        '| Overall | 2 | 2 | 100.0% |',
        '',
        '### Packages',
        '',
        '| Package | Lines | Statements | Branches | Functions | Overall |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| `root` | 100.0% | 100.0% | 100.0% | 100.0% | 100.0% |',
        '',
        '_No baseline: deltas appear once a baseline exists (`--update-baseline`)._',
        '',
      ),
    );
  });

  it('renders failures, packages sorted by name and priorities without baseline', () => {
    expect(renderSummaryMd(twoPackages())).toBe(
      md(
        '## Coverage: ❌ 2 targets missed',
        '',
        '| Metric | Covered | Total | % |',
        '| --- | ---: | ---: | ---: |',
        '| Lines | 2 | 6 | 33.3% |',
        '| Statements | 2 | 6 | 33.3% |',
        '| Branches | 1 | 2 | 50.0% |',
        '| Functions | 1 | 2 | 50.0% |',
        '| Overall | 3 | 8 | 37.5% |',
        '',
        ...PACKAGES,
        ...TARGETS_HEAD,
        SECOND_FAILURE,
        '',
        '_No baseline: deltas appear once a baseline exists (`--update-baseline`)._',
        '',
        '### Top 2 priorities (most uncovered statements)',
        '',
        ...PRIORITIES_HEAD,
        SECOND_PRIORITY,
        '',
        '### Uncovered functions of the priority files',
        '',
        '- `z/b.ts`: `f1` (line 1), `f2` (line 2)',
        '',
      ),
    );
  });

  it('renders the baseline deltas and the files that lost lines, worst first', () => {
    expect(renderSummaryMd(twoPackages(BASELINE))).toBe(
      md(
        ...VERDICT_AND_TOTALS_WITH_BASELINE,
        ...PACKAGES,
        ...TARGETS_HEAD,
        SECOND_FAILURE,
        '',
        '### Against the baseline',
        '',
        'Baseline `base.json`: 2 new, 1 removed.',
        '',
        '| File | Δ lines (pp) |',
        '| --- | ---: |',
        '| `b.ts` | ▼ −3.0 |',
        '| `c.ts` | ▼ −3.0 |',
        '| `a/a.ts` | ▼ −0.1 |',
        '',
        '### Top 2 priorities (most uncovered statements)',
        '',
        ...PRIORITIES_HEAD,
        SECOND_PRIORITY,
        '',
        '### Uncovered functions of the priority files',
        '',
        '- `z/b.ts`: `f1` (line 1), `f2` (line 2)',
        '',
      ),
    );
  });

  it('folds the failures and functions above the maxima and cuts drops and priorities at top', () => {
    const out = renderSummaryMd(twoPackages(BASELINE), {
      maxFailures: 1,
      maxFunctions: 1,
      top: 1,
    });
    expect(out).toBe(
      md(
        ...VERDICT_AND_TOTALS_WITH_BASELINE,
        ...PACKAGES,
        ...TARGETS_HEAD,
        '',
        '… and 1 more (see `coverage.json`).',
        '',
        '### Against the baseline',
        '',
        'Baseline `base.json`: 2 new, 1 removed.',
        '',
        '| File | Δ lines (pp) |',
        '| --- | ---: |',
        '| `b.ts` | ▼ −3.0 |',
        '',
        '### Top 1 priorities (most uncovered statements)',
        '',
        ...PRIORITIES_HEAD,
        '',
        '### Uncovered functions of the priority files',
        '',
        '- `z/b.ts`: `f1` (line 1) and 1 more',
        '',
      ),
    );
  });

  it('lists everything when the counts equal the maxima', () => {
    const atMax = renderSummaryMd(twoPackages(BASELINE), { maxFailures: 2, maxFunctions: 2 });
    expect(atMax).toBe(renderSummaryMd(twoPackages(BASELINE)));
    expect(atMax).toContain(`${SECOND_FAILURE}\n\n### Against the baseline\n`);
    expect(atMax).not.toContain('more');
    expect(atMax).toContain('- `z/b.ts`: `f1` (line 1), `f2` (line 2)\n');
  });

  it('counts the folded failures above the maximum', () => {
    const failures = ['a', 'b', 'c', 'd', 'e'].map((n) => failure(`${n}.ts`));
    const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [2, 2] }], {
      failures,
    });
    const out = renderSummaryMd(coverage, { maxFailures: 2 });
    expect(out).toContain(
      [
        '### Targets missed (5)',
        '',
        '| Scope | Name | Rule | Failure |',
        '| --- | --- | --- | --- |',
        '| file | `a.ts` | `*.ts` | ✗ below 90% lines (50.0%) |',
        '| file | `b.ts` | `*.ts` | ✗ below 90% lines (50.0%) |',
        '',
        '… and 3 more (see `coverage.json`).',
        '',
        '_No baseline',
      ].join('\n'),
    );
    expect(out).not.toContain('`c.ts`');
  });

  it('leaves the drop table out when no file lost lines', () => {
    const baseline: BaselineComparison = {
      file: 'b.json',
      totals_delta: {},
      files: { 'a.ts': { lines: 0 }, 'b.ts': { lines: 0.5 } },
      new_files: [],
      removed_files: [],
    };
    const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [2, 2] }], {
      baseline,
    });
    expect(renderSummaryMd(coverage)).toBe(
      md(
        '## Coverage: ✅ all targets met',
        '',
        '| Metric | Covered | Total | % | Δ baseline (pp) |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| Lines | 2 | 2 | 100.0% | – |',
        '| Statements | 2 | 2 | 100.0% | – |',
        '| Branches | 0 | 0 | 100.0% | – |',
        '| Functions | 0 | 0 | 100.0% | – |',
        '| Overall | 2 | 2 | 100.0% | – |',
        '',
        '### Packages',
        '',
        '| Package | Lines | Statements | Branches | Functions | Overall |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        '| `root` | 100.0% | 100.0% | 100.0% | 100.0% | 100.0% |',
        '',
        '### Against the baseline',
        '',
        'Baseline `b.json`: 0 new, 0 removed.',
        '',
      ),
    );
  });

  it('says every function is called when no priority file misses one', () => {
    const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 2] }]);
    expect(renderSummaryMd(coverage).split('### Top 1')[1]).toBe(
      md(
        ' priorities (most uncovered statements)',
        '',
        '| # | File | Package | Tier | Uncovered | Overall |',
        '| ---: | --- | --- | ---: | ---: | ---: |',
        '| 1 | `a.ts` | `root` | 5 | 1 / 2 | 50.0% |',
        '',
        '### Uncovered functions of the priority files',
        '',
        '_Every function of these files is called at least once._',
        '',
      ),
    );
  });

  it('puts hostile package names and paths in code spans', () => {
    const coverage = makeCoverage([{ path: 'a.ts', package: 'p<x>|`y`', lines: [2, 2] }]);
    const out = renderSummaryMd(coverage);
    expect(out).toContain("| `p<x>\\|'y'` | 100.0% |");
  });
});

describe('escapeMarkdown', () => {
  it('turns <, > and & into entities', () => {
    expect(escapeMarkdown('<b>x</b> & y')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; y');
  });

  it('escapes pipes and backticks and joins CRLF and LF lines with spaces', () => {
    expect(escapeMarkdown('a|b`c`\r\nd\ne')).toBe('a\\|b\\`c\\` d e');
  });
});

describe('codeSpan', () => {
  it('turns a bare LF into a space', () => {
    expect(codeSpan('a\nb')).toBe('`a b`');
  });

  it('turns CRLF into one space and keeps a lone CR', () => {
    expect(codeSpan('a\r\nb\rc')).toBe('`a b\rc`');
  });

  it('keeps < and > verbatim and escapes the pipe', () => {
    expect(codeSpan('<a>|`b`')).toBe("`<a>\\|'b'`");
  });
});
