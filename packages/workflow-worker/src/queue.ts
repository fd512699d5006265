import type { AtomDatabase } from '@atom/models';
import { sql } from 'drizzle-orm';
import { DRIVE_TASK, WATCH_TASK } from './schema-sql.js';

/** Payload of a drive job. */
export interface DrivePayload {
  /** The execution to start, continue or resume. */
  executionId: string;
  /** Present for a `resume`: the input merged into the PAUSED execution. */
  resume?: { input: Record<string, unknown> };
  /** Set by the watch job that removed this worker's expired lease: the owner taken over from. */
  from?: string;
}

/** Payload of a watch job. */
export interface WatchPayload {
  /** The worker whose liveness is checked. */
  owner: string;
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
    sql`SELECT graphile_worker.add_job(${DRIVE_TASK}, ${JSON.stringify(payload)}::json,
          run_at := now() + ${delayMs} * interval '1 millisecond', max_attempts := 25,
          priority := ${priority})`,
  );
}

/** Priority of the drive jobs of taken-over executions: before new submissions. */
export const TAKEOVER_PRIORITY = -10;

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
