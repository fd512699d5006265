import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dashboardRows, renderDashboard } from '../../src/report/dashboard.js';
import type { CoverageJson } from '../../src/types.js';
import { makeCoverage, makeHistory, sampleCoverage } from '../helpers.js';

const HOSTILE = 'packages/evil/src/<img src=x onerror=alert(1)>.ts';
const CLOSER = 'packages/evil/src/</script><script>alert(2)</script><!--.ts';

interface Embedded {
  files: { path: string; target: string; delta: number | null }[];
  totals: unknown;
  targets: unknown;
  baseline: { file: string } | null;
  history: { date: string; commit: string | null; lines: number }[];
}

function embedded(html: string): Embedded {
  const m = /<script type="application\/json" id="coverage-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error('no embedded data');
  return JSON.parse(m[1]!) as Embedded;
}

function hostileCoverage(): CoverageJson {
  return makeCoverage([
    { path: HOSTILE, package: '<b>evil</b>', lines: [1, 2] },
    { path: CLOSER, package: '@atom/ok', lines: [2, 2] },
  ]);
}

describe('renderDashboard', () => {
  describe('escaping', () => {
    it('escapes hostile file and package names everywhere', () => {
      const html = renderDashboard({
        coverage: hostileCoverage(),
        history: makeHistory(2),
        fileLinks: { [HOSTILE]: 'html/evil/<img>.ts.html' },
      });
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<b>evil');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;.ts');
      expect(html).toContain('href="html/evil/%3Cimg%3E.ts.html"');
      // exactly the three scripts of the page (data, drill-down data, code), none opened by data
      expect(html.match(/<script/g)).toHaveLength(3);
      expect(html.match(/<\/script>/g)).toHaveLength(3);
      expect(html).not.toContain('<!--');
    });

    it('embeds the rows as JSON that parses back to the real names', () => {
      const html = renderDashboard({ coverage: hostileCoverage(), history: makeHistory(0) });
      expect(
        embedded(html)
          .files.map((f) => f.path)
          .sort(),
      ).toEqual([CLOSER, HOSTILE].sort());
    });

    test.prop([
      fc.array(fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }), {
        minLength: 1,
        maxLength: 8,
      }),
    ])('any file names round-trip through the embedded data and never break out', (names) => {
      const unique = [...new Set(names)].filter((n) => n !== '__proto__');
      const coverage = makeCoverage(unique.map((path) => ({ path, package: 'p', lines: [1, 1] })));
      const html = renderDashboard({ coverage, history: makeHistory(0) });
      expect(html.match(/<\/script>/g)).toHaveLength(3);
      expect(
        embedded(html)
          .files.map((f) => f.path)
          .sort(),
      ).toEqual([...unique].sort());
    });
  });

  describe('content', () => {
    const html = renderDashboard({ coverage: sampleCoverage(), history: makeHistory(4) });

    it('is self-contained: no external script, style, image or font', () => {
      expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
      expect(html).not.toMatch(/url\((?!#)/);
      expect(html).not.toMatch(/@import/);
      expect(html.startsWith('<!doctype html>')).toBe(true);
    });

    it('marks a failing total target on its card and in the status pill', () => {
      expect(html).toContain(
        '<span class="status failed" id="target-status" data-met="false">✗ 2 targets missed</span>',
      );
      expect(html).toMatch(
        /<div class="card failed" data-metric="lines">[^]*?✗ below 95% lines \(75\.1%\)/,
      );
      expect(html).toContain('<div class="card" data-metric="branches">');
      expect(html).toContain('Targets missed (2)');
      expect(html).toContain('<details open><summary>');
    });

    it('says when every target is met', () => {
      const ok = renderDashboard({
        coverage: makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 1] }]),
        history: makeHistory(1),
        title: 'My repo',
      });
      expect(ok).toContain('✓ All targets met');
      expect(ok).not.toContain('id="failures"');
      expect(ok).toContain('<h1>My repo</h1>');
      expect(ok).toContain('Trend (1 run)');
      expect(ok).toContain('Nothing to do: every statement is covered.');
      expect(ok).toContain('1 input ·');
    });

    it('has one file row per file, the failing one marked', () => {
      const rows = html.match(/<tr data-index=/g);
      expect(rows).toHaveLength(3);
      expect(html).toMatch(
        /<tr data-index="\d" data-path="packages\/engine\/src\/graph\.ts" class="failed">/,
      );
      expect(html).toContain('title="✗ below 95% lines (75.0%)">✗ lines</span>');
      expect(html).toContain('Showing 3 of 3 files');
    });

    it('lists packages, priorities, tiers and the files at 0%', () => {
      expect(html).toContain('<code>@atom/models</code>');
      expect(html).toMatch(/id="priority-table"[^]*graph\.ts[^]*schema\.ts/);
      expect(html).toContain('At 0% (1)');
      expect(html).toContain('Tier 5');
    });

    it('embeds the totals, targets and plotted history as data', () => {
      const coverage = sampleCoverage();
      const data = embedded(
        renderDashboard({
          coverage,
          history: { format: 1, entries: [{ ...makeHistory(1).entries[0]!, commit: undefined }] },
        }),
      );
      expect(data.totals).toEqual(coverage.totals);
      expect(data.targets).toEqual(coverage.targets);
      expect(data.baseline).toBeNull();
      expect(data.history).toEqual([
        { date: '2026-01-01T00:00:00.000Z', commit: null, lines: 70, branches: 60 },
      ]);
      expect(embedded(html).history.map((h) => h.commit)).toEqual(
        makeHistory(4).entries.map((e) => e.commit),
      );
    });

    it('draws the trend with one point per history entry', () => {
      expect(html.match(/data-series="lines"/g)).toHaveLength(4);
      expect(html).toContain('Trend (4 runs)');
    });

    it('shows the empty trend state for an empty history', () => {
      const empty = renderDashboard({ coverage: sampleCoverage(), history: makeHistory(0) });
      expect(empty).toContain('No history yet');
      expect(empty).not.toContain('class="legend"');
    });

    it('links files that have an istanbul page and not the others', () => {
      const linked = renderDashboard({
        coverage: sampleCoverage(),
        history: makeHistory(0),
        fileLinks: { 'packages/engine/src/run.ts': 'html/engine/src/run.ts.html' },
      });
      expect(linked).toContain(
        '<a href="html/engine/src/run.ts.html"><code>packages/engine/src/run.ts</code></a>',
      );
      expect(linked).not.toContain('href="html/models');
    });

    it('limits the priority list', () => {
      const one = renderDashboard({
        coverage: sampleCoverage(),
        history: makeHistory(0),
        topPriorities: 1,
      });
      expect(one.match(/<tr><td class="num">\d+<\/td><td class="path">/g)).toHaveLength(1);
    });
  });

  describe('baseline', () => {
    it('without a baseline shows no deltas and says how to get one', () => {
      const html = renderDashboard({ coverage: sampleCoverage(), history: makeHistory(0) });
      expect(html).toContain('No baseline');
      expect(html).not.toContain('vs baseline');
      expect(embedded(html).files.every((f) => f.delta === null)).toBe(true);
    });

    it('with a baseline shows arrows per file and on the totals, and new files', () => {
      const coverage = sampleCoverage({
        baseline: {
          file: 'coverage-baseline.json',
          totals_delta: { lines: -0.8, branches: 1.5, statements: 0 },
          files: {
            'packages/engine/src/graph.ts': { lines: -2.25 },
            'packages/engine/src/run.ts': { lines: 1.5 },
          },
          new_files: ['packages/models/src/schema.ts'],
          removed_files: ['packages/old.ts'],
        },
      });
      const html = renderDashboard({ coverage, history: makeHistory(0) });
      expect(html).toContain('<span class="down">▼ −2.3</span>');
      expect(html).toContain('<span class="up">▲ +1.5</span>');
      expect(html).toContain('<span class="new">new</span>');
      expect(html).toContain(
        '<span class="down">▼ −0.8</span> <span class="same">vs baseline</span>',
      );
      expect(html).toContain(
        '<span class="same">= 0.0</span> <span class="same">vs baseline</span>',
      );
      expect(html).toContain('1 new, 1 removed file.');
      expect(embedded(html).baseline?.file).toBe('coverage-baseline.json');
      const deltas = Object.fromEntries(embedded(html).files.map((f) => [f.path, f.delta]));
      expect(deltas['packages/engine/src/graph.ts']).toBe(-2.25);
      expect(deltas['packages/models/src/schema.ts']).toBeNull();
    });
  });

  describe('many failures', () => {
    it('caps the failure table and says how many more', () => {
      const specs = Array.from({ length: 205 }, (_, i) => ({
        path: `f${String(i).padStart(3, '0')}.ts`,
        package: 'root',
        lines: [1, 2] as const,
      }));
      const coverage = makeCoverage(specs, {
        failures: specs.map((s) => ({
          scope: 'file' as const,
          name: s.path,
          rule: '**/*.ts',
          metric: 'branches' as const,
          actual: 3,
          required: -2,
          kind: 'threshold' as const,
        })),
      });
      const html = renderDashboard({ coverage, history: makeHistory(0) });
      expect(html).toContain('… and 5 more');
      expect(html).toContain('<details><summary>'); // long lists start folded
      expect(html).toContain('205 targets missed');
    });

    it('labels a regression in the file table with a down arrow', () => {
      const coverage = makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 2] }], {
        failures: [
          {
            scope: 'file',
            name: 'a.ts',
            rule: 'baseline',
            metric: 'lines',
            actual: -2,
            required: -0.5,
            kind: 'regression',
          },
          {
            scope: 'file',
            name: 'a.ts',
            rule: 'baseline',
            metric: 'branches',
            actual: -1,
            required: -0.5,
            kind: 'regression',
          },
        ],
      });
      const html = renderDashboard({ coverage, history: makeHistory(0) });
      expect(html).toContain(
        'title="✗ lines dropped 2.0 pp (max 0.5); ✗ branches dropped 1.0 pp (max 0.5)">✗ lines ↓, branches ↓</span>',
      );
    });

    it('says "1 target missed" and marks a file whose own target failed', () => {
      const coverage = makeCoverage(
        [
          {
            path: 'a.ts',
            package: 'root',
            lines: [1, 2],
            target: { rule: 'a.ts', thresholds: { lines: 90 }, met: false },
          },
        ],
        {
          failures: [
            {
              scope: 'package',
              name: 'root',
              rule: 'packages.root',
              metric: 'lines',
              actual: 50,
              required: 90,
              kind: 'threshold',
            },
          ],
        },
      );
      const html = renderDashboard({ coverage, history: makeHistory(0) });
      expect(html).toContain('✗ 1 target missed');
      expect(html).toContain('title="file target missed">✗ missed</span>');
      expect(html).toMatch(/<tr class="failed"><td class="path"><code>root<\/code>/);
    });
  });
});

describe('dashboardRows', () => {
  it('derives one sorted row per file with its target state', () => {
    const rows = dashboardRows(sampleCoverage());
    expect(rows.map((r) => [r.path, r.target, r.uncovered])).toEqual([
      ['packages/engine/src/graph.ts', 'failed', 60],
      ['packages/engine/src/run.ts', 'met', 2],
      ['packages/models/src/schema.ts', 'none', 30],
    ]);
  });
});
