import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMap, FileCoverageData } from 'istanbul-lib-coverage';
import type {
  BaselineComparison,
  CoverageJson,
  CoverageSummary,
  FileEntry,
  FileTarget,
  History,
  HistoryEntry,
  MissingFunction,
  PriorityEntry,
  TargetFailure,
  Tier,
} from '../src/types.js';

/** `[covered, total]`. */
export type Count = readonly [number, number];

const pct = ([covered, total]: Count): number => (total === 0 ? 100 : (100 * covered) / total);

/** A summary from counts, computed the way spec §2 says (nothing to count = 100). */
export function makeSummary(counts: {
  lines: Count;
  statements?: Count;
  branches?: Count;
  functions?: Count;
}): CoverageSummary {
  const lines = counts.lines;
  const statements = counts.statements ?? lines;
  const branches = counts.branches ?? [0, 0];
  const functions = counts.functions ?? [0, 0];
  return {
    num_statements: statements[1],
    covered_statements: statements[0],
    percent_statements_covered: pct(statements),
    num_lines: lines[1],
    covered_lines: lines[0],
    missing_lines: lines[1] - lines[0],
    percent_lines_covered: pct(lines),
    num_branches: branches[1],
    covered_branches: branches[0],
    missing_branches: branches[1] - branches[0],
    percent_branches_covered: pct(branches),
    num_functions: functions[1],
    covered_functions: functions[0],
    percent_functions_covered: pct(functions),
    percent_covered: pct([statements[0] + branches[0], statements[1] + branches[1]]),
  };
}

/** Adds summaries field by field and recomputes the percentages. */
export function sumSummaries(summaries: readonly CoverageSummary[]): CoverageSummary {
  const add = (f: (s: CoverageSummary) => number): number =>
    summaries.reduce((acc, s) => acc + f(s), 0);
  return makeSummary({
    lines: [add((s) => s.covered_lines), add((s) => s.num_lines)],
    statements: [add((s) => s.covered_statements), add((s) => s.num_statements)],
    branches: [add((s) => s.covered_branches), add((s) => s.num_branches)],
    functions: [add((s) => s.covered_functions), add((s) => s.num_functions)],
  });
}

/** One file of a sample `coverage.json`. */
export interface FileSpec {
  path: string;
  package: string;
  lines: Count;
  statements?: Count;
  branches?: Count;
  functions?: Count;
  target?: FileTarget;
  missingFunctions?: MissingFunction[];
}

/** Options of {@link makeCoverage}. */
export interface CoverageOptions {
  failures?: TargetFailure[];
  baseline?: BaselineComparison;
  commit?: string;
  generatedAt?: string;
}

function tierOf(statements: number): Tier {
  if (statements >= 500) return 1;
  if (statements >= 300) return 2;
  if (statements >= 200) return 3;
  if (statements >= 100) return 4;
  return 5;
}

const TIER_MIN: Record<Tier, number> = { 1: 500, 2: 300, 3: 200, 4: 100, 5: 0 };

/** A self-consistent sample `coverage.json` (spec §2) built from file specs. */
export function makeCoverage(
  specs: readonly FileSpec[],
  options: CoverageOptions = {},
): CoverageJson {
  const files: Record<string, FileEntry> = {};
  for (const spec of [...specs].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const summary = makeSummary(spec);
    const missing = Array.from({ length: spec.lines[1] - spec.lines[0] }, (_, i) => i + 1);
    const executed = Array.from({ length: spec.lines[0] }, (_, i) => missing.length + i + 1);
    const entry: FileEntry = {
      package: spec.package,
      summary,
      executed_lines: executed,
      missing_lines: missing,
      missing_branches: [],
      missing_functions: spec.missingFunctions ?? [],
    };
    if (spec.target !== undefined) entry.target = spec.target;
    files[spec.path] = entry;
  }
  const byPackage = new Map<string, CoverageSummary[]>();
  for (const f of Object.values(files)) {
    byPackage.set(f.package, [...(byPackage.get(f.package) ?? []), f.summary]);
  }
  const packages: Record<string, CoverageSummary> = {};
  for (const name of [...byPackage.keys()].sort())
    packages[name] = sumSummaries(byPackage.get(name)!);
  const ranked: PriorityEntry[] = Object.entries(files)
    .map(([path, f]) => ({
      path,
      package: f.package,
      tier: tierOf(f.summary.num_statements),
      num_statements: f.summary.num_statements,
      uncovered_statements: f.summary.num_statements - f.summary.covered_statements,
      percent_covered: f.summary.percent_covered,
    }))
    .filter((p) => p.uncovered_statements > 0)
    .sort((a, b) => b.uncovered_statements - a.uncovered_statements || (a.path < b.path ? -1 : 1));
  const tiers = ([1, 2, 3, 4, 5] as const).map((tier) => {
    const inTier = Object.values(files).filter((f) => tierOf(f.summary.num_statements) === tier);
    return {
      tier,
      min_statements: TIER_MIN[tier],
      files: inTier.length,
      num_statements: inTier.reduce((a, f) => a + f.summary.num_statements, 0),
      covered_statements: inTier.reduce((a, f) => a + f.summary.covered_statements, 0),
    };
  });
  const failures = options.failures ?? [];
  const coverage: CoverageJson = {
    meta: {
      format: 1,
      tool: '@atom/coverage-report',
      version: '0.0.0',
      generated_at: options.generatedAt ?? '2026-12-01T12:00:00.000Z',
      root: '.',
      inputs: [...byPackage.keys()].sort().map((name) => ({
        package: name,
        file: `${name}/coverage/coverage-final.json`,
        files: byPackage.get(name)!.length,
      })),
    },
    files,
    packages,
    totals: sumSummaries(Object.values(files).map((f) => f.summary)),
    priorities: {
      ranked,
      tiers,
      zero_coverage: Object.entries(files)
        .filter(([, f]) => f.summary.covered_statements === 0 && f.summary.num_statements > 0)
        .map(([path, f]) => ({ path, num_statements: f.summary.num_statements })),
    },
    targets: { met: failures.length === 0, failures },
  };
  if (options.commit !== undefined) coverage.meta.commit = options.commit;
  if (options.baseline !== undefined) coverage.baseline = options.baseline;
  return coverage;
}

