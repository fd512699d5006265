/**
 * The persistence pump and the crash barrier (persistence.ts) driven directly, from its mutation
 * survivors: what one save holds, what waits for it and in which order, a failed or conflicting
 * save, settling once, the timers a settled run clears, and the crash transition written without
 * the reducer.
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { compileWorkflow } from '../src/compiled-workflow.js';
import { initialSnapshot } from '../src/engine.js';
import type { ExecutionResult } from '../src/engine.js';
import {
  ConcurrentModificationError,
  EngineInternalError,
  ExecutionAbortedError,
} from '../src/errors.js';
import type { EngineEvent } from '../src/events.js';
import { normalizeDefinition } from '../src/normalize.js';
import { resolveEngineOptions } from '../src/options.js';
import { PersistedRun } from '../src/persistence.js';
import type { EngineHost } from '../src/run-state.js';
import type { ExecutionSnapshot, ExecutionStore, SaveRequest, StepRecord } from '../src/store.js';
import { collect } from './helpers/engine-harness.js';
import { recordUnhandledRejections } from './helpers/unhandled.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A store whose saves the test settles (or that settles them itself with `auto`). */
class ScriptedStore implements ExecutionStore {
  readonly saves: Array<{
    request: SaveRequest;
    expected: number;
    resolve: (v: number) => void;
    reject: (e: unknown) => void;
  }> = [];
  auto = true;
  /** Throws synchronously at the save with this index. */
  throwAt = -1;
  stored: ExecutionSnapshot | undefined | Error = undefined;
  loads = 0;
  create(): Promise<void> {
    return Promise.resolve();
  }
  save(request: SaveRequest, expected: number): Promise<number> {
    if (this.saves.length === this.throwAt) {
      this.throwAt = -1;
      throw new Error('sync save fault');
    }
    return new Promise<number>((resolve, reject) => {
      this.saves.push({ request, expected, resolve, reject });
      if (this.auto) resolve(expected + 1);
    });
  }
  load(): Promise<ExecutionSnapshot | undefined> {
    this.loads++;
    const stored = this.stored;
    return stored instanceof Error ? Promise.reject(stored) : Promise.resolve(stored);
  }
  listEvents(): Promise<EngineEvent[]> {
    return Promise.resolve([]);
  }
}

class TestRun extends PersistedRun {
  readonly log: string[] = [];
  readonly aborts: unknown[] = [];
  onLaunch: (i: number) => void = () => undefined;
  onAbort: () => void = () => undefined;
  launch(i: number): void {
    this.log.push(`launch ${i}`);
    this.onLaunch(i);
  }
  settleIfIdle(): void {
    this.log.push('settle');
  }
  abortAll(reason: unknown): void {
    this.aborts.push(reason);
    this.onAbort();
  }
}

recordUnhandledRejections(true);

/** A run of steps a, b, c; `patch` edits the snapshot it starts from. */
function setup(patch: (s: ExecutionSnapshot) => void = () => undefined) {
  const base = createManualClock({ start: 5 });
  const cleared: unknown[] = [];
  const clock: Clock = {
    now: () => base.now(),
    setTimeout: (fn, ms) => base.setTimeout(fn, ms),
    clearTimeout: (handle) => {
      cleared.push(handle);
      base.clearTimeout(handle);
    },
  };
  const store = new ScriptedStore();
  const seen: string[] = [];
  const host = { slots: 0, releases: 0 };
  const ref: { run?: TestRun } = {};
  const engine: EngineHost = {
    options: resolveEngineOptions({
      clock,
      store,
      onEvent: (e: EngineEvent) => {
        seen.push(e.type);
        ref.run?.log.push(`event ${e.type}`);
      },
    }),
    lookup: () => undefined,
    acquire: () => true,
    takeSlot: () => {
      host.slots++;
    },
    releaseSlot: () => {
      host.slots--;
    },
    release: () => {
      host.releases++;
    },
  };
  const workflow = normalizeDefinition({
    id: 'w',
    nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }],
    connections: [],
  });
  const snapshot = initialSnapshot(workflow, 'x', {}, 0);
  patch(snapshot);
  const run = new TestRun(engine, compileWorkflow(workflow, engine.options), snapshot, 0);
  ref.run = run;
  return { run, store, base, cleared, seen, host };
}

const EVENT: EngineEvent = { type: 'execution.resumed', executionId: 'x', seq: 9, at: 5 };
const statusOf = (s: ExecutionSnapshot, id: string, status: StepRecord['status']): void => {
  (s.steps[id] as StepRecord).status = status;
};

