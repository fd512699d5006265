// StrykerJS configuration for `pnpm mutation` (see scripts/mutation.mjs, which sets the package).
// One package per run, from the repository root so the sandbox holds vitest.shared.ts and
// test-setup/; node_modules are symlinked, never copied. Not part of CI.
const pkg = process.env.ATOM_MUTATION_PACKAGE;
if (pkg === undefined || pkg === '') {
  throw new Error('ATOM_MUTATION_PACKAGE is not set: run `pnpm mutation <package> [files...]`');
}
const dir = `packages/${pkg}`;
const out = `reports/mutation/${pkg}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', dir, related: true },
  coverageAnalysis: 'perTest',
  mutate: [`${dir}/src/**/*.ts`, `!${dir}/src/**/*.d.ts`, `!${dir}/src/index.ts`],
  // The machine is shared: one test-runner process unless ATOM_MUTATION_CONCURRENCY says more.
  concurrency: Number(process.env.ATOM_MUTATION_CONCURRENCY ?? 1),
  // Sandbox (never in place): an in-place run would rewrite src/ and the bin shim's mode.
  inPlace: false,
  tempDirName: `reports/mutation/.stryker-tmp`,
  ignorePatterns: ['reports', '**/coverage', '**/test-results.json', '**/.turbo', '.git'],
  incremental: true,
  incrementalFile: `${out}/stryker-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${out}/run.html` },
  jsonReporter: { fileName: `${out}/run.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  timeoutMS: 10_000,
  cleanTempDir: true,
};
