import { existsSync } from 'node:fs';
import { atomVitestConfig } from '../../vitest.shared.ts';

// The browser suite needs Chromium; without it the file is not collected (never skipped).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromium);
console.log(
  hasChromium
    ? `coverage-report: browser tests run in Chromium at ${chromium}`
    : `coverage-report: no Chromium at ${chromium}; test/**/*.browser.test.ts not collected`,
);

export default atomVitestConfig({
  exclude: hasChromium ? [] : ['test/**/*.browser.test.ts'],
});
