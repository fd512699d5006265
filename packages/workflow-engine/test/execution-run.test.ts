/** How an execution ends: failure and cancel sweeps, the reasons executors see, the deadline. */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { NonRetryableError } from '../src/errors.js';
import type { EngineEvent } from '../src/events.js';
import type { Executor } from '../src/options.js';
import { RecordingStore, drive, flush, interruptAndRecover } from './helpers/engine-harness.js';

const def = {
  id: 'w',
  nodes: [
    { id: 'a', config: { service: 'fail' } },
    { id: 'b', config: { service: 'hang' } },
    { id: 'c', config: { service: 'ok' } },
  ],
  connections: [{ source: 'b', target: 'c' }],
};

function setup(start = 0) {
  const clock = createManualClock({ start });
  const signals: AbortSignal[] = [];
  let failNow: (() => void) | undefined;
  const executors: Record<string, Executor> = {
    fail: () =>
      new Promise((_, reject) => {
        failNow = () => reject(new NonRetryableError('boom'));
      }),
    hang: ({ signal }) => {
      signals.push(signal);
      return new Promise(() => undefined);
    },
    ok: () => 1,
  };
  const engine = createEngine({ clock, executors, deadlineMs: 1_000 });
  return { engine, clock, signals, fail: () => failNow?.() };
}

async function eventsOf(run: { events: AsyncIterable<EngineEvent> }): Promise<EngineEvent[]> {
  const out: EngineEvent[] = [];
  for await (const e of run.events) out.push(e);
  return out;
}

