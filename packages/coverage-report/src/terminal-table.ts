import { formatPercent } from './report/format.js';
import type { CoverageJson, CoverageSummary, TargetFailure } from './types.js';

/** Options of the terminal renderers. */
export interface TerminalOptions {
  /** Use ANSI colours (only on a TTY). */
  color: boolean;
}

const COLUMNS: readonly [string, keyof CoverageSummary][] = [
  ['lines', 'percent_lines_covered'],
  ['branches', 'percent_branches_covered'],
  ['functions', 'percent_functions_covered'],
  ['statements', 'percent_statements_covered'],
];

function paint(text: string, percent: number, color: boolean): string {
  if (!color) return text;
  const code = percent >= 90 ? 32 : percent >= 75 ? 33 : 31;
  return `\u001b[${code}m${text}\u001b[0m`;
}

/**
 * The compact table: one row per package and a total row, with file counts and the line, branch,
 * function and statement percentages.
 */
export function renderTable(coverage: CoverageJson, options: TerminalOptions): string {
  const counts = new Map<string, number>();
  for (const entry of Object.values(coverage.files)) {
    counts.set(entry.package, (counts.get(entry.package) ?? 0) + 1);
  }
  const rows: [string, number, CoverageSummary][] = Object.keys(coverage.packages)
    .sort()
    .map((name) => [name, counts.get(name) ?? 0, coverage.packages[name] as CoverageSummary]);
  rows.push(['total', Object.keys(coverage.files).length, coverage.totals]);
  const width = Math.max(7, ...rows.map(([name]) => name.length));
  const head = [
    'package'.padEnd(width),
    'files'.padStart(6),
    ...COLUMNS.map(([h]) => h.padStart(10)),
  ];
  const lines = [head.join(' ')];
  for (const [name, files, summary] of rows) {
    const cells = COLUMNS.map(([, key]) =>
      paint(formatPercent(summary[key]).padStart(10), summary[key], options.color),
    );
    lines.push([name.padEnd(width), String(files).padStart(6), ...cells].join(' '));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per failure: scope, name, metric, actual, required (and the rule). */
export function describeTargetFailure(f: TargetFailure): string {
  if (f.kind === 'regression') {
    return `${f.scope} ${f.name}: ${f.metric} dropped ${(-f.actual).toFixed(2)} pp, at most ${(-f.required).toFixed(2)} pp allowed (baseline)`;
  }
  if (f.required < 0) {
    return `${f.scope} ${f.name}: ${f.metric} ${f.actual} uncovered, at most ${-f.required} allowed (rule ${f.rule})`;
  }
  return `${f.scope} ${f.name}: ${f.metric} ${formatPercent(f.actual)}, required ${f.required}% (rule ${f.rule})`;
}

/** The failure list, or a line saying every target was met. */
export function renderFailures(
  failures: readonly TargetFailure[],
  options: TerminalOptions,
): string {
  if (failures.length === 0) return paint('all coverage targets met\n', 100, options.color);
  const title = paint(`${failures.length} coverage target(s) missed:`, 0, options.color);
  return `${title}\n${failures.map((f) => `  ${describeTargetFailure(f)}`).join('\n')}\n`;
}
