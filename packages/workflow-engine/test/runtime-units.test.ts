import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import {
  ConcurrentModificationError,
  DuplicateExecutionError,
  InvalidOptionError,
  NonRetryableError,
  SchemaValidationError,
  isSubWorkflowDepthError,
} from '../src/errors.js';
import { EventStream } from '../src/event-stream.js';
import type { EngineEvent } from '../src/events.js';
import { InMemoryExecutionStore } from '../src/in-memory-store.js';
import { toJsonOutput } from '../src/json-output.js';
import { toAtomNotification } from '../src/notifications.js';
import { ATOM_DEFAULT_RETRY, isRetryable, mergeRetryPolicy, retryDelay } from '../src/retry.js';
import { serializeError } from '../src/serialized-error.js';
import type { ExecutionSnapshot } from '../src/store.js';
import { createSubWorkflowExecutor } from '../src/sub-workflow.js';
import type { Engine } from '../src/engine.js';
import type { Executor } from '../src/options.js';

const base = { executionId: 'x', seq: 1, at: 0 };

describe('toAtomNotification', () => {
  it.each<[EngineEvent, unknown]>([
    [
      { ...base, type: 'execution.started' },
      { execution_id: 'x', status: 'RUNNING' },
    ],
    [
      { ...base, type: 'execution.paused', missingInputs: ['input.a', 'input.b'] },
      {
        status: 'PAUSED',
        data: { reason: 'missing_input', missing_var: 'input.a', missing: ['input.a', 'input.b'] },
      },
    ],
    [{ ...base, type: 'execution.completed' }, { status: 'COMPLETED' }],
    [
      { ...base, type: 'execution.failed', error: { name: 'E', message: 'm' } },
      { status: 'FAILED', data: { error: 'm' } },
    ],
    [
      { ...base, type: 'execution.failed', error: { name: 'E', message: 'm' }, stepId: 's' },
      { status: 'FAILED', data: { error: 'm', step_id: 's' } },
    ],
    [{ ...base, type: 'execution.partial', failedSteps: ['s'] }, { status: 'PARTIAL' }],
    [{ ...base, type: 'execution.cancelled' }, { status: 'CANCELLED' }],
    [
      { ...base, type: 'step.started', stepId: 's', attempt: 1, fallback: false },
      { status: 'STEP_RUNNING', data: { step_id: 's' } },
    ],
    [
      { ...base, type: 'step.completed', stepId: 's', attempt: 1, fallbackUsed: false },
      { status: 'STEP_COMPLETED', data: { step_id: 's' } },
    ],
    [
      {
        ...base,
        type: 'step.failed',
        stepId: 's',
        error: { name: 'E', message: 'm' },
        tolerated: true,
      },
      { status: 'STEP_FAILED', data: { step_id: 's', error: 'm', continue_on_error: true } },
    ],
    [
      { ...base, type: 'step.skipped', stepId: 's', reason: 'condition_false' },
      { status: 'STEP_SKIPPED', data: { step_id: 's', reason: 'condition_false' } },
    ],
  ])('maps %o', (event, expected) => {
    expect(toAtomNotification(event)).toStrictEqual({ execution_id: 'x', ...(expected as object) });
  });

  it('has no name for resumed, retrying, paused and cancelled steps', () => {
    expect(toAtomNotification({ ...base, type: 'execution.resumed' })).toBeUndefined();
    expect(
      toAtomNotification({
        ...base,
        type: 'step.retrying',
        stepId: 's',
        attempt: 1,
        delayMs: 10,
        error: { name: 'E', message: 'm' },
        fallback: false,
      }),
    ).toBeUndefined();
    expect(
      toAtomNotification({ ...base, type: 'step.paused', stepId: 's', missing: [] }),
    ).toBeUndefined();
    expect(
      toAtomNotification({ ...base, type: 'step.cancelled', stepId: 's', reason: 'cancelled' }),
    ).toBeUndefined();
  });
});

describe('serializeError', () => {
  it('keeps name, message and a string code', () => {
    expect(serializeError(new SchemaValidationError('s', 'input', ['bad']))).toMatchObject({
      name: 'SchemaValidationError',
      code: 'WORKFLOW_SCHEMA_VALIDATION',
    });
    expect(serializeError(new TypeError('t'))).toStrictEqual({ name: 'TypeError', message: 't' });
    // Only a string code is the engine's kind of code.
    const numbered = Object.assign(new Error('n'), { code: 5 });
    expect(serializeError(numbered)).toStrictEqual({ name: 'Error', message: 'n' });
  });

  it('turns non-Errors into text, even ones whose toString throws', () => {
    expect(serializeError(42)).toEqual({ name: 'Error', message: '42' });
    const evil = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(serializeError(evil).message).toBe('[object Object]');
  });
});

