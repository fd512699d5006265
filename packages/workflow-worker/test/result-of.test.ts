// resultOf (what `client.result` returns) rebuilds the engine's ExecutionResult from a stored
// snapshot alone: for any workflow it equals the result the engine itself settled with.
import { fc, test } from '@fast-check/vitest';
import type { Executor, StepDef, StepsDefinition } from '@atom/workflow-engine';
import {
  InMemoryExecutionStore,
  assertValidWorkflow,
  createEngine,
  initialSnapshot,
} from '@atom/workflow-engine';
import { describe, expect, it } from 'vitest';
import { SETTLED_STATUSES, TERMINAL_STATUSES, resultOf } from '../src/result-of.js';

type Mode = 'ok' | 'fail' | 'fallback' | 'missing';

const executors: Record<string, Executor> = {
  good: ({ step, params }) => ({ step: step.id, params }),
  bad: ({ step }) => {
    throw new Error(`boom ${step.id}`);
  },
};

const stepArbitrary = (i: number): fc.Arbitrary<StepDef> =>
  fc
    .record({
      deps: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), {
        maxLength: i === 0 ? 0 : 2,
      }),
      mode: fc.constantFrom<Mode>('ok', 'ok', 'fail', 'fallback', 'missing'),
      tolerate: fc.boolean(),
    })
    .map(({ deps, mode, tolerate }) => ({
      id: `s${i}`,
      service: mode === 'fail' || mode === 'fallback' ? 'bad' : 'good',
      depends_on: deps.map((d) => `s${d}`),
      parameters: mode === 'missing' ? { x: '${input.missing}' } : { i },
      ...(mode === 'fallback' ? { fallback_service: 'good' } : {}),
      ...(tolerate ? { continue_on_error: true } : {}),
    }));

const workflowArbitrary: fc.Arbitrary<StepsDefinition> = fc
  .integer({ min: 1, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => stepArbitrary(i))))
  .map((steps) => ({ id: 'wf', steps }));

describe('resultOf', () => {
  test.prop([workflowArbitrary], { numRuns: 60 })(
    'of the stored snapshot equals the result the engine settled with',
    async (definition) => {
      const store = new InMemoryExecutionStore();
      const engine = createEngine({ executors, store, retry: { maxAttempts: 1 } });
      const expected = await engine.start(definition, { input: {} }).result;
      const snapshot = (await store.load(expected.executionId))!;
      expect(SETTLED_STATUSES.has(snapshot.status)).toBe(true);
      expect(resultOf(snapshot)).toEqual(expected);
      await engine.close();
    },
  );

  it.each([
    ['with a reason', 'no longer needed'],
    ['without a reason', undefined],
  ])('a CANCELLED execution, %s', async (_, reason) => {
    const store = new InMemoryExecutionStore();
    let started: () => void = () => undefined;
    const running = new Promise<void>((r) => (started = r));
    const engine = createEngine({
      executors: {
        hang: ({ signal }) =>
          new Promise((_resolve, reject) => {
            started();
            signal.addEventListener('abort', () => reject(signal.reason as Error));
          }),
      },
      store,
    });
    const run = engine.start(
      { id: 'c', steps: [{ id: 'a', service: 'hang', depends_on: [] }] },
      { input: {} },
    );
    await running;
    expect(await engine.cancel(run.executionId, reason)).toBe(true);
    const expected = await run.result;
    expect(expected.status).toBe('CANCELLED');
    const snapshot = (await store.load(run.executionId))!;
    expect(TERMINAL_STATUSES.has(snapshot.status)).toBe(true);
    expect(resultOf(snapshot)).toEqual(expected);
    await engine.close();
  });

  it('an unsettled snapshot (no error stored) is described as FAILED with its status', () => {
    const workflow = assertValidWorkflow({ id: 'p', steps: [{ id: 'a', service: 'good' }] });
    const pending = initialSnapshot(workflow, 'e1', {}, 0);
    expect(pending.status).toBe('PENDING');
    expect(SETTLED_STATUSES.has('PENDING') || TERMINAL_STATUSES.has('PENDING')).toBe(false);
    expect(resultOf(pending)).toEqual({
      executionId: 'e1',
      status: 'FAILED',
      error: { name: 'Error', message: 'status PENDING' },
      outputs: {},
      steps: { a: 'PENDING' },
      fallbackUsed: [],
    });
  });
});
