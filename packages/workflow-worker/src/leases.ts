import type { AtomDatabase } from '@atom/models';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { LEASES_TABLE, STATUS_CHANNEL, WORKERS_TABLE } from './schema-sql.js';

const leases = sql.raw(LEASES_TABLE);
const workers = sql.raw(WORKERS_TABLE);

/** A lease as stored. */
export interface LeaseInfo {
  /** The worker holding it. */
  owner: string;
  /** Expiry, database time. */
  expiresAt: Date;
  /** True when it has not expired (database clock). */
  live: boolean;
}

/**
 * Takes the lease of `executionId` for `owner` when there is none, it expired, or `owner` holds it
 * already. One statement; a live lease of another worker is never taken.
 *
 * @returns true when `owner` now holds the lease.
 */
export async function acquireLease(
  db: AtomDatabase,
  executionId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await executeRows<{ owner: string }>(
    db,
    sql`INSERT INTO ${leases} AS l (execution_id, owner, expires_at)
        VALUES (${executionId}, ${owner}, now() + ${leaseMs} * interval '1 millisecond')
        ON CONFLICT (execution_id) DO UPDATE
          SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, acquired_at = now()
          WHERE l.expires_at <= now() OR l.owner = EXCLUDED.owner
        RETURNING owner`,
  );
  return rows.length === 1;
}

/** The stored lease of `executionId`, or `undefined`. */
export async function readLease(
  db: AtomDatabase,
  executionId: string,
): Promise<LeaseInfo | undefined> {
  const rows = await executeRows<{ owner: string; expires_at: string | Date; live: boolean }>(
    db,
    sql`SELECT owner, expires_at, expires_at > now() AS live FROM ${leases}
        WHERE execution_id = ${executionId}`,
  );
  const row = rows[0];
  return row === undefined
    ? undefined
    : { owner: row.owner, expiresAt: new Date(row.expires_at), live: row.live };
}

/**
 * Deletes the lease of `executionId` if `owner` holds it, and announces it (`RELEASED:<id>` on the
 * status channel) to whoever waits for the owner.
 */
export async function releaseLease(
  db: AtomDatabase,
  executionId: string,
  owner: string,
): Promise<void> {
  await db.execute(
    sql`WITH d AS (
          DELETE FROM ${leases} WHERE execution_id = ${executionId} AND owner = ${owner}
          RETURNING execution_id
        )
        SELECT pg_notify(${STATUS_CHANNEL}, 'RELEASED:' || execution_id) FROM d`,
  );
}

/**
 * The heartbeat: registers or extends the worker row and every live lease of `owner` by `leaseMs`
 * (one statement). Expired leases are not renewed: they are lost. `now()` is the statement's start: a
 * renewal that waited on a lock never shortens a lease taken meanwhile.
 *
 * @returns the ids of the renewed leases.
 */
export async function renewLeases(
  db: AtomDatabase,
  owner: string,
  leaseMs: number,
): Promise<Set<string>> {
  const rows = await executeRows<{ execution_id: string }>(
    db,
    sql`WITH w AS (
          INSERT INTO ${workers} (owner, expires_at, lease_ms)
          VALUES (${owner}, now() + ${leaseMs} * interval '1 millisecond', ${leaseMs})
          ON CONFLICT (owner) DO UPDATE SET expires_at = EXCLUDED.expires_at
          RETURNING 1
        )
        UPDATE ${leases}
        SET expires_at = greatest(expires_at, now() + ${leaseMs} * interval '1 millisecond')
        WHERE owner = ${owner} AND expires_at > now()
        RETURNING execution_id`,
  );
  return new Set(rows.map((r) => r.execution_id));
}
