// Vitest configuration used only by `pnpm mutation` (StrykerJS): the long fault-injection run is
// left out (it re-runs the whole engine under injected failures and would dominate every mutant).
import { fileURLToPath } from 'node:url';
import { atomVitestConfig } from '../../vitest.shared.ts';

const config = atomVitestConfig({ exclude: ['test/fault-injection.test.ts'] });

export default {
  ...config,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { ...config.test, reporters: ['default'], coverage: { enabled: false } },
};
