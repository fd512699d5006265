import { createInsertSchema, createUpdateSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import type { Schema } from './db-schema.js';
import {
  agentExecutions,
  agentFeedback,
  agentRegistry,
  agentTraceSteps,
  supervisedExecutionQueue,
} from './schema/agents.js';
import { canvasAudit } from './schema/canvas.js';
import { episodeAccessLogs, episodes, episodeSegments } from './schema/episodes.js';
import {
  agentProposals,
  blockedTriggers,
  supervisionSessions,
  trainingSessions,
} from './schema/governance.js';
import {
  EMAIL_PATTERN,
  teamMembers,
  teamMessages,
  teams,
  tenants,
  userActivities,
  userActivitySessions,
  users,
  userWorkspaces,
  workspaces,
} from './schema/identity.js';
import { businessProductServices, graphCommunities, graphNodes } from './schema/knowledge.js';
import {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from './schema/workflows.js';

const nonNegative = (s: z.ZodNumber): z.ZodNumber => s.min(0);
const unit = (s: z.ZodNumber): z.ZodNumber => s.min(0).max(1);
const rating = (s: z.ZodNumber): z.ZodNumber => s.min(1).max(5);
const atLeastOne = (s: z.ZodNumber): z.ZodNumber => s.min(1);
const pattern =
  (re: RegExp) =>
  (s: z.ZodString): z.ZodString =>
    s.regex(re);
const ENCRYPTED = /^v1:/;

type Row = Record<string, unknown>;
interface CrossRule {
  /** The field the issue is reported on. */
  readonly path: string;
  readonly message: string;
  /** True when the row is acceptable (fields absent from `row` pass). */
  readonly ok: (row: Row) => boolean;
}

const notBefore = (later: string, earlier: string): CrossRule => ({
  path: later,
  message: `must not be before ${earlier}`,
  ok: (row) => {
    const a = row[later];
    const b = row[earlier];
    return !(a instanceof Date && b instanceof Date) || a.getTime() >= b.getTime();
  },
});

function withRules<S>(schema: S, rules: readonly CrossRule[]): S {
  if (rules.length === 0) return schema;
  return (schema as unknown as z.ZodType).superRefine((value, ctx) => {
    for (const rule of rules) {
      if (!rule.ok(value as Row))
        ctx.addIssue({ code: 'custom', path: [rule.path], message: rule.message });
    }
  }) as unknown as S;
}

const actorRule: CrossRule = {
  path: 'accessedBy',
  message: 'an access log needs accessedBy or accessedByAgent',
  ok: (row) => (row.accessedBy ?? null) !== null || (row.accessedByAgent ?? null) !== null,
};

function build() {
  const refine = {
    tenants: { subdomain: pattern(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/) },
    users: {
      email: (s: z.ZodString): z.ZodString => s.regex(EMAIL_PATTERN).max(320),
      capacityHours: nonNegative,
      hourlyCostRate: nonNegative,
      twoFactorSecretEncrypted: pattern(ENCRYPTED),
      twoFactorBackupCodesEncrypted: pattern(ENCRYPTED),
    },
    workspaces: { satelliteApiKeyHash: pattern(/^[0-9a-f]{64}$/) },
    agentRegistry: { confidenceScore: unit },
    agentExecutions: { durationSeconds: nonNegative },
    agentTraceSteps: { stepNumber: nonNegative },
    agentFeedback: { rating },
    supervisedExecutionQueue: {
      maxAttempts: atLeastOne,
      attemptCount: nonNegative,
    },
    agentProposals: {
      durationEstimationConfidence: unit,
      estimatedDurationHours: nonNegative,
      userOverrideDurationHours: nonNegative,
      hoursPerDayLimit: (s: z.ZodNumber): z.ZodNumber => s.min(0).max(24),
    },
    blockedTriggers: { confidenceScoreAtBlock: unit },
    supervisionSessions: {
      supervisorRating: rating,
      interventionCount: nonNegative,
      durationSeconds: nonNegative,
    },
    trainingSessions: {
      tasksCompleted: nonNegative,
      errorsCount: nonNegative,
      totalTasks: nonNegative,
      durationSeconds: nonNegative,
      performanceScore: unit,
    },
    episodes: {
      importanceScore: unit,
      decayScore: unit,
      aggregateFeedbackScore: (s: z.ZodNumber): z.ZodNumber => s.min(-1).max(1),
      supervisorRating: rating,
      canvasActionCount: nonNegative,
      interventionCount: nonNegative,
      humanInterventionCount: nonNegative,
      accessCount: nonNegative,
      durationSeconds: nonNegative,
    },
    episodeSegments: { sequenceOrder: nonNegative },
    episodeAccessLogs: { resultsCount: nonNegative, accessDurationMs: nonNegative },
    workflowExecutions: { version: atLeastOne },
    workflowStepExecutions: {
      sequenceOrder: nonNegative,
      durationMs: nonNegative,
      retryCount: nonNegative,
      attempts: nonNegative,
    },
    workflowExecutionLogs: { seq: nonNegative },
    workflowSnapshots: { stepOrder: nonNegative },
    businessProductServices: {
      basePrice: nonNegative,
      unitCost: nonNegative,
      stockQuantity: nonNegative,
      currency: pattern(/^[A-Z]{3}$/),
    },
    graphCommunities: { level: nonNegative },
  };

  const rules: Partial<Record<string, readonly CrossRule[]>> = {
    userActivitySessions: [notBefore('terminatedAt', 'createdAt')],
    agentExecutions: [notBefore('completedAt', 'startedAt')],
    agentProposals: [notBefore('trainingEndDate', 'trainingStartDate')],
    supervisionSessions: [notBefore('completedAt', 'startedAt')],
    trainingSessions: [notBefore('completedAt', 'startedAt')],
    episodes: [notBefore('endedAt', 'startedAt')],
    workflowExecutions: [notBefore('completedAt', 'startedAt')],
    workflowStepExecutions: [notBefore('completedAt', 'startedAt')],
  };

  const rulesOf = (name: string): readonly CrossRule[] => rules[name] ?? [];

  return {
    tenants: {
      insert: withRules(createInsertSchema(tenants, refine.tenants), rulesOf('tenants')),
      update: withRules(createUpdateSchema(tenants, refine.tenants), rulesOf('tenants')),
    },
    users: {
      insert: withRules(createInsertSchema(users, refine.users), rulesOf('users')),
      update: withRules(createUpdateSchema(users, refine.users), rulesOf('users')),
    },
    workspaces: {
      insert: withRules(createInsertSchema(workspaces, refine.workspaces), rulesOf('workspaces')),
      update: withRules(createUpdateSchema(workspaces, refine.workspaces), rulesOf('workspaces')),
    },
    teams: {
      insert: withRules(createInsertSchema(teams), rulesOf('teams')),
      update: withRules(createUpdateSchema(teams), rulesOf('teams')),
    },
    teamMembers: {
      insert: withRules(createInsertSchema(teamMembers), rulesOf('teamMembers')),
      update: withRules(createUpdateSchema(teamMembers), rulesOf('teamMembers')),
    },
    userWorkspaces: {
      insert: withRules(createInsertSchema(userWorkspaces), rulesOf('userWorkspaces')),
      update: withRules(createUpdateSchema(userWorkspaces), rulesOf('userWorkspaces')),
    },
    teamMessages: {
      insert: withRules(createInsertSchema(teamMessages), rulesOf('teamMessages')),
      update: withRules(createUpdateSchema(teamMessages), rulesOf('teamMessages')),
    },
    userActivities: {
      insert: withRules(createInsertSchema(userActivities), rulesOf('userActivities')),
      update: withRules(createUpdateSchema(userActivities), rulesOf('userActivities')),
    },
    userActivitySessions: {
      insert: withRules(createInsertSchema(userActivitySessions), rulesOf('userActivitySessions')),
      update: withRules(createUpdateSchema(userActivitySessions), rulesOf('userActivitySessions')),
    },
    agentRegistry: {
      insert: withRules(
        createInsertSchema(agentRegistry, refine.agentRegistry),
        rulesOf('agentRegistry'),
      ),
      update: withRules(
        createUpdateSchema(agentRegistry, refine.agentRegistry),
        rulesOf('agentRegistry'),
      ),
    },
    agentExecutions: {
      insert: withRules(
        createInsertSchema(agentExecutions, refine.agentExecutions),
        rulesOf('agentExecutions'),
      ),
      update: withRules(
        createUpdateSchema(agentExecutions, refine.agentExecutions),
        rulesOf('agentExecutions'),
      ),
    },
    agentTraceSteps: {
      insert: withRules(
        createInsertSchema(agentTraceSteps, refine.agentTraceSteps),
        rulesOf('agentTraceSteps'),
      ),
      update: withRules(
        createUpdateSchema(agentTraceSteps, refine.agentTraceSteps),
        rulesOf('agentTraceSteps'),
      ),
    },
    agentFeedback: {
      insert: withRules(
        createInsertSchema(agentFeedback, refine.agentFeedback),
        rulesOf('agentFeedback'),
      ),
      update: withRules(
        createUpdateSchema(agentFeedback, refine.agentFeedback),
        rulesOf('agentFeedback'),
      ),
    },
    supervisedExecutionQueue: {
      insert: withRules(
        createInsertSchema(supervisedExecutionQueue, refine.supervisedExecutionQueue),
        rulesOf('supervisedExecutionQueue'),
      ),
      update: withRules(
        createUpdateSchema(supervisedExecutionQueue, refine.supervisedExecutionQueue),
        rulesOf('supervisedExecutionQueue'),
      ),
    },
    blockedTriggers: {
      insert: withRules(
        createInsertSchema(blockedTriggers, refine.blockedTriggers),
        rulesOf('blockedTriggers'),
      ),
      update: withRules(
        createUpdateSchema(blockedTriggers, refine.blockedTriggers),
        rulesOf('blockedTriggers'),
      ),
    },
    agentProposals: {
      insert: withRules(
        createInsertSchema(agentProposals, refine.agentProposals),
        rulesOf('agentProposals'),
      ),
      update: withRules(
        createUpdateSchema(agentProposals, refine.agentProposals),
        rulesOf('agentProposals'),
      ),
    },
    supervisionSessions: {
      insert: withRules(
        createInsertSchema(supervisionSessions, refine.supervisionSessions),
        rulesOf('supervisionSessions'),
      ),
      update: withRules(
        createUpdateSchema(supervisionSessions, refine.supervisionSessions),
        rulesOf('supervisionSessions'),
      ),
    },
    trainingSessions: {
      insert: withRules(
        createInsertSchema(trainingSessions, refine.trainingSessions),
        rulesOf('trainingSessions'),
      ),
      update: withRules(
        createUpdateSchema(trainingSessions, refine.trainingSessions),
        rulesOf('trainingSessions'),
      ),
    },
    episodes: {
      insert: withRules(createInsertSchema(episodes, refine.episodes), rulesOf('episodes')),
      update: withRules(createUpdateSchema(episodes, refine.episodes), rulesOf('episodes')),
    },
    episodeSegments: {
      insert: withRules(
        createInsertSchema(episodeSegments, refine.episodeSegments),
        rulesOf('episodeSegments'),
      ),
      update: withRules(
        createUpdateSchema(episodeSegments, refine.episodeSegments),
        rulesOf('episodeSegments'),
      ),
    },
    episodeAccessLogs: {
      insert: withRules(createInsertSchema(episodeAccessLogs, refine.episodeAccessLogs), [
        actorRule,
      ]),
      update: createUpdateSchema(episodeAccessLogs, refine.episodeAccessLogs),
    },
    workflowExecutions: {
      insert: withRules(
        createInsertSchema(workflowExecutions, refine.workflowExecutions),
        rulesOf('workflowExecutions'),
      ),
      update: withRules(
        createUpdateSchema(workflowExecutions, refine.workflowExecutions),
        rulesOf('workflowExecutions'),
      ),
    },
    workflowStepExecutions: {
      insert: withRules(
        createInsertSchema(workflowStepExecutions, refine.workflowStepExecutions),
        rulesOf('workflowStepExecutions'),
      ),
      update: withRules(
        createUpdateSchema(workflowStepExecutions, refine.workflowStepExecutions),
        rulesOf('workflowStepExecutions'),
      ),
    },
    workflowExecutionLogs: {
      insert: withRules(
        createInsertSchema(workflowExecutionLogs, refine.workflowExecutionLogs),
        rulesOf('workflowExecutionLogs'),
      ),
      update: withRules(
        createUpdateSchema(workflowExecutionLogs, refine.workflowExecutionLogs),
        rulesOf('workflowExecutionLogs'),
      ),
    },
    workflowSnapshots: {
      insert: withRules(
        createInsertSchema(workflowSnapshots, refine.workflowSnapshots),
        rulesOf('workflowSnapshots'),
      ),
      update: withRules(
        createUpdateSchema(workflowSnapshots, refine.workflowSnapshots),
        rulesOf('workflowSnapshots'),
      ),
    },
    canvasAudit: {
      insert: withRules(createInsertSchema(canvasAudit), rulesOf('canvasAudit')),
      update: withRules(createUpdateSchema(canvasAudit), rulesOf('canvasAudit')),
    },
    businessProductServices: {
      insert: withRules(
        createInsertSchema(businessProductServices, refine.businessProductServices),
        rulesOf('businessProductServices'),
      ),
      update: withRules(
        createUpdateSchema(businessProductServices, refine.businessProductServices),
        rulesOf('businessProductServices'),
      ),
    },
    graphNodes: {
      insert: withRules(createInsertSchema(graphNodes), rulesOf('graphNodes')),
      update: withRules(createUpdateSchema(graphNodes), rulesOf('graphNodes')),
    },
    graphCommunities: {
      insert: withRules(
        createInsertSchema(graphCommunities, refine.graphCommunities),
        rulesOf('graphCommunities'),
      ),
      update: withRules(
        createUpdateSchema(graphCommunities, refine.graphCommunities),
        rulesOf('graphCommunities'),
      ),
    },
  };
}

/**
 * Insert and update zod schemas of every table (drizzle-zod), refined with the rules of the
 * database's check constraints: e-mail shape, score ranges, ratings 1–5, counters ≥ 0,
 * `completed_at ≥ started_at`, the access-log actor rule.
 */
export const tableSchemas = build();

/** A key of {@link tableSchemas} (the table's property name in {@link Schema}). */
export type TableName = keyof typeof tableSchemas & keyof Schema;

/** What {@link parseInsert} returns for `T`. */
export type ParsedInsert<T extends TableName> = z.output<(typeof tableSchemas)[T]['insert']>;
/** What {@link parseUpdate} returns for `T`. */
export type ParsedUpdate<T extends TableName> = z.output<(typeof tableSchemas)[T]['update']>;

function run<S extends z.ZodType>(table: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    table,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
    { cause: result.error },
  );
}

/**
 * Validates an insert into `table`.
 *
 * @throws ValidationError naming every bad field.
 */
export function parseInsert<T extends TableName>(table: T, input: unknown): ParsedInsert<T> {
  return run(table, tableSchemas[table].insert, input) as ParsedInsert<T>;
}

/**
 * Validates an update of `table` (every field optional).
 *
 * @throws ValidationError naming every bad field.
 */
export function parseUpdate<T extends TableName>(table: T, input: unknown): ParsedUpdate<T> {
  return run(table, tableSchemas[table].update, input) as ParsedUpdate<T>;
}

/** Validates a new user ({@link parseInsert} for `users`). */
export function parseNewUser(input: unknown): ParsedInsert<'users'> {
  return parseInsert('users', input);
}

/** Validates a new agent ({@link parseInsert} for `agentRegistry`). */
export function parseNewAgent(input: unknown): ParsedInsert<'agentRegistry'> {
  return parseInsert('agentRegistry', input);
}

/** Validates a new episode ({@link parseInsert} for `episodes`). */
export function parseNewEpisode(input: unknown): ParsedInsert<'episodes'> {
  return parseInsert('episodes', input);
}

/** Validates a new workflow execution ({@link parseInsert} for `workflowExecutions`). */
export function parseNewWorkflowExecution(input: unknown): ParsedInsert<'workflowExecutions'> {
  return parseInsert('workflowExecutions', input);
}
