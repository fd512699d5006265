// A worker's own life: start/stop semantics, running(), calls after stop, a throwing event listener,
// control messages it must ignore, drive jobs with nothing to do, heartbeats that fail (leases lost
// locally within one lease) or stall (a lease taken meanwhile keeps its own length), and setup of a
// fresh database by concurrent workers.
import type { ExecutorContext } from '@atom/workflow-engine';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClosedError, createWorker, createWorkflowClient } from '../src/index.js';
import { createListener } from '../src/listener.js';
import { addDriveJob } from '../src/queue.js';
import { CONTROL_CHANNEL } from '../src/schema-sql.js';
import { usePostgres } from './db/harness.js';
import { useWorkerSuite } from './worker-suite.js';
import { Workers, chain, deferred, until } from './helpers.js';

/** An executor that blocks until released (then answers its attempt) or aborted (recorded). */
function gated() {
  const entered = deferred<ExecutorContext>();
  const gate = deferred();
  const aborts: number[] = [];
  let calls = 0;
  const work = async (ctx: ExecutorContext): Promise<unknown> => {
    calls++;
    entered.resolve(ctx);
    await new Promise<void>((resolve, reject) => {
      ctx.signal.addEventListener('abort', () => {
        aborts.push(ctx.attempt);
        reject(ctx.signal.reason as Error);
      });
      void gate.promise.then(resolve);
    });
    return { attempt: ctx.attempt };
  };
  return {
    work,
    entered: entered.promise,
    release: () => gate.resolve(),
    aborts,
    calls: () => calls,
  };
}

