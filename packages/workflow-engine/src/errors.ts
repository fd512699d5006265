import type { ValidationIssue } from './validate-workflow.js';

/**
 * Base class of every error the engine throws. `code` is stable across versions: match on it,
 * not on the message.
 */
export class WorkflowEngineError extends Error {
  /** Stable machine-readable code, e.g. `WORKFLOW_CYCLE`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `error` is any {@link WorkflowEngineError}. */
export function isWorkflowEngineError(error: unknown): error is WorkflowEngineError {
  return error instanceof WorkflowEngineError;
}

// ---------------------------------------------------------------------------------------------
// Runtime errors (execution engine, store, executors).
// ---------------------------------------------------------------------------------------------

/** A status change that the transition table (spec §3) does not allow. */
export class IllegalTransitionError extends WorkflowEngineError {
  /** `'execution'` or `'step'`. */
  readonly machine: string;
  /** Status before the attempted move. */
  readonly from: string;
  /** Status the move tried to reach. */
  readonly to: string;

  constructor(machine: string, from: string, to: string) {
    super('WORKFLOW_ILLEGAL_TRANSITION', `Illegal ${machine} transition ${from} → ${to}`);
    this.machine = machine;
    this.from = from;
    this.to = to;
  }
}

/** True when `error` is an {@link IllegalTransitionError}. */
export function isIllegalTransitionError(error: unknown): error is IllegalTransitionError {
  return error instanceof IllegalTransitionError;
}

/**
 * A bad option passed to `createEngine`, `start`, `resume` or a store. Extends `TypeError` (it is a
 * programming error) and carries the engine's stable `code`.
 */
export class InvalidOptionError extends TypeError {
  /** Always `WORKFLOW_INVALID_OPTION`. */
  readonly code = 'WORKFLOW_INVALID_OPTION' as const;
  /** Name of the option, e.g. `maxConcurrency`. */
  readonly option: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** The value received. */
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown) {
    super(`Invalid option "${option}": expected ${expected}, received ${describeValue(received)}`);
    this.name = 'InvalidOptionError';
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/** True when `error` is an {@link InvalidOptionError}. */
export function isInvalidOptionError(error: unknown): error is InvalidOptionError {
  return error instanceof InvalidOptionError;
}

function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** `start` was given an `executionId` the store already knows. */
export class DuplicateExecutionError extends WorkflowEngineError {
  /** The duplicated id. */
  readonly executionId: string;

  constructor(executionId: string, options?: { cause?: unknown }) {
    super('WORKFLOW_DUPLICATE_EXECUTION', `Execution "${executionId}" already exists`, options);
    this.executionId = executionId;
  }
}

/** True when `error` is a {@link DuplicateExecutionError}. */
export function isDuplicateExecutionError(error: unknown): error is DuplicateExecutionError {
  return error instanceof DuplicateExecutionError;
}

/** An execution id that neither the engine nor its store knows. */
export class UnknownExecutionError extends WorkflowEngineError {
  /** The unknown id. */
  readonly executionId: string;

  constructor(executionId: string) {
    super('WORKFLOW_UNKNOWN_EXECUTION', `Unknown execution "${executionId}"`);
    this.executionId = executionId;
  }
}

/** True when `error` is an {@link UnknownExecutionError}. */
export function isUnknownExecutionError(error: unknown): error is UnknownExecutionError {
  return error instanceof UnknownExecutionError;
}

/** A compare-and-set `save` found another version than the one expected. Nothing was written. */
export class ConcurrentModificationError extends WorkflowEngineError {
  /** The execution whose record changed. */
  readonly executionId: string;
  /** The version the writer expected. */
  readonly expectedVersion: number;
  /** The version found in the store (`undefined` when unknown to the store). */
  readonly actualVersion: number | undefined;

  constructor(executionId: string, expectedVersion: number, actualVersion: number | undefined) {
    super(
      'WORKFLOW_CONCURRENT_MODIFICATION',
      `Execution "${executionId}" was modified concurrently: expected version ${expectedVersion}, found ${String(actualVersion)}`,
    );
    this.executionId = executionId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/** True when `error` is a {@link ConcurrentModificationError}. */
export function isConcurrentModificationError(
  error: unknown,
): error is ConcurrentModificationError {
  return error instanceof ConcurrentModificationError;
}

/** An executor returned a value JSON cannot hold (BigInt, function, symbol, cycle). */
export class NonJsonOutputError extends WorkflowEngineError {
  /** The step whose output was rejected. */
  readonly stepId: string;
  /** Dotted path to the offending value (`''` for the root). */
  readonly path: string;

  constructor(stepId: string, path: string, reason: string) {
    super(
      'WORKFLOW_NON_JSON_OUTPUT',
      `Step "${stepId}" returned a value JSON cannot hold at ${path === '' ? '<root>' : path}: ${reason}`,
    );
    this.stepId = stepId;
    this.path = path;
  }
}

/** True when `error` is a {@link NonJsonOutputError}. */
export function isNonJsonOutputError(error: unknown): error is NonJsonOutputError {
  return error instanceof NonJsonOutputError;
}

/** No executor is registered under `service.action` nor `service`. Never retried. */
export class UnknownServiceError extends WorkflowEngineError {
  /** The step that needed the service. */
  readonly stepId: string;
  /** The service name looked up. */
  readonly service: string;
  /** The action, if any. */
  readonly action: string | undefined;

  constructor(stepId: string, service: string, action: string | undefined) {
    super(
      'WORKFLOW_UNKNOWN_SERVICE',
      `Step "${stepId}": no executor for "${action === undefined ? service : `${service}.${action}`}"`,
    );
    this.stepId = stepId;
    this.service = service;
    this.action = action;
  }
}

/** True when `error` is an {@link UnknownServiceError}. */
export function isUnknownServiceError(error: unknown): error is UnknownServiceError {
  return error instanceof UnknownServiceError;
}

/** Thrown by an executor to fail its step without any retry. */
export class NonRetryableError extends WorkflowEngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKFLOW_NON_RETRYABLE', message, options);
  }
}

/** True when `error` is a {@link NonRetryableError}. */
export function isNonRetryableError(error: unknown): error is NonRetryableError {
  return error instanceof NonRetryableError;
}

/** One attempt of a step ran longer than its timeout; the attempt's signal aborted with this. */
export class StepTimeoutError extends WorkflowEngineError {
  /** The step that timed out. */
  readonly stepId: string;
  /** The per-attempt timeout in milliseconds. */
  readonly timeoutMs: number;
  /** The attempt (1-based) that timed out. */
  readonly attempt: number;

  constructor(stepId: string, timeoutMs: number, attempt: number) {
    super(
      'WORKFLOW_STEP_TIMEOUT',
      `Step "${stepId}" attempt ${attempt} timed out after ${timeoutMs} ms`,
    );
    this.stepId = stepId;
    this.timeoutMs = timeoutMs;
    this.attempt = attempt;
  }
}

/** True when `error` is a {@link StepTimeoutError}. */
export function isStepTimeoutError(error: unknown): error is StepTimeoutError {
  return error instanceof StepTimeoutError;
}

/** The execution ran past the engine's `deadlineMs`; the execution FAILED with this error. */
export class DeadlineExceededError extends WorkflowEngineError {
  /** The execution that ran out of time. */
  readonly executionId: string;
  /** The deadline in milliseconds after start. */
  readonly deadlineMs: number;

  constructor(executionId: string, deadlineMs: number) {
    super(
      'WORKFLOW_DEADLINE_EXCEEDED',
      `Execution "${executionId}" exceeded its deadline of ${deadlineMs} ms`,
    );
    this.executionId = executionId;
    this.deadlineMs = deadlineMs;
  }
}

/** True when `error` is a {@link DeadlineExceededError}. */
export function isDeadlineExceededError(error: unknown): error is DeadlineExceededError {
  return error instanceof DeadlineExceededError;
}

/** A step's resolved input or its output failed the step's JSON Schema. Never retried. */
export class SchemaValidationError extends WorkflowEngineError {
  /** The step checked. */
  readonly stepId: string;
  /** Which schema failed. */
  readonly schemaType: 'input' | 'output';
  /** The validator's messages (`instanceLocation: error`). */
  readonly errors: string[];

  constructor(stepId: string, schemaType: 'input' | 'output', errors: string[]) {
    super(
      'WORKFLOW_SCHEMA_VALIDATION',
      `${schemaType === 'input' ? 'Input' : 'Output'} validation failed for step "${stepId}": ${errors[0] ?? 'invalid'}`,
    );
    this.stepId = stepId;
    this.schemaType = schemaType;
    this.errors = errors;
  }
}

/** True when `error` is a {@link SchemaValidationError}. */
export function isSchemaValidationError(error: unknown): error is SchemaValidationError {
  return error instanceof SchemaValidationError;
}

/** The reason a step's signal aborts when its execution is cancelled, fails or the engine closes. */
export class ExecutionAbortedError extends WorkflowEngineError {
  /** The execution whose work was aborted. */
  readonly executionId: string;
  /** Why: `cancelled`, `execution_failed`, `engine_closed`, `conflict`. */
  readonly reason: string;

  constructor(executionId: string, reason: string, detail?: string) {
    super(
      'WORKFLOW_ABORTED',
      `Execution "${executionId}" aborted (${reason})${detail === undefined ? '' : `: ${detail}`}`,
    );
    this.executionId = executionId;
    this.reason = reason;
  }
}

/** True when `error` is an {@link ExecutionAbortedError}. */
export function isExecutionAbortedError(error: unknown): error is ExecutionAbortedError {
  return error instanceof ExecutionAbortedError;
}

/** An executor threw (or rejected with) something that is not an `Error`; kept in `thrown`. */
export class ExecutorThrewError extends WorkflowEngineError {
  /** The step whose executor threw. */
  readonly stepId: string;
  /** The thrown value. */
  readonly thrown: unknown;

  constructor(stepId: string, thrown: unknown) {
    super(
      'WORKFLOW_EXECUTOR_THREW',
      `Step "${stepId}": executor threw a non-Error value (${describeValue(thrown)})`,
      { cause: thrown },
    );
    this.stepId = stepId;
    this.thrown = thrown;
  }
}

/** True when `error` is an {@link ExecutorThrewError}. */
export function isExecutorThrewError(error: unknown): error is ExecutorThrewError {
  return error instanceof ExecutorThrewError;
}

/** A sub-workflow step would nest deeper than the allowed depth. */
export class SubWorkflowDepthError extends WorkflowEngineError {
  /** The depth the child would have. */
  readonly depth: number;
  /** The configured limit. */
  readonly maxDepth: number;

  constructor(depth: number, maxDepth: number) {
    super(
      'WORKFLOW_SUB_WORKFLOW_DEPTH',
      `Sub-workflow depth ${depth} exceeds the limit of ${maxDepth}`,
    );
    this.depth = depth;
    this.maxDepth = maxDepth;
  }
}

/** True when `error` is a {@link SubWorkflowDepthError}. */
export function isSubWorkflowDepthError(error: unknown): error is SubWorkflowDepthError {
  return error instanceof SubWorkflowDepthError;
}

/**
 * The crash barrier: an exception inside the engine itself (a bug, a store that threw synchronously,
 * a throwing `onEvent` listener or timer callback) ended the execution FAILED. `cause` is the thrown
 * value; `entryPoint` names where the barrier caught it.
 */
export class EngineInternalError extends WorkflowEngineError {
  /** The execution that was failed. */
  readonly executionId: string;
  /** The engine entry point that caught the exception (`pump`, `timer`, `executor-settled`, …). */
  readonly entryPoint: string;

  constructor(executionId: string, entryPoint: string, cause: unknown) {
    super(
      'ENGINE_INTERNAL_ERROR',
      `Execution "${executionId}" failed inside the engine (${entryPoint}): ${cause instanceof Error ? cause.message : describeValue(cause)}`,
      { cause },
    );
    this.executionId = executionId;
    this.entryPoint = entryPoint;
  }
}

/** True when `error` is an {@link EngineInternalError}. */
export function isEngineInternalError(error: unknown): error is EngineInternalError {
  return error instanceof EngineInternalError;
}

/**
 * A step was RUNNING when the engine driving it stopped (found by `recover`). The interrupted attempt
 * counts; the step is retried only when its policy has attempts left.
 */
export class StepInterruptedError extends WorkflowEngineError {
  /** The interrupted step. */
  readonly stepId: string;
  /** The attempt that was interrupted. */
  readonly attempt: number;

  constructor(stepId: string, attempt: number) {
    super(
      'STEP_INTERRUPTED',
      `Step "${stepId}" attempt ${attempt} was interrupted: the engine running it stopped`,
    );
    this.stepId = stepId;
    this.attempt = attempt;
  }
}

/** True when `error` is a {@link StepInterruptedError}. */
export function isStepInterruptedError(error: unknown): error is StepInterruptedError {
  return error instanceof StepInterruptedError;
}

/** `start`, `resume` or `recover` was called after `engine.close()`. */
export class EngineClosedError extends WorkflowEngineError {
  constructor() {
    super('WORKFLOW_ENGINE_CLOSED', 'The engine is closed');
  }
}

/** True when `error` is an {@link EngineClosedError}. */
export function isEngineClosedError(error: unknown): error is EngineClosedError {
  return error instanceof EngineClosedError;
}

/**
 * A workflow definition failed validation. `issues` lists every problem found (see
 * `validateWorkflow`); the message summarises the first few.
 */
export class WorkflowValidationError extends WorkflowEngineError {
  /** Every issue, in the order `validateWorkflow` reports them. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], options?: { cause?: unknown }) {
    const shown = issues
      .slice(0, 3)
      .map((issue) => `${issue.code}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super(
      'WORKFLOW_INVALID',
      `Invalid workflow definition, ${issues.length} issue(s): ${shown}${more}`,
      options,
    );
    this.issues = issues;
  }
}

/** True when `error` is a {@link WorkflowValidationError}. */
export function isWorkflowValidationError(error: unknown): error is WorkflowValidationError {
  return error instanceof WorkflowValidationError;
}

/** The workflow graph has a cycle; `cycle` is a closed path `[n0, …, n0]`. */
export class WorkflowCycleError extends WorkflowEngineError {
  /** The closed path, starting and ending at the earliest-declared node of its component. */
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[], options?: { cause?: unknown }) {
    super('WORKFLOW_CYCLE', `Workflow has a cycle: ${cycle.join(' → ')}`, options);
    this.cycle = cycle;
  }
}

/** True when `error` is a {@link WorkflowCycleError}. */
export function isWorkflowCycleError(error: unknown): error is WorkflowCycleError {
  return error instanceof WorkflowCycleError;
}
