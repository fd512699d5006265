/**
 * The life cycle of one execution run: starting or continuing it (start, resume, recover), its
 * deadline, cancelling it, failing it, and settling it when nothing is left to do.
 *
 * @module
 */
import { AttemptRun } from './attempts.js';
import { DeadlineExceededError, ExecutionAbortedError } from './errors.js';
import { BACKING_OFF, DONE, WAITING } from './run-state.js';
import type { SerializedError } from './serialized-error.js';
import { serializeError } from './serialized-error.js';
import type { StepRecord } from './store.js';

const NONE: readonly string[] = [];

/** One execution driven by this engine: the top of the run layers. */
export class ExecutionRun extends AttemptRun {
  /** When nothing runs, is queued or waits for a retry: COMPLETED, PARTIAL or PAUSED. */
  settleIfIdle(): void {
    // (A settled or closed run is not pumped, and the pump is the only caller.)
    if (this.state.status !== 'RUNNING') return;
    if (this.running > 0 || this.queued > 0 || this.backingOff > 0 || this.draining) return;
    // Nothing runs, is queued or backs off: every open step is PAUSED (a step waiting for its
    // inputs has a predecessor that is still open, so one of the counts above is not 0).
    const failed: string[] = [];
    const missing = new Set<string>();
    let open = false;
    for (let i = 0; i < this.steps.length; i++) {
      const record = this.steps[i] as StepRecord;
      if (record.status === 'FAILED') failed.push(record.stepId);
      else if (record.status === 'PAUSED')
        for (const m of record.missingInputs ?? NONE) missing.add(m);
      if (this.sched[i] !== DONE) open = true;
    }
    if (open) {
      this.dispatch({ type: 'run.paused', missingInputs: [...missing].sort() });
    } else if (failed.length > 0) {
      this.dispatch({ type: 'run.partial', failedSteps: failed });
    } else {
      this.dispatch({ type: 'run.completed' });
    }
    this.after(() => this.finishWith(this.resultNow()));
  }

  /** Non-tolerated failure or deadline: every open step stops, the execution FAILED. */
  failExecution(error: SerializedError, stepId: string | undefined): void {
    if (this.terminal) return;
    this.sweep(true);
    this.dispatch({ type: 'run.failed', error, stepId });
    this.finishAfterSave();
  }

  cancel(reason: string | undefined): void {
    this.sweep(false);
    this.dispatch({ type: 'run.cancelled', reason });
    this.finishAfterSave();
  }

  /**
   * Moves every open step on, and empties the queue. Failing: RUNNING and RETRYING steps are
   * CANCELLED and the rest SKIPPED, reason `execution_failed`; cancelling: all CANCELLED.
   */
  private sweep(failing: boolean): void {
    for (let i = 0; i < this.steps.length; i++) {
      if (this.sched[i] === DONE) continue;
      const status = (this.steps[i] as StepRecord).status;
      if (!failing) this.dispatch({ type: 'step.cancelled', i, reason: 'cancelled' });
      else if (status === 'RUNNING' || status === 'RETRYING') {
        this.dispatch({ type: 'step.cancelled', i, reason: 'execution_failed' });
      } else this.dispatch({ type: 'step.skipped', i, reason: 'execution_failed' });
    }
    this.clearQueue();
    this.clearRetryTimers();
  }

  private finishAfterSave(): void {
    const reason = new ExecutionAbortedError(
      this.id,
      this.state.status === 'CANCELLED' ? 'cancelled' : 'execution_failed',
    );
    this.after(() => {
      this.abortAll(reason);
      this.finishWith(this.resultNow());
    });
  }

  /** Fails the execution when `deadlineMs` after its creation passed. */
  armDeadline(deadlineMs: number): void {
    const clock = this.engine.options.clock;
    const remaining = this.createdAt + deadlineMs - clock.now();
    this.deadlineTimer = clock.setTimeout(
      () =>
        this.guard('deadline', () => {
          this.deadlineTimer = undefined;
          this.expireDeadline(deadlineMs);
        }),
      Math.max(0, remaining),
    );
  }

  /** Fails the execution for its deadline unless it has ended, PAUSED or stopped writing. */
  expireDeadline(deadlineMs: number): void {
    // Settling clears the timer; a clock that cannot clear it finds the run ended or PAUSED.
    if (this.closed || this.state.status !== 'RUNNING') return;
    this.failExecution(serializeError(new DeadlineExceededError(this.id, deadlineMs)), undefined);
  }

  /**
   * Start, resume, recover: resolves edges out of terminal steps, then decides every open step in
   * declaration order — PENDING steps whose inputs are resolved are decided, PAUSED steps queued,
   * RETRYING steps (interrupted back-off) queued, RUNNING steps (interrupted attempt) counted as a
   * failed attempt.
   */
  bootstrap(): void {
    const n = this.nodes.length;
    const open: number[] = [];
    for (let i = 0; i < n; i++) {
      const record = this.steps[i] as StepRecord;
      if (record.status === 'COMPLETED') this.outputs[record.stepId] = record.output;
    }
    this.deferReady = true;
    for (let i = 0; i < n; i++) {
      if (this.sched[i] === DONE) this.propagate(i);
      else open.push(i);
    }
    this.deferReady = false;
    for (const i of open) {
      const status = (this.steps[i] as StepRecord).status;
      const sched = this.sched[i];
      // Decided already by an earlier step of this loop (a trigger completing, a skip propagating,
      // or the execution ending: its sweep leaves every step DONE).
      if (sched !== WAITING && sched !== BACKING_OFF) continue;
      if (status === 'PENDING') {
        if (this.unresolved[i] === 0) this.ready(i);
      } else if (status === 'RUNNING') this.interrupted(i);
      else this.enqueue(i); // PAUSED, RETRYING
    }
    this.requestSettle();
  }
}
