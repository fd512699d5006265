/**
 * Attempts of a step: calling the executor (after the RUNNING record is saved), the per-attempt
 * timeout, output checks, retries with back-off, the fallback service, and the interrupted attempt
 * a recovery finds.
 *
 * Deferred work (a launch after a save, a timeout, a back-off timer, an executor settling late)
 * re-checks the step's status and attempt before it acts: a step swept to CANCELLED in between is
 * left alone.
 *
 * @module
 */
import {
  ExecutorThrewError,
  SchemaValidationError,
  StepInterruptedError,
  StepTimeoutError,
  UnknownServiceError,
} from './errors.js';
import { toJsonOutput } from './json-output.js';
import { checkJsonSchema } from './json-schema-check.js';
import type { Executor, ExecutorContext } from './options.js';
import { isRetryable, retryDelay } from './retry.js';
import { BACKING_OFF, RUNNING } from './run-state.js';
import type { RunState } from './run-state.js';
import { SchedulingRun } from './scheduler.js';
import { serializeError } from './serialized-error.js';
import type { SerializedError } from './serialized-error.js';
import type { StepRecord } from './store.js';
import type { RetryPolicy, WorkflowNode } from './types.js';

/**
 * One running attempt, which is also the context its executor receives (one object per attempt).
 * Its AbortController is created lazily, when the executor first reads `signal` (most executors
 * never do); an abort before that is applied on creation.
 */
class Attempt implements ExecutorContext {
  controller: AbortController | undefined = undefined;
  reason: unknown = undefined;
  aborted = false;
  timer: unknown = undefined;