describe('ending an execution', () => {
  it('on a failure cancels running steps and skips the rest, aborting executors with execution_failed', async () => {
    const { engine, signals, fail } = setup();
    const run = engine.start(def, { executionId: 'x' });
    while (signals.length === 0) await Promise.resolve();
    fail();
    const result = await run.result;
    expect(result).toMatchObject({
      status: 'FAILED',
      stepId: 'a',
      steps: { b: 'CANCELLED', c: 'SKIPPED' },
    });
    const events = await eventsOf(run);
    expect(events.find((e) => e.type === 'step.cancelled')).toMatchObject({
      stepId: 'b',
      reason: 'execution_failed',
    });
    expect(events.find((e) => e.type === 'step.skipped')).toMatchObject({
      stepId: 'c',
      reason: 'execution_failed',
    });
    expect((signals[0]?.reason as Error).message).toBe('Execution "x" aborted (execution_failed)');
  });

  it('on cancel cancels every open step, aborting executors with cancelled', async () => {
    const { engine, signals } = setup();
    const run = engine.start(def, { executionId: 'x' });
    while (signals.length === 0) await Promise.resolve();
    expect(await engine.cancel('x', 'user')).toBe(true);
    const result = await run.result;
    expect(result).toMatchObject({
      status: 'CANCELLED',
      reason: 'user',
      steps: { a: 'CANCELLED', b: 'CANCELLED', c: 'CANCELLED' },
    });
    const cancelled = (await eventsOf(run)).filter((e) => e.type === 'step.cancelled');
    expect(cancelled.map((e) => [e.stepId, (e as { reason: string }).reason])).toEqual([
      ['a', 'cancelled'],
      ['b', 'cancelled'],
      ['c', 'cancelled'],
    ]);
    expect((signals[0]?.reason as Error).message).toBe('Execution "x" aborted (cancelled)');
  });

  it("fails at the deadline counted from the execution's creation time", async () => {
    const { engine, clock, signals } = setup(500);
    const run = engine.start(def, { executionId: 'x' });
    while (signals.length === 0) await Promise.resolve();
    await clock.advance(999);
    expect((await engine.get('x')).status).toBe('RUNNING');
    await clock.advance(1);
    const result = await run.result;
    expect(result.status === 'FAILED' && result.error).toMatchObject({
      code: 'WORKFLOW_DEADLINE_EXCEEDED',
    });
  });

  it('frees the global slots of a run whose save failed', async () => {
    const store = new RecordingStore();
    const started: string[] = [];
    const engine = createEngine({
      store,
      globalConcurrency: 2,
      executors: {
        hang: ({ step }) => {
          started.push(step.id);
          return new Promise(() => undefined);
        },
        ok: () => 1,
      },
    });
    store.beforeSave = (request) => {
      if (request.events.some((e) => e.type === 'step.completed')) throw new Error('disk full');
    };
    const first = engine.start({
      id: 'w',
      nodes: [
        { id: 'a', config: { service: 'hang' } },
        { id: 'b', config: { service: 'ok' } },
      ],
      connections: [],
    });
    await expect(first.result).rejects.toThrow('disk full');
    store.beforeSave = undefined;
    engine.start({
      id: 'w2',
      nodes: [
        { id: 'c', config: { service: 'hang' } },
        { id: 'd', config: { service: 'hang' } },
      ],
      connections: [],
    });
    await flush(200);
    expect(started).toEqual(['a', 'c', 'd']);
  });

  it('names the deadline as the entry point when failing at the deadline throws', async () => {
    const base = createManualClock();
    const broken = { on: false };
    const clock: Clock = {
      now: () => {
        if (broken.on) throw new Error('clock fault');
        return base.now();
      },
      setTimeout: (fn, ms) => base.setTimeout(fn, ms),
      clearTimeout: (handle) => base.clearTimeout(handle),
    };
    const engine = createEngine({
      clock,
      deadlineMs: 1_000,
      generateId: () => 'x',
      executors: { hang: () => new Promise(() => undefined) },
    });
    const run = engine.start({ id: 'w', nodes: [{ id: 'a', config: { service: 'hang' } }] });
    await flush(100);
    broken.on = true;
    const result = await drive(run, base);
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Execution "x" failed inside the engine (deadline): clock fault',
    );
  });

  it('pauses only once no step waits for a slot or a retry', async () => {
    const clock = createManualClock();
    let release: () => void = () => undefined;
    let calls = 0;
    const engine = createEngine({
      clock,
      globalConcurrency: 1,
      executors: {
        hold: () => new Promise((resolve) => (release = () => resolve(0))),
        flaky: () => (++calls === 1 ? Promise.reject(new Error('flaky')) : 1),
      },
    });
    const paused = {
      id: 'p',
      nodes: [
        {
          id: 'b',
          config: { service: 'flaky', retry: { max_attempts: 2, initial_delay_seconds: 5 } },
        },
        { id: 'c', config: { service: 'flaky', parameters: { q: '${input.q}' } } },
      ],
      connections: [],
    };
    const holder = engine.start({ id: 'h', nodes: [{ id: 'a', config: { service: 'hold' } }] });
    await flush(100);
    // b waits for the only global slot, then backs off 5 s after its first attempt.
    const run = engine.start(paused);
    await flush(100);
    release();
    expect((await holder.result).status).toBe('COMPLETED');
    const result = await drive(run, clock);
    expect(result).toMatchObject({
      status: 'PAUSED',
      missingInputs: ['input.q'],
      steps: { b: 'COMPLETED', c: 'PAUSED' },
    });
    expect(calls).toBe(2);
  });

  it('retries at once, on recovery, a step whose back-off was interrupted', async () => {
    const { stored, attempts, recovered } = await interruptAndRecover(
      {
        id: 'w',
        nodes: [
          {
            id: 'a',
            config: { service: 's', retry: { max_attempts: 2, initial_delay_seconds: 60 } },
          },
        ],
        connections: [],
      },
      () => Promise.reject(new Error('down')),
    );
    expect(stored?.steps.a?.status).toBe('RETRYING');
    await flush(200);
    expect(attempts).toEqual([2]);
    expect(await recovered.result).toMatchObject({ status: 'COMPLETED', outputs: { a: 'ok' } });
  });
});
