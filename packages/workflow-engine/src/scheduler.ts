/**
 * The scheduler of a run: resolving edges out of finished steps, deciding whether a ready step
 * runs (join rule, own condition), the ready queue, and starting queued steps while slots are free.
 *
 * Invariants (checked by the reducer in run-state.ts):
 * - a step is in the queue iff its scheduling state is QUEUED; queueing a QUEUED step is a no-op;
 * - {@link SchedulingRun.drain} is never re-entered: work that queues steps from inside it only
 *   appends to the queue, which the running loop picks up;
 * - a step takes a slot only in the reducer's `step.started`, and frees it only in the reducer when
 *   it leaves RUNNING; after an attempt's outcome is applied the run calls {@link SchedulingRun.kick}.
 *
 * @module
 */
import { SchemaValidationError, UnknownServiceError } from './errors.js';
import type { SkipReason } from './events.js';
import { checkJsonSchema } from './json-schema-check.js';
import { PersistedRun } from './persistence.js';
import { resolveReferences } from './references.js';
import { QUEUED, WAITING } from './run-state.js';
import type { RunState } from './run-state.js';
import type { StepRecord } from './store.js';
import type { WorkflowNode } from './types.js';

const EDGE_ACTIVE = 1;
const EDGE_INACTIVE = 2;

/** A run with a scheduler. */
export abstract class SchedulingRun extends PersistedRun {
  /** Per edge: 0 unresolved, {@link EDGE_ACTIVE} or {@link EDGE_INACTIVE}. */
  readonly edgeState: Uint8Array;
  /** Per step: inbound edges not resolved yet. */
  readonly unresolved: Int32Array;
  readonly activeIn: Int32Array;
  readonly activeCompletedIn: Int32Array;
  readonly failedIn: Int32Array;
  readonly conditionFalseIn: Int32Array;
  /** The ready queue: a ring of step indices (each step is in it at most once). */
  private readonly queue: Int32Array;
  private queueHead = 0;
  queued = 0;
  draining = false;
  /** While true, steps whose inputs resolve are not decided yet (bootstrap decides them in order). */
  deferReady = false;
  /** Parameters resolved by `begin`, handed to the attempt it launches. */
  readonly params: Array<Record<string, unknown> | undefined>;
  /** A check that failed in `begin` for a step that still runs (it fails as its first attempt). */
  readonly preErrors: Array<Error | undefined>;

  constructor(...args: ConstructorParameters<typeof RunState>) {
    super(...args);
    const n = this.nodes.length;
    const csr = this.compiled.csr;
    this.edgeState = new Uint8Array(csr.edgeSource.length);
    this.unresolved = csr.inDegree.slice();
    this.activeIn = new Int32Array(n);
    this.activeCompletedIn = new Int32Array(n);
    this.failedIn = new Int32Array(n);
    this.conditionFalseIn = new Int32Array(n);
    this.queue = new Int32Array(Math.max(1, n));
    this.params = new Array<Record<string, unknown> | undefined>(n);
    this.preErrors = new Array<Error | undefined>(n);
  }

  /** A step's non-retried failure (attempts.ts). */
  abstract finalFailure(i: number, error: Error, counted: boolean): void;

  /** Resolves the outbound edges of terminal step `i` and decides targets that became ready. */
  propagate(i: number): void {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    const { csr, edgeOrdering, edgeCondition } = this.compiled;
    const completed = record.status === 'COMPLETED';
    const failed = record.status === 'FAILED';
    const done = completed || (failed && node.continueOnError);
    const end = csr.offsets[i + 1] as number;
    for (let k = csr.offsets[i] as number; k < end; k++) {
      const t = csr.targets[k] as number;
      const e = csr.edgeOf[k] as number;
      const left = (this.unresolved[t] as number) - 1;
      this.unresolved[t] = left;
      if ((this.steps[t] as StepRecord).status !== 'PENDING') {
        this.edgeState[e] = EDGE_INACTIVE;
        continue;
      }
      let active = edgeOrdering[e] === 1 || done;
      let conditionFalse = false;
      const condition = active ? edgeCondition[e] : undefined;
      if (condition !== undefined) {
        const r = condition.evaluate({ input: this.state.input, steps: this.outputs });
        if (!r.ok)
          this.diagnose(
            t,
            `condition of edge ${node.id} → ${(this.nodes[t] as WorkflowNode).id} failed (counted as false): ${r.error}`,
          );
        if (!r.ok || !r.value) {
          active = false;
          conditionFalse = true;
        }
      }
      this.edgeState[e] = active ? EDGE_ACTIVE : EDGE_INACTIVE;
      if (active) {
        this.activeIn[t] = (this.activeIn[t] as number) + 1;
        if (completed) this.activeCompletedIn[t] = (this.activeCompletedIn[t] as number) + 1;
      }
      if (failed) this.failedIn[t] = (this.failedIn[t] as number) + 1;
      if (conditionFalse) this.conditionFalseIn[t] = (this.conditionFalseIn[t] as number) + 1;
      if (left === 0 && !this.deferReady) this.ready(t);
    }
  }

  joinHolds(i: number): boolean {
    if (this.compiled.csr.inDegree[i] === 0) return true;
    switch ((this.nodes[i] as WorkflowNode).join) {
      case 'all_done':
        return true;
      case 'one_success':
        return (this.activeCompletedIn[i] as number) > 0;
      case 'none_failed_min_one_success':
        return this.failedIn[i] === 0 && (this.activeCompletedIn[i] as number) > 0;
      default:
        return (this.activeIn[i] as number) > 0;
    }
  }

