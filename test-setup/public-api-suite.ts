/**
 * The public-API test every package runs (`test/public-api.test.ts`): the exports equal the
 * committed `api/exports.txt`, and the runtime exports of the main entry are its value exports.
 */
import { describe, expect, it } from 'vitest';
import { committedApi, publicApi } from './public-api.ts';

/**
 * Declares the suite for the package at `packageRoot`; `load` imports its main entry (from
 * `src/`, so coverage and the types are the source's).
 */
export function describePublicApi(
  packageRoot: string,
  load: () => Promise<Record<string, unknown>>,
  more?: () => void,
): void {
  describe('public API', () => {
    it('matches api/exports.txt (run `pnpm api:update` after a deliberate change)', () => {
      expect(publicApi(packageRoot)).toEqual(committedApi(packageRoot));
    }, 120_000);

    it('the runtime exports of the main entry are the value exports listed', async () => {
      const runtime = Object.keys(await load()).sort();
      const listed = committedApi(packageRoot)
        .filter((l) => l.startsWith('. value '))
        .map((l) => l.slice('. value '.length))
        .sort();
      expect(runtime).toEqual(listed);
    });

    more?.();
  });
}