describe('the pump', () => {
  it('saves a tick in one save, then emits, launches, runs what waited and settles, in that order', async () => {
    const { run, store, seen } = setup();
    store.auto = false;
    run.dispatch({ type: 'run.started' });
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: true });
    run.launches.push(0);
    run.settleRequested = true;
    run.after(() => run.log.push('action'));
    await tick();
    expect(store.saves).toHaveLength(1);
    const [first] = store.saves;
    expect(first?.expected).toBe(1);
    expect(first?.request.executionId).toBe('x');
    expect(first?.request.execution).toBe(run.state);
    expect(first?.request.changedSteps.map((r) => [r.stepId, r.status])).toEqual([
      ['a', 'RUNNING'],
    ]);
    expect(first?.request.events.map((e) => e.type)).toEqual(['execution.started', 'step.started']);
    expect([seen, run.log]).toEqual([[], []]);
    first?.resolve(7);
    await tick();
    expect(run.log).toEqual([
      'event execution.started',
      'event step.started',
      'launch 0',
      'action',
      'settle',
    ]);
    expect(run.version).toBe(7);
    expect([...run.dirty]).toEqual([0, 0, 0]);
    run.executionChanged = true;
    run.schedulePump();
    await tick();
    expect(store.saves[1]?.expected).toBe(7);
  });

  it('saves whatever part of a batch is dirty, and nothing when only work waits', async () => {
    const { run, store } = setup();
    run.after(() => run.log.push('action'));
    await tick();
    expect(run.log).toEqual(['action']);
    run.launches.push(2);
    run.schedulePump();
    await tick();
    expect(run.log).toEqual(['action', 'launch 2']);
    run.log.length = 0;
    run.after(() => run.log.push('action'));
    await tick();
    run.settleRequested = true;
    run.schedulePump();
    await tick();
    expect(run.log).toEqual(['action', 'settle']);
    run.schedulePump();
    await tick();
    expect(store.saves).toEqual([]);

    run.dirty[1] = 1;
    run.dirtySteps.push(1);
    run.schedulePump();
    await tick();
    run.events.push(EVENT);
    run.schedulePump();
    await tick();
    run.executionChanged = true;
    run.schedulePump();
    await tick();
    expect(store.saves.map((s) => s.request)).toStrictEqual([
      { executionId: 'x', changedSteps: [run.steps[1]], events: [] },
      { executionId: 'x', changedSteps: [], events: [EVENT] },
      { executionId: 'x', changedSteps: [], events: [], execution: run.state },
    ]);
    expect(run.dirty[1]).toBe(0);
    expect(run.log).toEqual(['action', 'settle', 'event execution.resumed']);
  });

  it('stops after a save if the run was closed meanwhile: nothing emitted, nothing launched', async () => {
    const { run, store } = setup();
    store.auto = false;
    run.events.push(EVENT);
    run.launches.push(1);
    run.schedulePump();
    await tick();
    run.closed = true;
    store.saves[0]?.resolve(2);
    await tick();
    expect(run.log).toEqual([]);
    expect(run.version).toBe(2);
  });
});

describe('a save that fails', () => {
  it('aborts live work as a conflict, frees its slots, rejects the result, and writes nothing more', async () => {
    const { run, store, host } = setup((s) => {
      s.status = 'RUNNING';
    });
    run.running = 2;
    host.slots = 2;
    store.auto = false;
    // A terminal execution in the store matters only for a conflict.
    store.stored = {
      ...initialSnapshot(normalizeDefinition({ id: 'w', nodes: [], connections: [] }), 'x', {}, 0),
    };
    store.stored.status = 'COMPLETED';
    run.events.push(EVENT);
    run.schedulePump();
    await tick();
    const disk = new Error('disk full');
    store.saves[0]?.reject(disk);
    await expect(run.result).rejects.toBe(disk);
    expect(store.loads).toBe(0);
    expect([host.slots, run.running]).toEqual([0, 0]);
    expect(run.aborts).toHaveLength(1);
    expect(run.aborts[0]).toBeInstanceOf(ExecutionAbortedError);
    expect((run.aborts[0] as ExecutionAbortedError).reason).toBe('conflict');
    expect(await collect(run.stream)).toEqual([]);
    expect(host.releases).toBe(1);
    run.after(() => run.log.push('action'));
    run.events.push(EVENT);
    run.schedulePump();
    await tick();
    expect(store.saves).toHaveLength(1);
    expect(run.log).toEqual([]);
  });

  it('on a conflict settles with the stored result when the store has the execution terminal', async () => {
    const conflict = new ConcurrentModificationError('x', 1, 2);
    const outcome = async (stored: ScriptedStore['stored']): Promise<unknown> => {
      const { run, store } = setup();
      store.auto = false;
      store.stored = stored;
      run.events.push(EVENT);
      run.schedulePump();
      await tick();
      store.saves[0]?.reject(conflict);
      return run.result.then(
        (r) => r,
        (e: unknown) => e,
      );
    };
    const snapshot = (status: ExecutionSnapshot['status']): ExecutionSnapshot => {
      const s = initialSnapshot(
        normalizeDefinition({ id: 'w', nodes: [{ id: 'a' }], connections: [] }),
        'x',
        {},
        0,
      );
      s.status = status;
      statusOf(s, 'a', 'COMPLETED');
      (s.steps.a as StepRecord).output = 1;
      return s;
    };
    expect(await outcome(snapshot('COMPLETED'))).toEqual({
      executionId: 'x',
      status: 'COMPLETED',
      outputs: { a: 1 },
      steps: { a: 'COMPLETED' },
      fallbackUsed: [],
    });
    expect(await outcome(snapshot('RUNNING'))).toBe(conflict);
    expect(await outcome(undefined)).toBe(conflict);
    expect(await outcome(new Error('load failed'))).toBe(conflict);
  });
});