  constructor(
    readonly step: WorkflowNode,
    readonly params: Record<string, unknown>,
    readonly executionId: string,
    readonly attempt: number,
    readonly idempotencyKey: string,
    readonly fallback: boolean,
    readonly service: string,
    readonly depth: number,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A run that executes attempts. */
export abstract class AttemptRun extends SchedulingRun {
  readonly attempts: Array<Attempt | undefined>;

  constructor(...args: ConstructorParameters<typeof RunState>) {
    super(...args);
    this.attempts = [];
  }

  /** Fails the execution for a non-tolerated step failure or the deadline (execution-run.ts). */
  abstract failExecution(error: SerializedError, stepId: string | undefined): void;

  /** Runs one attempt of RUNNING step `i` (after the RUNNING record was saved). */
  launch(i: number): void {
    const record = this.steps[i] as StepRecord;
    // Cancelled or failed (and swept) between the RUNNING record and its save: nothing to run.
    if (this.sched[i] !== RUNNING) return;
    const node = this.nodes[i] as WorkflowNode;
    const preError = this.preErrors[i];
    if (preError !== undefined) {
      this.preErrors[i] = undefined;
      this.finishAttempt(i, record.attempt, false, preError);
      return;
    }
    const params = this.params[i] ?? (this.resolveParams(i).value as Record<string, unknown>);
    this.params[i] = undefined;
    // Defined here: a service-less step fails its precheck (preError above), and a fallback attempt
    // is only started for a step that names a fallback service.
    const service = (record.fallback ? node.fallbackService : node.service) as string;
    const executor: Executor | undefined = this.engine.lookup(service, node.action);
    if (executor === undefined) {
      this.finishAttempt(
        i,
        record.attempt,
        false,
        new UnknownServiceError(node.id, service, node.action),
      );
      return;
    }
    const attempt = record.attempt;
    const slot = new Attempt(
      node,
      params,
      this.id,
      attempt,
      `${this.id}:${node.id}`,
      record.fallback,
      service,
      this.depth,
    );
    this.attempts[i] = slot;
    // A normalised workflow may carry `timeoutMs: 0` (none); the definition forms drop it.
    if (node.timeoutMs !== undefined && node.timeoutMs > 0) {
      const timeoutMs = node.timeoutMs;
      slot.timer = this.engine.options.clock.setTimeout(() => {
        this.guard('timeout', () => {
          slot.timer = undefined;
          if (this.attempts[i] !== slot) return;
          const error = new StepTimeoutError(node.id, timeoutMs, attempt);
          slot.abort(error);
          this.settleAttempt(i, slot, attempt, false, error);
        });
      }, timeoutMs);
    }
    let pending: unknown;
    try {
      pending = executor(slot);
    } catch (error) {
      this.settleAttempt(i, slot, attempt, false, error);
      return;
    }
    if (isThenable(pending)) {
      pending.then(
        (value) =>
          this.guard('executor-settled', () => this.settleAttempt(i, slot, attempt, true, value)),
        (error: unknown) =>
          this.guard('executor-settled', () => this.settleAttempt(i, slot, attempt, false, error)),
      );
    } else {
      this.settleAttempt(i, slot, attempt, true, pending);
    }
  }

  /** An executor settled: applies the outcome unless the attempt is stale. */
  private settleAttempt(
    i: number,
    slot: Attempt,
    attempt: number,
    ok: boolean,
    value: unknown,
  ): void {
    if (this.attempts[i] !== slot) return;
    this.endAttempt(i);
    this.finishAttempt(i, attempt, ok, value);
  }

  /** Applies an attempt's outcome, then starts what the freed slot allows. */
  private finishAttempt(i: number, attempt: number, ok: boolean, value: unknown): void {
    const current = this.steps[i] as StepRecord;
    if (current.status !== 'RUNNING' || current.attempt !== attempt || this.terminal) return;
    if (ok) this.attemptSucceeded(i, value);
    else {
      const node = this.nodes[i] as WorkflowNode;
      this.attemptFailed(
        i,
        value instanceof Error ? value : new ExecutorThrewError(node.id, value),
      );
    }
    this.kick();
  }

  endAttempt(i: number, abortReason?: unknown): void {
    const slot = this.attempts[i];
    if (slot === undefined) return;
    this.attempts[i] = undefined;
    if (slot.timer !== undefined) this.engine.options.clock.clearTimeout(slot.timer);
    if (abortReason !== undefined) slot.abort(abortReason);
  }

  abortAll(reason: unknown): void {
    for (const i of this.attempts.keys()) this.endAttempt(i, reason);
  }

  attemptSucceeded(i: number, value: unknown): void {
    const node = this.nodes[i] as WorkflowNode;
    let output: unknown;
    try {
      output = toJsonOutput(node.id, value);
    } catch (error) {
      this.attemptFailed(i, error as Error);
      return;
    }
    if (node.outputSchema !== undefined) {
      const errors = checkJsonSchema(node.outputSchema, output);
      if (errors.length > 0) {
        this.attemptFailed(i, new SchemaValidationError(node.id, 'output', errors));
        return;
      }
    }
    this.dispatch({ type: 'step.completed', i, output });
    this.propagate(i);
    this.requestSettle();
  }

  /**
   * A failed attempt of RUNNING step `i`: retried after a back-off while its policy allows, then
   * its fallback service, then FAILED. `immediate` (a recovered attempt) skips the back-off.
   */
  attemptFailed(i: number, error: Error, immediate = false): void {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    const policy = this.compiled.policies[i] as RetryPolicy;
    const serialized = serializeError(error);
    if (record.attempt < policy.maxAttempts && isRetryable(error, policy)) {
      const delayMs = immediate
        ? 0
        : retryDelay(policy, record.attempt, this.engine.options.random);
      this.dispatch({ type: 'step.retrying', i, error: serialized, delayMs, toFallback: false });
      this.backOff(i, delayMs, immediate);
      return;
    }
    if (
      !record.fallback &&
      node.fallbackService !== undefined &&
      !(error instanceof SchemaValidationError && error.schemaType === 'input')
    ) {
      this.dispatch({ type: 'step.retrying', i, error: serialized, delayMs: 0, toFallback: true });
      this.backOff(i, 0, immediate);
      return;
    }
    this.finalFailure(i, error, true);
  }

  /** Recovery found step `i` RUNNING: its attempt was interrupted and counts as a failed one. */
  interrupted(i: number): void {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    this.attemptFailed(i, new StepInterruptedError(node.id, record.attempt), true);
  }

  private backOff(i: number, delayMs: number, immediate: boolean): void {
    if (immediate) this.enqueue(i);
    else this.after(() => this.wait(i, delayMs));
  }

  /** Arms the back-off timer of RETRYING step `i` (after its RETRYING record was saved). */
  wait(i: number, delayMs: number): void {
    // An ended execution has no step BACKING_OFF (its sweep moved them all on).
    if (this.sched[i] !== BACKING_OFF) return;
    this.retryTimers[i] = this.engine.options.clock.setTimeout(() => {
      this.guard('retry-timer', () => {
        this.retryTimers[i] = undefined;
        if (this.closed || this.sched[i] !== BACKING_OFF) return;
        this.enqueue(i);
      });
    }, delayMs);
  }

  finalFailure(i: number, error: Error, counted: boolean): void {
    const node = this.nodes[i] as WorkflowNode;
    const serialized = serializeError(error);
    this.dispatch({ type: 'step.failed', i, error: serialized, counted });
    if (node.continueOnError) {
      this.propagate(i);
      this.requestSettle();
      return;
    }
    this.failExecution(serialized, node.id);
  }
}
