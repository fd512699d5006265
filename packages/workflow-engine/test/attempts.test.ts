/** Attempts seen through the engine: timeouts, the lazily created abort signal, output checks. */
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { ExecutorContext } from '../src/options.js';

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
});
