import type { CoverageJson, CoverageSummary, History, Metric, TargetFailure } from '../types.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { DASHBOARD_STYLE } from './dashboard-style.js';
import {
  METRIC_LABELS,
  countsOf,
  deltaDirection,
  describeFailure,
  formatDelta,
  formatPercent,
  percentOf,
} from './format.js';
import type { DrillDownEntry } from './drill-down.js';
import { escapeHtml, jsonForScript } from './html-escape.js';
import { renderTrendChart } from './trend-chart.js';

/** What {@link renderDashboard} draws. */
export interface DashboardInput {
  coverage: CoverageJson;
  /** The runs to plot, oldest first (normally including this run). */
  history: History;
  /**
   * Repo-relative source path → URL of istanbul's per-file html page, relative to the dashboard
   * (e.g. `html/packages/a/src/x.ts.html`). Files without an entry get no link. Default none.
   */
  fileLinks?: Readonly<Record<string, string>>;
  /**
   * Per-file drill-down (see `buildDrillDown`): files listed here get a button that shows their
   * uncovered lines, with source excerpts, in the page itself. Default none.
   */
  drillDown?: Readonly<Record<string, DrillDownEntry>>;
  /** Page title. Default `"Coverage report"`. */
  title?: string;
  /** Number of files in the priority list. Default 15. */
  topPriorities?: number;
}

/** One row of the file table, as embedded in the page's JSON for sorting and filtering. */
export interface DashboardFileRow {
  path: string;
  package: string;
  lines: number;
  statements: number;
  branches: number;
  functions: number;
  overall: number;
  /** Uncovered statements. */
  uncovered: number;
  /** Line-coverage delta against the baseline in pp; `null` without a baseline or for a new file. */
  delta: number | null;
  /** `failed` when a file target or regression check failed, `met` when a rule applied and passed. */
  target: 'met' | 'failed' | 'none';
}

/** The metrics shown as columns, in order. */
const COLUMN_METRICS: readonly Metric[] = [
  'lines',
  'statements',
  'branches',
  'functions',
  'percent_covered',
];

/** Bar colour class of a percentage. */
function level(percent: number): 'good' | 'warn' | 'bad' {
  if (percent >= 95) return 'good';
  if (percent >= 80) return 'warn';
  return 'bad';
}

/** A percentage with a small bar. */
function pctCell(percent: number): string {
  const width = Math.min(100, Math.max(0, percent)).toFixed(1);
  return `<td class="num"><span class="pct">${formatPercent(percent)}</span><span class="bar"><span class="${level(percent)}" style="width:${width}%"></span></span></td>`;
}

/** A compact percentage cell of the file table (no bar: thousands of rows stay small). */
function pctText(percent: number): string {
  return `<td class="num ${level(percent)}">${formatPercent(percent)}</td>`;
}

/** Three decimals: enough to sort by, a third of the bytes of a full double in the page's JSON. */
function short(percent: number): number {
  return Math.round(percent * 1000) / 1000;
}

/** Percent-encodes each segment of a relative URL. */
function encodeHref(href: string): string {
  return href.split('/').map(encodeURIComponent).join('/');
}

/** The path, linked to istanbul's page when there is one. */
function pathLink(path: string, links: Readonly<Record<string, string>>): string {
  const href = Object.hasOwn(links, path) ? links[path] : undefined;
  const text = escapeHtml(path);
  return href === undefined
    ? `<code>${text}</code>`
    : `<a href="${escapeHtml(encodeHref(href))}"><code>${text}</code></a>`;
}

/** A delta cell with an arrow. */
function deltaSpan(delta: number | null | undefined, isNew: boolean): string {
  if (isNew) return '<span class="new">new</span>';
  if (delta === null || delta === undefined) return '<span class="same">–</span>';
  return `<span class="${deltaDirection(delta)}">${formatDelta(delta)}</span>`;
}

/** The rows of the file table. */
export function dashboardRows(coverage: CoverageJson): DashboardFileRow[] {
  const failedFiles = new Set(
    coverage.targets.failures.filter((f) => f.scope === 'file').map((f) => f.name),
  );
  return Object.entries(coverage.files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, file]) => {
      const s = file.summary;
      const delta = coverage.baseline?.files[path]?.lines;
      const failed = failedFiles.has(path) || file.target?.met === false;
      return {
        path,
        package: file.package,
        lines: short(s.percent_lines_covered),
        statements: short(s.percent_statements_covered),
        branches: short(s.percent_branches_covered),
        functions: short(s.percent_functions_covered),
        overall: short(s.percent_covered),
        uncovered: s.num_statements - s.covered_statements,
        delta: delta === undefined ? null : short(delta),
        target: failed ? 'failed' : file.target === undefined ? 'none' : 'met',
      };
    });
}

