import type {
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
import type {
  agentExecutions,
  agentFeedback,
  agentRegistry,
  agentTraceSteps,
  supervisedExecutionQueue,
} from './schema/agents.js';
import type {
  agentProposals,
  blockedTriggers,
  supervisionSessions,
  trainingSessions,
} from './schema/governance.js';
import type { episodeAccessLogs, episodeSegments, episodes } from './schema/episodes.js';
import type {
  workflowExecutionLogs,
  workflowExecutions,
  workflowSnapshots,
  workflowStepExecutions,
} from './schema/workflows.js';
import type { canvasAudit } from './schema/canvas.js';
import type { businessProductServices, graphCommunities, graphNodes } from './schema/knowledge.js';

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
/** A row of `agent_registry`. */
export type Agent = typeof agentRegistry.$inferSelect;
/** An insert into `agent_registry`. */
export type NewAgent = typeof agentRegistry.$inferInsert;
/** A row of `agent_executions`. */
export type AgentExecution = typeof agentExecutions.$inferSelect;
/** An insert into `agent_executions`. */
export type NewAgentExecution = typeof agentExecutions.$inferInsert;
/** A row of `agent_trace_steps`. */
export type AgentTraceStep = typeof agentTraceSteps.$inferSelect;
/** An insert into `agent_trace_steps`. */
export type NewAgentTraceStep = typeof agentTraceSteps.$inferInsert;
/** A row of `agent_feedback`. */
export type AgentFeedback = typeof agentFeedback.$inferSelect;
/** An insert into `agent_feedback`. */
export type NewAgentFeedback = typeof agentFeedback.$inferInsert;
/** A row of `supervised_execution_queue`. */
export type SupervisedExecution = typeof supervisedExecutionQueue.$inferSelect;
/** An insert into `supervised_execution_queue`. */
export type NewSupervisedExecution = typeof supervisedExecutionQueue.$inferInsert;
/** A row of `blocked_triggers`. */
export type BlockedTrigger = typeof blockedTriggers.$inferSelect;
/** An insert into `blocked_triggers`. */
export type NewBlockedTrigger = typeof blockedTriggers.$inferInsert;
/** A row of `agent_proposals`. */
export type AgentProposal = typeof agentProposals.$inferSelect;
/** An insert into `agent_proposals`. */
export type NewAgentProposal = typeof agentProposals.$inferInsert;
/** A row of `supervision_sessions`. */
export type SupervisionSession = typeof supervisionSessions.$inferSelect;
/** An insert into `supervision_sessions`. */
export type NewSupervisionSession = typeof supervisionSessions.$inferInsert;
/** A row of `training_sessions`. */
export type TrainingSession = typeof trainingSessions.$inferSelect;
/** An insert into `training_sessions`. */
export type NewTrainingSession = typeof trainingSessions.$inferInsert;
/** A row of `episodes`. */
export type Episode = typeof episodes.$inferSelect;
/** An insert into `episodes`. */
export type NewEpisode = typeof episodes.$inferInsert;
/** A row of `episode_segments`. */
export type EpisodeSegment = typeof episodeSegments.$inferSelect;
/** An insert into `episode_segments`. */
export type NewEpisodeSegment = typeof episodeSegments.$inferInsert;
/** A row of `episode_access_logs`. */
export type EpisodeAccessLog = typeof episodeAccessLogs.$inferSelect;
/** An insert into `episode_access_logs`. */
export type NewEpisodeAccessLog = typeof episodeAccessLogs.$inferInsert;
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
/** A row of `canvas_audit`. */
export type CanvasAudit = typeof canvasAudit.$inferSelect;
/** An insert into `canvas_audit`. */
export type NewCanvasAudit = typeof canvasAudit.$inferInsert;
/** A row of `business_product_services`. */
export type BusinessProductService = typeof businessProductServices.$inferSelect;
/** An insert into `business_product_services`. */
export type NewBusinessProductService = typeof businessProductServices.$inferInsert;
/** A row of `graph_nodes`. */
export type GraphNode = typeof graphNodes.$inferSelect;
/** An insert into `graph_nodes`. */
export type NewGraphNode = typeof graphNodes.$inferInsert;
/** A row of `graph_communities`. */
export type GraphCommunity = typeof graphCommunities.$inferSelect;
/** An insert into `graph_communities`. */
export type NewGraphCommunity = typeof graphCommunities.$inferInsert;
