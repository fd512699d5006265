// Several executions sharing one engine under `globalConcurrency`: what a user running many
// workflows on one worker writes. Steps succeed, fail and retry with delays (or at once), and some
// executions are cancelled while they wait. Every execution must settle (no run starves waiting
// for a slot) and no more steps than the limit may run at once.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEngine } from '../src/engine.js';
import type { ExecutionResult, Run } from '../src/engine.js';
import { NonRetryableError } from '../src/errors.js';
import type { Executor } from '../src/options.js';
import type { GraphDefinition } from '../src/types.js';
import { drive } from './helpers/engine-harness.js';
import { recordUnhandledRejections } from './helpers/unhandled.js';

recordUnhandledRejections(true);

/** One step: the attempts that fail before it succeeds, how long each attempt takes (ms). */
interface StepPlan {
  failures: number;
  fatal: boolean;
  delayMs: number;
  maxAttempts: number;
  continueOnError: boolean;
}

interface RunPlan {
  steps: StepPlan[];
  /** Forward edges `[from, to]` with from < to. */
  edges: Array<[number, number]>;
  /** Cancel this execution at that time (ms), if set. */
  cancelAt: number | undefined;
}

const stepArb: fc.Arbitrary<StepPlan> = fc.record({
  failures: fc.constantFrom(0, 0, 0, 1, 2),
  fatal: fc.constantFrom(false, false, false, true),
  delayMs: fc.constantFrom(0, 0, 5, 10, 30),
  maxAttempts: fc.constantFrom(1, 2, 3),
  continueOnError: fc.boolean(),
});

/** Every edge `[a, b]` with a < b < n. */
const forwardPairs = (n: number): Array<[number, number]> =>
  Array.from({ length: n }, (_, a) =>
    Array.from({ length: n - a - 1 }, (_, k): [number, number] => [a, a + k + 1]),
  ).flat();

const runArb: fc.Arbitrary<RunPlan> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    steps: fc.array(stepArb, { minLength: n, maxLength: n }),
    edges: fc.subarray(forwardPairs(n), { maxLength: Math.min(n, forwardPairs(n).length) }),
    cancelAt: fc.option(fc.constantFrom(0, 5, 20), { nil: undefined, freq: 4 }),
  }),
);

const scenarioArb = fc.record({
  globalConcurrency: fc.integer({ min: 1, max: 3 }),
  maxConcurrency: fc.integer({ min: 1, max: 3 }),
  runs: fc.array(runArb, { minLength: 2, maxLength: 5 }),
});

function definition(plan: RunPlan, r: number): GraphDefinition {
  return {
    id: `w${r}`,
    nodes: plan.steps.map((s, i) => ({
      id: `s${i}`,
      config: {
        service: 'svc',
        continue_on_error: s.continueOnError,
        retry: { max_attempts: s.maxAttempts, initial_delay_seconds: 0.01 },
      },
    })),
    connections: plan.edges.map(([a, b]) => ({ source: `s${a}`, target: `s${b}` })),
  };
}

describe('executions sharing global slots', () => {
  test.prop([scenarioArb], { numRuns: 150 })(
    'every execution settles and at most globalConcurrency steps run at once',
    async ({ globalConcurrency, maxConcurrency, runs }) => {
      const clock = createManualClock();
      let running = 0;
      let peak = 0;
      const plans = new Map(runs.map((plan, r) => [`r${r}`, plan]));
      const svc: Executor = ({ executionId, step, attempt, signal }) => {
        const plan = (plans.get(executionId) as RunPlan).steps[Number(step.id.slice(1))];
        const { failures, fatal, delayMs } = plan as StepPlan;
        const outcome = (): unknown => {
          if (attempt > failures) return 'ok';
          throw fatal ? new NonRetryableError('fatal') : new Error('flaky');
        };
        if (delayMs === 0) return outcome();
        running += 1;
        peak = Math.max(peak, running);
        return new Promise((resolve, reject) => {
          let done = false;
          const finish = (): void => {
            if (done) return;
            done = true;
            running -= 1;
            try {
              resolve(outcome());
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          };
          const timer = clock.setTimeout(finish, delayMs);
          signal.addEventListener('abort', () => {
            clock.clearTimeout(timer);
            if (done) return;
            done = true;
            running -= 1;
            reject(signal.reason as Error);
          });
        });
      };
      const engine = createEngine({
        clock,
        globalConcurrency,
        maxConcurrency,
        executors: { svc },
      });
      const started: Run[] = runs.map((plan, r) =>
        engine.start(definition(plan, r), { executionId: `r${r}` }),
      );
      runs.forEach((plan, r) => {
        if (plan.cancelAt !== undefined) {
          clock.setTimeout(() => void engine.cancel(`r${r}`), plan.cancelAt);
        }
      });
      const all = Promise.all(started.map((run) => run.result));
      const results = (await drive(
        { executionId: 'all', result: all } as unknown as Run,
        clock,
      )) as unknown as ExecutionResult[];
      expect(peak).toBeLessThanOrEqual(globalConcurrency);
      results.forEach((result, r) => {
        const plan = runs[r] as RunPlan;
        expect(['COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED']).toContain(result.status);
        const succeeds = plan.steps.every((s) => !s.fatal && s.failures < s.maxAttempts);
        if (plan.cancelAt === undefined && succeeds) expect(result.status).toBe('COMPLETED');
      });
      await engine.close();
    },
  );
});
