/**
 * The engine handle around a run (engine.ts, from its mutation survivors): global slots handed on
 * when a waiting run goes away, the abort signal, creation racing the deadline, resume / recover /
 * cancel of live and stored executions, close with or without a save in flight, and the entry
 * points named when the engine fails.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { createEngine, initialSnapshot } from '../src/engine.js';
import type { Run } from '../src/engine.js';
import { isEngineInternalError, isExecutionAbortedError } from '../src/errors.js';
import type { EngineInternalError } from '../src/errors.js';
import { InMemoryExecutionStore } from '../src/in-memory-store.js';
import { normalizeDefinition } from '../src/normalize.js';
import type { Executor } from '../src/options.js';
import type { ExecutionSnapshot } from '../src/store.js';
import { RecordingStore, drive, flush } from './helpers/engine-harness.js';

const one = (service: string, extra: Record<string, unknown> = {}) => ({
  id: 'w',
  nodes: [{ id: 'a', config: { service, ...extra } }],
  connections: [],
});

/** An executor that settles when the test says so. */
function gate() {
  let open: (value: unknown) => void = () => undefined;
  const calls: string[] = [];
  const executor: Executor = ({ executionId }) => {
    calls.push(executionId);
    return new Promise((resolve) => (open = resolve));
  };
  return { executor, calls, open: (value: unknown = 1) => open(value) };
}

/** A store whose `create` resolves only when the test says so. */
class SlowCreateStore extends InMemoryExecutionStore {
  release: () => void = () => undefined;
  override create(snapshot: ExecutionSnapshot): Promise<void> {
    return new Promise<void>((resolve) => (this.release = resolve)).then(() =>
      super.create(snapshot),
    );
  }
}

/** A manual clock whose `now` / `setTimeout` throw while `broken.now` / `broken.timer` are set. */
function breakableClock() {
  const base = createManualClock();
  const broken = { now: false, timer: false };
  const clock: Clock = {
    now: () => {
      if (broken.now) throw new Error('clock fault');
      return base.now();
    },
    setTimeout: (fn, ms) => {
      if (broken.timer) throw new Error('timer fault');
      return base.setTimeout(fn, ms);
    },
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
  return { clock, broken, base };
}

const internal = async (run: Run): Promise<EngineInternalError> => {
  const error = await run.result.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isEngineInternalError(error)).toBe(true);
  return error as EngineInternalError;
};

