import type { CoverageMap } from 'istanbul-lib-coverage';

/** The metrics a target or a baseline delta can name. */
export type Metric = 'lines' | 'statements' | 'branches' | 'functions' | 'percent_covered';

/** Every {@link Metric}, in display order. */
export const METRICS: readonly Metric[] = [
  'lines',
  'statements',
  'branches',
  'functions',
  'percent_covered',
];

/**
 * Coverage counts of one file, one package or the whole repo, with coverage.py's field names.
 * Percentages are unrounded floats in [0, 100]; a metric with nothing to count is 100.
 */
export interface CoverageSummary {
  num_statements: number;
  covered_statements: number;
  percent_statements_covered: number;
  num_lines: number;
  covered_lines: number;
  /** Count of lines with no hit. */
  missing_lines: number;
  percent_lines_covered: number;
  num_branches: number;
  covered_branches: number;
  /** Count of branch arms with no hit. */
  missing_branches: number;
  percent_branches_covered: number;
  num_functions: number;
  covered_functions: number;
  percent_functions_covered: number;
  /** (covered statements + covered branches) / (statements + branches), as coverage.py. */
  percent_covered: number;
}

/** Thresholds of one target rule: a percentage, or (negative) a maximum count of uncovered items. */
export type Thresholds = Partial<Record<Metric, number>>;

/** The target rule that applied to a file and whether the file met it. */
export interface FileTarget {
  /** The rule's glob as written in the targets file. */
  rule: string;
  thresholds: Thresholds;
  met: boolean;
}

/** A function with no hit. */
export interface MissingFunction {
  name: string;
  line: number;
}

/** One source file of `coverage.json`. */
export interface FileEntry {
  /** The package whose folder contains the file (`"."`'s name for files outside every package). */
  package: string;
  summary: CoverageSummary;
  /** Sorted line numbers with at least one hit. */
  executed_lines: number[];
  /** Sorted line numbers with no hit. */
  missing_lines: number[];
  /** `[start line of the branch, 0-based arm]` for every arm with no hit, sorted. */
  missing_branches: [number, number][];
  missing_functions: MissingFunction[];
  target?: FileTarget;
}

/** One input file that went into the merge. */
export interface InputInfo {
  /** The package whose folder contains the input file. */
  package: string;
  /** Repo-relative POSIX path of the input. */
  file: string;
  /** Number of source files the input reported. */
  files: number;
}

/** `coverage.json`'s `meta` block. */
export interface CoverageMeta {
  /** Format version of `coverage.json`. */
  format: 1;
  tool: '@atom/coverage-report';
  /** Version of the tool that wrote the file. */
  version: string;
  /** ISO 8601; honours `SOURCE_DATE_EPOCH`. */
  generated_at: string;
  /** Always `"."`: every path is relative to the workspace root. */
  root: '.';
  commit?: string;
  inputs: InputInfo[];
}

/** Percentage-point differences per metric (current − baseline). */
export type MetricDeltas = Partial<Record<Metric, number>>;

/** Comparison of the current run against a baseline `coverage.json`. */
export interface BaselineComparison {
  /** Repo-relative path of the baseline file. */
  file: string;
  totals_delta: MetricDeltas;
  /** Deltas of the files present in both runs. */
  files: Record<string, MetricDeltas>;
  new_files: string[];
  removed_files: string[];
}

/** Size tier of a file: 1 (≥ 500 statements) … 5 (below 100). */
export type Tier = 1 | 2 | 3 | 4 | 5;

/** One file in the priority ranking. */
export interface PriorityEntry {
  path: string;
  package: string;
  tier: Tier;
  num_statements: number;
  uncovered_statements: number;
  percent_covered: number;
}

/** Aggregate of one size tier. */
export interface PriorityTier {
  tier: Tier;
  min_statements: number;
  files: number;
  num_statements: number;
  covered_statements: number;
}

/** A file with no covered statement. */
export interface ZeroCoverageEntry {
  path: string;
  num_statements: number;
}

/** "Which file next": files ranked by uncovered statements, tiers and the 0% list. */
export interface Priorities {
  ranked: PriorityEntry[];
  tiers: PriorityTier[];
  zero_coverage: ZeroCoverageEntry[];
}

/** One missed target. */
export interface TargetFailure {
  scope: 'total' | 'package' | 'file';
  /** `"total"`, the package name or the file path. */
  name: string;
  /** The rule: `"total"`, `"packages.<name>"`, the file glob, or `"baseline"`. */
  rule: string;
  metric: Metric;
  /**
   * Percentage (threshold on a percentage), uncovered count (negative threshold) or percentage
   * points lost (regression, negative).
   */
  actual: number;
  /** The threshold as written (negative = maximum uncovered), or `-maxDrop` for a regression. */
  required: number;
  kind: 'threshold' | 'regression';
}

/** The verdict of the targets and the baseline. */
export interface TargetsResult {
  met: boolean;
  failures: TargetFailure[];
}

/** The main artifact, `coverage/coverage.json`. */
export interface CoverageJson {
  meta: CoverageMeta;
  files: Record<string, FileEntry>;
  packages: Record<string, CoverageSummary>;
  totals: CoverageSummary;
  baseline?: BaselineComparison;
  priorities: Priorities;
  targets: TargetsResult;
}

/** One run in the history. */
export interface HistoryEntry {
  /** ISO 8601 date of the run (`meta.generated_at`). */
  date: string;
  commit?: string;
  totals: CoverageSummary;
  packages: Record<string, CoverageSummary>;
}

/** `coverage/history.json`: one entry per run, oldest first, capped. */
export interface History {
  format: 1;
  entries: HistoryEntry[];
}

/** Everything the report writers need. */
export interface ReportContext {
  coverage: CoverageJson;
  /**
   * The merged istanbul map, keyed by normalised absolute paths; needed only by the `json`, `lcov`,
   * `cobertura` and `html` reporters.
   */
  map?: CoverageMap;
  history: History;
  /** Absolute output directory, e.g. `<root>/coverage`. */
  outDir: string;
  /** Absolute workspace root. */
  root: string;
}
