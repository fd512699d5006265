import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { renderDashboard } from '../src/report/dashboard.js';
import { renderSummaryMd } from '../src/report/summary-md.js';
import { historyWithRun } from '../src/report/write-reports.js';
import type { CoverageJson, TargetFailure } from '../src/types.js';
import type { FileSpec } from '../test/helpers.js';
import { makeCoverage, makeHistory } from '../test/helpers.js';

/** 20 packages × 200 files with varied coverage, a baseline and ~10% failing files. */
export function largeCoverage(packages = 20, filesPerPackage = 200): CoverageJson {
  const specs: FileSpec[] = [];
  const failures: TargetFailure[] = [];
  const deltas: Record<string, { lines: number }> = {};
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let p = 0; p < packages; p += 1) {
    for (let f = 0; f < filesPerPackage; f += 1) {
      const path = `packages/pkg-${p}/src/module-${f}.ts`;
      const total = 20 + Math.floor(rand() * 600);
      const covered = Math.floor(total * (0.6 + 0.4 * rand()));
      const branches = 2 + Math.floor(rand() * 80);
      specs.push({
        path,
        package: `@bench/pkg-${p}`,
        lines: [covered, total],
        branches: [Math.floor(branches * rand()), branches],
        functions: [Math.floor(total / 20), Math.ceil(total / 20)],
        missingFunctions: [{ name: `fn${f}`, line: 10 }],
      });
      deltas[path] = { lines: (rand() - 0.5) * 4 };
      if ((100 * covered) / total < 65) {
        failures.push({
          scope: 'file',
          name: path,
          rule: 'packages/*/src/**/*.ts',
          metric: 'lines',
          actual: (100 * covered) / total,
          required: 65,
          kind: 'threshold',
        });
      }
    }
  }
  return makeCoverage(specs, {
    failures,
    baseline: {
      file: 'coverage-baseline.json',
      totals_delta: { lines: 0.4 },
      files: deltas,
      new_files: [],
      removed_files: [],
    },
  });
}

/**
 * Dashboard and summary.md generation time on a generated 4 000-file `coverage.json` with a
 * 100-run history. Prints mean time per render and the page size.
 */
export async function run(): Promise<void> {
  const coverage = largeCoverage();
  const history = historyWithRun({ coverage, history: makeHistory(99) });
  const files = Object.keys(coverage.files).length;
  const html = renderDashboard({ coverage, history });
  const bench = new Bench({ time: 2_000, warmupTime: 300 });
  bench
    .add(`renderDashboard (${files} files, ${history.entries.length} runs)`, () => {
      renderDashboard({ coverage, history });
    })
    .add(`renderSummaryMd (${files} files)`, () => {
      renderSummaryMd(coverage);
    });
  await bench.run();
  console.log('\nDashboard generation');
  const rows = bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    return {
      task: task.name,
      'mean ms': r.latency.mean.toFixed(2),
      'p99 ms': r.latency.p99.toFixed(2),
      samples: r.latency.samplesCount,
    };
  });
  console.table(rows);
  console.log(
    `dashboard size: ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MiB for ${files} files`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