/** A small mixed sample: two packages, one failing file target, one file at 0%. */
export function sampleCoverage(options: CoverageOptions = {}): CoverageJson {
  const withoutFailures = makeCoverage(SAMPLE_FILES);
  return makeCoverage(SAMPLE_FILES, {
    failures: [
      {
        scope: 'file',
        name: 'packages/engine/src/graph.ts',
        rule: 'packages/*/src/**/*.ts',
        metric: 'lines',
        actual: 75,
        required: 95,
        kind: 'threshold',
      },
      {
        scope: 'total',
        name: 'total',
        rule: 'total',
        metric: 'lines',
        actual: withoutFailures.totals.percent_lines_covered,
        required: 95,
        kind: 'threshold',
      },
    ],
    ...options,
  });
}

const SAMPLE_FILES: readonly FileSpec[] = [
  {
    path: 'packages/engine/src/run.ts',
    package: '@atom/engine',
    lines: [98, 100],
    branches: [19, 20],
    functions: [10, 10],
    target: { rule: 'packages/*/src/**/*.ts', thresholds: { lines: 95, branches: 90 }, met: true },
  },
  {
    path: 'packages/engine/src/graph.ts',
    package: '@atom/engine',
    lines: [150, 200],
    statements: [160, 220],
    branches: [30, 50],
    functions: [8, 12],
    target: { rule: 'packages/*/src/**/*.ts', thresholds: { lines: 95, branches: 90 }, met: false },
    missingFunctions: [
      { name: 'detectCycle', line: 40 },
      { name: 'topologicalOrder', line: 88 },
    ],
  },
  {
    path: 'packages/models/src/schema.ts',
    package: '@atom/models',
    lines: [0, 30],
    functions: [0, 3],
    missingFunctions: [{ name: 'migrate', line: 3 }],
  },
];

/** `n` history entries a day apart, with line coverage rising from 70%. */
export function makeHistory(n: number, start = Date.UTC(2026, 0, 1)): History {
  const entries: HistoryEntry[] = Array.from({ length: n }, (_, i) => {
    const totals = makeSummary({ lines: [700 + i, 1000], branches: [300 + 2 * i, 500] });
    return {
      date: new Date(start + i * 86_400_000).toISOString(),
      commit: `c${String(i).padStart(7, '0')}`,
      totals,
      packages: { '@atom/engine': totals },
    };
  });
  return { format: 1, entries };
}

/** The sample source every {@link sampleFileCoverage} describes (9 lines). */
export const SAMPLE_SOURCE = `export function covered(a: number): number {
  if (a > 0) {
    return a;
  }
  return -a;
}
export function uncovered(): string {
  return 'never';
}
`;

const loc = (sl: number, sc: number, el: number, ec: number) => ({
  start: { line: sl, column: sc },
  end: { line: el, column: ec },
});

/** Real istanbul file coverage of {@link SAMPLE_SOURCE}: `covered` ran 3 times with a > 0. */
export function sampleFileCoverage(path: string): FileCoverageData {
  return {
    path,
    statementMap: {
      '0': loc(2, 2, 4, 3),
      '1': loc(3, 4, 3, 13),
      '2': loc(5, 2, 5, 12),
      '3': loc(8, 2, 8, 17),
    },
    fnMap: {
      '0': { name: 'covered', decl: loc(1, 16, 1, 23), loc: loc(1, 43, 6, 1), line: 1 },
      '1': { name: 'uncovered', decl: loc(7, 16, 7, 25), loc: loc(7, 37, 9, 1), line: 7 },
    },
    branchMap: {
      '0': {
        loc: loc(2, 2, 4, 3),
        type: 'if',
        locations: [loc(2, 2, 4, 3), loc(2, 2, 4, 3)],
        line: 2,
      },
    },
    s: { '0': 3, '1': 3, '2': 0, '3': 0 },
    f: { '0': 3, '1': 0 },
    b: { '0': [3, 0] },
  };
}

/**
 * Writes {@link SAMPLE_SOURCE} to each repo-relative path under `root` and returns a real istanbul
 * CoverageMap of them, keyed by `absolute ? absolute : repo-relative` paths.
 */
export function sampleCoverageMap(
  root: string,
  paths: readonly string[],
  absolute = true,
): CoverageMap {
  const map = libCoverage.createCoverageMap({});
  for (const path of paths) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, SAMPLE_SOURCE);
    map.addFileCoverage(sampleFileCoverage(absolute ? file : path));
  }
  return map;
}
