import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { InvalidJsonError, InvalidShapeError, ReadError, UsageError } from './errors.js';
import type { CoverageJson, CoverageSummary, History, HistoryEntry } from './types.js';
import { isRecord } from './is-record.js';

/** Default number of entries kept by {@link appendHistory}. */
export const DEFAULT_HISTORY_CAP = 100;

/** Options of {@link appendHistory}. */
export interface AppendHistoryOptions {
  /** Maximum number of entries kept (the newest win). Positive integer; default 100. */
  cap?: number;
}

/** The summary fields, in the order they are written. */
const SUMMARY_KEYS: readonly (keyof CoverageSummary)[] = [
  'num_statements',
  'covered_statements',
  'percent_statements_covered',
  'num_lines',
  'covered_lines',
  'missing_lines',
  'percent_lines_covered',
  'num_branches',
  'covered_branches',
  'missing_branches',
  'percent_branches_covered',
  'num_functions',
  'covered_functions',
  'percent_functions_covered',
  'percent_covered',
];

/** A history with no entry. */
export function emptyHistory(): History {
  return { format: 1, entries: [] };
}

/** Copies a summary with its keys in canonical order. */
function canonicalSummary(summary: CoverageSummary): CoverageSummary {
  const out = {} as Record<keyof CoverageSummary, number>;
  for (const key of SUMMARY_KEYS) out[key] = summary[key];
  return out;
}

/** The history entry of one run: its date, commit, totals and per-package summaries. */
export function historyEntryOf(coverage: CoverageJson): HistoryEntry {
  const packages: Record<string, CoverageSummary> = {};
  for (const name of Object.keys(coverage.packages).sort()) {
    packages[name] = canonicalSummary(coverage.packages[name] as CoverageSummary);
  }
  const date = coverage.meta.generated_at;
  const totals = canonicalSummary(coverage.totals);
  const { commit } = coverage.meta;
  return commit === undefined ? { date, totals, packages } : { date, commit, totals, packages };
}

/** Throws unless `cap` is a positive integer. */
function checkCap(cap: number): void {
  if (!Number.isInteger(cap) || cap < 1) {
    throw new UsageError(`history cap must be a positive integer, received ${String(cap)}`);
  }
}

/**
 * Returns a new history with `entry` appended and only the newest `cap` entries kept. An entry with
 * the same date and commit as the last one is the same run written again (e.g. under
 * `SOURCE_DATE_EPOCH`) and replaces it, so re-running a build is idempotent.
 */
export function addHistoryEntry(
  history: History,
  entry: HistoryEntry,
  cap: number = DEFAULT_HISTORY_CAP,
): History {
  checkCap(cap);
  const entries = [...history.entries];
  const last = entries.at(-1);
  if (last !== undefined && last.date === entry.date && last.commit === entry.commit) entries.pop();
  entries.push(entry);
  return { format: 1, entries: entries.slice(Math.max(0, entries.length - cap)) };
}

/** Serialises a history deterministically (2-space JSON, trailing newline). */
export function serializeHistory(history: History): string {
  return `${JSON.stringify(history, null, 2)}\n`;
}

/** 1-based line and column of character `offset` in `text`. */
function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  return [before.split('\n').length, offset - before.lastIndexOf('\n')];
}

/** Parses JSON, turning a syntax error into an {@link InvalidJsonError} with line and column. */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = (error as SyntaxError).message;
    const position = /at position (\d+)/.exec(detail)?.[1];
    const [line, column] = lineColumn(
      text,
      position === undefined ? text.length : Number(position),
    );
    throw new InvalidJsonError(file, line, column, detail, error);
  }
}

/** True for a plain JSON object. */
/** Validates a summary at `pointer`, returning it with canonical key order. */
function readSummary(file: string, pointer: string, value: unknown): CoverageSummary {
  if (!isRecord(value))
    throw new InvalidShapeError(file, pointer, 'expected a coverage summary object');
  for (const key of SUMMARY_KEYS) {
    const field = value[key];
    if (typeof field !== 'number' || !Number.isFinite(field)) {
      throw new InvalidShapeError(
        file,
        `${pointer}/${key}`,
        `expected a number, received ${JSON.stringify(field) ?? 'nothing'}`,
      );
    }
  }
  return canonicalSummary(value as unknown as CoverageSummary);
}

/** Validates one entry at `pointer`. */
function readEntry(file: string, pointer: string, value: unknown): HistoryEntry {
  if (!isRecord(value))
    throw new InvalidShapeError(file, pointer, 'expected a history entry object');
  if (typeof value.date !== 'string') {
    throw new InvalidShapeError(file, `${pointer}/date`, 'expected an ISO 8601 date string');
  }
  if (value.commit !== undefined && typeof value.commit !== 'string') {
    throw new InvalidShapeError(file, `${pointer}/commit`, 'expected a string');
  }
  const totals = readSummary(file, `${pointer}/totals`, value.totals);
  if (!isRecord(value.packages)) {
    throw new InvalidShapeError(
      file,
      `${pointer}/packages`,
      'expected an object of package summaries',
    );
  }
  const packages: Record<string, CoverageSummary> = {};
  for (const name of Object.keys(value.packages).sort()) {
    const pkgPointer = `${pointer}/packages/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    packages[name] = readSummary(file, pkgPointer, value.packages[name]);
  }
  const { date, commit } = value;
  return commit === undefined ? { date, totals, packages } : { date, commit, totals, packages };
}

/**
 * Parses and validates the text of a history file. Throws {@link InvalidJsonError} or
 * {@link InvalidShapeError} (with a JSON pointer) when it is not a format-1 history.
 */
export function parseHistory(file: string, text: string): History {
  const data = parseJson(file, text.replace(/^\uFEFF/, ''));
  if (!isRecord(data)) throw new InvalidShapeError(file, '', 'expected a history object');
  if (data.format !== 1) {
    throw new InvalidShapeError(
      file,
      '/format',
      `expected 1, received ${JSON.stringify(data.format) ?? 'nothing'}`,
    );
  }
  if (!Array.isArray(data.entries))
    throw new InvalidShapeError(file, '/entries', 'expected an array');
  return {
    format: 1,
    entries: data.entries.map((entry, i) => readEntry(file, `/entries/${i}`, entry)),
  };
}

/** Reads the history at `file`; a file that does not exist is an empty history. */
export async function readHistory(file: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyHistory();
    throw new ReadError(file, error);
  }
  return parseHistory(file, text);
}

/**
 * Appends the run `coverage` to the history at `file` (created when missing), keeps the newest
 * `cap` entries, writes the file atomically and returns the new history.
 */
export async function appendHistory(
  file: string,
  coverage: CoverageJson,
  options: AppendHistoryOptions = {},
): Promise<History> {
  const cap = options.cap ?? DEFAULT_HISTORY_CAP;
  checkCap(cap);
  const history = addHistoryEntry(await readHistory(file), historyEntryOf(coverage), cap);
  await writeFileAtomic(file, serializeHistory(history));
  return history;
}
