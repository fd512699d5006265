import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../src/report/dashboard.js';
import type { BaselineComparison, CoverageJson, TargetFailure } from '../../src/types.js';
import { makeCoverage, makeHistory } from '../helpers.js';

// Every page is rendered inside its own test, so each test exercises the code it asserts on.

const FILE_B_LINES: TargetFailure = {
  scope: 'file',
  name: 'p/b.ts',
  rule: 'p/**',
  metric: 'lines',
  actual: 0,
  required: 80,
  kind: 'threshold',
};
const PACKAGE_PA: TargetFailure = {
  scope: 'package',
  name: 'pa',
  rule: 'packages.pa',
  metric: 'functions',
  actual: 100,
  required: 101,
  kind: 'threshold',
};
/** A total-scope failure: its name `total` is also the name of a package below. */
const TOTAL_LINES: TargetFailure = {
  scope: 'total',
  name: 'total',
  rule: 'total',
  metric: 'lines',
  actual: 79,
  required: 80,
  kind: 'threshold',
};

/**
 * Package pa: p/a.ts (lines 95%, branches 80%) and p/c.ts (full, its own target met); package pb:
 * p/b.ts at 0%; package `total`: q/d.ts (full).
 */
function sample(baseline?: BaselineComparison): CoverageJson {
  return makeCoverage(
    [
      { path: 'p/a.ts', package: 'pa', lines: [19, 20], branches: [8, 10], functions: [1, 1] },
      {
        path: 'p/c.ts',
        package: 'pa',
        lines: [5, 5],
        target: { rule: 'p/c.ts', thresholds: { lines: 90 }, met: true },
      },
      { path: 'p/b.ts', package: 'pb', lines: [0, 4] },
      { path: 'q/d.ts', package: 'total', lines: [3, 3] },
    ],
    baseline === undefined
      ? { failures: [FILE_B_LINES, PACKAGE_PA, TOTAL_LINES] }
      : { failures: [FILE_B_LINES, PACKAGE_PA, TOTAL_LINES], baseline },
  );
}

/** The text from `start` up to and including the first `end` after it. */
function cut(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from).toBeGreaterThanOrEqual(0);
  const to = html.indexOf(end, from + start.length);
  expect(to).toBeGreaterThanOrEqual(0);
  return html.slice(from, to + end.length);
}

const bar = (pct: string, level: string, width = pct): string =>
  `<td class="num"><span class="pct">${pct}%</span><span class="bar"><span class="${level}" style="width:${width}%"></span></span></td>`;

describe('packages panel', () => {
  it("counts files per package and marks packages failed by their own or their files' targets", () => {
    const html = renderDashboard({ coverage: sample(), history: makeHistory(0) });
    expect(cut(html, '<section class="panel" id="packages">', '</section>')).toBe(
      [
        '<section class="panel" id="packages">',
        '<h2>Packages</h2>',
        '<table><thead><tr><th>Package</th><th class="num">Files</th><th class="num">Lines</th><th class="num">Statements</th><th class="num">Branches</th><th class="num">Functions</th><th class="num">Overall</th><th>Targets</th></tr></thead><tbody>',
        `<tr class="failed"><td class="path"><code>pa</code></td><td class="num">2</td>${bar('96.0', 'good')}${bar('96.0', 'good')}${bar('80.0', 'warn')}${bar('100.0', 'good')}${bar('91.4', 'warn', '91.4')}<td><span class="fail">✗</span></td></tr>`,
        `<tr class="failed"><td class="path"><code>pb</code></td><td class="num">1</td>${bar('0.0', 'bad')}${bar('0.0', 'bad')}${bar('100.0', 'good')}${bar('100.0', 'good')}${bar('0.0', 'bad')}<td><span class="fail">✗</span></td></tr>`,
        `<tr><td class="path"><code>total</code></td><td class="num">1</td>${bar('100.0', 'good')}${bar('100.0', 'good')}${bar('100.0', 'good')}${bar('100.0', 'good')}${bar('100.0', 'good')}<td><span class="ok">✓</span></td></tr>`,
        '</tbody></table>',
        '</section>',
      ].join('\n'),
    );
  });
});

