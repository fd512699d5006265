import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMap, CoverageMapData, FileCoverageData, Range } from 'istanbul-lib-coverage';
import { InstrumentationMismatchError, PathOutsideRootError, escapePointer } from './errors.js';
import type { PathNormalizer } from './normalize-paths.js';

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
  const map = libCoverage.createCoverageMap({});
  const seen = new Map<string, { signature: string; file: string }>();
  const warnings: string[] = [];
  const filesPerInput: number[] = [];
  for (const input of inputs) {
    const sources = new Set<string>();
    for (const [key, record] of Object.entries(input.data)) {
      const rel = normalizer.normalize(record.path) ?? normalizer.normalize(key);
      if (rel === undefined) {
        throw new PathOutsideRootError(
          input.file,
          `/${escapePointer(key)}/path`,
          record.path,
          normalizer.root,
        );
      }
      sources.add(rel);
      const path = `${normalizer.root}/${rel}`;
      const isPlaceholder = (record as { all?: unknown }).all === true;
      if (!isPlaceholder) {
        const signature = statementSignature(record);
        const previous = seen.get(rel);
        if (previous === undefined) seen.set(rel, { signature, file: input.file });
        else if (previous.signature !== signature) {
          const detail = 'statement maps differ';
          if (options.allowMismatch !== true) {
            throw new InstrumentationMismatchError(rel, previous.file, input.file, detail);
          }
          warnings.push(
            `${rel}: instrumented differently in ${previous.file} and ${input.file} (${detail}); merged anyway`,
          );
        }
      }
      map.addFileCoverage({ ...record, path });
    }
    filesPerInput.push(sources.size);
  }
  return { map, filesPerInput, warnings };
}
