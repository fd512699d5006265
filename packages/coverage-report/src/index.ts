export { main, runCli, packageVersion } from './cli.js';
export type { CliIo } from './cli.js';
export { HELP, parseArgs } from './cli-args.js';
export type { CliOptions, Command } from './cli-args.js';
export { writeFileAtomic } from './atomic-write.js';
export { compareBaseline, readBaseline, regressionFailures, validateBaseline } from './baseline.js';
export type { BaselineData } from './baseline.js';
export {
  buildCoverageJson,
  generatedAt,
  selectFiles,
  serializeCoverageJson,
  serializeDeterministic,
} from './coverage-json.js';
export type { BuildCoverageJsonOptions } from './coverage-json.js';
export { coverageSchema, COVERAGE_SCHEMA_PATH } from './coverage-schema.js';
export {
  createPackageResolver,
  defaultInputGlobs,
  discoverInputs,
  expandGlobs,
  findWorkspaceRoot,
  parsePnpmWorkspacePackages,
  readWorkspace,
} from './discover-inputs.js';
export type { Workspace, WorkspacePackage } from './discover-inputs.js';
export {
  CoverageReportError,
  EmptyCoverageError,
  InstrumentationMismatchError,
  InvalidJsonError,
  InvalidShapeError,
  InvalidTargetsError,
  NoInputsError,
  PathOutsideRootError,
  ReadError,
  RuleMatchesNothingError,
  UnknownPackageError,
  UsageError,
  escapePointer,
  isCoverageReportError,
} from './errors.js';
export type { CoverageErrorCode, CoverageErrorOptions } from './errors.js';
export {
  addHistoryEntry,
  appendHistory,
  DEFAULT_HISTORY_CAP,
  emptyHistory,
  historyEntryOf,
  parseHistory,
  readHistory,
  serializeHistory,
} from './history.js';
export type { AppendHistoryOptions } from './history.js';
export { badgeColor, renderBadge } from './report/badge.js';
export type { BadgeOptions } from './report/badge.js';
export { dashboardRows, renderDashboard } from './report/dashboard.js';
export type { DashboardFileRow, DashboardInput } from './report/dashboard.js';
export { describeFailure, formatDelta, formatPercent } from './report/format.js';
export { escapeHtml, jsonForScript } from './report/html-escape.js';
export { absoluteCoverageMap, writeIstanbulReports } from './report/istanbul-reports.js';
export type { IstanbulReportsOptions, IstanbulReportsResult } from './report/istanbul-reports.js';
export {
  appendStepSummary,
  codeSpan,
  escapeMarkdown,
  renderSummaryMd,
} from './report/summary-md.js';
export type { SummaryMdOptions } from './report/summary-md.js';
export { renderTrendChart } from './report/trend-chart.js';
export type { TrendChartOptions } from './report/trend-chart.js';
export { historyWithRun, writeReports } from './report/write-reports.js';
export type { WriteReportsOptions } from './report/write-reports.js';
export { mergeCoverage, statementSignature } from './merge-coverage.js';
export type { CoverageInput, MergeOptions, MergeResult } from './merge-coverage.js';
export { createPathNormalizer, isAbsoluteAnywhere, toPosix } from './normalize-paths.js';
export type { PathNormalizer } from './normalize-paths.js';
export { computePriorities, TIER_MIN_STATEMENTS, tierOf } from './priorities.js';
export {
  lineColumnAt,
  parseJsonText,
  readCoverageFile,
  readJsonFile,
  validateCoverageData,
} from './read-coverage.js';
export { percent, sumSummaries, summarizeFile, summaryOf, ZERO_COUNTS } from './summarize.js';
export type { CoverageCounts } from './summarize.js';
export {
  checkThresholds,
  DEFAULT_BASELINE_FILE,
  evaluateTargets,
  metricPercent,
  metricUncovered,
  parseTargets,
} from './targets.js';
export type {
  BaselineSettings,
  FileRule,
  MaxDrop,
  TargetsConfig,
  TargetsEvaluation,
  TargetsSubject,
} from './targets.js';
export { describeTargetFailure, formatPct, renderFailures, renderTable } from './terminal-table.js';
export type { TerminalOptions } from './terminal-table.js';
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
