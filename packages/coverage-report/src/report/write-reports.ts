import { join } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { DEFAULT_HISTORY_CAP, addHistoryEntry, historyEntryOf } from '../history.js';
import type { History, ReportContext } from '../types.js';
import { renderBadge } from './badge.js';
import { renderDashboard } from './dashboard.js';
import { writeIstanbulReports } from './istanbul-reports.js';
import { appendStepSummary, renderSummaryMd } from './summary-md.js';

/** Options of {@link writeReports}. */
export interface WriteReportsOptions {
  /** Environment read for `GITHUB_STEP_SUMMARY`. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The history the dashboard plots: `history` with this run as its last entry (a run already
 * appended, same date and commit, is not counted twice), capped like `appendHistory` will cap the
 * file: at 100 entries, or at the history's own length when it is already longer (a larger cap).
 */
export function historyWithRun(ctx: Pick<ReportContext, 'coverage' | 'history'>): History {
  const cap = Math.max(DEFAULT_HISTORY_CAP, ctx.history.entries.length);
  return addHistoryEntry(ctx.history, historyEntryOf(ctx.coverage), cap);
}

/**
 * Writes every report of a run under `ctx.outDir`: `dashboard/index.html` (with istanbul's per-file
 * views in `dashboard/html/`), `summary.md`, `badge.svg` (total line coverage), `lcov.info` and
 * `cobertura.xml`; then appends `summary.md` to `$GITHUB_STEP_SUMMARY` when it is set. Returns the
 * absolute paths written (the step summary is appended to, not written, and is not listed).
 * History is not appended here: the caller does that with `appendHistory`.
 */
export async function writeReports(
  ctx: ReportContext,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  const dashboardDir = join(ctx.outDir, 'dashboard');
  const istanbul = await writeIstanbulReports(ctx.map, {
    root: ctx.root,
    outDir: ctx.outDir,
    htmlDir: join(dashboardDir, 'html'),
  });
  const fileLinks: Record<string, string> = {};
  for (const [path, href] of Object.entries(istanbul.fileLinks)) fileLinks[path] = `html/${href}`;
  const dashboard = join(dashboardDir, 'index.html');
  await writeFileAtomic(
    dashboard,
    renderDashboard({ coverage: ctx.coverage, history: historyWithRun(ctx), fileLinks }),
  );
  const markdown = renderSummaryMd(ctx.coverage);
  const summary = join(ctx.outDir, 'summary.md');
  await writeFileAtomic(summary, markdown);
  const badge = join(ctx.outDir, 'badge.svg');
  await writeFileAtomic(badge, renderBadge(ctx.coverage.totals.percent_lines_covered));
  await appendStepSummary(markdown, options.env ?? process.env);
  return [dashboard, ...istanbul.written, summary, badge].sort();
}