describe('global slots', () => {
  it('wakes the run behind one that got its slot by itself while it waited in line (no starvation)', async () => {
    // globalConcurrency 1. X queues x3 behind x2 and waits in line; Y queues y1 behind it. When x2
    // ends, the slot is handed to X (x3), x3's end hands it to Y, but X's own loop takes it first
    // for the retried r. The entry X left in line then took the next wake-up, and Y was never
    // started again (it stayed RUNNING with y1 PENDING forever).
    const clock = createManualClock();
    const order: string[] = [];
    let openX2: () => void = () => undefined;
    let rCalls = 0;
    const engine = createEngine({
      clock,
      globalConcurrency: 1,
      executors: {
        r: () => {
          rCalls += 1;
          order.push(`r${rCalls}`);
          return rCalls === 1 ? Promise.reject(new Error('once')) : 'ok';
        },
        x2: () => {
          order.push('x2');
          return new Promise((resolve) => (openX2 = () => resolve('ok')));
        },
        ok: ({ step, executionId }) => void order.push(`${executionId}.${step.id}`),
      },
    });
    const retried = { max_attempts: 2, initial_delay_seconds: 0.01 };
    const x = engine.start(
      {
        id: 'x',
        nodes: [
          { id: 'r', config: { service: 'r', retry: retried } },
          { id: 'x2', config: { service: 'x2' } },
          { id: 'x3', config: { service: 'ok' } },
        ],
        connections: [],
      },
      { executionId: 'X' },
    );
    await flush(50);
    const y = engine.start(one('ok'), { executionId: 'Y' });
    await flush(50);
    await clock.advance(10);
    await flush(50);
    openX2();
    expect((await drive(x, clock)).status).toBe('COMPLETED');
    expect((await drive(y, clock)).status).toBe('COMPLETED');
    expect(order).toEqual(['r1', 'x2', 'X.x3', 'r2', 'Y.a']);
  });

  it('hands the slot to the next waiting run when one that waited is cancelled', async () => {
    const hold = gate();
    const calls: string[] = [];
    const engine = createEngine({
      globalConcurrency: 1,
      executors: { hold: hold.executor, ok: ({ executionId }) => void calls.push(executionId) },
    });
    const x = engine.start(one('hold'), { executionId: 'x' });
    await flush();
    engine.start(one('ok'), { executionId: 'y' });
    const z = engine.start(one('ok'), { executionId: 'z' });
    await flush();
    expect(await engine.cancel('y')).toBe(true);
    hold.open();
    await x.result;
    expect((await z.result).status).toBe('COMPLETED');
    expect(calls).toEqual(['z']);
  });

  it('passes the slot on when the waiting run it goes to has ended but is still saving its end', async () => {
    const hold = gate();
    const calls: string[] = [];
    const store = new RecordingStore();
    let releaseSave: () => void = () => undefined;
    store.beforeSave = (request) =>
      request.executionId === 'y' && request.execution?.status === 'CANCELLED'
        ? new Promise<void>((resolve) => (releaseSave = resolve))
        : undefined;
    const engine = createEngine({
      store,
      globalConcurrency: 1,
      executors: { hold: hold.executor, ok: ({ executionId }) => void calls.push(executionId) },
    });
    const x = engine.start(one('hold'), { executionId: 'x' });
    await flush();
    const y = engine.start(one('ok'), { executionId: 'y' });
    const z = engine.start(one('ok'), { executionId: 'z' });
    await flush();
    const cancelled = engine.cancel('y');
    await flush();
    hold.open();
    await x.result;
    await flush(100);
    releaseSave();
    expect(await cancelled).toBe(true);
    expect((await y.result).status).toBe('CANCELLED');
    expect((await z.result).status).toBe('COMPLETED');
    expect(calls).toEqual(['z']);
  });

  it('executions waiting for a slot wait without busy work (real timers still fire)', async () => {
    // Waking runs in line while no slot is free would re-queue them at once, forever: a loop of
    // microtasks in which no timer ever fires again.
    const calls: string[] = [];
    const engine = createEngine({
      globalConcurrency: 1,
      executors: {
        slow: ({ executionId }) =>
          new Promise((resolve) => setTimeout(() => resolve(calls.push(executionId)), 2)),
      },
    });
    const runs = ['x', 'y', 'z'].map((id) => engine.start(one('slow'), { executionId: id }));
    const results = await Promise.all(runs.map((run) => run.result));
    expect(results.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(calls).toEqual(['x', 'y', 'z']);
  });

  it('keeps every waiting run in line when a run that never waited settles', async () => {
    const [x, w] = [gate(), gate()];
    const calls: string[] = [];
    const engine = createEngine({
      globalConcurrency: 2,
      executors: {
        x: x.executor,
        w: w.executor,
        ok: ({ executionId }) => void calls.push(executionId),
      },
    });
    engine.start(one('x'));
    engine.start(one('w'));
    await flush();
    engine.start(one('ok'), { executionId: 'y' });
    engine.start(one('ok'), { executionId: 'z' });
    await flush();
    w.open();
    await flush(100);
    x.open();
    await flush(100);
    expect(calls).toEqual(['y', 'z']);
  });
});

describe('the abort signal', () => {
  it("cancels with the reason's message, or 'aborted', and is unlinked when the run settles", async () => {
    const engine = createEngine({ executors: { hang: () => new Promise(() => undefined) } });
    const withError = new AbortController();
    const a = engine.start(one('hang'), { signal: withError.signal });
    await flush();
    withError.abort(new Error('user left'));
    expect(await a.result).toMatchObject({ status: 'CANCELLED', reason: 'user left' });
    const plain = new AbortController();
    const b = engine.start(one('hang'), { signal: plain.signal });
    await flush();
    plain.abort('no');
    expect(await b.result).toMatchObject({ status: 'CANCELLED', reason: 'aborted' });
    const unused = new AbortController();
    const c = createEngine({ executors: { ok: () => 1 } }).start(one('ok'), {
      signal: unused.signal,
    });
    expect(getEventListeners(unused.signal, 'abort')).toHaveLength(1);
    await c.result;
    expect(getEventListeners(unused.signal, 'abort')).toHaveLength(0);
  });
});

describe('creation', () => {
  it('gives a new execution no missing inputs', async () => {
    const engine = createEngine({ executors: { ok: () => 1 } });
    await engine.start(one('ok'), { executionId: 'x' }).result;
    expect((await engine.get('x')).missingInputs).toEqual([]);
  });

  it('applies a deadline that passed while the store was creating the execution', async () => {
    const clock = createManualClock();
    const store = new SlowCreateStore();
    const calls: string[] = [];
    const engine = createEngine({
      clock,
      store,
      deadlineMs: 10,
      executors: { ok: () => void calls.push('ok') },
    });
    const run = engine.start(one('ok'), { executionId: 'x' });
    await clock.advance(10);
    store.release();
    const result = await drive(run, clock);
    expect(result.status === 'FAILED' && result.error.code).toBe('WORKFLOW_DEADLINE_EXCEEDED');
    expect((await store.load('x'))?.status).toBe('FAILED');
    expect(calls).toEqual([]);
  });

  it('saves nothing before the store has the execution: a cancel waits for the creation', async () => {
    const store = new SlowCreateStore();
    const engine = createEngine({ store, executors: { ok: () => 1 } });
    const run = engine.start(one('ok'), { executionId: 'x' });
    const cancelled = engine.cancel('x', 'changed my mind');
    await flush(100);
    store.release();
    expect(await cancelled).toBe(true);
    expect(await run.result).toMatchObject({ status: 'CANCELLED', reason: 'changed my mind' });
    expect(await store.listEvents('x')).toMatchObject([
      { type: 'step.cancelled', stepId: 'a' },
      { type: 'execution.cancelled' },
    ]);
  });

  it('names begin and created as entry points when the engine fails there', async () => {
    const { clock, broken } = breakableClock();
    broken.timer = true;
    const begin = createEngine({ clock, deadlineMs: 5, executors: { ok: () => 1 } });
    expect((await internal(begin.start(one('ok')))).entryPoint).toBe('begin');
    broken.timer = false;
    const created = createEngine({ clock, generateId: () => 'c', executors: { ok: () => 1 } });
    const run = created.start(one('ok'));
    broken.now = true;
    const result = await run.result;
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Execution "c" failed inside the engine (created): clock fault',
    );
  });
});

