import type { AtomDatabase } from '../db.js';
import { withDbErrors } from '../normalize-db-error.js';
import type {
  NewTeam,
  NewTenant,
  NewUser,
  NewWorkflowExecution,
  NewWorkflowExecutionLog,
  NewWorkflowSnapshot,
  NewWorkflowStepExecution,
  NewWorkspace,
  Team,
  Tenant,
  User,
  WorkflowExecution,
  WorkflowExecutionLog,
  WorkflowSnapshot,
  WorkflowStepExecution,
  Workspace,
} from '../row-types.js';
import { teams, tenants, users, workspaces } from '../schema/identity.js';
import {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from '../schema/workflows.js';

let counter = 0;

/** A process-unique suffix for generated names (`<n>_<random>`). */
export function uniqueSuffix(): string {
  counter += 1;
  return `${counter}_${Math.random().toString(36).slice(2, 8)}`;
}

async function insertOne<T>(op: () => Promise<T[]>): Promise<T> {
  const rows = await withDbErrors(op);
  const row = rows[0];
  /* istanbul ignore next -- an INSERT … RETURNING of one row always returns it */
  if (row === undefined) throw new Error('insert returned no row');
  return row;
}

/** Inserts a tenant with a unique subdomain. */
export function createTenant(
  db: AtomDatabase,
  overrides: Partial<NewTenant> = {},
): Promise<Tenant> {
  const s = uniqueSuffix().replace(/_/g, '-');
  return insertOne(() =>
    db
      .insert(tenants)
      .values({ name: `Tenant ${s}`, subdomain: `t-${s}`, ...overrides })
      .returning(),
  );
}

/** Inserts a user with a unique e-mail. */
export function createUser(db: AtomDatabase, overrides: Partial<NewUser> = {}): Promise<User> {
  return insertOne(() =>
    db
      .insert(users)
      .values({ email: `user_${uniqueSuffix()}@example.com`, ...overrides })
      .returning(),
  );
}

/** Inserts a workspace. */
export function createWorkspace(
  db: AtomDatabase,
  overrides: Partial<NewWorkspace> = {},
): Promise<Workspace> {
  return insertOne(() =>
    db
      .insert(workspaces)
      .values({ name: `Workspace ${uniqueSuffix()}`, ...overrides })
      .returning(),
  );
}

/** Inserts a team (and its workspace unless `workspaceId` is given). */
export async function createTeam(
  db: AtomDatabase,
  overrides: Partial<NewTeam> = {},
): Promise<Team> {
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(teams)
      .values({ name: `Team ${uniqueSuffix()}`, ...overrides, workspaceId })
      .returning(),
  );
}

/** Inserts a workflow execution (no parents needed: every FK of it is optional). */
export function createWorkflowExecution(
  db: AtomDatabase,
  overrides: Partial<NewWorkflowExecution> = {},
): Promise<WorkflowExecution> {
  return insertOne(() =>
    db
      .insert(workflowExecutions)
      .values({ workflowId: `wf_${uniqueSuffix()}`, ...overrides })
      .returning(),
  );
}

async function executionFor(
  db: AtomDatabase,
  executionId: string | undefined,
): Promise<{ executionId: string; workflowId: string }> {
  if (executionId === undefined) {
    const e = await createWorkflowExecution(db);
    return { executionId: e.executionId, workflowId: e.workflowId };
  }
  return { executionId, workflowId: `wf_of_${executionId}` };
}

/** Inserts a step execution (and its execution unless `executionId` is given). */
export async function createWorkflowStepExecution(
  db: AtomDatabase,
  overrides: Partial<NewWorkflowStepExecution> = {},
): Promise<WorkflowStepExecution> {
  const parent = await executionFor(db, overrides.executionId);
  const s = uniqueSuffix();
  return insertOne(() =>
    db
      .insert(workflowStepExecutions)
      .values({
        workflowId: parent.workflowId,
        stepId: `step_${s}`,
        stepName: `Step ${s}`,
        stepType: 'action',
        sequenceOrder: counter,
        ...overrides,
        executionId: parent.executionId,
      })
      .returning(),
  );
}

/** Inserts a log line (and its execution unless `executionId` is given). */
export async function createWorkflowExecutionLog(
  db: AtomDatabase,
  overrides: Partial<NewWorkflowExecutionLog> = {},
): Promise<WorkflowExecutionLog> {
  const parent = await executionFor(db, overrides.executionId);
  return insertOne(() =>
    db
      .insert(workflowExecutionLogs)
      .values({ message: `log ${uniqueSuffix()}`, ...overrides, executionId: parent.executionId })
      .returning(),
  );
}

/** Inserts a snapshot (and its execution unless `executionId` is given). */
export async function createWorkflowSnapshot(
  db: AtomDatabase,
  overrides: Partial<NewWorkflowSnapshot> = {},
): Promise<WorkflowSnapshot> {
  const parent = await executionFor(db, overrides.executionId);
  const s = uniqueSuffix();
  return insertOne(() =>
    db
      .insert(workflowSnapshots)
      .values({
        stepId: `step_${s}`,
        stepOrder: counter,
        contextSnapshot: {},
        status: 'RUNNING',
        ...overrides,
        executionId: parent.executionId,
      })
      .returning(),
  );
}
