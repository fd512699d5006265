import { describe, expect, it } from 'vitest';
import { dashboardRows, renderDashboard } from '../../src/report/dashboard.js';
import type { CoverageJson, TargetFailure } from '../../src/types.js';
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
const TOTAL_BRANCHES: TargetFailure = {
  scope: 'total',
  name: 'total',
  rule: 'total',
  metric: 'branches',
  actual: 80,
  required: 90,
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

/** p/a.ts (package pa): lines 95%, branches 80%; p/b.ts (package pb): 0 of 4 lines. */
function small(failures: TargetFailure[] = [], commit?: string): CoverageJson {
  return makeCoverage(
    [
      { path: 'p/a.ts', package: 'pa', lines: [19, 20], branches: [8, 10], functions: [1, 1] },
      { path: 'p/b.ts', package: 'pb', lines: [0, 4] },
    ],
    commit === undefined ? { failures } : { failures, commit },
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

/** The page with the inline style, code and chart replaced by placeholders. */
function skeleton(html: string): string {
  return html
    .replace(/<style>[^]*?<\/style>/, '<style>…</style>')
    .replace(/<script>[^]*?<\/script>/, '<script>…</script>')
    .replace(/<svg[^]*?<\/svg>/, '<svg>…</svg>');
}

function failure(i: number): TargetFailure {
  return { ...FILE_B_LINES, name: `f${String(i).padStart(3, '0')}.ts` };
}

describe('renderDashboard page', () => {
  it('wraps the sections in a complete document, ending with a newline', () => {
    const html = skeleton(renderDashboard({ coverage: small(), history: makeHistory(0) }));
    expect(
      html.startsWith(
        [
          '<!doctype html>',
          '<html lang="en">',
          '<head>',
          '<meta charset="utf-8">',
          '<meta name="viewport" content="width=device-width, initial-scale=1">',
          '<title>Coverage report · 79.1% lines</title>',
          '<style>…</style>',
          '</head>',
          '<body>',
          '<main>',
          '<header>',
          '<h1>Coverage report</h1>',
          '<span class="status met" id="target-status" data-met="true">✓ All targets met</span>',
          '<div class="meta">generated 2026-12-01T12:00:00.000Z · 2 inputs · 2 packages · 2 files · @atom/coverage-report 0.0.0</div>',
          '</header>',
          '<div class="cards" id="totals">',
        ].join('\n'),
      ),
    ).toBe(true);
    // no failures: an empty line where the failures panel would be
    expect(html).toContain('</div></div>\n\n<section class="panel" id="trend-panel">\n');
    expect(html).toContain(
      '</section>\n</main>\n<script type="application/json" id="coverage-data">',
    );
    expect(html).toContain('<script type="application/json" id="drill-data">{}</script>');
    expect(html.endsWith('</script>\n<script>…</script>\n</body>\n</html>\n')).toBe(true);
  });

  it('uses the given title and embeds the given drill-down data', () => {
    const html = renderDashboard({
      coverage: small(),
      history: makeHistory(0),
      title: 'Repo <x>',
      drillDown: { 'p/b.ts': { reason: 'uncovered', missing: [[1, 4]], hunks: null, omitted: 0 } },
    });
    expect(html).toContain('<title>Repo &lt;x&gt; · 79.1% lines</title>');
    expect(html).toContain('<h1>Repo &lt;x&gt;</h1>');
    expect(html).toContain(
      '<script type="application/json" id="drill-data">{"p/b.ts":{"reason":"uncovered","missing":[[1,4]],"hunks":null,"omitted":0}}</script>',
    );
  });

  it('shows the first 12 characters of the commit and pluralises inputs', () => {
    const html = renderDashboard({
      coverage: small([], '0123456789abcdef'),
      history: makeHistory(0),
    });
    expect(html).toContain(
      '<div class="meta">generated 2026-12-01T12:00:00.000Z · commit <code>0123456789ab</code> · 2 inputs · 2 packages · 2 files · @atom/coverage-report 0.0.0</div>',
    );
    const one = renderDashboard({
      coverage: makeCoverage([{ path: 'a.ts', package: 'root', lines: [1, 1] }]),
      history: makeHistory(0),
    });
    expect(one).toContain(' · 1 input · 1 packages · 1 files · ');
  });
});

describe('totals cards', () => {
  it('draws one card per metric with level colours, clamped bars and the total misses', () => {
    const coverage = small([FILE_B_LINES, TOTAL_BRANCHES, PACKAGE_PA]);
    const html = renderDashboard({ coverage, history: makeHistory(0) });
    expect(cut(html, '<div class="cards" id="totals">', '</div></div>\n<section')).toBe(
      [
        '<div class="cards" id="totals"><div class="card" data-metric="lines"><div class="label">Lines</div><div class="value">79.1%</div><span class="bar"><span class="bad" style="width:79.2%"></span></span><div class="counts">19 / 24</div></div>',
        '<div class="card" data-metric="statements"><div class="label">Statements</div><div class="value">79.1%</div><span class="bar"><span class="bad" style="width:79.2%"></span></span><div class="counts">19 / 24</div></div>',
        '<div class="card failed" data-metric="branches"><div class="label">Branches</div><div class="value">80.0%</div><span class="bar"><span class="warn" style="width:80.0%"></span></span><div class="counts">8 / 10</div><div class="miss">✗ below 90% branches (80.0%)</div></div>',
        '<div class="card" data-metric="functions"><div class="label">Functions</div><div class="value">100.0%</div><span class="bar"><span class="good" style="width:100.0%"></span></span><div class="counts">1 / 1</div></div>',
        '<div class="card" data-metric="percent_covered"><div class="label">Overall</div><div class="value">79.4%</div><span class="bar"><span class="bad" style="width:79.4%"></span></span><div class="counts">27 / 34</div></div></div>',
        '<section',
      ].join('\n'),
    );
  });

  it('shows the total deltas against the baseline; an absent metric gets none', () => {
    const coverage = small();
    coverage.baseline = {
      file: 'b.json',
      totals_delta: { lines: 1.25 },
      files: {},
      new_files: [],
      removed_files: [],
    };
    const html = renderDashboard({ coverage, history: makeHistory(0) });
    expect(html).toContain(
      '<div class="counts">19 / 24 · <span class="up">▲ +1.3</span> <span class="same">vs baseline</span></div></div>\n<div class="card" data-metric="statements">',
    );
    expect(html).toContain('<div class="counts">8 / 10</div></div>');
  });
});

describe('failures panel', () => {
  it('lists every missed target, linking only file-scope names', () => {
    const links = { 'p/b.ts': 'html/p/b.ts.html', total: 'html/total.html' };
    const html = renderDashboard({
      coverage: small([FILE_B_LINES, TOTAL_BRANCHES, PACKAGE_PA]),
      history: makeHistory(0),
      fileLinks: links,
    });
    expect(html).toContain(
      '<span class="status failed" id="target-status" data-met="false">✗ 3 targets missed</span>',
    );
    expect(cut(html, '</div></div>\n<section class="panel" id="failures">', '</section>')).toBe(
      [
        '</div></div>',
        '<section class="panel" id="failures">',
        '<details open><summary><h2><span class="badge-fail">✗</span> Targets missed (3)</h2></summary>',
        '<table><thead><tr><th>Scope</th><th>Name</th><th>Rule</th><th>Kind</th><th>Why</th></tr></thead><tbody>',
        '<tr class="failed"><td>file</td><td class="path"><a href="html/p/b.ts.html"><code>p/b.ts</code></a></td><td><code>p/**</code></td><td>threshold</td><td class="fail">✗ below 80% lines (0.0%)</td></tr>',
        '<tr class="failed"><td>total</td><td class="path"><code>total</code></td><td><code>total</code></td><td>threshold</td><td class="fail">✗ below 90% branches (80.0%)</td></tr>',
        '<tr class="failed"><td>package</td><td class="path"><code>pa</code></td><td><code>packages.pa</code></td><td>threshold</td><td class="fail">✗ below 101% functions (100.0%)</td></tr>',
        '</tbody></table>',
        '',
        '</details>',
        '</section>',
      ].join('\n'),
    );
    expect(html).toContain('</section>\n<section class="panel" id="trend-panel">');
  });

  it('opens the list up to 12 failures and folds it from 13', () => {
    const twelve = renderDashboard({
      coverage: small(Array.from({ length: 12 }, (_, i) => failure(i))),
      history: makeHistory(0),
    });
    expect(twelve).toContain(
      '<details open><summary><h2><span class="badge-fail">✗</span> Targets missed (12)</h2>',
    );
    const thirteen = renderDashboard({
      coverage: small(Array.from({ length: 13 }, (_, i) => failure(i))),
      history: makeHistory(0),
    });
    expect(thirteen).toContain(
      '<details><summary><h2><span class="badge-fail">✗</span> Targets missed (13)</h2>',
    );
  });

  it('shows exactly 200 failures without a "more" note and counts the rest past 200', () => {
    const exact = renderDashboard({
      coverage: small(Array.from({ length: 200 }, (_, i) => failure(i))),
      history: makeHistory(0),
    });
    expect(exact.match(/<tr class="failed"><td>file<\/td>/g)).toHaveLength(200);
    expect(exact).toContain('</tbody></table>\n\n</details>');
    const over = renderDashboard({
      coverage: small(Array.from({ length: 201 }, (_, i) => failure(i))),
      history: makeHistory(0),
    });
    expect(over.match(/<tr class="failed"><td>file<\/td>/g)).toHaveLength(200);
    expect(over).toContain(
      '</tbody></table>\n<p class="note">… and 1 more (see <code>coverage.json</code>).</p>\n</details>',
    );
  });
});

describe('trend panel', () => {
  it('has a legend for one run and none for an empty history', () => {
    const one = skeleton(renderDashboard({ coverage: small(), history: makeHistory(1) }));
    expect(cut(one, '<section class="panel" id="trend-panel">', '</section>')).toBe(
      [
        '<section class="panel" id="trend-panel">',
        '<h2>Trend (1 run)</h2>',
        '<svg>…</svg>',
        '<div class="legend"><span class="l-lines">lines</span><span class="l-branches">branches</span></div>',
        '</section>',
      ].join('\n'),
    );
    const none = renderDashboard({ coverage: small(), history: makeHistory(0) });
    expect(cut(none, '<section class="panel" id="trend-panel">', '</section>')).toBe(
      [
        '<section class="panel" id="trend-panel">',
        '<h2>Trend (0 runs)</h2>',
        '<p class="empty" id="trend-empty">No history yet: the trend appears after the first run that appends to <code>history.json</code>.</p>',
        '',
        '</section>',
      ].join('\n'),
    );
  });
});

describe('dashboardRows', () => {
  it('sorts rows by path whatever the order of the files', () => {
    const sorted = makeCoverage([
      { path: 'b.ts', package: 'p', lines: [1, 2] },
      { path: 'c.ts', package: 'p', lines: [2, 2] },
      { path: 'a.ts', package: 'p', lines: [0, 2] },
    ]);
    const files = sorted.files;
    sorted.files = { 'c.ts': files['c.ts']!, 'a.ts': files['a.ts']!, 'b.ts': files['b.ts']! };
    expect(dashboardRows(sorted).map((r) => r.path)).toEqual(['a.ts', 'b.ts', 'c.ts']);
    const reversed = {
      ...sorted,
      files: { 'c.ts': files['c.ts']!, 'b.ts': files['b.ts']!, 'a.ts': files['a.ts']! },
    };
    expect(dashboardRows(reversed).map((r) => r.path)).toEqual(['a.ts', 'b.ts', 'c.ts']);
  });

  it('fails a row only for a file-scope failure, not a total one of the same name', () => {
    const coverage = makeCoverage([{ path: 'total', package: 'scripts', lines: [1, 2] }], {
      failures: [{ ...TOTAL_BRANCHES, metric: 'lines' }],
    });
    expect(dashboardRows(coverage).map((r) => [r.path, r.target])).toEqual([['total', 'none']]);
  });

  it('gives a file missing from the baseline a null delta, and rounds the others', () => {
    const coverage = small();
    coverage.baseline = {
      file: 'b.json',
      totals_delta: {},
      files: { 'p/a.ts': { lines: -1.23456 } },
      new_files: [],
      removed_files: [],
    };
    expect(dashboardRows(coverage).map((r) => [r.path, r.delta])).toEqual([
      ['p/a.ts', -1.235],
      ['p/b.ts', null],
    ]);
  });
});
