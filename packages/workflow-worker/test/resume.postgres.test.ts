// Resume across processes: a resume job meets a run that another drive holds, that another owner
// still releases, or whose lease is lost before the resume is applied; a resume applies only to the
// pause it was sent for.
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { addDriveJob } from '../src/queue.js';
import { DRIVE_TASK, LEASES_TABLE } from '../src/schema-sql.js';
import { useWorkerSuite } from './worker-suite.js';
import { until } from './helpers.js';

describe('resume (postgres)', () => {
  const suite = useWorkerSuite();
  const { h, workers, leaseRows } = suite;

  /** Submits a run that pauses for `input.x`; returns once its worker has let go of it. */
  const pausedRun = async (): Promise<string> => {
    const id = await suite.client.submit({
      id: 'needs',
      steps: [{ id: 'a', service: 'work', depends_on: [], parameters: { x: '${input.x}' } }],
    });
    expect((await suite.client.result(id)).status).toBe('PAUSED');
    await until(async () => (await leaseRows(id)).length === 0);
    return id;
  };

  /** Runs `body` while another connection holds `table` locked, then lets go. */
  const whileLocked = async (table: string, body: () => Promise<void>): Promise<void> => {
    const locker = new pg.Client({ connectionString: h.url() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      await body();
      await locker.query('COMMIT');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  };

  /** The paused run `id` is resumed with x = 7 and completes. */
  const expectResumed = async (id: string): Promise<void> => {
    // resume() waits at most a lease for a worker to take it; PAUSED also settles result().
    await until(async () => (await suite.client.get(id)).status !== 'PAUSED', 20_000);
    expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
      status: 'COMPLETED',
      outputs: { a: { x: 7 } },
    });
  };

  const jobCount = async (where: ReturnType<typeof sql>): Promise<number> =>
    (await executeRows(h.db(), sql`SELECT 1 FROM graphile_worker._private_jobs WHERE ${where}`))
      .length;

  it('a resume that arrives while the previous owner still holds the lease runs once it expires', async () => {
    await workers.start({ work: ({ params }) => params });
    const id = await pausedRun();
    // The previous owner is still releasing: its lease lives 700 ms more.
    await h.db().execute(
      sql`INSERT INTO atom_worker_leases (execution_id, owner, expires_at)
          VALUES (${id}, 'slow-owner', now() + interval '700 milliseconds')`,
    );
    const t0 = Date.now();
    expect(await suite.client.resume(id, { x: 7 })).toBe(true);
    await expectResumed(id);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600);
  });

  it('a resume that arrives while this worker holds the run for another drive is kept, not dropped', async () => {
    await workers.start({ work: ({ params }) => params });
    const id = await pausedRun();
    // Hold the step table locked: a drive without a resume (a hand-over's) takes the lease and its
    // load waits, so the worker holds the run when the resume's job is taken.
    await whileLocked('workflow_step_executions', async () => {
      const acquired = workers.events.filter((e) => e.type === 'lease.acquired').length;
      await addDriveJob(h.db(), { executionId: id, from: 'gone' });
      await until(
        () => workers.events.filter((e) => e.type === 'lease.acquired').length > acquired,
      );
      const job = await executeRows<{ id: string }>(
        h.db(),
        sql`SELECT (graphile_worker.add_job(${DRIVE_TASK},
              ${JSON.stringify({ executionId: id, resume: { input: { x: 7 } } })}::json)).id::text AS id`,
      );
      const jobId = job[0]!.id;
      await until(async () => (await jobCount(sql`id = ${jobId}::bigint`)) === 0);
    });
    await expectResumed(id);
  });

  it('two drives of one run taken at once by one worker: one drives it, the resume is kept', async () => {
    // The lock below also holds back heartbeats: a long lease keeps the worker row live meanwhile
    // (a worker row that expired would have its queue jobs unlocked as a dead worker's).
    await workers.start({ work: ({ params }) => params }, { leaseMs: 20_000 });
    const id = await pausedRun();
    // Hold the lease table locked: both drives wait at their lease query, then go on together.
    await whileLocked(LEASES_TABLE, async () => {
      await addDriveJob(h.db(), { executionId: id, from: 'gone' });
      await addDriveJob(h.db(), { executionId: id, resume: { input: { x: 7 } } });
      await until(async () => (await jobCount(sql`locked_at IS NOT NULL`)) === 2);
    });
    await expectResumed(id);
    expect(workers.events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('a resume whose lease is lost before it is applied is queued again with its input', async () => {
    await workers.start({ work: ({ params }) => params });
    const id = await pausedRun();
    const { version } = await suite.client.get(id);
    const acquired = workers.events.filter((e) => e.type === 'lease.acquired').length;
    // The resume's drive takes the lease; its load waits on the step table; meanwhile its lease row
    // goes, so the next heartbeat finds it lost.
    await whileLocked('workflow_step_executions', async () => {
      // suite.client.resume(id, { x: 7 }) would wait on the lock to read the run: its job, as it sends it.
      await addDriveJob(h.db(), { executionId: id, resume: { input: { x: 7 }, version } });
      await until(
        () => workers.events.filter((e) => e.type === 'lease.acquired').length > acquired,
      );
      await h.db().execute(sql`DELETE FROM ${sql.raw(LEASES_TABLE)} WHERE execution_id = ${id}`);
      await until(() =>
        workers.events.some((e) => e.type === 'lease.lost' && e.executionId === id),
      );
    });
    await expectResumed(id);
  });

  it('a resume applies only to the pause it was sent for', async () => {
    await workers.start({ work: ({ params }) => params });
    const id = await suite.client.submit({
      id: 'twice',
      steps: [
        { id: 'a', service: 'work', depends_on: [], parameters: { x: '${input.x}' } },
        { id: 'b', service: 'work', depends_on: ['a'], parameters: { y: '${input.y}' } },
      ],
    });
    expect((await suite.client.result(id)).status).toBe('PAUSED');
    const first = (await suite.client.get(id)).version;
    expect(await suite.client.resume(id, { x: 1 })).toBe(true);
    await until(async () => {
      const s = await suite.client.get(id);
      return s.status === 'PAUSED' && s.version !== first;
    });
    // A late copy of the first resume's job (re-queued, say) finds the second pause: it is ignored.
    const stale = { executionId: id, resume: { input: { y: 'stale' }, version: first } };
    const job = await executeRows<{ id: string }>(
      h.db(),
      sql`SELECT (graphile_worker.add_job(${DRIVE_TASK}, ${JSON.stringify(stale)}::json)).id::text AS id`,
    );
    await until(async () => (await jobCount(sql`id = ${job[0]!.id}::bigint`)) === 0);
    expect((await suite.client.get(id)).status).toBe('PAUSED');
    expect(await suite.client.resume(id, { y: 2 })).toBe(true);
    expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
      status: 'COMPLETED',
      outputs: { a: { x: 1 }, b: { y: 2 } },
    });
  });
});
