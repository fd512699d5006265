export { EXECUTION_STATUSES, STEP_STATUSES } from './statuses.js';
export type { ExecutionStatus, StepStatus } from './statuses.js';
export { WorkflowEngineError, isWorkflowEngineError } from './errors.js';
export {
  EXECUTION_TRANSITIONS,
  STEP_TRANSITIONS,
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
  canTransition,
  getValidTransitions,
  isTerminalStatus,
  transition,
} from './transitions.js';
export type { StatusMachine } from './transitions.js';
export { createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock, ManualClockOptions } from './clock.js';
export type {
  ExecutionSnapshot,
  ExecutionState,
  ExecutionStore,
  SaveRequest,
  StepRecord,
} from './store.js';
export { InMemoryExecutionStore } from './in-memory-store.js';
export { EVENT_TARGET_STATUS } from './events.js';
export type {
  EngineEvent,
  EngineEventType,
  EventBase,
  ExecutionCancelledEvent,
  ExecutionCompletedEvent,
  ExecutionEvent,
  ExecutionFailedEvent,
  ExecutionPartialEvent,
  ExecutionPausedEvent,
  ExecutionResumedEvent,
  ExecutionStartedEvent,
  SkipReason,
  StepCancelledEvent,
  StepCompletedEvent,
  StepEvent,
  StepEventBase,
  StepFailedEvent,
  StepPausedEvent,
  StepRetryingEvent,
  StepSkippedEvent,
  StepStartedEvent,
} from './events.js';
export type { SerializedError } from './serialized-error.js';
export {
  ConcurrentModificationError,
  DeadlineExceededError,
  DuplicateExecutionError,
  ExecutionAbortedError,
  ExecutorThrewError,
  IllegalTransitionError,
  InvalidOptionError,
  NonJsonOutputError,
  NonRetryableError,
  SchemaValidationError,
  StepTimeoutError,
  SubWorkflowDepthError,
  UnknownExecutionError,
  UnknownServiceError,
  isConcurrentModificationError,
  isDeadlineExceededError,
  isDuplicateExecutionError,
  isExecutionAbortedError,
  isExecutorThrewError,
  isIllegalTransitionError,
  isInvalidOptionError,
  isNonJsonOutputError,
  isNonRetryableError,
  isSchemaValidationError,
  isStepTimeoutError,
  isSubWorkflowDepthError,
  isUnknownExecutionError,
  isUnknownServiceError,
  EngineClosedError,
  isEngineClosedError,
  EngineInternalError,
  isEngineInternalError,
  StepInterruptedError,
  isStepInterruptedError,
} from './errors.js';
export { createEngine, hashDefinition, initialSnapshot } from './engine.js';
export type { Engine, ExecutionResult, ExecutionResultBase, Run, StartOptions } from './engine.js';
export type { EngineOptions, Executor, ExecutorContext } from './options.js';
export { ATOM_DEFAULT_RETRY, isRetryable, retryDelay } from './retry.js';
export { toAtomNotification } from './notifications.js';
export { createSubWorkflowExecutor } from './sub-workflow.js';
export type { SubWorkflowExecutorOptions } from './sub-workflow.js';
export type { AtomNotification, AtomNotificationStatus } from './notifications.js';
export { JOIN_RULES } from './types.js';
export type {
  ConnectionDef,
  DependsOnEntry,
  GraphDefinition,
  GraphNodeDef,
  JoinRule,
  JsonSchema,
  NodeConfig,
  RetryDef,
  RetryPolicy,
  StepDef,
  StepsDefinition,
  Workflow,
  WorkflowDefinition,
  WorkflowEdge,
  WorkflowNode,
} from './types.js';
export {
  fromGraph,
  fromSteps,
  isNormalizedWorkflow,
  normalizeDefinition,
  toSteps,
} from './normalize.js';
export { assertValidWorkflow, validateWorkflow } from './validate-workflow.js';
export type { ValidateOptions, ValidationIssue, ValidationIssueCode } from './validate-workflow.js';
export { levels, topologicalOrder } from './topological-order.js';
export { createCelConditionEvaluator, defaultConditionEvaluator } from './conditions.js';
export type {
  CompileResult,
  CompiledCondition,
  ConditionEvaluator,
  ConditionLimits,
  ConditionResult,
  ConditionScope,
} from './conditions.js';
export {
  UNSAFE_SEGMENTS,
  collectReferences,
  lookupPath,
  parseReferencePath,
  resolveReferences,
} from './references.js';
export type { ReferenceOccurrence, ReferenceScope, ResolvedReferences } from './references.js';
export {
  WorkflowCycleError,
  WorkflowValidationError,
  isWorkflowCycleError,
  isWorkflowValidationError,
} from './errors.js';
export { toMermaid } from './mermaid.js';
export type { MermaidState } from './mermaid.js';
// Importing Atom workflow definitions (issue 10).
export { importAtomWorkflow } from './import-atom-workflow.js';
export type { AtomDialect, AtomImportOptions, AtomImportResult } from './import-atom-workflow.js';
export { ATOM_IMPORT_WARNING_CODES } from './import/import-context.js';
export type {
  AtomImportIssue,
  AtomImportWarning,
  AtomImportWarningCode,
} from './import/import-context.js';
export { AtomImportError, isAtomImportError } from './errors.js';
export { stripNulls } from './strip-nulls.js';
export { atomTruthy } from './conditions.js';
