/**
 * The persistence pump and the crash barrier of a run.
 *
 * Write-ahead: the reducer (run-state.ts) only fills the batch of the current tick; the pump saves
 * that batch in ONE `store.save`, then emits its events, then does what waited for the save
 * (launching executors, arming retry timers, settling). Nothing outside the engine sees a change
 * before it is stored.
 *
 * The crash barrier: every entry point into a run (a microtask, a promise callback, a timer) goes
 * through {@link PersistedRun.guard}; an exception there ends the execution FAILED with an
 * `EngineInternalError`, saved and emitted, frees its slots and settles the result.
 *
 * @module
 */
import {
  ConcurrentModificationError,
  EngineInternalError,
  ExecutionAbortedError,
} from './errors.js';
import { EventStream } from './event-stream.js';
import type { EngineEvent } from './events.js';
import type { ExecutionResult, Run } from './results.js';
import { buildResult, resultFromSnapshot } from './results.js';
import { DONE, RunState } from './run-state.js';
import { serializeError } from './serialized-error.js';
import type { ExecutionSnapshot, SaveRequest, StepRecord } from './store.js';
import { TERMINAL_EXECUTION_STATUSES } from './transitions.js';

/** A run whose changes are saved ahead of their effects. */
export abstract class PersistedRun extends RunState {
  pumping = false;
  /** Stop writing (engine closed, save conflict, crash). */
  closed = false;
  settled = false;
  inflight: Promise<unknown> | undefined;
  /** Steps whose executor starts after the current batch is saved. */
  launches: number[] = [];
  /** Other work that waits for the current batch to be saved. */
  actions: Array<() => void> = [];
  /** Check for the end of the run after the current batch is saved. */
  settleRequested = false;
  /** The batch being saved, until the store confirms it. */
  unsaved: SaveRequest | undefined;
  /** True once the execution is in the store (set after `create` for a new one). */
  created = true;
  readonly retryTimers: unknown[] = [];
  deadlineTimer: unknown;
  unlinkSignal: (() => void) | undefined;
  readonly stream: EventStream<EngineEvent> = new EventStream<EngineEvent>();
  readonly result: Promise<ExecutionResult>;
  private resolveResult!: (r: ExecutionResult) => void;
  private rejectResult!: (e: unknown) => void;

  constructor(...args: ConstructorParameters<typeof RunState>) {
    super(...args);
    this.result = new Promise<ExecutionResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    this.result.catch(() => undefined);
  }

  /** Runs the executor of RUNNING step `i` (attempts.ts). */
  abstract launch(i: number): void;
  /** Settles the run when nothing is left to do (scheduler.ts). */
  abstract settleIfIdle(): void;
  /** Aborts every live attempt (attempts.ts). */
  abstract abortAll(reason: unknown): void;

  handle(): Run {
    return { executionId: this.id, events: this.stream, result: this.result };
  }

