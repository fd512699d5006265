import { relations } from 'drizzle-orm';
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
import { businessProductServices, graphCommunities, graphNodes } from './schema/knowledge.js';
import {
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
import {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from './schema/workflows.js';

/** Relations of `tenants`. */
export const tenantsRelations = relations(tenants, ({ many }) => ({
  users: many(users),
  workspaces: many(workspaces),
}));

/** Relations of `users` (many-to-many through `team_members` / `user_workspaces`). */
export const usersRelations = relations(users, ({ one, many }) => ({
  tenant: one(tenants, { fields: [users.tenantId], references: [tenants.id] }),
  teamMemberships: many(teamMembers),
  workspaceMemberships: many(userWorkspaces),
  messages: many(teamMessages),
  activity: one(userActivities),
  activitySessions: many(userActivitySessions),
  workflowExecutions: many(workflowExecutions, { relationName: 'workflow_execution_user' }),
  ownedWorkflowExecutions: many(workflowExecutions, { relationName: 'workflow_execution_owner' }),
  ownedAgents: many(agentRegistry),
  submittedFeedback: many(agentFeedback),
  canvasAudits: many(canvasAudit),
  approvedProposals: many(agentProposals),
  supervisedSessions: many(supervisionSessions),
  trainingSessionsSupervised: many(trainingSessions),
  episodes: many(episodes, { relationName: 'episode_user' }),
  supervisedEpisodes: many(episodes, { relationName: 'episode_supervisor' }),
  episodeAccesses: many(episodeAccessLogs),
  queuedExecutions: many(supervisedExecutionQueue),
}));

/** Relations of `workspaces`. */
export const workspacesRelations = relations(workspaces, ({ one, many }) => ({
  tenant: one(tenants, { fields: [workspaces.tenantId], references: [tenants.id] }),
  memberships: many(userWorkspaces),
  teams: many(teams),
  workflowExecutions: many(workflowExecutions),
  episodes: many(episodes),
  supervisionSessions: many(supervisionSessions),
  productsServices: many(businessProductServices),
  graphNodes: many(graphNodes),
  graphCommunities: many(graphCommunities),
}));

/** Relations of `teams`. */
export const teamsRelations = relations(teams, ({ one, many }) => ({
  workspace: one(workspaces, { fields: [teams.workspaceId], references: [workspaces.id] }),
  memberships: many(teamMembers),
  messages: many(teamMessages),
  workflowExecutions: many(workflowExecutions),
}));

/** Relations of `team_members` (the membership row, with its `role`). */
export const teamMembersRelations = relations(teamMembers, ({ one }) => ({
  user: one(users, { fields: [teamMembers.userId], references: [users.id] }),
  team: one(teams, { fields: [teamMembers.teamId], references: [teams.id] }),
}));

/** Relations of `user_workspaces` (the membership row, with its `role`). */
export const userWorkspacesRelations = relations(userWorkspaces, ({ one }) => ({
  user: one(users, { fields: [userWorkspaces.userId], references: [users.id] }),
  workspace: one(workspaces, { fields: [userWorkspaces.workspaceId], references: [workspaces.id] }),
}));

/** Relations of `team_messages`. */
export const teamMessagesRelations = relations(teamMessages, ({ one }) => ({
  team: one(teams, { fields: [teamMessages.teamId], references: [teams.id] }),
  sender: one(users, { fields: [teamMessages.userId], references: [users.id] }),
}));

/** Relations of `user_activities`. */
export const userActivitiesRelations = relations(userActivities, ({ one, many }) => ({
  user: one(users, { fields: [userActivities.userId], references: [users.id] }),
  sessions: many(userActivitySessions),
}));

/** Relations of `user_activity_sessions`. */
export const userActivitySessionsRelations = relations(userActivitySessions, ({ one }) => ({
  user: one(users, { fields: [userActivitySessions.userId], references: [users.id] }),
  activity: one(userActivities, {
    fields: [userActivitySessions.activityId],
    references: [userActivities.id],
  }),
}));

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

/** Relations of `canvas_audit`. */
export const canvasAuditRelations = relations(canvasAudit, ({ one }) => ({
  agent: one(agentRegistry, { fields: [canvasAudit.agentId], references: [agentRegistry.id] }),
  execution: one(agentExecutions, {
    fields: [canvasAudit.agentExecutionId],
    references: [agentExecutions.id],
  }),
  user: one(users, { fields: [canvasAudit.userId], references: [users.id] }),
  episode: one(episodes, { fields: [canvasAudit.episodeId], references: [episodes.id] }),
}));

/** Relations of `business_product_services`. */
export const businessProductServicesRelations = relations(businessProductServices, ({ one }) => ({
  workspace: one(workspaces, {
    fields: [businessProductServices.workspaceId],
    references: [workspaces.id],
  }),
}));

/** Relations of `graph_nodes`. */
export const graphNodesRelations = relations(graphNodes, ({ one }) => ({
  workspace: one(workspaces, { fields: [graphNodes.workspaceId], references: [workspaces.id] }),
}));

/** Relations of `graph_communities`. */
export const graphCommunitiesRelations = relations(graphCommunities, ({ one }) => ({
  workspace: one(workspaces, {
    fields: [graphCommunities.workspaceId],
    references: [workspaces.id],
  }),
}));
