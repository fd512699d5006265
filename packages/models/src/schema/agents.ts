import { relations, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from './_shared.js';
import { checkWith, atLeast, between, notBefore } from './check-rules.js';
import {
  agentExecutionStatus,
  agentLifecycle,
  agentMaturity,
  executionTrigger,
  feedbackStatus,
  feedbackType,
  queueStatus,
  userRole,
} from './enums.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';
import { episodeAccessLogs, episodes } from './episodes.js';
import { users } from './identity.js';
import {
  agentProposals,
  blockedTriggers,
  supervisionSessions,
  trainingSessions,
} from './governance.js';
import { canvasAudit } from './canvas.js';

/** Agent definitions and governance state. */
export const agentRegistry = pgTable(
  'agent_registry',
  {
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    category: text('category').notNull(),
    modulePath: text('module_path').notNull(),
    className: text('class_name').notNull(),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Maturity (SQL column `status`, as in Atom). */
    maturity: agentMaturity('status').notNull().default('STUDENT'),
    lifecycle: agentLifecycle('lifecycle').notNull().default('ACTIVE'),
    confidenceScore: doublePrecision('confidence_score').notNull().default(0.5),
    requiredRoleForAutonomy: userRole('required_role_for_autonomy').notNull().default('TEAM_LEAD'),
    version: text('version').notNull().default('1.0.0'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    configuration: jsonb('configuration').$type<JsonObject>().notNull().default({}),
    scheduleConfig: jsonb('schedule_config').$type<JsonObject>().notNull().default({}),
  },
  (t) => [
    index('agent_registry_user_id_idx').on(t.userId),
    index('agent_registry_status_idx').on(t.maturity),
    checkWith(
      'agent_registry_confidence_score_check',
      sql`${t.confidenceScore} >= 0 AND ${t.confidenceScore} <= 1`,
      { fields: { confidenceScore: between(0, 1) } },
    ),
  ],
);

/** One agent run. */
export const agentExecutions = pgTable(
  'agent_executions',
  {
    id: idColumn(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    /** Workspace id, deliberately without a FK (as in Atom). */
    workspaceId: text('workspace_id'),
    status: agentExecutionStatus('status').notNull().default('RUNNING'),
    inputSummary: text('input_summary'),
    outputSummary: text('output_summary'),
    resultSummary: text('result_summary'),
    errorMessage: text('error_message'),
    triggeredBy: executionTrigger('triggered_by').notNull().default('MANUAL'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
    durationSeconds: doublePrecision('duration_seconds').notNull().default(0),
  },
  (t) => [
    index('agent_executions_agent_id_started_at_idx').on(t.agentId, t.startedAt.desc()),
    index('agent_executions_workspace_id_idx').on(t.workspaceId),
    checkWith('agent_executions_duration_seconds_check', sql`${t.durationSeconds} >= 0`, {
      fields: { durationSeconds: atLeast(0) },
    }),
    checkWith(
      'agent_executions_completed_at_check',
      sql`${t.completedAt} IS NULL OR ${t.completedAt} >= ${t.startedAt}`,
      notBefore('completedAt', 'startedAt'),
    ),
  ],
);

/** ReAct steps of an agent run. */
export const agentTraceSteps = pgTable(
  'agent_trace_steps',
  {
    id: idColumn(),
    executionId: text('execution_id')
      .notNull()
      .references(() => agentExecutions.id, { onDelete: 'cascade' }),
    stepNumber: integer('step_number').notNull(),
    thought: text('thought'),
    action: jsonb('action').$type<JsonValue>(),
    observation: text('observation'),
    finalAnswer: text('final_answer'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('agent_trace_steps_execution_id_step_number_unique').on(
      t.executionId,
      t.stepNumber,
    ),
    checkWith('agent_trace_steps_step_number_check', sql`${t.stepNumber} >= 0`, {
      fields: { stepNumber: atLeast(0) },
    }),
  ],
);

/** Feedback on an agent's output (RLHF). */
export const agentFeedback = pgTable(
  'agent_feedback',
  {
    id: idColumn(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentExecutionId: text('agent_execution_id').references(() => agentExecutions.id, {
      onDelete: 'restrict',
    }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    episodeId: text('episode_id').references((): AnyPgColumn => episodes.id, {
      onDelete: 'set null',
    }),
    inputContext: text('input_context'),
    originalOutput: text('original_output').notNull(),
    userCorrection: text('user_correction').notNull(),
    feedbackType: feedbackType('feedback_type'),
    thumbsUpDown: boolean('thumbs_up_down'),
    rating: integer('rating'),
    status: feedbackStatus('status').notNull().default('PENDING'),
    aiReasoning: text('ai_reasoning'),
    createdAt: createdAt(),
    adjudicatedAt: timestamptz('adjudicated_at'),
  },
  (t) => [
    index('agent_feedback_agent_id_idx').on(t.agentId),
    index('agent_feedback_agent_execution_id_idx').on(t.agentExecutionId),
    index('agent_feedback_user_id_idx').on(t.userId),
    index('agent_feedback_episode_id_idx').on(t.episodeId),
    checkWith(
      'agent_feedback_rating_check',
      sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`,
      { fields: { rating: between(1, 5) } },
    ),
  ],
);

/** SUPERVISED runs held while the supervising user is offline. */
export const supervisedExecutionQueue = pgTable(
  'supervised_execution_queue',
  {
    id: idColumn('id', 'queue_'),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    triggerType: text('trigger_type').notNull(),
    executionContext: jsonb('execution_context').$type<JsonObject>().notNull(),
    status: queueStatus('status').notNull().default('PENDING'),
    supervisorType: text('supervisor_type').notNull(),
    priority: integer('priority').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    attemptCount: integer('attempt_count').notNull().default(0),
    expiresAt: timestamptz('expires_at').notNull(),
    executionId: text('execution_id').references(() => agentExecutions.id, {
      onDelete: 'set null',
    }),
    errorMessage: text('error_message'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('supervised_execution_queue_agent_id_idx').on(t.agentId),
    index('supervised_execution_queue_user_id_status_idx').on(t.userId, t.status),
    index('supervised_execution_queue_priority_created_at_idx').on(t.priority, t.createdAt),
    index('supervised_execution_queue_status_idx').on(t.status),
    index('supervised_execution_queue_expires_at_idx').on(t.expiresAt),
    index('supervised_execution_queue_execution_id_idx').on(t.executionId),
    checkWith('supervised_execution_queue_max_attempts_check', sql`${t.maxAttempts} >= 1`, {
      fields: { maxAttempts: atLeast(1) },
    }),
    checkWith('supervised_execution_queue_attempt_count_check', sql`${t.attemptCount} >= 0`, {
      fields: { attemptCount: atLeast(0) },
    }),
  ],
);

// Row types

/** A row of `agent_registry`. */
export type Agent = typeof agentRegistry.$inferSelect;
/** An insert into `agent_registry`. */
export type NewAgent = typeof agentRegistry.$inferInsert;
/** A row of `agent_executions`. */
export type AgentExecution = typeof agentExecutions.$inferSelect;
/** An insert into `agent_executions`. */
export type NewAgentExecution = typeof agentExecutions.$inferInsert;
/** A row of `agent_trace_steps`. */
export type AgentTraceStep = typeof agentTraceSteps.$inferSelect;
/** An insert into `agent_trace_steps`. */
export type NewAgentTraceStep = typeof agentTraceSteps.$inferInsert;
/** A row of `agent_feedback`. */
export type AgentFeedback = typeof agentFeedback.$inferSelect;
/** An insert into `agent_feedback`. */
export type NewAgentFeedback = typeof agentFeedback.$inferInsert;
/** A row of `supervised_execution_queue`. */
export type SupervisedExecution = typeof supervisedExecutionQueue.$inferSelect;
/** An insert into `supervised_execution_queue`. */
export type NewSupervisedExecution = typeof supervisedExecutionQueue.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `agent_registry`. */
export const agentRegistryRelations = relations(agentRegistry, ({ one, many }) => ({
  owner: one(users, { fields: [agentRegistry.userId], references: [users.id] }),
  executions: many(agentExecutions),
  feedbackHistory: many(agentFeedback),
  canvasAudits: many(canvasAudit),
  blockedTriggers: many(blockedTriggers),
  proposals: many(agentProposals),
  supervisionSessions: many(supervisionSessions),
  trainingSessions: many(trainingSessions),
  episodes: many(episodes),
  episodeAccesses: many(episodeAccessLogs),
  queuedExecutions: many(supervisedExecutionQueue),
}));

/** Relations of `agent_executions`. */
export const agentExecutionsRelations = relations(agentExecutions, ({ one, many }) => ({
  agent: one(agentRegistry, { fields: [agentExecutions.agentId], references: [agentRegistry.id] }),
  feedback: many(agentFeedback),
  canvasAudits: many(canvasAudit),
  traceSteps: many(agentTraceSteps),
  queueEntries: many(supervisedExecutionQueue),
}));

/** Relations of `agent_trace_steps`. */
export const agentTraceStepsRelations = relations(agentTraceSteps, ({ one }) => ({
  execution: one(agentExecutions, {
    fields: [agentTraceSteps.executionId],
    references: [agentExecutions.id],
  }),
}));

/** Relations of `agent_feedback`. */
export const agentFeedbackRelations = relations(agentFeedback, ({ one }) => ({
  agent: one(agentRegistry, { fields: [agentFeedback.agentId], references: [agentRegistry.id] }),
  execution: one(agentExecutions, {
    fields: [agentFeedback.agentExecutionId],
    references: [agentExecutions.id],
  }),
  user: one(users, { fields: [agentFeedback.userId], references: [users.id] }),
  episode: one(episodes, { fields: [agentFeedback.episodeId], references: [episodes.id] }),
}));

/** Relations of `supervised_execution_queue`. */
export const supervisedExecutionQueueRelations = relations(supervisedExecutionQueue, ({ one }) => ({
  agent: one(agentRegistry, {
    fields: [supervisedExecutionQueue.agentId],
    references: [agentRegistry.id],
  }),
  user: one(users, { fields: [supervisedExecutionQueue.userId], references: [users.id] }),
  execution: one(agentExecutions, {
    fields: [supervisedExecutionQueue.executionId],
    references: [agentExecutions.id],
  }),
}));
