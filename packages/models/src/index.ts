// Connection and migrations
export { createDb, createEmbeddedDb, migrate, MIGRATIONS_FOLDER } from './db.js';
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

// Secrets
export {
  createEncryptor,
  decryptTwoFactor,
  encryptTwoFactor,
  parseEncryptionKeys,
} from './encryption.js';
export type { EncryptedTwoFactor, EncryptionKey, Encryptor } from './encryption.js';
export {
  findWorkspaceBySatelliteApiKey,
  generateSatelliteApiKey,
  hashSatelliteApiKey,
} from './satellite-api-key.js';

// Validation and import
export {
  parseInsert,
  parseNewAgent,
  parseNewEpisode,
  parseNewUser,
  parseNewWorkflowExecution,
  parseUpdate,
  tableSchemas,
} from './validation.js';
export type { ParsedInsert, ParsedUpdate, TableName } from './validation.js';
export { fromAtomRow } from './from-atom-row.js';
export type { FromAtomRowOptions } from './from-atom-row.js';

// Workflows helpers
export { updateWorkflowExecution } from './update-workflow-execution.js';
export type { WorkflowExecutionPatch } from './update-workflow-execution.js';

// Schema: enums
export {
  ACCESS_TYPES,
  AGENT_EXECUTION_STATUSES,
  AGENT_LIFECYCLES,
  AGENT_MATURITIES,
  CANVAS_ACTIONS,
  CANVAS_TYPES,
  DATA_VISIBILITIES,
  EPISODE_STATUSES,
  EXECUTION_TRIGGERS,
  FEEDBACK_STATUSES,
  FEEDBACK_TYPES,
  LOG_LEVELS,
  MEMBERSHIP_ROLES,
  PROPOSAL_STATUSES,
  PROPOSAL_TYPES,
  QUEUE_STATUSES,
  ROUTING_DECISIONS,
  SEGMENT_SOURCES,
  SEGMENT_TYPES,
  SUPERVISION_STATUSES,
  TRAINING_STATUSES,
  TRIGGER_SOURCES,
  USER_ROLES,
  USER_STATES,
  USER_STATUSES,
  WORKFLOW_EXECUTION_STATUSES,
  WORKFLOW_STEP_STATUSES,
  WORKSPACE_STATUSES,
  accessType,
  agentExecutionStatus,
  agentLifecycle,
  agentMaturity,
  canvasAction,
  canvasType,
  dataVisibility,
  episodeStatus,
  executionTrigger,
  feedbackStatus,
  feedbackType,
  logLevel,
  membershipRole,
  proposalStatus,
  proposalType,
  queueStatus,
  routingDecision,
  segmentSource,
  segmentType,
  supervisionStatus,
  trainingStatus,
  triggerSource,
  userRole,
  userState,
  userStatus,
  workflowExecutionStatus,
  workflowStepStatus,
  workspaceStatus,
} from './schema/enums.js';

// Schema: identity
export {
  EMAIL_PATTERN,
  teamMembers,
  teamMessages,
  teams,
  tenants,
  userActivities,
  userActivitySessions,
  userWorkspaces,
  users,
  workspaces,
} from './schema/identity.js';
// Schema: agents
export {
  agentExecutions,
  agentFeedback,
  agentRegistry,
  agentTraceSteps,
  supervisedExecutionQueue,
} from './schema/agents.js';
// Schema: governance
export {
  agentProposals,
  blockedTriggers,
  supervisionSessions,
  trainingSessions,
} from './schema/governance.js';
// Schema: episodes
export { episodeAccessLogs, episodeSegments, episodes } from './schema/episodes.js';
// Schema: workflows
export {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from './schema/workflows.js';
// Schema: canvas
export { canvasAudit } from './schema/canvas.js';
// Schema: knowledge
export { businessProductServices, graphCommunities, graphNodes } from './schema/knowledge.js';
export type { JsonObject, JsonValue } from './schema/_shared.js';

// Relations
export {
  agentExecutionsRelations,
  agentFeedbackRelations,
  agentProposalsRelations,
  agentRegistryRelations,
  agentTraceStepsRelations,
  blockedTriggersRelations,
  businessProductServicesRelations,
  canvasAuditRelations,
  episodeAccessLogsRelations,
  episodeSegmentsRelations,
  episodesRelations,
  graphCommunitiesRelations,
  graphNodesRelations,
  supervisedExecutionQueueRelations,
  supervisionSessionsRelations,
  teamMembersRelations,
  teamMessagesRelations,
  teamsRelations,
  tenantsRelations,
  trainingSessionsRelations,
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
  Agent,
  AgentExecution,
  AgentFeedback,
  AgentProposal,
  AgentTraceStep,
  BlockedTrigger,
  BusinessProductService,
  CanvasAudit,
  Episode,
  EpisodeAccessLog,
  EpisodeSegment,
  GraphCommunity,
  GraphNode,
  NewAgent,
  NewAgentExecution,
  NewAgentFeedback,
  NewAgentProposal,
  NewAgentTraceStep,
  NewBlockedTrigger,
  NewBusinessProductService,
  NewCanvasAudit,
  NewEpisode,
  NewEpisodeAccessLog,
  NewEpisodeSegment,
  NewGraphCommunity,
  NewGraphNode,
  NewSupervisedExecution,
  NewSupervisionSession,
  NewTeam,
  NewTeamMember,
  NewTeamMessage,
  NewTenant,
  NewTrainingSession,
  NewUser,
  NewUserActivity,
  NewUserActivitySession,
  NewUserWorkspace,
  NewWorkflowExecution,
  NewWorkflowExecutionLog,
  NewWorkflowSnapshot,
  NewWorkflowStepExecution,
  NewWorkspace,
  SupervisedExecution,
  SupervisionSession,
  Team,
  TeamMember,
  TeamMessage,
  Tenant,
  TrainingSession,
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