describe('resume, recover and cancel', () => {
  it('refuses to resume or recover an execution this engine is running', async () => {
    const hold = gate();
    const engine = createEngine({ executors: { hold: hold.executor } });
    const run = engine.start(one('hold'), { executionId: 'x' });
    await flush();
    expect(await engine.resume('x')).toBe(false);
    expect(await engine.recover('x')).toBe(false);
    hold.open();
    expect((await run.result).status).toBe('COMPLETED');
  });

  it('recovers an execution that was created but never started', async () => {
    const store = new InMemoryExecutionStore();
    await store.create(initialSnapshot(normalizeDefinition(one('ok')), 'x', {}, 0));
    const events: string[] = [];
    const engine = createEngine({
      store,
      executors: { ok: () => 1 },
      onEvent: (e) => events.push(e.type),
    });
    const run = (await engine.recover('x')) as Run;
    expect((await run.result).status).toBe('COMPLETED');
    expect(events[0]).toBe('execution.started');
  });

  it('will not cancel an execution that has failed but is still saving its end', async () => {
    const store = new RecordingStore();
    let release: () => void = () => undefined;
    const engine = createEngine({
      store,
      executors: { bad: () => Promise.reject(new Error('no')) },
      retry: { maxAttempts: 1 },
    });
    store.beforeSave = (request) =>
      request.execution?.status === 'FAILED'
        ? new Promise<void>((resolve) => (release = resolve))
        : undefined;
    const run = engine.start(one('bad'), { executionId: 'x' });
    await flush(200);
    const cancelled = engine.cancel('x');
    release();
    expect(await cancelled).toBe(false);
    expect((await run.result).status).toBe('FAILED');
  });
});

