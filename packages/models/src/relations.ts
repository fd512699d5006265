import { relations } from 'drizzle-orm';
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
}));

/** Relations of `workspaces`. */
export const workspacesRelations = relations(workspaces, ({ one, many }) => ({
  tenant: one(tenants, { fields: [workspaces.tenantId], references: [tenants.id] }),
  memberships: many(userWorkspaces),
  teams: many(teams),
  workflowExecutions: many(workflowExecutions),
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
