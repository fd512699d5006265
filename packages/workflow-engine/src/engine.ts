import { createHash } from 'node:crypto';
import type { CompiledCondition } from './conditions.js';
import {
  ConcurrentModificationError,
  DeadlineExceededError,
  DuplicateExecutionError,
  EngineClosedError,
  ExecutionAbortedError,
  InvalidOptionError,
  ExecutorThrewError,
  SchemaValidationError,
  StepTimeoutError,
  UnknownExecutionError,
  UnknownServiceError,
} from './errors.js';
import { EventStream } from './event-stream.js';
import type { EngineEvent, SkipReason } from './events.js';
import { toJsonOutput } from './json-output.js';
import { checkJsonSchema } from './json-schema-check.js';
import type { EngineOptions, Executor, ResolvedEngineOptions } from './options.js';
import { resolveEngineOptions } from './options.js';
import { resolveReferences } from './references.js';
import { isRetryable, mergeRetryPolicy, retryDelay } from './retry.js';
import type { SerializedError } from './serialized-error.js';
import { serializeError } from './serialized-error.js';
import type { ExecutionStatus, StepStatus } from './statuses.js';
import type { ExecutionSnapshot, ExecutionState, SaveRequest, StepRecord } from './store.js';
import {
  EXECUTION_TRANSITIONS,
  STEP_TRANSITIONS,
  TERMINAL_EXECUTION_STATUSES,
  TERMINAL_STEP_STATUSES,
} from './transitions.js';
import { IllegalTransitionError } from './errors.js';
import type { RetryPolicy, Workflow, WorkflowNode } from './types.js';
import { assertValidWorkflow } from './validate-workflow.js';

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
  /** Continues an execution left RUNNING (or PENDING) by a crashed engine; `false` otherwise. */
  recover(executionId: string): Promise<Run | false>;
  /** The stored snapshot. */
  get(executionId: string): Promise<ExecutionSnapshot>;
  /** Aborts running work (left recoverable in the store), waits for pending writes. */
  close(): Promise<void>;
}

const enum Edge {
  Unresolved = 0,
  Active = 1,
  Inactive = 2,
}

type StepEventPayload = EngineEvent extends infer E
  ? E extends { stepId: string; type: `step.${string}` }
    ? Omit<E, 'executionId' | 'seq' | 'at' | 'stepId' | 'diagnostics'>
    : never
  : never;
type ExecutionEventPayload = EngineEvent extends infer E
  ? E extends { type: `execution.${string}` }
    ? Omit<E, 'executionId' | 'seq' | 'at'>
    : never
  : never;

interface Batch {
  steps: Map<number, StepRecord>;
  execution: boolean;
  events: EngineEvent[];
  actions: Array<() => void>;
}

/**
 * One running attempt. Its AbortController is created lazily, when the executor first reads
 * `ctx.signal` (most executors never do); an abort before that is remembered and applied on creation.
 * Attempts are linked to their execution by hand: `abortAll` walks the live attempts.
 */
class Attempt {
  controller: AbortController | undefined;
  reason: unknown;
  aborted = false;
  timer: unknown;

