import { eq } from 'drizzle-orm';
import type { AtomDatabase } from '../db.js';
import { withDbErrors } from '../normalize-db-error.js';
import type * as schema from '../schema/index.js';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { NewRow, Row, TableName } from '../tables.js';
import { tables } from '../tables.js';
import {
  agentExecutions,
  agentFeedback,
  agentProposals,
  agentRegistry,
  agentTraceSteps,
  blockedTriggers,
  businessProductServices,
  canvasAudit,
  episodeAccessLogs,
  episodeSegments,
  episodes,
  graphCommunities,
  graphNodes,
  supervisedExecutionQueue,
  supervisionSessions,
  teamMembers,
  teamMessages,
  teams,
  trainingSessions,
  userActivities,
  userActivitySessions,
  userWorkspaces,
  users,
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
  workspaces,
} from '../schema/index.js';

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
  overrides: Partial<schema.NewTenant> = {},
): Promise<schema.Tenant> {
  const s = uniqueSuffix().replace(/_/g, '-');
  return insertRow(db, 'tenants', { name: `Tenant ${s}`, subdomain: `t-${s}`, ...overrides });
}

/** Inserts a user with a unique e-mail. */
export function createUser(
  db: AtomDatabase,
  overrides: Partial<schema.NewUser> = {},
): Promise<schema.User> {
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
  overrides: Partial<schema.NewWorkspace> = {},
): Promise<schema.Workspace> {
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
  overrides: Partial<schema.NewTeam> = {},
): Promise<schema.Team> {
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
  overrides: Partial<schema.NewWorkflowExecution> = {},
): Promise<schema.WorkflowExecution> {
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
  overrides: Partial<schema.NewWorkflowStepExecution> = {},
): Promise<schema.WorkflowStepExecution> {
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
  overrides: Partial<schema.NewWorkflowExecutionLog> = {},
): Promise<schema.WorkflowExecutionLog> {
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
  overrides: Partial<schema.NewWorkflowSnapshot> = {},
): Promise<schema.WorkflowSnapshot> {
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

/** Adds a user to a team (creating both unless given). */
export async function createTeamMember(
  db: AtomDatabase,
  overrides: Partial<schema.NewTeamMember> = {},
): Promise<schema.TeamMember> {
  const userId = overrides.userId ?? (await createUser(db)).id;
  const teamId = overrides.teamId ?? (await createTeam(db)).id;
  return insertOne(() =>
    db
      .insert(teamMembers)
      .values({ ...overrides, userId, teamId })
      .returning(),
  );
}

/** Adds a user to a workspace (creating both unless given). */
export async function createUserWorkspace(
  db: AtomDatabase,
  overrides: Partial<schema.NewUserWorkspace> = {},
): Promise<schema.UserWorkspace> {
  const userId = overrides.userId ?? (await createUser(db)).id;
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(userWorkspaces)
      .values({ ...overrides, userId, workspaceId })
      .returning(),
  );
}

/** Inserts a team message (and its team and sender unless given). */
export async function createTeamMessage(
  db: AtomDatabase,
  overrides: Partial<schema.NewTeamMessage> = {},
): Promise<schema.TeamMessage> {
  const teamId = overrides.teamId ?? (await createTeam(db)).id;
  const userId = overrides.userId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(teamMessages)
      .values({ content: `message ${uniqueSuffix()}`, ...overrides, teamId, userId })
      .returning(),
  );
}

/** Inserts a user's presence row (and the user unless given). */
export async function createUserActivity(
  db: AtomDatabase,
  overrides: Partial<schema.NewUserActivity> = {},
): Promise<schema.UserActivity> {
  const userId = overrides.userId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(userActivities)
      .values({ ...overrides, userId })
      .returning(),
  );
}

/** Inserts a heartbeat session (and its presence row and user unless given). */
export async function createUserActivitySession(
  db: AtomDatabase,
  overrides: Partial<schema.NewUserActivitySession> = {},
): Promise<schema.UserActivitySession> {
  const activity =
    overrides.activityId === undefined
      ? await createUserActivity(
          db,
          overrides.userId === undefined ? {} : { userId: overrides.userId },
        )
      : {
          id: overrides.activityId,
          userId:
            overrides.userId ??
            (
              await db
                .select({ userId: userActivities.userId })
                .from(userActivities)
                .where(eq(userActivities.id, overrides.activityId))
            )[0]?.userId ??
            '',
        };
  return insertOne(() =>
    db
      .insert(userActivitySessions)
      .values({
        sessionType: 'web',
        sessionToken: `tok_${uniqueSuffix()}`,
        ...overrides,
        userId: activity.userId,
        activityId: activity.id,
      })
      .returning(),
  );
}

/** Inserts an agent. */
export function createAgent(
  db: AtomDatabase,
  overrides: Partial<schema.NewAgent> = {},
): Promise<schema.Agent> {
  const s = uniqueSuffix();
  return insertOne(() =>
    db
      .insert(agentRegistry)
      .values({
        name: `Agent ${s}`,
        category: 'general',
        modulePath: 'agents.generic',
        className: 'GenericAgent',
        ...overrides,
      })
      .returning(),
  );
}

