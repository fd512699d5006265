import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { ExecutionResult } from '../src/engine.js';
import {
  ConcurrentModificationError,
  DuplicateExecutionError,
  InvalidOptionError,
  NonRetryableError,
  UnknownExecutionError,
  isEngineClosedError,
  isExecutionAbortedError,
  isStepTimeoutError,
} from '../src/errors.js';
import type { EngineEvent } from '../src/events.js';
import type { Executor } from '../src/options.js';
import type { GraphDefinition, StepsDefinition } from '../src/types.js';
import { checkLaws } from './laws.js';
import type { Call } from './helpers/engine-harness.js';
import {
  RecordingStore,
  collect,
  drive,
  flush,
  harness,
  scriptedExecutors,
} from './helpers/engine-harness.js';

const node = (id: string, config: Record<string, unknown> = {}, type = 'action') => ({
  id,
  type,
  config: { service: 'svc', ...config },
});
const graph = (
  nodes: GraphDefinition['nodes'],
  connections: Array<[string, string] | [string, string, string]>,
): GraphDefinition => ({
  id: 'wf',
  nodes,
  connections: connections.map(([source, target, condition]) =>
    condition === undefined ? { source, target } : { source, target, condition },
  ),
});

async function runToEnd(
  def: unknown,
  executors: Record<string, Executor>,
  options: Parameters<typeof harness>[0] = {},
  input: Record<string, unknown> = {},
) {
  const h = harness({ retry: { maxAttempts: 1 }, ...options, executors });
  const run = h.engine.start(def, { input });
  const result = await drive(run, h.clock);
  const snapshot = await h.engine.get(run.executionId);
  const events = await h.store.listEvents(run.executionId);
  checkLaws({ snapshot, events, versions: h.store.saves.map((s) => s.version) });
  return { ...h, run, result, snapshot, events };
}

const ok: Executor = ({ step, params }) => Promise.resolve({ id: step.id, params });
const types = (events: readonly EngineEvent[]) =>
  events.map((e) =>
    'stepId' in e && e.type.startsWith('step.') ? `${e.type}:${e.stepId}` : e.type,
  );

