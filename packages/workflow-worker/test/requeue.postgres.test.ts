// An execution whose run ends unfinished (a save the store could not write; a run that kept
// conflicting with a competing writer for 3 rounds) is handed back to the queue in the same
// transaction that releases its lease, and a worker completes it. A watcher checks all along that no
// execution is ever PENDING/RUNNING with neither a lease nor a drive job (it would be stuck forever:
// nothing else re-enqueues an execution without a lease).
import { fc, it as propIt } from '@fast-check/vitest';
import type { ExecutorContext } from '@atom/workflow-engine';
import type { Db } from '@atom/models';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerEvent, WorkflowClient } from '../src/index.js';
import { createWorkflowClient } from '../src/index.js';
import { usePostgres } from './db/harness.js';
import { Workers, chain, deferred, until } from './helpers.js';

/** What an executor call does to the save that records its result. */
type Fault = 'raise' | 'conflict';

/**
 * Fault injection: the executor of call k applies `script[k]` before returning. `raise` arms a
 * trigger that makes the next UPDATE of the RUNNING execution row fail (the store cannot save);
 * `conflict` bumps the row's version from another connection (a competing writer: the engine's next
 * save gets a ConcurrentModificationError). A per-execution sequence arms the trigger: `nextval` is
 * not rolled back by the failing statement, so each arming fails exactly one save.
 */
const FAULT_DDL = sql`
  CREATE TABLE IF NOT EXISTS test_save_faults (execution_id text PRIMARY KEY, seq text NOT NULL);
  CREATE OR REPLACE FUNCTION test_inject_save_fault() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE f test_save_faults;
  BEGIN
    IF OLD.status::text = 'RUNNING' THEN
      SELECT * INTO f FROM test_save_faults WHERE execution_id = NEW.execution_id;
      IF FOUND THEN
        IF nextval(f.seq::regclass) = 1 THEN
          RAISE EXCEPTION 'injected save fault for %', NEW.execution_id;
        END IF;
      END IF;
    END IF;
    RETURN NEW;
  END $$;
  DROP TRIGGER IF EXISTS test_inject_save_fault ON workflow_executions;
  CREATE TRIGGER test_inject_save_fault BEFORE UPDATE ON workflow_executions
    FOR EACH ROW EXECUTE FUNCTION test_inject_save_fault();`;

/** graphile-worker's drive jobs, as `j` (the `jobs` view has no payload). */
const DRIVE_JOBS = sql.raw(`graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t
  ON t.id = j.task_id AND t.identifier = 'atom_workflow_drive'`);

/** Executions PENDING/RUNNING with no lease row and no drive job (one statement: one snapshot). */
const ORPHANS = sql`
  SELECT e.execution_id FROM workflow_executions e
  WHERE e.status IN ('PENDING', 'RUNNING')
    AND NOT EXISTS (SELECT 1 FROM atom_worker_leases l WHERE l.execution_id = e.execution_id)
    AND NOT EXISTS (SELECT 1 FROM ${DRIVE_JOBS} WHERE j.payload->>'executionId' = e.execution_id)`;

/** Polls {@link ORPHANS} until stopped; collects every orphan seen. */
function watchOrphans(db: Db): {
  seen: Set<string>;
  checks: () => number;
  stop: () => Promise<void>;
} {
  const seen = new Set<string>();
  let checks = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const row of await executeRows<{ execution_id: string }>(db, ORPHANS)) {
        seen.add(row.execution_id);
      }
      checks++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    seen,
    checks: () => checks,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Every message in an error's `cause` chain. */
function messages(error: unknown): string {
  const out: string[] = [];
  for (let e = error; e instanceof Error; e = e.cause) out.push(e.message);
  return out.join(' <- ');
}

/**
 * The drives a worker makes of an execution whose executor calls apply `script` (then one clean
 * call): a `raise` ends the drive (the run's result rejects with the store's error); a conflict ends
 * a round, and the third round in a drive ends the drive.
 */
