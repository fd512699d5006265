/**
 * Runs a {@link Scenario} on the real engine (manual clock, no real sleeps) phase by phase — start,
 * then resume/cancel when it pauses, recover after a crash — and compares every phase that settled
 * with the reference model. Unhandled rejections and uncaught exceptions during the run are
 * failures of the run.
 */
import {
  createEngine,
  createManualClock,
  InMemoryExecutionStore,
  NonRetryableError,
} from '../../src/index.js';
import type {
  Engine,
  EngineEvent,
  ExecutionSnapshot,
  ExecutionStore,
  Executor,
  ManualClock,
  Run,
  SaveRequest,
} from '../../src/index.js';
import { compareWithModel } from './check.js';
import type { PhaseFacts } from './check.js';
import type { ModelStepState } from './reference-model.js';
import { executorOutput, runModel } from './reference-model.js';
import type { Scenario, StepSpec } from './scenario.js';
import { callScript, toDefinition } from './scenario.js';

const ID = 'x';

/** A store view that "dies" (never answers again) at the scenario's crash save. */
class GatedStore implements ExecutionStore {
  dead = false;
  constructor(
    private readonly inner: InMemoryExecutionStore,
    private readonly crash: { saves: number; at: number | undefined; happened: boolean },
  ) {}
  create(snapshot: ExecutionSnapshot): Promise<void> {
    return this.inner.create(snapshot);
  }
  load(executionId: string): Promise<ExecutionSnapshot | undefined> {
    return this.inner.load(executionId);
  }
  listEvents(executionId: string): Promise<EngineEvent[]> {
    return this.inner.listEvents(executionId);
  }
  save(request: SaveRequest, expectedVersion: number): Promise<number> {
    if (this.dead) return new Promise<number>(() => undefined);
    this.crash.saves++;
    if (!this.crash.happened && this.crash.saves === this.crash.at) {
      this.crash.happened = true;
      this.dead = true;
      return new Promise<number>(() => undefined);
    }
    return this.inner.save(request, expectedVersion);
  }
}

/** Lets every pending promise callback run (a macrotask turn). */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Instance {
  engine: Engine;
  clock: ManualClock;
  store: GatedStore;
}

