import type { CoverageMap } from 'istanbul-lib-coverage';
import picomatch from 'picomatch';
import { compareBaseline, regressionFailures } from './baseline.js';
import type { BaselineData } from './baseline.js';
import { computePriorities } from './priorities.js';
import { summarizeFile, sumSummaries } from './summarize.js';
import { evaluateTargets } from './targets.js';
import type { TargetsConfig } from './targets.js';
import type { CoverageJson, CoverageMeta, CoverageSummary, FileEntry, InputInfo } from './types.js';

/** Inputs of {@link buildCoverageJson}. */
export interface BuildCoverageJsonOptions {
  /** The merged map, keyed by `<root>/<repo-relative path>`. */
  map: CoverageMap;
  /** The absolute root the map's keys start with. */
  root: string;
  /** Package of a repo-relative path. */
  packageOf: (path: string) => string;
  inputs: InputInfo[];
  /** Version of the tool. */
  version: string;
  /** ISO 8601 date (see {@link generatedAt}). */
  generatedAt: string;
  commit?: string;
  /** Source globs to keep (default: all). */
  include?: readonly string[];
  /** Source globs to drop. */
  exclude?: readonly string[];
  targets?: TargetsConfig;
  /** Package names of the workspace (for the unknown-package check). */
  knownPackages?: readonly string[];
  baseline?: { file: string; data: BaselineData };
}

/**
 * The date `coverage.json` records: `SOURCE_DATE_EPOCH` (seconds) when set, else `now`, as ISO 8601.
 */
export function generatedAt(
  env: Readonly<Record<string, string | undefined>>,
  now: () => Date,
): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) {
    return new Date(Number(epoch.trim()) * 1000).toISOString();
  }
  return now().toISOString();
}

/** Repo-relative paths of the map that pass `include` / `exclude`, sorted. */
export function selectFiles(
  map: CoverageMap,
  root: string,
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): string[] {
  const prefix = `${root}/`;
  const isIncluded = include.length > 0 ? picomatch([...include], { dot: true }) : () => true;
  const isExcluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  return map
    .files()
    .map((key) => (key.startsWith(prefix) ? key.slice(prefix.length) : key))
    .filter((p) => isIncluded(p) && !isExcluded(p))
    .sort();
}

/**
 * Builds `coverage.json` from a merged map: per-file entries (package, summary, executed and missing
 * lines, missing branches and functions, the target that applied), per-package and total summaries
 * (sums of the files' counts), priorities, the targets verdict and the baseline comparison.
 * Throws the targets' validation errors (unknown package, rule matching nothing).
 */
export function buildCoverageJson(options: BuildCoverageJsonOptions): CoverageJson {
  const files: Record<string, FileEntry> = {};
  for (const path of selectFiles(options.map, options.root, options.include, options.exclude)) {
    const data = options.map.fileCoverageFor(`${options.root}/${path}`).data;
    files[path] = { package: options.packageOf(path), ...summarizeFile(data) };
  }
  const byPackage = new Map<string, CoverageSummary[]>();
  for (const entry of Object.values(files)) {
    const list = byPackage.get(entry.package) ?? [];
    list.push(entry.summary);
    byPackage.set(entry.package, list);
  }
  const packages: Record<string, CoverageSummary> = {};
  for (const name of [...byPackage.keys()].sort())
    packages[name] = sumSummaries(byPackage.get(name) as CoverageSummary[]);
  const totals = sumSummaries(Object.values(files).map((f) => f.summary));
  const subject = { files, packages, totals };

  const evaluation = options.targets
    ? evaluateTargets(subject, options.targets, options.knownPackages)
    : { failures: [], fileTargets: {} };
  for (const [path, target] of Object.entries(evaluation.fileTargets)) {
    (files[path] as FileEntry).target = target;
  }
  const failures = [...evaluation.failures];
  const meta: CoverageMeta = {
    format: 1,
    tool: '@atom/coverage-report',
    version: options.version,
    generated_at: options.generatedAt,
    root: '.',
    ...(options.commit !== undefined ? { commit: options.commit } : {}),
    inputs: options.inputs,
  };
  const result: CoverageJson = {
    meta,
    files,
    packages,
    totals,
    priorities: computePriorities(files),
    targets: { met: true, failures: [] },
  };
  if (options.baseline !== undefined) {
    const comparison = compareBaseline(subject, options.baseline.data, options.baseline.file);
    result.baseline = comparison;
    if (options.targets?.baseline !== undefined) {
      failures.push(
        ...regressionFailures(
          comparison,
          options.targets.baseline.maxDrop,
          options.targets,
          evaluation.fileTargets,
        ),
      );
    }
  }
  result.targets = { met: failures.length === 0, failures };
  return result;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    // Arrays of numbers (line lists) are copied as they are: the common, hot case.
    return typeof value[0] === 'number' ? value : value.map(sortKeys);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Serialises any JSON value deterministically: object keys sorted at every level, arrays in order,
 * two-space indentation and a trailing newline. The same value always gives the same bytes.
 */
export function serializeDeterministic(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** Serialises `coverage.json` deterministically (see {@link serializeDeterministic}). */
export function serializeCoverageJson(coverage: CoverageJson): string {
  return serializeDeterministic(coverage);
}
