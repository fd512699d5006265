// The setup the worker suites share: a database of their own, workers stopped after each test, and
// a client of those workers.
import { executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { WorkflowClient } from '../src/index.js';
import { createWorkflowClient } from '../src/index.js';
import { usePostgres } from './db/harness.js';
import { Workers } from './helpers.js';

/** Call inside `describe`: registers the hooks and returns the suite's handles. */
export function useWorkerSuite() {
  const h = usePostgres({ worker: true });
  const workers = new Workers(() => h.url());
  let client: WorkflowClient | undefined;
  beforeAll(() => {
    client = createWorkflowClient({ database: h.url(), leaseMs: 3000 });
  });
  afterEach(() => workers.stopAll());
  afterAll(() => client?.close());
  return {
    h,
    workers,
    /** The client (from `beforeAll` on). */
    get client(): WorkflowClient {
      if (client === undefined) throw new Error('suite not started');
      return client;
    },
    /** The lease rows of execution `id`. */
    leaseRows: (id: string) =>
      executeRows<{ owner: string }>(
        h.db(),
        sql`SELECT owner FROM atom_worker_leases WHERE execution_id = ${id}`,
      ),
  };
}
