import type { CoverageSummary, Metric, TargetFailure } from '../types.js';

/** Display names of the metrics. */
export const METRIC_LABELS: Readonly<Record<Metric, string>> = {
  lines: 'Lines',
  statements: 'Statements',
  branches: 'Branches',
  functions: 'Functions',
  percent_covered: 'Overall',
};

/** The percentage of `metric` in `summary`. */
export function percentOf(summary: CoverageSummary, metric: Metric): number {
  switch (metric) {
    case 'lines':
      return summary.percent_lines_covered;
    case 'statements':
      return summary.percent_statements_covered;
    case 'branches':
      return summary.percent_branches_covered;
    case 'functions':
      return summary.percent_functions_covered;
    case 'percent_covered':
      return summary.percent_covered;
  }
}

/** `[covered, total]` of `metric` in `summary` (statements + branches for `percent_covered`). */
export function countsOf(summary: CoverageSummary, metric: Metric): [number, number] {
  switch (metric) {
    case 'lines':
      return [summary.covered_lines, summary.num_lines];
    case 'statements':
      return [summary.covered_statements, summary.num_statements];
    case 'branches':
      return [summary.covered_branches, summary.num_branches];
    case 'functions':
      return [summary.covered_functions, summary.num_functions];
    case 'percent_covered':
      return [
        summary.covered_statements + summary.covered_branches,
        summary.num_statements + summary.num_branches,
      ];
  }
}

/**
 * Formats a percentage with one decimal, rounded down, so a file at 94.96% shows 94.9% and never
 * looks as if it met a 95% target. Values are clamped to [0, 100]; non-finite values show as 0.0%.
 */
export function formatPercent(percent: number): string {
  const p = Number.isFinite(percent) ? Math.min(100, Math.max(0, percent)) : 0;
  return `${(Math.floor(p * 10 + 1e-9) / 10).toFixed(1)}%`;
}

/** Direction of a delta in percentage points: `up`, `down` or `same` (|delta| below 0.05 pp). */
export function deltaDirection(delta: number): 'up' | 'down' | 'same' {
  if (delta >= 0.05) return 'up';
  if (delta <= -0.05) return 'down';
  return 'same';
}

/** Formats a percentage-point delta with an arrow: `▲ +1.2`, `▼ −0.4`, `= 0.0`. */
export function formatDelta(delta: number): string {
  const direction = deltaDirection(delta);
  const size = Math.abs(delta).toFixed(1);
  if (direction === 'up') return `▲ +${size}`;
  if (direction === 'down') return `▼ −${size}`;
  return '= 0.0';
}

/** A metric's name in a sentence: `lines`, `overall coverage`. */
function metricWord(metric: Metric): string {
  return metric === 'percent_covered' ? 'overall coverage' : metric;
}

/**
 * One short sentence for a missed target: `✗ below 95% lines (94.2%)`,
 * `✗ 12 uncovered branches (max 10)`, `✗ lines dropped 1.3 pp (max 0.5)`.
 */
export function describeFailure(failure: TargetFailure): string {
  const word = metricWord(failure.metric);
  if (failure.kind === 'regression') {
    return `✗ ${word} dropped ${Math.abs(failure.actual).toFixed(1)} pp (max ${Math.abs(failure.required).toFixed(1)})`;
  }
  if (failure.required < 0) {
    return `✗ ${failure.actual} uncovered ${word} (max ${-failure.required})`;
  }
  return `✗ below ${failure.required}% ${word} (${formatPercent(failure.actual)})`;
}
