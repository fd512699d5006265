import { createDb, migrate } from '@atom/models';
import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import { quietLogger } from './logger.js';
import { SETUP_LOCK_KEY, WORKER_DDL } from './schema-sql.js';

/**
 * Prepares a PostgreSQL database for workers and clients, idempotently and safely from several
 * processes at once (under an advisory lock): applies `@atom/models`' migrations, graphile-worker's
 * migrations (schema `graphile_worker`) and the worker's own tables (`atom_worker_leases`,
 * `atom_worker_workers`) and status trigger. `createWorker(...).start()` calls it unless
 * `setup: false`.
 *
 * @param url - a `postgres://` connection URL.
 */
export async function setupWorkerDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SETUP_LOCK_KEY]);
    const db = createDb(url, { max: 1 });
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await runMigrations({ connectionString: url, logger: quietLogger });
    await client.query(WORKER_DDL);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SETUP_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
