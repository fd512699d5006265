import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CoverageMapData } from 'istanbul-lib-coverage';
import { writeFileAtomic } from '../atomic-write.js';
import { UsageError } from '../errors.js';
import { DEFAULT_HISTORY_CAP, addHistoryEntry, historyEntryOf } from '../history.js';
import { DEFAULT_REPORTERS } from '../reporters.js';
import type { Reporter } from '../reporters.js';
import type { History, ReportContext } from '../types.js';
import { renderBadge } from './badge.js';
import { renderDashboard } from './dashboard.js';
import { buildDrillDown } from './drill-down.js';
import type { DrillDownOptions } from './drill-down.js';
import { appendStepSummary, renderSummaryMd } from './summary-md.js';

/** Options of {@link writeReports}. */
export interface WriteReportsOptions {
  /** Environment read for `GITHUB_STEP_SUMMARY`. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The reports to write. Default `summary`, `badge` and `dashboard`. */
  reporters?: Iterable<Reporter>;
  /** Limits of the dashboard's embedded source excerpts. */
  drillDown?: DrillDownOptions;
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

function readSourceUnder(root: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(resolve(root, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

/**
 * Writes the chosen reports of a run under `ctx.outDir` (default: `summary.md`, `badge.svg` and
 * `dashboard/index.html`; on request `coverage-merged.json`, `lcov.info`, `cobertura.xml` and
 * istanbul's per-file pages in `dashboard/html/`), then appends `summary.md` to
 * `$GITHUB_STEP_SUMMARY` when it is set. The dashboard embeds, for the files that need attention,
 * their uncovered lines with source excerpts read from `ctx.root`. The istanbul reports need
 * `ctx.map`; asking for them without it throws a {@link UsageError}. Returns the absolute paths
 * written, sorted. History is not appended here: the caller does that with `appendHistory`.
 */
export async function writeReports(
  ctx: ReportContext,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  const chosen = new Set<Reporter>(options.reporters ?? DEFAULT_REPORTERS);
  const written: string[] = [];
  const dashboardDir = join(ctx.outDir, 'dashboard');
  const fileLinks: Record<string, string> = {};
  const istanbul = {
    lcov: chosen.has('lcov'),
    cobertura: chosen.has('cobertura'),
    html: chosen.has('html'),
  };
  if (chosen.has('json') || istanbul.lcov || istanbul.cobertura || istanbul.html) {
    const { map } = ctx;
    if (map === undefined) {
      throw new UsageError(
        'the json, lcov, cobertura and html reporters need the merged istanbul map: run `atom-coverage run` with them, or `merge --reporter json` before `report`',
      );
    }
    if (chosen.has('json')) {
      const merged: CoverageMapData = {};
      const prefix = `${resolve(ctx.root)}/`;
      for (const key of map.files().sort()) {
        const data = map.fileCoverageFor(key).toJSON() as CoverageMapData[string];
        const path = key.startsWith(prefix) ? key.slice(prefix.length) : key;
        if (ctx.coverage.files[path] !== undefined) merged[path] = { ...data, path };
      }
      const file = join(ctx.outDir, 'coverage-merged.json');
      await writeFileAtomic(file, `${JSON.stringify(merged)}\n`);
      written.push(file);
    }
    if (istanbul.lcov || istanbul.cobertura || istanbul.html) {
      // Loaded on demand: istanbul-lib-report and istanbul-reports cost ~40 ms of start-up.
      const { writeIstanbulReports } = await import('./istanbul-reports.js');
      const result = await writeIstanbulReports(map, {
        root: ctx.root,
        outDir: ctx.outDir,
        htmlDir: join(dashboardDir, 'html'),
        reports: istanbul,
      });
      for (const [path, href] of Object.entries(result.fileLinks)) fileLinks[path] = `html/${href}`;
      written.push(...result.written);
    }
  }
  if (chosen.has('dashboard')) {
    const dashboard = join(dashboardDir, 'index.html');
    const drillDown = buildDrillDown(ctx.coverage, readSourceUnder(ctx.root), options.drillDown);
    await writeFileAtomic(
      dashboard,
      renderDashboard({
        coverage: ctx.coverage,
        history: historyWithRun(ctx),
        fileLinks,
        drillDown,
      }),
    );
    written.push(dashboard);
  }
  if (chosen.has('badge')) {
    const badge = join(ctx.outDir, 'badge.svg');
    await writeFileAtomic(badge, renderBadge(ctx.coverage.totals.percent_lines_covered));
    written.push(badge);
  }
  if (chosen.has('summary')) {
    const markdown = renderSummaryMd(ctx.coverage);
    const summary = join(ctx.outDir, 'summary.md');
    await writeFileAtomic(summary, markdown);
    written.push(summary);
    await appendStepSummary(markdown, options.env ?? process.env);
  }
  return written.sort();
}
