/**
 * Issue 9: the shapes users write that broke the old run loop, and recovery that keeps the retry
 * budget. Each case failed on the engine before the rewrite.
 */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { Run } from '../src/engine.js';
import { isExecutionAbortedError } from '../src/errors.js';
import type { Executor } from '../src/options.js';
import type { GraphDefinition, GraphNodeDef, NodeConfig } from '../src/types.js';
import { checkLaws } from './laws.js';
import { RecordingStore, drive, flush } from './helpers/engine-harness.js';

const trigger = (id: string): GraphNodeDef => ({ id, type: 'trigger' });
const step = (id: string, config: NodeConfig = {}): GraphNodeDef => ({
  id,
  config: { service: 'svc', ...config },
});
const graph = (nodes: GraphNodeDef[], edges: Array<[string, string]>): GraphDefinition => ({
  id: 'wf',
  nodes,
  connections: edges.map(([source, target]) => ({ source, target })),
});

/** Runs `def` to the end on a manual clock; returns the result, the stored snapshot and the calls. */
async function runToEnd(
  def: GraphDefinition,
  options: { maxConcurrency?: number; executors?: Record<string, Executor>; sync?: boolean } = {},
) {
  const clock = createManualClock();
  const store = new RecordingStore();
  const calls: string[] = [];
  const svc: Executor = ({ step: s, attempt }) => {
    calls.push(`${s.id}#${attempt}`);
    return options.sync === true ? { id: s.id } : Promise.resolve({ id: s.id });
  };
  const engine = createEngine({
    clock,
    store,
    executors: { svc, ...options.executors },
    generateId: () => 'x',
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
  });
  const result = await drive(engine.start(def), clock);
  const snapshot = await engine.get('x');
  checkLaws({ snapshot, events: await store.listEvents('x') });
  return { result, snapshot, calls, engine, clock, store };
}

describe('run loop (issue 9)', () => {
  it('a service-less trigger with six children, default options, completes', async () => {
    const children = ['a', 'b', 'c', 'd', 'e', 'f'];
    const def = graph(
      [trigger('t'), ...children.map((id) => step(id))],
      children.map((id) => ['t', id]),
    );
    for (const sync of [true, false]) {
      const { result, calls } = await runToEnd(def, { sync });
      expect(result.status).toBe('COMPLETED');
      expect(calls.sort()).toEqual(children.map((id) => `${id}#1`));
    }
  });

  it('a trigger with two children at maxConcurrency 1 completes', async () => {
    const def = graph(
      [trigger('t'), step('a'), step('b')],
      [
        ['t', 'a'],
        ['t', 'b'],
      ],
    );
    for (const sync of [true, false]) {
      const { result, calls } = await runToEnd(def, { maxConcurrency: 1, sync });
      expect(result.status).toBe('COMPLETED');
      expect(calls).toEqual(['a#1', 'b#1']);
    }
  });

  it('a tolerated executor-less root whose child becomes ready while another root waits for the only slot', async () => {
    const cases: Array<[string[], number]> = [
      [['ghost', 'b'], 1],
      [['ghost', 'b', 'd'], 1],
      [['b', 'ghost'], 2],
      [['b', 'ghost', 'd'], 2],
    ];
    for (const [roots, maxConcurrency] of cases) {
      for (const sync of [true, false]) {
        const nodes = roots.map((id) =>
          id === 'ghost'
            ? step('ghost', { service: 'nowhere', continue_on_error: true })
            : step(id),
        );
        const def = graph(
          [...nodes, step('c1'), step('c2')],
          [
            ['ghost', 'c1'],
            ['ghost', 'c2'],
          ],
        );
        const { result, snapshot } = await runToEnd(def, { maxConcurrency, sync });
        expect(result.status).toBe('PARTIAL');
        expect(snapshot.steps.ghost?.status).toBe('FAILED');
        for (const id of [...roots.filter((r) => r !== 'ghost'), 'c1', 'c2']) {
          expect(snapshot.steps[id]?.status).toBe('COMPLETED');
        }
      }
    }
  });

  it('two PAUSED executor-less steps resumed together: one fails the run, the other is cancelled, the store agrees', async () => {
    const clock = createManualClock();
    const store = new RecordingStore();
    const engine = createEngine({ clock, store, executors: {}, generateId: () => 'x' });
    const params = { parameters: { need: '${input.need}' } };
    const def = graph(
      [step('p', { service: 'nowhere', ...params }), step('q', { service: 'nowhere', ...params })],
      [],
    );
    const paused = await drive(engine.start(def), clock);
    expect(paused.status).toBe('PAUSED');
    const resumed = (await engine.resume('x', { input: { need: 1 } })) as Run;
    const result = await drive(resumed, clock);
    expect(result.status).toBe('FAILED');
    const snapshot = await engine.get('x');
    expect(snapshot.status).toBe('FAILED');
    expect(snapshot.steps.p?.status).toBe('FAILED');
    expect(snapshot.steps.q?.status).toBe('CANCELLED');
    checkLaws({ snapshot, events: await store.listEvents('x') });
  });

  it('queueing is idempotent: many triggers feeding one join start it once', async () => {
    const def = graph(
      [trigger('t1'), trigger('t2'), trigger('t3'), step('j', { join: 'all_done' })],
      [
        ['t1', 'j'],
        ['t2', 'j'],
        ['t3', 'j'],
      ],
    );
    for (const maxConcurrency of [1, 2, 5, Infinity]) {
      const { result, calls } = await runToEnd(def, { maxConcurrency });
      expect(result.status).toBe('COMPLETED');
      expect(calls).toEqual(['j#1']);
    }
  });
});

