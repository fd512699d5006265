import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { committedApi, publicApi } from '../../../test-setup/public-api.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('public API', () => {
  it('matches api/exports.txt (run `pnpm api:update` after a deliberate change)', () => {
    expect(publicApi(root)).toEqual(committedApi(root));
  }, 120_000);

  it('the runtime exports of the main entry are the value exports listed', async () => {
    const runtime = Object.keys(await import('../src/index.js')).sort();
    const listed = committedApi(root)
      .filter((l) => l.startsWith('. value '))
      .map((l) => l.slice('. value '.length))
      .sort();
    expect(runtime).toEqual(listed);
  });

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
});
