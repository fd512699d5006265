import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendStepSummary,
  codeSpan,
  escapeMarkdown,
  renderSummaryMd,
} from '../../src/report/summary-md.js';
import { makeCoverage, sampleCoverage } from '../helpers.js';

const BASELINE = {
  file: 'coverage-baseline.json',
  totals_delta: { lines: -0.8, branches: 1.25 },
  files: {
    'packages/engine/src/graph.ts': { lines: -2.25 },
    'packages/engine/src/run.ts': { lines: 1.5 },
    'packages/engine/src/tiny.ts': { lines: -0.01 },
    'packages/engine/src/also-down.ts': { lines: -2.25 },
    'packages/engine/src/branches-only.ts': { branches: -3 },
  },
  new_files: ['packages/models/src/schema.ts'],
  removed_files: [],
};

describe('renderSummaryMd', () => {
  describe('without a baseline', () => {
    const md = renderSummaryMd(sampleCoverage());

    it('starts with the verdict and the totals table', () => {
      const lines = md.split('\n');
      expect(lines[0]).toBe('## Coverage: ❌ 2 targets missed');
      expect(md).toContain('| Metric | Covered | Total | % |\n');
      expect(md).toContain('| Lines | 248 | 330 | 75.1% |');
      expect(md).toContain('| Overall |');
      expect(md).not.toContain('Δ baseline');
      expect(md).toContain('_No baseline');
    });

    it('has one row per package', () => {
      expect(md).toMatch(/\| `@atom\/engine` \| 82\.6% \|/);
      expect(md).toMatch(/\| `@atom\/models` \| 0\.0% \|/);
    });

    it('lists the missed targets with a readable reason', () => {
      expect(md).toContain('### Targets missed (2)');
      expect(md).toContain(
        '| file | `packages/engine/src/graph.ts` | `packages/*/src/**/*.ts` | ✗ below 95% lines (75.0%) |',
      );
    });

    it('ranks the priorities and lists their uncovered functions', () => {
      expect(md).toContain('### Top 3 priorities (most uncovered statements)');
      expect(md).toContain(
        '| 1 | `packages/engine/src/graph.ts` | `@atom/engine` | 3 | 60 / 220 |',
      );
      expect(md).toContain(
        '| 2 | `packages/models/src/schema.ts` | `@atom/models` | 5 | 30 / 30 | 0.0% |',
      );
      expect(md).toContain(
        '- `packages/engine/src/graph.ts`: `detectCycle` (line 40), `topologicalOrder` (line 88)',
      );
      expect(md).toContain('- `packages/models/src/schema.ts`: `migrate` (line 3)');
      expect(md).not.toMatch(/\n{3}/);
      expect(md.endsWith('\n')).toBe(true);
    });
  });

  describe('with a baseline', () => {
    const md = renderSummaryMd(sampleCoverage({ baseline: BASELINE }));

    it('adds the delta column to the totals', () => {
      expect(md).toContain('| Metric | Covered | Total | % | Δ baseline (pp) |');
      expect(md).toContain('| Lines | 248 | 330 | 75.1% | ▼ −0.8 |');
      expect(md).toContain('| Branches | 49 | 70 | 70.0% | ▲ +1.3 |');
      expect(md).toMatch(/\| Functions \| .* \| – \|/);
    });

    it('lists the files that lost coverage, worst first, and no noise', () => {
      expect(md).toContain('Baseline `coverage-baseline.json`: 1 new, 0 removed.');
      expect(md).toContain(
        '| `packages/engine/src/also-down.ts` | ▼ −2.3 |\n| `packages/engine/src/graph.ts` | ▼ −2.3 |',
      );
      expect(md).not.toContain('branches-only.ts');
      expect(md).not.toContain('| `packages/engine/src/run.ts` | ▲');
      expect(md).not.toContain('tiny.ts');
    });
  });

  it('reports success and limits lists', () => {
    const ok = renderSummaryMd(makeCoverage([{ path: 'a.ts', package: 'root', lines: [2, 2] }]));
    expect(ok.startsWith('## Coverage: ✅ all targets met\n')).toBe(true);
    expect(ok).not.toContain('Targets missed');
    expect(ok).not.toContain('priorities');

    const specs = Array.from({ length: 4 }, (_, i) => ({
      path: `f${i}.ts`,
      package: 'root',
      lines: [1, 3] as const,
      missingFunctions: Array.from({ length: 3 }, (_, j) => ({ name: `fn\`${j}`, line: j + 1 })),
    }));
    const failing = makeCoverage(specs, {
      failures: specs.map((s) => ({
        scope: 'file' as const,
        name: s.path,
        rule: '*.ts',
        metric: 'lines' as const,
        actual: 33.3,
        required: 90,
        kind: 'threshold' as const,
      })),
    });
    const md = renderSummaryMd(failing, { top: 2, maxFailures: 1, maxFunctions: 2 });
    expect(md).toContain('## Coverage: ❌ 4 targets missed');
    expect(md).toContain('… and 3 more (see `coverage.json`).');
    expect(md).toContain("- `f0.ts`: `fn'0` (line 1), `fn'1` (line 2) and 1 more");
    expect(md).toContain('### Top 2 priorities');
    expect(md).not.toContain('- `f2.ts`');

    const one = renderSummaryMd(
      makeCoverage(specs.slice(0, 1), { failures: failing.targets.failures.slice(0, 1) }),
    );
    expect(one).toContain('❌ 1 target missed');
  });

  it('says when the priority files have no uncovered function', () => {
    const md = renderSummaryMd(makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 2] }]));
    expect(md).toContain('_Every function of these files is called at least once._');
  });

  it('skips a priority that names a file the report does not have', () => {
    const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 2] }]);
    coverage.priorities.ranked.push({
      path: 'ghost.ts',
      package: 'root',
      tier: 5,
      num_statements: 1,
      uncovered_statements: 1,
      percent_covered: 0,
    });
    const md = renderSummaryMd(coverage);
    expect(md).toContain('| 2 | `ghost.ts` |');
    expect(md).not.toContain('- `ghost.ts`');
  });

  it('puts hostile names in code spans so they render as text', () => {
    const md = renderSummaryMd(
      makeCoverage([
        { path: 'src/<img src=x onerror=alert(1)>|x`.ts', package: 'p', lines: [0, 1] },
      ]),
    );
    expect(md).toContain("`src/<img src=x onerror=alert(1)>\\|x'.ts`");
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/[<>]/);
  });
});

