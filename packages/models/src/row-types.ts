import type {
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
import type {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from './schema/workflows.js';

/** A row of `tenants`. */
export type Tenant = typeof tenants.$inferSelect;
/** An insert into `tenants`. */
export type NewTenant = typeof tenants.$inferInsert;
/** A row of `users`. */
export type User = typeof users.$inferSelect;
/** An insert into `users`. */
export type NewUser = typeof users.$inferInsert;
/** A row of `workspaces`. */
export type Workspace = typeof workspaces.$inferSelect;
/** An insert into `workspaces`. */
export type NewWorkspace = typeof workspaces.$inferInsert;
/** A row of `teams`. */
export type Team = typeof teams.$inferSelect;
/** An insert into `teams`. */
export type NewTeam = typeof teams.$inferInsert;
/** A row of `team_members`. */
export type TeamMember = typeof teamMembers.$inferSelect;
/** An insert into `team_members`. */
export type NewTeamMember = typeof teamMembers.$inferInsert;
/** A row of `user_workspaces`. */
export type UserWorkspace = typeof userWorkspaces.$inferSelect;
/** An insert into `user_workspaces`. */
export type NewUserWorkspace = typeof userWorkspaces.$inferInsert;
/** A row of `team_messages`. */
export type TeamMessage = typeof teamMessages.$inferSelect;
/** An insert into `team_messages`. */
export type NewTeamMessage = typeof teamMessages.$inferInsert;
/** A row of `user_activities`. */
export type UserActivity = typeof userActivities.$inferSelect;
/** An insert into `user_activities`. */
export type NewUserActivity = typeof userActivities.$inferInsert;
/** A row of `user_activity_sessions`. */
export type UserActivitySession = typeof userActivitySessions.$inferSelect;
/** An insert into `user_activity_sessions`. */
export type NewUserActivitySession = typeof userActivitySessions.$inferInsert;
/** A row of `workflow_executions`. */
export type WorkflowExecution = typeof workflowExecutions.$inferSelect;
/** An insert into `workflow_executions`. */
export type NewWorkflowExecution = typeof workflowExecutions.$inferInsert;
/** A row of `workflow_step_executions`. */
export type WorkflowStepExecution = typeof workflowStepExecutions.$inferSelect;
/** An insert into `workflow_step_executions`. */
export type NewWorkflowStepExecution = typeof workflowStepExecutions.$inferInsert;
/** A row of `workflow_execution_logs`. */
export type WorkflowExecutionLog = typeof workflowExecutionLogs.$inferSelect;
/** An insert into `workflow_execution_logs`. */
export type NewWorkflowExecutionLog = typeof workflowExecutionLogs.$inferInsert;
/** A row of `workflow_snapshots`. */
export type WorkflowSnapshot = typeof workflowSnapshots.$inferSelect;
/** An insert into `workflow_snapshots`. */
export type NewWorkflowSnapshot = typeof workflowSnapshots.$inferInsert;
