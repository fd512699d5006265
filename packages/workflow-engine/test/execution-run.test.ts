/** How an execution ends: failure and cancel sweeps, the reasons executors see, the deadline. */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { NonRetryableError } from '../src/errors.js';
import type { Run } from '../src/engine.js';
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

describe('continuing an execution (bootstrap)', () => {
  it('on a failure cancels a step that is backing off (not skipped)', async () => {
    const clock = createManualClock();
    let failNow: (() => void) | undefined;
    const engine = createEngine({
      clock,
      executors: {
        flaky: () => Promise.reject(new Error('down')),
        fail: () =>
          new Promise((_, reject) => {
            failNow = () => reject(new NonRetryableError('boom'));
          }),
      },
    });
    const run = engine.start({
      id: 'w',
      nodes: [
        {
          id: 'a',
          config: { service: 'flaky', retry: { max_attempts: 3, initial_delay_seconds: 60 } },
        },
        { id: 'b', config: { service: 'fail' } },
      ],
      connections: [],
    });
    await flush(100);
    expect((await engine.get(run.executionId)).steps.a?.status).toBe('RETRYING');
    failNow?.();
    const result = await run.result;
    expect(result).toMatchObject({ status: 'FAILED', stepId: 'b', steps: { a: 'CANCELLED' } });
  });

  it('gives the steps it continues the outputs of the steps completed before a crash', async () => {
    const clock = createManualClock();
    const store = new RecordingStore();
    const def = {
      id: 'w',
      nodes: [
        { id: 'a', config: { service: 'make' } },
        { id: 'b', config: { service: 'use', parameters: { got: '${a.value}' } } },
      ],
      connections: [{ source: 'a', target: 'b' }],
    };
    const first = createEngine({
      clock,
      store,
      generateId: () => 'x',
      executors: { make: () => ({ value: 42 }), use: () => new Promise(() => undefined) },
    });
    const run = first.start(def);
    await flush(200);
    await first.close();
    await run.result.catch(() => undefined);
    const seen: unknown[] = [];
    const second = createEngine({
      clock,
      store,
      executors: {
        make: () => ({ value: -1 }),
        use: ({ params }) => {
          seen.push(params);
          return 'used';
        },
      },
    });
    const recovered = (await second.recover('x')) as Run;
    expect(await recovered.result).toMatchObject({ status: 'COMPLETED', outputs: { b: 'used' } });
    expect(seen).toEqual([{ got: 42 }]);
  });

  it('a step that did not complete has no output after a resume: a bare reference to it stays missing', async () => {
    const clock = createManualClock();
    const engine = createEngine({
      clock,
      executors: { bad: () => Promise.reject(new NonRetryableError('no')), ok: () => 'ok' },
      generateId: () => 'x',
    });
    const def = {
      id: 'w',
      nodes: [
        { id: 'f', config: { service: 'bad', continue_on_error: true } },
        { id: 'd', config: { service: 'ok', join: 'all_done', parameters: { v: '${f}' } } },
      ],
      connections: [{ source: 'f', target: 'd' }],
    };
    expect(await drive(engine.start(def), clock)).toMatchObject({ status: 'PAUSED' });
    expect((await engine.get('x')).missingInputs).toEqual(['f']);
    const resumed = (await engine.resume('x')) as Run;
    expect(await drive(resumed, clock)).toMatchObject({ status: 'PAUSED' });
    expect((await engine.get('x')).steps.d?.status).toBe('PAUSED');
  });

  it('decides the steps it continues in declaration order, not in the order their inputs resolved', async () => {
    // a → T and b → R with a and b COMPLETED and R, T never started (as a crash under a concurrency
    // limit leaves them): R (declared first) must start first, although a's edge resolved first.
    const clock = createManualClock();
    const store = new RecordingStore();
    const def = {
      id: 'w',
      nodes: ['a', 'R', 'b', 'T'].map((id) => ({ id, config: { service: id.toLowerCase() } })),
      connections: [
        { source: 'a', target: 'T' },
        { source: 'b', target: 'R' },
      ],
    };
    const hang = () => new Promise(() => undefined);
    const first = createEngine({
      clock,
      store,
      generateId: () => 'x',
      executors: { a: () => 1, b: () => 2, r: hang, t: hang },
    });
    const run = first.start(def);
    await flush(200);
    await first.close();
    await run.result.catch(() => undefined);
    const crashed = (await store.load('x')) as NonNullable<Awaited<ReturnType<typeof store.load>>>;
    const fresh = (stepId: string) => ({
      stepId,
      status: 'PENDING' as const,
      attempt: 0,
      attempts: 0,
      fallback: false,
      fallbackUsed: false,
      updatedAt: 0,
    });
    const queuedStore = new RecordingStore();
    await queuedStore.create({
      ...crashed,
      steps: { ...crashed.steps, R: fresh('R'), T: fresh('T') },
    });
    const order: string[] = [];
    const second = createEngine({
      clock,
      store: queuedStore,
      maxConcurrency: 1,
      executors: {
        r: () => void order.push('R'),
        t: () => void order.push('T'),
      },
    });
    const recovered = (await second.recover('x')) as Run;
    expect(await drive(recovered, clock)).toMatchObject({ status: 'COMPLETED' });
    expect(order).toEqual(['R', 'T']);
  });

  it('pausing again lists only what is missing now, not what a resumed step once missed', async () => {
    const clock = createManualClock();
    const engine = createEngine({ clock, executors: { ok: () => 'ok' }, generateId: () => 'x' });
    const def = {
      id: 'w',
      nodes: [
        { id: 'p', config: { service: 'ok', parameters: { v: '${input.first}' } } },
        { id: 'q', config: { service: 'ok', parameters: { v: '${input.second}' } } },
      ],
      connections: [{ source: 'p', target: 'q' }],
    };
    expect(await drive(engine.start(def), clock)).toMatchObject({ status: 'PAUSED' });
    expect((await engine.get('x')).missingInputs).toEqual(['input.first']);
    const resumed = (await engine.resume('x', { input: { first: 1 } })) as Run;
    expect(await drive(resumed, clock)).toMatchObject({ status: 'PAUSED' });
    expect((await engine.get('x')).missingInputs).toEqual(['input.second']);
  });
});
