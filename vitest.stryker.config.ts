// The vitest configuration `pnpm mutation` (StrykerJS, see stryker.config.mjs) runs a package's
// tests with: the package's own suite (root = packages/<ATOM_MUTATION_PACKAGE>) without the slow
// suites that cannot be run once per mutant. Never used by `pnpm test` or CI.
import { fileURLToPath } from 'node:url';
import { atomVitestConfig } from './vitest.shared.ts';

/** Test files each package leaves out of mutation runs, and why. */
const SLOW_SUITES: Record<string, string[]> = {
  // The fault-injection run re-runs the whole engine under injected failures (~20 s per run); the
  // 100,000-node inputs take longer than a test may once instrumented.
  'workflow-engine': ['test/fault-injection.test.ts', 'test/scale.test.ts'],
  // Chromium renders the dashboard; the binary suite runs dist/, which mutants never reach; the
  // readdirSync spy mocks node:fs, which needs the fresh module graph `isolate: false` does not give.
  'coverage-report': [
    'test/**/*.browser.test.ts',
    'test/cli-binary.test.ts',
    'test/discover-inputs.reads.test.ts',
  ],
  // PGlite only: the server suites need DATABASE_URL and share a server.
  models: ['test/**/*.postgres.test.ts'],
};

const pkg = process.env.ATOM_MUTATION_PACKAGE ?? '';
if (!(pkg in SLOW_SUITES)) {
  throw new Error(
    `ATOM_MUTATION_PACKAGE must be one of ${Object.keys(SLOW_SUITES).join(', ')}, received ${JSON.stringify(pkg)}`,
  );
}
const config = atomVitestConfig({ exclude: SLOW_SUITES[pkg] });
// `pnpm mutation <package> <files> --tests <globs>`: only these test files (a quicker, lower-bound
// score on a loaded machine).
const only = (process.env.ATOM_MUTATION_TESTS ?? '').split(',').filter((g) => g !== '');

export default {
  ...config,
  root: fileURLToPath(new URL(`./packages/${pkg}/`, import.meta.url)),
  test: {
    ...config.test,
    ...(only.length > 0 ? { include: only } : {}),
    reporters: ['default'],
    coverage: { enabled: false },
    // Mutants are switched on at run time (Stryker's mutant switching), so test files need not be
    // re-imported in a fresh worker for each mutant: reusing the worker saves seconds per mutant.
    isolate: false,
  },
};
