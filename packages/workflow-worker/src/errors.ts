/**
 * Base class of every error `@atom/workflow-worker` throws. `code` is stable across versions: match
 * on it, not on the message.
 */
export class WorkflowWorkerError extends Error {
  /** Stable machine-readable code, e.g. `WORKER_EXECUTION_LEASED`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `error` is any {@link WorkflowWorkerError}. */
export function isWorkflowWorkerError(error: unknown): error is WorkflowWorkerError {
  return error instanceof WorkflowWorkerError;
}

/** A bad option of `createWorker`, `createWorkflowClient` or one of their methods. */
export class InvalidWorkerOptionError extends WorkflowWorkerError {
  /** The option, e.g. `leaseMs`. */
  readonly option: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** The value received. */
  readonly received: unknown;

  constructor(option: string, expected: string, received: unknown) {
    super(
      'WORKER_INVALID_OPTION',
      `Option "${option}" expected ${expected}, received ${describe(received)}`,
    );
    this.option = option;
    this.expected = expected;
    this.received = received;
  }
}

/** True when `error` is an {@link InvalidWorkerOptionError}. */
export function isInvalidWorkerOptionError(error: unknown): error is InvalidWorkerOptionError {
  return error instanceof InvalidWorkerOptionError;
}

/** No execution has this id in the database. */
export class ExecutionNotFoundError extends WorkflowWorkerError {
  /** The id asked for. */
  readonly executionId: string;

  constructor(executionId: string) {
    super('WORKER_EXECUTION_NOT_FOUND', `No workflow execution has the id "${executionId}"`);
    this.executionId = executionId;
  }
}

/** True when `error` is an {@link ExecutionNotFoundError}. */
export function isExecutionNotFoundError(error: unknown): error is ExecutionNotFoundError {
  return error instanceof ExecutionNotFoundError;
}

/** A manual `recover` of an execution that a live worker holds (its lease has not expired). */
export class ExecutionLeasedError extends WorkflowWorkerError {
  /** The execution. */
  readonly executionId: string;
  /** The worker holding the lease. */
  readonly owner: string;
  /** When the lease expires unless renewed (database time). */
  readonly expiresAt: Date;

  constructor(executionId: string, owner: string, expiresAt: Date) {
    super(
      'WORKER_EXECUTION_LEASED',
      `Execution "${executionId}" is leased by worker "${owner}" until ${expiresAt.toISOString()}; it is running and cannot be recovered`,
    );
    this.executionId = executionId;
    this.owner = owner;
    this.expiresAt = expiresAt;
  }
}

/** True when `error` is an {@link ExecutionLeasedError}. */
export function isExecutionLeasedError(error: unknown): error is ExecutionLeasedError {
  return error instanceof ExecutionLeasedError;
}

/**
 * A fenced `save` refused because the writer no longer holds a live lease on the execution
 * (another worker took it over, or the lease expired): nothing was written.
 */
export class LeaseLostError extends WorkflowWorkerError {
  /** The execution. */
  readonly executionId: string;
  /** The worker that lost the lease. */
  readonly owner: string;

  constructor(executionId: string, owner: string) {
    super(
      'WORKER_LEASE_LOST',
      `Worker "${owner}" no longer holds the lease of execution "${executionId}"; nothing was written`,
    );
    this.executionId = executionId;
    this.owner = owner;
  }
}

/** True when `error` is a {@link LeaseLostError}. */
export function isLeaseLostError(error: unknown): error is LeaseLostError {
  return error instanceof LeaseLostError;
}

/** `result(id, { timeoutMs })` ran out of time before the execution settled. */
export class ResultTimeoutError extends WorkflowWorkerError {
  /** The execution. */
  readonly executionId: string;
  /** The timeout that elapsed (ms). */
  readonly timeoutMs: number;

  constructor(executionId: string, timeoutMs: number) {
    super(
      'WORKER_RESULT_TIMEOUT',
      `Execution "${executionId}" did not settle within ${timeoutMs} ms`,
    );
    this.executionId = executionId;
    this.timeoutMs = timeoutMs;
  }
}

/** True when `error` is a {@link ResultTimeoutError}. */
export function isResultTimeoutError(error: unknown): error is ResultTimeoutError {
  return error instanceof ResultTimeoutError;
}

/** A method of a worker or client called after `stop()` / `close()`. */
export class WorkerClosedError extends WorkflowWorkerError {
  constructor(what: string) {
    super('WORKER_CLOSED', `${what} was called after the worker or client was closed`);
  }
}

/** True when `error` is a {@link WorkerClosedError}. */
export function isWorkerClosedError(error: unknown): error is WorkerClosedError {
  return error instanceof WorkerClosedError;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value === 'bigint' ? `${value}n` : typeof value;
  }
}
