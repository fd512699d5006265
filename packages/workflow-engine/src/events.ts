import type { SerializedError } from './serialized-error.js';

/** Why a step was SKIPPED (spec §4). */
export type SkipReason =
  'condition_false' | 'upstream_failed' | 'upstream_skipped' | 'execution_failed';

/** Fields every event carries. */
export interface EventBase {
  /** The execution the event belongs to. */
  executionId: string;
  /** Position in the execution's event log: 1, 2, 3, … — unique per execution, never reused. */
  seq: number;
  /** Time of the transition, from the engine's injected clock (ms). */
  at: number;
}

/** Fields of every `step.*` event. */
export interface StepEventBase extends EventBase {
  /** The step that moved. */
  stepId: string;
  /** Condition diagnostics (a condition that errored counted as false) gathered since the step's previous event. */
  diagnostics?: string[];
}

/** PENDING → RUNNING of the execution. */
export interface ExecutionStartedEvent extends EventBase {
  type: 'execution.started';
}
/** RUNNING → PAUSED: nothing else can run and some steps wait for input. */
export interface ExecutionPausedEvent extends EventBase {
  type: 'execution.paused';
  /** Every missing reference path (`input.user.email`, `fetch.count`), sorted. */
  missingInputs: string[];
}
/** PAUSED → RUNNING (resume or recovery of a paused run). */
export interface ExecutionResumedEvent extends EventBase {
  type: 'execution.resumed';
}
/** RUNNING → COMPLETED. */
export interface ExecutionCompletedEvent extends EventBase {
  type: 'execution.completed';
}
/** RUNNING → FAILED. */
export interface ExecutionFailedEvent extends EventBase {
  type: 'execution.failed';
  /** The failure (the failed step's error, or a deadline error). */
  error: SerializedError;
  /** The step whose non-tolerated failure failed the run, if any. */
  stepId?: string;
}
/** PENDING / RUNNING / PAUSED → CANCELLED. */
export interface ExecutionCancelledEvent extends EventBase {
  type: 'execution.cancelled';
  /** The reason given to `cancel`, if any. */
  reason?: string;
}
/** RUNNING → PARTIAL: finished, some step FAILED under `continue_on_error`. */
export interface ExecutionPartialEvent extends EventBase {
  type: 'execution.partial';
  /** The steps that failed and were tolerated. */
  failedSteps: string[];
}

/** Any move of a step to RUNNING (PENDING, RETRYING or PAUSED → RUNNING). */
export interface StepStartedEvent extends StepEventBase {
  type: 'step.started';
  /** Attempt number of the current service, from 1. */
  attempt: number;
  /** True when the fallback service runs. */
  fallback: boolean;
}
/** RUNNING → RETRYING: the attempt failed and another one follows after `delayMs`. */
export interface StepRetryingEvent extends StepEventBase {
  type: 'step.retrying';
  /** The attempt that failed (or was interrupted by a crash). */
  attempt: number;
  /** Back-off before the next attempt, ms. */
  delayMs: number;
  /** Why the attempt failed. */
  error: SerializedError;
  /** True when the retries are the fallback's. */
  fallback: boolean;
}
/** RUNNING → COMPLETED. */
export interface StepCompletedEvent extends StepEventBase {
  type: 'step.completed';
  /** The attempt that succeeded. */
  attempt: number;
  /** True when the fallback service produced the output. */
  fallbackUsed: boolean;
}
/** PENDING / RUNNING → FAILED. */
export interface StepFailedEvent extends StepEventBase {
  type: 'step.failed';
  /** The final error. */
  error: SerializedError;
  /** True when `continue_on_error` tolerates the failure. */
  tolerated: boolean;
}
/** PENDING / PAUSED → SKIPPED. */
export interface StepSkippedEvent extends StepEventBase {
  type: 'step.skipped';
  /** Why it was skipped. */
  reason: SkipReason;
}
/** PENDING → PAUSED: references to missing input. */
export interface StepPausedEvent extends StepEventBase {
  type: 'step.paused';
  /** The missing reference paths. */
  missing: string[];
}
/** PENDING / RUNNING / RETRYING / PAUSED → CANCELLED. */
export interface StepCancelledEvent extends StepEventBase {
  type: 'step.cancelled';
  /** `cancelled` (the execution was cancelled), `execution_failed`, `engine_closed` or `conflict`. */
  reason: string;
}

/** Execution-level events. */
export type ExecutionEvent =
  | ExecutionStartedEvent
  | ExecutionPausedEvent
  | ExecutionResumedEvent
  | ExecutionCompletedEvent
  | ExecutionFailedEvent
  | ExecutionCancelledEvent
  | ExecutionPartialEvent;

/** Step-level events. */
export type StepEvent =
  | StepStartedEvent
  | StepRetryingEvent
  | StepCompletedEvent
  | StepFailedEvent
  | StepSkippedEvent
  | StepPausedEvent
  | StepCancelledEvent;

/** Every event the engine emits: exactly one per persisted transition, in `seq` order. */
export type EngineEvent = ExecutionEvent | StepEvent;

/** The `type` of any {@link EngineEvent}. */
export type EngineEventType = EngineEvent['type'];

/** The status an event's transition moves to (`step.*` → step status, `execution.*` → execution status). */
export const EVENT_TARGET_STATUS: Readonly<Record<EngineEventType, string>> = Object.freeze({
  'execution.started': 'RUNNING',
  'execution.paused': 'PAUSED',
  'execution.resumed': 'RUNNING',
  'execution.completed': 'COMPLETED',
  'execution.failed': 'FAILED',
  'execution.cancelled': 'CANCELLED',
  'execution.partial': 'PARTIAL',
  'step.started': 'RUNNING',
  'step.retrying': 'RETRYING',
  'step.completed': 'COMPLETED',
  'step.failed': 'FAILED',
  'step.skipped': 'SKIPPED',
  'step.paused': 'PAUSED',
  'step.cancelled': 'CANCELLED',
});

/** True for `step.*` events. */
export function isStepEvent(event: EngineEvent): event is StepEvent {
  return event.type.startsWith('step.');
}