describe('escapeMarkdown', () => {
  it('escapes table and emphasis characters, entities and newlines', () => {
    expect(escapeMarkdown('a|b*c_d`e[f]g#h\\i&j\nk')).toBe(
      'a\\|b\\*c\\_d\\`e\\[f\\]g\\#h\\\\i&amp;j k',
    );
  });
});

describe('codeSpan', () => {
  it('wraps verbatim text, replacing backticks, pipes and newlines', () => {
    expect(codeSpan('a`b|c\r\nd<e>')).toBe("`a'b\\|c d<e>`");
  });
});

describe('appendStepSummary', () => {
  it('appends to $GITHUB_STEP_SUMMARY, adding a final newline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'step-summary-'));
    const file = join(dir, 'summary');
    await writeFile(file, 'earlier step\n');
    expect(await appendStepSummary('# one', { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(await appendStepSummary('# two\n', { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(await readFile(file, 'utf8')).toBe('earlier step\n# one\n# two\n');
  });

  it('reads process.env by default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'step-summary-env-'));
    const file = join(dir, 'summary');
    const saved = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      expect(await appendStepSummary('# env')).toBe(file);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = saved;
    }
    expect(await readFile(file, 'utf8')).toBe('# env\n');
  });

  it('does nothing when the variable is unset or empty', async () => {
    expect(await appendStepSummary('# x', {})).toBeUndefined();
    expect(await appendStepSummary('# x', { GITHUB_STEP_SUMMARY: '' })).toBeUndefined();
  });
});
