/** Test harness for the engine: a driver for the manual clock, scripted executors, a recording store. */
import type { ManualClock } from '../../src/clock.js';
import { createManualClock } from '../../src/clock.js';
import { createEngine } from '../../src/engine.js';
import type { Engine, ExecutionResult, Run } from '../../src/engine.js';
import { NonRetryableError } from '../../src/errors.js';
import type { EngineEvent } from '../../src/events.js';
import { InMemoryExecutionStore } from '../../src/in-memory-store.js';
import type { EngineOptions, Executor, ExecutorContext } from '../../src/options.js';
import type { ExecutionSnapshot, SaveRequest } from '../../src/store.js';

/** Lets pending promise callbacks run. */
export async function flush(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}

/**
 * Runs the manual clock until `run.result` settles: flushes promises, then fires the next timer.
 * Throws when nothing is left to fire and the run has not settled (a hang).
 */
export async function drive(
  run: Run,
  clock: ManualClock,
  maxTimers = 100_000,
): Promise<ExecutionResult> {
  let done = false;
  run.result.then(
    () => (done = true),
    () => (done = true),
  );
  let stalls = 0;
  for (let fired = 0; fired < maxTimers;) {
    await flush();
    if (done) return run.result;
    if (clock.runNext()) {
      fired++;
      stalls = 0;
    } else if (++stalls > 20) {
      throw new Error(`run ${run.executionId} stalled: no timer left and not settled`);
    }
  }
  throw new Error(`run ${run.executionId} fired more than ${maxTimers} timers`);
}

/** An InMemoryExecutionStore that records every save and can inject failures. */
export class RecordingStore extends InMemoryExecutionStore {
  readonly saves: Array<{ request: SaveRequest; expected: number; version: number }> = [];
  /** Called before each save; throw from it to inject a failure. */
  beforeSave: ((request: SaveRequest, expected: number) => void | Promise<void>) | undefined;

  override async save(request: SaveRequest, expectedVersion: number): Promise<number> {
    await this.beforeSave?.(request, expectedVersion);
    const version = await super.save(request, expectedVersion);
    this.saves.push({ request, expected: expectedVersion, version });
    return version;
  }
}

/** One attempt's scripted behaviour. */
export interface AttemptScript {
  kind: 'ok' | 'fail' | 'nonretryable' | 'hang' | 'throw-string' | 'undefined';
  /** Clock delay before settling, ms. */
  delayMs: number;
}

/** A call an executor received. */
export interface Call {
  stepId: string;
  attempt: number;
  fallback: boolean;
  at: number;
  params: Record<string, unknown>;
  aborted: () => boolean;
  abortReason: () => unknown;
}

/**
 * Executors following a script: `script[stepId][attempt - 1]` (the last entry repeats; no entry:
 * ok at once). Outputs `{ value }` where `value` is a number in [0, 100) derived from the step id.
 */
export function scriptedExecutors(
  clock: ManualClock,
  script: Readonly<Record<string, readonly AttemptScript[]>>,
  calls: Call[],
  services: readonly string[] = ['svc'],
): Record<string, Executor> {
  const executor: Executor = (ctx: ExecutorContext) => {
    calls.push({
      stepId: ctx.step.id,
      attempt: ctx.attempt,
      fallback: ctx.fallback,
      at: clock.now(),
      params: ctx.params,
      aborted: () => ctx.signal.aborted,
      abortReason: () => ctx.signal.reason as unknown,
    });
    const steps = script[ctx.step.id] ?? [];
    const entry: AttemptScript = steps[Math.min(ctx.attempt - 1, steps.length - 1)] ?? {
      kind: 'ok',
      delayMs: 0,
    };
    const value = valueOf(ctx.step.id);
    const settle = (): unknown => {
      switch (entry.kind) {
        case 'ok':
          return { value };
        case 'undefined':
          return undefined;
        case 'fail':
          throw new Error(`${ctx.step.id} failed attempt ${ctx.attempt}`);
        case 'nonretryable':
          throw new NonRetryableError(`${ctx.step.id} refuses`);
        case 'throw-string':
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw `${ctx.step.id} threw a string`;
        default:
          return undefined;
      }
    };
    if (entry.kind === 'hang') return new Promise<unknown>(() => undefined);
    if (entry.delayMs === 0) return Promise.resolve().then(settle);
    return new Promise<unknown>((resolve, reject) => {
      clock.setTimeout(() => {
        try {
          resolve(settle());
        } catch (error) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- scripted throws include strings
          reject(error);
        }
      }, entry.delayMs);
    });
  };
  return Object.fromEntries(services.map((s) => [s, executor]));
}

