/** Every status an execution can have, in lifecycle order. The single source of truth: `@atom/models` builds its Postgres enum from this list. */
export const EXECUTION_STATUSES = [
  'PENDING',
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'PARTIAL',
] as const;

/** Every status a step can have, in lifecycle order. */
export const STEP_STATUSES = [
  'PENDING',
  'RUNNING',
  'RETRYING',
  'PAUSED',
  'COMPLETED',
  'FAILED',
  'SKIPPED',
  'CANCELLED',
] as const;

/** Status of a workflow execution. */
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
/** Status of one step of an execution. */
export type StepStatus = (typeof STEP_STATUSES)[number];
