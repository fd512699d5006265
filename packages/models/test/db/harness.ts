import { TransactionRollbackError } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AtomDatabase, Db, Driver } from '../../src/index.js';
import {
  createDb,
  createEmbeddedDb,
  DatabaseConstraintError,
  migrate,
  normalizeDbError,
} from '../../src/index.js';
import { createTestDatabase } from '../../src/testing/create-test-database.js';

/** A migrated database for one test file, on one driver. */
export interface DbHarness {
  readonly driver: Driver;
  /** The committed database (use {@link isolated} for tests that may roll back). */
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

/** A database of its own on the `DATABASE_URL` server per test file, dropped afterwards. */
export function usePostgres(): DbHarness {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set');
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(url);
  });
  afterAll(async () => {
    await handle?.dispose();
  });
  return {
    driver: 'postgres',
    db: () => {
      if (handle === undefined) throw new Error('harness not started');
      return handle.db;
    },
  };
}

/** Two connections to one database of its own on the `DATABASE_URL` server, for racing writers. */
export interface RacingHarness {
  /** The first connection (the database's own {@link Db}). */
  db(): Db;
  /** A second, independent connection pool to the same database. */
  other(): Db;
}

/** {@link usePostgres} plus a second connection, closed before the database is dropped. */
export function useTwoServerConnections(): RacingHarness {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set');
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let other: Db | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase(url);
    other = createDb(handle.url, { max: 2 });
  });
  afterAll(async () => {
    await other?.close();
    await handle?.dispose();
  });
  return {
    db: () => {
      if (handle === undefined) throw new Error('harness not started');
      return handle.db;
    },
    other: () => {
      if (other === undefined) throw new Error('harness not started');
      return other;
    },
  };
}

/** A test whose writes are rolled back at its end (isolation on a shared database). */
export function isolated(
  h: DbHarness,
  name: string,
  fn: (tx: AtomDatabase) => Promise<void>,
): void {
  it(name, async () => {
    await rollback(h.db(), fn);
  });
}

/** Runs `fn` in a transaction that is always rolled back. */
export async function rollback(
  db: AtomDatabase,
  fn: (tx: AtomDatabase) => Promise<void>,
): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await fn(tx);
      tx.rollback();
    });
  } catch (e) {
    if (!(e instanceof TransactionRollbackError)) throw e;
  }
}

/**
 * Runs `op` in a savepoint and returns the normalised error it failed with (the outer
 * transaction stays usable); fails the test when `op` succeeds.
 */
export async function violation(
  tx: AtomDatabase,
  op: (sp: AtomDatabase) => Promise<unknown>,
): Promise<DatabaseConstraintError> {
  let failure: unknown;
  try {
    await tx.transaction(async (sp) => {
      await op(sp);
    });
  } catch (e) {
    failure = normalizeDbError(e);
  }
  expect(failure, 'expected a database error').toBeInstanceOf(DatabaseConstraintError);
  return failure as DatabaseConstraintError;
}
