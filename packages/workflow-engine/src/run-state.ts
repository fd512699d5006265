/**
 * The state of one execution while an engine drives it, and the ONE function that changes it:
 * {@link RunState.dispatch}. Every status change of the execution or of a step, every change of a
 * step's scheduling state and every slot taken or freed happens in its reducer, which checks the
 * transition first. The other layers (persistence, scheduler, attempts) only decide which action to
 * dispatch.
 *
 * @module
 */
import type { CompiledWorkflow } from './compiled-workflow.js';
import { IllegalTransitionError } from './errors.js';
import type { EngineEvent, SkipReason } from './events.js';
import type { Executor, ResolvedEngineOptions } from './options.js';
import type { SerializedError } from './serialized-error.js';
import type { ExecutionStatus, StepStatus } from './statuses.js';
import type { ExecutionSnapshot, ExecutionState, StepRecord } from './store.js';
import { EXECUTION_TRANSITIONS, STEP_TRANSITIONS } from './transitions.js';

/** Scheduling state of a step: waiting for its inputs (or for input while PAUSED). */
export const WAITING = 0;
/** In the ready queue, not started. */
export const QUEUED = 1;
/** RUNNING and holding a slot. */
export const RUNNING = 2;
/** RETRYING: waiting for its back-off before it is queued again. */
export const BACKING_OFF = 3;
/** Terminal. */
export const DONE = 4;

/** What a run needs from its engine. */
export interface EngineHost {
  readonly options: ResolvedEngineOptions;
  lookup(service: string | undefined, action: string | undefined): Executor | undefined;
  /** True when a global slot is free; otherwise registers `run` to be woken when one frees. */
  acquire(run: RunState): boolean;
  /** Takes one global slot (a step became RUNNING). */
  takeSlot(): void;
  /** Frees one global slot. */
  releaseSlot(): void;
  /** Forgets a settled run. */
  release(run: RunState): void;
}

/** Every change of a run's state. */
export type RunAction =
  | { type: 'run.started' }
  | { type: 'run.resumed'; input: Record<string, unknown> }
  | { type: 'run.paused'; missingInputs: string[] }
  | { type: 'run.completed' }
  | { type: 'run.partial'; failedSteps: string[] }
  | { type: 'run.failed'; error: SerializedError; stepId: string | undefined }
  | { type: 'run.cancelled'; reason: string | undefined }
  | { type: 'step.queued'; i: number }
  | { type: 'step.triggered'; i: number }
  | { type: 'step.started'; i: number; attempt: number; fallback: boolean; first: boolean }
  | { type: 'step.paused'; i: number; missing: string[] }
  | { type: 'step.completed'; i: number; output: unknown }
  | {
      type: 'step.retrying';
      i: number;
      error: SerializedError;
      delayMs: number;
      toFallback: boolean;
    }
  | { type: 'step.failed'; i: number; error: SerializedError; counted: boolean }
  | { type: 'step.skipped'; i: number; reason: SkipReason }
  | { type: 'step.cancelled'; i: number; reason: string };

/** A copy of `prev` with a new status and time (the record handed to the store is never mutated). */
function nextRecord(prev: StepRecord, status: StepStatus, at: number): StepRecord {
  const r: StepRecord = {
    stepId: prev.stepId,
    status,
    attempt: prev.attempt,
    attempts: prev.attempts,
    fallback: prev.fallback,
    fallbackUsed: prev.fallbackUsed,
    updatedAt: at,
  };
  if (prev.error !== undefined) r.error = prev.error;
  if (prev.skipReason !== undefined) r.skipReason = prev.skipReason;
  if (prev.missingInputs !== undefined) r.missingInputs = prev.missingInputs;
  return r;
}

/** The state of one execution, and its reducer. */
export abstract class RunState {
  readonly id: string;
  readonly nodes: CompiledWorkflow['nodes'];
  readonly steps: StepRecord[];
  /** Scheduling state per step ({@link WAITING} … {@link DONE}). */
  readonly sched: Uint8Array;
  readonly outputs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  /** Condition diagnostics gathered for a step's next event. */
  readonly diagnostics: Array<string[] | undefined>;
  /** Steps holding a slot. */
  running = 0;
  /** Steps in {@link BACKING_OFF}. */
  backingOff = 0;
  /** Steps in {@link DONE}. */
  done = 0;
  /** Steps whose status is PAUSED. */
  paused = 0;
  state: ExecutionState;
  version: number;
  lastSeq: number;
  readonly createdAt: number;
  failedStepId: string | undefined;
  cancelReason: string | undefined;
  // ----- the batch of the current tick (written ahead, see persistence.ts) -----
  readonly dirty: Uint8Array;
  dirtySteps: number[] = [];
  executionChanged = false;
  events: EngineEvent[] = [];