describe('createEngine', () => {
  describe('options', () => {
    it.each([
      ['maxConcurrency', { maxConcurrency: 0 }],
      ['maxConcurrency', { maxConcurrency: 1.5 }],
      ['globalConcurrency', { globalConcurrency: -1 }],
      ['deadlineMs', { deadlineMs: 0 }],
      ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
      ['retry.maxAttempts', { retry: { maxAttempts: 101 } }],
      ['retry.initialDelayMs', { retry: { initialDelayMs: -1 } }],
      ['retry.maxDelayMs', { retry: { maxDelayMs: Number.NaN } }],
      ['retry.backoffRate', { retry: { backoffRate: 0.5 } }],
      ['retry.jitter', { retry: { jitter: 'some' } }],
      ['retry.retryOn', { retry: { retryOn: 1 } }],
      ['retry', { retry: 3 }],
      ['executors', { executors: [] }],
      ['executors.x', { executors: { x: 1 } }],
      ['store', { store: {} }],
      ['clock', { clock: { now: () => 0 } }],
      ['random', { random: 0.5 }],
      ['onEvent', { onEvent: 'log' }],
      ['conditions', { conditions: {} }],
      ['generateId', { generateId: 'id' }],
      ['options', 'fast'],
    ])('rejects a bad %s with expected and received', (option, options) => {
      let caught: unknown;
      try {
        createEngine(options as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidOptionError);
      expect(caught).toBeInstanceOf(TypeError);
      expect(caught).toMatchObject({ code: 'WORKFLOW_INVALID_OPTION', option });
      expect((caught as Error).message).toMatch(/expected .+, received /);
    });

    it('accepts Infinity and defaults', () => {
      expect(() => createEngine({ maxConcurrency: Infinity, globalConcurrency: 3 })).not.toThrow();
      expect(() => createEngine()).not.toThrow();
    });
  });

  describe('start', () => {
    it('throws WorkflowValidationError synchronously for an invalid definition', () => {
      const { engine } = harness();
      expect(() => engine.start({ id: 'x', nodes: [], connections: [] })).toThrow(
        /Invalid workflow/,
      );
    });

    it('throws DuplicateExecutionError for a known id and InvalidOptionError for a bad input', () => {
      const { engine } = harness({ executors: { svc: ok } });
      const def = graph([node('a')], []);
      engine.start(def, { executionId: 'same' });
      expect(() => engine.start(def, { executionId: 'same' })).toThrow(DuplicateExecutionError);
      expect(() => engine.start(def, { input: [] as never })).toThrow(InvalidOptionError);
    });

    it('rejects the result when the store already holds the id', async () => {
      const store = new RecordingStore();
      const def = graph([node('a')], []);
      const first = harness({ store, executors: { svc: ok } });
      await drive(first.engine.start(def, { executionId: 'dup' }), first.clock);
      const second = harness({ store, executors: { svc: ok } });
      await expect(second.engine.start(def, { executionId: 'dup' }).result).rejects.toBeInstanceOf(
        DuplicateExecutionError,
      );
    });

    it('runs a diamond, storing raw outputs and resolving references', async () => {
      const def = graph(
        [
          node('t', {}, 'trigger'),
          node('a', { parameters: { x: '${input.x}' } }),
          node('b'),
          node('c', { parameters: { s: 'a=${a.params.x}', n: '${a.params.x}' } }),
        ],
        [
          ['t', 'a'],
          ['t', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ],
      );
      (def.nodes[0] as { config?: unknown }).config = undefined;
      const { result, events } = await runToEnd(def, { svc: ok }, {}, { x: 7 });
      expect(result.status).toBe('COMPLETED');
      expect(result.outputs.t).toEqual({ x: 7 });
      expect(result.outputs.c).toEqual({ id: 'c', params: { s: 'a=7', n: 7 } });
      expect(events[0]?.type).toBe('execution.started');
      expect(events.at(-1)?.type).toBe('execution.completed');
    });

    it('looks executors up by service.action first, then service', async () => {
      const seen: string[] = [];
      const def = graph([node('a', { action: 'send' }), node('b', { action: 'other' })], []);
      const { result } = await runToEnd(def, {
        'svc.send': () => (seen.push('svc.send'), null),
        svc: () => (seen.push('svc'), 1),
      });
      expect(result.status).toBe('COMPLETED');
      expect(seen.sort()).toEqual(['svc', 'svc.send']);
      expect(result.outputs).toEqual({ a: null, b: 1 });
    });

    it('passes the executor context', async () => {
      const contexts: unknown[] = [];
      const def = graph([node('a', { parameters: { k: 1 } })], []);
      const { run } = await runToEnd(def, {
        svc: (ctx) => {
          contexts.push({ ...ctx, signal: ctx.signal instanceof AbortSignal });
          return 1;
        },
      });
      expect(contexts[0]).toMatchObject({
        params: { k: 1 },
        executionId: run.executionId,
        attempt: 1,
        signal: true,
        idempotencyKey: `${run.executionId}:a`,
        fallback: false,
        service: 'svc',
        depth: 0,
      });
    });

    it('buffers events from creation and ends the iterator after the settling event', async () => {
      const h = harness({ executors: { svc: ok } });
      const run = h.engine.start(graph([node('a'), node('b')], [['a', 'b']]));
      const streamed = collect(run.events);
      await drive(run, h.clock);
      const events = await streamed;
      expect(types(events)).toEqual([
        'execution.started',
        'step.started:a',
        'step.completed:a',
        'step.started:b',
        'step.completed:b',
        'execution.completed',
      ]);
      expect(h.listened).toEqual(events);
      expect(await h.store.listEvents(run.executionId)).toEqual(events);
      expect(await collect(run.events)).toEqual(events);
    });

    it('uses the injected clock for event times', async () => {
      const clock = createManualClock({ start: 5000 });
      const { events } = await runToEnd(graph([node('a')], []), { svc: ok }, { clock });
      expect(events.every((e) => e.at === 5000)).toBe(true);
    });
  });

  describe('outputs', () => {
    it('stores undefined as null', async () => {
      const { result, snapshot } = await runToEnd(graph([node('a')], []), { svc: () => undefined });
      expect(result.outputs.a).toBeNull();
      expect(snapshot.steps.a).toHaveProperty('output', null);
    });

    it.each([
      ['a BigInt', () => 1n],
      ['a function', () => ({ f: () => 1 })],
      [
        'a cycle',
        () => {
          const o: Record<string, unknown> = {};
          o.self = o;
          return o;
        },
      ],
    ])('fails the step with NonJsonOutputError for %s, without retry', async (_, value) => {
      let calls = 0;
      const { result, snapshot } = await runToEnd(
        graph([node('a')], []),
        {
          svc: () => {
            calls++;
            return value();
          },
        },
        { retry: { maxAttempts: 1 } },
      );
      expect(result.status).toBe('FAILED');
      expect(snapshot.steps.a?.error?.code).toBe('WORKFLOW_NON_JSON_OUTPUT');
      expect(calls).toBe(1);
    });

    it('handles executors that throw synchronously or throw non-Errors', async () => {
      const def = graph(
        [node('a', { continue_on_error: true }), node('b', { continue_on_error: true })],
        [],
      );
      const { result, snapshot } = await runToEnd(def, {
        svc: ({ step }) => {
          if (step.id === 'a') throw new Error('sync');
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a non-Error rejection on purpose
          return Promise.reject(42);
        },
      });
      expect(result.status).toBe('PARTIAL');
      expect(snapshot.steps.a?.error?.message).toBe('sync');
      expect(snapshot.steps.b?.error?.code).toBe('WORKFLOW_EXECUTOR_THREW');
    });
  });

  describe('joins and skips', () => {
    const ifElse = (join?: string) =>
      graph(
        [node('c'), node('yes'), node('no'), node('merge', join === undefined ? {} : { join })],
        [
          ['c', 'yes', '${input.go} == true'],
          ['c', 'no', 'not ${input.go}'],
          ['yes', 'merge'],
          ['no', 'merge'],
        ],
      );

    it('runs the merge after an if/else and skips the untaken branch', async () => {
      const { result, snapshot, events } = await runToEnd(ifElse(), { svc: ok }, {}, { go: true });
      expect(result.status).toBe('COMPLETED');
      expect(result.steps).toEqual({
        c: 'COMPLETED',
        yes: 'COMPLETED',
        no: 'SKIPPED',
        merge: 'COMPLETED',
      });
      expect(snapshot.steps.no?.skipReason).toBe('condition_false');
      expect(events.find((e) => e.type === 'step.skipped')).toMatchObject({
        stepId: 'no',
        reason: 'condition_false',
      });
    });

    it('records a condition that errors as false with a diagnostic on the step event', async () => {
      const def = graph([node('a'), node('b')], [['a', 'b', '${a.missing.deep} > 1']]);
      const { result, events } = await runToEnd(def, { svc: ok });
      expect(result.steps.b).toBe('SKIPPED');
      const skipped = events.find((e) => e.type === 'step.skipped');
      expect(skipped?.type === 'step.skipped' && skipped.diagnostics?.[0]).toMatch(
        /counted as false/,
      );
    });

    it('propagates skips with upstream_skipped', async () => {
      const def = graph(
        [node('a'), node('b'), node('c')],
        [
          ['a', 'b', 'false'],
          ['b', 'c'],
        ],
      );
      const { snapshot } = await runToEnd(def, { svc: ok });
      expect(snapshot.steps.b?.skipReason).toBe('condition_false');
      expect(snapshot.steps.c?.skipReason).toBe('upstream_skipped');
    });

    it('applies each join rule', async () => {
      // a fails (tolerated), b completes; j_* join both.
      const joins = ['all_success', 'none_failed_min_one_success', 'one_success', 'all_done'];
      const def = graph(
        [
          node('a', { continue_on_error: true }),
          node('b'),
          ...joins.map((j) => node(`j_${j}`, { join: j })),
        ],
        joins.flatMap((j): Array<[string, string]> => [
          ['a', `j_${j}`],
          ['b', `j_${j}`],
        ]),
      );
      const { result, snapshot } = await runToEnd(def, {
        svc: ({ step }) => (step.id === 'a' ? Promise.reject(new Error('x')) : 1),
      });
      expect(result.status).toBe('PARTIAL');
      expect(result.steps.j_all_success).toBe('COMPLETED');
      expect(result.steps.j_none_failed_min_one_success).toBe('SKIPPED');
      expect(snapshot.steps.j_none_failed_min_one_success?.skipReason).toBe('upstream_failed');
      expect(result.steps.j_one_success).toBe('COMPLETED');
      expect(result.steps.j_all_done).toBe('COMPLETED');
    });

    it('one_success skips when only a tolerated failure is upstream, all_done still runs', async () => {
      const def = graph(
        [
          node('a', { continue_on_error: true }),
          node('o', { join: 'one_success' }),
          node('d', { join: 'all_done', continue_on_error: true }),
          node('s', { continue_on_error: true }),
        ],
        [
          ['a', 'o'],
          ['a', 'd'],
          ['a', 's'],
        ],
      );
      const { result, snapshot } = await runToEnd(def, {
        svc: () => Promise.reject(new Error('x')),
      });
      expect(result.steps).toMatchObject({ o: 'SKIPPED', d: 'FAILED', s: 'FAILED' });
      expect(snapshot.steps.o?.skipReason).toBe('upstream_failed');
    });

    it('skips a step whose own condition is false (linear form) and keeps the sequence going', async () => {
      const def: StepsDefinition = {
        id: 'lin',
        steps: [
          { id: 's1', service: 'svc' },
          { id: 's2', service: 'svc', condition: '${input.flag}' },
          { id: 's3', service: 'svc' },
        ],
      };
      const { result, snapshot } = await runToEnd(def, { svc: ok }, {}, { flag: false });
      expect(result.steps).toEqual({ s1: 'COMPLETED', s2: 'SKIPPED', s3: 'COMPLETED' });
      expect(snapshot.steps.s2?.skipReason).toBe('condition_false');
    });
  });

  describe('concurrency', () => {
    it('never runs more than maxConcurrency steps and has no wave barrier', async () => {
      const clock = createManualClock();
      const calls: Call[] = [];
      // a is slow; b finishes fast and its successor e must start before a finishes.
      const def = graph([node('a'), node('b'), node('e')], [['b', 'e']]);
      const script = {
        a: [{ kind: 'ok' as const, delayMs: 1000 }],
        b: [{ kind: 'ok' as const, delayMs: 10 }],
      };
      const { snapshot, events } = await runToEnd(def, scriptedExecutors(clock, script, calls), {
        clock,
        maxConcurrency: 2,
      });
      checkLaws({ snapshot, events, maxConcurrency: 2 });
      expect(calls.find((c) => c.stepId === 'e')?.at).toBe(10);
    });

    it('with unlimited concurrency starts every ready step before any completes', async () => {
      const def = graph(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => node(id)),
        [],
      );
      const { events } = await runToEnd(def, { svc: ok }, { maxConcurrency: Infinity });
      const firstCompletion = events.findIndex((e) => e.type === 'step.completed');
      expect(
        events.slice(0, firstCompletion).filter((e) => e.type === 'step.started'),
      ).toHaveLength(6);
    });

    it('limits running steps across executions with globalConcurrency', async () => {
      const clock = createManualClock();
      let running = 0;
      let peak = 0;
      const svc: Executor = () => {
        running++;
        peak = Math.max(peak, running);
        return new Promise((resolve) => clock.setTimeout(() => (running--, resolve(1)), 10));
      };
      const h = harness({ clock, executors: { svc }, globalConcurrency: 2, maxConcurrency: 5 });
      const def = graph(
        ['a', 'b', 'c'].map((id) => node(id)),
        [],
      );
      const runs = [h.engine.start(def), h.engine.start(def), h.engine.start(def)];
      for (const run of runs) expect((await drive(run, clock)).status).toBe('COMPLETED');
      expect(peak).toBe(2);
    });
  });

  describe('retries', () => {
    it('retries with the back-off formula (Atom default 1, 2, 4 s)', async () => {
      const clock = createManualClock();
      const at: number[] = [];
      const def = graph([node('a')], []);
      const h = harness({
        clock,
        executors: { svc: () => (at.push(clock.now()), Promise.reject(new Error('no'))) },
      });
      const run = h.engine.start(def);
      const result = await drive(run, clock);
      expect(result.status).toBe('FAILED');
      expect(at).toEqual([0, 1000, 3000, 7000]);
      const retrying = (await h.store.listEvents(run.executionId)).filter(
        (e) => e.type === 'step.retrying',
      );
      expect(retrying.map((e) => (e.type === 'step.retrying' ? e.delayMs : 0))).toEqual([
        1000, 2000, 4000,
      ]);
    });

    it('uses the per-step retry block, capped by maxDelay, with full jitter from random', async () => {
      const clock = createManualClock();
      const at: number[] = [];
      const def = graph(
        [
          node('a', {
            retry: {
              max_attempts: 3,
              initial_delay_seconds: 10,
              backoff_rate: 3,
              max_delay_seconds: 20,
              jitter: 'full',
            },
          }),
        ],
        [],
      );
      const h = harness({
        clock,
        random: () => 0.25,
        executors: { svc: () => (at.push(clock.now()), Promise.reject(new Error('no'))) },
      });
      await drive(h.engine.start(def), clock);
      expect(at).toEqual([0, 2500, 2500 + 5000]);
    });

    it('never retries NonRetryableError, schema errors or unknown services', async () => {
      let calls = 0;
      const def = graph(
        [
          node('a', { continue_on_error: true }),
          node('b', { service: 'nope', continue_on_error: true }),
          node('c', { continue_on_error: true, output_schema: { type: 'string' } }),
        ],
        [],
      );
      const { result, snapshot } = await runToEnd(
        def,
        {
          svc: ({ step }) => {
            calls++;
            if (step.id === 'a') throw new NonRetryableError('stop');
            return 1;
          },
        },
        { retry: { maxAttempts: 5, initialDelayMs: 1 } },
      );
      expect(result.status).toBe('PARTIAL');
      expect(calls).toBe(2);
      expect(snapshot.steps.a?.error?.code).toBe('WORKFLOW_NON_RETRYABLE');
      expect(snapshot.steps.b?.error?.code).toBe('WORKFLOW_UNKNOWN_SERVICE');
      expect(snapshot.steps.c?.error?.code).toBe('WORKFLOW_SCHEMA_VALIDATION');
      expect(snapshot.steps.c).not.toHaveProperty('output');
    });

    it('honours retryOn (a throwing retryOn means no retry)', async () => {
      let calls = 0;
      const fail = () => (calls++, Promise.reject(new Error('x')));
      await runToEnd(
        graph([node('a')], []),
        { svc: fail },
        { retry: { maxAttempts: 3, initialDelayMs: 1, retryOn: () => false } },
      );
      expect(calls).toBe(1);
      await runToEnd(
        graph([node('a')], []),
        { svc: fail },
        {
          retry: {
            maxAttempts: 3,
            initialDelayMs: 1,
            retryOn: () => {
              throw new Error('?');
            },
          },
        },
      );
      expect(calls).toBe(2);
    });

    it('frees the slot during the back-off sleep', async () => {
      const clock = createManualClock();
      const starts: Array<[string, number]> = [];
      const svc: Executor = ({ step, attempt }) => {
        starts.push([step.id, clock.now()]);
        if (step.id === 'a' && attempt === 1) return Promise.reject(new Error('x'));
        return 1;
      };
      const def = graph([node('a'), node('b')], []);
      const { result } = await runToEnd(
        def,
        { svc },
        { clock, maxConcurrency: 1, retry: { maxAttempts: 2, initialDelayMs: 1000 } },
      );
      expect(result.status).toBe('COMPLETED');
      expect(starts).toEqual([
        ['a', 0],
        ['b', 0],
        ['a', 1000],
      ]);
    });
  });

  describe('timeouts and deadline', () => {
    it('aborts a hanging attempt with StepTimeoutError through its signal, each attempt', async () => {
      const clock = createManualClock();
      const reasons: unknown[] = [];
      const svc: Executor = ({ signal }) => {
        signal.addEventListener('abort', () => reasons.push(signal.reason));
        return new Promise(() => undefined);
      };
      const def = graph([node('a', { timeout: 2 })], []);
      const { result, snapshot } = await runToEnd(
        def,
        { svc },
        { clock, retry: { maxAttempts: 2, initialDelayMs: 500 } },
      );
      expect(result.status).toBe('FAILED');
      expect(reasons).toHaveLength(2);
      expect(reasons.every(isStepTimeoutError)).toBe(true);
      expect(snapshot.steps.a?.error?.code).toBe('WORKFLOW_STEP_TIMEOUT');
      expect(clock.now()).toBe(2000 + 500 + 2000);
    });

    it('fails the execution with DeadlineExceededError and cancels running steps', async () => {
      const clock = createManualClock();
      const calls: Call[] = [];
      const def = graph([node('a'), node('b')], [['a', 'b']]);
      const { result, snapshot } = await runToEnd(
        def,
        scriptedExecutors(clock, { a: [{ kind: 'hang', delayMs: 0 }] }, calls),
        { clock, deadlineMs: 5000 },
      );
      expect(result.status).toBe('FAILED');
      expect(result.status === 'FAILED' && result.error.code).toBe('WORKFLOW_DEADLINE_EXCEEDED');
      expect(snapshot.steps.a?.status).toBe('CANCELLED');
      expect(snapshot.steps.b).toMatchObject({ status: 'SKIPPED', skipReason: 'execution_failed' });
      expect(calls[0]?.aborted()).toBe(true);
      expect(clock.now()).toBe(5000);
    });
  });

  describe('fallback', () => {
    it('runs the fallback after the primary retries, attempt from 1, recording fallbackUsed', async () => {
      const seen: Array<[string, number, boolean]> = [];
      const def = graph([node('a', { fallback_service: 'backup' })], []);
      const { result, snapshot } = await runToEnd(
        def,
        {
          svc: ({ attempt, fallback }) => (
            seen.push(['svc', attempt, fallback]),
            Promise.reject(new Error('down'))
          ),
          backup: ({ attempt, fallback }) => (
            seen.push(['backup', attempt, fallback]),
            attempt < 2 ? Promise.reject(new Error('flaky')) : 'saved'
          ),
        },
        { retry: { maxAttempts: 2, initialDelayMs: 1 } },
      );
      expect(seen).toEqual([
        ['svc', 1, false],
        ['svc', 2, false],
        ['backup', 1, true],
        ['backup', 2, true],
      ]);
      expect(result.outputs.a).toBe('saved');
      expect(result.fallbackUsed).toEqual(['a']);
      expect(snapshot.steps.a).toMatchObject({ fallbackUsed: true, attempts: 4 });
    });

    it('uses the fallback for an unknown service; both failing fails the step', async () => {
      const def = graph(
        [
          node('a', { service: 'ghost', fallback_service: 'backup' }),
          node('b', { service: 'ghost', fallback_service: 'ghost2', continue_on_error: true }),
        ],
        [],
      );
      const { result, snapshot } = await runToEnd(def, { backup: () => 'b' });
      expect(result.outputs.a).toBe('b');
      expect(snapshot.steps.b?.error?.code).toBe('WORKFLOW_UNKNOWN_SERVICE');
    });
  });

  describe('schemas', () => {
    it('does not call the executor for invalid input', async () => {
      let calls = 0;
      const def = graph(
        [
          node('a', {
            parameters: { n: '${input.n}' },
            input_schema: { type: 'object', properties: { n: { type: 'number' } } },
          }),
        ],
        [],
      );
      const { result, snapshot } = await runToEnd(
        def,
        { svc: () => (calls++, 1) },
        {},
        { n: 'text' },
      );
      expect(result.status).toBe('FAILED');
      expect(calls).toBe(0);
      expect(snapshot.steps.a?.error?.code).toBe('WORKFLOW_SCHEMA_VALIDATION');
      expect(snapshot.steps.a?.error?.message).toMatch(/Input validation failed/);
    });

    it('accepts boolean schemas', async () => {
      const def = graph(
        [
          node('a', { input_schema: true, output_schema: true }),
          node('b', { output_schema: false, continue_on_error: true }),
        ],
        [],
      );
      const { result } = await runToEnd(def, { svc: () => 1 });
      expect(result.steps).toEqual({ a: 'COMPLETED', b: 'FAILED' });
    });
  });

  describe('failure handling', () => {
    it('a non-tolerated failure aborts running steps (CANCELLED) and skips the rest (execution_failed)', async () => {
      const clock = createManualClock();
      const calls: Call[] = [];
      const def = graph([node('bad'), node('slow'), node('after')], [['slow', 'after']]);
      const script = {
        bad: [{ kind: 'fail' as const, delayMs: 10 }],
        slow: [{ kind: 'ok' as const, delayMs: 1000 }],
      };
      const { result, snapshot, events } = await runToEnd(
        def,
        scriptedExecutors(clock, script, calls),
        { clock },
      );
      expect(result.status === 'FAILED' && result.stepId).toBe('bad');
      expect(snapshot.steps.slow?.status).toBe('CANCELLED');
      expect(snapshot.steps.after).toMatchObject({
        status: 'SKIPPED',
        skipReason: 'execution_failed',
      });
      expect(calls.find((c) => c.stepId === 'slow')?.aborted()).toBe(true);
      expect(isExecutionAbortedError(calls.find((c) => c.stepId === 'slow')?.abortReason())).toBe(
        true,
      );
      expect(events.at(-1)?.type).toBe('execution.failed');
    });
  });

  describe('pause and resume', () => {
    it('pauses the steps that miss input, lists every missing path, and resumes only them', async () => {
      const calls: string[] = [];
      const svc: Executor = ({ step, params }) => (calls.push(step.id), { ...params });
      const def = graph(
        [
          node('a', { parameters: { e: '${input.user.email}' } }),
          node('b', { parameters: { n: '${input.name}' } }),
          node('c'),
          node('d'),
        ],
        [['a', 'd']],
      );
      const h = harness({ executors: { svc } });
      const run = h.engine.start(def, { input: { user: {} } });
      const paused = await drive(run, h.clock);
      expect(paused).toMatchObject({
        status: 'PAUSED',
        missingInputs: ['input.name', 'input.user.email'],
      });
      expect(paused.steps).toEqual({ a: 'PAUSED', b: 'PAUSED', c: 'COMPLETED', d: 'PENDING' });
      expect(calls).toEqual(['c']);
      expect(await h.engine.resume('unknown-id').catch((e: unknown) => e)).toBeInstanceOf(
        UnknownExecutionError,
      );
      const partial = await h.engine.resume(run.executionId, { input: { name: 'n' } });
      expect(partial).not.toBe(false);
      const again = await drive(partial as never, h.clock);
      expect(again).toMatchObject({ status: 'PAUSED', missingInputs: ['input.user.email'] });
      const resumed = await h.engine.resume(run.executionId, { input: { user: { email: 'e@x' } } });
      const done = await drive(resumed as never, h.clock);
      expect(done.status).toBe('COMPLETED');
      expect(done.outputs).toMatchObject({ a: { e: 'e@x' }, b: { n: 'n' } });
      expect(calls).toEqual(['c', 'b', 'a', 'd']);
      expect(await h.engine.resume(run.executionId)).toBe(false);
      const events = await h.store.listEvents(run.executionId);
      checkLaws({ snapshot: await h.engine.get(run.executionId), events });
      expect(events.filter((e) => e.type === 'execution.resumed')).toHaveLength(2);
    });

    it('a resumed step with invalid input fails without its executor', async () => {
      let calls = 0;
      const def = graph(
        [
          node('a', {
            parameters: { n: '${input.n}' },
            input_schema: { type: 'object', properties: { n: { type: 'number' } } },
          }),
        ],
        [],
      );
      const h = harness({ executors: { svc: () => (calls++, 1) } });
      const run = h.engine.start(def);
      expect((await drive(run, h.clock)).status).toBe('PAUSED');
      const resumed = await h.engine.resume(run.executionId, { input: { n: 'x' } });
      expect((await drive(resumed as never, h.clock)).status).toBe('FAILED');
      expect(calls).toBe(0);
    });
  });

  describe('cancel', () => {
    it('cancels a running execution: signals fire, every open step CANCELLED, never overwritten', async () => {
      const clock = createManualClock();
      const calls: Call[] = [];
      const def = graph([node('a'), node('b')], [['a', 'b']]);
      const h = harness({
        clock,
        executors: scriptedExecutors(clock, { a: [{ kind: 'ok', delayMs: 100 }] }, calls),
      });
      const run = h.engine.start(def);
      await flush();
      expect(await h.engine.cancel(run.executionId, 'user asked')).toBe(true);
      const result = await run.result;
      expect(result).toMatchObject({
        status: 'CANCELLED',
        reason: 'user asked',
        steps: { a: 'CANCELLED', b: 'CANCELLED' },
      });
      expect(calls[0]?.aborted()).toBe(true);
      await clock.runAll();
      expect(await h.engine.cancel(run.executionId)).toBe(false);
      const snapshot = await h.engine.get(run.executionId);
      expect(snapshot.status).toBe('CANCELLED');
      checkLaws({ snapshot, events: await h.store.listEvents(run.executionId) });
    });

    it('cancels a paused execution from the store, and an AbortSignal cancels too', async () => {
      const h = harness({ executors: { svc: ok } });
      const paused = h.engine.start(graph([node('a', { parameters: { x: '${input.x}' } })], []));
      await drive(paused, h.clock);
      expect(await h.engine.cancel(paused.executionId)).toBe(true);
      expect((await h.engine.get(paused.executionId)).status).toBe('CANCELLED');
      await expect(h.engine.cancel('nope')).rejects.toBeInstanceOf(UnknownExecutionError);

      const controller = new AbortController();
      const hanging = harness({ executors: { svc: () => new Promise(() => undefined) } });
      const run = hanging.engine.start(graph([node('a')], []), { signal: controller.signal });
      await flush();
      controller.abort(new Error('stop'));
      expect(await run.result).toMatchObject({ status: 'CANCELLED', reason: 'stop' });
      const pre = new AbortController();
      pre.abort();
      const early = hanging.engine.start(graph([node('a')], []), { signal: pre.signal });
      expect((await early.result).status).toBe('CANCELLED');
    });
  });

  describe('persistence', () => {
    it('saves every transition before acting on it, in CAS order', async () => {
      const h = harness({ executors: { svc: ok } });
      let lastSaved = 0;
      h.store.beforeSave = () => undefined;
      const svc: Executor = async () => {
        const events = await h.store.listEvents(run.executionId);
        lastSaved = events.filter((e) => e.type === 'step.started').length;
        return 1;
      };
      const engine = harness({ store: h.store, executors: { svc } }).engine;
      const run = engine.start(graph([node('a')], []));
      await drive(run, h.clock);
      expect(lastSaved).toBe(1);
      expect(h.store.saves.map((s) => s.expected)).toEqual(h.store.saves.map((_, k) => k + 1));
    });

    it('a conflict with a terminal stored state settles with the stored status and aborts work', async () => {
      const clock = createManualClock();
      const calls: Call[] = [];
      const store = new RecordingStore();
      const script = {
        a: [{ kind: 'hang' as const, delayMs: 0 }],
        b: [{ kind: 'ok' as const, delayMs: 100 }],
      };
      const a = harness({ clock, store, executors: scriptedExecutors(clock, script, calls) });
      const b = harness({ clock, store, executors: {} });
      const run = a.engine.start(graph([node('a'), node('b')], []));
      await flush();
      expect(await b.engine.cancel(run.executionId, 'elsewhere')).toBe(true);
      const result = await drive(run, clock);
      expect(result.status).toBe('CANCELLED');
      expect(calls[0]?.aborted()).toBe(true);
    });

    it('a conflict with a non-terminal stored state rejects the result', async () => {
      const h = harness({ executors: { svc: ok } });
      let first = true;
      h.store.beforeSave = (request) => {
        if (first && request.changedSteps.some((s) => s.status === 'COMPLETED')) {
          first = false;
          throw new ConcurrentModificationError(request.executionId, 1, 99);
        }
      };
      const run = h.engine.start(graph([node('a')], []));
      await expect(drive(run, h.clock)).rejects.toBeInstanceOf(ConcurrentModificationError);
    });

    it('a throwing listener ends the run FAILED with ENGINE_INTERNAL_ERROR (issue 9 crash barrier)', async () => {
      const def = graph([node('a'), node('b')], [['a', 'b']]);
      let thrown = 0;
      const noisy = await runToEnd(
        def,
        { svc: ok },
        {
          generateId: () => 'x',
          onEvent: (event) => {
            if (event.type === 'step.completed') {
              thrown++;
              throw new Error('listener');
            }
          },
        },
      );
      expect(thrown).toBe(1);
      expect(noisy.result.status).toBe('FAILED');
      expect(noisy.snapshot.error).toMatchObject({ code: 'ENGINE_INTERNAL_ERROR' });
      expect(noisy.snapshot.steps.a?.status).toBe('COMPLETED');
      // b was started in the same save as a's completion; its executor never launched.
      expect(noisy.snapshot.steps.b?.status).toBe('CANCELLED');
      expect(noisy.events.at(-1)).toMatchObject({ type: 'execution.failed' });
      checkLaws({ snapshot: noisy.snapshot, events: noisy.events });
    });
  });

  describe('recover', () => {
    it('keeps COMPLETED steps and re-runs RUNNING ones as the next attempt', async () => {
      const clock = createManualClock();
      const store = new RecordingStore();
      const calls: Call[] = [];
      const def = graph(
        [node('a'), node('b'), node('c')],
        [
          ['a', 'c'],
          ['b', 'c'],
        ],
      );
      const first = harness({
        clock,
        store,
        executors: scriptedExecutors(clock, { b: [{ kind: 'hang', delayMs: 0 }] }, calls),
      });
      const run = first.engine.start(def);
      await flush(200);
      await first.engine.close();
      await expect(run.result).rejects.toSatisfy(isExecutionAbortedError);
      expect(() => first.engine.start(def)).toThrow(/closed/);
      await expect(first.engine.recover(run.executionId)).rejects.toSatisfy(isEngineClosedError);
      const stored = await store.load(run.executionId);
      expect(stored?.steps.a?.status).toBe('COMPLETED');
      expect(stored?.steps.b?.status).toBe('RUNNING');

      const second = harness({ clock, store, executors: scriptedExecutors(clock, {}, calls) });
      const recovered = await second.engine.recover(run.executionId);
      expect(recovered).not.toBe(false);
      const result = await drive(recovered as never, clock);
      expect(result.status).toBe('COMPLETED');
      expect(calls.map((c) => `${c.stepId}#${c.attempt}`)).toEqual(['a#1', 'b#1', 'b#2', 'c#1']);
      const events = await store.listEvents(run.executionId);
      checkLaws({ snapshot: await second.engine.get(run.executionId), events });
      expect(await second.engine.recover(run.executionId)).toBe(false);
    });
  });

  it('settles a zero-output run with results for every status', () => {
    const statuses: Array<ExecutionResult['status']> = [
      'COMPLETED',
      'PARTIAL',
      'FAILED',
      'CANCELLED',
      'PAUSED',
    ];
    expect(statuses).toHaveLength(5);
  });
});
