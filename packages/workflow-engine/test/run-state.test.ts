/**
 * The run reducer (run-state.ts) driven directly: every action's precondition, the records and
 * events it writes, and the counters and slots it keeps. The engine tests reach it only through
 * legal sequences; here illegal actions must be refused.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { compileWorkflow } from '../src/compiled-workflow.js';
import { initialSnapshot } from '../src/engine.js';
import { IllegalTransitionError } from '../src/errors.js';
import { normalizeDefinition } from '../src/normalize.js';
import { resolveEngineOptions } from '../src/options.js';
import { BACKING_OFF, DONE, QUEUED, RUNNING, RunState, WAITING } from '../src/run-state.js';
import type { EngineHost, RunAction } from '../src/run-state.js';
import type { ExecutionSnapshot, StepRecord } from '../src/store.js';

class TestRun extends RunState {
  pumps = 0;
  schedulePump(): void {
    this.pumps++;
  }
}

const ERR = { name: 'E', message: 'm' };

/** A run of steps a, b, c (a → b, c alone) at time 5, with its host's slot count. */
function setup(patch: (s: ExecutionSnapshot) => void = () => undefined) {
  const clock = createManualClock({ start: 5 });
  let slots = 0;
  const engine: EngineHost = {
    options: resolveEngineOptions({ clock }),
    lookup: () => undefined,
    acquire: () => true,
    takeSlot: () => {
      slots++;
    },
    releaseSlot: () => {
      slots--;
    },
    release: () => undefined,
  };
  const workflow = normalizeDefinition({
    id: 'w',
    nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c', config: { continue_on_error: true } }],
    connections: [{ source: 'a', target: 'b' }],
  });
  const snapshot = initialSnapshot(workflow, 'x', { k: 1 }, 0);
  patch(snapshot);
  const run = new TestRun(engine, compileWorkflow(workflow, engine.options), snapshot, 0);
  return { run, clock, slots: () => slots };
}