/** A deterministic number in [0, 100) for a step id. */
export function valueOf(stepId: string): number {
  let h = 7;
  for (let i = 0; i < stepId.length; i++) h = (h * 31 + stepId.charCodeAt(i)) % 1000;
  return h % 100;
}

/** Everything a finished scenario produced, for the laws. */
export interface Outcome {
  result: ExecutionResult | undefined;
  rejection: unknown;
  snapshot: ExecutionSnapshot;
  events: EngineEvent[];
  streamed: EngineEvent[];
  listened: EngineEvent[];
  calls: Call[];
  store: RecordingStore;
  clock: ManualClock;
}

/** Creates an engine on a manual clock and a recording store. */
export function harness(
  options: Omit<EngineOptions, 'clock' | 'store'> & {
    store?: RecordingStore;
    clock?: ManualClock;
  } = {},
): { engine: Engine; clock: ManualClock; store: RecordingStore; listened: EngineEvent[] } {
  const clock = options.clock ?? createManualClock();
  const store = options.store ?? new RecordingStore();
  const listened: EngineEvent[] = [];
  const user = options.onEvent;
  const engine = createEngine({
    random: () => 0.5,
    ...options,
    clock,
    store,
    onEvent: (event) => {
      listened.push(event);
      user?.(event);
    },
  });
  return { engine, clock, store, listened };
}

/** Collects a run's event stream. */
export async function collect(events: AsyncIterable<EngineEvent>): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Options of {@link runScenario}. */
export interface ScenarioOptions extends Omit<EngineOptions, 'clock' | 'store' | 'executors'> {
  input?: Record<string, unknown>;
  /** Cancel the run when the clock reaches this time (ms). */
  cancelAt?: number;
  /** Extra executors (merged over the scripted `svc`). */
  executors?: Record<string, Executor>;
}

/** Runs `def` on a fresh engine with scripted executors until it settles; collects everything. */
export async function runScenario(
  def: unknown,
  script: Readonly<Record<string, readonly AttemptScript[]>>,
  options: ScenarioOptions = {},
): Promise<Outcome & { cancelAccepted: boolean | undefined; cancelSeq: number | undefined }> {
  const clock = createManualClock();
  const calls: Call[] = [];
  const { input, cancelAt, executors, ...engineOptions } = options;
  const h = harness({
    generateId: () => 'exec-1',
    ...engineOptions,
    clock,
    executors: { ...scriptedExecutors(clock, script, calls), ...executors },
  });
  const run = h.engine.start(def, { input: input ?? {} });
  const streamed = collect(run.events);
  let cancelAccepted: boolean | undefined;
  let cancelSeq: number | undefined;
  if (cancelAt !== undefined) {
    clock.setTimeout(() => {
      cancelSeq = h.listened.length;
      void h.engine.cancel(run.executionId, 'scenario').then((accepted) => {
        cancelAccepted = accepted;
      });
    }, cancelAt);
  }
  let result: ExecutionResult | undefined;
  let rejection: unknown;
  try {
    result = await drive(run, clock);
  } catch (error) {
    rejection = error;
  }
  await flush();
  const snapshot = await h.engine.get(run.executionId);
  const events = await h.store.listEvents(run.executionId);
  return {
    result,
    rejection,
    snapshot,
    events,
    streamed: await streamed,
    listened: h.listened,
    calls,
    store: h.store,
    clock,
    cancelAccepted,
    cancelSeq,
  };
}

/**
 * Starts `def` as execution `x` on a manual clock with `interrupted` as its `s` executor, closes
 * that engine while the run is still going, then recovers the execution with a fresh engine whose
 * `s` records each attempt number and returns `'ok'`. Returns what the store held in between.
 */
export async function interruptAndRecover(
  def: unknown,
  interrupted: Executor,
): Promise<{ stored: ExecutionSnapshot | undefined; attempts: number[]; recovered: Run }> {
  const clock = createManualClock();
  const store = new RecordingStore();
  const first = createEngine({
    clock,
    store,
    generateId: () => 'x',
    executors: { s: interrupted },
  });
  const run = first.start(def);
  await flush(200);
  await first.close();
  await run.result.catch(() => undefined);
  const stored = await store.load('x');
  const attempts: number[] = [];
  const second = createEngine({
    clock,
    store,
    executors: {
      s: ({ attempt }) => {
        attempts.push(attempt);
        return 'ok';
      },
    },
  });
  const recovered = (await second.recover('x')) as Run;
  return { stored, attempts, recovered };
}
