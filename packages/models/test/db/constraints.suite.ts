import { sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { AtomDatabase } from '../../src/index.js';
import * as f from '../../src/testing/factories.js';
import type { DbHarness } from './harness.js';
import { isolated, violation } from './harness.js';

interface Case {
  /** What is violated. */
  name: string;
  sqlstate: '23505' | '23503' | '23514' | '23502' | '22P02';
  /** Expected constraint name (unique, FK, check), or the column for NOT NULL. */
  constraint?: string;
  column?: string;
  table: string;
  /** Performs the violating write (after any setup of valid parents). */
  run: (tx: AtomDatabase) => Promise<unknown>;
}

const never = new Date(Date.UTC(2020, 0, 1));
const before = new Date(Date.UTC(2019, 0, 1));

/** Every unique, check, FK and NOT NULL rule, violated once. */
const CASES: Case[] = [
  // unique
  {
    name: 'users lower(email) unique (case-insensitive)',
    sqlstate: '23505',
    constraint: 'users_email_lower_unique',
    table: 'users',
    run: async (tx) => {
      await f.createUser(tx, { email: 'Dup@Example.com' });
      return f.createUser(tx, { email: 'dup@example.COM' });
    },
  },
  {
    name: 'tenant subdomain unique',
    sqlstate: '23505',
    constraint: 'tenants_subdomain_unique',
    table: 'tenants',
    run: async (tx) => {
      await f.createTenant(tx, { subdomain: 'acme' });
      return f.createTenant(tx, { subdomain: 'acme' });
    },
  },
  {
    name: 'workspace satellite key hash unique',
    sqlstate: '23505',
    constraint: 'workspaces_satellite_api_key_hash_unique',
    table: 'workspaces',
    run: async (tx) => {
      await f.createWorkspace(tx, { satelliteApiKeyHash: 'a'.repeat(64) });
      return f.createWorkspace(tx, { satelliteApiKeyHash: 'a'.repeat(64) });
    },
  },
  {
    name: 'team (workspace_id, name) unique',
    sqlstate: '23505',
    constraint: 'teams_workspace_id_name_unique',
    table: 'teams',
    run: async (tx) => {
      const t = await f.createTeam(tx, { name: 'core' });
      return f.createTeam(tx, { name: 'core', workspaceId: t.workspaceId });
    },
  },
  {
    name: 'team_members primary key',
    sqlstate: '23505',
    constraint: 'team_members_pkey',
    table: 'team_members',
    run: async (tx) => {
      const m = await f.createTeamMember(tx);
      return f.createTeamMember(tx, { userId: m.userId, teamId: m.teamId });
    },
  },
  {
    name: 'user_workspaces primary key',
    sqlstate: '23505',
    constraint: 'user_workspaces_pkey',
    table: 'user_workspaces',
    run: async (tx) => {
      const m = await f.createUserWorkspace(tx);
      return f.createUserWorkspace(tx, { userId: m.userId, workspaceId: m.workspaceId });
    },
  },
  {
    name: 'one presence row per user',
    sqlstate: '23505',
    constraint: 'user_activities_user_id_unique',
    table: 'user_activities',
    run: async (tx) => {
      const a = await f.createUserActivity(tx);
      return f.createUserActivity(tx, { userId: a.userId });
    },
  },
  {
    name: 'session token unique',
    sqlstate: '23505',
    constraint: 'user_activity_sessions_session_token_unique',
    table: 'user_activity_sessions',
    run: async (tx) => {
      await f.createUserActivitySession(tx, { sessionToken: 'same' });
      return f.createUserActivitySession(tx, { sessionToken: 'same' });
    },
  },
  {
    name: 'trace step (execution_id, step_number) unique',
    sqlstate: '23505',
    constraint: 'agent_trace_steps_execution_id_step_number_unique',
    table: 'agent_trace_steps',
    run: async (tx) => {
      const s = await f.createAgentTraceStep(tx, { stepNumber: 1 });
      return f.createAgentTraceStep(tx, { executionId: s.executionId, stepNumber: 1 });
    },
  },
  {
    name: 'one training session per proposal',
    sqlstate: '23505',
    constraint: 'training_sessions_proposal_id_unique',
    table: 'training_sessions',
    run: async (tx) => {
      const s = await f.createTrainingSession(tx);
      return f.createTrainingSession(tx, { proposalId: s.proposalId, agentId: s.agentId });
    },
  },
  {
    name: 'segment (episode_id, sequence_order) unique',
    sqlstate: '23505',
    constraint: 'episode_segments_episode_id_sequence_order_unique',
    table: 'episode_segments',
    run: async (tx) => {
      const s = await f.createEpisodeSegment(tx, { sequenceOrder: 0 });
      return f.createEpisodeSegment(tx, { episodeId: s.episodeId, sequenceOrder: 0 });
    },
  },
  {
    name: 'step (execution_id, sequence_order) unique',
    sqlstate: '23505',
    constraint: 'workflow_step_executions_execution_id_sequence_order_unique',
    table: 'workflow_step_executions',
    run: async (tx) => {
      const s = await f.createWorkflowStepExecution(tx, { sequenceOrder: 0 });
      return f.createWorkflowStepExecution(tx, { executionId: s.executionId, sequenceOrder: 0 });
    },
  },
  {
    name: 'step (execution_id, step_id) unique',
    sqlstate: '23505',
    constraint: 'workflow_step_executions_execution_id_step_id_unique',
    table: 'workflow_step_executions',
    run: async (tx) => {
      const s = await f.createWorkflowStepExecution(tx, { stepId: 'a' });
      return f.createWorkflowStepExecution(tx, { executionId: s.executionId, stepId: 'a' });
    },
  },
  {
    name: 'log (execution_id, seq) unique',
    sqlstate: '23505',
    constraint: 'workflow_execution_logs_execution_id_seq_unique',
    table: 'workflow_execution_logs',
    run: async (tx) => {
      const l = await f.createWorkflowExecutionLog(tx, { seq: 1 });
      return f.createWorkflowExecutionLog(tx, { executionId: l.executionId, seq: 1 });
    },
  },
  {
    name: 'snapshot (execution_id, step_order) unique',
    sqlstate: '23505',
    constraint: 'workflow_snapshots_execution_id_step_order_unique',
    table: 'workflow_snapshots',
    run: async (tx) => {
      const s = await f.createWorkflowSnapshot(tx, { stepOrder: 0 });
      return f.createWorkflowSnapshot(tx, { executionId: s.executionId, stepOrder: 0 });
    },
  },
  // check
  ...(
    [
      ['users_email_shape_check', 'users', (tx) => f.createUser(tx, { email: 'not-an-email' })],
      [
        'users_email_shape_check',
        'users',
        (tx) => f.createUser(tx, { email: `${'a'.repeat(320)}@x.io` }),
      ],
      ['users_capacity_hours_check', 'users', (tx) => f.createUser(tx, { capacityHours: -1 })],
      [
        'users_hourly_cost_rate_check',
        'users',
        (tx) => f.createUser(tx, { hourlyCostRate: -0.01 }),
      ],
      [
        'users_two_factor_secret_encrypted_check',
        'users',
        (tx) => f.createUser(tx, { twoFactorSecretEncrypted: 'JBSWY3DPEHPK3PXP' }),
      ],
      [
        'users_two_factor_backup_codes_encrypted_check',
        'users',
        (tx) => f.createUser(tx, { twoFactorBackupCodesEncrypted: '["123456"]' }),
      ],
      [
        'tenants_subdomain_shape_check',
        'tenants',
        (tx) => f.createTenant(tx, { subdomain: 'Bad_Sub' }),
      ],
      [
        'workspaces_satellite_api_key_hash_check',
        'workspaces',
        (tx) => f.createWorkspace(tx, { satelliteApiKeyHash: 'sk_plaintext' }),
      ],
      [
        'user_activity_sessions_terminated_at_check',
        'user_activity_sessions',
        (tx) => f.createUserActivitySession(tx, { createdAt: never, terminatedAt: before }),
      ],
      [
        'agent_registry_confidence_score_check',
        'agent_registry',
        (tx) => f.createAgent(tx, { confidenceScore: 1.01 }),
      ],
      [
        'agent_registry_confidence_score_check',
        'agent_registry',
        (tx) => f.createAgent(tx, { confidenceScore: -0.1 }),
      ],
      [
        'agent_executions_duration_seconds_check',
        'agent_executions',
        (tx) => f.createAgentExecution(tx, { durationSeconds: -1 }),
      ],
      [
        'agent_executions_completed_at_check',
        'agent_executions',
        (tx) => f.createAgentExecution(tx, { startedAt: never, completedAt: before }),
      ],
      [
        'agent_trace_steps_step_number_check',
        'agent_trace_steps',
        (tx) => f.createAgentTraceStep(tx, { stepNumber: -1 }),
      ],
      [
        'agent_feedback_rating_check',
        'agent_feedback',
        (tx) => f.createAgentFeedback(tx, { rating: 0 }),
      ],
      [
        'agent_feedback_rating_check',
        'agent_feedback',
        (tx) => f.createAgentFeedback(tx, { rating: 6 }),
      ],
      [
        'supervised_execution_queue_max_attempts_check',
        'supervised_execution_queue',
        (tx) => f.createSupervisedExecution(tx, { maxAttempts: 0 }),
      ],
      [
        'supervised_execution_queue_attempt_count_check',
        'supervised_execution_queue',
        (tx) => f.createSupervisedExecution(tx, { attemptCount: -1 }),
      ],
      [
        'agent_proposals_duration_estimation_confidence_check',
        'agent_proposals',
        (tx) => f.createAgentProposal(tx, { durationEstimationConfidence: 2 }),
      ],
      [
        'agent_proposals_hours_check',
        'agent_proposals',
        (tx) => f.createAgentProposal(tx, { hoursPerDayLimit: 25 }),
      ],
      [
        'agent_proposals_training_dates_check',
        'agent_proposals',
        (tx) => f.createAgentProposal(tx, { trainingStartDate: never, trainingEndDate: before }),
      ],
      [
        'blocked_triggers_confidence_score_at_block_check',
        'blocked_triggers',
        (tx) => f.createBlockedTrigger(tx, { confidenceScoreAtBlock: 1.5 }),
      ],
      [
        'supervision_sessions_supervisor_rating_check',
        'supervision_sessions',
        (tx) => f.createSupervisionSession(tx, { supervisorRating: 9 }),
      ],
      [
        'supervision_sessions_counters_check',
        'supervision_sessions',
        (tx) => f.createSupervisionSession(tx, { interventionCount: -1 }),
      ],
      [
        'supervision_sessions_completed_at_check',
        'supervision_sessions',
        (tx) => f.createSupervisionSession(tx, { startedAt: never, completedAt: before }),
      ],
      [
        'training_sessions_counters_check',
        'training_sessions',
        (tx) => f.createTrainingSession(tx, { errorsCount: -2 }),
      ],
      [
        'training_sessions_performance_score_check',
        'training_sessions',
        (tx) => f.createTrainingSession(tx, { performanceScore: 1.2 }),
      ],
      [
        'training_sessions_completed_at_check',
        'training_sessions',
        (tx) => f.createTrainingSession(tx, { startedAt: never, completedAt: before }),
      ],
      ['episodes_scores_check', 'episodes', (tx) => f.createEpisode(tx, { importanceScore: 1.1 })],
      ['episodes_scores_check', 'episodes', (tx) => f.createEpisode(tx, { decayScore: -0.1 })],
      [
        'episodes_aggregate_feedback_score_check',
        'episodes',
        (tx) => f.createEpisode(tx, { aggregateFeedbackScore: -1.5 }),
      ],
      [
        'episodes_supervisor_rating_check',
        'episodes',
        (tx) => f.createEpisode(tx, { supervisorRating: 0 }),
      ],
      ['episodes_counters_check', 'episodes', (tx) => f.createEpisode(tx, { accessCount: -1 })],
      [
        'episodes_ended_at_check',
        'episodes',
        (tx) => f.createEpisode(tx, { startedAt: never, endedAt: before }),
      ],
      [
        'episode_segments_sequence_order_check',
        'episode_segments',
        (tx) => f.createEpisodeSegment(tx, { sequenceOrder: -1 }),
      ],
      [
        'episode_access_logs_actor_check',
        'episode_access_logs',
        (tx) => f.createEpisodeAccessLog(tx, { accessedBy: null, accessedByAgent: null }),
      ],
      [
        'episode_access_logs_counters_check',
        'episode_access_logs',
        (tx) => f.createEpisodeAccessLog(tx, { resultsCount: -1 }),
      ],
      [
        'workflow_executions_version_check',
        'workflow_executions',
        (tx) => f.createWorkflowExecution(tx, { version: 0 }),
      ],
      [
        'workflow_executions_completed_at_check',
        'workflow_executions',
        (tx) => f.createWorkflowExecution(tx, { startedAt: never, completedAt: before }),
      ],
      [
        'workflow_step_executions_sequence_order_check',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { sequenceOrder: -1 }),
      ],
      [
        'workflow_step_executions_duration_ms_check',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { durationMs: -1 }),
      ],
      [
        'workflow_step_executions_retry_count_check',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { retryCount: -1 }),
      ],
      [
        'workflow_step_executions_attempts_check',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { attempts: -1 }),
      ],
      [
        'workflow_step_executions_completed_at_check',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { startedAt: never, completedAt: before }),
      ],
      [
        'workflow_execution_logs_seq_check',
        'workflow_execution_logs',
        (tx) => f.createWorkflowExecutionLog(tx, { seq: -1 }),
      ],
      [
        'workflow_snapshots_step_order_check',
        'workflow_snapshots',
        (tx) => f.createWorkflowSnapshot(tx, { stepOrder: -1 }),
      ],
      [
        'business_product_services_amounts_check',
        'business_product_services',
        (tx) => f.createBusinessProductService(tx, { basePrice: -5 }),
      ],
      [
        'business_product_services_currency_check',
        'business_product_services',
        (tx) => f.createBusinessProductService(tx, { currency: 'usd' }),
      ],
      [
        'graph_communities_level_check',
        'graph_communities',
        (tx) => f.createGraphCommunity(tx, { level: -1 }),
      ],
    ] as [string, string, Case['run']][]
  ).map(([constraint, table, run]): Case => ({
    name: constraint,
    sqlstate: '23514',
    constraint,
    table,
    run,
  })),
  // foreign keys
  ...(
    [
      ['users_tenant_id_tenants_id_fk', 'users', (tx) => f.createUser(tx, { tenantId: 'missing' })],
      [
        'teams_workspace_id_workspaces_id_fk',
        'teams',
        (tx) => f.createTeam(tx, { workspaceId: 'missing' }),
      ],
      [
        'agent_executions_agent_id_agent_registry_id_fk',
        'agent_executions',
        (tx) => f.createAgentExecution(tx, { agentId: 'missing' }),
      ],
      [
        'agent_feedback_episode_id_episodes_id_fk',
        'agent_feedback',
        (tx) => f.createAgentFeedback(tx, { episodeId: 'missing' }),
      ],
      [
        'episodes_consolidated_into_episodes_id_fk',
        'episodes',
        (tx) => f.createEpisode(tx, { consolidatedInto: 'missing' }),
      ],
      [
        'workflow_step_executions_execution_id_fk',
        'workflow_step_executions',
        (tx) => f.createWorkflowStepExecution(tx, { executionId: 'missing' }),
      ],
      [
        'canvas_audit_episode_id_episodes_id_fk',
        'canvas_audit',
        (tx) => f.createCanvasAudit(tx, { episodeId: 'missing' }),
      ],
    ] as [string, string, Case['run']][]
  ).map(([constraint, table, run]): Case => ({
    name: constraint,
    sqlstate: '23503',
    constraint,
    table,
    run,
  })),
  // not null
  ...(
    [
      ['users', 'email', sql`INSERT INTO users (email) VALUES (NULL)`],
      [
        'agent_registry',
        'category',
        sql`INSERT INTO agent_registry (name, module_path, class_name) VALUES ('a', 'm', 'c')`,
      ],
      [
        'workflow_executions',
        'workflow_id',
        sql`INSERT INTO workflow_executions (status) VALUES ('PENDING')`,
      ],
      ['episodes', 'title', sql`INSERT INTO episodes (agent_id) VALUES ('x')`],
      ['users', 'role', sql`INSERT INTO users (email, role) VALUES ('n@example.com', NULL)`],
    ] as const
  ).map(([table, column, query]): Case => ({
    name: `${table}.${column} NOT NULL`,
    sqlstate: '23502',
    column,
    table,
    run: (tx) => tx.execute(query),
  })),
  // invalid enum text
  {
    name: 'agent_registry.status rejects lifecycle value PAUSED',
    sqlstate: '22P02',
    table: 'agent_registry',
    run: (tx) =>
      tx.execute(
        sql`INSERT INTO agent_registry (name, category, module_path, class_name, status) VALUES ('a', 'c', 'm', 'k', 'PAUSED')`,
      ),
  },
];

/** Unique, check, FK, NOT NULL and enum violations with their exact SQLSTATE. */
export function constraintsSuite(h: DbHarness): void {
  describe(`constraints (${h.driver})`, () => {
    for (const c of CASES) {
      isolated(h, `${c.name} → ${c.sqlstate}`, async (tx) => {
        const err = await violation(tx, c.run);
        expect(err.sqlstate).toBe(c.sqlstate);
        if (c.constraint !== undefined) expect(err.constraint).toBe(c.constraint);
        if (c.column !== undefined) expect(err.column).toBe(c.column);
        if (c.sqlstate !== '22P02') expect(err.table).toBe(c.table);
      });
    }
  });
}
