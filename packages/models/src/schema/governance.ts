import { relations, sql } from 'drizzle-orm';
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
import { checkWith, atLeast, between, each, notBefore } from './check-rules.js';
import {
  agentMaturity,
  proposalStatus,
  proposalType,
  routingDecision,
  supervisionStatus,
  trainingStatus,
  triggerSource,
} from './enums.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';

import { agentRegistry } from './agents.js';
import { users, workspaces } from './identity.js';
import { episodes } from './episodes.js';

/** INTERN action proposals and STUDENT training proposals. */
export const agentProposals = pgTable(
  'agent_proposals',
  {
    id: idColumn(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentName: text('agent_name').notNull(),
    proposalType: proposalType('proposal_type').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    proposedAction: jsonb('proposed_action').$type<JsonValue>(),
    reasoning: text('reasoning'),
    learningObjectives: jsonb('learning_objectives').$type<JsonValue>(),
    capabilityGaps: jsonb('capability_gaps').$type<JsonValue>(),
    trainingScenarioTemplate: text('training_scenario_template'),
    estimatedDurationHours: doublePrecision('estimated_duration_hours'),
    durationEstimationConfidence: doublePrecision('duration_estimation_confidence'),
    durationEstimationReasoning: text('duration_estimation_reasoning'),
    userOverrideDurationHours: doublePrecision('user_override_duration_hours'),
    trainingStartDate: timestamptz('training_start_date'),
    trainingEndDate: timestamptz('training_end_date'),
    hoursPerDayLimit: doublePrecision('hours_per_day_limit'),
    status: proposalStatus('status').notNull().default('PROPOSED'),
    /** An agent id or the sentinel `atom_meta_agent` (no FK, as in Atom). */
    proposedBy: text('proposed_by').notNull(),
    approvedBy: text('approved_by').references(() => users.id, { onDelete: 'restrict' }),
    approvedAt: timestamptz('approved_at'),
    modifications: jsonb('modifications').$type<JsonValue>(),
    executionResult: jsonb('execution_result').$type<JsonValue>(),
    completedAt: timestamptz('completed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('agent_proposals_agent_id_created_at_idx').on(t.agentId, t.createdAt),
    index('agent_proposals_approved_by_idx').on(t.approvedBy),
    index('agent_proposals_status_idx').on(t.status),
    checkWith(
      'agent_proposals_duration_estimation_confidence_check',
      sql`${t.durationEstimationConfidence} IS NULL OR (${t.durationEstimationConfidence} >= 0 AND ${t.durationEstimationConfidence} <= 1)`,
      { fields: { durationEstimationConfidence: between(0, 1) } },
    ),
    checkWith(
      'agent_proposals_hours_check',
      sql`(${t.estimatedDurationHours} IS NULL OR ${t.estimatedDurationHours} >= 0) AND (${t.userOverrideDurationHours} IS NULL OR ${t.userOverrideDurationHours} >= 0) AND (${t.hoursPerDayLimit} IS NULL OR (${t.hoursPerDayLimit} >= 0 AND ${t.hoursPerDayLimit} <= 24))`,
      {
        fields: {
          estimatedDurationHours: atLeast(0),
          userOverrideDurationHours: atLeast(0),
          hoursPerDayLimit: between(0, 24),
        },
      },
    ),
    checkWith(
      'agent_proposals_training_dates_check',
      sql`${t.trainingEndDate} IS NULL OR ${t.trainingStartDate} IS NULL OR ${t.trainingEndDate} >= ${t.trainingStartDate}`,
      notBefore('trainingEndDate', 'trainingStartDate'),
    ),
  ],
);

/** Triggers stopped by the maturity guard. */
export const blockedTriggers = pgTable(
  'blocked_triggers',
  {
    id: idColumn(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentName: text('agent_name').notNull(),
    agentMaturityAtBlock: agentMaturity('agent_maturity_at_block').notNull(),
    confidenceScoreAtBlock: doublePrecision('confidence_score_at_block').notNull(),
    triggerSource: triggerSource('trigger_source').notNull(),
    triggerType: text('trigger_type').notNull(),
    triggerContext: jsonb('trigger_context').$type<JsonObject>().notNull(),
    routingDecision: routingDecision('routing_decision').notNull(),
    blockReason: text('block_reason').notNull(),
    proposalId: text('proposal_id').references(() => agentProposals.id, { onDelete: 'set null' }),
    resolved: boolean('resolved').notNull().default(false),
    resolvedAt: timestamptz('resolved_at'),
    resolutionOutcome: text('resolution_outcome'),
    createdAt: createdAt(),
  },
  (t) => [
    index('blocked_triggers_agent_id_created_at_idx').on(t.agentId, t.createdAt),
    index('blocked_triggers_proposal_id_idx').on(t.proposalId),
    checkWith(
      'blocked_triggers_confidence_score_at_block_check',
      sql`${t.confidenceScoreAtBlock} >= 0 AND ${t.confidenceScoreAtBlock} <= 1`,
      { fields: { confidenceScoreAtBlock: between(0, 1) } },
    ),
  ],
);

/** Real-time supervised runs. */
export const supervisionSessions = pgTable(
  'supervision_sessions',
  {
    id: idColumn(),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentName: text('agent_name').notNull(),
    triggerId: text('trigger_id').references(() => blockedTriggers.id, { onDelete: 'set null' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    triggerContext: jsonb('trigger_context').$type<JsonObject>().notNull(),
    status: supervisionStatus('status').notNull().default('RUNNING'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    completedAt: timestamptz('completed_at'),
    durationSeconds: integer('duration_seconds'),
    supervisorId: text('supervisor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    interventionCount: integer('intervention_count').notNull().default(0),
    interventions: jsonb('interventions').$type<JsonValue[]>().notNull().default([]),
    agentActions: jsonb('agent_actions').$type<JsonValue[]>().notNull().default([]),
    outcomes: jsonb('outcomes').$type<JsonValue>(),
    supervisorRating: integer('supervisor_rating'),
    supervisorFeedback: text('supervisor_feedback'),
    confidenceBoost: doublePrecision('confidence_boost'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('supervision_sessions_agent_id_idx').on(t.agentId),
    index('supervision_sessions_trigger_id_idx').on(t.triggerId),
    index('supervision_sessions_workspace_id_idx').on(t.workspaceId),
    index('supervision_sessions_supervisor_id_idx').on(t.supervisorId),
    index('supervision_sessions_status_idx').on(t.status),
    checkWith(
      'supervision_sessions_supervisor_rating_check',
      sql`${t.supervisorRating} IS NULL OR ${t.supervisorRating} BETWEEN 1 AND 5`,
      { fields: { supervisorRating: between(1, 5) } },
    ),
    checkWith(
      'supervision_sessions_counters_check',
      sql`${t.interventionCount} >= 0 AND (${t.durationSeconds} IS NULL OR ${t.durationSeconds} >= 0)`,
      each(['interventionCount', 'durationSeconds'], atLeast(0)),
    ),
    checkWith(
      'supervision_sessions_completed_at_check',
      sql`${t.completedAt} IS NULL OR ${t.completedAt} >= ${t.startedAt}`,
      notBefore('completedAt', 'startedAt'),
    ),
  ],
);

/** Human-in-the-loop training of a STUDENT agent; one per proposal. */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    id: idColumn(),
    proposalId: text('proposal_id')
      .notNull()
      .references(() => agentProposals.id, { onDelete: 'cascade' }),
    agentId: text('agent_id')
      .notNull()
      .references(() => agentRegistry.id, { onDelete: 'restrict' }),
    agentName: text('agent_name').notNull(),
    status: trainingStatus('status').notNull().default('SCHEDULED'),
    startedAt: timestamptz('started_at'),
    completedAt: timestamptz('completed_at'),
    durationSeconds: integer('duration_seconds'),
    supervisorId: text('supervisor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    supervisorGuidance: jsonb('supervisor_guidance').$type<JsonValue>(),
    tasksCompleted: integer('tasks_completed').notNull().default(0),
    totalTasks: integer('total_tasks'),
    errorsCount: integer('errors_count').notNull().default(0),
    outcomes: jsonb('outcomes').$type<JsonValue>(),
    performanceScore: doublePrecision('performance_score'),
    supervisorFeedback: text('supervisor_feedback'),
    capabilitiesDeveloped: jsonb('capabilities_developed').$type<JsonValue>(),
    capabilityGapsRemaining: jsonb('capability_gaps_remaining').$type<JsonValue>(),
    confidenceBoost: doublePrecision('confidence_boost'),
    promotedToIntern: boolean('promoted_to_intern').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('training_sessions_proposal_id_unique').on(t.proposalId),
    index('training_sessions_agent_id_idx').on(t.agentId),
    index('training_sessions_supervisor_id_idx').on(t.supervisorId),
    checkWith(
      'training_sessions_counters_check',
      sql`${t.tasksCompleted} >= 0 AND ${t.errorsCount} >= 0 AND (${t.totalTasks} IS NULL OR ${t.totalTasks} >= 0) AND (${t.durationSeconds} IS NULL OR ${t.durationSeconds} >= 0)`,
      each(['tasksCompleted', 'errorsCount', 'totalTasks', 'durationSeconds'], atLeast(0)),
    ),
    checkWith(
      'training_sessions_performance_score_check',
      sql`${t.performanceScore} IS NULL OR (${t.performanceScore} >= 0 AND ${t.performanceScore} <= 1)`,
      { fields: { performanceScore: between(0, 1) } },
    ),
    checkWith(
      'training_sessions_completed_at_check',
      sql`${t.completedAt} IS NULL OR ${t.startedAt} IS NULL OR ${t.completedAt} >= ${t.startedAt}`,
      notBefore('completedAt', 'startedAt'),
    ),
  ],
);

// Row types

/** A row of `blocked_triggers`. */
export type BlockedTrigger = typeof blockedTriggers.$inferSelect;
/** An insert into `blocked_triggers`. */
export type NewBlockedTrigger = typeof blockedTriggers.$inferInsert;
/** A row of `agent_proposals`. */
export type AgentProposal = typeof agentProposals.$inferSelect;
/** An insert into `agent_proposals`. */
export type NewAgentProposal = typeof agentProposals.$inferInsert;
/** A row of `supervision_sessions`. */
export type SupervisionSession = typeof supervisionSessions.$inferSelect;
/** An insert into `supervision_sessions`. */
export type NewSupervisionSession = typeof supervisionSessions.$inferInsert;
/** A row of `training_sessions`. */
export type TrainingSession = typeof trainingSessions.$inferSelect;
/** An insert into `training_sessions`. */
export type NewTrainingSession = typeof trainingSessions.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `blocked_triggers`. */
export const blockedTriggersRelations = relations(blockedTriggers, ({ one, many }) => ({
  agent: one(agentRegistry, { fields: [blockedTriggers.agentId], references: [agentRegistry.id] }),
  proposal: one(agentProposals, {
    fields: [blockedTriggers.proposalId],
    references: [agentProposals.id],
  }),
  supervisionSessions: many(supervisionSessions),
}));

/** Relations of `agent_proposals`. */
export const agentProposalsRelations = relations(agentProposals, ({ one, many }) => ({
  agent: one(agentRegistry, { fields: [agentProposals.agentId], references: [agentRegistry.id] }),
  approver: one(users, { fields: [agentProposals.approvedBy], references: [users.id] }),
  blockedTriggers: many(blockedTriggers),
  trainingSession: one(trainingSessions),
  episodes: many(episodes),
}));

/** Relations of `supervision_sessions`. */
export const supervisionSessionsRelations = relations(supervisionSessions, ({ one }) => ({
  agent: one(agentRegistry, {
    fields: [supervisionSessions.agentId],
    references: [agentRegistry.id],
  }),
  trigger: one(blockedTriggers, {
    fields: [supervisionSessions.triggerId],
    references: [blockedTriggers.id],
  }),
  workspace: one(workspaces, {
    fields: [supervisionSessions.workspaceId],
    references: [workspaces.id],
  }),
  supervisor: one(users, { fields: [supervisionSessions.supervisorId], references: [users.id] }),
}));

/** Relations of `training_sessions`. */
export const trainingSessionsRelations = relations(trainingSessions, ({ one }) => ({
  proposal: one(agentProposals, {
    fields: [trainingSessions.proposalId],
    references: [agentProposals.id],
  }),
  agent: one(agentRegistry, { fields: [trainingSessions.agentId], references: [agentRegistry.id] }),
  supervisor: one(users, { fields: [trainingSessions.supervisorId], references: [users.id] }),
}));