  skipReason(i: number): SkipReason {
    if ((this.failedIn[i] as number) > 0) return 'upstream_failed';
    if ((this.conditionFalseIn[i] as number) > 0) return 'condition_false';
    return 'upstream_skipped';
  }

  skip(i: number, reason: SkipReason): void {
    this.dispatch({ type: 'step.skipped', i, reason });
    this.propagate(i);
  }

  /** Every inbound edge of WAITING, PENDING step `i` is resolved: skip it or queue it. */
  ready(i: number): void {
    if (this.terminal || this.sched[i] !== WAITING) return;
    if ((this.steps[i] as StepRecord).status !== 'PENDING') return;
    if (!this.joinHolds(i)) {
      this.skip(i, this.skipReason(i));
      return;
    }
    const own = this.compiled.ownCondition[i];
    if (own !== undefined) {
      const r = own.evaluate({ input: this.state.input, steps: this.outputs });
      if (!r.ok)
        this.diagnose(
          i,
          `condition of step ${(this.nodes[i] as WorkflowNode).id} failed (counted as false): ${r.error}`,
        );
      if (!r.ok || !r.value) {
        this.skip(i, 'condition_false');
        return;
      }
    }
    this.enqueue(i);
  }

  /** Queues step `i` (idempotent) and starts what the free slots allow. */
  enqueue(i: number): void {
    if (this.sched[i] === QUEUED) return;
    this.dispatch({ type: 'step.queued', i });
    const n = this.queue.length;
    let tail = this.queueHead + this.queued;
    if (tail >= n) tail -= n;
    this.queue[tail] = i;
    this.queued++;
    this.kick();
  }

  /** Starts queued steps unless the start loop is already running further up the stack. */
  kick(): void {
    if (!this.draining) this.drain();
  }

  /** Empties the queue after a sweep (every queued step left QUEUED there). */
  clearQueue(): void {
    this.queueHead = 0;
    this.queued = 0;
  }

  /** Starts queued steps while this run and the engine have free slots. Not re-entrant. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      const max = this.engine.options.maxConcurrency;
      while (this.queued > 0 && !this.terminal && !this.closed) {
        if (this.running >= max || !this.engine.acquire(this)) break;
        const i = this.queue[this.queueHead] as number;
        this.queueHead = this.queueHead + 1 === this.queue.length ? 0 : this.queueHead + 1;
        this.queued--;
        this.begin(i);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Starts QUEUED step `i` (PENDING, PAUSED or RETRYING): RUNNING with its executor launched after
   * the save; or COMPLETED at once (a trigger), PAUSED (missing input), FAILED (failed precheck).
   */
  begin(i: number): void {
    const record = this.steps[i] as StepRecord;
    if (record.status === 'RETRYING') {
      this.dispatch({
        type: 'step.started',
        i,
        attempt: record.attempt + 1,
        fallback: record.fallback,
        first: false,
      });
      this.launchAfterSave(i);
      return;
    }
    if (this.compiled.trigger[i] === 1 && record.status === 'PENDING') {
      this.dispatch({ type: 'step.triggered', i });
      this.propagate(i);
      this.requestSettle();
      return;
    }
    const resolved = this.resolveParams(i);
    if (resolved.missing.length > 0) {
      this.dispatch({ type: 'step.paused', i, missing: [...resolved.missing].sort() });
      this.requestSettle();
      return;
    }
    const params = resolved.value as Record<string, unknown>;
    const node = this.nodes[i] as WorkflowNode;
    const preError = this.precheck(i, params);
    const fallback = preError instanceof UnknownServiceError && node.fallbackService !== undefined;
    if (preError !== undefined && !fallback && record.status === 'PENDING') {
      this.finalFailure(i, preError, false);
      return;
    }
    this.dispatch({ type: 'step.started', i, attempt: 1, fallback, first: true });
    this.params[i] = params;
    // PAUSED → FAILED is not a transition: such a step fails as its first attempt.
    this.preErrors[i] = fallback ? undefined : preError;
    this.launchAfterSave(i);
  }

  private launchAfterSave(i: number): void {
    this.launches.push(i);
    this.schedulePump();
  }

  /** Check the end of the run once the current batch is saved. */
  requestSettle(): void {
    this.settleRequested = true;
    this.schedulePump();
  }

  /** Input-schema and executor lookup checks before any executor call. */
  precheck(i: number, params: Record<string, unknown>): Error | undefined {
    const node = this.nodes[i] as WorkflowNode;
    if (node.inputSchema !== undefined) {
      const errors = checkJsonSchema(node.inputSchema, params);
      if (errors.length > 0) return new SchemaValidationError(node.id, 'input', errors);
    }
    if (this.engine.lookup(node.service, node.action) === undefined) {
      return new UnknownServiceError(node.id, node.service ?? '', node.action);
    }
    return undefined;
  }

  /** The step's parameters with references resolved (an empty object needs no work). */
  resolveParams(i: number): { value: unknown; missing: string[] } {
    if (this.compiled.hasParams[i] === 0) return { value: {}, missing: NONE };
    return resolveReferences((this.nodes[i] as WorkflowNode).parameters, {
      input: this.state.input,
      outputs: this.outputs,
    });
  }
}

const NONE: string[] = [];