/**
 * Everything the page shows, as embedded in `#coverage-data`: meta, totals, packages, targets,
 * the baseline comparison without per-file deltas (those are in the rows), priorities, the
 * plotted history (date, commit, line and branch percentages) and the file rows.
 */
function dashboardData(
  coverage: CoverageJson,
  history: History,
  rows: readonly DashboardFileRow[],
): unknown {
  const { baseline } = coverage;
  return {
    meta: coverage.meta,
    totals: coverage.totals,
    packages: coverage.packages,
    targets: coverage.targets,
    baseline:
      baseline === undefined
        ? null
        : {
            file: baseline.file,
            totals_delta: baseline.totals_delta,
            new_files: baseline.new_files,
            removed_files: baseline.removed_files,
          },
    priorities: coverage.priorities,
    history: history.entries.map((e) => ({
      date: e.date,
      commit: e.commit ?? null,
      lines: e.totals.percent_lines_covered,
      branches: e.totals.percent_branches_covered,
    })),
    files: rows,
  };
}

/** The totals cards, one per metric, with the total-scope failures under the failing ones. */
function totalsCards(coverage: CoverageJson, failures: readonly TargetFailure[]): string {
  const cards = COLUMN_METRICS.map((metric) => {
    const percent = percentOf(coverage.totals, metric);
    const [covered, total] = countsOf(coverage.totals, metric);
    const missed = failures.filter((f) => f.scope === 'total' && f.metric === metric);
    const delta = coverage.baseline?.totals_delta[metric];
    const deltaHtml =
      delta === undefined
        ? ''
        : ` · ${deltaSpan(delta, false)} <span class="same">vs baseline</span>`;
    const misses = missed.map((f) => `<div class="miss">${escapeHtml(describeFailure(f))}</div>`);
    return [
      `<div class="card${missed.length > 0 ? ' failed' : ''}" data-metric="${metric}">`,
      `<div class="label">${METRIC_LABELS[metric]}</div>`,
      `<div class="value">${formatPercent(percent)}</div>`,
      `<span class="bar"><span class="${level(percent)}" style="width:${Math.min(100, Math.max(0, percent)).toFixed(1)}%"></span></span>`,
      `<div class="counts">${covered} / ${total}${deltaHtml}</div>`,
      ...misses,
      '</div>',
    ].join('');
  });
  return `<div class="cards" id="totals">${cards.join('\n')}</div>`;
}

/** The status pill: all met, or how many failed. */
function statusPill(coverage: CoverageJson): string {
  const n = coverage.targets.failures.length;
  if (coverage.targets.met) {
    return '<span class="status met" id="target-status" data-met="true">✓ All targets met</span>';
  }
  const label = n === 1 ? '1 target missed' : `${n} targets missed`;
  return `<span class="status failed" id="target-status" data-met="false">✗ ${label}</span>`;
}

/** Table of missed targets (capped at `limit`). */
function failuresPanel(
  coverage: CoverageJson,
  links: Readonly<Record<string, string>>,
  limit = 200,
  open = 12,
): string {
  const failures = coverage.targets.failures;
  if (failures.length === 0) return '';
  const rows = failures.slice(0, limit).map((f) => {
    const name =
      f.scope === 'file' ? pathLink(f.name, links) : `<code>${escapeHtml(f.name)}</code>`;
    return `<tr class="failed"><td>${f.scope}</td><td class="path">${name}</td><td><code>${escapeHtml(f.rule)}</code></td><td>${f.kind}</td><td class="fail">${escapeHtml(describeFailure(f))}</td></tr>`;
  });
  const more =
    failures.length > limit
      ? `<p class="note">… and ${failures.length - limit} more (see <code>coverage.json</code>).</p>`
      : '';
  return [
    '<section class="panel" id="failures">',
    `<details${failures.length <= open ? ' open' : ''}><summary><h2><span class="badge-fail">✗</span> Targets missed (${failures.length})</h2></summary>`,
    '<table><thead><tr><th>Scope</th><th>Name</th><th>Rule</th><th>Kind</th><th>Why</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    more,
    '</details>',
    '</section>',
  ].join('\n');
}