const refuses = (run: TestRun, action: RunAction, from: string, to: string): void => {
  let error: unknown;
  try {
    run.dispatch(action);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(IllegalTransitionError);
  expect((error as Error).message).toBe(`Illegal step transition ${from} → ${to}`);
};

describe('RunState: reading a snapshot', () => {
  it('counts backing-off, paused and done steps and sets their scheduling state', () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).status = 'RETRYING';
      (s.steps.b as StepRecord).status = 'PAUSED';
      (s.steps.c as StepRecord).status = 'COMPLETED';
    });
    expect([...run.sched]).toEqual([BACKING_OFF, WAITING, DONE]);
    expect([run.backingOff, run.paused, run.done, run.running]).toEqual([1, 1, 1, 0]);
  });

  it('is terminal in COMPLETED, FAILED, CANCELLED and PARTIAL only', () => {
    const terminal = (status: ExecutionSnapshot['status']) =>
      setup((s) => {
        s.status = status;
      }).run.terminal;
    expect(
      ['COMPLETED', 'FAILED', 'CANCELLED', 'PARTIAL'].map((s) => terminal(s as never)),
    ).toEqual([true, true, true, true]);
    expect(['PENDING', 'RUNNING', 'PAUSED'].map((s) => terminal(s as never))).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('RunState: execution actions', () => {
  it('writes each execution event with its sequence number and time', async () => {
    const { run, clock } = setup();
    run.dispatch({ type: 'run.started' });
    await clock.advance(2);
    run.dispatch({ type: 'run.paused', missingInputs: ['input.q'] });
    run.dispatch({ type: 'run.resumed', input: { q: 1 } });
    run.dispatch({ type: 'run.failed', error: ERR, stepId: undefined });
    expect(run.events).toStrictEqual([
      { type: 'execution.started', executionId: 'x', seq: 1, at: 5 },
      { type: 'execution.paused', missingInputs: ['input.q'], executionId: 'x', seq: 2, at: 7 },
      { type: 'execution.resumed', executionId: 'x', seq: 3, at: 7 },
      { type: 'execution.failed', error: ERR, executionId: 'x', seq: 4, at: 7 },
    ]);
    expect(run.state).toMatchObject({
      status: 'FAILED',
      input: { q: 1 },
      error: ERR,
      missingInputs: [],
    });
    expect(run.failedStepId).toBeUndefined();
    expect(run.executionChanged).toBe(true);
    expect(run.pumps).toBe(4);
  });

  it('names the failed step when there is one', () => {
    const { run } = setup();
    run.dispatch({ type: 'run.started' });
    run.dispatch({ type: 'run.failed', error: ERR, stepId: 'a' });
    expect(run.events.at(-1)).toStrictEqual({
      type: 'execution.failed',
      error: ERR,
      stepId: 'a',
      executionId: 'x',
      seq: 2,
      at: 5,
    });
    expect(run.failedStepId).toBe('a');
  });

  it('stores a cancellation reason as the error, and nothing without one', () => {
    const withReason = setup().run;
    withReason.dispatch({ type: 'run.cancelled', reason: 'stop' });
    expect(withReason.events).toStrictEqual([
      { type: 'execution.cancelled', reason: 'stop', executionId: 'x', seq: 1, at: 5 },
    ]);
    expect(withReason.state.error).toEqual({ name: 'Cancelled', message: 'stop' });
    expect(withReason.cancelReason).toBe('stop');
    const without = setup().run;
    without.dispatch({ type: 'run.cancelled', reason: undefined });
    expect(without.events).toStrictEqual([
      { type: 'execution.cancelled', executionId: 'x', seq: 1, at: 5 },
    ]);
    expect(without.state.error).toBeNull();
  });

  it('refuses an illegal execution move', () => {
    const { run } = setup();
    expect(() => run.dispatch({ type: 'run.completed' })).toThrow(
      'Illegal execution transition PENDING → COMPLETED',
    );
    run.dispatch({ type: 'run.started' });
    run.dispatch({ type: 'run.partial', failedSteps: ['c'] });
    expect(run.events.at(-1)).toMatchObject({ type: 'execution.partial', failedSteps: ['c'] });
    expect(() => run.dispatch({ type: 'run.started' })).toThrow(IllegalTransitionError);
  });
});

describe('RunState: step actions', () => {
  it('queues a waiting step (idempotently) and refuses to queue a running or done one', () => {
    const { run } = setup();
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.queued', i: 0 });
    expect(run.sched[0]).toBe(QUEUED);
    expect(run.backingOff).toBe(0);
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: true });
    refuses(run, { type: 'step.queued', i: 0 }, 'RUNNING/2', 'queued');
  });

  it('starts only a queued step, takes a slot, and clears missing inputs on a first start', () => {
    const { run, slots } = setup((s) => {
      (s.steps.a as StepRecord).missingInputs = ['input.z'];
    });
    refuses(
      run,
      { type: 'step.started', i: 0, attempt: 1, fallback: false, first: true },
      'PENDING/0',
      'started',
    );
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 3, fallback: true, first: true });
    expect(run.steps[0]).toStrictEqual({
      stepId: 'a',
      status: 'RUNNING',
      attempt: 3,
      attempts: 0,
      fallback: true,
      fallbackUsed: false,
      updatedAt: 5,
      missingInputs: [],
    });
    expect([run.sched[0], run.running, slots()]).toEqual([RUNNING, 1, 1]);
    expect(run.events.at(-1)).toStrictEqual({
      type: 'step.started',
      attempt: 3,
      fallback: true,
      executionId: 'x',
      seq: 1,
      at: 5,
      stepId: 'a',
    });
  });

  it('keeps missing inputs on a later start', () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).missingInputs = ['input.z'];
    });
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: false });
    expect(run.steps[0]?.missingInputs).toEqual(['input.z']);
  });

  it('completes a running step: output, attempts, fallback used, slot freed', () => {
    const { run, slots } = setup();
    refuses(run, { type: 'step.completed', i: 0, output: 1 }, 'PENDING/0', 'completed');
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: true, first: true });
    run.dispatch({ type: 'step.completed', i: 0, output: { v: 1 } });
    expect(run.steps[0]).toMatchObject({
      status: 'COMPLETED',
      output: { v: 1 },
      attempts: 1,
      fallbackUsed: true,
    });
    expect(run.outputs.a).toEqual({ v: 1 });
    expect([run.sched[0], run.running, run.done, slots()]).toEqual([DONE, 0, 1, 0]);
    expect(run.events.at(-1)).toMatchObject({
      type: 'step.completed',
      attempt: 1,
      fallbackUsed: true,
    });
  });

  it('completes a trigger at once with the execution input', () => {
    const { run, slots } = setup();
    refuses(run, { type: 'step.triggered', i: 0 }, 'PENDING/0', 'triggered');
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.triggered', i: 0 });
    expect(run.steps[0]).toMatchObject({ status: 'COMPLETED', attempt: 1, output: { k: 1 } });
    expect(run.outputs.a).toEqual({ k: 1 });
    expect([run.sched[0], run.done, run.running, slots()]).toEqual([DONE, 1, 0, 0]);
    expect(run.events.map((e) => [e.type, 'attempt' in e ? e.attempt : undefined])).toEqual([
      ['step.started', 1],
      ['step.completed', 1],
    ]);
    expect(run.events[0]).toMatchObject({ fallback: false });
    expect(run.events[1]).toMatchObject({ fallbackUsed: false });
  });

  it('refuses to trigger a queued step that is not PENDING', () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).status = 'PAUSED';
    });
    run.dispatch({ type: 'step.queued', i: 0 });
    refuses(run, { type: 'step.triggered', i: 0 }, 'PAUSED/1', 'triggered');
  });

  it('pauses a queued step with an event once, then updates it silently', () => {
    const { run } = setup();
    refuses(run, { type: 'step.paused', i: 0, missing: ['input.q'] }, 'PENDING/0', 'paused');
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.paused', i: 0, missing: ['input.q'] });
    expect([run.sched[0], run.paused]).toEqual([WAITING, 1]);
    expect(run.events.map((e) => e.type)).toEqual(['step.paused']);
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.paused', i: 0, missing: ['input.r'] });
    expect(run.steps[0]).toMatchObject({ status: 'PAUSED', missingInputs: ['input.r'] });
    expect(run.paused).toBe(1);
    expect(run.events.map((e) => e.type)).toEqual(['step.paused']);
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: true });
    expect(run.paused).toBe(0);
  });

  it('retries a running step, or a RUNNING record found by recovery, keeping the error', () => {
    const { run, slots } = setup((s) => {
      (s.steps.b as StepRecord).status = 'RUNNING';
      (s.steps.b as StepRecord).attempt = 2;
    });
    refuses(
      run,
      { type: 'step.retrying', i: 0, error: ERR, delayMs: 1, toFallback: false },
      'PENDING/0',
      'retrying',
    );
    run.dispatch({ type: 'step.retrying', i: 1, error: ERR, delayMs: 10, toFallback: true });
    expect(run.steps[1]).toMatchObject({
      status: 'RETRYING',
      attempts: 1,
      attempt: 0,
      fallback: true,
      error: ERR,
    });
    expect([run.sched[1], run.backingOff, run.running, run.done, slots()]).toEqual([
      BACKING_OFF,
      1,
      0,
      0,
      0,
    ]);
    expect(run.events.at(-1)).toMatchObject({
      type: 'step.retrying',
      attempt: 2,
      delayMs: 10,
      error: ERR,
      fallback: true,
    });
    run.dispatch({ type: 'step.queued', i: 1 });
    expect(run.backingOff).toBe(0);
    run.dispatch({ type: 'step.started', i: 1, attempt: 1, fallback: true, first: false });
    run.dispatch({ type: 'step.retrying', i: 1, error: ERR, delayMs: 10, toFallback: false });
    expect(run.steps[1]).toMatchObject({ attempt: 1, attempts: 2, fallback: true });
    expect([run.backingOff, run.running, slots()]).toEqual([1, 0, 0]);
  });

  it('fails a step, counting the attempt only when asked, tolerated per continue_on_error', () => {
    const { run } = setup();
    run.dispatch({ type: 'step.failed', i: 2, error: ERR, counted: false });
    expect(run.steps[2]).toMatchObject({ status: 'FAILED', attempts: 0, error: ERR });
    expect(run.events.at(-1)).toMatchObject({ type: 'step.failed', tolerated: true });
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: true });
    run.dispatch({ type: 'step.failed', i: 0, error: ERR, counted: true });
    expect(run.steps[0]).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(run.events.at(-1)).toMatchObject({ type: 'step.failed', tolerated: false });
    expect([run.done, run.running]).toEqual([2, 0]);
    refuses(run, { type: 'step.failed', i: 0, error: ERR, counted: true }, 'FAILED/4', 'failed');
  });

  it('refuses to fail a step that is backing off', () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).status = 'RETRYING';
    });
    refuses(run, { type: 'step.failed', i: 0, error: ERR, counted: true }, 'RETRYING/3', 'failed');
  });

  it("skips a step that is not running or done, keeping the record's other fields", () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).status = 'RETRYING';
      (s.steps.a as StepRecord).error = ERR;
      (s.steps.b as StepRecord).status = 'PAUSED';
      (s.steps.b as StepRecord).missingInputs = ['input.q'];
    });
    run.dispatch({ type: 'step.cancelled', i: 0, reason: 'stop' });
    expect(run.steps[0]).toStrictEqual({
      stepId: 'a',
      status: 'CANCELLED',
      attempt: 0,
      attempts: 0,
      fallback: false,
      fallbackUsed: false,
      updatedAt: 5,
      error: ERR,
    });
    expect(run.backingOff).toBe(0);
    run.dispatch({ type: 'step.skipped', i: 1, reason: 'upstream_failed' });
    expect(run.steps[1]).toStrictEqual({
      stepId: 'b',
      status: 'SKIPPED',
      attempt: 0,
      attempts: 0,
      fallback: false,
      fallbackUsed: false,
      updatedAt: 5,
      missingInputs: ['input.q'],
      skipReason: 'upstream_failed',
    });
    expect([run.paused, run.done]).toEqual([0, 2]);
    expect(run.events.map((e) => e.type)).toEqual(['step.cancelled', 'step.skipped']);
    refuses(run, { type: 'step.skipped', i: 1, reason: 'upstream_failed' }, 'SKIPPED/4', 'skipped');
    refuses(run, { type: 'step.cancelled', i: 1, reason: 'x' }, 'SKIPPED/4', 'cancelled');
  });

  it('refuses to skip a backing-off or running step', () => {
    const { run } = setup((s) => {
      (s.steps.a as StepRecord).status = 'RETRYING';
    });
    expect(() => run.dispatch({ type: 'step.skipped', i: 0, reason: 'condition_false' })).toThrow(
      'Illegal step transition RETRYING → SKIPPED',
    );
    run.dispatch({ type: 'step.queued', i: 2 });
    run.dispatch({ type: 'step.started', i: 2, attempt: 1, fallback: false, first: true });
    refuses(run, { type: 'step.skipped', i: 2, reason: 'condition_false' }, 'RUNNING/2', 'skipped');
  });

  it('cancels a running step, freeing its slot', () => {
    const { run, slots } = setup();
    run.dispatch({ type: 'step.queued', i: 0 });
    run.dispatch({ type: 'step.started', i: 0, attempt: 1, fallback: false, first: true });
    run.dispatch({ type: 'step.cancelled', i: 0, reason: 'stop' });
    expect([run.sched[0], run.running, run.done, run.backingOff, slots()]).toEqual([
      DONE,
      0,
      1,
      0,
      0,
    ]);
    expect(run.events.at(-1)).toMatchObject({
      type: 'step.cancelled',
      reason: 'stop',
      stepId: 'a',
    });
  });

  it('marks a step dirty once, however many times it changes', () => {
    const { run } = setup();
    run.dispatch({ type: 'step.queued', i: 1 });
    run.dispatch({ type: 'step.started', i: 1, attempt: 1, fallback: false, first: true });
    run.dispatch({ type: 'step.completed', i: 1, output: 1 });
    expect(run.dirtySteps).toEqual([1]);
    expect([...run.dirty]).toEqual([0, 1, 0]);
  });

  it("attaches diagnostics to the step's next event only", () => {
    const { run } = setup();
    run.diagnose(0, 'first');
    run.diagnose(0, 'second');
    run.dispatch({ type: 'step.skipped', i: 0, reason: 'condition_false' });
    run.dispatch({ type: 'step.skipped', i: 1, reason: 'upstream_skipped' });
    expect(run.events[0]).toMatchObject({ diagnostics: ['first', 'second'] });
    expect(run.events[1]).not.toHaveProperty('diagnostics');
    expect(run.diagnostics[0]).toBeUndefined();
  });
});
