/**
 * The public run types (`Run`, `ExecutionResult`, `StartOptions`, `Engine`) and how a result is
 * built from step records.
 *
 * @module
 */
import type { EngineEvent } from './events.js';
import type { SerializedError } from './serialized-error.js';
import type { StepStatus } from './statuses.js';
import type { ExecutionSnapshot, ExecutionState, StepRecord } from './store.js';

/** Options of `engine.start`. */
export interface StartOptions {
  /** The execution input (`${input.…}`). Default `{}`. */
  input?: Record<string, unknown>;
  /** Aborting it cancels the execution. */
  signal?: AbortSignal;
  /** Choose the id (default: the engine's `generateId`). */
  executionId?: string;
  /** Sub-workflow nesting depth (set by the sub-workflow executor). Default 0. */
  depth?: number;
}

/** Fields every {@link ExecutionResult} has. */
export interface ExecutionResultBase {
  /** The execution. */
  executionId: string;
  /** Outputs of the COMPLETED steps, by step id. */
  outputs: Record<string, unknown>;
  /** Final status of every step. */
  steps: Record<string, StepStatus>;
  /** Steps whose output came from their fallback service. */
  fallbackUsed: string[];
}

/** How `run.result` settles: a union on `status`. */
export type ExecutionResult =
  | (ExecutionResultBase & { status: 'COMPLETED' })
  | (ExecutionResultBase & { status: 'PARTIAL'; failedSteps: string[] })
  | (ExecutionResultBase & { status: 'FAILED'; error: SerializedError; stepId?: string })
  | (ExecutionResultBase & { status: 'CANCELLED'; reason?: string })
  | (ExecutionResultBase & { status: 'PAUSED'; missingInputs: string[] });

/** A handle on one (continued) run of an execution. */
export interface Run {
  /** The execution id. */
  readonly executionId: string;
  /** Every event of this run, buffered from creation; ends after the settling event. */
  readonly events: AsyncIterable<EngineEvent>;
  /** Settles when the execution is PAUSED or terminal. Rejects on a store error or conflict. */
  readonly result: Promise<ExecutionResult>;
}

/** The engine API (spec §7). */
export interface Engine {
  /**
   * Validates `definition` and starts an execution; returns at once.
   *
   * @throws `WorkflowValidationError` (invalid definition), `DuplicateExecutionError` (known id),
   *   `EngineClosedError`.
   */
  start(definition: unknown, options?: StartOptions): Run;
  /** Continues a PAUSED execution with more input (shallow merge); `false` when it is not PAUSED. */
  resume(executionId: string, options?: { input?: Record<string, unknown> }): Promise<Run | false>;
  /** Cancels a non-terminal execution; `false` when it is terminal already. */
  cancel(executionId: string, reason?: string): Promise<boolean>;
  /**
   * Continues an execution left RUNNING (or PENDING) by a crashed engine; `false` otherwise. A step
   * found RUNNING counts its interrupted attempt and is retried only if its policy has attempts
   * left (otherwise it FAILS with `StepInterruptedError`).
   */
  recover(executionId: string): Promise<Run | false>;
  /** The stored snapshot. */
  get(executionId: string): Promise<ExecutionSnapshot>;
  /** Aborts running work (left recoverable in the store), waits for pending writes. */
  close(): Promise<void>;
}

/** The result of an execution whose state and step records are given. */
export function buildResult(
  executionId: string,
  state: ExecutionState,
  steps: readonly StepRecord[],
  cancelReason: string | undefined,
  failedStepId: string | undefined,
): ExecutionResult {
  const outputs: Record<string, unknown> = {};
  const statuses: Record<string, StepStatus> = {};
  const fallbackUsed: string[] = [];
  const failed: string[] = [];
  for (const record of steps) {
    statuses[record.stepId] = record.status;
    if (record.status === 'COMPLETED') {
      outputs[record.stepId] = record.output;
      if (record.fallbackUsed) fallbackUsed.push(record.stepId);
    }
    if (record.status === 'FAILED') failed.push(record.stepId);
  }
  const base: ExecutionResultBase = { executionId, outputs, steps: statuses, fallbackUsed };
  switch (state.status) {
    case 'COMPLETED':
      return { ...base, status: 'COMPLETED' };
    case 'PARTIAL':
      return { ...base, status: 'PARTIAL', failedSteps: failed };
    case 'PAUSED':
      return { ...base, status: 'PAUSED', missingInputs: state.missingInputs };
    case 'CANCELLED': {
      const reason = cancelReason ?? state.error?.message;
      return reason === undefined
        ? { ...base, status: 'CANCELLED' }
        : { ...base, status: 'CANCELLED', reason };
    }
    default: {
      const error = state.error ?? { name: 'Error', message: 'failed' };
      return failedStepId === undefined
        ? { ...base, status: 'FAILED', error }
        : { ...base, status: 'FAILED', error, stepId: failedStepId };
    }
  }
}

/** The result of a stored (terminal) snapshot. */
export function resultFromSnapshot(snapshot: ExecutionSnapshot): ExecutionResult {
  const steps = Object.values(snapshot.steps);
  const failing = steps.find((s) => s.status === 'FAILED' && snapshot.status === 'FAILED');
  return buildResult(snapshot.executionId, snapshot, steps, undefined, failing?.stepId);
}

/** The record of a step that has not started. */
export function initialStep(stepId: string, at: number): StepRecord {
  return {
    stepId,
    status: 'PENDING',
    attempt: 0,
    attempts: 0,
    fallback: false,
    fallbackUsed: false,
    updatedAt: at,
  };
}