/** Table of packages. */
function packagesPanel(coverage: CoverageJson, rows: readonly DashboardFileRow[]): string {
  const failed = new Set([
    ...coverage.targets.failures.filter((f) => f.scope === 'package').map((f) => f.name),
    ...rows.filter((r) => r.target === 'failed').map((r) => r.package),
  ]);
  const body = Object.keys(coverage.packages)
    .sort()
    .map((name) => {
      const s = coverage.packages[name] as CoverageSummary;
      const status = failed.has(name) ? '<span class="fail">✗</span>' : '<span class="ok">✓</span>';
      return `<tr${failed.has(name) ? ' class="failed"' : ''}><td class="path"><code>${escapeHtml(name)}</code></td><td class="num">${rows.filter((r) => r.package === name).length}</td>${COLUMN_METRICS.map((m) => pctCell(percentOf(s, m))).join('')}<td>${status}</td></tr>`;
    });
  return [
    '<section class="panel" id="packages">',
    '<h2>Packages</h2>',
    `<table><thead><tr><th>Package</th><th class="num">Files</th>${COLUMN_METRICS.map((m) => `<th class="num">${METRIC_LABELS[m]}</th>`).join('')}<th>Targets</th></tr></thead><tbody>`,
    ...body,
    '</tbody></table>',
    '</section>',
  ].join('\n');
}

/** The trend chart panel. */
function trendPanel(history: History): string {
  const legend =
    history.entries.length > 0
      ? '<div class="legend"><span class="l-lines">lines</span><span class="l-branches">branches</span></div>'
      : '';
  return [
    '<section class="panel" id="trend-panel">',
    `<h2>Trend (${history.entries.length} ${history.entries.length === 1 ? 'run' : 'runs'})</h2>`,
    renderTrendChart(history),
    legend,
    '</section>',
  ].join('\n');
}

