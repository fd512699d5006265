import { relations, sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from './_shared.js';
import { checkWith, atLeast, notBefore } from './check-rules.js';
import { dataVisibility, logLevel, workflowExecutionStatus, workflowStepStatus } from './enums.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';
import { teams, users, workspaces } from './identity.js';

/** One run of a workflow definition (key column `execution_id`, as in Atom). */
export const workflowExecutions = pgTable(
  'workflow_executions',
  {
    executionId: idColumn('execution_id'),
    /** Id of the definition; definitions live outside the database (no FK). */
    workflowId: text('workflow_id').notNull(),
    status: workflowExecutionStatus('status').notNull().default('PENDING'),
    inputData: jsonb('input_data').$type<JsonValue>(),
    steps: jsonb('steps').$type<JsonValue>(),
    outputs: jsonb('outputs').$type<JsonValue>(),
    context: jsonb('context').$type<JsonValue>(),
    /** Optimistic-lock counter: every write compares and increments it. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    error: text('error'),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    visibility: dataVisibility('visibility').notNull().default('WORKSPACE'),
    ownerId: text('owner_id').references(() => users.id, { onDelete: 'set null' }),
    teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
    workspaceId: text('workspace_id').references(() => workspaces.id, { onDelete: 'set null' }),
    /** The normalised definition the engine runs (so `recover` needs only the id). */
    definition: jsonb('definition').$type<JsonValue>(),
    /** Hash of {@link workflowExecutions.definition}. */
    definitionHash: text('definition_hash'),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
  },
  (t) => [
    index('workflow_executions_workflow_id_idx').on(t.workflowId),
    index('workflow_executions_status_idx').on(t.status),
    index('workflow_executions_user_id_idx').on(t.userId),
    index('workflow_executions_owner_id_idx').on(t.ownerId),
    index('workflow_executions_team_id_idx').on(t.teamId),
    index('workflow_executions_workspace_id_created_at_idx').on(t.workspaceId, t.createdAt),
    checkWith('workflow_executions_version_check', sql`${t.version} >= 1`, {
      fields: { version: atLeast(1) },
    }),
    checkWith(
      'workflow_executions_completed_at_check',
      sql`${t.completedAt} IS NULL OR ${t.startedAt} IS NULL OR ${t.completedAt} >= ${t.startedAt}`,
      notBefore('completedAt', 'startedAt'),
    ),
  ],
);

/** One step of a workflow execution; unique by order and by step id within the execution. */
export const workflowStepExecutions = pgTable(
  'workflow_step_executions',
  {
    id: idColumn(),
    executionId: text('execution_id').notNull(),
    /** Denormalised definition id (no FK). */
    workflowId: text('workflow_id').notNull(),
    stepId: text('step_id').notNull(),
    stepName: text('step_name').notNull(),
    /** Free text: Atom definitions use arbitrary step types. */
    stepType: text('step_type').notNull(),
    sequenceOrder: integer('sequence_order').notNull(),
    status: workflowStepStatus('status').notNull().default('PENDING'),
    inputData: jsonb('input_data').$type<JsonValue>(),
    outputData: jsonb('output_data').$type<JsonValue>(),
    metadataJson: jsonb('metadata_json').$type<JsonObject>(),
    errorMessage: text('error_message'),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
    durationMs: integer('duration_ms'),
    retryCount: integer('retry_count').notNull().default(0),
    /** Attempts started so far (the engine's attempt counter). */
    attempts: integer('attempts').notNull().default(0),
    /** Inputs the step was missing when it was skipped or paused. */
    missingInputs: jsonb('missing_inputs').$type<string[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // named explicitly: the generated name exceeds Postgres' 63-character identifier limit
    foreignKey({
      name: 'workflow_step_executions_execution_id_fk',
      columns: [t.executionId],
      foreignColumns: [workflowExecutions.executionId],
    }).onDelete('cascade'),
    uniqueIndex('workflow_step_executions_execution_id_sequence_order_unique').on(
      t.executionId,
      t.sequenceOrder,
    ),
    uniqueIndex('workflow_step_executions_execution_id_step_id_unique').on(t.executionId, t.stepId),
    checkWith('workflow_step_executions_sequence_order_check', sql`${t.sequenceOrder} >= 0`, {
      fields: { sequenceOrder: atLeast(0) },
    }),
    checkWith(
      'workflow_step_executions_duration_ms_check',
      sql`${t.durationMs} IS NULL OR ${t.durationMs} >= 0`,
      { fields: { durationMs: atLeast(0) } },
    ),
    checkWith('workflow_step_executions_retry_count_check', sql`${t.retryCount} >= 0`, {
      fields: { retryCount: atLeast(0) },
    }),
    checkWith('workflow_step_executions_attempts_check', sql`${t.attempts} >= 0`, {
      fields: { attempts: atLeast(0) },
    }),
    checkWith(
      'workflow_step_executions_completed_at_check',
      sql`${t.completedAt} IS NULL OR ${t.startedAt} IS NULL OR ${t.completedAt} >= ${t.startedAt}`,
      notBefore('completedAt', 'startedAt'),
    ),
  ],
);

/** Log lines and engine events of a workflow execution (`seq` orders the events). */
export const workflowExecutionLogs = pgTable(
  'workflow_execution_logs',
  {
    id: idColumn(),
    executionId: text('execution_id').notNull(),
    level: logLevel('level').notNull().default('INFO'),
    message: text('message').notNull(),
    stepId: text('step_id'),
    context: jsonb('context').$type<JsonValue>(),
    timestamp: timestamptz('timestamp').notNull().defaultNow(),
    /** Event sequence number, unique per execution (null for plain log lines). */
    seq: integer('seq'),
    /** Engine event type (`step.completed`, …), null for plain log lines. */
    eventType: text('event_type'),
  },
  (t) => [
    // named explicitly: the generated name exceeds Postgres' 63-character identifier limit
    foreignKey({
      name: 'workflow_execution_logs_execution_id_fk',
      columns: [t.executionId],
      foreignColumns: [workflowExecutions.executionId],
    }).onDelete('cascade'),
    uniqueIndex('workflow_execution_logs_execution_id_seq_unique').on(t.executionId, t.seq),
    index('workflow_execution_logs_timestamp_idx').on(t.timestamp),
    checkWith('workflow_execution_logs_seq_check', sql`${t.seq} IS NULL OR ${t.seq} >= 0`, {
      fields: { seq: atLeast(0) },
    }),
  ],
);

/** Time-travel save points of an execution, one per step order. */
export const workflowSnapshots = pgTable(
  'workflow_snapshots',
  {
    id: idColumn(),
    executionId: text('execution_id').notNull(),
    stepId: text('step_id').notNull(),
    stepOrder: integer('step_order').notNull(),
    contextSnapshot: jsonb('context_snapshot').$type<JsonValue>().notNull(),
    status: workflowExecutionStatus('status').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // named explicitly: the generated name exceeds Postgres' 63-character identifier limit
    foreignKey({
      name: 'workflow_snapshots_execution_id_fk',
      columns: [t.executionId],
      foreignColumns: [workflowExecutions.executionId],
    }).onDelete('cascade'),
    uniqueIndex('workflow_snapshots_execution_id_step_order_unique').on(t.executionId, t.stepOrder),
    checkWith('workflow_snapshots_step_order_check', sql`${t.stepOrder} >= 0`, {
      fields: { stepOrder: atLeast(0) },
    }),
  ],
);

// Row types

/** A row of `workflow_executions`. */
export type WorkflowExecution = typeof workflowExecutions.$inferSelect;
/** An insert into `workflow_executions`. */
export type NewWorkflowExecution = typeof workflowExecutions.$inferInsert;
/** A row of `workflow_step_executions`. */
export type WorkflowStepExecution = typeof workflowStepExecutions.$inferSelect;
/** An insert into `workflow_step_executions`. */
export type NewWorkflowStepExecution = typeof workflowStepExecutions.$inferInsert;
/** A row of `workflow_execution_logs`. */
export type WorkflowExecutionLog = typeof workflowExecutionLogs.$inferSelect;
/** An insert into `workflow_execution_logs`. */
export type NewWorkflowExecutionLog = typeof workflowExecutionLogs.$inferInsert;
/** A row of `workflow_snapshots`. */
export type WorkflowSnapshot = typeof workflowSnapshots.$inferSelect;
/** An insert into `workflow_snapshots`. */
export type NewWorkflowSnapshot = typeof workflowSnapshots.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `workflow_executions`. */
export const workflowExecutionsRelations = relations(workflowExecutions, ({ one, many }) => ({
  user: one(users, {
    fields: [workflowExecutions.userId],
    references: [users.id],
    relationName: 'workflow_execution_user',
  }),
  owner: one(users, {
    fields: [workflowExecutions.ownerId],
    references: [users.id],
    relationName: 'workflow_execution_owner',
  }),
  team: one(teams, { fields: [workflowExecutions.teamId], references: [teams.id] }),
  workspace: one(workspaces, {
    fields: [workflowExecutions.workspaceId],
    references: [workspaces.id],
  }),
  stepExecutions: many(workflowStepExecutions),
  logs: many(workflowExecutionLogs),
  snapshots: many(workflowSnapshots),
}));

/** Relations of `workflow_step_executions`. */
export const workflowStepExecutionsRelations = relations(workflowStepExecutions, ({ one }) => ({
  execution: one(workflowExecutions, {
    fields: [workflowStepExecutions.executionId],
    references: [workflowExecutions.executionId],
  }),
}));

/** Relations of `workflow_execution_logs`. */
export const workflowExecutionLogsRelations = relations(workflowExecutionLogs, ({ one }) => ({
  execution: one(workflowExecutions, {
    fields: [workflowExecutionLogs.executionId],
    references: [workflowExecutions.executionId],
  }),
}));

/** Relations of `workflow_snapshots`. */
export const workflowSnapshotsRelations = relations(workflowSnapshots, ({ one }) => ({
  execution: one(workflowExecutions, {
    fields: [workflowSnapshots.executionId],
    references: [workflowExecutions.executionId],
  }),
}));
