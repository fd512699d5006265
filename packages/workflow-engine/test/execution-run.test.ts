/** How an execution ends: failure and cancel sweeps, the reasons executors see, the deadline. */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import { NonRetryableError } from '../src/errors.js';
import type { EngineEvent } from '../src/events.js';
import type { Executor } from '../src/options.js';

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
});
