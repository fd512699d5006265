import { istanbulLibCoverage } from './istanbul-lib.js';
import type { CoverageMap, CoverageMapData, FileCoverageData, Range } from 'istanbul-lib-coverage';
import { InstrumentationMismatchError, PathOutsideRootError, escapePointer } from './errors.js';
import type { PathNormalizer } from './normalize-paths.js';
import { mergeCompact } from './compact-coverage.js';
import type { CompactFile, CompactRecord } from './compact-coverage.js';

/** One parsed input of the merge. */
export interface CoverageInput {
  /** Repo-relative path of the input, used in messages. */
  file: string;
  /** The validated istanbul JSON. */
  data: CoverageMapData;
}

/** Options of {@link mergeCoverage}. */
export interface MergeOptions {
  /** Merge sources instrumented differently by two inputs (with a warning) instead of throwing. */
  allowMismatch?: boolean;
}

/** The result of {@link mergeCoverage}. */
export interface MergeResult {
  /** The merged map, keyed (and `path`-ed) by `<root>/<repo-relative path>`. */
  map: CoverageMap;
  /** Number of source files each input reported, in input order. */
  filesPerInput: number[];
  /** Warnings, e.g. mismatches merged under `allowMismatch`. */
  warnings: string[];
}

function locKey(range: Range): string {
  const { start, end } = range;
  return `${start.line}:${String(start.column)}-${end.line}:${String(end.column)}`;
}

/** A signature of a statement map: equal for the same instrumentation of the same source. */
export function statementSignature(data: Pick<FileCoverageData, 'statementMap'>): string {
  return Object.values(data.statementMap).map(locKey).sort().join(',');
}

/**
 * Thrown by the compact merger when two inputs instrumented one source differently (their shapes
 * differ): the caller merges again with istanbul's location matching.
 */
export class ShapeMismatch extends Error {
  constructor(readonly path: string) {
    super(`${path}: item shapes differ between inputs`);
  }
}

/** The result of {@link createCompactMerger}: compact records keyed by `<root>/<repo path>`. */
export interface CompactMergeResult {
  files: Map<string, CompactFile>;
  filesPerInput: number[];
}

function normalizedPath(
  normalizer: PathNormalizer,
  input: string,
  key: string,
  path: string,
): string {
  const rel = normalizer.normalize(path) ?? normalizer.normalize(key);
  if (rel === undefined) {
    throw new PathOutsideRootError(input, `/${escapePointer(key)}/path`, path, normalizer.root);
  }
  return rel;
}

/**
 * Merges inputs into compact records (see {@link CompactFile}): what `coverage.json` needs, at a
 * fraction of the memory of istanbul's map. Throws {@link ShapeMismatch} when a source is
 * instrumented differently by two inputs.
 */
export function createCompactMerger(normalizer: PathNormalizer): {
  /** Adds one input's records (see {@link readCompactRecords}); returns its number of sources. */
  add(file: string, records: Iterable<CompactRecord>): number;
  result(): CompactMergeResult;
} {
  const files = new Map<string, CompactFile>();
  const filesPerInput: number[] = [];
  return {
    add(file, records) {
      const sources = new Set<string>();
      for (const { key, path: recordPath, compact } of records) {
        const rel = normalizedPath(normalizer, file, key, recordPath);
        sources.add(rel);
        const path = `${normalizer.root}/${rel}`;
        const previous = files.get(path);
        if (previous === undefined) files.set(path, compact);
        else {
          const merged = mergeCompact(previous, compact);
          if (merged === undefined) throw new ShapeMismatch(rel);
          files.set(path, merged);
        }
      }
      filesPerInput.push(sources.size);
      return sources.size;
    },
    result: () => ({ files, filesPerInput }),
  };
}

/** Merges inputs one at a time, so that each input's text can be dropped before the next is read. */
export interface CoverageMerger {
  /** Adds one input; returns the number of source files it reported. */
  add(input: CoverageInput): number;
  /** The merge so far. */
  result(): MergeResult;
}

/**
 * An incremental {@link mergeCoverage}. A source seen once costs no copy and no comparison; the
 * statement maps are compared only when a second input reports the same source.
 */
export function createCoverageMerger(
  normalizer: PathNormalizer,
  options: MergeOptions = {},
): CoverageMerger {
  const map = istanbulLibCoverage().createCoverageMap({});
  /** The first real (non-placeholder) record of each source, for the mismatch check. */
  const seen = new Map<string, { record: FileCoverageData; file: string; signature?: string }>();
  const warnings: string[] = [];
  const filesPerInput: number[] = [];
  const check = (rel: string, record: FileCoverageData, file: string): void => {
    const previous = seen.get(rel);
    if (previous === undefined) {
      seen.set(rel, { record, file });
      return;
    }
    previous.signature ??= statementSignature(previous.record);
    if (previous.signature === statementSignature(record)) return;
    const detail = 'statement maps differ';
    if (options.allowMismatch !== true) {
      throw new InstrumentationMismatchError(rel, previous.file, file, detail);
    }
    warnings.push(
      `${rel}: instrumented differently in ${previous.file} and ${file} (${detail}); merged anyway`,
    );
  };
  return {
    add(input) {
      const sources = new Set<string>();
      for (const [key, record] of Object.entries(input.data)) {
        const rel = normalizedPath(normalizer, input.file, key, record.path);
        sources.add(rel);
        if ((record as { all?: unknown }).all !== true) check(rel, record, input.file);
        // Only what merging and reporting read: `inputSourceMap`, `hash` and the like are dropped.
        const { statementMap, fnMap, branchMap, s, f, b } = record;
        const kept: FileCoverageData & { all?: true } = {
          path: `${normalizer.root}/${rel}`,
          statementMap,
          fnMap,
          branchMap,
          s,
          f,
          b,
        };
        if ((record as { all?: unknown }).all === true) kept.all = true;
        map.addFileCoverage(kept);
      }
      filesPerInput.push(sources.size);
      return sources.size;
    },
    result: () => ({ map, filesPerInput, warnings }),
  };
}

/**
 * Merges istanbul inputs with `istanbul-lib-coverage`: hits add, items are matched by source
 * location, `all: true` placeholders lose to real data. Every key and `path` is normalised with
 * `normalizer` first (a path outside the root throws {@link PathOutsideRootError}); a source whose
 * statement map differs between two inputs throws {@link InstrumentationMismatchError} unless
 * `allowMismatch`.
 */
export function mergeCoverage(
  inputs: readonly CoverageInput[],
  normalizer: PathNormalizer,
  options: MergeOptions = {},
): MergeResult {
  const merger = createCoverageMerger(normalizer, options);
  for (const input of inputs) merger.add(input);
  return merger.result();
}