describe('worker lifecycle (postgres)', () => {
  const suite = useWorkerSuite();
  const { h, workers, leaseRows } = suite;

  it('start() twice registers once; stop() twice is fine; start() after stop() throws WORKER_CLOSED', async () => {
    const w = await workers.start({ work: () => 1 });
    await w.start();
    const rows = await executeRows<{ n: number }>(
      h.db(),
      sql`SELECT count(*)::int AS n FROM atom_worker_workers WHERE owner = ${w.id}`,
    );
    expect(rows[0]!.n).toBe(1);
    workers.all.splice(0);
    await w.stop();
    await w.stop();
    const after = await executeRows(
      h.db(),
      sql`SELECT owner FROM atom_worker_workers WHERE owner = ${w.id}`,
    );
    expect(after).toEqual([]);
    await expect(w.start()).rejects.toBeInstanceOf(WorkerClosedError);
    await expect(w.get('x')).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
  });

  it('a worker never started stops cleanly, then refuses calls', async () => {
    const w = createWorker({ database: h.url(), executors: {}, setup: false });
    await w.stop();
    await expect(w.submit(chain('wf', 1))).rejects.toMatchObject({
      code: 'WORKER_CLOSED',
      message: 'submit was called after the worker or client was closed',
    });
  });

  it('running() lists what it runs; submit() while stopping throws WORKER_CLOSED', async () => {
    const g = gated();
    const w = await workers.start({ work: g.work }, { stopTimeoutMs: 5000 });
    const id = await w.submit(chain('wf', 1));
    await g.entered;
    expect(w.running()).toEqual([id]);
    workers.all.splice(0);
    const stopping = w.stop();
    await expect(w.submit(chain('wf', 1))).rejects.toBeInstanceOf(WorkerClosedError);
    g.release(); // stop() waits for the running execution
    await stopping;
    expect(w.running()).toEqual([]);
    expect(await suite.client.result(id)).toMatchObject({ status: 'COMPLETED' });
    expect(g.aborts).toEqual([]);
  });

  it('a throwing onEvent listener changes nothing', async () => {
    let seen = 0;
    await workers.start(
      { work: () => 'ok' },
      {
        onEvent: () => {
          seen++;
          throw new Error('listener broke');
        },
      },
    );
    const id = await suite.client.submit(chain('wf', 2));
    expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
      status: 'COMPLETED',
    });
    await until(() => seen >= 2); // lease.acquired, lease.released: both reached the listener
  });

  it('ignores control messages that are not a cancel of an execution it holds', async () => {
    const aborted = new Set<string>();
    const gate = deferred();
    const entered = new Set<string>();
    await workers.start({
      work: async (ctx) => {
        entered.add(ctx.executionId);
        await new Promise<void>((resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            aborted.add(ctx.executionId);
            reject(ctx.signal.reason as Error);
          });
          void gate.promise.then(resolve);
        });
        return 'done';
      },
    });
    const kept = await suite.client.submit(chain('wf', 1));
    const cancelled = await suite.client.submit(chain('wf', 1));
    await until(() => entered.size === 2);
    const send = (message: unknown) =>
      h
        .db()
        .execute(
          sql`SELECT pg_notify(${CONTROL_CHANNEL}, ${typeof message === 'string' ? message : JSON.stringify(message)})`,
        );
    for (const message of [
      'not json',
      { op: 'pause', executionId: kept },
      { op: 'cancel', executionId: 42 },
      { op: 'cancel', executionId: 'someone-else' },
      { op: 'cancel', executionId: cancelled, reason: 7 },
    ]) {
      await send(message);
    }
    // Control messages reach the worker in order: once the last one is obeyed, all were seen.
    await until(() => aborted.has(cancelled));
    const result = await suite.client.result(cancelled);
    expect(result.status).toBe('CANCELLED');
    expect(result).not.toHaveProperty('reason'); // a reason that is not a string is dropped
    gate.resolve();
    expect(await suite.client.result(kept, { timeoutMs: 20_000 })).toMatchObject({
      status: 'COMPLETED',
      outputs: { s0: 'done' },
    });
    expect([...aborted]).toEqual([cancelled]);
  });

  it('a drive job for an unknown or a finished execution does nothing', async () => {
    let calls = 0;
    const w = await workers.start({
      work: () => {
        calls++;
        return 'ok';
      },
    });
    const done = await suite.client.submit(chain('wf', 1));
    await suite.client.result(done);
    await until(async () => (await leaseRows(done)).length === 0);
    await addDriveJob(h.db(), { executionId: done });
    await addDriveJob(h.db(), { executionId: 'no-such-execution' });
    await until(
      () =>
        workers.events.filter((e) => e.type === 'lease.released' && e.owner === w.id).length >= 3,
    );
    // Nothing is left behind: no lease, no drive job (the queue deletes a job once it returns).
    await until(async () => {
      const left = await executeRows<{ n: number }>(
        h.db(),
        sql`SELECT (SELECT count(*) FROM graphile_worker._private_jobs j
                     JOIN graphile_worker._private_tasks t ON t.id = j.task_id
                     WHERE t.identifier = 'atom_workflow_drive')::int
                 + (SELECT count(*) FROM atom_worker_leases)::int AS n`,
      );
      return left[0]!.n === 0;
    });
    expect(calls).toBe(1);
    expect(workers.events.filter((e) => e.type === 'error')).toEqual([]);
    expect((await suite.client.get(done)).status).toBe('COMPLETED');
  });

  it('a graceful stop leaves neither its worker row nor its watch job, even with a heartbeat in flight', async () => {
    for (let round = 0; round < 12; round++) {
      const w = createWorker({
        database: h.url(),
        executors: {},
        leaseMs: 1000,
        heartbeatMs: 1,
        takeoverCheckMs: 50,
      });
      await w.start();
      // Stop at a different point of the 1 ms heartbeat cycle each round.
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      await w.stop();
      const rows = await executeRows<{ workers: number; jobs: number }>(
        h.db(),
        sql`SELECT (SELECT count(*) FROM atom_worker_workers WHERE owner = ${w.id})::int AS workers,
             (SELECT count(*) FROM graphile_worker.jobs WHERE key = ${`watch:${w.id}`})::int AS jobs`,
      );
      expect(rows[0]).toEqual({ workers: 0, jobs: 0 });
    }
  });

  it('a cancel that arrives while the worker is still loading the execution is obeyed', async () => {
    const id = await suite.client.submit(chain('wf', 1));
    // Hold the step table locked: the worker takes the lease, then its load of the execution waits.
    const locker = new pg.Client({ connectionString: h.url() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE workflow_step_executions IN ACCESS EXCLUSIVE MODE');
      let calls = 0;
      const w = await workers.start({
        work: () => {
          calls++;
          return 'ran';
        },
      });
      await until(() =>
        workers.events.some((e) => e.type === 'lease.acquired' && e.executionId === id),
      );
      const message = JSON.stringify({ op: 'cancel', executionId: id, reason: 'early' });
      const seen = await createListener(h.url(), [CONTROL_CHANNEL]);
      const told = deferred();
      seen.on(CONTROL_CHANNEL, () => told.resolve());
      await h.db().execute(sql`SELECT pg_notify(${CONTROL_CHANNEL}, ${message})`);
      await told.promise;
      await seen.close();
      expect(w.running()).toEqual([id]);
      await locker.query('COMMIT');
      expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'CANCELLED',
        reason: 'early',
      });
      expect(calls).toBe(0);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('a lease taken while heartbeats stall keeps its own length: it is not lost with the older ones', async () => {
    const g = gated();
    const w = await workers.start({ work: g.work }, { leaseMs: 3000, heartbeatMs: 300 });
    // Stall every heartbeat (an upsert of the worker row) behind a row lock; the row, set live for
    // an hour first, keeps the worker from being taken for dead meanwhile.
    await h
      .db()
      .execute(
        sql`UPDATE atom_worker_workers SET expires_at = now() + interval '1 hour' WHERE owner = ${w.id}`,
      );
    const locker = new pg.Client({ connectionString: h.url() });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM atom_worker_workers WHERE owner = $1 FOR UPDATE', [w.id]);
      const t0 = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const id = await suite.client.submit(chain('wf', 1));
      await g.entered;
      // Past a whole lease since the last heartbeat that went through, not since the acquisition.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + 3300 - Date.now())));
      await locker.query('COMMIT');
      // A heartbeat goes through while the step still runs.
      const beats = async () =>
        (
          await executeRows<{ at: string }>(
            h.db(),
            sql`SELECT expires_at::text AS at FROM atom_worker_workers WHERE owner = ${w.id}`,
          )
        )[0]?.at;
      const first = await beats();
      await until(async () => (await beats()) !== first);
      g.release();
      expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'COMPLETED',
        outputs: { s0: { attempt: 1 } },
      });
      expect(workers.events.filter((e) => e.type === 'lease.lost')).toEqual([]);
      expect(g.calls()).toBe(1);
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    }
  });

  it('a worker whose heartbeats fail loses its leases within one lease, then the run continues', async () => {
    // Every heartbeat (an upsert of the worker row) fails while the fault is on.
    await h.db().execute(
      sql.raw(`CREATE TABLE test_heartbeat_fault (on_ boolean NOT NULL);
        INSERT INTO test_heartbeat_fault VALUES (false);
        CREATE FUNCTION test_heartbeat_fault() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (SELECT on_ FROM test_heartbeat_fault) THEN RAISE EXCEPTION 'heartbeat fault'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_heartbeat_fault BEFORE UPDATE ON atom_worker_workers
          FOR EACH ROW EXECUTE FUNCTION test_heartbeat_fault();`),
    );
    const fault = (on: boolean) => h.db().execute(sql`UPDATE test_heartbeat_fault SET on_ = ${on}`);
    try {
      const g = gated();
      const w = await workers.start(
        { work: g.work },
        { leaseMs: 1200, engine: { retry: { maxAttempts: 3, initialDelayMs: 1 } } },
      );
      const id = await suite.client.submit(chain('wf', 1));
      await g.entered;
      await fault(true);
      const t0 = Date.now();
      await until(() =>
        workers.events.some((e) => e.type === 'lease.lost' && e.executionId === id),
      );
      const lostAfter = Date.now() - t0;
      expect(lostAfter).toBeLessThanOrEqual(1200 + 1000); // one lease, plus scheduling slack
      expect(g.aborts).toEqual([1]); // the executor's signal aborted
      const heartbeatErrors = workers.events.filter(
        (e) => e.type === 'error' && e.owner === w.id && !('executionId' in e),
      );
      expect(heartbeatErrors.length).toBeGreaterThanOrEqual(1);
      await fault(false);
      g.release();
      expect(await suite.client.result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'COMPLETED',
        outputs: { s0: { attempt: 2 } },
      });
    } finally {
      await fault(false);
    }
  });
});

describe('worker setup (postgres, a database with the models only)', () => {
  const h = usePostgres();
  const workers = new Workers(() => h.url());
  afterEach(() => workers.stopAll());

  it('two workers started at once with setup: true prepare it once, and run executions', async () => {
    await Promise.all([
      workers.start({ work: () => 'a' }, { setup: true }),
      workers.start({ work: () => 'a' }, { setup: true }),
    ]);
    const own = createWorkflowClient({ database: h.url() });
    try {
      const id = await own.submit(chain('wf', 2));
      expect(await own.result(id, { timeoutMs: 20_000 })).toMatchObject({
        status: 'COMPLETED',
      });
    } finally {
      await own.close();
    }
  });
});