/** The priority list, tiers and the 0% files. */
function prioritiesPanel(
  coverage: CoverageJson,
  links: Readonly<Record<string, string>>,
  top: number,
): string {
  const { ranked, tiers, zero_coverage } = coverage.priorities;
  const rows = ranked
    .slice(0, top)
    .map(
      (p, i) =>
        `<tr><td class="num">${i + 1}</td><td class="path">${pathLink(p.path, links)}</td><td><code>${escapeHtml(p.package)}</code></td><td class="num">${p.tier}</td><td class="num">${p.uncovered_statements} / ${p.num_statements}</td>${pctCell(p.percent_covered)}</tr>`,
    );
  const ranking =
    rows.length === 0
      ? '<p class="empty">Nothing to do: every statement is covered.</p>'
      : `<table id="priority-table"><thead><tr><th class="num">#</th><th>File</th><th>Package</th><th class="num">Tier</th><th class="num">Uncovered</th><th class="num">Overall</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  const tierRows = tiers.map(
    (t) =>
      `<tr><td>Tier ${t.tier}</td><td class="num">≥ ${t.min_statements}</td><td class="num">${t.files}</td><td class="num">${t.covered_statements} / ${t.num_statements}</td><td class="num">${formatPercent(t.num_statements === 0 ? 100 : (100 * t.covered_statements) / t.num_statements)}</td></tr>`,
  );
  const zero =
    zero_coverage.length === 0
      ? ''
      : `<h2>At 0% (${zero_coverage.length})</h2><ul class="zero">${zero_coverage
          .map(
            (z) =>
              `<li>${pathLink(z.path, links)} <span class="same">(${z.num_statements})</span></li>`,
          )
          .join('')}</ul>`;
  return [
    '<div class="grid2">',
    `<section class="panel" id="priorities"><h2>Priorities: most uncovered statements</h2>${ranking}</section>`,
    `<section class="panel" id="tiers"><h2>Size tiers</h2><table><thead><tr><th>Tier</th><th class="num">Statements</th><th class="num">Files</th><th class="num">Covered</th><th class="num">%</th></tr></thead><tbody>${tierRows.join('')}</tbody></table>${zero}</section>`,
    '</div>',
  ].join('\n');
}

/** The sortable, filterable file table. */
function filesPanel(
  coverage: CoverageJson,
  rows: readonly DashboardFileRow[],
  links: Readonly<Record<string, string>>,
  drill: Readonly<Record<string, DrillDownEntry>>,
): string {
  const baseline = coverage.baseline;
  const newFiles = new Set(baseline?.new_files ?? []);
  const failuresByFile = new Map<string, TargetFailure[]>();
  for (const f of coverage.targets.failures) {
    if (f.scope === 'file') failuresByFile.set(f.name, [...(failuresByFile.get(f.name) ?? []), f]);
  }
  const body = rows.map((row, index) => {
    const failures = failuresByFile.get(row.path) ?? [];
    const why = failures.map(describeFailure).join('; ') || 'file target missed';
    const short = [
      ...new Set(failures.map((f) => (f.kind === 'regression' ? `${f.metric} ↓` : f.metric))),
    ].join(', ');
    const target =
      row.target === 'failed'
        ? `<span class="badge-fail" title="${escapeHtml(why)}">✗ ${escapeHtml(short || 'missed')}</span>`
        : row.target === 'met'
          ? '<span class="ok">✓</span>'
          : '<span class="same">–</span>';
    return [
      `<tr data-index="${index}" data-path="${escapeHtml(row.path)}"${row.target === 'failed' ? ' class="failed"' : ''}>`,
      `<td class="path">${pathLink(row.path, links)}${Object.hasOwn(drill, row.path) ? ` <button type="button" class="drill" data-path="${escapeHtml(row.path)}">uncovered</button>` : ''}</td>`,
      `<td><code>${escapeHtml(row.package)}</code></td>`,
      pctText(row.lines),
      pctText(row.branches),
      pctText(row.functions),
      `<td class="num">${row.uncovered}</td>`,
      `<td class="num">${deltaSpan(row.delta, baseline !== undefined && newFiles.has(row.path))}</td>`,
      `<td>${target}</td>`,
      '</tr>',
    ].join('');
  });
  const header = (key: string, label: string, numeric = true): string =>
    `<th data-key="${key}"${numeric ? ' class="num"' : ''} aria-sort="none"><button type="button">${label}</button></th>`;
  const baselineNote =
    baseline === undefined
      ? '<p class="note" id="baseline-note">No baseline: deltas appear once a baseline exists (<code>--update-baseline</code>).</p>'
      : `<p class="note" id="baseline-note">Δ lines against <code>${escapeHtml(baseline.file)}</code>: ${baseline.new_files.length} new, ${baseline.removed_files.length} removed ${baseline.removed_files.length === 1 ? 'file' : 'files'}.</p>`;
  return [
    '<section class="panel" id="files">',
    '<h2>Files</h2>',
    '<div class="controls">',
    '<input type="search" id="file-filter" placeholder="Filter by path or package…" aria-label="Filter files">',
    '<label><input type="checkbox" id="only-failing"> failing targets only</label>',
    `<span class="meta" id="file-count">Showing ${rows.length} of ${rows.length} files</span>`,
    '</div>',
    '<table id="file-table"><thead><tr>',
    header('path', 'File', false),
    header('package', 'Package', false),
    header('lines', 'Lines'),
    header('branches', 'Branches'),
    header('functions', 'Functions'),
    header('uncovered', 'Uncovered'),
    header('delta', 'Δ lines'),
    header('target', 'Target', false),
    '</tr></thead><tbody>',
    ...body,
    '</tbody></table>',
    baselineNote,
    '</section>',
    '<section class="panel" id="drill-down" hidden><h2 id="drill-title"></h2><p class="note" id="drill-note"></p><div id="drill-source"></div></section>',
  ].join('\n');
}

/**
 * Renders the self-contained dashboard page (`coverage/dashboard/index.html`): totals with target
 * status, missed targets, packages, the trend chart, priorities and a sortable, filterable file
 * table with bars and baseline deltas. CSS and JS are inline and the data is embedded as JSON in a
 * `<script type="application/json">` tag, so the page opens from `file://` with no network.
 * Every file name is HTML-escaped.
 */
export function renderDashboard(input: DashboardInput): string {
  const { coverage, history } = input;
  const links = input.fileLinks ?? {};
  const title = input.title ?? 'Coverage report';
  const rows = dashboardRows(coverage);
  const meta = coverage.meta;
  const metaParts = [
    `generated ${escapeHtml(meta.generated_at)}`,
    ...(meta.commit === undefined
      ? []
      : [`commit <code>${escapeHtml(meta.commit.slice(0, 12))}</code>`]),
    `${meta.inputs.length} ${meta.inputs.length === 1 ? 'input' : 'inputs'}`,
    `${Object.keys(coverage.packages).length} packages`,
    `${rows.length} files`,
    `${escapeHtml(meta.tool)} ${escapeHtml(meta.version)}`,
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · ${formatPercent(coverage.totals.percent_lines_covered)} lines</title>`,
    `<style>${DASHBOARD_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    statusPill(coverage),
    `<div class="meta">${metaParts.join(' · ')}</div>`,
    '</header>',
    totalsCards(coverage, coverage.targets.failures),
    failuresPanel(coverage, links),
    trendPanel(history),
    packagesPanel(coverage, rows),
    prioritiesPanel(coverage, links, input.topPriorities ?? 15),
    filesPanel(coverage, rows, links, input.drillDown ?? {}),
    '</main>',
    `<script type="application/json" id="coverage-data">${jsonForScript(dashboardData(coverage, history, rows))}</script>`,
    `<script type="application/json" id="drill-data">${jsonForScript(input.drillDown ?? {})}</script>`,
    `<script>${DASHBOARD_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
