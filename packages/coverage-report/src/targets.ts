import { picomatch } from './picomatch.js';
import {
  InvalidTargetsError,
  RuleMatchesNothingError,
  UnknownPackageError,
  escapePointer,
} from './errors.js';
import { METRICS } from './types.js';
import type { CoverageSummary, FileTarget, Metric, TargetFailure, Thresholds } from './types.js';
import { isRecord } from './is-record.js';
import { REPORTERS, isReporter } from './reporters.js';
import type { Reporter } from './reporters.js';

/** A per-file rule of the targets file. */
export interface FileRule {
  /** The glob (picomatch), matched against repo-relative POSIX paths. */
  glob: string;
  thresholds: Thresholds;
}

/** Allowed drop against the baseline, in percentage points. */
export interface MaxDrop {
  total?: number;
  files?: number;
}

/** The baseline settings of the targets file. */
export interface BaselineSettings {
  /** Path of the baseline `coverage.json`, relative to the root. */
  file: string;
  maxDrop: MaxDrop;
}

/** A validated `coverage.targets.json`. */
export interface TargetsConfig {
  /** The targets file (repo-relative), used in messages. */
  file: string;
  inputs?: string[];
  include?: string[];
  exclude?: string[];
  total?: Thresholds;
  packages: Record<string, Thresholds>;
  /** In file order: when several rules match a file, the last one wins. */
  files: FileRule[];
  baseline?: BaselineSettings;
  /** Reports to write (see {@link Reporter}); default {@link DEFAULT_REPORTERS}. */
  reporters?: Reporter[];
}

/** The default baseline file, relative to the root. */
export const DEFAULT_BASELINE_FILE = 'coverage-baseline.json';

const TOP_KEYS = new Set([
  '$schema',
  'inputs',
  'include',
  'exclude',
  'total',
  'packages',
  'files',
  'baseline',
  'reporters',
]);

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function readThresholds(file: string, pointer: string, value: unknown): Thresholds {
  if (!isRecord(value)) {
    throw new InvalidTargetsError(
      file,
      pointer,
      `expected an object of thresholds, received ${show(value)}`,
    );
  }
  const out: Thresholds = {};
  for (const [key, raw] of Object.entries(value)) {
    const p = `${pointer}/${escapePointer(key)}`;
    if (!(METRICS as readonly string[]).includes(key)) {
      throw new InvalidTargetsError(
        file,
        p,
        `unknown metric ${JSON.stringify(key)} (expected one of ${METRICS.join(', ')})`,
      );
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      throw new InvalidTargetsError(file, p, `expected a number, received ${show(raw)}`);
    }
    if (raw > 100) {
      throw new InvalidTargetsError(
        file,
        p,
        `expected a percentage of at most 100, received ${raw}`,
      );
    }
    if (raw < 0 && !Number.isInteger(raw)) {
      throw new InvalidTargetsError(
        file,
        p,
        `expected a negative integer (maximum uncovered count), received ${raw}`,
      );
    }
    out[key as Metric] = raw;
  }
  return out;
}

function readGlobs(file: string, pointer: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((g) => typeof g === 'string' && g !== '')) {
    throw new InvalidTargetsError(
      file,
      pointer,
      `expected an array of globs, received ${show(value)}`,
    );
  }
  return value as string[];
}

function readDrop(file: string, pointer: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidTargetsError(
      file,
      pointer,
      `expected a non-negative number of percentage points, received ${show(value)}`,
    );
  }
  return value;
}