/** Inserts an agent run (and its agent unless given). */
export async function createAgentExecution(
  db: AtomDatabase,
  overrides: Partial<schema.NewAgentExecution> = {},
): Promise<schema.AgentExecution> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  return insertOne(() =>
    db
      .insert(agentExecutions)
      .values({ ...overrides, agentId })
      .returning(),
  );
}

/** Inserts a ReAct step (and its agent run unless given). */
export async function createAgentTraceStep(
  db: AtomDatabase,
  overrides: Partial<schema.NewAgentTraceStep> = {},
): Promise<schema.AgentTraceStep> {
  const executionId = overrides.executionId ?? (await createAgentExecution(db)).id;
  return insertOne(() =>
    db
      .insert(agentTraceSteps)
      .values({ stepNumber: counter, ...overrides, executionId })
      .returning(),
  );
}

/** Inserts feedback (and its agent and user unless given). */
export async function createAgentFeedback(
  db: AtomDatabase,
  overrides: Partial<schema.NewAgentFeedback> = {},
): Promise<schema.AgentFeedback> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  const userId = overrides.userId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(agentFeedback)
      .values({
        originalOutput: 'original',
        userCorrection: 'corrected',
        ...overrides,
        agentId,
        userId,
      })
      .returning(),
  );
}

/** Inserts a queued supervised execution (and its agent and user unless given). */
export async function createSupervisedExecution(
  db: AtomDatabase,
  overrides: Partial<schema.NewSupervisedExecution> = {},
): Promise<schema.SupervisedExecution> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  const userId = overrides.userId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(supervisedExecutionQueue)
      .values({
        triggerType: 'manual',
        executionContext: {},
        supervisorType: 'user',
        expiresAt: new Date(Date.UTC(2100, 0, 1)),
        ...overrides,
        agentId,
        userId,
      })
      .returning(),
  );
}

/** Inserts a proposal (and its agent unless given). */
export async function createAgentProposal(
  db: AtomDatabase,
  overrides: Partial<schema.NewAgentProposal> = {},
): Promise<schema.AgentProposal> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  return insertOne(() =>
    db
      .insert(agentProposals)
      .values({
        agentName: 'agent',
        proposalType: 'ACTION',
        title: `Proposal ${uniqueSuffix()}`,
        description: 'description',
        proposedBy: 'atom_meta_agent',
        ...overrides,
        agentId,
      })
      .returning(),
  );
}

/** Inserts a blocked trigger (and its agent unless given). */
export async function createBlockedTrigger(
  db: AtomDatabase,
  overrides: Partial<schema.NewBlockedTrigger> = {},
): Promise<schema.BlockedTrigger> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  return insertOne(() =>
    db
      .insert(blockedTriggers)
      .values({
        agentName: 'agent',
        agentMaturityAtBlock: 'STUDENT',
        confidenceScoreAtBlock: 0.3,
        triggerSource: 'MANUAL',
        triggerType: 'agent_message',
        triggerContext: {},
        routingDecision: 'TRAINING',
        blockReason: 'maturity too low',
        ...overrides,
        agentId,
      })
      .returning(),
  );
}

/** Inserts a supervision session (and its agent, workspace and supervisor unless given). */
export async function createSupervisionSession(
  db: AtomDatabase,
  overrides: Partial<schema.NewSupervisionSession> = {},
): Promise<schema.SupervisionSession> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  const supervisorId = overrides.supervisorId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(supervisionSessions)
      .values({
        agentName: 'agent',
        triggerContext: {},
        ...overrides,
        agentId,
        workspaceId,
        supervisorId,
      })
      .returning(),
  );
}

/** Inserts a training session (and its proposal, agent and supervisor unless given). */
export async function createTrainingSession(
  db: AtomDatabase,
  overrides: Partial<schema.NewTrainingSession> = {},
): Promise<schema.TrainingSession> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  const proposalId =
    overrides.proposalId ??
    (await createAgentProposal(db, { agentId, proposalType: 'TRAINING' })).id;
  const supervisorId = overrides.supervisorId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(trainingSessions)
      .values({ agentName: 'agent', ...overrides, agentId, proposalId, supervisorId })
      .returning(),
  );
}

/** Inserts an episode (and its agent and workspace unless given). */
export async function createEpisode(
  db: AtomDatabase,
  overrides: Partial<schema.NewEpisode> = {},
): Promise<schema.Episode> {
  const agentId = overrides.agentId ?? (await createAgent(db)).id;
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(episodes)
      .values({
        title: `Episode ${uniqueSuffix()}`,
        maturityAtTime: 'STUDENT',
        ...overrides,
        agentId,
        workspaceId,
      })
      .returning(),
  );
}

/** Inserts an episode segment (and its episode unless given). */
export async function createEpisodeSegment(
  db: AtomDatabase,
  overrides: Partial<schema.NewEpisodeSegment> = {},
): Promise<schema.EpisodeSegment> {
  const episodeId = overrides.episodeId ?? (await createEpisode(db)).id;
  return insertOne(() =>
    db
      .insert(episodeSegments)
      .values({
        segmentType: 'CONVERSATION',
        sequenceOrder: counter,
        content: 'content',
        sourceType: 'MANUAL',
        ...overrides,
        episodeId,
      })
      .returning(),
  );
}

