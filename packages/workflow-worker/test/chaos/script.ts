/**
 * The chaos script: random DAGs (conditions, joins, tolerated and fatal failures, transient
 * failures) and one deterministic executor, shared by the worker processes and the crash-free
 * reference run.
 */
import fc from 'fast-check';
import type { Executor, JoinRule, StepDef, StepsDefinition } from '@atom/workflow-engine';

const JOINS: JoinRule[] = ['all_success', 'all_done', 'one_success', 'none_failed_min_one_success'];
/**
 * Executor calls a step may make (its retry budget). A crash-free run needs at most 2 ('once');
 * the rest absorbs interrupted attempts, so a SIGKILL never exhausts a budget the crash-free run
 * did not (which would make FAILED the right outcome and the comparison below meaningless).
 */
export const MAX_ATTEMPTS = 8;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) % 1000;
}

const stepArbitrary = (i: number): fc.Arbitrary<StepDef> =>
  fc
    .record({
      deps: fc.uniqueArray(fc.integer({ min: 0, max: Math.max(0, i - 1) }), {
        maxLength: i === 0 ? 0 : 3,
      }),
      mode: fc.constantFrom('ok', 'ok', 'ok', 'ok', 'ok', 'once', 'once', 'always'),
      tolerate: fc.boolean(),
      join: fc.constantFrom(...JOINS),
      conditional: fc.integer({ min: 0, max: 4 }),
      delay: fc.integer({ min: 20, max: 150 }),
    })
    .map(({ deps, mode, tolerate, join, conditional, delay }) => {
      const first = deps[0];
      const step: StepDef = {
        id: `s${i}`,
        service: 'chaos',
        parameters: { n: `s${i}`, mode, delay, deps: deps.map((d) => `\${s${d}.v}`) },
        depends_on: deps.map((d) =>
          conditional === 0 && d === first
            ? { id: `s${d}`, condition: `steps.s${d}.v > 300.0` }
            : `s${d}`,
        ),
        retry: {
          max_attempts: MAX_ATTEMPTS,
          initial_delay_seconds: 0.01,
          backoff_rate: 1,
          jitter: 'none',
        },
        join,
      };
      // A fatal failure cancels whatever runs beside it, which depends on timing even without
      // crashes: failing steps are tolerated (PARTIAL), so a crash-free run has one outcome.
      if (mode === 'always') step.continue_on_error = true;
      else if (tolerate) step.continue_on_error = true;
      return step;
    });

/** `count` random workflow definitions, the same for a given seed. */
export function chaosDefinitions(count: number, seed: number): StepsDefinition[] {
  const arbitrary = fc
    .integer({ min: 2, max: 7 })
    .chain((n) => fc.array(fc.constant(0), { minLength: n, maxLength: n }))
    .chain((slots) => fc.tuple(...slots.map((_, i) => stepArbitrary(i))));
  return fc
    .sample(arbitrary, { seed, numRuns: count })
    .map((steps, k) => ({ id: `chaos-${k}`, steps }));
}

/** What the executor reports about one call. */
export interface CallRecord {
  e: string;
  s: string;
  a: number;
  pid: number;
  t0: number;
  t1?: number;
}

/**
 * The deterministic executor: output `{ v }` from the step and its inputs; `once` fails attempt 1,
 * `always` fails every attempt. `sleep` false skips the delays (reference run).
 */
export function chaosExecutor(
  sleep: boolean,
  onCall?: (start: CallRecord) => (end: number) => void,
): Executor {
  return async (ctx) => {
    const { n, mode, delay, deps } = ctx.params as {
      n: string;
      mode: string;
      delay: number;
      deps: unknown[];
    };
    const done = onCall?.({
      e: ctx.executionId,
      s: ctx.step.id,
      a: ctx.attempt,
      pid: process.pid,
      t0: Date.now(),
    });
    try {
      if (sleep) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delay);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(ctx.signal.reason as Error);
          });
        });
      }
      if (mode === 'always' || (mode === 'once' && ctx.attempt === 1)) throw new Error(`boom ${n}`);
      return { v: hash(`${n}(${deps.map(String).join(',')})`) };
    } finally {
      done?.(Date.now());
    }
  };
}
