import type * as DrizzleKitApi from 'drizzle-kit/api';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/index.js';
import * as schema from '../../src/schema/index.js';

type Api = typeof DrizzleKitApi;
const api = createRequire(import.meta.url)('drizzle-kit/api') as Api;

describe('migrations', () => {
  it('match the schema: generating again yields no statement', async () => {
    const metaDir = join(MIGRATIONS_FOLDER, 'meta');
    const latest = readdirSync(metaDir)
      .filter((n) => n.endsWith('_snapshot.json'))
      .sort()
      .at(-1)!;
    const prev = JSON.parse(readFileSync(join(metaDir, latest), 'utf8')) as Parameters<
      Api['generateMigration']
    >[0];
    const current = api.generateDrizzleJson({ ...schema });
    expect(await api.generateMigration(prev, current)).toEqual([]);
  });

  it('the journal lists every SQL file', () => {
    const journal = JSON.parse(
      readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
    ) as {
      entries: { tag: string }[];
    };
    const files = readdirSync(MIGRATIONS_FOLDER)
      .filter((n) => n.endsWith('.sql'))
      .sort();
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
  });
});
