/**
 * Issue 9, the crash barrier: a throw at any internal entry point (the clock, a store that throws
 * synchronously, an `onEvent` listener, a condition evaluator, a timer being armed) ends the execution
 * FAILED with `EngineInternalError` (saved and emitted), never an unhandled rejection, never an
 * unsettled run, never a leaked global slot. Each injection point is hit at its 1st, 2nd, … call
 * until a run no longer reaches it.
 */
import { describe, expect, it } from 'vitest';
import type { Clock, ManualClock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import type { ConditionEvaluator } from '../src/conditions.js';
import { defaultConditionEvaluator } from '../src/conditions.js';
import { createEngine } from '../src/engine.js';
import type { Engine, ExecutionResult } from '../src/engine.js';
import { EngineInternalError, isEngineInternalError } from '../src/errors.js';
import type { EngineEvent } from '../src/events.js';
import { InMemoryExecutionStore } from '../src/in-memory-store.js';
import type { EngineOptions, Executor } from '../src/options.js';
import type { SaveRequest } from '../src/store.js';
import type { GraphDefinition } from '../src/types.js';
import { checkLaws } from './laws.js';
import { drive, flush } from './helpers/engine-harness.js';
import { recordUnhandledRejections } from './helpers/unhandled.js';

const INJECTED = 'injected fault';

/** A countdown: `hit()` throws at its `k`-th call only. */
class Fault {
  calls = 0;
  fired = false;
  constructor(private k: number) {}
  disarm(): void {
    this.k = -1;
  }
  hit(): void {
    if (++this.calls === this.k) {
      this.fired = true;
      throw new Error(INJECTED);
    }
  }
}

class SyncThrowingStore extends InMemoryExecutionStore {
  constructor(private readonly fault: Fault | undefined) {
    super();
  }
  override save(request: SaveRequest, expectedVersion: number): Promise<number> {
    this.fault?.hit();
    return super.save(request, expectedVersion);
  }
}

const def: GraphDefinition = {
  id: 'crash',
  nodes: [
    { id: 't', type: 'trigger' },
    { id: 'a', config: { service: 'svc', timeout: 1 } },
    {
      id: 'b',
      config: { service: 'flaky', retry: { max_attempts: 2, initial_delay_seconds: 0.01 } },
    },
    { id: 'c', config: { service: 'svc' } },
  ],
  connections: [
    { source: 't', target: 'a' },
    { source: 't', target: 'b' },
    { source: 'a', target: 'c', condition: '${input.go}' },
    { source: 'b', target: 'c', condition: '${b.v} > 0' },
  ],
};

type Point = 'clock.now' | 'clock.setTimeout' | 'store.save' | 'onEvent' | 'condition' | 'cancel';

function build(point: Point, fault: Fault | undefined, base: ManualClock) {
  const clock: Clock = {
    now: () => {
      if (point === 'clock.now' || point === 'cancel') fault?.hit();
      return base.now();
    },
    setTimeout: (fn, ms) => {
      if (point === 'clock.setTimeout') fault?.hit();
      return base.setTimeout(fn, ms);
    },
    clearTimeout: (handle) => base.clearTimeout(handle),
  };
  const conditions: ConditionEvaluator = {
    compile: (source) => {
      const r = defaultConditionEvaluator.compile(source);
      if (!r.ok || point !== 'condition') return r;
      return {
        ok: true,
        condition: {
          source,
          evaluate: (scope) => {
            fault?.hit();
            return r.condition.evaluate(scope);
          },
        },
      };
    },
  };
  const delay = (value: unknown, ms: number): Promise<unknown> =>
    new Promise((resolve) => base.setTimeout(() => resolve(value), ms));
  const svc: Executor = () => delay({ v: 1 }, 0.5);
  const flaky: Executor = ({ attempt }) =>
    attempt === 1 ? Promise.reject(new Error('flaky')) : delay({ v: 2 }, 0.5);
  const events: EngineEvent[] = [];
  const options: EngineOptions = {
    clock,
    store: new SyncThrowingStore(point === 'store.save' ? fault : undefined),
    conditions,
    executors: { svc, flaky },
    maxConcurrency: 2,
    globalConcurrency: 1,
    deadlineMs: 100_000,
    generateId: () => 'x',
    onEvent: (event) => {
      events.push(event);
      if (point === 'onEvent') fault?.hit();
    },
  };
  return { engine: createEngine(options), events, store: options.store as SyncThrowingStore };
}

/** The engine still has its one global slot: a second execution runs to COMPLETED. */
async function slotIsFree(engine: Engine, base: ManualClock): Promise<void> {
  const run = engine.start(
    { id: 'after', nodes: [{ id: 'z', config: { service: 'svc' } }], connections: [] },
    { executionId: 'after' },
  );
  expect((await drive(run, base)).status).toBe('COMPLETED');
}

const unhandled = recordUnhandledRejections();

describe('crash barrier (issue 9)', () => {
  it('the fault-free run completes (the baseline the injections are compared with)', async () => {
    const base = createManualClock();
    const { engine } = build('clock.now', undefined, base);
    const result = await drive(engine.start(def, { input: { go: true } }), base);
    expect(result.status).toBe('COMPLETED');
  });

  const points: Point[] = [
    'clock.now',
    'clock.setTimeout',
    'store.save',
    'onEvent',
    'condition',
    'cancel',
  ];
  it.each(points)(
    'a throw at every call of %s settles the run, saved, with no slot leaked',
    async (point) => {
      let crashes = 0;
      for (let k = 1; k < 400; k++) {
        const base = createManualClock();
        const fault = new Fault(k);
        const { engine, store } = build(point, fault, base);
        let result: ExecutionResult | undefined;
        try {
          const run = engine.start(def, { input: { go: true } });
          if (point === 'cancel') {
            // Cancel while work runs; the fault then hits during the cancel's transitions.
            base.setTimeout(() => void engine.cancel('x', 'stop').catch(() => undefined), 0.25);
          }
          result = await drive(run, base);
        } catch (error) {
          // Only before the store holds the execution: `start` throws (the clock is read before
          // the run exists) or the result rejects with the crash.
          expect(String(error)).toContain(INJECTED);
          expect(await store.load('x')).toBeUndefined();
        }
        await flush(100);
        expect(unhandled).toEqual([]);
        if (result !== undefined) {
          const snapshot = await engine.get('x');
          expect(snapshot.status).toBe(result.status);
          checkLaws({ snapshot, events: await store.listEvents('x') });
          if (result.status === 'FAILED' && result.error.code === 'ENGINE_INTERNAL_ERROR') {
            crashes++;
            expect(fault.fired).toBe(true);
            expect(result.error.name).toBe('EngineInternalError');
            expect(result.error.message).toContain(INJECTED);
            expect(snapshot.error?.code).toBe('ENGINE_INTERNAL_ERROR');
          }
        }
        if (!fault.fired) break; // the run no longer reaches the k-th call: every call was hit
        fault.disarm();
        await slotIsFree(engine, base);
      }
      expect(crashes).toBeGreaterThan(0);
    },
  );

  it('EngineInternalError carries its code, entry point and cause', () => {
    const cause = new Error('boom');
    const error = new EngineInternalError('e1', 'pump', cause);
    expect(error.code).toBe('ENGINE_INTERNAL_ERROR');
    expect(error.entryPoint).toBe('pump');
    expect(error.cause).toBe(cause);
    expect(isEngineInternalError(error)).toBe(true);
    expect(new EngineInternalError('e1', 'timer', 'text').message).toContain('"text"');
  });

  it('a store that always throws synchronously: the result rejects with EngineInternalError', async () => {
    const base = createManualClock();
    const store = new InMemoryExecutionStore();
    let created = false;
    const engine = createEngine({
      clock: base,
      store: {
        create: (snapshot) => {
          created = true;
          return store.create(snapshot);
        },
        load: (id) => store.load(id),
        listEvents: (id) => store.listEvents(id),
        save: () => {
          throw new Error(INJECTED);
        },
      },
      executors: { svc: () => ({ v: 1 }) },
      globalConcurrency: 1,
    });
    const run = engine.start(def, { input: { go: true } });
    await expect(drive(run, base)).rejects.toSatisfy(isEngineInternalError);
    expect(created).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