describe('packages panel order', () => {
  it('lists packages by name whatever their order in coverage.json', () => {
    const coverage = sample();
    const { pa, pb, total } = coverage.packages;
    coverage.packages = { total: total!, pb: pb!, pa: pa! };
    const html = renderDashboard({ coverage, history: makeHistory(0) });
    const names = [
      ...cut(html, 'id="packages"', '</section>').matchAll(
        /<tr[^>]*><td class="path"><code>([^<]+)</g,
      ),
    ];
    expect(names.map((m) => m[1])).toEqual(['pa', 'pb', 'total']);
  });
});

describe('priorities panel', () => {
  it('ranks the files with uncovered statements, lists the tiers and the files at 0%', () => {
    const html = renderDashboard({ coverage: sample(), history: makeHistory(0) });
    expect(cut(html, '</section>\n<div class="grid2">', '</div>\n<section')).toBe(
      [
        '</section>',
        '<div class="grid2">',
        '<section class="panel" id="priorities"><h2>Priorities: most uncovered statements</h2><table id="priority-table"><thead><tr><th class="num">#</th><th>File</th><th>Package</th><th class="num">Tier</th><th class="num">Uncovered</th><th class="num">Overall</th></tr></thead><tbody>' +
          `<tr><td class="num">1</td><td class="path"><code>p/b.ts</code></td><td><code>pb</code></td><td class="num">5</td><td class="num">4 / 4</td>${bar('0.0', 'bad')}</tr>`,
        `<tr><td class="num">2</td><td class="path"><code>p/a.ts</code></td><td><code>pa</code></td><td class="num">5</td><td class="num">1 / 20</td>${bar('90.0', 'warn')}</tr></tbody></table></section>`,
        '<section class="panel" id="tiers"><h2>Size tiers</h2><table><thead><tr><th>Tier</th><th class="num">Statements</th><th class="num">Files</th><th class="num">Covered</th><th class="num">%</th></tr></thead><tbody>' +
          [1, 2, 3, 4]
            .map(
              (t) =>
                `<tr><td>Tier ${t}</td><td class="num">≥ ${[500, 300, 200, 100][t - 1]}</td><td class="num">0</td><td class="num">0 / 0</td><td class="num">100.0%</td></tr>`,
            )
            .join('') +
          '<tr><td>Tier 5</td><td class="num">≥ 0</td><td class="num">4</td><td class="num">27 / 32</td><td class="num">84.3%</td></tr></tbody></table>' +
          '<h2>At 0% (1)</h2><ul class="zero"><li><code>p/b.ts</code> <span class="same">(4)</span></li></ul></section>',
        '</div>',
        '<section',
      ].join('\n'),
    );
  });

  it('has no 0% list when no file is at 0%, and links the listed files', () => {
    const coverage = makeCoverage([
      { path: 'a.ts', package: 'p', lines: [1, 2] },
      { path: 'y.ts', package: 'p', lines: [0, 1] },
      { path: 'z.ts', package: 'p', lines: [0, 3] },
    ]);
    const html = renderDashboard({
      coverage,
      history: makeHistory(0),
      fileLinks: { 'z.ts': 'html/z.ts.html' },
    });
    expect(html).toContain(
      '<h2>At 0% (2)</h2><ul class="zero"><li><code>y.ts</code> <span class="same">(1)</span></li><li><a href="html/z.ts.html"><code>z.ts</code></a> <span class="same">(3)</span></li></ul></section>',
    );
    const none = renderDashboard({
      coverage: makeCoverage([{ path: 'a.ts', package: 'p', lines: [1, 2] }]),
      history: makeHistory(0),
    });
    expect(none).toContain('<td class="num">50.0%</td></tr></tbody></table></section>\n</div>');
  });
});

