import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { runScenarioOnEngine } from './run-engine.js';
import { CONCURRENCIES, generateScenario } from './scenario.js';
import { numRuns } from './num-runs.js';

/**
 * The model-based property (issue 9): for random executions shaped like what users write —
 * service-less triggers with many children, roots without an executor (tolerated or not), step and
 * edge conditions (true, false, erroring), present and missing inputs (pause, then resume or
 * cancel), all four joins, continue_on_error, fallbacks, retries, timeouts, deadlines, a cancel at
 * a random time, a crash at a random save followed by `recover` — the engine's final step statuses,
 * outputs and per-step executor calls equal the reference model's, with maxConcurrency 1, 2, the
 * default and unlimited. An unhandled rejection or uncaught exception during a run fails it.
 *
 * A failure names the scenario seed; replay it outside vitest with
 * `pnpm --filter @atom/workflow-engine fuzz --seed <seed>`, or inside with FC_SEED/FC_PATH.
 */
describe('engine vs reference model', () => {
  for (const maxConcurrency of CONCURRENCIES) {
    test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: numRuns(120) })(
      `maxConcurrency ${String(maxConcurrency ?? 'default')}: statuses, outputs and calls equal the model's`,
      async (seed) => {
        const problems = await runScenarioOnEngine(generateScenario(seed), maxConcurrency);
        expect(problems, `scenario seed ${seed}`).toEqual([]);
      },
      60_000,
    );
  }
});