  constructor(
    readonly engine: EngineHost,
    readonly compiled: CompiledWorkflow,
    snapshot: ExecutionSnapshot,
    readonly depth: number,
  ) {
    this.id = snapshot.executionId;
    this.nodes = compiled.nodes;
    this.createdAt = snapshot.createdAt;
    this.version = snapshot.version;
    this.lastSeq = snapshot.lastSeq;
    this.state = {
      status: snapshot.status,
      input: snapshot.input,
      error: snapshot.error,
      missingInputs: snapshot.missingInputs,
      updatedAt: snapshot.updatedAt,
    };
    const n = this.nodes.length;
    this.steps = this.nodes.map((node) => snapshot.steps[node.id] as StepRecord);
    this.sched = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const status = (this.steps[i] as StepRecord).status;
      if (status === 'RETRYING') {
        this.sched[i] = BACKING_OFF;
        this.backingOff++;
      } else if (status === 'PAUSED') {
        this.paused++;
      } else if (status !== 'PENDING' && status !== 'RUNNING') {
        this.sched[i] = DONE;
        this.done++;
      }
    }
    this.dirty = new Uint8Array(n);
    this.diagnostics = new Array<string[] | undefined>(n);
  }

  /** Something was added to the batch: save it (persistence.ts). */
  abstract schedulePump(): void;

  get terminal(): boolean {
    const s = this.state.status;
    return s === 'COMPLETED' || s === 'FAILED' || s === 'CANCELLED' || s === 'PARTIAL';
  }

  /** THE reducer: applies one action to the run's state, after checking it is legal. */
  dispatch(action: RunAction): void {
    const at = this.engine.options.clock.now();
    switch (action.type) {
      case 'run.started':
        this.moveExecution('RUNNING', at, { type: 'execution.started' });
        return;
      case 'run.resumed':
        this.moveExecution(
          'RUNNING',
          at,
          { type: 'execution.resumed' },
          { input: action.input, missingInputs: [] },
        );
        return;
      case 'run.paused':
        this.moveExecution(
          'PAUSED',
          at,
          { type: 'execution.paused', missingInputs: action.missingInputs },
          { missingInputs: action.missingInputs },
        );
        return;
      case 'run.completed':
        this.moveExecution('COMPLETED', at, { type: 'execution.completed' });
        return;
      case 'run.partial':
        this.moveExecution('PARTIAL', at, {
          type: 'execution.partial',
          failedSteps: action.failedSteps,
        });
        return;
      case 'run.failed':
        this.failedStepId = action.stepId;
        this.moveExecution(
          'FAILED',
          at,
          action.stepId === undefined
            ? { type: 'execution.failed', error: action.error }
            : { type: 'execution.failed', error: action.error, stepId: action.stepId },
          { error: action.error },
        );
        return;
      case 'run.cancelled':
        this.cancelReason = action.reason;
        this.moveExecution(
          'CANCELLED',
          at,
          action.reason === undefined
            ? { type: 'execution.cancelled' }
            : { type: 'execution.cancelled', reason: action.reason },
          action.reason === undefined
            ? {}
            : { error: { name: 'Cancelled', message: action.reason } },
        );
        return;
      default:
        this.reduceStep(action, at);
    }
  }

  private reduceStep(action: Exclude<RunAction, { type: `run.${string}` }>, at: number): void {
    const i = action.i;
    const prev = this.steps[i] as StepRecord;
    const sched = this.sched[i] as number;
    switch (action.type) {
      case 'step.queued':
        if (sched === QUEUED) return; // idempotent
        this.expect(i, sched === WAITING || sched === BACKING_OFF, 'queued');
        if (sched === BACKING_OFF) this.backingOff--;
        this.sched[i] = QUEUED;
        return;
      case 'step.triggered': {
        this.expect(i, sched === QUEUED && prev.status === 'PENDING', 'triggered');
        const started = this.record(i, prev, 'RUNNING', at);
        started.attempt = 1;
        this.event(i, at, { type: 'step.started', attempt: 1, fallback: false });
        const done = this.record(i, started, 'COMPLETED', at);
        const output = this.state.input;
        done.output = output;
        this.outputs[prev.stepId] = output;
        this.sched[i] = DONE;
        this.done++;
        this.event(i, at, { type: 'step.completed', attempt: 1, fallbackUsed: false });
        return;
      }
      case 'step.started': {
        this.expect(i, sched === QUEUED, 'started');
        const r = this.record(i, prev, 'RUNNING', at);
        r.attempt = action.attempt;
        r.fallback = action.fallback;
        if (action.first) r.missingInputs = [];
        this.sched[i] = RUNNING;
        this.running++;
        this.engine.takeSlot();
        this.event(i, at, {
          type: 'step.started',
          attempt: action.attempt,
          fallback: action.fallback,
        });
        return;
      }
      case 'step.paused':
        this.expect(i, sched === QUEUED, 'paused');
        this.sched[i] = WAITING;
        if (prev.status === 'PAUSED') {
          // Still missing: a record change without an event.
          this.record(i, prev, 'PAUSED', at).missingInputs = action.missing;
          return;
        }
        this.record(i, prev, 'PAUSED', at).missingInputs = action.missing;
        this.event(i, at, { type: 'step.paused', missing: action.missing });
        return;
      case 'step.completed': {
        this.expect(i, sched === RUNNING, 'completed');
        const r = this.record(i, prev, 'COMPLETED', at);
        r.output = action.output;
        r.fallbackUsed = prev.fallback;
        r.attempts = prev.attempts + 1;
        this.outputs[prev.stepId] = action.output;
        this.event(i, at, {
          type: 'step.completed',
          attempt: prev.attempt,
          fallbackUsed: prev.fallback,
        });
        this.leave(i, DONE);
        return;
      }
      case 'step.retrying': {
        // From RUNNING, or from a RUNNING record found by `recover` (no slot held).
        this.expect(
          i,
          sched === RUNNING || (sched === WAITING && prev.status === 'RUNNING'),
          'retrying',
        );
        const r = this.record(i, prev, 'RETRYING', at);
        r.attempts = prev.attempts + 1;
        r.error = action.error;
        if (action.toFallback) {
          r.fallback = true;
          r.attempt = 0;
        }
        this.event(i, at, {
          type: 'step.retrying',
          attempt: prev.attempt,
          delayMs: action.delayMs,
          error: action.error,
          fallback: r.fallback,
        });
        this.backingOff++;
        this.leave(i, BACKING_OFF);
        return;
      }
      case 'step.failed': {
        this.expect(i, sched === RUNNING || sched === QUEUED || sched === WAITING, 'failed');
        const r = this.record(i, prev, 'FAILED', at);
        r.error = action.error;
        if (action.counted) r.attempts = prev.attempts + 1;
        this.event(i, at, {
          type: 'step.failed',
          error: action.error,
          tolerated: (this.nodes[i] as { continueOnError: boolean }).continueOnError,
        });
        this.leave(i, DONE);
        return;
      }
      case 'step.skipped': {
        this.expect(i, sched !== DONE && sched !== RUNNING, 'skipped');
        // Never a RETRYING step (BACKING_OFF): the transition table refuses RETRYING → SKIPPED.
        this.record(i, prev, 'SKIPPED', at).skipReason = action.reason;
        this.event(i, at, { type: 'step.skipped', reason: action.reason });
        this.sched[i] = DONE;
        this.done++;
        return;
      }
      case 'step.cancelled':
        this.expect(i, sched !== DONE, 'cancelled');
        this.record(i, prev, 'CANCELLED', at);
        this.event(i, at, { type: 'step.cancelled', reason: action.reason });
        if (sched === BACKING_OFF) this.backingOff--;
        this.leave(i, DONE);
        return;
    }
  }

  /** Throws (caught by the crash barrier) when an action's precondition does not hold. */
  private expect(i: number, holds: boolean, action: string): void {
    if (!holds) {
      throw new IllegalTransitionError(
        'step',
        `${(this.steps[i] as StepRecord).status}/${this.sched[i] as number}`,
        action,
      );
    }
  }

  /** Leaves the current scheduling state; the ONE path that frees a step slot. */
  private leave(i: number, to: number): void {
    const held = this.sched[i] === RUNNING;
    this.sched[i] = to;
    if (to === DONE) this.done++;
    if (!held) return;
    this.running--;
    this.engine.releaseSlot();
  }

  private moveExecution(
    status: ExecutionStatus,
    at: number,
    payload: Record<string, unknown> & { type: string },
    patch?: Partial<ExecutionState>,
  ): void {
    const from = this.state.status;
    if (!(EXECUTION_TRANSITIONS[from] as readonly string[]).includes(status)) {
      throw new IllegalTransitionError('execution', from, status);
    }
    this.state = { ...this.state, ...patch, status, updatedAt: at };
    this.executionChanged = true;
    payload.executionId = this.id;
    payload.seq = ++this.lastSeq;
    payload.at = at;
    this.events.push(payload as unknown as EngineEvent);
    this.schedulePump();
  }

  /** Replaces step `i`'s record (checked against the transition table) and marks it dirty. */
  private record(i: number, prev: StepRecord, status: StepStatus, at: number): StepRecord {
    if (
      status !== prev.status &&
      !(STEP_TRANSITIONS[prev.status] as readonly string[]).includes(status)
    ) {
      throw new IllegalTransitionError('step', prev.status, status);
    }
    const r = nextRecord(prev, status, at);
    if (prev.status === 'PAUSED') this.paused--;
    if (status === 'PAUSED') this.paused++;
    this.steps[i] = r;
    if (this.dirty[i] === 0) {
      this.dirty[i] = 1;
      this.dirtySteps.push(i);
    }
    this.schedulePump();
    return r;
  }

  private event(i: number, at: number, payload: Record<string, unknown> & { type: string }): void {
    payload.executionId = this.id;
    payload.seq = ++this.lastSeq;
    payload.at = at;
    payload.stepId = (this.steps[i] as StepRecord).stepId;
    const diagnostics = this.diagnostics[i];
    if (diagnostics !== undefined) {
      payload.diagnostics = diagnostics;
      this.diagnostics[i] = undefined;
    }
    this.events.push(payload as unknown as EngineEvent);
  }

  /** Adds a condition diagnostic to step `i`'s next event. */
  diagnose(i: number, message: string): void {
    const list = this.diagnostics[i];
    if (list === undefined) this.diagnostics[i] = [message];
    else list.push(message);
  }
}
