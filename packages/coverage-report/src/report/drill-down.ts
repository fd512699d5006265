import type { CoverageJson } from '../types.js';

/** Why a file needs attention, most urgent first. */
export type AttentionReason = 'failed' | 'regressed' | 'uncovered';

/** One excerpt of a source: consecutive lines starting at `start` (1-based). */
export interface SourceHunk {
  start: number;
  lines: string[];
}

/** What the dashboard shows when a file that needs attention is opened. */
export interface DrillDownEntry {
  reason: AttentionReason;
  /** Uncovered lines as inclusive `[first, last]` ranges. */
  missing: [number, number][];
  /** Source excerpts around the uncovered lines; `null` when the source is unavailable or the budget is spent. */
  hunks: SourceHunk[] | null;
  /** Uncovered lines whose source is not shown (past the per-file cap). */
  omitted: number;
}

/** Limits of {@link buildDrillDown}. */
export interface DrillDownOptions {
  /** Characters of source, over all files, the page may embed. Default 1,000,000. */
  budget?: number;
  /** Lines shown before and after each uncovered line. Default 1. */
  context?: number;
  /** Source lines shown per file at most. Default 30. */
  maxLinesPerFile?: number;
  /** Longer source lines are cut to this many characters. Default 160. */
  maxLineLength?: number;
}

/** Consecutive numbers of sorted `lines` as inclusive ranges. */
export function lineRanges(lines: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const line of lines) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && line <= last[1] + 1) last[1] = Math.max(last[1], line);
    else ranges.push([line, line]);
  }
  return ranges;
}

/** Offsets where the lines of `source` start (lines as `source.split('\n')` gives them). */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Line `n` (1-based, at most `starts.length`) of `source`, without its `\n`. */
function lineOf(source: string, starts: readonly number[], n: number): string {
  const next = starts[n];
  return source.slice(starts[n - 1], next === undefined ? source.length : next - 1);
}

/**
 * The files that need attention, most urgent first: files that missed a target, then files whose
 * line coverage dropped against the baseline, then files with uncovered lines (most uncovered
 * statements first); ties by path.
 */
export function attentionFiles(coverage: CoverageJson): [string, AttentionReason][] {
  const failed = new Set(
    coverage.targets.failures.filter((f) => f.scope === 'file').map((f) => f.name),
  );
  const rank: Record<AttentionReason, number> = { failed: 0, regressed: 1, uncovered: 2 };
  const out: [string, AttentionReason, number][] = [];
  for (const [path, file] of Object.entries(coverage.files)) {
    const delta = coverage.baseline?.files[path]?.lines;
    const reason: AttentionReason | undefined =
      failed.has(path) || file.target?.met === false
        ? 'failed'
        : delta !== undefined && delta < 0
          ? 'regressed'
          : file.missing_lines.length > 0
            ? 'uncovered'
            : undefined;
    const uncovered = file.summary.num_statements - file.summary.covered_statements;
    if (reason !== undefined) out.push([path, reason, uncovered]);
  }
  out.sort(
    (a, b) => rank[a[1]] - rank[b[1]] || b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return out.map(([path, reason]) => [path, reason]);
}

/**
 * The drill-down data of the dashboard: for every file that needs attention (see
 * {@link attentionFiles}), its uncovered line ranges and, while the character budget lasts, the
 * source lines around them (read with `readSource`, which returns `undefined` for a source that is
 * not there). The budget keeps the page a few megabytes for thousands of files: the most urgent
 * files get their source, the rest their line ranges.
 */
export function buildDrillDown(
  coverage: CoverageJson,
  readSource: (path: string) => string | undefined,
  options: DrillDownOptions = {},
): Record<string, DrillDownEntry> {
  let budget = options.budget ?? 1_000_000;
  const context = options.context ?? 1;
  const maxLines = options.maxLinesPerFile ?? 30;
  const maxLength = options.maxLineLength ?? 160;
  const out: Record<string, DrillDownEntry> = {};
  for (const [path, reason] of attentionFiles(coverage)) {
    const file = coverage.files[path];
    /* istanbul ignore next -- attentionFiles only returns paths of coverage.files */
    if (file === undefined) continue;
    const missing = lineRanges(file.missing_lines);
    const entry: DrillDownEntry = { reason, missing, hunks: null, omitted: 0 };
    out[path] = entry;
    if (budget <= 0 || missing.length === 0) continue;
    const source = readSource(path);
    if (source === undefined) continue;
    const starts = lineStarts(source);
    const hunks: SourceHunk[] = [];
    let shown = 0;
    // The last line shown so far: the context of one range may already show the next one's lines.
    let shownTo = 0;
    for (const [first, last] of missing) {
      const from = Math.max(1, first - context, shownTo + 1);
      const to = Math.min(starts.length, last + context);
      if (shown >= maxLines || from > to) {
        entry.omitted += Math.max(0, last - Math.max(first - 1, shownTo));
        continue;
      }
      const end = Math.min(to, from + (maxLines - shown) - 1);
      const text: string[] = [];
      for (let n = from; n <= end; n += 1) {
        const l = lineOf(source, starts, n);
        const shownLine = l.length > maxLength ? `${l.slice(0, maxLength)}…` : l;
        text.push(shownLine);
        budget -= shownLine.length + 1;
      }
      shown += text.length;
      // Missing lines past `end` are not shown (context lines before `first` are not missing lines).
      if (end < last) entry.omitted += last - Math.max(end, first - 1);
      shownTo = end;
      const previous = hunks[hunks.length - 1];
      if (previous !== undefined && previous.start + previous.lines.length === from) {
        previous.lines.push(...text);
      } else hunks.push({ start: from, lines: text });
    }
    entry.hunks = hunks;
  }
  return out;
}