describe('settling', () => {
  it('settles once: the first result or error wins, and the run is released once', async () => {
    const first = setup().run;
    const a = { executionId: 'x', status: 'COMPLETED' } as ExecutionResult;
    first.finishWith(a);
    first.finishWith({ ...a, status: 'PAUSED' } as ExecutionResult);
    first.fail(new Error('late'));
    expect(await first.result).toBe(a);
    const second = setup();
    const error = new Error('first');
    second.run.fail(error);
    second.run.finishWith(a);
    second.run.fail(new Error('second'));
    await expect(second.run.result).rejects.toBe(error);
    expect(second.host.releases).toBe(1);
  });

  it('clears the deadline and every armed retry timer, and no other handle', async () => {
    const { run, base, cleared } = setup();
    const fired: string[] = [];
    const deadline = base.setTimeout(() => fired.push('deadline'), 10);
    const r1 = base.setTimeout(() => fired.push('r1'), 5);
    const r2 = base.setTimeout(() => fired.push('r2'), 7);
    run.deadlineTimer = deadline;
    run.retryTimers.push(r1, undefined, r2);
    run.finishWith(run.resultNow());
    await base.advance(20);
    expect(fired).toEqual([]);
    expect(cleared).toEqual([r1, r2, deadline]);
    expect(run.deadlineTimer).toBeUndefined();
    expect(run.retryTimers).toEqual([undefined, undefined, undefined]);
    const bare = setup();
    bare.run.finishWith(bare.run.resultNow());
    expect(bare.cleared).toEqual([]);
  });
});

