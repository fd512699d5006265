import { and, eq, sql } from 'drizzle-orm';
import type { AtomDatabase } from './db.js';
import { VersionConflictError } from './errors.js';
import { workflowExecutions } from './schema/workflows.js';
import { normalizeDbError } from './normalize-db-error.js';

/** The columns {@link updateWorkflowExecution} may change (`version` is managed by it). */
export type WorkflowExecutionPatch = Partial<
  Omit<
    typeof workflowExecutions.$inferInsert,
    'executionId' | 'version' | 'createdAt' | 'updatedAt'
  >
>;

/**
 * Optimistic-locking update of a workflow execution: writes `patch` only if the row is still at
 * `expectedVersion`, and increments `version` in the same statement
 * (`UPDATE … WHERE execution_id = $1 AND version = $2`).
 *
 * @returns the updated row (with the new version).
 * @throws VersionConflictError when the row is at another version or does not exist; nothing is written.
 * @throws DatabaseConstraintError when the patch violates a constraint.
 */
export async function updateWorkflowExecution(
  db: AtomDatabase,
  executionId: string,
  expectedVersion: number,
  patch: WorkflowExecutionPatch,
): Promise<typeof workflowExecutions.$inferSelect> {
  let rows: (typeof workflowExecutions.$inferSelect)[];
  try {
    rows = await db
      .update(workflowExecutions)
      .set({ ...patch, version: sql`${workflowExecutions.version} + 1` })
      .where(
        and(
          eq(workflowExecutions.executionId, executionId),
          eq(workflowExecutions.version, expectedVersion),
        ),
      )
      .returning();
  } catch (e) {
    throw normalizeDbError(e);
  }
  const row = rows[0];
  if (row !== undefined) return row;
  const current = await db
    .select({ version: workflowExecutions.version })
    .from(workflowExecutions)
    .where(eq(workflowExecutions.executionId, executionId));
  throw new VersionConflictError(executionId, expectedVersion, current[0]?.version);
}