  signal(): AbortSignal {
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

/**
 * SHA-256 (hex) of the JSON of a normalised definition (normalisation fixes the key order, so equal
 * definitions hash equally).
 */
export function hashDefinition(workflow: Workflow): string {
  return createHash('sha256').update(JSON.stringify(workflow)).digest('hex');
}

/** The in-memory state of one execution while this engine drives it. */
class ExecutionRun {
  readonly id: string;
  readonly workflow: Workflow;
  readonly nodes: WorkflowNode[];
  readonly index = new Map<string, number>();
  readonly out: number[][];
  readonly inbound: number[];
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  readonly edgeOrdering: Uint8Array;
  readonly edgeCondition: Array<CompiledCondition | undefined>;
  readonly edgeState: Uint8Array;
  readonly unresolved: Int32Array;
  readonly activeIn: Int32Array;
  readonly activeCompletedIn: Int32Array;
  readonly failedIn: Int32Array;
  readonly conditionFalseIn: Int32Array;
  readonly ownCondition: Array<CompiledCondition | undefined>;
  readonly policies: RetryPolicy[];
  readonly steps: StepRecord[];
  readonly diagnostics: Array<string[] | undefined>;
  readonly attempts: Array<Attempt | undefined>;
  readonly retryTimers = new Map<number, unknown>();
  readonly outputs: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly queue: number[] = [];
  queueHead = 0;
  running = 0;
  state: ExecutionState;
  version: number;
  lastSeq: number;
  readonly createdAt: number;
  readonly depth: number;
  batch: Batch = { steps: new Map(), execution: false, events: [], actions: [] };
  pumping = false;
  deferReady = false;
  inflight: Promise<unknown> | undefined;
  settled = false;
  closed = false;
  failedStepId: string | undefined;
  cancelReason: string | undefined;
  deadlineTimer: unknown;
  readonly stream = new EventStream<EngineEvent>();
  readonly result: Promise<ExecutionResult>;
  resolveResult!: (r: ExecutionResult) => void;
  rejectResult!: (e: unknown) => void;
  unlinkSignal: (() => void) | undefined;

  constructor(
    readonly engine: EngineImpl,
    snapshot: ExecutionSnapshot,
    depth: number,
  ) {
    this.id = snapshot.executionId;
    this.workflow = snapshot.definition;
    this.nodes = this.workflow.nodes;
    this.createdAt = snapshot.createdAt;
    this.depth = depth;
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
    const options = engine.options;
    this.nodes.forEach((node, i) => this.index.set(node.id, i));
    const edges = this.workflow.edges;
    const m = edges.length;
    this.out = Array.from({ length: n }, () => []);
    this.inbound = new Array<number>(n).fill(0);
    this.edgeSource = new Int32Array(m);
    this.edgeTarget = new Int32Array(m);
    this.edgeOrdering = new Uint8Array(m);
    this.edgeState = new Uint8Array(m);
    this.edgeCondition = new Array<CompiledCondition | undefined>(m);
    this.unresolved = new Int32Array(n);
    this.activeIn = new Int32Array(n);
    this.activeCompletedIn = new Int32Array(n);
    this.failedIn = new Int32Array(n);
    this.conditionFalseIn = new Int32Array(n);
    const compiled = new Map<string, CompiledCondition | undefined>();
    const compile = (source: string | undefined): CompiledCondition | undefined => {
      if (source === undefined || source.trim() === '') return undefined;
      if (compiled.has(source)) return compiled.get(source);
      const r = options.conditions.compile(source);
      const c: CompiledCondition = r.ok
        ? r.condition
        : { source, evaluate: () => ({ ok: false, error: r.message }) };
      compiled.set(source, c);
      return c;
    };
    for (let e = 0; e < m; e++) {
      const edge = edges[e] as Workflow['edges'][number];
      const s = this.index.get(edge.source) as number;
      const t = this.index.get(edge.target) as number;
      this.edgeSource[e] = s;
      this.edgeTarget[e] = t;
      this.edgeOrdering[e] = edge.kind === 'ordering' ? 1 : 0;
      this.edgeCondition[e] = compile(edge.condition);
      (this.out[s] as number[]).push(e);
      this.unresolved[t] = (this.unresolved[t] as number) + 1;
      this.inbound[t] = (this.inbound[t] as number) + 1;
    }
    this.ownCondition = this.nodes.map((node) => compile(node.condition));
    this.policies = this.nodes.map((node) => mergeRetryPolicy(options.retry, node.retry));
    this.steps = this.nodes.map((node) => snapshot.steps[node.id] as StepRecord);
    this.diagnostics = new Array<string[] | undefined>(n);
    this.attempts = new Array<Attempt | undefined>(n);
    this.result = new Promise<ExecutionResult>((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    this.result.catch(() => undefined);
  }

  handle(): Run {
    return { executionId: this.id, events: this.stream, result: this.result };
  }

  get terminal(): boolean {
    return TERMINAL_EXECUTION_STATUSES.has(this.state.status);
  }

  now(): number {
    return this.engine.options.clock.now();
  }

  // ----- transitions -------------------------------------------------------------------------

  setExecution(
    status: ExecutionStatus,
    payload: ExecutionEventPayload,
    patch: Partial<ExecutionState> = {},
  ): void {
    const from = this.state.status;
    if (!(EXECUTION_TRANSITIONS[from] as readonly string[]).includes(status)) {
      throw new IllegalTransitionError('execution', from, status);
    }
    const at = this.now();
    this.state = { ...this.state, ...patch, status, updatedAt: at };
    this.batch.execution = true;
    this.batch.events.push({
      ...payload,
      executionId: this.id,
      seq: ++this.lastSeq,
      at,
    });
    this.schedulePump();
  }

  setStep(
    i: number,
    status: StepStatus,
    patch: Partial<StepRecord>,
    payload: StepEventPayload,
  ): StepRecord {
    const prev = this.steps[i] as StepRecord;
    if (!(STEP_TRANSITIONS[prev.status] as readonly string[]).includes(status)) {
      throw new IllegalTransitionError('step', prev.status, status);
    }
    const at = this.now();
    const record: StepRecord = { ...prev, ...patch, status, updatedAt: at };
    this.steps[i] = record;
    this.batch.steps.set(i, record);
    const diagnostics = this.diagnostics[i];
    const event = {
      ...payload,
      executionId: this.id,
      seq: ++this.lastSeq,
      at,
      stepId: prev.stepId,
    } as EngineEvent & { diagnostics?: string[] };
    if (diagnostics !== undefined) {
      event.diagnostics = diagnostics;
      this.diagnostics[i] = undefined;
    }
    this.batch.events.push(event);
    this.schedulePump();
    return record;
  }

  /** A record change without a status change (no event). */
  touchStep(i: number, patch: Partial<StepRecord>): void {
    const record: StepRecord = {
      ...(this.steps[i] as StepRecord),
      ...patch,
      updatedAt: this.now(),
    };
    this.steps[i] = record;
    this.batch.steps.set(i, record);
    this.schedulePump();
  }

  after(action: () => void): void {
    this.batch.actions.push(action);
    this.schedulePump();
  }

  // ----- persistence ------------------------------------------------------------------------

  schedulePump(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    queueMicrotask(() => void this.pump());
  }

  async pump(): Promise<void> {
    const store = this.engine.options.store;
    while (!this.closed) {
      const batch = this.batch;
      if (
        batch.steps.size === 0 &&
        !batch.execution &&
        batch.events.length === 0 &&
        batch.actions.length === 0
      )
        break;
      this.batch = { steps: new Map(), execution: false, events: [], actions: [] };
      if (batch.steps.size > 0 || batch.execution || batch.events.length > 0) {
        const request: SaveRequest = {
          executionId: this.id,
          changedSteps: [...batch.steps.values()],
          events: batch.events,
        };
        if (batch.execution) request.execution = this.state;
        try {
          const saving = store.save(request, this.version);
          this.inflight = saving;
          this.version = await saving;
        } catch (error) {
          this.pumping = false;
          await this.onSaveError(error);
          return;
        }
        if (this.closed) break;
        for (const event of batch.events) this.emit(event);
      }
      for (const action of batch.actions) action();
    }
    this.pumping = false;
  }

  emit(event: EngineEvent): void {
    this.stream.push(event);
    const listener = this.engine.options.onEvent;
    if (listener !== undefined) {
      try {
        listener(event);
      } catch {
        // A throwing listener never changes a status.
      }
    }
  }

  async onSaveError(error: unknown): Promise<void> {
    this.abortAll(new ExecutionAbortedError(this.id, 'conflict'));
    this.closed = true;
    if (error instanceof ConcurrentModificationError) {
      let stored: ExecutionSnapshot | undefined;
      try {
        stored = await this.engine.options.store.load(this.id);
      } catch {
        stored = undefined;
      }
      if (stored !== undefined && TERMINAL_EXECUTION_STATUSES.has(stored.status)) {
        this.finishWith(resultFromSnapshot(stored));
        return;
      }
    }
    this.fail(error);
  }

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

  cleanup(): void {
    const clock = this.engine.options.clock;
    for (const timer of this.retryTimers.values()) clock.clearTimeout(timer);
    this.retryTimers.clear();
    if (this.deadlineTimer !== undefined) clock.clearTimeout(this.deadlineTimer);
    this.unlinkSignal?.();
    this.engine.release(this);
  }

  abortAll(reason: unknown): void {
    for (let i = 0; i < this.attempts.length; i++) this.endAttempt(i, reason);
  }

  // ----- scheduling -------------------------------------------------------------------------

  /** Resolves the outbound edges of terminal step `i` and processes targets that became ready. */
  propagate(i: number): void {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    const done =
      record.status === 'COMPLETED' || (record.status === 'FAILED' && node.continueOnError);
    for (const e of this.out[i] as number[]) {
      const t = this.edgeTarget[e] as number;
      if ((this.steps[t] as StepRecord).status !== 'PENDING') {
        this.unresolved[t] = (this.unresolved[t] as number) - 1;
        this.edgeState[e] = Edge.Inactive;
        continue;
      }
      let active = this.edgeOrdering[e] === 1 || done;
      let conditionFalse = false;
      if (active) {
        const condition = this.edgeCondition[e];
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
      }
      this.edgeState[e] = active ? Edge.Active : Edge.Inactive;
      if (active) {
        this.activeIn[t] = (this.activeIn[t] as number) + 1;
        if (record.status === 'COMPLETED')
          this.activeCompletedIn[t] = (this.activeCompletedIn[t] as number) + 1;
      }
      if (record.status === 'FAILED') this.failedIn[t] = (this.failedIn[t] as number) + 1;
      if (conditionFalse) this.conditionFalseIn[t] = (this.conditionFalseIn[t] as number) + 1;
      const left = (this.unresolved[t] as number) - 1;
      this.unresolved[t] = left;
      if (left === 0 && !this.deferReady) this.ready(t);
    }
  }

  diagnose(i: number, message: string): void {
    const list = this.diagnostics[i];
    if (list === undefined) this.diagnostics[i] = [message];
    else list.push(message);
  }

  joinHolds(i: number): boolean {
    if (this.inbound[i] === 0) return true;
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
    this.setStep(i, 'SKIPPED', { skipReason: reason }, { type: 'step.skipped', reason });
    this.propagate(i);
  }

  /** Every inbound edge of PENDING step `i` is resolved: decide, and queue it if it runs. */
  ready(i: number): void {
    if (this.terminal) return;
    if (!this.joinHolds(i)) {
      this.skip(i, this.skipReason(i));
      return;
    }
    const own = this.ownCondition[i];
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

  enqueue(i: number): void {
    this.queue.push(i);
    this.drain();
  }

  /** Starts queued steps while slots are free. */
  drain(): void {
    const engine = this.engine;
    const max = engine.options.maxConcurrency;
    while (this.queueHead < this.queue.length && !this.terminal) {
      if (this.running >= max) return;
      if (!engine.acquire(this)) return;
      const i = this.queue[this.queueHead++] as number;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      if (!this.begin(i)) engine.releaseSlot(this);
    }
  }

  /** Takes step `i` (PENDING, PAUSED or RETRYING) to RUNNING. False when it did not take the slot. */
  begin(i: number): boolean {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    if (record.status === 'RETRYING') {
      const attempt = record.attempt + 1;
      this.setStep(
        i,
        'RUNNING',
        { attempt },
        { type: 'step.started', attempt, fallback: record.fallback },
      );
      this.running++;
      this.after(() => this.launch(i));
      return true;
    }
    if (this.isTrigger(i) && record.status === 'PENDING') {
      // A trigger without a service completes at once with the execution input (no slot kept).
      this.setStep(
        i,
        'RUNNING',
        { attempt: 1 },
        { type: 'step.started', attempt: 1, fallback: false },
      );
      this.complete(i, this.state.input, false);
      return false;
    }
    const resolved = this.resolveParams(i);
    if (resolved.missing.length > 0) {
      const missing = [...resolved.missing].sort();
      if (record.status === 'PAUSED') this.touchStep(i, { missingInputs: missing });
      else this.setStep(i, 'PAUSED', { missingInputs: missing }, { type: 'step.paused', missing });
      this.after(() => this.settleIfIdle());
      return false;
    }
    const params = resolved.value as Record<string, unknown>;
    const preError = this.precheck(i, params);
    const fallback = preError instanceof UnknownServiceError && node.fallbackService !== undefined;
    if (preError !== undefined && !fallback && record.status === 'PENDING') {
      this.finalFailure(i, preError);
      return false;
    }
    this.setStep(
      i,
      'RUNNING',
      { attempt: 1, fallback, missingInputs: [] },
      { type: 'step.started', attempt: 1, fallback },
    );
    this.running++;
    if (preError !== undefined && !fallback) {
      this.after(() => this.attemptFailed(i, preError));
    } else {
      this.after(() => this.launch(i, params));
    }
    return true;
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
    const parameters = (this.nodes[i] as WorkflowNode).parameters;
    for (const _ in parameters) {
      return resolveReferences(parameters, { input: this.state.input, outputs: this.outputs });
    }
    return { value: {}, missing: [] };
  }

  params(i: number): Record<string, unknown> {
    return this.resolveParams(i).value as Record<string, unknown>;
  }

  /** Runs one attempt of RUNNING step `i` (after the RUNNING record was saved). */
  launch(i: number, params: Record<string, unknown> = this.params(i)): void {
    const record = this.steps[i] as StepRecord;
    if (record.status !== 'RUNNING' || this.terminal) return;
    const node = this.nodes[i] as WorkflowNode;
    const service = record.fallback ? (node.fallbackService as string) : (node.service ?? '');
    const executor: Executor | undefined = record.fallback
      ? this.engine.lookup(node.fallbackService, node.action)
      : this.engine.lookup(node.service, node.action);
    if (executor === undefined) {
      this.attemptFailed(i, new UnknownServiceError(node.id, service, node.action));
      return;
    }
    const { attempt } = record;
    const slot = new Attempt();
    this.attempts[i] = slot;
    const settle = (ok: boolean, value: unknown): void => {
      if (this.attempts[i] !== slot) return;
      this.endAttempt(i);
      const current = this.steps[i] as StepRecord;
      if (current.status !== 'RUNNING' || current.attempt !== attempt || this.terminal) return;
      if (ok) this.attemptSucceeded(i, value);
      else
        this.attemptFailed(
          i,
          value instanceof Error ? value : new ExecutorThrewError(node.id, value),
        );
    };
    if (node.timeoutMs !== undefined && node.timeoutMs > 0) {
      const timeoutMs = node.timeoutMs;
      slot.timer = this.engine.options.clock.setTimeout(() => {
        slot.timer = undefined;
        const error = new StepTimeoutError(node.id, timeoutMs, attempt);
        slot.abort(error);
        settle(false, error);
      }, timeoutMs);
    }
    let pending: unknown;
    try {
      pending = executor({
        step: node,
        params,
        executionId: this.id,
        attempt,
        get signal(): AbortSignal {
          return slot.signal();
        },
        idempotencyKey: `${this.id}:${node.id}`,
        fallback: record.fallback,
        service,
        depth: this.depth,
      });
    } catch (error) {
      settle(false, error);
      return;
    }
    if (
      pending !== null &&
      typeof pending === 'object' &&
      typeof (pending as { then?: unknown }).then === 'function'
    ) {
      (pending as PromiseLike<unknown>).then(
        (value) => settle(true, value),
        (error: unknown) => settle(false, error),
      );
    } else {
      settle(true, pending);
    }
  }

  endAttempt(i: number, abortReason?: unknown): void {
    const slot = this.attempts[i];
    if (slot === undefined) return;
    this.attempts[i] = undefined;
    if (slot.timer !== undefined) this.engine.options.clock.clearTimeout(slot.timer);
    if (abortReason !== undefined) slot.abort(abortReason);
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
    this.complete(i, output, (this.steps[i] as StepRecord).fallback);
  }

  complete(i: number, output: unknown, fallbackUsed: boolean): void {
    const record = this.steps[i] as StepRecord;
    this.setStep(
      i,
      'COMPLETED',
      { output, fallbackUsed, attempts: record.attempts + (this.isTrigger(i) ? 0 : 1) },
      {
        type: 'step.completed',
        attempt: record.attempt,
        fallbackUsed,
      },
    );
    this.outputs[record.stepId] = output;
    if (!this.isTrigger(i)) this.releaseRunning();
    this.propagate(i);
    this.after(() => this.settleIfIdle());
  }

  isTrigger(i: number): boolean {
    const node = this.nodes[i] as WorkflowNode;
    return node.service === undefined && node.type === 'trigger';
  }

  releaseRunning(): void {
    this.running--;
    this.engine.releaseSlot(this);
    this.drain();
  }

  attemptFailed(i: number, error: Error): void {
    const record = this.steps[i] as StepRecord;
    const node = this.nodes[i] as WorkflowNode;
    const policy = this.policies[i] as RetryPolicy;
    const attempts = record.attempts + 1;
    const serialized = serializeError(error);
    if (record.attempt < policy.maxAttempts && isRetryable(error, policy)) {
      const delayMs = retryDelay(policy, record.attempt, this.engine.options.random);
      this.setStep(
        i,
        'RETRYING',
        { attempts, error: serialized },
        {
          type: 'step.retrying',
          attempt: record.attempt,
          delayMs,
          error: serialized,
          fallback: record.fallback,
        },
      );
      this.releaseRunning();
      this.after(() => this.wait(i, delayMs));
      return;
    }
    if (
      !record.fallback &&
      node.fallbackService !== undefined &&
      !(error instanceof SchemaValidationError && error.schemaType === 'input')
    ) {
      this.setStep(
        i,
        'RETRYING',
        { attempts, error: serialized, fallback: true, attempt: 0 },
        {
          type: 'step.retrying',
          attempt: record.attempt,
          delayMs: 0,
          error: serialized,
          fallback: true,
        },
      );
      this.releaseRunning();
      this.after(() => this.wait(i, 0));
      return;
    }
    this.running--;
    this.engine.releaseSlot(this);
    this.finalFailure(i, error, attempts);
    this.drain();
  }

  wait(i: number, delayMs: number): void {
    if (this.terminal || (this.steps[i] as StepRecord).status !== 'RETRYING') return;
    const timer = this.engine.options.clock.setTimeout(() => {
      this.retryTimers.delete(i);
      if (this.terminal || this.closed) return;
      this.enqueue(i);
    }, delayMs);
    this.retryTimers.set(i, timer);
  }

  finalFailure(i: number, error: Error, attempts?: number): void {
    const node = this.nodes[i] as WorkflowNode;
    const serialized = serializeError(error);
    const patch: Partial<StepRecord> = { error: serialized };
    if (attempts !== undefined) patch.attempts = attempts;
    this.setStep(i, 'FAILED', patch, {
      type: 'step.failed',
      error: serialized,
      tolerated: node.continueOnError,
    });
    if (node.continueOnError) {
      this.propagate(i);
      this.after(() => this.settleIfIdle());
      return;
    }
    this.failedStepId = node.id;
    this.failExecution(serialized, node.id);
  }

  /** Non-tolerated failure or deadline: abort everything, FAILED. */
  failExecution(error: SerializedError, stepId: string | undefined): void {
    if (this.terminal) return;
    this.sweep(
      (status) => (status === 'RUNNING' || status === 'RETRYING' ? 'CANCELLED' : 'SKIPPED'),
      'execution_failed',
    );
    const payload: ExecutionEventPayload =
      stepId === undefined
        ? { type: 'execution.failed', error }
        : { type: 'execution.failed', error, stepId };
    this.setExecution('FAILED', payload, { error });
    this.finishAfterSave();
  }

  cancel(reason: string | undefined): void {
    this.cancelReason = reason;
    this.sweep(() => 'CANCELLED', 'cancelled');
    const payload: ExecutionEventPayload =
      reason === undefined
        ? { type: 'execution.cancelled' }
        : { type: 'execution.cancelled', reason };
    this.setExecution(
      'CANCELLED',
      payload,
      reason === undefined ? {} : { error: { name: 'Cancelled', message: reason } },
    );
    this.finishAfterSave();
  }

  /** Moves every non-terminal step to CANCELLED or SKIPPED (reason `execution_failed`). */
  sweep(target: (status: StepStatus) => 'CANCELLED' | 'SKIPPED', reason: string): void {
    for (let i = 0; i < this.steps.length; i++) {
      const record = this.steps[i] as StepRecord;
      if (TERMINAL_STEP_STATUSES.has(record.status)) continue;
      const to = target(record.status);
      if (to === 'SKIPPED') {
        this.setStep(
          i,
          'SKIPPED',
          { skipReason: 'execution_failed' },
          { type: 'step.skipped', reason: 'execution_failed' },
        );
      } else {
        if (record.status === 'RUNNING') {
          this.running--;
          this.engine.releaseSlot(this);
        }
        this.setStep(i, 'CANCELLED', {}, { type: 'step.cancelled', reason });
      }
    }
    this.queue.length = 0;
    this.queueHead = 0;
    const clock = this.engine.options.clock;
    for (const timer of this.retryTimers.values()) clock.clearTimeout(timer);
    this.retryTimers.clear();
  }

  finishAfterSave(): void {
    const reason = new ExecutionAbortedError(
      this.id,
      this.state.status === 'CANCELLED' ? 'cancelled' : 'execution_failed',
    );
    this.after(() => {
      this.abortAll(reason);
      this.finishWith(this.resultNow());
    });
  }

  /** When nothing runs, is queued or waits for a retry: COMPLETED, PARTIAL or PAUSED. */
  settleIfIdle(): void {
    if (this.terminal || this.settled || this.state.status !== 'RUNNING') return;
    if (this.running > 0 || this.queueHead < this.queue.length || this.retryTimers.size > 0) return;
    const failed: string[] = [];
    const missing = new Set<string>();
    let open = false;
    for (const record of this.steps) {
      if (record.status === 'FAILED') failed.push(record.stepId);
      else if (record.status === 'PAUSED')
        for (const m of record.missingInputs ?? []) missing.add(m);
      else if (record.status === 'RETRYING' || record.status === 'RUNNING') return;
      if (!TERMINAL_STEP_STATUSES.has(record.status)) open = true;
    }
    if (open) {
      if (missing.size === 0) return;
      const missingInputs = [...missing].sort();
      this.setExecution('PAUSED', { type: 'execution.paused', missingInputs }, { missingInputs });
    } else if (failed.length > 0) {
      this.setExecution('PARTIAL', { type: 'execution.partial', failedSteps: failed });
    } else {
      this.setExecution('COMPLETED', { type: 'execution.completed' });
    }
    this.after(() => this.finishWith(this.resultNow()));
  }

  resultNow(): ExecutionResult {
    return buildResult(this.id, this.state, this.steps, this.cancelReason, this.failedStepId);
  }

  // ----- entry points -----------------------------------------------------------------------

  /** Resolves edges out of already terminal steps and queues what is ready (start, resume, recover). */
  bootstrap(): void {
    const n = this.nodes.length;
    for (let i = 0; i < n; i++) {
      const record = this.steps[i] as StepRecord;
      if (record.status === 'COMPLETED') this.outputs[record.stepId] = record.output;
    }
    const waiting: number[] = [];
    for (let i = 0; i < n; i++) {
      const record = this.steps[i] as StepRecord;
      if (TERMINAL_STEP_STATUSES.has(record.status)) {
        this.deferReady = true;
        this.propagate(i);
        this.deferReady = false;
      } else waiting.push(i);
    }
    const initial = waiting.map((i) => (this.steps[i] as StepRecord).status);
    for (let k = 0; k < waiting.length; k++) {
      const i = waiting[k] as number;
      const record = this.steps[i] as StepRecord;
      if (this.terminal) return;
      // A step moved by an earlier iteration (a PENDING step that became ready) is done.
      if (record.status !== initial[k]) continue;
      switch (record.status) {
        case 'PENDING':
          if (this.unresolved[i] === 0) this.ready(i);
          break;
        case 'PAUSED':
          this.enqueue(i);
          break;
        case 'RUNNING':
          this.setStep(
            i,
            'RETRYING',
            {},
            {
              type: 'step.retrying',
              attempt: record.attempt,
              delayMs: 0,
              error: { name: 'Recovered', message: 'the engine running this attempt stopped' },
              fallback: record.fallback,
            },
          );
          this.enqueue(i);
          break;
        default:
          // RETRYING: the back-off was interrupted; run the next attempt now.
          this.enqueue(i);
      }
    }
    this.after(() => this.settleIfIdle());
  }
}

function buildResult(
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

function resultFromSnapshot(snapshot: ExecutionSnapshot): ExecutionResult {
  const steps = Object.values(snapshot.steps);
  const failing = steps.find((s) => s.status === 'FAILED' && snapshot.status === 'FAILED');
  return buildResult(snapshot.executionId, snapshot, steps, undefined, failing?.stepId);
}

function initialStep(stepId: string, at: number): StepRecord {
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

class EngineImpl implements Engine {
  readonly options: ResolvedEngineOptions;
  readonly runs = new Map<string, ExecutionRun>();
  readonly known = new Set<string>();
  readonly waiting: ExecutionRun[] = [];
  globalRunning = 0;
  closed = false;

  constructor(options: EngineOptions | undefined) {
    this.options = resolveEngineOptions(options);
  }

  lookup(service: string | undefined, action: string | undefined): Executor | undefined {
    if (service === undefined) return undefined;
    const executors = this.options.executors;
    if (action !== undefined) {
      const key = `${service}.${action}`;
      if (Object.hasOwn(executors, key)) return executors[key];
    }
    return Object.hasOwn(executors, service) ? executors[service] : undefined;
  }

  acquire(run: ExecutionRun): boolean {
    if (this.globalRunning >= this.options.globalConcurrency) {
      if (!this.waiting.includes(run)) this.waiting.push(run);
      return false;
    }
    this.globalRunning++;
    return true;
  }

  releaseSlot(_run: ExecutionRun): void {
    this.globalRunning--;
    if (this.waiting.length > 0 && this.globalRunning < this.options.globalConcurrency) {
      const next = this.waiting.shift() as ExecutionRun;
      queueMicrotask(() => next.drain());
    }
  }

  release(run: ExecutionRun): void {
    if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    const w = this.waiting.indexOf(run);
    if (w >= 0) this.waiting.splice(w, 1);
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineClosedError();
  }

  private activate(run: ExecutionRun, signal: AbortSignal | undefined, begin: () => void): Run {
    this.runs.set(run.id, run);
    if (signal !== undefined) {
      const onAbort = (): void => {
        void this.cancel(
          run.id,
          signal.reason instanceof Error ? signal.reason.message : 'aborted',
        ).catch(() => undefined);
      };
      if (signal.aborted) queueMicrotask(onAbort);
      else {
        signal.addEventListener('abort', onAbort, { once: true });
        run.unlinkSignal = () => signal.removeEventListener('abort', onAbort);
      }
    }
    const deadline = this.options.deadlineMs;
    if (deadline !== undefined) {
      const remaining = run.createdAt + deadline - this.options.clock.now();
      run.deadlineTimer = this.options.clock.setTimeout(
        () => {
          run.deadlineTimer = undefined;
          if (run.terminal || run.settled || run.closed || run.state.status !== 'RUNNING') return;
          run.failExecution(serializeError(new DeadlineExceededError(run.id, deadline)), undefined);
        },
        Math.max(0, remaining),
      );
    }
    begin();
    return run.handle();
  }

  start(definition: unknown, options: StartOptions = {}): Run {
    this.assertOpen();
    if (
      options.input !== undefined &&
      (typeof options.input !== 'object' || options.input === null || Array.isArray(options.input))
    ) {
      throw new InvalidOptionError('input', 'a JSON object', options.input);
    }
    const workflow = assertValidWorkflow(definition, { conditions: this.options.conditions });
    const executionId = options.executionId ?? this.options.generateId();
    if (this.known.has(executionId)) throw new DuplicateExecutionError(executionId);
    this.known.add(executionId);
    const at = this.options.clock.now();
    const steps: Record<string, StepRecord> = {};
    for (const node of workflow.nodes) steps[node.id] = initialStep(node.id, at);
    const snapshot: ExecutionSnapshot = {
      executionId,
      workflowId: workflow.id,
      definition: workflow,
      definitionHash: hashDefinition(workflow),
      createdAt: at,
      status: 'PENDING',
      input: { ...(options.input ?? {}) },
      error: null,
      missingInputs: [],
      updatedAt: at,
      steps,
      version: 1,
      lastSeq: 0,
    };
    const run = new ExecutionRun(this, snapshot, options.depth ?? 0);
    run.pumping = true; // no save before create
    return this.activate(run, options.signal, () => {
      this.options.store.create(snapshot).then(
        () => {
          run.pumping = false;
          if (run.state.status !== 'PENDING' || run.closed) {
            run.schedulePump();
            return;
          }
          run.setExecution('RUNNING', { type: 'execution.started' });
          run.bootstrap();
        },
        (error: unknown) => {
          run.closed = true;
          run.fail(error);
        },
      );
    });
  }

  private async load(executionId: string): Promise<ExecutionSnapshot> {
    const snapshot = await this.options.store.load(executionId);
    if (snapshot === undefined) throw new UnknownExecutionError(executionId);
    return snapshot;
  }

  async resume(
    executionId: string,
    options: { input?: Record<string, unknown> } = {},
  ): Promise<Run | false> {
    this.assertOpen();
    const active = this.runs.get(executionId);
    if (active !== undefined && !active.settled) return false;
    const snapshot = await this.load(executionId);
    if (snapshot.status !== 'PAUSED' || this.runs.has(executionId)) return false;
    const run = new ExecutionRun(this, snapshot, 0);
    return this.activate(run, undefined, () => {
      run.setExecution(
        'RUNNING',
        { type: 'execution.resumed' },
        {
          input: { ...snapshot.input, ...(options.input ?? {}) },
          missingInputs: [],
        },
      );
      run.bootstrap();
    });
  }

  async recover(executionId: string): Promise<Run | false> {
    this.assertOpen();
    if (this.runs.has(executionId)) return false;
    const snapshot = await this.load(executionId);
    if (
      (snapshot.status !== 'RUNNING' && snapshot.status !== 'PENDING') ||
      this.runs.has(executionId)
    )
      return false;
    const run = new ExecutionRun(this, snapshot, 0);
    return this.activate(run, undefined, () => {
      if (snapshot.status === 'PENDING') run.setExecution('RUNNING', { type: 'execution.started' });
      run.bootstrap();
    });
  }

  async cancel(executionId: string, reason?: string): Promise<boolean> {
    const active = this.runs.get(executionId);
    if (active !== undefined && !active.closed) {
      if (active.terminal || active.settled) return false;
      active.cancel(reason);
      await active.result.then(
        () => undefined,
        () => undefined,
      );
      return true;
    }
    const snapshot = await this.load(executionId);
    if (TERMINAL_EXECUTION_STATUSES.has(snapshot.status)) return false;
    const run = new ExecutionRun(this, snapshot, 0);
    run.cancel(reason);
    this.runs.set(executionId, run);
    await run.result;
    return true;
  }

  async get(executionId: string): Promise<ExecutionSnapshot> {
    return this.load(executionId);
  }

  async close(): Promise<void> {
    this.closed = true;
    const runs = [...this.runs.values()];
    await Promise.all(
      runs.map(async (run) => {
        // Stop writing; let a save in flight finish.
        run.closed = true;
        await run.inflight?.catch(() => undefined);
        run.abortAll(new ExecutionAbortedError(run.id, 'engine_closed'));
        run.fail(new ExecutionAbortedError(run.id, 'engine_closed'));
      }),
    );
  }
}

/**
 * Creates an engine (spec §7). Options are validated here.
 *
 * @throws `InvalidOptionError` naming the option, expected and received value.
 * @example
 * const engine = createEngine({ executors: { http: async ({ params }) => fetchJson(params) } });
 * const run = engine.start(definition, { input: { user: 'ada' } });
 * const result = await run.result;
 */
export function createEngine(options?: EngineOptions): Engine {
  return new EngineImpl(options);
}
