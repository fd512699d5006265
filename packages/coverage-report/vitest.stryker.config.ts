// Vitest configuration used only by `pnpm mutation` (StrykerJS): the Chromium dashboard suite and
// the built-binary suite (it runs dist/, which mutants never reach) are left out.
import { fileURLToPath } from 'node:url';
import { atomVitestConfig } from '../../vitest.shared.ts';

const config = atomVitestConfig({
  exclude: ['test/**/*.browser.test.ts', 'test/cli-binary.test.ts'],
});

export default {
  ...config,
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { ...config.test, reporters: ['default'], coverage: { enabled: false } },
};
