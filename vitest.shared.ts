import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const fastCheckSetup = fileURLToPath(new URL('./test-setup/fast-check.ts', import.meta.url));

/** Options a package may pass to {@link atomVitestConfig}. */
export interface AtomVitestOptions {
  /** Extra setup files, run after the shared fast-check setup. */
  setupFiles?: string[];
  /** Per-test timeout in ms (default 20 000: PGlite start-up and browsers need headroom). */
  testTimeout?: number;
  /** Files excluded from coverage in addition to the defaults. */
  coverageExclude?: string[];
  /** Test files not to collect, e.g. a server suite when its server is not configured. */
  exclude?: string[];
  /** Run test files one at a time (for suites that share a server database). */
  fileParallelism?: boolean;
}

/**
 * The one vitest configuration every package uses: istanbul coverage of `src/` written to
 * `coverage/coverage-final.json`, a JSON result file `test-results.json` that `.ci/run` counts, and
 * the fast-check setup that reads `FC_SEED` / `FC_NUM_RUNS`.
 */
export function atomVitestConfig(options: AtomVitestOptions = {}) {
  return defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      exclude: ['**/node_modules/**', ...(options.exclude ?? [])],
      setupFiles: [fastCheckSetup, ...(options.setupFiles ?? [])],
      testTimeout: options.testTimeout ?? 20_000,
      hookTimeout: 60_000,
      fileParallelism: options.fileParallelism ?? true,
      reporters: ['default', 'json'],
      outputFile: { json: './test-results.json' },
      coverage: {
        enabled: true,
        provider: 'istanbul',
        include: ['src/**/*.ts'],
        exclude: ['src/**/*.d.ts', ...(options.coverageExclude ?? [])],
        reporter: ['json', 'text-summary'],
        reportsDirectory: './coverage',
        clean: true,
      },
    },
  });
}
