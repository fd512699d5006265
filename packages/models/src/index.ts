// Connection and migrations
export { createDb, createEmbeddedDb, fromPglite, migrate, MIGRATIONS_FOLDER } from './db.js';
export type { AtomDatabase, CreateDbOptions, CreateEmbeddedDbOptions, Db, Driver } from './db.js';
export { schema } from './db-schema.js';
export type { Schema } from './db-schema.js';

// Errors
export {
  DatabaseConstraintError,
  DecryptionError,
  ModelsConfigError,
  ModelsError,
  ValidationError,
  VersionConflictError,
  isDatabaseConstraintError,
  isDecryptionError,
  isModelsError,
  isValidationError,
  isVersionConflictError,
} from './errors.js';
export type { FieldIssue } from './errors.js';
export { normalizeDbError, withDbErrors } from './normalize-db-error.js';
export { executeRows } from './execute-rows.js';

// Workflows helpers
export { updateWorkflowExecution } from './update-workflow-execution.js';
export type { WorkflowExecutionPatch } from './update-workflow-execution.js';

// Schema: identity
export {
  DATA_VISIBILITIES,
  EMAIL_PATTERN,
  MEMBERSHIP_ROLES,
  USER_ROLES,
  USER_STATES,
  USER_STATUSES,
  WORKSPACE_STATUSES,
  dataVisibility,
  membershipRole,
  teamMembers,
  teamMessages,
  teams,
  tenants,
  userActivities,
  userActivitySessions,
  userRole,
  userState,
  userStatus,
  userWorkspaces,
  users,
  workspaceStatus,
  workspaces,
} from './schema/identity.js';

// Schema: workflows
export {
  LOG_LEVELS,
  logLevel,
  workflowExecutionLogs,
  workflowExecutionStatus,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
  workflowStepStatus,
} from './schema/workflows.js';
export type { JsonObject, JsonValue } from './schema/_shared.js';

// Relations
export {
  teamMembersRelations,
  teamMessagesRelations,
  teamsRelations,
  tenantsRelations,
  userActivitiesRelations,
  userActivitySessionsRelations,
  userWorkspacesRelations,
  usersRelations,
  workflowExecutionLogsRelations,
  workflowExecutionsRelations,
  workflowSnapshotsRelations,
  workflowStepExecutionsRelations,
  workspacesRelations,
} from './relations.js';

// Row types
export type {
  NewTeam,
  NewTeamMember,
  NewTeamMessage,
  NewTenant,
  NewUser,
  NewUserActivity,
  NewUserActivitySession,
  NewUserWorkspace,
  NewWorkflowExecution,
  NewWorkflowExecutionLog,
  NewWorkflowSnapshot,
  NewWorkflowStepExecution,
  NewWorkspace,
  Team,
  TeamMember,
  TeamMessage,
  Tenant,
  User,
  UserActivity,
  UserActivitySession,
  UserWorkspace,
  WorkflowExecution,
  WorkflowExecutionLog,
  WorkflowSnapshot,
  WorkflowStepExecution,
  Workspace,
} from './row-types.js';
