import { pgEnum } from 'drizzle-orm/pg-core';

/** Roles of a user (Atom `UserRole`, upper-cased; `ADMIN` was an alias of `WORKSPACE_ADMIN`). */
export const USER_ROLES = [
  'SUPER_ADMIN',
  'SECURITY_ADMIN',
  'WORKSPACE_ADMIN',
  'WORKFLOW_ADMIN',
  'AUTOMATION_ADMIN',
  'INTEGRATION_ADMIN',
  'COMPLIANCE_ADMIN',
  'TEAM_LEAD',
  'MEMBER',
  'GUEST',
] as const;

/** Postgres enum `user_role`. */
export const userRole = pgEnum('user_role', USER_ROLES);

/** Account statuses (`DELETED` is the soft delete of a user referenced by audit rows). */
export const USER_STATUSES = ['ACTIVE', 'SUSPENDED', 'PENDING', 'DELETED'] as const;

/** Postgres enum `user_status`. */
export const userStatus = pgEnum('user_status', USER_STATUSES);

/** Statuses of a workspace or a tenant. */
export const WORKSPACE_STATUSES = ['ACTIVE', 'SUSPENDED', 'TRIAL', 'EXPIRED'] as const;

/** Postgres enum `workspace_status` (workspaces and tenants). */
export const workspaceStatus = pgEnum('workspace_status', WORKSPACE_STATUSES);

/** Who may see a workflow execution. */
export const DATA_VISIBILITIES = ['PRIVATE', 'TEAM', 'WORKSPACE'] as const;

/** Postgres enum `data_visibility`. */
export const dataVisibility = pgEnum('data_visibility', DATA_VISIBILITIES);

/** Role of a user inside a team or a workspace (Atom only wrote `member`). */
export const MEMBERSHIP_ROLES = ['OWNER', 'ADMIN', 'MEMBER', 'GUEST'] as const;

/** Postgres enum `membership_role`. */
export const membershipRole = pgEnum('membership_role', MEMBERSHIP_ROLES);

/** Presence state of a user (supervision routing). */
export const USER_STATES = ['ONLINE', 'AWAY', 'OFFLINE'] as const;

/** Postgres enum `user_state`. */
export const userState = pgEnum('user_state', USER_STATES);

/**
 * Statuses of a workflow execution, in lifecycle order. Equal to `@atom/workflow-engine`'s
 * `EXECUTION_STATUSES` (a test in `@atom/workflow-worker` checks it); kept here so this package
 * depends on no other package of ours.
 */
export const WORKFLOW_EXECUTION_STATUSES = [
  'PENDING',
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'PARTIAL',
] as const;

/** Postgres enum `workflow_execution_status`. */
export const workflowExecutionStatus = pgEnum(
  'workflow_execution_status',
  WORKFLOW_EXECUTION_STATUSES,
);

/**
 * Statuses of one step of a workflow execution, in lifecycle order. Equal to
 * `@atom/workflow-engine`'s `STEP_STATUSES` (checked by `@atom/workflow-worker`'s tests).
 */
export const WORKFLOW_STEP_STATUSES = [
  'PENDING',
  'RUNNING',
  'RETRYING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'SKIPPED',
  'CANCELLED',
] as const;

/** Postgres enum `workflow_step_status`. */
export const workflowStepStatus = pgEnum('workflow_step_status', WORKFLOW_STEP_STATUSES);

/** Levels of a workflow execution log line. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;

/** Postgres enum `log_level`. */
export const logLevel = pgEnum('log_level', LOG_LEVELS);

/** Agent maturity (Atom `AgentStatus` without its lifecycle values), lowest first. */
export const AGENT_MATURITIES = ['STUDENT', 'INTERN', 'SUPERVISED', 'AUTONOMOUS'] as const;

/** Postgres enum `agent_maturity` (agents, episodes, blocked triggers, access logs). */
export const agentMaturity = pgEnum('agent_maturity', AGENT_MATURITIES);

/** Agent lifecycle, split from maturity (Atom's `paused` / `deprecated`). */
export const AGENT_LIFECYCLES = ['ACTIVE', 'PAUSED', 'DEPRECATED'] as const;

/** Postgres enum `agent_lifecycle`. */
export const agentLifecycle = pgEnum('agent_lifecycle', AGENT_LIFECYCLES);

/** Statuses of one agent run. */
export const AGENT_EXECUTION_STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;

/** Postgres enum `agent_execution_status`. */
export const agentExecutionStatus = pgEnum('agent_execution_status', AGENT_EXECUTION_STATUSES);

/** What started an agent run. */
export const EXECUTION_TRIGGERS = ['MANUAL', 'SCHEDULE', 'WEBSOCKET', 'EVENT'] as const;

