import { existsSync } from 'node:fs';
import { InvalidShapeError, escapePointer } from './errors.js';
import { readJsonFile } from './json-text.js';
import { metricPercent } from './targets.js';
import type { MaxDrop, TargetsConfig, TargetsSubject } from './targets.js';
import { METRICS } from './types.js';
import type {
  BaselineComparison,
  CoverageSummary,
  FileTarget,
  MetricDeltas,
  TargetFailure,
} from './types.js';
import { isRecord } from './is-record.js';

/** The parts of a previous `coverage.json` a baseline comparison uses. */
export interface BaselineData {
  files: Record<string, { summary: CoverageSummary }>;
  totals: CoverageSummary;
}

const SUMMARY_FIELDS = [
  'percent_statements_covered',
  'percent_lines_covered',
  'percent_branches_covered',
  'percent_functions_covered',
  'percent_covered',
] as const;

function checkSummary(file: string, pointer: string, value: unknown): CoverageSummary {
  if (!isRecord(value))
    throw new InvalidShapeError(file, pointer, 'expected a coverage summary object');
  for (const key of SUMMARY_FIELDS) {
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) {
      throw new InvalidShapeError(
        file,
        `${pointer}/${key}`,
        `expected a percentage, received ${v === undefined ? 'nothing' : JSON.stringify(v)}`,
      );
    }
  }
  return value as unknown as CoverageSummary;
}

/** Validates a parsed baseline (a previous `coverage.json`), naming bad fields by JSON pointer. */
export function validateBaseline(file: string, data: unknown): BaselineData {
  if (!isRecord(data)) throw new InvalidShapeError(file, '', 'expected a coverage.json object');
  if (!isRecord(data.files))
    throw new InvalidShapeError(file, '/files', 'expected an object of files');
  const totals = checkSummary(file, '/totals', data.totals);
  const files: BaselineData['files'] = {};
  for (const [path, entry] of Object.entries(data.files)) {
    const pointer = `/files/${escapePointer(path)}`;
    if (!isRecord(entry))
      throw new InvalidShapeError(file, pointer, 'expected a file entry object');
    files[path] = { summary: checkSummary(file, `${pointer}/summary`, entry.summary) };
  }
  return { files, totals };
}

/**
 * Reads the baseline at `abs` (`display` names it in messages); a baseline that does not exist yet
 * is `undefined` (no deltas, no failure).
 */
export async function readBaseline(
  abs: string,
  display: string = abs,
): Promise<BaselineData | undefined> {
  if (!existsSync(abs)) return undefined;
  return validateBaseline(display, await readJsonFile(abs, display));
}

function deltas(current: CoverageSummary, previous: CoverageSummary): MetricDeltas {
  const out: MetricDeltas = {};
  for (const metric of METRICS) {
    out[metric] = metricPercent(current, metric) - metricPercent(previous, metric);
  }
  return out;
}

/** Percentage-point deltas (current − baseline) of the totals and of every file in both runs. */
export function compareBaseline(
  current: TargetsSubject,
  baseline: BaselineData,
  file: string,
): BaselineComparison {
  const files: Record<string, MetricDeltas> = {};
  const newFiles: string[] = [];
  for (const path of Object.keys(current.files).sort()) {
    const before = baseline.files[path];
    const now = current.files[path];
    if (before === undefined || now === undefined) newFiles.push(path);
    else files[path] = deltas(now.summary, before.summary);
  }
  const removed = Object.keys(baseline.files)
    .filter((p) => current.files[p] === undefined)
    .sort();
  return {
    file,
    totals_delta: deltas(current.totals, baseline.totals),
    files,
    new_files: newFiles,
    removed_files: removed,
  };
}

/** Floating-point slack so that equal percentages never count as a drop. */
const EPSILON = 1e-9;

/**
 * Regressions against the baseline: a file (or the total) whose delta of a metric that has a
 * threshold is below `-maxDrop`. A rise is never a failure.
 */
export function regressionFailures(
  comparison: BaselineComparison,
  maxDrop: MaxDrop,
  targets: Pick<TargetsConfig, 'total'>,
  fileTargets: Readonly<Record<string, FileTarget>>,
): TargetFailure[] {
  const failures: TargetFailure[] = [];
  const check = (
    scope: 'total' | 'file',
    name: string,
    d: MetricDeltas,
    thresholds: FileTarget['thresholds'],
    drop: number,
  ): void => {
    for (const metric of METRICS) {
      const delta = d[metric];
      if (thresholds[metric] === undefined || delta === undefined) continue;
      if (delta < -drop - EPSILON) {
        failures.push({
          scope,
          name,
          rule: 'baseline',
          metric,
          actual: delta,
          required: -drop,
          kind: 'regression',
        });
      }
    }
  };
  if (maxDrop.total !== undefined && targets.total !== undefined) {
    check('total', 'total', comparison.totals_delta, targets.total, maxDrop.total);
  }
  if (maxDrop.files !== undefined) {
    for (const path of Object.keys(comparison.files).sort()) {
      const target = fileTargets[path];
      const d = comparison.files[path];
      if (target !== undefined && d !== undefined)
        check('file', path, d, target.thresholds, maxDrop.files);
    }
  }
  return failures;
}
