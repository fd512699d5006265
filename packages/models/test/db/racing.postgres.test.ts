import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { isVersionConflictError, updateWorkflowExecution } from '../../src/index.js';
import { workflowExecutions } from '../../src/schema/index.js';
import { createWorkflowExecution } from '../../src/testing/index.js';
import { useTwoServerConnections } from './harness.js';

// Server only: PGlite has a single connection, so two writers cannot race there.
describe('optimistic locking (postgres)', () => {
  const race = useTwoServerConnections();

  it('two racing writers on one execution: exactly one wins, the other gets a conflict', async () => {
    for (let round = 0; round < 10; round++) {
      const e = await createWorkflowExecution(race.db());
      const results = await Promise.allSettled([
        updateWorkflowExecution(race.db(), e.executionId, 1, {
          status: 'RUNNING',
          error: 'writer A',
        }),
        updateWorkflowExecution(race.other(), e.executionId, 1, {
          status: 'FAILED',
          error: 'writer B',
        }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(isVersionConflictError((lost[0] as PromiseRejectedResult).reason)).toBe(true);
      const [row] = await race
        .db()
        .select()
        .from(workflowExecutions)
        .where(eq(workflowExecutions.executionId, e.executionId));
      const winner = (won[0] as PromiseFulfilledResult<{ error: string | null }>).value;
      expect(row?.version).toBe(2);
      expect(row?.error).toBe(winner.error);
    }
  });
});
