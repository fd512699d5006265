// Cross-process control on the DATABASE_URL server: cancel and resume from a client that does not
// run the execution, leases never taken over while live, a lost lease, a graceful hand-back.
import type { ExecutorContext } from '@atom/workflow-engine';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowClient } from '../src/index.js';
import { ExecutionLeasedError, createWorkflowClient } from '../src/index.js';
import { addWatchJob } from '../src/queue.js';
import { usePostgres } from './db/harness.js';
import { Workers, chain, deferred, until } from './helpers.js';

/** An executor that blocks until its signal aborts (recording when) or `release()` is called. */
function blocking() {
  const started = deferred<ExecutorContext>();
  const aborted = deferred<number>();
  const calls: { step: string; attempt: number; abortedAt?: number; by: string }[] = [];
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const make =
    (by: string) =>
    (ctx: ExecutorContext): Promise<unknown> => {
      const call: (typeof calls)[number] = { step: ctx.step.id, attempt: ctx.attempt, by };
      calls.push(call);
      started.resolve(ctx);
      return new Promise((resolve, reject) => {
        ctx.signal.addEventListener('abort', () => {
          call.abortedAt = Date.now();
          aborted.resolve(call.abortedAt);
          reject(ctx.signal.reason as Error);
        });
        void released.then(() => resolve({ ok: ctx.step.id }));
      });
    };
  return {
    make,
    calls,
    started: started.promise,
    /** When the first executor's signal aborted (cancel() may resolve before the owner aborts). */
    aborted: aborted.promise,
    release: () => release(),
  };
}

