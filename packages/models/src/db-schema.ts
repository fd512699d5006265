import {
  teamMembersRelations,
  teamMessagesRelations,
  teamsRelations,
  tenantsRelations,
  userActivitiesRelations,
  userActivitySessionsRelations,
  usersRelations,
  userWorkspacesRelations,
  workflowExecutionLogsRelations,
  workflowExecutionsRelations,
  workflowSnapshotsRelations,
  workflowStepExecutionsRelations,
  workspacesRelations,
} from './relations.js';
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

/** Every table and relation of the Atom core schema, as passed to `drizzle({ schema })`. */
export const schema = {
  tenants,
  users,
  workspaces,
  teams,
  teamMembers,
  userWorkspaces,
  teamMessages,
  userActivities,
  userActivitySessions,
  workflowExecutions,
  workflowStepExecutions,
  workflowExecutionLogs,
  workflowSnapshots,
  tenantsRelations,
  usersRelations,
  workspacesRelations,
  teamsRelations,
  teamMembersRelations,
  userWorkspacesRelations,
  teamMessagesRelations,
  userActivitiesRelations,
  userActivitySessionsRelations,
  workflowExecutionsRelations,
  workflowStepExecutionsRelations,
  workflowExecutionLogsRelations,
  workflowSnapshotsRelations,
};

/** The type of {@link schema}. */
export type Schema = typeof schema;