  /** Runs `fn` behind the crash barrier. */
  guard(entryPoint: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.crash(entryPoint, error);
    }
  }

  /** Runs `action` after the current batch is saved. */
  after(action: () => void): void {
    this.actions.push(action);
    this.schedulePump();
  }

  schedulePump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    queueMicrotask(() => void this.pump());
  }

  /** Saves batches until none is left (one save per tick), then does what waited for them. */
  async pump(): Promise<void> {
    try {
      const store = this.engine.options.store;
      while (!this.closed) {
        const launches = this.launches;
        const actions = this.actions;
        const settle = this.settleRequested;
        const dirtySteps = this.dirtySteps;
        const events = this.events;
        const batch = dirtySteps.length > 0 || events.length > 0 || this.executionChanged;
        if (!batch && launches.length === 0 && actions.length === 0 && !settle) break;
        this.launches = [];
        this.actions = [];
        this.settleRequested = false;
        if (batch) {
          const request = this.takeBatch();
          this.unsaved = request;
          // A store that throws synchronously is a crash (caught below), not a failed save.
          const saving = store.save(request, this.version);
          this.inflight = saving;
          try {
            this.version = await saving;
            this.unsaved = undefined;
          } catch (error) {
            await this.onSaveError(error);
            return;
          }
          if (this.closed) break;
          for (let k = 0; k < events.length; k++) this.emit(events[k] as EngineEvent);
        }
        for (let k = 0; k < launches.length; k++) this.launch(launches[k] as number);
        for (let k = 0; k < actions.length; k++) (actions[k] as () => void)();
        if (settle) this.settleIfIdle();
      }
    } catch (error) {
      this.crash('pump', error);
    } finally {
      this.pumping = false;
    }
  }

  /** The save request of the current batch; starts a new batch. */
  private takeBatch(): SaveRequest {
    const changedSteps = this.dirtySteps.map((i) => {
      this.dirty[i] = 0;
      return this.steps[i] as StepRecord;
    });
    const request: SaveRequest = { executionId: this.id, changedSteps, events: this.events };
    if (this.executionChanged) request.execution = this.state;
    this.dirtySteps = [];
    this.events = [];
    this.executionChanged = false;
    return request;
  }

  emit(event: EngineEvent): void {
    this.stream.push(event);
    const listener = this.engine.options.onEvent;
    if (listener !== undefined) listener(event);
  }

  async onSaveError(error: unknown): Promise<void> {
    this.abortAll(new ExecutionAbortedError(this.id, 'conflict'));
    this.closed = true;
    this.releaseSlots();
    if (error instanceof ConcurrentModificationError) {
      let stored: ExecutionSnapshot | undefined;
      try {
        stored = await this.engine.options.store.load(this.id);
      } catch {
        // An unreadable store is read as "not terminal there": the conflict stands.
      }
      if (stored !== undefined && TERMINAL_EXECUTION_STATUSES.has(stored.status)) {
        this.finishWith(resultFromSnapshot(stored));
        return;
      }
    }
    this.fail(error);
  }

  /** Rejects the result (store error, conflict, engine closed). */
  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.stream.end();
    this.rejectResult(error);
  }

  finishWith(result: ExecutionResult): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.stream.end();
    this.resolveResult(result);
  }

  resultNow(): ExecutionResult {
    return buildResult(this.id, this.state, this.steps, this.cancelReason, this.failedStepId);
  }

  cleanup(): void {
    const clock = this.engine.options.clock;
    this.clearRetryTimers();
    if (this.deadlineTimer !== undefined) clock.clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.unlinkSignal?.();
    this.engine.release(this);
  }

  clearRetryTimers(): void {
    const clock = this.engine.options.clock;
    const timers = this.retryTimers;
    timers.forEach((timer, i) => {
      if (timer !== undefined) {
        clock.clearTimeout(timer);
        timers[i] = undefined;
      }
    });
  }

  /**
   * The crash barrier. Stops the run loop, frees its slots, moves every open step to CANCELLED
   * (RUNNING, RETRYING) or SKIPPED, the execution to FAILED with an `EngineInternalError`, saves and
   * emits that, and settles the result. Never throws.
   */
  crash(entryPoint: string, cause: unknown): void {
    if (this.settled || this.closedByCrash) return;
    this.closedByCrash = true;
    this.closed = true;
    const error = new EngineInternalError(this.id, entryPoint, cause);
    try {
      this.abortAll(new ExecutionAbortedError(this.id, 'execution_failed', error.message));
    } catch {
      // An attempt that cannot be aborted is abandoned.
    }
    try {
      this.clearRetryTimers();
    } catch {
      // A clock that cannot clear a timer: the timer finds the run settled.
    }
    this.releaseSlots();
    void this.saveCrash(error);
  }

  /** Gives back the global slots of the steps still RUNNING (the run writes no more). */
  private releaseSlots(): void {
    for (; this.running > 0; this.running--) this.engine.releaseSlot();
  }

  private closedByCrash = false;

  private async saveCrash(error: EngineInternalError): Promise<void> {
    let request: SaveRequest | undefined;
    try {
      await this.inflight?.catch(() => undefined);
      if (this.settled) return; // the save in flight failed and settled the run
      if (!this.created) throw error; // nothing in the store to fail
      this.restoreUnsaved();
      // PAUSED or terminal: that status is saved already; the run settles with it.
      if (this.state.status === 'RUNNING' || this.state.status === 'PENDING') {
        this.forceFailed(error);
      }
      request = this.takeBatch();
      if (request.events.length > 0 || request.changedSteps.length > 0 || request.execution) {
        this.version = await this.engine.options.store.save(request, this.version);
      }
    } catch {
      this.fail(error);
      return;
    }
    for (const event of request.events) {
      try {
        this.emit(event);
      } catch {
        // The run is failing already; a listener that throws again changes nothing.
      }
    }
    this.finishWith(this.resultNow());
  }

  /** A batch the store never took (it threw): its changes go into the next save. */
  private restoreUnsaved(): void {
    const unsaved = this.unsaved;
    if (unsaved === undefined) return;
    this.unsaved = undefined;
    const indexOf = this.compiled.csr.indexOf;
    for (const record of unsaved.changedSteps) {
      const i = indexOf.get(record.stepId) as number;
      if (this.dirty[i] === 0) {
        this.dirty[i] = 1;
        this.dirtySteps.push(i);
      }
    }
    this.events = [...unsaved.events, ...this.events];
    if (unsaved.execution !== undefined) this.executionChanged = true;
  }

  /** The crash transition, written without the reducer (which may be what threw). */
  private forceFailed(error: EngineInternalError): void {
    const at = this.state.updatedAt;
    const serialized = serializeError(error);
    for (let i = 0; i < this.steps.length; i++) {
      const prev = this.steps[i] as StepRecord;
      if (this.sched[i] === DONE || TERMINAL_STEP.has(prev.status)) continue;
      const cancel = prev.status === 'RUNNING' || prev.status === 'RETRYING';
      const r: StepRecord = { ...prev, status: cancel ? 'CANCELLED' : 'SKIPPED', updatedAt: at };
      if (!cancel) r.skipReason = 'execution_failed';
      this.steps[i] = r;
      this.sched[i] = DONE;
      if (this.dirty[i] === 0) {
        this.dirty[i] = 1;
        this.dirtySteps.push(i);
      }
      const base = { executionId: this.id, seq: ++this.lastSeq, at, stepId: prev.stepId };
      this.events.push(
        cancel
          ? { ...base, type: 'step.cancelled', reason: 'execution_failed' }
          : { ...base, type: 'step.skipped', reason: 'execution_failed' },
      );
    }
    this.failedStepId = undefined;
    if (this.state.status === 'PENDING') {
      // Created but not started: PENDING → RUNNING → FAILED, so the log stays legal.
      this.events.push({
        type: 'execution.started',
        executionId: this.id,
        seq: ++this.lastSeq,
        at,
      });
    }
    this.state = { ...this.state, status: 'FAILED', error: serialized, updatedAt: at };
    this.executionChanged = true;
    this.events.push({
      type: 'execution.failed',
      error: serialized,
      executionId: this.id,
      seq: ++this.lastSeq,
      at,
    });
  }
}

const TERMINAL_STEP: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED']);
