export { EXECUTION_STATUSES, STEP_STATUSES } from './statuses.js';
export type { ExecutionStatus, StepStatus } from './statuses.js';
export { WorkflowEngineError, isWorkflowEngineError } from './errors.js';
