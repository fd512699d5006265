// The client on its own (no worker unless a test starts one): bad input with codes, timeouts,
// calls after close, and cancel of an execution whose owner holds its lease but never answers.
import { createCelConditionEvaluator, isWorkflowValidationError } from '@atom/workflow-engine';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowClient } from '../src/index.js';
import {
  ExecutionNotFoundError,
  InvalidWorkerOptionError,
  ResultTimeoutError,
  WorkerClosedError,
  createWorkflowClient,
} from '../src/index.js';
import { releaseLease } from '../src/leases.js';
import { createListener } from '../src/listener.js';
import { CONTROL_CHANNEL } from '../src/schema-sql.js';
import { usePostgres } from './db/harness.js';
import { Workers, chain, deferred } from './helpers.js';

/** Rows of `workflow_executions` plus queued jobs: what a refused call must not change. */
const COUNT = sql`SELECT (SELECT count(*) FROM workflow_executions)::int
  + (SELECT count(*) FROM graphile_worker.jobs)::int AS n`;

describe('createWorkflowClient (postgres)', () => {
  const h = usePostgres({ worker: true });
  const workers = new Workers(() => h.url());
  let client: WorkflowClient;
  beforeAll(() => {
    client = createWorkflowClient({ database: h.url(), leaseMs: 300 });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => client.close());

  const count = async (): Promise<number> =>
    (await executeRows<{ n: number }>(h.db(), COUNT))[0]!.n;

  /** Inserts a lease of `owner` on `id` that is live for `ms`. */
  const leaseOf = (id: string, owner: string, ms: number) =>
    h.db().execute(
      sql`INSERT INTO atom_worker_leases (execution_id, owner, expires_at)
          VALUES (${id}, ${owner}, now() + ${ms} * interval '1 millisecond')`,
    );

  describe('submit refuses bad input, storing and enqueuing nothing', () => {
    it.each([
      ['an array input', [1, 2], 'input'],
      ['a null input', null, 'input'],
      ['a string input', 'x', 'input'],
    ])('%s', async (_, input, option) => {
      const before = await count();
      const error = await client
        .submit(chain('wf', 1), input as unknown as Record<string, unknown>)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidWorkerOptionError);
      expect(error).toMatchObject({ code: 'WORKER_INVALID_OPTION', option });
      expect(await count()).toBe(before);
    });

    it('an empty execution id', async () => {
      const before = await count();
      await expect(client.submit(chain('wf', 1), {}, { executionId: '' })).rejects.toMatchObject({
        code: 'WORKER_INVALID_OPTION',
        option: 'executionId',
      });
      expect(await count()).toBe(before);
    });

    it('a known execution id: DuplicateExecutionError, the first one untouched', async () => {
      await client.submit(chain('wf', 1), { n: 1 }, { executionId: 'dup' });
      const before = await count();
      await expect(
        client.submit(chain('wf', 2), { n: 2 }, { executionId: 'dup' }),
      ).rejects.toMatchObject({ code: 'WORKFLOW_DUPLICATE_EXECUTION', executionId: 'dup' });
      expect(await count()).toBe(before);
      const stored = await client.get('dup');
      expect(stored.input).toEqual({ n: 1 });
      expect(Object.keys(stored.steps)).toEqual(['s0']);
    });

    it("validates conditions with the client's own evaluator", async () => {
      const definition = {
        id: 'cond',
        steps: [
          { id: 'a', service: 'work', depends_on: [] },
          { id: 'b', service: 'work', depends_on: [{ id: 'a', condition: 'steps.a.v > 300.0' }] },
        ],
      };
      const strict = createWorkflowClient({
        database: h.url(),
        conditions: createCelConditionEvaluator({ maxLength: 5 }),
      });
      try {
        const error = await strict.submit(definition).catch((e: unknown) => e);
        expect(isWorkflowValidationError(error)).toBe(true);
        // The default evaluator accepts the same definition.
        const id = await client.submit(definition);
        expect((await client.get(id)).status).toBe('PENDING');
      } finally {
        await strict.close();
      }
    });
  });

  describe('result', () => {
    it('rejects with ResultTimeoutError when nothing runs the execution in time', async () => {
      const id = await client.submit(chain('wf', 1));
      const t0 = Date.now();
      const error = await client.result(id, { timeoutMs: 150 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResultTimeoutError);
      expect(error).toMatchObject({
        code: 'WORKER_RESULT_TIMEOUT',
        executionId: id,
        timeoutMs: 150,
      });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    });

    it.each([0, -1, 1.5, Number.NaN])('refuses timeoutMs %s', async (timeoutMs) => {
      await expect(client.result('any', { timeoutMs })).rejects.toMatchObject({
        code: 'WORKER_INVALID_OPTION',
        option: 'timeoutMs',
      });
    });

    it('waits for a worker that starts later (LISTEN, not a poll of the row)', async () => {
      const id = await client.submit(chain('wf', 2));
      const pending = client.result(id, { timeoutMs: 20_000 });
      await workers.start({ work: ({ step }) => step.id });
      expect(await pending).toMatchObject({ status: 'COMPLETED', outputs: { s0: 's0', s1: 's1' } });
    });
  });

  describe('resume and recover without a worker', () => {
    it('resume refuses a non-object input, and is false for an execution that is not PAUSED', async () => {
      const id = await client.submit(chain('wf', 1));
      await expect(
        client.resume(id, [] as unknown as Record<string, unknown>),
      ).rejects.toMatchObject({ code: 'WORKER_INVALID_OPTION', option: 'input' });
      expect(await client.resume(id, { x: 1 })).toBe(false);
    });

    it('recover of a PENDING execution without a lease enqueues one more drive job', async () => {
      const id = await client.submit(chain('wf', 1));
      const jobs = () =>
        executeRows<{ n: number }>(
          h.db(),
          sql`SELECT count(*)::int AS n FROM graphile_worker._private_jobs
              WHERE payload->>'executionId' = ${id}`,
        );
      expect((await jobs())[0]!.n).toBe(1);
      expect(await client.recover(id)).toBe(true);
      expect((await jobs())[0]!.n).toBe(2);
    });
  });

  describe('cancel', () => {
    it('cancels a PENDING execution under its own lease, and releases that lease', async () => {
      const id = await client.submit(chain('wf', 1));
      expect(await client.cancel(id, 'stop')).toBe(true);
      expect(await client.result(id)).toMatchObject({ status: 'CANCELLED', reason: 'stop' });
      const leases = await executeRows(
        h.db(),
        sql`SELECT * FROM atom_worker_leases WHERE execution_id = ${id}`,
      );
      expect(leases).toEqual([]);
      expect(await client.cancel(id)).toBe(false);
    });

    it('an owner that never answers: cancels itself once the lease could have expired', async () => {
      const id = await client.submit(chain('wf', 1));
      await leaseOf(id, 'silent-worker', 200);
      const t0 = Date.now();
      expect(await client.cancel(id, 'owner gone')).toBe(true);
      // The wait is bounded by the owner's lease + the client's leaseMs (300) + 1 s.
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(await client.result(id)).toMatchObject({ status: 'CANCELLED', reason: 'owner gone' });
    });

    /**
     * An owner holds the lease (8 s left) but releases it without cancelling (as a worker does when
     * its run settled PAUSED at that moment, or when stop() hands the run back): `cancel` must
     * notice the RELEASED notice and cancel at once, not wait for the lease it saw to expire
     * (lease left + leaseMs + 1 s; up to 2 x leaseMs + 1 s with the defaults: about a minute).
     */
    async function cancelAfterRelease(c: WorkflowClient, releaseDelayMs: number): Promise<number> {
      const id = await c.submit(chain('wf', 1));
      await leaseOf(id, 'busy-worker', 8000);
      const listener = await createListener(h.url(), [CONTROL_CHANNEL]);
      const told = deferred<string>();
      const off = listener.on(CONTROL_CHANNEL, (payload) => told.resolve(payload));
      try {
        const cancelling = c.cancel(id, 'now');
        expect(JSON.parse(await told.promise)).toEqual({
          op: 'cancel',
          executionId: id,
          reason: 'now',
        });
        await new Promise((r) => setTimeout(r, releaseDelayMs));
        await releaseLease(h.db(), id, 'busy-worker');
        const released = Date.now();
        expect(await cancelling).toBe(true);
        expect((await c.get(id)).status).toBe('CANCELLED');
        return Date.now() - released;
      } finally {
        off();
        await listener.close();
      }
    }

    it('an owner releases its lease without cancelling, the client already listening: cancels at once', async () => {
      // The client's LISTEN connection is open (a result() opened it); the release comes while the
      // client waits for the owner, after its first read.
      const warm = await client.submit(chain('wf', 1));
      await expect(client.result(warm, { timeoutMs: 1 })).rejects.toBeInstanceOf(
        ResultTimeoutError,
      );
      const waited = await cancelAfterRelease(client, 300);
      console.log(`warm client: cancel returned ${waited} ms after the owner released its lease`);
      expect(waited).toBeLessThan(3000);
    });

    it("an owner releases its lease without cancelling, cancel() being a new client's first call: cancels at once", async () => {
      const fresh = createWorkflowClient({ database: h.url(), leaseMs: 300 });
      try {
        const waited = await cancelAfterRelease(fresh, 0);
        console.log(`new client: cancel returned ${waited} ms after the owner released its lease`);
        expect(waited).toBeLessThan(3000);
      } finally {
        await fresh.close();
      }
    });
  });

  it('every method throws WorkerClosedError after close(); close() twice is fine', async () => {
    const other = createWorkflowClient({ database: h.url() });
    const id = await other.submit(chain('wf', 1));
    await other.close();
    await other.close();
    for (const [name, call] of [
      ['submit', () => other.submit(chain('wf', 1))],
      ['get', () => other.get(id)],
      ['result', () => other.result(id)],
      ['cancel', () => other.cancel(id)],
      ['resume', () => other.resume(id)],
      ['recover', () => other.recover(id)],
    ] as const) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkerClosedError);
      expect(error).toMatchObject({
        code: 'WORKER_CLOSED',
        message: `${name} was called after the worker or client was closed`,
      });
    }
    expect(await client.get(id)).toMatchObject({ executionId: id, status: 'PENDING' });
    await expect(client.get('missing')).rejects.toBeInstanceOf(ExecutionNotFoundError);
  });
});
