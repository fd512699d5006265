import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/index.js';
import type { Schema } from './tables.js';
import { ModelsConfigError } from './errors.js';
import { normalizeDbError } from './normalize-db-error.js';

/**
 * The driver-independent Drizzle database type (also the type of a transaction's `tx`, which
 * extends it): use it for functions that accept either.
 */
export type AtomDatabase = PgDatabase<PgQueryResultHKT, Schema>;

/** The drivers {@link createDb} and {@link createEmbeddedDb} use. */
export type Driver = 'postgres' | 'pglite';

/** A typed database handle with the relational query API (`db.query.*`) and a `close()`. */
export type Db = AtomDatabase & {
  /** Which driver runs the queries. */
  readonly driver: Driver;
  /** Closes the connection pool (postgres.js) or the embedded database (PGlite). */
  close(): Promise<void>;
};

/** The committed drizzle-kit migrations (`packages/models/drizzle/`). */
export const MIGRATIONS_FOLDER: string = fileURLToPath(new URL('../drizzle', import.meta.url));

const migrators = new WeakMap<Db, () => Promise<void>>();

/** Options of {@link createDb}. */
export interface CreateDbOptions {
  /** Maximum number of pooled connections (default 10). */
  max?: number;
}

/**
 * Connects to a PostgreSQL server through postgres.js.
 *
 * @param url - a `postgres://` connection URL.
 */
export function createDb(url: string, options: CreateDbOptions = {}): Db {
  if (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url)) {
    throw new ModelsConfigError(
      `createDb expected a postgres:// or postgresql:// URL, received ${JSON.stringify(url)}`,
    );
  }
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => undefined });
  const inner = drizzlePostgres({ client, schema });
  const db = Object.assign(inner as unknown as AtomDatabase, {
    driver: 'postgres' as const,
    close: () => client.end(),
  });
  migrators.set(db, () => migratePostgres(inner, { migrationsFolder: MIGRATIONS_FOLDER }));
  return db;
}

/** Options of {@link createEmbeddedDb}. */
export interface CreateEmbeddedDbOptions {
  /** Directory of an on-disk database; in memory when omitted. */
  dataDir?: string;
}

/**
 * Opens an embedded PostgreSQL (PGlite): in memory by default, or on disk with `dataDir` (created,
 * with its parents, when missing).
 *
 * @throws ModelsConfigError naming `dataDir` when it cannot be created (a file is in the way, no
 *   permission).
 */
export async function createEmbeddedDb(options: CreateEmbeddedDbOptions = {}): Promise<Db> {
  const { dataDir } = options;
  if (dataDir !== undefined) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (e) {
      throw new ModelsConfigError(
        `createEmbeddedDb could not create dataDir ${JSON.stringify(dataDir)}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }
  const client = dataDir === undefined ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  return wrapPglite(client);
}

function wrapPglite(client: PGlite): Db {
  const inner = drizzlePglite({ client, schema });
  const db = Object.assign(inner as unknown as AtomDatabase, {
    driver: 'pglite' as const,
    close: () => client.close(),
  });
  migrators.set(db, () => migratePglite(inner, { migrationsFolder: MIGRATIONS_FOLDER }));
  return db;
}

/**
 * Applies the committed migrations in `packages/models/drizzle/` with drizzle's migrator (idempotent:
 * already applied migrations are skipped).
 *
 * @throws DatabaseUnreachableError naming host and port when the server cannot be reached.
 */
export async function migrate(db: Db): Promise<void> {
  const run = migrators.get(db);
  if (run === undefined) {
    throw new ModelsConfigError('migrate expected a Db made by createDb or createEmbeddedDb');
  }
  try {
    await run();
  } catch (e) {
    throw normalizeDbError(e);
  }
}