describe('the crash barrier', () => {
  const running = (s: ExecutionSnapshot): void => {
    s.status = 'RUNNING';
    statusOf(s, 'a', 'RUNNING');
    statusOf(s, 'b', 'RETRYING');
  };

  it('cancels running and retrying steps, skips the rest, fails the execution, saves, emits, settles', async () => {
    const { run, store, host, seen } = setup(running);
    run.running = 1;
    host.slots = 1;
    const timer = run.engine.options.clock.setTimeout(() => undefined, 5);
    run.retryTimers.push(timer);
    run.guard('timer', () => {
      throw new Error('boom');
    });
    run.crash('timer', new Error('again'));
    expect(host.slots).toBe(0);
    expect(run.running).toBe(0);
    expect(run.retryTimers).toEqual([undefined]);
    expect(run.aborts).toHaveLength(1);
    const abort = run.aborts[0] as ExecutionAbortedError;
    expect(abort.reason).toBe('execution_failed');
    expect(abort.message).toBe(
      'Execution "x" aborted (execution_failed): Execution "x" failed inside the engine (timer): boom',
    );
    const result = await run.result;
    expect(result.status).toBe('FAILED');
    expect(store.saves).toHaveLength(1);
    const request = store.saves[0]?.request as SaveRequest;
    expect(request.changedSteps).toStrictEqual([
      { ...run.steps[0], stepId: 'a', status: 'CANCELLED', updatedAt: 0 },
      { ...run.steps[1], stepId: 'b', status: 'CANCELLED', updatedAt: 0 },
      {
        ...run.steps[2],
        stepId: 'c',
        status: 'SKIPPED',
        skipReason: 'execution_failed',
        updatedAt: 0,
      },
    ]);
    expect(request.changedSteps[0]).not.toHaveProperty('skipReason');
    expect(request.events.map((e) => [e.type, 'stepId' in e ? e.stepId : '', e.seq])).toEqual([
      ['step.cancelled', 'a', 1],
      ['step.cancelled', 'b', 2],
      ['step.skipped', 'c', 3],
      ['execution.failed', '', 4],
    ]);
    expect(request.events.slice(0, 3).map((e) => (e as { reason: string }).reason)).toEqual([
      'execution_failed',
      'execution_failed',
      'execution_failed',
    ]);
    expect(request.execution?.status).toBe('FAILED');
    expect(request.execution?.error?.message).toBe(
      'Execution "x" failed inside the engine (timer): boom',
    );
    expect(seen).toEqual(['step.cancelled', 'step.cancelled', 'step.skipped', 'execution.failed']);
  });

  it('names the pump as the entry point when work after a save throws', async () => {
    const { run, store } = setup(running);
    run.onLaunch = () => {
      throw new Error('launch fault');
    };
    run.launches.push(0);
    run.events.push(EVENT);
    run.schedulePump();
    const result = await run.result;
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Execution "x" failed inside the engine (pump): launch fault',
    );
    expect(store.saves).toHaveLength(2);
  });

  it('puts back a batch the store threw on, each step once, its events first', async () => {
    const { run, store } = setup(running);
    store.throwAt = 0;
    run.dirty[0] = 1;
    run.dirtySteps.push(0);
    run.events.push(EVENT);
    // A step changed again after the batch was taken: it is dirty once, not twice.
    run.onAbort = () => {
      run.dirty[0] = 1;
      run.dirtySteps.push(0);
    };
    run.schedulePump();
    await run.result;
    const request = store.saves[0]?.request as SaveRequest;
    expect(request.changedSteps.map((r) => r.stepId)).toEqual(['a', 'b', 'c']);
    expect(request.events[0]).toBe(EVENT);
    expect(request.events.map((e) => e.type).slice(1)).toEqual([
      'step.cancelled',
      'step.cancelled',
      'step.skipped',
      'execution.failed',
    ]);
  });

  it('in PAUSED saves only what was unsaved, without the execution, and settles PAUSED', async () => {
    const { run, store } = setup((s) => {
      s.status = 'PAUSED';
      s.missingInputs = ['input.q'];
    });
    store.throwAt = 0;
    run.events.push(EVENT);
    run.schedulePump();
    const result = await run.result;
    expect(result).toMatchObject({ status: 'PAUSED', missingInputs: ['input.q'] });
    expect(store.saves.map((s) => s.request)).toStrictEqual([
      { executionId: 'x', changedSteps: [], events: [EVENT] },
    ]);
    const steps = setup((s) => {
      s.status = 'PAUSED';
    });
    steps.store.throwAt = 0;
    steps.run.dirty[1] = 1;
    steps.run.dirtySteps.push(1);
    steps.run.schedulePump();
    await steps.run.result;
    expect(steps.store.saves.map((s) => s.request)).toStrictEqual([
      { executionId: 'x', changedSteps: [steps.run.steps[1]], events: [] },
    ]);
  });

  it('saves nothing when nothing is left to save', async () => {
    const { run, store } = setup((s) => {
      s.status = 'PAUSED';
    });
    run.crash('timer', new Error('late'));
    expect((await run.result).status).toBe('PAUSED');
    expect(store.saves).toEqual([]);
  });

  it('starts a PENDING execution before failing it, so the event log stays legal', async () => {
    const { run, store } = setup();
    run.crash('start', new Error('early'));
    await run.result;
    expect(store.saves[0]?.request.events.map((e) => e.type).slice(-2)).toEqual([
      'execution.started',
      'execution.failed',
    ]);
  });

  it('does nothing on a settled run, and rejects when the execution never reached the store', async () => {
    const settled = setup(running);
    settled.run.finishWith(settled.run.resultNow());
    settled.run.crash('timer', new Error('late'));
    await tick();
    expect([settled.run.aborts, settled.store.saves]).toEqual([[], []]);
    const uncreated = setup(running);
    uncreated.run.created = false;
    uncreated.run.crash('start', new Error('early'));
    const error = await uncreated.run.result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineInternalError);
    expect((error as EngineInternalError).entryPoint).toBe('start');
    expect(uncreated.store.saves).toEqual([]);
  });

  it('leaves the run to a failing save in flight: one settlement, with the save error', async () => {
    const { run, store } = setup(running);
    store.auto = false;
    run.events.push(EVENT);
    run.schedulePump();
    await tick();
    run.crash('timer', new Error('boom'));
    const disk = new Error('disk');
    store.saves[0]?.reject(disk);
    await expect(run.result).rejects.toBe(disk);
    await tick();
    expect(store.saves).toHaveLength(1);
  });
});
