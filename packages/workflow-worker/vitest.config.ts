import type { ViteUserConfig } from 'vitest/config';
import { atomVitestConfig } from '../../vitest.shared.ts';

const hasServer = (process.env.DATABASE_URL ?? '') !== '';

// Without DATABASE_URL the server suites are not collected (never skipped), and the files only
// they exercise are not measured; the global setup prints which drivers ran.
const config = atomVitestConfig({
  exclude: hasServer ? [] : ['test/**/*.postgres.test.ts'],
  coverageExclude: hasServer
    ? ['src/cli.ts']
    : [
        'src/cli.ts',
        'src/client.ts',
        'src/worker.ts',
        'src/leases.ts',
        'src/listener.ts',
        'src/queue.ts',
        'src/setup-database.ts',
        'src/logger.ts',
        'src/result-of.ts',
        'src/errors.ts',
      ],
  testTimeout: 120_000,
  fileParallelism: false,
});

const withDrivers: ViteUserConfig = {
  ...config,
  test: { ...config.test, globalSetup: ['./test/global-setup.ts'] },
};

export default withDrivers;
