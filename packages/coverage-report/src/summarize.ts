import type { FileCoverageData } from 'istanbul-lib-coverage';
import { compactFile } from './compact-coverage.js';
import type { CompactFile } from './compact-coverage.js';
import type { CoverageSummary, FileEntry, MissingFunction } from './types.js';

/** Raw counts a {@link CoverageSummary} is computed from. */
export interface CoverageCounts {
  num_statements: number;
  covered_statements: number;
  num_lines: number;
  covered_lines: number;
  num_branches: number;
  covered_branches: number;
  num_functions: number;
  covered_functions: number;
}

/** The counts of nothing: every percentage of it is 100. */
export const ZERO_COUNTS: Readonly<CoverageCounts> = Object.freeze({
  num_statements: 0,
  covered_statements: 0,
  num_lines: 0,
  covered_lines: 0,
  num_branches: 0,
  covered_branches: 0,
  num_functions: 0,
  covered_functions: 0,
});

/** `covered / total` in percent, unrounded; 100 when there is nothing to count. */
export function percent(covered: number, total: number): number {
  return total === 0 ? 100 : (covered / total) * 100;
}

/** A {@link CoverageSummary} of raw counts. */
export function summaryOf(c: CoverageCounts): CoverageSummary {
  return {
    num_statements: c.num_statements,
    covered_statements: c.covered_statements,
    percent_statements_covered: percent(c.covered_statements, c.num_statements),
    num_lines: c.num_lines,
    covered_lines: c.covered_lines,
    missing_lines: c.num_lines - c.covered_lines,
    percent_lines_covered: percent(c.covered_lines, c.num_lines),
    num_branches: c.num_branches,
    covered_branches: c.covered_branches,
    missing_branches: c.num_branches - c.covered_branches,
    percent_branches_covered: percent(c.covered_branches, c.num_branches),
    num_functions: c.num_functions,
    covered_functions: c.covered_functions,
    percent_functions_covered: percent(c.covered_functions, c.num_functions),
    percent_covered: percent(
      c.covered_statements + c.covered_branches,
      c.num_statements + c.num_branches,
    ),
  };
}

/** The summary of several summaries: counts add, percentages are recomputed. */
export function sumSummaries(summaries: Iterable<CoverageSummary>): CoverageSummary {
  const total: CoverageCounts = { ...ZERO_COUNTS };
  for (const s of summaries) {
    for (const key of Object.keys(total) as (keyof CoverageCounts)[]) total[key] += s[key];
  }
  return summaryOf(total);
}

/**
 * Executed and missing lines (each sorted) of a compact record: a line's hits are the most of its
 * statements'. Lines are indexed in a typed array when they are dense enough (the usual case, and
 * much faster in a short-lived process, where this code runs cold), else gathered in a map.
 */
function lineCoverage(c: CompactFile): { executed: number[]; missing: number[] } {
  const lines = c.statementLines;
  let maxLine = 0;
  for (let i = 0; i < lines.length; i += 1) if ((lines[i] as number) > maxLine) maxLine = lines[i]!;
  const executed: number[] = [];
  const missing: number[] = [];
  if (maxLine <= 8 * lines.length + 1024) {
    const best = new Float64Array(maxLine + 1).fill(-1);
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i] as number;
      if ((c.s[i] as number) > (best[line] as number)) best[line] = c.s[i] as number;
    }
    for (let line = 0; line <= maxLine; line += 1) {
      const hits = best[line] as number;
      if (hits > 0) executed.push(line);
      else if (hits === 0) missing.push(line);
    }
    return { executed, missing };
  }
  const lineHits = new Map<number, number>();
  for (let i = 0; i < lines.length; i += 1) {
    const hits = c.s[i] as number;
    const before = lineHits.get(lines[i] as number);
    if (before === undefined || hits > before) lineHits.set(lines[i] as number, hits);
  }
  for (const [line, hits] of lineHits) (hits > 0 ? executed : missing).push(line);
  executed.sort((a, b) => a - b);
  missing.sort((a, b) => a - b);
  return { executed, missing };
}

/** The per-file part of `coverage.json` (without `package` and `target`) of a compact record. */
export function summarizeCompact(c: CompactFile): Omit<FileEntry, 'package' | 'target'> {
  let coveredStatements = 0;
  for (let i = 0; i < c.s.length; i += 1) if ((c.s[i] as number) > 0) coveredStatements += 1;
  const { executed, missing } = lineCoverage(c);

  let coveredBranches = 0;
  const missingBranches: [number, number][] = [];
  for (let i = 0; i < c.branchLines.length; i += 1) {
    const line = c.branchLines[i] as number;
    const end = c.armStart[i + 1] as number;
    for (let k = c.armStart[i] as number; k < end; k += 1) {
      if ((c.b[k] as number) > 0) coveredBranches += 1;
      else missingBranches.push([line, k - (c.armStart[i] as number)]);
    }
  }
  missingBranches.sort((a, b) => a[0] - b[0] || a[1] - b[1]);

  let coveredFunctions = 0;
  const missingFunctions: MissingFunction[] = [];
  for (let i = 0; i < c.f.length; i += 1) {
    if ((c.f[i] as number) > 0) coveredFunctions += 1;
    else {
      missingFunctions.push({
        name: c.functionNames[i] as string,
        line: c.functionLines[i] as number,
      });
    }
  }
  missingFunctions.sort((a, b) => a.line - b.line);

  return {
    summary: summaryOf({
      num_statements: c.s.length,
      covered_statements: coveredStatements,
      num_lines: executed.length + missing.length,
      covered_lines: executed.length,
      num_branches: c.b.length,
      covered_branches: coveredBranches,
      num_functions: c.f.length,
      covered_functions: coveredFunctions,
    }),
    executed_lines: executed,
    missing_lines: missing,
    missing_branches: missingBranches,
    missing_functions: missingFunctions,
  };
}

/** The per-file part of `coverage.json` (without `package` and `target`) of one istanbul record. */
export function summarizeFile(data: FileCoverageData): Omit<FileEntry, 'package' | 'target'> {
  return summarizeCompact(compactFile(data));
}
