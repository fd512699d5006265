// The library entry: the pipeline the CLI runs (read → merge → build coverage.json → write
// reports), the renderers, history, the JSON Schema and the errors. The CLI's own parts (argument
// parsing, help text, atomic writes, HTML escaping, JSON positions) are not exported.
export { readCoverageFile } from './read-coverage.js';
export { createPathNormalizer } from './normalize-paths.js';
export type { PathNormalizer } from './normalize-paths.js';
export { mergeCoverage } from './merge-coverage.js';
export type { CoverageInput, MergeOptions, MergeResult } from './merge-coverage.js';
export { buildCoverageJson } from './coverage-json.js';
export type { BuildCoverageJsonOptions } from './coverage-json.js';
export { parseTargets } from './targets.js';
export type { BaselineSettings, FileRule, MaxDrop, TargetsConfig } from './targets.js';
export type { BaselineData } from './baseline.js';
export { DEFAULT_REPORTERS, REPORTERS } from './reporters.js';
export type { Reporter } from './reporters.js';
export { writeReports } from './report/write-reports.js';
export type { WriteReportsOptions } from './report/write-reports.js';
export type { DrillDownOptions } from './report/drill-down.js';
export { renderDashboard } from './report/dashboard.js';
export type { DashboardInput } from './report/dashboard.js';
export { renderSummaryMd } from './report/summary-md.js';
export type { SummaryMdOptions } from './report/summary-md.js';
export { renderBadge } from './report/badge.js';
export type { BadgeOptions } from './report/badge.js';
export { appendHistory, readHistory } from './history.js';
export type { AppendHistoryOptions } from './history.js';
export { coverageSchema, COVERAGE_SCHEMA_PATH } from './coverage-schema.js';
export {
  CoverageReportError,
  DuplicateKeyError,
  EmptyCoverageError,
  InstrumentationMismatchError,
  InvalidJsonError,
  InvalidShapeError,
  InvalidTargetsError,
  NoInputsError,
  NotMergedError,
  PathOutsideRootError,
  ReadError,
  RuleMatchesNothingError,
  UnknownPackageError,
  UsageError,
  isCoverageReportError,
} from './errors.js';
export type { CoverageErrorCode, CoverageErrorOptions } from './errors.js';
export { METRICS } from './types.js';
export type {
  BaselineComparison,
  CoverageJson,
  CoverageMeta,
  CoverageSummary,
  FileEntry,
  FileTarget,
  History,
  HistoryEntry,
  InputInfo,
  Metric,
  MetricDeltas,
  MissingFunction,
  Priorities,
  PriorityEntry,
  PriorityTier,
  ReportContext,
  TargetFailure,
  TargetsResult,
  Thresholds,
  Tier,
  ZeroCoverageEntry,
} from './types.js';