describe('cross-process control (postgres)', () => {
  const h = usePostgres({ worker: true });
  const workers = new Workers(() => h.url());
  let client: WorkflowClient;
  beforeAll(() => {
    client = createWorkflowClient({ database: h.url(), leaseMs: 1500 });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => client.close());

  describe('cancel', () => {
    it('reaches the owning worker within 1 s and aborts its running executor signal', async () => {
      const b = blocking();
      await workers.start({ work: b.make('A') });
      const id = await client.submit(chain('wf', 2));
      await b.started;
      const t0 = Date.now();
      expect(await client.cancel(id, 'user asked')).toBe(true);
      const settled = Date.now() - t0;
      const aborted = (await b.aborted) - t0;
      console.log(
        `cancel: executor signal aborted ${aborted} ms after cancel(), CANCELLED after ${settled} ms`,
      );
      expect(aborted).toBeLessThanOrEqual(1000);
      const result = await client.result(id);
      expect(result).toMatchObject({ status: 'CANCELLED', reason: 'user asked' });
      expect(await client.cancel(id)).toBe(false);
    });

    it('cancels a PAUSED execution that no worker holds, under its own lease', async () => {
      await workers.start({ work: () => 1 });
      const definition = {
        id: 'needs',
        steps: [{ id: 'a', service: 'work', depends_on: [], parameters: { x: '${input.x}' } }],
      };
      const id = await client.submit(definition);
      expect(await client.result(id)).toMatchObject({
        status: 'PAUSED',
        missingInputs: ['input.x'],
      });
      expect(await client.cancel(id, 'not needed')).toBe(true);
      expect((await client.get(id)).status).toBe('CANCELLED');
    });
  });

  describe('resume', () => {
    it('resumes a PAUSED execution from another process with the new input', async () => {
      await workers.start({ work: ({ params }) => params });
      const definition = {
        id: 'needs',
        steps: [{ id: 'a', service: 'work', depends_on: [], parameters: { x: '${input.x}' } }],
      };
      const id = await client.submit(definition);
      expect((await client.result(id)).status).toBe('PAUSED');
      const t0 = Date.now();
      expect(await client.resume(id, { x: 42 })).toBe(true);
      console.log(`resume: left PAUSED ${Date.now() - t0} ms after resume()`);
      expect(Date.now() - t0).toBeLessThanOrEqual(1000);
      expect(await client.result(id)).toMatchObject({
        status: 'COMPLETED',
        outputs: { a: { x: 42 } },
      });
      expect(await client.resume(id, { x: 1 })).toBe(false);
    });
  });

  describe('leases', () => {
    it('a live lease is never taken over: recover is refused, a second worker leaves it alone', async () => {
      const b = blocking();
      const a = await workers.start({ work: b.make('A') });
      const id = await client.submit(chain('wf', 1));
      await b.started;
      const error = await client.recover(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ExecutionLeasedError);
      expect(error).toMatchObject({ code: 'WORKER_EXECUTION_LEASED', owner: a.id });
      // A drive job for the same execution reaches a second worker: it must not run it.
      await workers.start({ work: b.make('B') });
      await executeRows(
        h.db(),
        sql`SELECT graphile_worker.add_job('atom_workflow_drive', ${JSON.stringify({ executionId: id })}::json)`,
      );
      await new Promise((r) => setTimeout(r, 2500)); // over a lease: heartbeats keep it
      b.release();
      expect((await client.result(id)).status).toBe('COMPLETED');
      expect(b.calls.map((c) => c.by)).toEqual(['A']);
    });

    it('a worker that loses its lease aborts its executors and stops writing; the run continues under a new lease', async () => {
      const b = blocking();
      const a = await workers.start({ work: b.make('A') });
      const id = await client.submit(chain('wf', 2));
      await b.started;
      await workers.start({ work: b.make('B') });
      // The lease moves away (as after a long pause of A): expire it in the database.
      await h
        .db()
        .execute(
          sql`UPDATE atom_worker_leases SET expires_at = now() - interval '1 second' WHERE execution_id = ${id}`,
        );
      await until(() => b.calls.length >= 2);
      expect(b.calls[0]).toMatchObject({ by: 'A', step: 's0' });
      expect(b.calls[0]!.abortedAt).toBeDefined();
      // Whichever worker picks the takeover job up (B, or A itself once it has let go) runs attempt 2.
      expect(b.calls[1]).toMatchObject({ step: 's0', attempt: 2 });
      expect(workers.events).toContainEqual(
        expect.objectContaining({ type: 'lease.lost', executionId: id, owner: a.id }),
      );
      b.release();
      const result = await client.result(id);
      expect(result.status).toBe('COMPLETED');
      expect((await client.get(id)).steps.s0!.attempts).toBe(2); // the interrupted attempt counted
    });

    it('a worker alone takes back a lease it lost once it has let go (its executor ignores the abort)', async () => {
      // The hand-over's drive job reaches the only worker while it still runs the execution, and is
      // dropped there; the worker queues it again when its heartbeat finds the lease lost.
      const calls: number[] = [];
      const a = await workers.start({
        work: async (ctx) => {
          calls.push(ctx.attempt);
          if (ctx.attempt === 1) await new Promise((r) => setTimeout(r, 1500)); // deaf to abort
          return 'ok';
        },
      });
      const id = await client.submit(chain('wf', 1));
      await until(() => calls.length === 1);
      await h
        .db()
        .execute(
          sql`UPDATE atom_worker_leases SET expires_at = now() - interval '1 second' WHERE execution_id = ${id}`,
        );
      const result = await client.result(id, { timeoutMs: 10_000 });
      expect(result.status).toBe('COMPLETED');
      expect(calls).toEqual([1, 2]);
      expect(workers.events).toContainEqual(
        expect.objectContaining({ type: 'lease.lost', executionId: id, owner: a.id }),
      );
    });

    it("a crashed owner's expired lease is taken over by a live worker, which reports where it came from", async () => {
      // A worker died holding the execution: its lease expired, its drive job is gone. The
      // hand-over removes the lease row before the drive job runs: the payload names the owner.
      const id = await client.submit(chain('wf', 1));
      await h.db().execute(sql`DELETE FROM graphile_worker._private_jobs`);
      await h.db().execute(
        sql`INSERT INTO atom_worker_leases (execution_id, owner, expires_at)
            VALUES (${id}, 'ghost', now() - interval '1 second')`,
      );
      const b = await workers.start({ work: () => 'ok' });
      expect((await client.result(id)).status).toBe('COMPLETED');
      expect(workers.events).toContainEqual(
        expect.objectContaining({ type: 'takeover', executionId: id, owner: b.id, from: 'ghost' }),
      );
    });

    it('the watch job of a dead worker unlocks the queue jobs it held and then removes its row', async () => {
      // A worker died while its queue worker had a drive job locked: graphile-worker would keep it
      // locked for hours. A live worker's watch job unlocks it; the execution completes.
      const id = await client.submit(chain('wf', 1));
      await h.db().execute(
        sql`INSERT INTO atom_worker_workers (owner, expires_at, lease_ms, queue_ids)
            VALUES ('ghost', now() - interval '10 milliseconds', 1500, '{ghost-queue}')`,
      );
      await h
        .db()
        .execute(
          sql`UPDATE graphile_worker._private_jobs SET locked_by = 'ghost-queue', locked_at = now()`,
        );
      await addWatchJob(h.db(), 'ghost', new Date(Date.now() - 1000), 1500);
      await workers.start({ work: () => 'ok' });
      expect((await client.result(id)).status).toBe('COMPLETED');
      await until(
        async () =>
          (await executeRows(h.db(), sql`SELECT 1 FROM atom_worker_workers WHERE owner = 'ghost'`))
            .length === 0,
        5000,
      );
    });

    it('recover of an execution left RUNNING without a lease hands it to a worker', async () => {
      const id = await client.submit(chain('wf', 1));
      await h.db().execute(sql`DELETE FROM graphile_worker._private_jobs`);
      expect(await client.recover(id)).toBe(true);
      await workers.start({ work: () => 'ok' });
      expect((await client.result(id)).status).toBe('COMPLETED');
      expect(await client.recover(id)).toBe(false);
    });
  });

  describe('stop', () => {
    it('hands back what it still runs after stopTimeoutMs; another worker finishes it', async () => {
      const b = blocking();
      const a = await workers.start({ work: b.make('A') }, { stopTimeoutMs: 200 });
      const id = await client.submit(chain('wf', 1));
      await b.started;
      await workers.all.splice(0, 1)[0]!.stop();
      expect(b.calls[0]!.abortedAt).toBeDefined();
      expect(workers.events).toContainEqual(
        expect.objectContaining({ type: 'execution.handed-back', executionId: id, owner: a.id }),
      );
      b.release();
      await workers.start({ work: b.make('B') });
      expect((await client.result(id)).status).toBe('COMPLETED');
      expect(b.calls.map((c) => c.by)).toEqual(['A', 'B']);
    });
  });
});
