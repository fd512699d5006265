import type { Db, Driver } from '@atom/models';
import { createDb, createEmbeddedDb, migrate } from '@atom/models';
import { createTestDatabase } from '@atom/models/testing';
import { afterAll, beforeAll } from 'vitest';
import { setupWorkerDatabase } from '../../src/index.js';

/** A migrated database for one test file, on one driver. */
export interface DbHarness {
  readonly driver: Driver;
  /** The database. */
  db(): Db;
}

/** One PGlite instance per test file, migrated once. */
export function usePglite(): DbHarness {
  let db: Db | undefined;
  beforeAll(async () => {
    db = await createEmbeddedDb();
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });
  return {
    driver: 'pglite',
    db: () => {
      if (db === undefined) throw new Error('harness not started');
      return db;
    },
  };
}

/** The `DATABASE_URL` server, or a clear failure. */
export function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set');
  return url;
}

/** A server database of its own for a test file (models + worker tables), dropped afterwards. */
export interface ServerHarness extends DbHarness {
  /** Its connection URL. */
  url(): string;
}

/**
 * {@link usePostgres} with the worker tables and graphile-worker's schema (`setupWorkerDatabase`)
 * when `worker` is true.
 */
export function usePostgres(options: { worker?: boolean } = {}): ServerHarness {
  const server = serverUrl();
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(server);
    if (options.worker === true) await setupWorkerDatabase(handle.url);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  const get = (): NonNullable<typeof handle> => {
    if (handle === undefined) throw new Error('harness not started');
    return handle;
  };
  return { driver: 'postgres', db: () => get().db, url: () => get().url };
}

/** Two connections to one database of its own on the server, for racing writers. */
export interface RacingHarness {
  /** The first connection. */
  db(): Db;
  /** A second, independent connection pool to the same database. */
  other(): Db;
}

/** {@link usePostgres} plus a second connection, closed before the database is dropped. */
export function useTwoServerConnections(): RacingHarness {
  const h = usePostgres();
  let other: Db | undefined;
  beforeAll(() => {
    other = createDb(h.url(), { max: 2 });
  });
  afterAll(async () => {
    await other?.close();
  });
  return {
    db: () => h.db(),
    other: () => {
      if (other === undefined) throw new Error('harness not started');
      return other;
    },
  };
}
