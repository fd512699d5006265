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
import type { JsonValue } from './_shared.js';
import { checkWith, atLeast, between, each, notBefore, oneOf } from './check-rules.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';
import { agentFeedback, agentRegistry } from './agents.js';
import { accessType, agentMaturity, episodeStatus, segmentSource, segmentType } from './enums.js';
import { agentProposals } from './governance.js';
import { users, workspaces } from './identity.js';
import { canvasAudit } from './canvas.js';

/** Episodic memory of an agent. */
export const episodes = pgTable(
  'episodes',
  {
    id: idColumn(),
    title: text('title').notNull(),
    description: text('description'),
    summary: text('summary'),
    agentId: text('agent_id')
      .notNull()
      .references((): AnyPgColumn => agentRegistry.id, { onDelete: 'cascade' }),
    userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** Logical link to a chat session (no FK, as in Atom). */
    sessionId: text('session_id'),
    executionIds: jsonb('execution_ids').$type<string[]>().notNull().default([]),
    canvasIds: jsonb('canvas_ids').$type<string[]>().notNull().default([]),
    feedbackIds: jsonb('feedback_ids').$type<string[]>().notNull().default([]),
    canvasActionCount: integer('canvas_action_count').notNull().default(0),
    aggregateFeedbackScore: doublePrecision('aggregate_feedback_score'),
    supervisorId: text('supervisor_id').references(() => users.id, { onDelete: 'set null' }),
    supervisorRating: integer('supervisor_rating'),
    supervisionFeedback: text('supervision_feedback'),
    interventionCount: integer('intervention_count').notNull().default(0),
    interventionTypes: jsonb('intervention_types').$type<JsonValue>(),
    proposalId: text('proposal_id').references((): AnyPgColumn => agentProposals.id, {
      onDelete: 'set null',
    }),
    proposalOutcome: text('proposal_outcome'),
    rejectionReason: text('rejection_reason'),
    startedAt: timestamptz('started_at').notNull().defaultNow(),
    endedAt: timestamptz('ended_at'),
    durationSeconds: integer('duration_seconds'),
    status: episodeStatus('status').notNull().default('ACTIVE'),
    topics: jsonb('topics').$type<JsonValue[]>().notNull().default([]),
    entities: jsonb('entities').$type<JsonValue[]>().notNull().default([]),
    importanceScore: doublePrecision('importance_score').notNull().default(0.5),
    maturityAtTime: agentMaturity('maturity_at_time').notNull(),
    humanInterventionCount: integer('human_intervention_count').notNull().default(0),
    humanEdits: jsonb('human_edits').$type<JsonValue[]>().notNull().default([]),
    constitutionalScore: doublePrecision('constitutional_score'),
    worldModelState: text('world_model_state'),
    decayScore: doublePrecision('decay_score').notNull().default(1),
    accessCount: integer('access_count').notNull().default(0),
    consolidatedInto: text('consolidated_into').references((): AnyPgColumn => episodes.id, {
      onDelete: 'set null',
    }),
    archivedAt: timestamptz('archived_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('episodes_agent_id_started_at_idx').on(t.agentId, t.startedAt),
    index('episodes_user_id_idx').on(t.userId),
    index('episodes_workspace_id_created_at_idx').on(t.workspaceId, t.createdAt),
    index('episodes_session_id_idx').on(t.sessionId),
    index('episodes_supervisor_id_idx').on(t.supervisorId),
    index('episodes_proposal_id_idx').on(t.proposalId),
    index('episodes_consolidated_into_idx').on(t.consolidatedInto),
    index('episodes_status_idx').on(t.status),
    index('episodes_importance_score_idx').on(t.importanceScore),
    checkWith(
      'episodes_scores_check',
      sql`${t.importanceScore} >= 0 AND ${t.importanceScore} <= 1 AND ${t.decayScore} >= 0 AND ${t.decayScore} <= 1`,
      each(['importanceScore', 'decayScore'], between(0, 1)),
    ),
    checkWith(
      'episodes_aggregate_feedback_score_check',
      sql`${t.aggregateFeedbackScore} IS NULL OR (${t.aggregateFeedbackScore} >= -1 AND ${t.aggregateFeedbackScore} <= 1)`,
      { fields: { aggregateFeedbackScore: between(-1, 1) } },
    ),
    checkWith(
      'episodes_supervisor_rating_check',
      sql`${t.supervisorRating} IS NULL OR ${t.supervisorRating} BETWEEN 1 AND 5`,
      { fields: { supervisorRating: between(1, 5) } },
    ),
    checkWith(
      'episodes_counters_check',
      sql`${t.canvasActionCount} >= 0 AND ${t.interventionCount} >= 0 AND ${t.humanInterventionCount} >= 0 AND ${t.accessCount} >= 0 AND (${t.durationSeconds} IS NULL OR ${t.durationSeconds} >= 0)`,
      each(
        [
          'canvasActionCount',
          'interventionCount',
          'humanInterventionCount',
          'accessCount',
          'durationSeconds',
        ],
        atLeast(0),
      ),
    ),
    checkWith(
      'episodes_ended_at_check',
      sql`${t.endedAt} IS NULL OR ${t.endedAt} >= ${t.startedAt}`,
      notBefore('endedAt', 'startedAt'),
    ),
  ],
);

/** Ordered segments of an episode. */
export const episodeSegments = pgTable(
  'episode_segments',
  {
    id: idColumn(),
    episodeId: text('episode_id')
      .notNull()
      .references(() => episodes.id, { onDelete: 'cascade' }),
    segmentType: segmentType('segment_type').notNull(),
    sequenceOrder: integer('sequence_order').notNull(),
    content: text('content').notNull(),
    contentSummary: text('content_summary'),
    sourceType: segmentSource('source_type').notNull(),
    /** Polymorphic pointer (no FK, as in Atom). */
    sourceId: text('source_id'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('episode_segments_episode_id_sequence_order_unique').on(
      t.episodeId,
      t.sequenceOrder,
    ),
    index('episode_segments_source_id_idx').on(t.sourceId),
    checkWith('episode_segments_sequence_order_check', sql`${t.sequenceOrder} >= 0`, {
      fields: { sequenceOrder: atLeast(0) },
    }),
  ],
);

/** Governance audit of memory retrieval; at least one actor (user or agent). */
export const episodeAccessLogs = pgTable(
  'episode_access_logs',
  {
    id: idColumn(),
    episodeId: text('episode_id')
      .notNull()
      .references(() => episodes.id, { onDelete: 'cascade' }),
    accessedBy: text('accessed_by').references(() => users.id, { onDelete: 'restrict' }),
    accessedByAgent: text('accessed_by_agent').references((): AnyPgColumn => agentRegistry.id, {
      onDelete: 'restrict',
    }),
    accessType: accessType('access_type').notNull(),
    retrievalQuery: text('retrieval_query'),
    retrievalMode: text('retrieval_mode'),
    governanceCheckPassed: boolean('governance_check_passed').notNull().default(true),
    agentMaturityAtAccess: agentMaturity('agent_maturity_at_access'),
    resultsCount: integer('results_count').notNull().default(0),
    accessDurationMs: integer('access_duration_ms'),
    createdAt: createdAt(),
  },
  (t) => [
    index('episode_access_logs_episode_id_created_at_idx').on(t.episodeId, t.createdAt),
    index('episode_access_logs_accessed_by_idx').on(t.accessedBy),
    index('episode_access_logs_accessed_by_agent_idx').on(t.accessedByAgent),
    checkWith(
      'episode_access_logs_actor_check',
      sql`${t.accessedBy} IS NOT NULL OR ${t.accessedByAgent} IS NOT NULL`,
      oneOf('accessedBy', 'accessedByAgent'),
    ),
    checkWith(
      'episode_access_logs_counters_check',
      sql`${t.resultsCount} >= 0 AND (${t.accessDurationMs} IS NULL OR ${t.accessDurationMs} >= 0)`,
      each(['resultsCount', 'accessDurationMs'], atLeast(0)),
    ),
  ],
);

// Row types

/** A row of `episodes`. */
export type Episode = typeof episodes.$inferSelect;
/** An insert into `episodes`. */
export type NewEpisode = typeof episodes.$inferInsert;
/** A row of `episode_segments`. */
export type EpisodeSegment = typeof episodeSegments.$inferSelect;
/** An insert into `episode_segments`. */
export type NewEpisodeSegment = typeof episodeSegments.$inferInsert;
/** A row of `episode_access_logs`. */
export type EpisodeAccessLog = typeof episodeAccessLogs.$inferSelect;
/** An insert into `episode_access_logs`. */
export type NewEpisodeAccessLog = typeof episodeAccessLogs.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `episodes` (`consolidatedInto` is the parent, `consolidatedChildren` the list). */
export const episodesRelations = relations(episodes, ({ one, many }) => ({
  agent: one(agentRegistry, { fields: [episodes.agentId], references: [agentRegistry.id] }),
  user: one(users, {
    fields: [episodes.userId],
    references: [users.id],
    relationName: 'episode_user',
  }),
  workspace: one(workspaces, { fields: [episodes.workspaceId], references: [workspaces.id] }),
  supervisor: one(users, {
    fields: [episodes.supervisorId],
    references: [users.id],
    relationName: 'episode_supervisor',
  }),
  proposal: one(agentProposals, { fields: [episodes.proposalId], references: [agentProposals.id] }),
  consolidatedInto: one(episodes, {
    fields: [episodes.consolidatedInto],
    references: [episodes.id],
    relationName: 'episode_consolidation',
  }),
  consolidatedChildren: many(episodes, { relationName: 'episode_consolidation' }),
  segments: many(episodeSegments),
  accessLogs: many(episodeAccessLogs),
  canvasReferences: many(canvasAudit),
  feedback: many(agentFeedback),
}));

/** Relations of `episode_segments`. */
export const episodeSegmentsRelations = relations(episodeSegments, ({ one }) => ({
  episode: one(episodes, { fields: [episodeSegments.episodeId], references: [episodes.id] }),
}));

/** Relations of `episode_access_logs`. */
export const episodeAccessLogsRelations = relations(episodeAccessLogs, ({ one }) => ({
  episode: one(episodes, { fields: [episodeAccessLogs.episodeId], references: [episodes.id] }),
  user: one(users, { fields: [episodeAccessLogs.accessedBy], references: [users.id] }),
  agent: one(agentRegistry, {
    fields: [episodeAccessLogs.accessedByAgent],
    references: [agentRegistry.id],
  }),
}));
