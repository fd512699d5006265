/**
 * The reports `atom-coverage` can write. `coverage.json` is always written by `merge`/`run`; the
 * others are chosen with `--reporter` or the targets file's `reporters`.
 *
 * - `summary`: `summary.md` (and `$GITHUB_STEP_SUMMARY`)
 * - `badge`: `badge.svg`
 * - `dashboard`: `dashboard/index.html`, with drill-down into the files that need attention
 * - `json`: `coverage-merged.json`, the merged istanbul map
 * - `lcov`: `lcov.info`
 * - `cobertura`: `cobertura.xml`
 * - `html`: istanbul's per-file source pages under `dashboard/html/`, linked from the dashboard
 */
export type Reporter = 'summary' | 'badge' | 'dashboard' | 'json' | 'lcov' | 'cobertura' | 'html';

/** Every reporter name, in the order reports are written. */
export const REPORTERS: readonly Reporter[] = [
  'summary',
  'badge',
  'dashboard',
  'json',
  'lcov',
  'cobertura',
  'html',
];

/** What the main job needs; the rest is written only when asked for. */
export const DEFAULT_REPORTERS: readonly Reporter[] = ['summary', 'badge', 'dashboard'];

/** True when `name` is a {@link Reporter}. */
export function isReporter(name: string): name is Reporter {
  return (REPORTERS as readonly string[]).includes(name);
}

/** The reporters that need the merged istanbul map (not only `coverage.json`). */
export function needsIstanbulMap(reporters: ReadonlySet<Reporter>): boolean {
  return (
    reporters.has('json') ||
    reporters.has('lcov') ||
    reporters.has('cobertura') ||
    reporters.has('html')
  );
}