describe('recover keeps the retry budget (issue 9)', () => {
  /** Starts `def` with `b` hanging, closes the engine, and recovers with a fresh one where `b` succeeds. */
  async function crashAndRecover(bConfig: NodeConfig, bSucceeds = true) {
    const clock = createManualClock();
    const store = new RecordingStore();
    const calls: string[] = [];
    const def = graph(
      [step('a'), step('b', bConfig), step('c')],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
    );
    const executor =
      (hang: boolean): Executor =>
      ({ step: s, attempt, fallback }) => {
        calls.push(`${s.id}#${attempt}${fallback ? 'f' : ''}`);
        if (hang && s.id === 'b') return new Promise(() => undefined);
        if (s.id === 'b' && !bSucceeds) return Promise.reject(new Error('still down'));
        return Promise.resolve({ id: s.id });
      };
    const first = createEngine({
      clock,
      store,
      executors: { svc: executor(true), backup: executor(true) },
      generateId: () => 'x',
    });
    const run = first.start(def);
    await flush(200);
    await first.close();
    await expect(run.result).rejects.toSatisfy(isExecutionAbortedError);
    expect((await store.load('x'))?.steps.b?.status).toBe('RUNNING');
    const second = createEngine({
      clock,
      store,
      executors: { svc: executor(false), backup: executor(false) },
      retry: { initialDelayMs: 10 },
    });
    const recovered = await second.recover('x');
    expect(recovered).not.toBe(false);
    const result = await drive(recovered as Run, clock);
    const snapshot = await second.get('x');
    const events = await store.listEvents('x');
    checkLaws({ snapshot, events });
    return { result, snapshot, calls, events };
  }

  it('max_attempts 1: the interrupted attempt was the only one; the step FAILS with STEP_INTERRUPTED, never runs twice', async () => {
    const { result, snapshot, calls } = await crashAndRecover({ retry: { max_attempts: 1 } });
    expect(calls).toEqual(['a#1', 'b#1']);
    expect(result.status).toBe('FAILED');
    expect(snapshot.steps.b).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      attempts: 1,
      error: { name: 'StepInterruptedError', code: 'STEP_INTERRUPTED' },
    });
    expect(snapshot.steps.c?.status).toBe('SKIPPED');
    if (result.status === 'FAILED') {
      expect(result.stepId).toBe('b');
      expect(result.error.code).toBe('STEP_INTERRUPTED');
    }
  });

  it('max_attempts 1 with continue_on_error: the run goes on, PARTIAL', async () => {
    const { result, snapshot, calls } = await crashAndRecover({
      retry: { max_attempts: 1 },
      continue_on_error: true,
    });
    expect(calls).toEqual(['a#1', 'b#1', 'c#1']);
    expect(result.status).toBe('PARTIAL');
    expect(snapshot.steps.b?.attempts).toBe(1);
  });

  it('attempts left: the interrupted attempt counts, the retry is attempt 2 and attempts ends at 2', async () => {
    const { result, snapshot, calls, events } = await crashAndRecover({
      retry: { max_attempts: 2 },
    });
    expect(calls).toEqual(['a#1', 'b#1', 'b#2', 'c#1']);
    expect(result.status).toBe('COMPLETED');
    expect(snapshot.steps.b).toMatchObject({ status: 'COMPLETED', attempt: 2, attempts: 2 });
    const retrying = events.find((e) => e.type === 'step.retrying' && e.stepId === 'b');
    expect(retrying).toMatchObject({ attempt: 1, error: { code: 'STEP_INTERRUPTED' } });
  });

  it('attempts left but the retry fails too: never more executor calls than the policy allows', async () => {
    const { result, snapshot, calls } = await crashAndRecover(
      { retry: { max_attempts: 2 } },
      false,
    );
    expect(calls).toEqual(['a#1', 'b#1', 'b#2']);
    expect(result.status).toBe('FAILED');
    expect(snapshot.steps.b).toMatchObject({ status: 'FAILED', attempts: 2 });
  });

  it('budget spent with a fallback service: the fallback takes over', async () => {
    const { result, snapshot, calls } = await crashAndRecover({
      retry: { max_attempts: 1 },
      fallback_service: 'backup',
    });
    expect(calls).toEqual(['a#1', 'b#1', 'b#1f', 'c#1']);
    expect(result.status).toBe('COMPLETED');
    expect(snapshot.steps.b).toMatchObject({ fallbackUsed: true, attempts: 2 });
  });
});