describe('toJsonOutput', () => {
  it('copies plain JSON, drops undefined properties, honours toJSON', () => {
    const input = { a: [1, undefined, 'x'], b: undefined, c: { d: true }, e: new Date(0) };
    expect(toJsonOutput('s', input)).toEqual({
      a: [1, null, 'x'],
      c: { d: true },
      e: '1970-01-01T00:00:00.000Z',
    });
    expect(toJsonOutput('s', 'text')).toBe('text');
    expect(toJsonOutput('s', 3)).toBe(3);
  });

  it('keeps __proto__ keys as data', () => {
    const out = toJsonOutput('s', JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it.each([
    ['a non-finite number', { n: Number.POSITIVE_INFINITY }, 'n'],
    ['a symbol', [Symbol('s')], '0'],
    ['a function', () => 1, ''],
    ['a BigInt', { deep: { big: 1n } }, 'deep.big'],
  ])('rejects %s with its path', (_, value, path) => {
    expect(() => toJsonOutput('s', value)).toThrow(
      expect.objectContaining({ code: 'WORKFLOW_NON_JSON_OUTPUT', path }),
    );
  });

  it('reads undefined and null as null and keeps strings, booleans and finite numbers', () => {
    expect([undefined, null, false, true, '', 0, -1.5].map((v) => toJsonOutput('s', v))).toEqual([
      null,
      null,
      false,
      true,
      '',
      0,
      -1.5,
    ]);
    expect(toJsonOutput('s', { a: null, b: [null, undefined] })).toEqual({
      a: null,
      b: [null, null],
    });
  });

  it('calls toJSON with the empty key, and its result is converted too', () => {
    const keyed = { toJSON: (key: string) => ({ key, at: new Date(0) }) };
    expect(toJsonOutput('s', keyed)).toEqual({ key: '', at: '1970-01-01T00:00:00.000Z' });
  });

  it('gives plain, writable, deletable copies', () => {
    const out = toJsonOutput('s', { a: 1 }) as Record<string, unknown>;
    out.a = 2;
    expect(out.a).toBe(2);
    expect(delete out.a).toBe(true);
  });

  it.each([
    [Number.NaN, '', 'NaN is not a JSON number'],
    [{ x: [Number.NEGATIVE_INFINITY] }, 'x.0', '-Infinity is not a JSON number'],
    [10n, '', 'a BigInt'],
    [{ f: () => 1 }, 'f', 'a function'],
    [Symbol('s'), '', 'a symbol'],
  ])('names what it rejects: %s', (value, path, reason) => {
    expect(() => toJsonOutput('s', value)).toThrow(
      `Step "s" returned a value JSON cannot hold at ${path === '' ? '<root>' : path}: ${reason}`,
    );
  });

  it('rejects a cycle at the place it closes', () => {
    const a: Record<string, unknown> = { b: { c: [] as unknown[] } };
    (a.b as { c: unknown[] }).c.push(a);
    expect(() => toJsonOutput('s', a)).toThrow(
      expect.objectContaining({ path: 'b.c.0', message: expect.stringMatching(/: a cycle$/) }),
    );
  });

  it('accepts shared (non-cyclic) references', () => {
    const shared = { v: 1 };
    expect(toJsonOutput('s', [shared, shared])).toEqual([{ v: 1 }, { v: 1 }]);
  });
});

describe('retry', () => {
  it('merges only the defined fields of an override', () => {
    expect(mergeRetryPolicy(ATOM_DEFAULT_RETRY)).toBe(ATOM_DEFAULT_RETRY);
    expect(
      mergeRetryPolicy(ATOM_DEFAULT_RETRY, { maxAttempts: 2, initialDelayMs: undefined }),
    ).toEqual({
      ...ATOM_DEFAULT_RETRY,
      maxAttempts: 2,
    });
  });

  it('clamps a random source that leaves [0, 1)', () => {
    const full = { ...ATOM_DEFAULT_RETRY, jitter: 'full' as const };
    expect(retryDelay(full, 1, () => Number.NaN)).toBe(0);
    expect(retryDelay(full, 1, () => 7)).toBe(1000);
    expect(retryDelay(full, 0, () => 0.5)).toBe(500);
  });

  it('never retries NonRetryableError', () => {
    expect(isRetryable(new NonRetryableError('x'), ATOM_DEFAULT_RETRY)).toBe(false);
    expect(isRetryable(new Error('x'), ATOM_DEFAULT_RETRY)).toBe(true);
  });
});

describe('EventStream', () => {
  it('wakes a waiting iterator and ignores pushes after end', async () => {
    const stream = new EventStream<number>();
    const iterator = stream[Symbol.asyncIterator]();
    const next = iterator.next();
    stream.push(1);
    expect(await next).toEqual({ done: false, value: 1 });
    stream.end();
    stream.push(2);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});

describe('InMemoryExecutionStore', () => {
  const snapshot = (): ExecutionSnapshot => ({
    executionId: 'e',
    workflowId: 'w',
    definition: { id: 'w', form: 'graph', nodes: [], edges: [] },
    definitionHash: 'h',
    createdAt: 0,
    status: 'PENDING',
    input: {},
    error: null,
    missingInputs: [],
    updatedAt: 0,
    steps: {},
    version: 1,
    lastSeq: 0,
  });

  it('creates once, compares and sets versions, rejects gaps in seq', async () => {
    const store = new InMemoryExecutionStore();
    await store.create(snapshot());
    await expect(store.create(snapshot())).rejects.toBeInstanceOf(DuplicateExecutionError);
    expect(await store.load('missing')).toBeUndefined();
    expect(await store.listEvents('missing')).toEqual([]);
    const event: EngineEvent = { executionId: 'e', seq: 1, at: 0, type: 'execution.started' };
    const execution = {
      status: 'RUNNING' as const,
      input: {},
      error: null,
      missingInputs: [],
      updatedAt: 1,
    };
    expect(
      await store.save({ executionId: 'e', execution, changedSteps: [], events: [event] }, 1),
    ).toBe(2);
    await expect(
      store.save({ executionId: 'e', changedSteps: [], events: [] }, 1),
    ).rejects.toBeInstanceOf(ConcurrentModificationError);
    await expect(
      store.save({ executionId: 'nope', changedSteps: [], events: [] }, 1),
    ).rejects.toMatchObject({
      actualVersion: undefined,
    });
    await expect(
      store.save({ executionId: 'e', changedSteps: [], events: [{ ...event, seq: 5 }] }, 2),
    ).rejects.toThrow(/seq must continue at 2/);
    const loaded = await store.load('e');
    expect(loaded).toMatchObject({ status: 'RUNNING', version: 2, lastSeq: 1 });
    (loaded as ExecutionSnapshot).status = 'FAILED';
    expect((await store.load('e'))?.status).toBe('RUNNING');
  });
});

describe('createSubWorkflowExecutor', () => {
  // A child that pauses on missing input (kept out of the parent's parameters, which resolve references).
  const pausing = {
    id: 'child',
    nodes: [{ id: 'c', config: { service: 'bad', parameters: { x: '${input.nope}' } } }],
    connections: [],
  };
  const child = (service: string) => ({
    id: 'child',
    nodes: [{ id: 'c', config: { service } }],
    connections: [],
  });
  const setup = (executors: Record<string, Executor>, maxDepth?: number) => {
    const workflow = createSubWorkflowExecutor({
      engine: () => engine,
      resolve: (params) => (params.workflow_id === 'pausing' ? pausing : params.workflow),
      ...(maxDepth === undefined ? {} : { maxDepth }),
    });
    const engine: Engine = createEngine({
      executors: { ...executors, workflow },
      retry: { maxAttempts: 1 },
    });
    return engine;
  };
  const parent = (params: Record<string, unknown>) => ({
    id: 'parent',
    nodes: [{ id: 'p', config: { service: 'workflow', parameters: params } }],
    connections: [],
  });

  it('runs the child with input_data and returns its outputs', async () => {
    const engine = setup({ echo: ({ params }) => params, ok: () => 'child-out' });
    const result = await engine.start(parent({ workflow: child('ok'), input_data: { a: 1 } }))
      .result;
    expect(result.status).toBe('COMPLETED');
    expect(result.outputs.p).toEqual({ c: 'child-out' });
  });

  it('fails the step when the child fails, is cancelled or pauses', async () => {
    const engine = setup({ bad: () => Promise.reject(new Error('child broke')) });
    const failed = await engine.start(parent({ workflow: child('bad'), input_data: 5 })).result;
    expect(failed.status === 'FAILED' && failed.error.message).toMatch(/child broke/);
    const paused = await engine.start(parent({ workflow_id: 'pausing' })).result;
    expect(paused).toMatchObject({ status: 'FAILED', error: { code: 'WORKFLOW_NON_RETRYABLE' } });
  });

  it('reports a cancelled child', async () => {
    const clock = createManualClock();
    const workflow = createSubWorkflowExecutor({ engine: () => engine });
    const engine: Engine = createEngine({
      clock,
      retry: { maxAttempts: 1 },
      executors: {
        workflow,
        hang: ({ executionId }) => {
          void engine.cancel(executionId, 'stop child');
          return new Promise(() => undefined);
        },
      },
    });
    const result = await engine.start(parent({ workflow: child('hang') }), { executionId: 'q' })
      .result;
    expect(result.status === 'FAILED' && result.error).toMatchObject({
      code: 'WORKFLOW_ABORTED',
      message: 'Execution "q/p/1" aborted (cancelled): stop child',
    });
  });

  it('enforces the depth limit (default 10)', async () => {
    const recursive: Record<string, unknown> = { id: 'r', nodes: [], connections: [] };
    (recursive.nodes as unknown[]).push({
      id: 'again',
      config: { service: 'workflow', parameters: { workflow: 'self' } },
    });
    const workflow = createSubWorkflowExecutor({
      engine: () => engine,
      resolve: (params) => (params.workflow === 'self' ? recursive : undefined),
      maxDepth: 3,
    });
    const engine: Engine = createEngine({ executors: { workflow }, retry: { maxAttempts: 1 } });
    const result = await engine.start(recursive).result;
    expect(result.status).toBe('FAILED');
    expect(result.status === 'FAILED' && result.error.message).toMatch(
      /depth 4 exceeds the limit of 3/,
    );
    expect(
      isSubWorkflowDepthError(new (await import('../src/errors.js')).SubWorkflowDepthError(1, 0)),
    ).toBe(true);
  });

  it('validates its options', () => {
    expect(() => createSubWorkflowExecutor({ engine: () => ({}) as Engine, maxDepth: -1 })).toThrow(
      'Invalid option "maxDepth": expected an integer ≥ 0, received -1',
    );
    expect(() => createSubWorkflowExecutor({ engine: 1 as never })).toThrow(
      'Invalid option "engine": expected a function returning the engine, received 1',
    );
    expect(() => createSubWorkflowExecutor({ engine: 1 as never })).toThrow(InvalidOptionError);
    expect(typeof createSubWorkflowExecutor({ engine: () => ({}) as Engine, maxDepth: 0 })).toBe(
      'function',
    );
  });

  it('gives the child input_data, else input, else {} (a non-object too)', async () => {
    const engine = setup({});
    const trigger = { id: 'child', nodes: [{ id: 't', type: 'trigger' }], connections: [] };
    const childInput = async (params: Record<string, unknown>): Promise<unknown> => {
      const result = await engine.start(parent({ workflow: trigger, ...params })).result;
      return result.status === 'COMPLETED' ? (result.outputs.p as { t: unknown }).t : result.status;
    };
    expect(await childInput({ input_data: { a: 1 }, input: { a: 2 } })).toEqual({ a: 1 });
    expect(await childInput({ input: { a: 2 } })).toEqual({ a: 2 });
    expect(await childInput({})).toEqual({});
    expect(await childInput({ input_data: [1] })).toEqual({});
    expect(await childInput({ input_data: 'text' })).toEqual({});
  });

  it('names the child <parent>/<step>/<attempt>, with f before a fallback attempt', async () => {
    const engine = setup({ who: ({ executionId }) => executionId });
    const own = await engine.start(parent({ workflow: child('who') }), { executionId: 'x' }).result;
    expect(own.status === 'COMPLETED' && own.outputs.p).toEqual({ c: 'x/p/1' });
    const viaFallback = {
      id: 'parent',
      nodes: [
        {
          id: 'p',
          config: {
            service: 'nosuch',
            fallback_service: 'workflow',
            parameters: { workflow: child('who') },
          },
        },
      ],
      connections: [],
    };
    const fb = await engine.start(viaFallback, { executionId: 'y' }).result;
    expect(fb.status === 'COMPLETED' && fb.outputs.p).toEqual({ c: 'y/p/f1' });
  });

  it('returns the outputs of a PARTIAL child', async () => {
    const engine = setup({ ok: () => 1, bad: () => Promise.reject(new NonRetryableError('no')) });
    const partial = {
      id: 'child',
      nodes: [
        { id: 'a', config: { service: 'ok' } },
        { id: 'b', config: { service: 'bad', continue_on_error: true } },
      ],
      connections: [],
    };
    const result = await engine.start(parent({ workflow: partial })).result;
    expect(result.status === 'COMPLETED' && result.outputs.p).toEqual({ a: 1 });
  });

  it('cancels a paused child and fails the step, naming the missing input', async () => {
    const engine = setup({});
    const result = await engine.start(parent({ workflow_id: 'pausing' }), { executionId: 'z' })
      .result;
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Sub-workflow z/p/1 paused on missing input: input.nope',
    );
    expect(await engine.get('z/p/1')).toMatchObject({
      status: 'CANCELLED',
      error: { message: 'sub-workflow paused' },
    });
  });
});
