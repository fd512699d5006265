/**
 * The engine API: `createEngine` and the handle it returns. The run loop lives in the run layers
 * (see ARCHITECTURE.md): run-state.ts (state and its reducer) ← persistence.ts (pump, crash
 * barrier) ← scheduler.ts ← attempts.ts ← execution-run.ts.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { compileWorkflow } from './compiled-workflow.js';
import {
  DuplicateExecutionError,
  EngineClosedError,
  ExecutionAbortedError,
  InvalidOptionError,
  UnknownExecutionError,
} from './errors.js';
import { ExecutionRun } from './execution-run.js';
import type { EngineOptions, Executor, ResolvedEngineOptions } from './options.js';
import { resolveEngineOptions } from './options.js';
import type { Engine, Run, StartOptions } from './results.js';
import { initialStep } from './results.js';
import type { RunState } from './run-state.js';
import type { ExecutionSnapshot, StepRecord } from './store.js';
import { TERMINAL_EXECUTION_STATUSES } from './transitions.js';
import type { Workflow } from './types.js';
import { assertValidWorkflow } from './validate-workflow.js';

export type { Engine, ExecutionResult, ExecutionResultBase, Run, StartOptions } from './results.js';

/**
 * SHA-256 (hex) of the JSON of a normalised definition (normalisation fixes the key order, so equal
 * definitions hash equally).
 */
export function hashDefinition(workflow: Workflow): string {
  return createHash('sha256').update(JSON.stringify(workflow)).digest('hex');
}

/**
 * The stored form of a new execution of `workflow`: PENDING, every step PENDING with no attempt,
 * version 1. `engine.start` creates this; a queue that persists executions before any engine runs
 * them (`@atom/workflow-worker`'s `submit`) stores the same and lets an engine `recover` it.
 */
export function initialSnapshot(
  workflow: Workflow,
  executionId: string,
  input: Record<string, unknown>,
  at: number,
): ExecutionSnapshot {
  const steps: Record<string, StepRecord> = {};
  for (const node of workflow.nodes) steps[node.id] = initialStep(node.id, at);
  return {
    executionId,
    workflowId: workflow.id,
    definition: workflow,
    definitionHash: hashDefinition(workflow),
    createdAt: at,
    status: 'PENDING',
    input: { ...input },
    error: null,
    missingInputs: [],
    updatedAt: at,
    steps,
    version: 1,
    lastSeq: 0,
  };
}

class EngineImpl implements Engine {
  readonly options: ResolvedEngineOptions;
  readonly runs = new Map<string, ExecutionRun>();
  readonly known = new Set<string>();
  /** Runs waiting for a global slot, woken in order. */
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

  acquire(run: RunState): boolean {
    if (this.globalRunning < this.options.globalConcurrency) return true;
    if (!this.waiting.includes(run as ExecutionRun)) this.waiting.push(run as ExecutionRun);
    return false;
  }

  takeSlot(): void {
    this.globalRunning++;
  }

  releaseSlot(): void {
    this.globalRunning--;
    this.wakeNext();
  }

  /**
   * Wakes the longest waiting run for a free slot. It re-checks when it starts; when a slot is still
   * free afterwards (that run ended meanwhile, or already got a slot by itself), the next one wakes.
   */
  private wakeNext(): void {
    const next = this.waiting.shift();
    if (next === undefined) return;
    queueMicrotask(() => {
      next.guard('slot-freed', () => next.kick());
      if (this.globalRunning < this.options.globalConcurrency) this.wakeNext();
    });
  }

  release(run: RunState): void {
    if (this.runs.get(run.id) === run) this.runs.delete(run.id);
    const w = this.waiting.indexOf(run as ExecutionRun);
    if (w >= 0) this.waiting.splice(w, 1);
  }

  private assertOpen(): void {
    if (this.closed) throw new EngineClosedError();
  }

  private newRun(snapshot: ExecutionSnapshot, depth: number): ExecutionRun {
    return new ExecutionRun(
      this,
      compileWorkflow(snapshot.definition, this.options),
      snapshot,
      depth,
    );
  }

  /** Registers `run`, links its signal and deadline, then runs `begin` behind the crash barrier. */
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
        // 'abort' fires once; settling the run removes the listener.
        signal.addEventListener('abort', onAbort);
        run.unlinkSignal = () => signal.removeEventListener('abort', onAbort);
      }
    }
    run.guard('begin', () => {
      const deadline = this.options.deadlineMs;
      if (deadline !== undefined) run.armDeadline(deadline);
      begin();
    });
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
    const snapshot = initialSnapshot(
      workflow,
      executionId,
      options.input ?? {},
      this.options.clock.now(),
    );
    const run = this.newRun(snapshot, options.depth ?? 0);
    run.pumping = true; // no save before create
    run.created = false;
    return this.activate(run, options.signal, () => {
      this.options.store.create(snapshot).then(
        () =>
          run.guard('created', () => {
            run.created = true;
            run.pumping = false;
            if (run.state.status !== 'PENDING' || run.closed) {
              run.schedulePump();
              return;
            }
            run.dispatch({ type: 'run.started' });
            // A deadline that passed while the store was creating the execution applies now.
            const deadline = this.options.deadlineMs;
            if (deadline !== undefined && run.deadlineTimer === undefined) {
              run.expireDeadline(deadline);
            }
            run.bootstrap();
          }),
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
    const run = this.newRun(snapshot, 0);
    return this.activate(run, undefined, () => {
      run.dispatch({ type: 'run.resumed', input: { ...snapshot.input, ...(options.input ?? {}) } });
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
    const run = this.newRun(snapshot, 0);
    return this.activate(run, undefined, () => {
      if (snapshot.status === 'PENDING') run.dispatch({ type: 'run.started' });
      run.bootstrap();
    });
  }

  async cancel(executionId: string, reason?: string): Promise<boolean> {
    const active = this.runs.get(executionId);
    if (active !== undefined && !active.closed) {
      if (active.terminal || active.settled) return false;
      active.guard('cancel', () => active.cancel(reason));
      await active.result.then(
        () => undefined,
        () => undefined,
      );
      return true;
    }
    const snapshot = await this.load(executionId);
    if (TERMINAL_EXECUTION_STATUSES.has(snapshot.status)) return false;
    const run = this.newRun(snapshot, 0);
    this.runs.set(executionId, run);
    run.guard('cancel', () => run.cancel(reason));
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