describe('files panel', () => {
  it('renders controls, sortable headers, one row per file and the no-baseline note', () => {
    const html = renderDashboard({
      coverage: sample(),
      history: makeHistory(0),
      fileLinks: { 'p/c.ts': 'html/p/c.ts.html' },
      drillDown: { 'p/b.ts': { reason: 'failed', missing: [[1, 4]], hunks: null, omitted: 0 } },
    });
    const same = '<span class="same">–</span>';
    expect(cut(html, '<section class="panel" id="files">', '</section>\n</main>')).toBe(
      [
        '<section class="panel" id="files">',
        '<h2>Files</h2>',
        '<div class="controls">',
        '<input type="search" id="file-filter" placeholder="Filter by path or package…" aria-label="Filter files">',
        '<label><input type="checkbox" id="only-failing"> failing targets only</label>',
        '<span class="meta" id="file-count">Showing 4 of 4 files</span>',
        '</div>',
        '<table id="file-table"><thead><tr>',
        '<th data-key="path" aria-sort="none"><button type="button">File</button></th>',
        '<th data-key="package" aria-sort="none"><button type="button">Package</button></th>',
        '<th data-key="lines" class="num" aria-sort="none"><button type="button">Lines</button></th>',
        '<th data-key="branches" class="num" aria-sort="none"><button type="button">Branches</button></th>',
        '<th data-key="functions" class="num" aria-sort="none"><button type="button">Functions</button></th>',
        '<th data-key="uncovered" class="num" aria-sort="none"><button type="button">Uncovered</button></th>',
        '<th data-key="delta" class="num" aria-sort="none"><button type="button">Δ lines</button></th>',
        '<th data-key="target" aria-sort="none"><button type="button">Target</button></th>',
        '</tr></thead><tbody>',
        `<tr data-index="0" data-path="p/a.ts"><td class="path"><code>p/a.ts</code></td><td><code>pa</code></td><td class="num good">95.0%</td><td class="num warn">80.0%</td><td class="num good">100.0%</td><td class="num">1</td><td class="num">${same}</td><td>${same}</td></tr>`,
        `<tr data-index="1" data-path="p/b.ts" class="failed"><td class="path"><code>p/b.ts</code> <button type="button" class="drill" data-path="p/b.ts">uncovered</button></td><td><code>pb</code></td><td class="num bad">0.0%</td><td class="num good">100.0%</td><td class="num good">100.0%</td><td class="num">4</td><td class="num">${same}</td><td><span class="badge-fail" title="✗ below 80% lines (0.0%)">✗ lines</span></td></tr>`,
        `<tr data-index="2" data-path="p/c.ts"><td class="path"><a href="html/p/c.ts.html"><code>p/c.ts</code></a></td><td><code>pa</code></td><td class="num good">100.0%</td><td class="num good">100.0%</td><td class="num good">100.0%</td><td class="num">0</td><td class="num">${same}</td><td><span class="ok">✓</span></td></tr>`,
        `<tr data-index="3" data-path="q/d.ts"><td class="path"><code>q/d.ts</code></td><td><code>total</code></td><td class="num good">100.0%</td><td class="num good">100.0%</td><td class="num good">100.0%</td><td class="num">0</td><td class="num">${same}</td><td>${same}</td></tr>`,
        '</tbody></table>',
        '<p class="note" id="baseline-note">No baseline: deltas appear once a baseline exists (<code>--update-baseline</code>).</p>',
        '</section>',
        '<section class="panel" id="drill-down" hidden><h2 id="drill-title"></h2><p class="note" id="drill-note"></p><div id="drill-source"></div></section>',
        '</main>',
      ].join('\n'),
    );
  });

  it('shows baseline deltas, new files and the removed count in the note', () => {
    const html = renderDashboard({
      coverage: sample({
        file: 'base.json',
        totals_delta: {},
        files: { 'p/a.ts': { lines: -2 }, 'p/b.ts': { lines: 0.01 } },
        new_files: ['q/d.ts'],
        removed_files: ['x.ts', 'y.ts'],
      }),
      history: makeHistory(0),
    });
    const deltas = [
      ...html.matchAll(
        /data-path="([^"]+)"[^\n]*<td class="num">(<span[^\n]*?<\/span>)<\/td><td>/g,
      ),
    ].map((m) => [m[1], m[2]]);
    expect(deltas).toEqual([
      ['p/a.ts', '<span class="down">▼ −2.0</span>'],
      ['p/b.ts', '<span class="same">= 0.0</span>'],
      ['p/c.ts', '<span class="same">–</span>'],
      ['q/d.ts', '<span class="new">new</span>'],
    ]);
    expect(html).toContain(
      '<p class="note" id="baseline-note">Δ lines against <code>base.json</code>: 1 new, 2 removed files.</p>',
    );
  });

  it('explains a failed row by its file failures only, not a same-named total failure', () => {
    const coverage = makeCoverage(
      [
        {
          path: 'total',
          package: 'scripts',
          lines: [1, 2],
          target: { rule: 'total', thresholds: { lines: 90 }, met: false },
        },
      ],
      { failures: [TOTAL_LINES] },
    );
    const html = renderDashboard({ coverage, history: makeHistory(0) });
    expect(html).toContain(
      '<td><span class="badge-fail" title="file target missed">✗ missed</span></td></tr>',
    );
  });
});
