// Vitest configuration used only by `pnpm mutation` (StrykerJS): PGlite only, the PostgreSQL
// server suites are left out even when DATABASE_URL is set.
import { fileURLToPath } from 'node:url';
import { atomVitestConfig } from '../../vitest.shared.ts';

const config = atomVitestConfig({ exclude: ['test/**/*.postgres.test.ts'] });

export default {
  ...config,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { ...config.test, reporters: ['default'], coverage: { enabled: false } },
};