/** Runs one scenario with one `maxConcurrency`; returns every problem found (empty = agreement). */
export async function runScenarioOnEngine(
  s: Scenario,
  maxConcurrency: number | undefined,
): Promise<string[]> {
  const problems: string[] = [];
  const onRejection = (reason: unknown): void => {
    problems.push(`unhandled rejection: ${describeError(reason)}`);
  };
  const onException = (error: unknown): void => {
    problems.push(`uncaught exception: ${describeError(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  try {
    problems.push(...(await runPhases(s, maxConcurrency)));
    // Rejections are reported after the microtask queue drains: give them a turn.
    await tick();
    await tick();
  } catch (error) {
    problems.push(`runner threw: ${describeError(error)}`);
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
  return problems;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

async function runPhases(s: Scenario, maxConcurrency: number | undefined): Promise<string[]> {
  const problems: string[] = [];
  const byId = new Map(s.steps.map((step) => [step.id, step]));
  const inner = new InMemoryExecutionStore();
  const crash = { saves: 0, at: s.crashAtSave, happened: false };
  let calls = new Map<string, [number, number]>();
  let events = 0;

  const makeInstance = (start: number): Instance => {
    const clock = createManualClock({ start });
    const store = new GatedStore(inner, crash);
    const executor: Executor = (ctx) => {
      const step = byId.get(ctx.step.id) as StepSpec;
      const stage = ctx.fallback ? 1 : 0;
      const count = calls.get(step.id) ?? [0, 0];
      count[stage]++;
      calls.set(step.id, count);
      const script = callScript(step, stage, ctx.attempt);
      const produce = (): unknown => {
        switch (script.kind) {
          case 'ok':
          case 'sync':
            return executorOutput(s, step.id, stage, ctx.attempt, ctx.params);
          case 'undefined':
            return undefined;
          case 'nonretryable':
            throw new NonRetryableError('no');
          case 'bigint':
            return { value: 1n };
          case 'string':
            // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error throw on purpose
            throw 'a string';
          default:
            throw new Error(`${step.id} failed`);
        }
      };
      if (script.kind === 'sync' || script.kind === 'syncThrow') return produce();
      if (script.kind === 'hang') return new Promise<unknown>(() => undefined);
      return new Promise<unknown>((resolve, reject) => {
        const settle = (): void => {
          try {
            resolve(produce());
          } catch (error) {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- scripted throws include strings
            reject(error);
          }
        };
        if (script.ms === 0) queueMicrotask(settle);
        else clock.setTimeout(settle, script.ms);
      });
    };
    const engine = createEngine({
      clock,
      store,
      executors: { svc: executor, backup: executor },
      random: () => 0.5,
      generateId: () => ID,
      retry: { maxAttempts: s.defaultMaxAttempts, initialDelayMs: 100, jitter: 'full' },
      ...(maxConcurrency === undefined ? {} : { maxConcurrency }),
      ...(s.deadlineMs === undefined ? {} : { deadlineMs: s.deadlineMs }),
      onEvent: () => {
        if (s.throwingListener && ++events % 3 === 0) throw new Error('listener');
      },
    });
    return { engine, clock, store };
  };

  /** Drives the clock until `done` settles or the store died; 'stuck' when nothing can move. */
  const drive = async (
    instance: Instance,
    done: Promise<unknown>,
  ): Promise<'settled' | 'crashed' | string> => {
    let settled = false;
    done.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let fired = 0; fired < 50_000; fired++) {
      await tick();
      if (settled) return 'settled';
      if (instance.store.dead) return 'crashed';
      try {
        if (!instance.clock.runNext()) {
          await tick();
          if (settled) return 'settled';
          if (instance.store.dead) return 'crashed';
          return 'the run never settles (no timer left)';
        }
      } catch (error) {
        return `a timer callback threw out of the engine: ${describeError(error)}`;
      }
    }
    return 'the run never settles (50,000 timers fired)';
  };

  const def = toDefinition(s);
  let instance = makeInstance(0);
  let facts: PhaseFacts = { cancelled: false, deadline: s.deadlineMs !== undefined, calls };
  let run: Run;
  try {
    run = instance.engine.start(def, { input: s.input, executionId: ID });
  } catch (error) {
    return [`start threw: ${describeError(error)}`];
  }
  const initial: Record<string, ModelStepState> = {};
  for (const step of s.steps)
    initial[step.id] = { status: 'PENDING', attempt: 0, attempts: 0, fallback: false };
  let model = runModel(s, initial, s.input, false);
  if (s.cancelAt !== undefined) {
    const first = instance;
    first.clock.setTimeout(() => {
      facts.cancelled = true;
      void first.engine.cancel(ID).catch(() => undefined);
    }, s.cancelAt);
  }
  let done: Promise<unknown> = run.result;
  const pauseActions = [...s.onPause];
  for (let phase = 0; phase < 8; phase++) {
    const outcome = await drive(instance, done);
    if (outcome !== 'settled' && outcome !== 'crashed') {
      problems.push(`phase ${phase}: ${outcome}`);
      return problems;
    }
    const snapshot = (await inner.load(ID)) as ExecutionSnapshot;
    if (outcome === 'settled') {
      const rejected = await done.then(
        () => undefined,
        (error: unknown) => error,
      );
      if (rejected !== undefined) {
        problems.push(`phase ${phase}: result rejected: ${describeError(rejected)}`);
        return problems;
      }
      for (const p of compareWithModel(snapshot, model, facts)) problems.push(`phase ${phase}: ${p}`);
      if (problems.length > 0) return problems;
    }
    const stored: Record<string, ModelStepState> = {};
    for (const step of s.steps) {
      const r = snapshot.steps[step.id];
      if (r === undefined) return [...problems, `step ${step.id} missing from the store`];
      stored[step.id] = {
        status: r.status,
        attempt: r.attempt,
        attempts: r.attempts,
        fallback: r.fallback,
        ...(r.status === 'COMPLETED' ? { output: r.output } : {}),
        ...(r.skipReason === undefined ? {} : { skipReason: r.skipReason }),
      };
    }
    calls = new Map();
    facts = { cancelled: false, deadline: s.deadlineMs !== undefined, calls };
    if (outcome === 'crashed') instance = makeInstance(instance.clock.now());
    const status = snapshot.status;
    if (status === 'RUNNING' || status === 'PENDING') {
      // Only after a crash: a new engine recovers from the store alone.
      model = runModel(s, stored, snapshot.input, true);
      const recovered = await instance.engine.recover(ID);
      if (recovered === false) return [...problems, `phase ${phase}: recover returned false`];
      done = recovered.result;
      continue;
    }
    if (status !== 'PAUSED') return problems;
    const action = pauseActions.shift();
    if (action === undefined) return problems;
    if (action.kind === 'cancel') {
      model = runModel(s, stored, snapshot.input, false);
      facts.cancelled = true;
      done = instance.engine.cancel(ID);
      continue;
    }
    const input = { ...snapshot.input, ...action.input };
    model = runModel(s, stored, input, false);
    const resumed = await instance.engine.resume(ID, { input: action.input });
    if (resumed === false) return [...problems, `phase ${phase}: resume returned false`];
    done = resumed.result;
  }
  return problems;
}
