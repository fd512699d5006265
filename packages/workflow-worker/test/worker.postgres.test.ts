// The worker on the DATABASE_URL server: submit, result, get, bad input, unknown ids.
import { isWorkflowValidationError } from '@atom/workflow-engine';
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowClient } from '../src/index.js';
import { ExecutionNotFoundError, createWorkflowClient } from '../src/index.js';
import { usePostgres } from './db/harness.js';
import { Workers, chain } from './helpers.js';

describe('createWorker (postgres)', () => {
  const h = usePostgres({ worker: true });
  const workers = new Workers(() => h.url());
  let client: WorkflowClient;
  beforeAll(() => {
    client = createWorkflowClient({ database: h.url() });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => client.close());

  describe('submit and result', () => {
    it('runs a submitted execution on a worker; result and get from another client', async () => {
      await workers.start({ work: ({ step }) => ({ done: step.id }) });
      const id = await client.submit(chain('wf', 3), { user: 'ada' });
      const result = await client.result(id, { timeoutMs: 30_000 });
      expect(result).toMatchObject({
        status: 'COMPLETED',
        outputs: { s0: { done: 's0' }, s1: { done: 's1' }, s2: { done: 's2' } },
      });
      const snapshot = await client.get(id);
      expect(snapshot.input).toEqual({ user: 'ada' });
      expect(Object.values(snapshot.steps).map((s) => s.attempts)).toEqual([1, 1, 1]);
      // The worker lets go of its lease just after the final save that `result` reports.
      await expect
        .poll(() => executeRows(h.db(), sql`SELECT * FROM atom_worker_leases`), { timeout: 10_000 })
        .toEqual([]);
    });
  });

  describe('bad input', () => {
    it('refuses an invalid definition with every issue listed, and enqueues nothing', async () => {
      const bad = {
        id: 'bad',
        steps: [
          { id: 'a', service: 'work', depends_on: ['missing'] },
          { id: 'a', service: 'work' },
        ],
      };
      const before = await executeRows<{ n: number }>(
        h.db(),
        sql`SELECT (SELECT count(*) FROM graphile_worker.jobs)::int
               + (SELECT count(*) FROM workflow_executions)::int AS n`,
      );
      const error = await client.submit(bad).catch((e: unknown) => e);
      expect(isWorkflowValidationError(error)).toBe(true);
      const issues = (error as { issues: { code: string }[] }).issues.map((i) => i.code);
      expect(issues.length).toBeGreaterThanOrEqual(2);
      const after = await executeRows<{ n: number }>(
        h.db(),
        sql`SELECT (SELECT count(*) FROM graphile_worker.jobs)::int
               + (SELECT count(*) FROM workflow_executions)::int AS n`,
      );
      expect(after[0]!.n).toBe(before[0]!.n);
    });

    it('unknown ids give ExecutionNotFoundError from every method', async () => {
      for (const call of [
        () => client.get('nope'),
        () => client.result('nope'),
        () => client.cancel('nope'),
        () => client.resume('nope'),
        () => client.recover('nope'),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ExecutionNotFoundError);
        expect((error as ExecutionNotFoundError).code).toBe('WORKER_EXECUTION_NOT_FOUND');
      }
    });
  });
});
