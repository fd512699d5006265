import type { CoverageMap } from 'istanbul-lib-coverage';
import { picomatch } from './picomatch.js';
import { compareBaseline, regressionFailures } from './baseline.js';
import type { BaselineData } from './baseline.js';
import { computePriorities } from './priorities.js';
import type { CompactFile } from './compact-coverage.js';
import { summarizeCompact, summarizeFile, sumSummaries } from './summarize.js';
import { evaluateTargets } from './targets.js';
import type { TargetsConfig } from './targets.js';
import type { CoverageJson, CoverageMeta, CoverageSummary, FileEntry, InputInfo } from './types.js';

/** Inputs of {@link buildCoverageJson}. */
export interface BuildCoverageJsonOptions {
  /** The merged map, keyed by `<root>/<repo-relative path>`. */
  map: CoverageMap | ReadonlyMap<string, CompactFile>;
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
  map: CoverageMap | ReadonlyMap<string, CompactFile>,
  root: string,
  include: readonly string[] = [],
  exclude: readonly string[] = [],
): string[] {
  const prefix = `${root}/`;
  const isIncluded = include.length > 0 ? picomatch([...include], { dot: true }) : () => true;
  const isExcluded = exclude.length > 0 ? picomatch([...exclude], { dot: true }) : () => false;
  const keys =
    map instanceof Map
      ? [...(map as ReadonlyMap<string, CompactFile>).keys()]
      : (map as CoverageMap).files();
  return keys
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
    const key = `${options.root}/${path}`;
    const { map } = options;
    const summary =
      map instanceof Map
        ? summarizeCompact(map.get(key) as CompactFile)
        : summarizeFile((map as CoverageMap).fileCoverageFor(key).data);
    files[path] = { package: options.packageOf(path), ...summary };
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

/** True for an array of numbers, or of arrays of numbers (line lists, `[line, arm]` pairs). */
function isFlat(value: readonly unknown[]): boolean {
  for (const item of value) {
    if (typeof item === 'number') continue;
    if (!Array.isArray(item)) return false;
    for (const inner of item as unknown[]) if (typeof inner !== 'number') return false;
  }
  return true;
}

/** Object keys as JSON strings: the same few dozen keys repeat thousands of times. */
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** A primitive as JSON (`undefined`, functions and non-finite numbers as `null`). */
function primitive(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  return JSON.stringify(value) ?? 'null';
}

/** `value` as deterministic JSON at `indent` (plain loops: it runs cold, once per run). */
function write(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (isFlat(value)) return JSON.stringify(value); // empty arrays too
    const inner = `${indent}  `;
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      out += `${i === 0 ? '\n' : ',\n'}${inner}${write(value[i], inner)}`;
    }
    return `${out}\n${indent}]`;
  }
  if (typeof value !== 'object' || value === null) return primitive(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  const inner = `${indent}  `;
  let out = '';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${out === '' ? '{\n' : ',\n'}${inner}${quoteKey(key)}: ${write(item, inner)}`;
  }
  return out === '' ? '{}' : `${out}\n${indent}}`;
}

/**
 * Serialises any JSON value deterministically: object keys sorted at every level, two-space
 * indentation, arrays of numbers (and of number pairs) on one line, and a trailing newline. The
 * same value always gives the same bytes.
 */
export function serializeDeterministic(value: unknown): string {
  return `${write(value, '')}\n`;
}

/** Serialises `coverage.json` deterministically (see {@link serializeDeterministic}). */
export function serializeCoverageJson(coverage: CoverageJson): string {
  return serializeDeterministic(coverage);
}
