import type { AtomDatabase } from '@atom/models';
import { executeRows } from '@atom/models';
import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { DRIVE_TASK, LEASES_TABLE, WATCH_TASK, WORKERS_TABLE } from './schema-sql.js';

/** Payload of a drive job. */
export interface DrivePayload {
  /** The execution to start, continue or resume. */
  executionId: string;
  /**
   * Present for a `resume`: the input merged into the PAUSED execution, and the version the
   * execution had at that pause (a resume applies to the pause it was sent for, never to a later one).
   */
  resume?: { input: Record<string, unknown>; version?: number };
  /** Set when an expired lease was handed over: the owner taken over from. */
  from?: string;
}

/** Payload of a watch job. */
export interface WatchPayload {
  /** The worker whose liveness is checked. */
  owner: string;
}

/** Priority of the drive jobs of taken-over executions: before new submissions. */
export const TAKEOVER_PRIORITY = -10;

/** graphile-worker's `add_job` call of a drive job whose payload is the SQL json value `payload`. */
function driveJob(payload: SQL, delayMs: number, priority: number): SQL {
  return sql`graphile_worker.add_job(${DRIVE_TASK}, ${payload},
    run_at := now() + ${delayMs} * interval '1 millisecond', max_attempts := 25,
    priority := ${priority})`;
}

/**
 * Enqueues a drive job (graphile-worker's `add_job`; its NOTIFY wakes an idle worker at once), or
 * schedules it `delayMs` from now; a lower `priority` runs first.
 */
export async function addDriveJob(
  db: AtomDatabase,
  payload: DrivePayload,
  delayMs = 0,
  priority = 0,
): Promise<void> {
  await db.execute(
    sql`SELECT ${driveJob(sql`${JSON.stringify(payload)}::json`, delayMs, priority)}`,
  );
}

/**
 * Hands every expired lease of an owner that is not a live worker (a crashed worker, a client) to
 * the queue — a live worker that lost a lease aborts its executors first and queues it itself:
 * deletes it and enqueues, in the same
 * statement, a drive job with {@link TAKEOVER_PRIORITY} that names the previous owner. Leases locked
 * by another statement (a renewal, an acquisition, another worker's hand-over) are skipped, so that
 * any number of workers may run it at once without waiting or handing one lease over twice.
 *
 * @returns the number of leases handed over.
 */
export async function handOverExpiredLeases(db: AtomDatabase): Promise<number> {
  const rows = await executeRows<{ n: number }>(
    db,
    sql`WITH expired AS (
          DELETE FROM ${sql.raw(LEASES_TABLE)} WHERE execution_id IN (
            SELECT l.execution_id FROM ${sql.raw(LEASES_TABLE)} l WHERE l.expires_at <= now()
              AND NOT EXISTS (SELECT 1 FROM ${sql.raw(WORKERS_TABLE)} w
                WHERE w.owner = l.owner AND w.expires_at > now())
            FOR UPDATE OF l SKIP LOCKED)
          RETURNING execution_id, owner
        )
        SELECT count(${driveJob(
          sql`json_build_object('executionId', execution_id, 'from', owner)`,
          0,
          TAKEOVER_PRIORITY,
        )})::int AS n FROM expired`,
  );
  return rows[0]!.n; // an aggregate: always one row
}

/** Schedules the watch job of `owner` at `runAt` (database time), replacing any earlier one. */
export async function addWatchJob(
  db: AtomDatabase,
  owner: string,
  runAt: Date | 'lease',
  leaseMs: number,
): Promise<void> {
  const at =
    runAt === 'lease'
      ? sql`now() + ${leaseMs + 20} * interval '1 millisecond'`
      : sql`${runAt.toISOString()}::timestamptz + interval '20 milliseconds'`;
  const payload: WatchPayload = { owner };
  await db.execute(
    sql`SELECT graphile_worker.add_job(${WATCH_TASK}, ${JSON.stringify(payload)}::json,
          run_at := ${at}, job_key := ${`watch:${owner}`}, job_key_mode := 'replace',
          max_attempts := 25)`,
  );
}