function expectedDrives(script: readonly Fault[]): number {
  let drives = 1;
  let rounds = 0;
  for (const fault of script) {
    if (fault === 'raise' || ++rounds === 3) {
      drives++;
      rounds = 0;
    }
  }
  return drives;
}

describe('an unfinished run is handed back to the queue (postgres)', () => {
  const h = usePostgres({ worker: true });
  const workers = new Workers(() => h.url());
  const events: WorkerEvent[] = [];
  const scripts = new Map<
    string,
    { faults: readonly Fault[]; seq: string; gate?: Promise<void> }
  >();
  const calls = new Map<string, number[]>();
  let client: WorkflowClient;
  let watcher: ReturnType<typeof watchOrphans>;
  let seqs = 0;

  /** The executor: applies the script of its execution, then answers with the attempt. */
  async function work(ctx: ExecutorContext): Promise<unknown> {
    const list = calls.get(ctx.executionId) ?? [];
    calls.set(ctx.executionId, [...list, ctx.attempt]);
    const script = scripts.get(ctx.executionId)!;
    const fault = script.faults[list.length];
    if (fault === 'raise') {
      await h.db().execute(sql`SELECT setval(${script.seq}, 1, false)`);
    } else if (fault === 'conflict') {
      await h.db().execute(
        sql`UPDATE workflow_executions SET version = version + 1
            WHERE execution_id = ${ctx.executionId}`,
      );
    } else {
      await script.gate;
    }
    return { attempt: ctx.attempt };
  }

  /** Submits a 1-step execution whose executor calls apply `faults` (then succeed). */
  async function submit(faults: readonly Fault[], gate?: Promise<void>): Promise<string> {
    const id = `requeue-${++seqs}`;
    const seq = `test_fault_${seqs}`;
    scripts.set(id, { faults, seq, ...(gate === undefined ? {} : { gate }) });
    await h.db().execute(sql.raw(`CREATE SEQUENCE ${seq} START 2`));
    await h.db().execute(sql`INSERT INTO test_save_faults VALUES (${id}, ${seq})`);
    return client.submit(chain('wf', 1), {}, { executionId: id });
  }

  function startWorker() {
    return workers.start(
      { work },
      {
        engine: { retry: { maxAttempts: 10, initialDelayMs: 1 } },
        onEvent: (e) => events.push(e),
      },
    );
  }

  const of = (id: string, type: WorkerEvent['type']): WorkerEvent[] =>
    events.filter((e) => e.type === type && 'executionId' in e && e.executionId === id);

  /** Drive jobs of `id` queued at takeover priority (the hand-back of an unfinished run). */
  async function handBackJobs(id: string): Promise<number> {
    const rows = await executeRows<{ n: number }>(
      h.db(),
      sql`SELECT count(*)::int AS n FROM ${DRIVE_JOBS}
          WHERE j.payload->>'executionId' = ${id} AND j.priority = -10`,
    );
    return rows[0]!.n;
  }

  beforeAll(async () => {
    await h.db().execute(FAULT_DDL);
    client = createWorkflowClient({ database: h.url(), leaseMs: 1500 });
  });
  beforeEach(() => {
    watcher = watchOrphans(h.db());
  });
  afterEach(async () => {
    await workers.stopAll();
    await watcher.stop();
  });
  afterAll(() => client.close());

  it('a save the store cannot write leaves the row RUNNING: re-enqueued with the lease release, completed on the next drive', async () => {
    const gate = deferred();
    const w = await startWorker();
    const id = await submit(['raise'], gate.promise);
    // The second drive's executor call waits at the gate: the hand-back job is still in the queue.
    await until(() => (calls.get(id) ?? []).length === 2);
    expect(of(id, 'error')).toHaveLength(1);
    expect(messages((of(id, 'error')[0] as { error: unknown }).error)).toContain(
      `injected save fault for ${id}`,
    );
    expect(of(id, 'lease.released')).toHaveLength(1);
    expect(await handBackJobs(id)).toBe(1);
    const state = await executeRows<{ status: string; owner: string | null }>(
      h.db(),
      sql`SELECT e.status::text AS status, l.owner FROM workflow_executions e
          LEFT JOIN atom_worker_leases l USING (execution_id) WHERE e.execution_id = ${id}`,
    );
    expect(state).toEqual([{ status: 'RUNNING', owner: w.id }]);
    gate.resolve();
    expect(await client.result(id, { timeoutMs: 15_000 })).toMatchObject({
      status: 'COMPLETED',
      outputs: { s0: { attempt: 2 } },
    });
    expect(calls.get(id)).toEqual([1, 2]);
    expect((await client.get(id)).steps.s0!.attempts).toBe(2); // the unsaved attempt counted
    expect(of(id, 'lease.acquired')).toHaveLength(2);
    await until(async () => (await handBackJobs(id)) === 0);
    expect(watcher.checks()).toBeGreaterThan(0);
    expect(watcher.seen.has(id)).toBe(false);
  });

  it('a run that conflicts with a competing writer 3 rounds in a row is re-enqueued and completed', async () => {
    const gate = deferred();
    await startWorker();
    const id = await submit(['conflict', 'conflict', 'conflict'], gate.promise);
    await until(() => (calls.get(id) ?? []).length === 4);
    // Three rounds in the first drive (each reloads after the conflict), then a hand-back.
    expect(of(id, 'lease.acquired')).toHaveLength(2);
    expect(of(id, 'lease.released')).toHaveLength(1);
    expect(of(id, 'error')).toEqual([]);
    expect(await handBackJobs(id)).toBe(1);
    gate.resolve();
    expect(await client.result(id, { timeoutMs: 15_000 })).toMatchObject({
      status: 'COMPLETED',
      outputs: { s0: { attempt: 4 } },
    });
    expect(calls.get(id)).toEqual([1, 2, 3, 4]);
    expect(watcher.seen.has(id)).toBe(false);
  });

  it('a hand-back is taken by another worker when the first one stops', async () => {
    const gate = deferred();
    const a = await startWorker();
    const id = await submit(['raise'], gate.promise);
    await until(() => of(id, 'lease.released').length === 1);
    // The first worker stops (handing back a second drive if it had taken the job already): the
    // execution is still queued, and the other worker completes it.
    const stopping = workers.all.splice(0, 1)[0]!.stop();
    const b = await startWorker();
    await stopping;
    gate.resolve();
    expect(await client.result(id, { timeoutMs: 15_000 })).toMatchObject({ status: 'COMPLETED' });
    const owners = of(id, 'lease.acquired').map((e) => e.owner);
    expect(owners[0]).toBe(a.id);
    expect(owners.at(-1)).toBe(b.id);
    expect(watcher.seen.has(id)).toBe(false);
  });

  describe('property', () => {
    // @fast-check/vitest runs the beforeEach/afterEach hooks around every run of the property: each
    // run has a worker and a watcher of its own.
    beforeEach(async () => {
      await startWorker();
    });

    propIt.prop([fc.array(fc.constantFrom<Fault>('raise', 'conflict'), { maxLength: 5 })], {
      numRuns: 10,
    })(
      'any script of failed and conflicting saves: completed once, one drive per hand-back, never orphaned',
      async (faults) => {
        const id = await submit(faults);
        const result = await client.result(id, { timeoutMs: 10_000 });
        expect(result).toMatchObject({
          status: 'COMPLETED',
          outputs: { s0: { attempt: faults.length + 1 } },
        });
        expect(calls.get(id)).toEqual(Array.from({ length: faults.length + 1 }, (_, i) => i + 1));
        expect(of(id, 'error')).toHaveLength(faults.filter((f) => f === 'raise').length);
        await until(() => of(id, 'lease.released').length === expectedDrives(faults));
        expect(of(id, 'lease.acquired')).toHaveLength(expectedDrives(faults));
        expect(watcher.seen.has(id)).toBe(false);
      },
    );
  });
});
