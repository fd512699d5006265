import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { JsonValue } from './_shared.js';
import { createdAt, idColumn, timestamptz, updatedAt } from './_shared.js';
import { agentRegistry } from './agents.js';
import { accessType, agentMaturity, episodeStatus, segmentSource, segmentType } from './enums.js';
import { agentProposals } from './governance.js';
import { users, workspaces } from './identity.js';

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
    check(
      'episodes_scores_check',
      sql`${t.importanceScore} >= 0 AND ${t.importanceScore} <= 1 AND ${t.decayScore} >= 0 AND ${t.decayScore} <= 1`,
    ),
    check(
      'episodes_aggregate_feedback_score_check',
      sql`${t.aggregateFeedbackScore} IS NULL OR (${t.aggregateFeedbackScore} >= -1 AND ${t.aggregateFeedbackScore} <= 1)`,
    ),
    check(
      'episodes_supervisor_rating_check',
      sql`${t.supervisorRating} IS NULL OR ${t.supervisorRating} BETWEEN 1 AND 5`,
    ),
    check(
      'episodes_counters_check',
      sql`${t.canvasActionCount} >= 0 AND ${t.interventionCount} >= 0 AND ${t.humanInterventionCount} >= 0 AND ${t.accessCount} >= 0 AND (${t.durationSeconds} IS NULL OR ${t.durationSeconds} >= 0)`,
    ),
    check('episodes_ended_at_check', sql`${t.endedAt} IS NULL OR ${t.endedAt} >= ${t.startedAt}`),
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
    check('episode_segments_sequence_order_check', sql`${t.sequenceOrder} >= 0`),
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
    check(
      'episode_access_logs_actor_check',
      sql`${t.accessedBy} IS NOT NULL OR ${t.accessedByAgent} IS NOT NULL`,
    ),
    check(
      'episode_access_logs_counters_check',
      sql`${t.resultsCount} >= 0 AND (${t.accessDurationMs} IS NULL OR ${t.accessDurationMs} >= 0)`,
    ),
  ],
);