/** Inserts an access log (and its episode and a user actor unless an actor is given). */
export async function createEpisodeAccessLog(
  db: AtomDatabase,
  overrides: Partial<schema.NewEpisodeAccessLog> = {},
): Promise<schema.EpisodeAccessLog> {
  const episodeId = overrides.episodeId ?? (await createEpisode(db)).id;
  const hasActor = overrides.accessedBy !== undefined || overrides.accessedByAgent !== undefined;
  const accessedBy = hasActor ? overrides.accessedBy : (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(episodeAccessLogs)
      .values({ accessType: 'SEMANTIC', ...overrides, episodeId, accessedBy })
      .returning(),
  );
}

/** Inserts a canvas audit row (and its user unless given). */
export async function createCanvasAudit(
  db: AtomDatabase,
  overrides: Partial<schema.NewCanvasAudit> = {},
): Promise<schema.CanvasAudit> {
  const userId = overrides.userId ?? (await createUser(db)).id;
  return insertOne(() =>
    db
      .insert(canvasAudit)
      .values({ componentType: 'chart', action: 'PRESENT', ...overrides, userId })
      .returning(),
  );
}

/** Inserts a product or service (and its workspace unless given). */
export async function createBusinessProductService(
  db: AtomDatabase,
  overrides: Partial<schema.NewBusinessProductService> = {},
): Promise<schema.BusinessProductService> {
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(businessProductServices)
      .values({ name: `Product ${uniqueSuffix()}`, ...overrides, workspaceId })
      .returning(),
  );
}

/** Inserts a knowledge-graph node (and its workspace unless given). */
export async function createGraphNode(
  db: AtomDatabase,
  overrides: Partial<schema.NewGraphNode> = {},
): Promise<schema.GraphNode> {
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(graphNodes)
      .values({ name: `Node ${uniqueSuffix()}`, type: 'concept', ...overrides, workspaceId })
      .returning(),
  );
}

/** Inserts a knowledge-graph community (and its workspace unless given). */
export async function createGraphCommunity(
  db: AtomDatabase,
  overrides: Partial<schema.NewGraphCommunity> = {},
): Promise<schema.GraphCommunity> {
  const workspaceId = overrides.workspaceId ?? (await createWorkspace(db)).id;
  return insertOne(() =>
    db
      .insert(graphCommunities)
      .values({ ...overrides, workspaceId })
      .returning(),
  );
}

type Factory<T extends TableName> = (
  db: AtomDatabase,
  overrides?: Partial<NewRow<T>>,
) => Promise<Row<T>>;

/**
 * The factory of each table that needs one (required columns without a default, parents to
 * create). A table missing here is inserted as given by {@link createRow}.
 */
const factories: { readonly [K in TableName]?: Factory<K> } = {
  tenants: createTenant,
  users: createUser,
  workspaces: createWorkspace,
  teams: createTeam,
  teamMembers: createTeamMember,
  userWorkspaces: createUserWorkspace,
  teamMessages: createTeamMessage,
  userActivities: createUserActivity,
  userActivitySessions: createUserActivitySession,
  agentRegistry: createAgent,
  agentExecutions: createAgentExecution,
  agentTraceSteps: createAgentTraceStep,
  agentFeedback: createAgentFeedback,
  supervisedExecutionQueue: createSupervisedExecution,
  blockedTriggers: createBlockedTrigger,
  agentProposals: createAgentProposal,
  supervisionSessions: createSupervisionSession,
  trainingSessions: createTrainingSession,
  episodes: createEpisode,
  episodeSegments: createEpisodeSegment,
  episodeAccessLogs: createEpisodeAccessLog,
  workflowExecutions: createWorkflowExecution,
  workflowStepExecutions: createWorkflowStepExecution,
  workflowExecutionLogs: createWorkflowExecutionLog,
  workflowSnapshots: createWorkflowSnapshot,
  canvasAudit: createCanvasAudit,
  businessProductServices: createBusinessProductService,
  graphNodes: createGraphNode,
  graphCommunities: createGraphCommunity,
};

/**
 * Inserts a valid row into `table` (by its registry name) with `overrides` applied, creating the
 * parents it needs: the table's factory when it has one, else a plain insert of `overrides`.
 */
export function createRow<T extends TableName>(
  db: AtomDatabase,
  table: T,
  overrides: Partial<NewRow<T>> = {},
): Promise<Row<T>> {
  const factory = factories[table];
  if (factory !== undefined) return factory(db, overrides);
  return insertRow(db, table, overrides as NewRow<T>);
}

/** Inserts `values` into `table` as given (no defaults added) and returns the row. */
export function insertRow<T extends TableName>(
  db: AtomDatabase,
  table: T,
  values: NewRow<T>,
): Promise<Row<T>> {
  const target = tables[table] as PgTable;
  return insertOne(
    async () =>
      (await db
        .insert(target)
        .values(values as never)
        .returning()) as unknown as Row<T>[],
  );
}