/** Postgres enum `execution_trigger`. */
export const executionTrigger = pgEnum('execution_trigger', EXECUTION_TRIGGERS);

/** Adjudication status of feedback. */
export const FEEDBACK_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED'] as const;

/** Postgres enum `feedback_status`. */
export const feedbackStatus = pgEnum('feedback_status', FEEDBACK_STATUSES);

/** Kinds of feedback. */
export const FEEDBACK_TYPES = ['CORRECTION', 'RATING', 'APPROVAL', 'COMMENT'] as const;

/** Postgres enum `feedback_type`. */
export const feedbackType = pgEnum('feedback_type', FEEDBACK_TYPES);

/** Statuses of a supervised execution waiting in the queue. */
export const QUEUE_STATUSES = ['PENDING', 'EXECUTING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;

/** Postgres enum `queue_status`. */
export const queueStatus = pgEnum('queue_status', QUEUE_STATUSES);

/** Where a blocked trigger came from. */
export const TRIGGER_SOURCES = [
  'MANUAL',
  'DATA_SYNC',
  'WORKFLOW_ENGINE',
  'AI_COORDINATOR',
] as const;

/** Postgres enum `trigger_source`. */
export const triggerSource = pgEnum('trigger_source', TRIGGER_SOURCES);

/** Where the maturity guard routed a trigger. */
export const ROUTING_DECISIONS = ['TRAINING', 'PROPOSAL', 'SUPERVISION', 'EXECUTION'] as const;

/** Postgres enum `routing_decision`. */
export const routingDecision = pgEnum('routing_decision', ROUTING_DECISIONS);

/** Statuses of an agent proposal. */
export const PROPOSAL_STATUSES = [
  'PROPOSED',
  'APPROVED',
  'REJECTED',
  'EXECUTED',
  'CANCELLED',
] as const;

/** Postgres enum `proposal_status`. */
export const proposalStatus = pgEnum('proposal_status', PROPOSAL_STATUSES);

/** Kinds of agent proposal. */
export const PROPOSAL_TYPES = ['TRAINING', 'ACTION', 'ANALYSIS'] as const;

/** Postgres enum `proposal_type`. */
export const proposalType = pgEnum('proposal_type', PROPOSAL_TYPES);

/** Statuses of a supervision session. */
export const SUPERVISION_STATUSES = ['RUNNING', 'COMPLETED', 'INTERRUPTED', 'FAILED'] as const;

/** Postgres enum `supervision_status`. */
export const supervisionStatus = pgEnum('supervision_status', SUPERVISION_STATUSES);

/** Statuses of a training session. */
export const TRAINING_STATUSES = [
  'SCHEDULED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
] as const;

/** Postgres enum `training_status`. */
export const trainingStatus = pgEnum('training_status', TRAINING_STATUSES);

/** Statuses of an episode. */
export const EPISODE_STATUSES = ['ACTIVE', 'COMPLETED', 'ARCHIVED', 'CONSOLIDATED'] as const;
/** Postgres enum `episode_status`. */
export const episodeStatus = pgEnum('episode_status', EPISODE_STATUSES);

/** Kinds of episode segment. */
export const SEGMENT_TYPES = ['CONVERSATION', 'EXECUTION', 'REFLECTION'] as const;
/** Postgres enum `segment_type`. */
export const segmentType = pgEnum('segment_type', SEGMENT_TYPES);

/** Where a segment's content came from (`source_type`). */
export const SEGMENT_SOURCES = ['CHAT_MESSAGE', 'AGENT_EXECUTION', 'MANUAL'] as const;
/** Postgres enum `segment_source`. */
export const segmentSource = pgEnum('segment_source', SEGMENT_SOURCES);

/** How an episode was retrieved. */
export const ACCESS_TYPES = ['TEMPORAL', 'SEMANTIC', 'SEQUENTIAL', 'CONTEXTUAL'] as const;
/** Postgres enum `access_type`. */
export const accessType = pgEnum('access_type', ACCESS_TYPES);

/** Kinds of canvas. */
export const CANVAS_TYPES = [
  'GENERIC',
  'DOCS',
  'EMAIL',
  'SHEETS',
  'ORCHESTRATION',
  'TERMINAL',
  'CODING',
] as const;
/** Postgres enum `canvas_type`. */
export const canvasType = pgEnum('canvas_type', CANVAS_TYPES);

/** Actions audited on a canvas. */
export const CANVAS_ACTIONS = ['PRESENT', 'CLOSE', 'SUBMIT', 'UPDATE'] as const;
/** Postgres enum `canvas_action`. */
export const canvasAction = pgEnum('canvas_action', CANVAS_ACTIONS);