function parseBaselineSettings(file: string, value: unknown): BaselineSettings {
  if (typeof value === 'string' && value !== '') return { file: value, maxDrop: {} };
  if (!isRecord(value)) {
    throw new InvalidTargetsError(
      file,
      '/baseline',
      `expected a file name or an object, received ${show(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (key !== 'file' && key !== 'maxDrop') {
      throw new InvalidTargetsError(
        file,
        `/baseline/${escapePointer(key)}`,
        `unknown field (expected file, maxDrop)`,
      );
    }
  }
  const baselineFile = value.file ?? DEFAULT_BASELINE_FILE;
  if (typeof baselineFile !== 'string' || baselineFile === '') {
    throw new InvalidTargetsError(
      file,
      '/baseline/file',
      `expected a file name, received ${show(value.file)}`,
    );
  }
  const raw = value.maxDrop;
  const maxDrop: MaxDrop = {};
  if (raw === undefined) return { file: baselineFile, maxDrop };
  if (!isRecord(raw)) {
    const drop = readDrop(file, '/baseline/maxDrop', raw);
    maxDrop.total = drop;
    maxDrop.files = drop;
  } else {
    for (const [key, v] of Object.entries(raw)) {
      if (key !== 'total' && key !== 'files') {
        throw new InvalidTargetsError(
          file,
          `/baseline/maxDrop/${escapePointer(key)}`,
          'unknown field (expected total, files)',
        );
      }
      maxDrop[key] = readDrop(file, `/baseline/maxDrop/${key}`, v);
    }
  }
  return { file: baselineFile, maxDrop };
}

function readReporters(file: string, value: unknown): Reporter[] {
  if (!Array.isArray(value)) {
    throw new InvalidTargetsError(
      file,
      '/reporters',
      `expected an array of reporter names, received ${show(value)}`,
    );
  }
  return value.map((name: unknown, i) => {
    if (typeof name !== 'string' || !isReporter(name)) {
      throw new InvalidTargetsError(
        file,
        `/reporters/${i}`,
        `expected one of ${REPORTERS.join(', ')}, received ${show(name)}`,
      );
    }
    return name;
  });
}

/**
 * Validates parsed `coverage.targets.json`. Every bad field throws an {@link InvalidTargetsError}
 * naming it by JSON pointer and saying what was expected and what was received.
 */
export function parseTargets(file: string, data: unknown): TargetsConfig {
  if (!isRecord(data)) {
    throw new InvalidTargetsError(
      file,
      '',
      `expected an object, received ${Array.isArray(data) ? 'an array' : show(data)}`,
    );
  }
  for (const key of Object.keys(data)) {
    if (!TOP_KEYS.has(key)) {
      throw new InvalidTargetsError(
        file,
        `/${escapePointer(key)}`,
        `unknown field (expected ${[...TOP_KEYS].filter((k) => k !== '$schema').join(', ')})`,
      );
    }
  }
  const config: TargetsConfig = { file, packages: {}, files: [] };
  for (const key of ['inputs', 'include', 'exclude'] as const) {
    if (data[key] !== undefined) config[key] = readGlobs(file, `/${key}`, data[key]);
  }
  if (data.total !== undefined) config.total = readThresholds(file, '/total', data.total);
  if (data.packages !== undefined) {
    if (!isRecord(data.packages)) {
      throw new InvalidTargetsError(
        file,
        '/packages',
        `expected an object keyed by package name, received ${show(data.packages)}`,
      );
    }
    for (const [name, t] of Object.entries(data.packages)) {
      config.packages[name] = readThresholds(file, `/packages/${escapePointer(name)}`, t);
    }
  }
  if (data.files !== undefined) {
    if (!isRecord(data.files)) {
      throw new InvalidTargetsError(
        file,
        '/files',
        `expected an object keyed by glob, received ${show(data.files)}`,
      );
    }
    for (const [glob, t] of Object.entries(data.files)) {
      if (glob === '') {
        throw new InvalidTargetsError(file, '/files/', 'expected a non-empty glob as key');
      }
      config.files.push({
        glob,
        thresholds: readThresholds(file, `/files/${escapePointer(glob)}`, t),
      });
    }
  }
  if (data.baseline !== undefined) config.baseline = parseBaselineSettings(file, data.baseline);
  if (data.reporters !== undefined) config.reporters = readReporters(file, data.reporters);
  return config;
}

const PERCENT_FIELD: Record<Metric, keyof CoverageSummary> = {
  lines: 'percent_lines_covered',
  statements: 'percent_statements_covered',
  branches: 'percent_branches_covered',
  functions: 'percent_functions_covered',
  percent_covered: 'percent_covered',
};

/** Percentage of `metric` in `summary`. */
export function metricPercent(summary: CoverageSummary, metric: Metric): number {
  return summary[PERCENT_FIELD[metric]];
}

/** Number of uncovered items of `metric` (for `percent_covered`: statements plus branches). */
export function metricUncovered(summary: CoverageSummary, metric: Metric): number {
  switch (metric) {
    case 'lines':
      return summary.num_lines - summary.covered_lines;
    case 'statements':
      return summary.num_statements - summary.covered_statements;
    case 'branches':
      return summary.num_branches - summary.covered_branches;
    case 'functions':
      return summary.num_functions - summary.covered_functions;
    case 'percent_covered':
      return (
        summary.num_statements -
        summary.covered_statements +
        summary.num_branches -
        summary.covered_branches
      );
  }
}

/** Checks `summary` against `thresholds`: one failure per missed metric, in {@link METRICS} order. */
export function checkThresholds(
  summary: CoverageSummary,
  thresholds: Thresholds,
  scope: TargetFailure['scope'],
  name: string,
  rule: string,
): TargetFailure[] {
  const failures: TargetFailure[] = [];
  for (const metric of METRICS) {
    const required = thresholds[metric];
    if (required === undefined) continue;
    const actual = required < 0 ? metricUncovered(summary, metric) : metricPercent(summary, metric);
    const missed = required < 0 ? actual > -required : actual < required;
    if (missed) failures.push({ scope, name, rule, metric, actual, required, kind: 'threshold' });
  }
  return failures;
}

/** What {@link evaluateTargets} checks. */
export interface TargetsSubject {
  files: Readonly<Record<string, { package: string; summary: CoverageSummary }>>;
  packages: Readonly<Record<string, CoverageSummary>>;
  totals: CoverageSummary;
}

/** The result of {@link evaluateTargets}. */
export interface TargetsEvaluation {
  failures: TargetFailure[];
  /** The rule that applied to each file with one. */
  fileTargets: Record<string, FileTarget>;
}

/**
 * Checks the total, per-package and per-file rules. The last file rule matching a file wins;
 * a file rule matching no file throws {@link RuleMatchesNothingError}, a package that is neither in
 * `knownPackages` nor in the coverage throws {@link UnknownPackageError}. Failures are sorted:
 * total, then packages, then files, each by name.
 */
export function evaluateTargets(
  subject: TargetsSubject,
  targets: TargetsConfig,
  knownPackages: readonly string[] = [],
): TargetsEvaluation {
  const failures: TargetFailure[] = [];
  if (targets.total !== undefined) {
    failures.push(...checkThresholds(subject.totals, targets.total, 'total', 'total', 'total'));
  }
  const known = new Set([...knownPackages, ...Object.keys(subject.packages)]);
  for (const name of Object.keys(targets.packages).sort()) {
    if (!known.has(name)) {
      throw new UnknownPackageError(
        targets.file,
        `/packages/${escapePointer(name)}`,
        name,
        [...known].sort(),
      );
    }
    const summary = subject.packages[name];
    if (summary === undefined) continue;
    failures.push(
      ...checkThresholds(
        summary,
        targets.packages[name] as Thresholds,
        'package',
        name,
        `packages.${name}`,
      ),
    );
  }
  const matchers = targets.files.map((rule) => ({
    rule,
    isMatch: picomatch(rule.glob, { dot: true }),
  }));
  const used = new Set<number>();
  const fileTargets: Record<string, FileTarget> = {};
  for (const path of Object.keys(subject.files).sort()) {
    let winner: number | undefined;
    matchers.forEach((m, i) => {
      if (m.isMatch(path)) {
        used.add(i);
        winner = i;
      }
    });
    if (winner === undefined) continue;
    const { rule } = matchers[winner] as (typeof matchers)[number];
    const entry = subject.files[path] as { summary: CoverageSummary };
    const missed = checkThresholds(entry.summary, rule.thresholds, 'file', path, rule.glob);
    failures.push(...missed);
    fileTargets[path] = { rule: rule.glob, thresholds: rule.thresholds, met: missed.length === 0 };
  }
  matchers.forEach((m, i) => {
    if (!used.has(i)) {
      throw new RuleMatchesNothingError(
        targets.file,
        `/files/${escapePointer(m.rule.glob)}`,
        m.rule.glob,
      );
    }
  });
  return { failures, fileTargets };
}
