import type { ViteUserConfig } from 'vitest/config';
import { atomVitestConfig } from '../../vitest.shared.ts';

const hasServer = (process.env.DATABASE_URL ?? '') !== '';

// Without DATABASE_URL the server entries are not collected (never skipped); the global setup
// prints which drivers ran.
const config = atomVitestConfig({
  exclude: hasServer ? [] : ['test/**/*.postgres.test.ts'],
  // createTestDatabase only runs against a server: without one it is not measured (rather than
  // reported as uncovered), so the PGlite-only main job still gates every file it exercises.
  coverageExclude: hasServer ? [] : ['src/testing/create-test-database.ts'],
});

const withDrivers: ViteUserConfig = {
  ...config,
  test: { ...config.test, globalSetup: ['./test/global-setup.ts'] },
};

export default withDrivers;
