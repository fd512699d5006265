import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describePublicApi } from '../../../test-setup/public-api-suite.ts';

describePublicApi(
  fileURLToPath(new URL('..', import.meta.url)),
  () => import('../src/index.js'),
  () => {
    it('keeps the CLI internals out of the library entry', async () => {
      const runtime = Object.keys(await import('../src/index.js'));
      for (const name of [
        'main',
        'HELP',
        'parseArgs',
        'escapeHtml',
        'writeFileAtomic',
        'lineColumnAt',
      ]) {
        expect(runtime).not.toContain(name);
      }
    });
  },
);
