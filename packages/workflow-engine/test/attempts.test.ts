/** Attempts seen through the engine: timeouts, the lazily created abort signal, output checks. */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { Run } from '../src/engine.js';
import { normalizeDefinition } from '../src/normalize.js';
import type { Executor, ExecutorContext } from '../src/options.js';
import { RecordingStore, drive, flush, interruptAndRecover } from './helpers/engine-harness.js';

const one = (config: Record<string, unknown>) => ({
  id: 'w',
  nodes: [{ id: 'a', config: { service: 's', ...config } }],
  connections: [],
});

describe('attempts', () => {
  it('arms no timer for a timeout of 0', async () => {
    const clock = createManualClock();
    const engine = createEngine({
      clock,
      executors: {
        s: () => new Promise((resolve) => clock.setTimeout(() => resolve('late'), 5_000)),
      },
    });
    const run = engine.start(one({ timeout: 0 }));
    await clock.advance(5_000);
    expect(await run.result).toMatchObject({ status: 'COMPLETED', outputs: { a: 'late' } });
  });

  it('gives one signal per attempt, already aborted when first read after a timeout', async () => {
    const clock = createManualClock();
    let ctx: ExecutorContext | undefined;
    const engine = createEngine({
      clock,
      retry: { maxAttempts: 1 },
      executors: {
        s: (c) => {
          ctx = c;
          return new Promise(() => undefined);
        },
      },
    });
    const run = engine.start(one({ timeout: 1 }));
    await clock.advance(1_000);
    const result = await run.result;
    expect(result.status === 'FAILED' && result.error.code).toBe('WORKFLOW_STEP_TIMEOUT');
    const signal = ctx?.signal;
    expect(signal?.aborted).toBe(true);
    expect((signal?.reason as Error).message).toBe('Step "a" attempt 1 timed out after 1000 ms');
    expect(ctx?.signal).toBe(signal);
  });

  it('fails an output that breaks its schema with the output message', async () => {
    const engine = createEngine({
      retry: { maxAttempts: 1 },
      executors: { s: () => ({ n: 'x' }) },
    });
    const result = await engine.start(
      one({ output_schema: { type: 'object', properties: { n: { type: 'number' } } } }),
    ).result;
    expect(result.status === 'FAILED' && result.error.message).toMatch(
      /^Output validation failed for step "a": /,
    );
  });

  it('arms no timer for a normalised workflow whose timeoutMs is 0', async () => {
    const clock = createManualClock();
    const engine = createEngine({
      clock,
      executors: {
        s: () => new Promise((resolve) => clock.setTimeout(() => resolve('late'), 5_000)),
      },
    });
    const workflow = normalizeDefinition(one({}));
    (workflow.nodes[0] as { timeoutMs?: number }).timeoutMs = 0;
    const run = engine.start(workflow);
    await flush();
    expect(clock.pending()).toBe(1);
    await clock.advance(5_000);
    expect(await run.result).toMatchObject({ status: 'COMPLETED', outputs: { a: 'late' } });
  });

  it('gives a retried attempt the same resolved parameters, after its back-off', async () => {
    const clock = createManualClock();
    const seen: unknown[] = [];
    const engine = createEngine({
      clock,
      executors: {
        s: ({ params, attempt }) => {
          seen.push(params);
          return attempt === 1 ? Promise.reject(new Error('flaky')) : 'ok';
        },
      },
    });
    const run = engine.start(
      one({
        parameters: { x: '${input.v}' },
        retry: { max_attempts: 2, initial_delay_seconds: 10, jitter: 'none' },
      }),
      { input: { v: 1 } },
    );
    await flush();
    expect(seen).toHaveLength(1);
    await clock.advance(9_999);
    expect(seen).toHaveLength(1);
    await clock.advance(1);
    expect(await run.result).toMatchObject({ status: 'COMPLETED' });
    expect(seen).toEqual([{ x: 1 }, { x: 1 }]);
  });

  it('retries a recovered, interrupted attempt at once, without a back-off timer', async () => {
    const { stored, attempts, recovered } = await interruptAndRecover(
      one({ retry: { max_attempts: 2, initial_delay_seconds: 60 } }),
      () => new Promise(() => undefined),
    );
    expect(stored?.steps.a?.status).toBe('RUNNING');
    await flush(200);
    expect(attempts).toEqual([2]);
    expect(await recovered.result).toMatchObject({ status: 'COMPLETED', outputs: { a: 'ok' } });
  });

  it('ignores an executor that settles after its attempt timed out and the retry began', async () => {
    const clock = createManualClock();
    const engine = createEngine({
      clock,
      executors: {
        // Attempt 1 settles at 1.2 s, during attempt 2 (started at 1.1 s), which takes too long.
        s: ({ attempt }) =>
          new Promise((resolve) =>
            clock.setTimeout(() => resolve(`late ${attempt}`), attempt === 1 ? 1_200 : 1_500),
          ),
      },
    });
    const run = engine.start(
      one({ timeout: 1, retry: { max_attempts: 2, initial_delay_seconds: 0.1, jitter: 'none' } }),
    );
    const result = await drive(run, clock);
    expect(result.status === 'FAILED' && result.error.message).toBe(
      'Step "a" attempt 2 timed out after 1000 ms',
    );
  });

  it('arms no back-off timer for a step whose execution failed before its retry was saved', async () => {
    const base = createManualClock();
    const armed: number[] = [];
    const clock: Clock = {
      now: () => base.now(),
      setTimeout: (fn, ms) => {
        armed.push(ms);
        return base.setTimeout(fn, ms);
      },
      clearTimeout: (handle) => base.clearTimeout(handle),
    };
    const engine = createEngine({
      clock,
      executors: {
        s: () => {
          throw new Error('flaky');
        },
        t: () => {
          throw new Error('down');
        },
      },
    });
    const run = engine.start({
      id: 'w',
      nodes: [
        {
          id: 'a',
          config: { service: 's', retry: { max_attempts: 2, initial_delay_seconds: 10 } },
        },
        { id: 'b', config: { service: 't', retry: { max_attempts: 1 } } },
      ],
      connections: [],
    });
    const result = await drive(run, base);
    expect(result).toMatchObject({ status: 'FAILED', steps: { a: 'CANCELLED', b: 'FAILED' } });
    expect(armed).toEqual([]);
  });

  it('clears the timeout of an attempt that settled, and leaves its signal alone', async () => {
    const clock = createManualClock();
    let ctx: ExecutorContext | undefined;
    const engine = createEngine({
      clock,
      executors: {
        s: (c) => {
          ctx = c;
          return Promise.resolve(1);
        },
      },
    });
    expect((await engine.start(one({ timeout: 60 })).result).status).toBe('COMPLETED');
    expect(clock.pending()).toBe(0);
    expect(ctx?.signal.aborted).toBe(false);
  });

  it('never runs the executor of a step cancelled before its start was saved', async () => {
    const store = new RecordingStore();
    let release: () => void = () => undefined;
    const calls: string[] = [];
    const engine = createEngine({
      store,
      generateId: () => 'x',
      executors: { s: () => void calls.push('s') },
    });
    store.beforeSave = (request) => {
      if (request.events.some((e) => e.type === 'step.started')) {
        return new Promise<void>((resolve) => (release = resolve));
      }
      return undefined;
    };
    const run = engine.start(one({}));
    await flush(100);
    const cancelled = engine.cancel('x', 'stop');
    await flush(100);
    release();
    expect(await cancelled).toBe(true);
    expect(await run.result).toMatchObject({ status: 'CANCELLED', steps: { a: 'CANCELLED' } });
    expect(calls).toEqual([]);
  });

  it('uses the fallback for an output that breaks its schema, never for input', async () => {
    const calls: string[] = [];
    const executor =
      (name: string, value: unknown): Executor =>
      () => {
        calls.push(name);
        return value;
      };
    const engine = createEngine({
      executors: { s: executor('s', { n: 'x' }), f: executor('f', { n: 1 }) },
    });
    const number = { type: 'object', properties: { n: { type: 'number' } } };
    const output = await engine.start(one({ fallback_service: 'f', output_schema: number })).result;
    expect(output).toMatchObject({
      status: 'COMPLETED',
      outputs: { a: { n: 1 } },
      fallbackUsed: ['a'],
    });
    expect(calls).toEqual(['s', 'f']);
    calls.length = 0;
    // A resumed step's parameters break its input schema: its first attempt fails, no fallback.
    const input = engine.start(
      one({ fallback_service: 'f', parameters: { n: '${input.n}' }, input_schema: number }),
      { executionId: 'in' },
    );
    expect((await input.result).status).toBe('PAUSED');
    const resumed = (await engine.resume('in', { input: { n: 'x' } })) as Run;
    const result = await resumed.result;
    expect(result.status === 'FAILED' && result.error.message).toMatch(
      /^Input validation failed for step "a": /,
    );
    expect(calls).toEqual([]);
  });

  it('names the entry point where the engine failed: executor settled, timeout, retry timer', async () => {
    const entry = async (
      config: Record<string, unknown>,
      executor: (clock: Clock) => Executor,
      arm: (broken: { on: boolean }) => void,
    ): Promise<string> => {
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
        generateId: () => 'x',
        executors: { s: executor(base) },
      });
      const run = engine.start(one(config));
      await flush(100);
      arm(broken);
      const result = await drive(run, base);
      return result.status === 'FAILED' ? result.error.message : result.status;
    };
    const later =
      (ok: boolean): ((clock: Clock) => Executor) =>
      (clock) =>
      () =>
        new Promise((resolve, reject) =>
          clock.setTimeout(() => (ok ? resolve(1) : reject(new Error('no'))), 10),
        );
    const on = (broken: { on: boolean }): void => {
      broken.on = true;
    };
    const message = (where: string): string =>
      `Execution "x" failed inside the engine (${where}): clock fault`;
    expect(await entry({}, later(true), on)).toBe(message('executor-settled'));
    expect(await entry({ retry: { max_attempts: 1 } }, later(false), on)).toBe(
      message('executor-settled'),
    );
    expect(await entry({ timeout: 0.001 }, () => () => new Promise(() => undefined), on)).toBe(
      message('timeout'),
    );
    expect(
      await entry(
        { retry: { max_attempts: 2, initial_delay_seconds: 1 } },
        () => () => Promise.reject(new Error('no')),
        on,
      ),
    ).toBe(message('retry-timer'));
  });
});