describe('close', () => {
  it('lets a save in flight finish, then writes nothing more', async () => {
    const store = new RecordingStore();
    let release: () => void = () => undefined;
    const hold = gate();
    const engine = createEngine({ store, executors: { hold: hold.executor } });
    store.beforeSave = () => new Promise<void>((resolve) => (release = resolve));
    const run = engine.start(
      {
        id: 'w',
        nodes: [
          { id: 'a', type: 'trigger' },
          { id: 'b', config: { service: 'hold' } },
        ],
        connections: [{ source: 'a', target: 'b' }],
      },
      { executionId: 'x' },
    );
    await flush(100);
    const closing = engine.close();
    const saves = store.saves.length;
    release();
    await closing;
    await expect(run.result).rejects.toSatisfy(isExecutionAbortedError);
    await flush(100);
    expect(store.saves).toHaveLength(saves + 1);
    expect(hold.calls).toEqual([]);
  });

  it('closes a run that is not in the store yet', async () => {
    const store = new SlowCreateStore();
    const engine = createEngine({ store, executors: { ok: () => 1 } });
    const run = engine.start(one('ok'));
    await engine.close();
    await expect(run.result).rejects.toSatisfy(isExecutionAbortedError);
  });
});

describe('a crash when a freed slot starts a waiting run', () => {
  it('names slot-freed as the entry point', async () => {
    const hold = gate();
    const engine = createEngine({
      globalConcurrency: 1,
      generateId: () => 'y',
      executors: { hold: hold.executor, ok: () => 1 },
    });
    const x = engine.start(one('hold'), { executionId: 'x' });
    await flush();
    const input = {
      o: {
        get x(): unknown {
          throw new Error('getter fault');
        },
      },
    };
    const y = engine.start(one('ok', { parameters: { v: '${input.o.x}' } }), { input });
    await flush();
    hold.open();
    await x.result;
    const result = await y.result;
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Execution "y" failed inside the engine (slot-freed): getter fault',
    );
  });
});

describe('before the store has the execution, and cancel as an entry point', () => {
  it('a crash before the store has the execution attempts no save', async () => {
    const { clock, broken } = breakableClock();
    const store = new RecordingStore();
    let attempted = 0;
    store.beforeSave = () => void (attempted += 1);
    broken.timer = true;
    const engine = createEngine({ clock, store, deadlineMs: 5, executors: { ok: () => 1 } });
    expect((await internal(engine.start(one('ok'), { executionId: 'x' }))).entryPoint).toBe(
      'begin',
    );
    await flush(50);
    expect(attempted).toBe(0);
  });

  it('closing the engine while the store creates the execution starts nothing; recover runs it', async () => {
    const store = new SlowCreateStore();
    const calls: string[] = [];
    const engine = createEngine({ store, executors: { ok: () => void calls.push('first') } });
    const run = engine.start(one('ok'), { executionId: 'x' });
    const closing = engine.close();
    store.release();
    await closing;
    await run.result.catch(() => undefined);
    await flush(50);
    expect(calls).toEqual([]);
    expect((await store.load('x'))?.status).toBe('PENDING');
    const second = createEngine({ store, executors: { ok: () => void calls.push('second') } });
    const recovered = (await second.recover('x')) as Run;
    expect((await recovered.result).status).toBe('COMPLETED');
    expect(calls).toEqual(['second']);
  });

  it('names cancel as the entry point when cancelling a running execution throws', async () => {
    const { clock, broken } = breakableClock();
    const hold = gate();
    const engine = createEngine({ clock, executors: { hold: hold.executor } });
    const run = engine.start(one('hold'), { executionId: 'x' });
    await flush();
    broken.now = true;
    expect(await engine.cancel('x')).toBe(true);
    const result = await run.result;
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Execution "x" failed inside the engine (cancel): clock fault',
    );
  });

  it('names cancel as the entry point when cancelling a stored execution throws', async () => {
    const { clock, broken } = breakableClock();
    const store = new InMemoryExecutionStore();
    const hold = gate();
    const first = createEngine({ clock, store, executors: { hold: hold.executor } });
    const run = first.start(one('hold'), { executionId: 'x' });
    await flush();
    await first.close();
    await run.result.catch(() => undefined);
    const second = createEngine({ clock, store, executors: {} });
    broken.now = true;
    expect(await second.cancel('x')).toBe(true);
    broken.now = false;
    const stored = await store.load('x');
    expect([stored?.status, stored?.error?.message]).toEqual([
      'FAILED',
      'Execution "x" failed inside the engine (cancel): clock fault',
    ]);
  });
});
