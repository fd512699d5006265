import type { ViteUserConfig } from 'vitest/config';
import { atomVitestConfig } from '../../vitest.shared.ts';

const hasServer = (process.env.DATABASE_URL ?? '') !== '';

// Without DATABASE_URL the server entries are not collected (never skipped); the global setup
// prints which drivers ran.
const config = atomVitestConfig({
  exclude: hasServer ? [] : ['test/**/*.postgres.test.ts'],
  coverageExclude: ['src/store/**/*.d.ts'],
});

const withDrivers: ViteUserConfig = {
  ...config,
  test: { ...config.test, globalSetup: ['./test/global-setup.ts'] },
};

export default withDrivers;
