import { eq, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import {
  executeRows,
  isVersionConflictError,
  updateWorkflowExecution,
  VersionConflictError,
} from '../../src/index.js';
import { workflowExecutions, workflowStepExecutions } from '../../src/schema/index.js';
import {
  createTeam,
  createUser,
  createWorkflowExecution,
  createWorkflowExecutionLog,
  createWorkflowSnapshot,
  createWorkflowStepExecution,
} from '../../src/testing/factories.js';
import type { DbHarness } from './harness.js';
import { isolated } from './harness.js';

/** Workflow tables: defaults, relations, optimistic locking. */
export function workflowsSuite(h: DbHarness): void {
  describe(`workflows (${h.driver})`, () => {
    describe('defaults', () => {
      isolated(h, 'a raw SQL insert gets the database defaults', async (tx) => {
        const rows = await executeRows<{
          execution_id: string;
          status: string;
          version: number;
          visibility: string;
        }>(
          tx,
          sql`INSERT INTO workflow_executions (workflow_id) VALUES ('wf_raw') RETURNING execution_id, status, version, visibility`,
        );
        const row = rows[0]!;
        expect(row.execution_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.status).toBe('PENDING');
        expect(row.version).toBe(1);
        expect(row.visibility).toBe('WORKSPACE');
      });
    });

    describe('relations', () => {
      isolated(
        h,
        'an execution loads its steps in order, logs, snapshots and owners',
        async (tx) => {
          const user = await createUser(tx);
          const team = await createTeam(tx);
          const e = await createWorkflowExecution(tx, {
            userId: user.id,
            ownerId: user.id,
            teamId: team.id,
            workspaceId: team.workspaceId,
          });
          await createWorkflowStepExecution(tx, {
            executionId: e.executionId,
            sequenceOrder: 2,
            stepId: 'b',
          });
          await createWorkflowStepExecution(tx, {
            executionId: e.executionId,
            sequenceOrder: 1,
            stepId: 'a',
          });
          await createWorkflowExecutionLog(tx, { executionId: e.executionId, seq: 0 });
          await createWorkflowSnapshot(tx, { executionId: e.executionId, stepOrder: 0 });
          const loaded = await tx.query.workflowExecutions.findFirst({
            where: eq(workflowExecutions.executionId, e.executionId),
            with: {
              stepExecutions: { orderBy: [workflowStepExecutions.sequenceOrder] },
              logs: true,
              snapshots: true,
              user: true,
              owner: true,
              team: true,
              workspace: true,
            },
          });
          expect(loaded?.stepExecutions.map((s) => s.stepId)).toEqual(['a', 'b']);
          expect(loaded?.logs).toHaveLength(1);
          expect(loaded?.snapshots).toHaveLength(1);
          expect(loaded?.user?.id).toBe(user.id);
          expect(loaded?.owner?.id).toBe(user.id);
          expect(loaded?.team?.id).toBe(team.id);
          expect(loaded?.workspace?.id).toBe(team.workspaceId);
        },
      );
    });

    describe('updateWorkflowExecution', () => {
      isolated(h, 'compares and increments the version', async (tx) => {
        const e = await createWorkflowExecution(tx);
        const updated = await updateWorkflowExecution(tx, e.executionId, 1, { status: 'RUNNING' });
        expect(updated.version).toBe(2);
        expect(updated.status).toBe('RUNNING');
        const stale = await updateWorkflowExecution(tx, e.executionId, 1, {
          status: 'FAILED',
        }).catch((err: unknown) => err);
        expect(isVersionConflictError(stale)).toBe(true);
        expect(stale).toMatchObject({
          code: 'MODELS_VERSION_CONFLICT',
          expectedVersion: 1,
          actualVersion: 2,
        });
        const [row] = await tx
          .select()
          .from(workflowExecutions)
          .where(eq(workflowExecutions.executionId, e.executionId));
        expect(row?.status).toBe('RUNNING');
      });
      isolated(h, 'reports a missing execution as a conflict without a version', async (tx) => {
        await expect(updateWorkflowExecution(tx, 'missing', 1, {})).rejects.toMatchObject({
          actualVersion: undefined,
        });
        await expect(updateWorkflowExecution(tx, 'missing', 1, {})).rejects.toBeInstanceOf(
          VersionConflictError,
        );
      });
      isolated(h, 'normalises a constraint violation of the patch', async (tx) => {
        const e = await createWorkflowExecution(tx);
        await expect(
          tx.transaction((sp) =>
            updateWorkflowExecution(sp, e.executionId, 1, { workspaceId: 'nope' }),
          ),
        ).rejects.toMatchObject({
          sqlstate: '23503',
          constraint: 'workflow_executions_workspace_id_workspaces_id_fk',
        });
      });
    });
  });
}
