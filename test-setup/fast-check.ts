// Shared fast-check setup: a fixed, replayable seed and a tunable number of runs.
//
// Every run uses the same seed (DEFAULT_SEED) unless FC_SEED is set, so every `.ci/run` and every
// `pnpm test` explores the same executions: a red CI is reproducible, never a coin toss. Deep random
// exploration is the job of the fuzz scripts (`pnpm fuzz`), not of CI.
// Failures print the seed and path; replay with FC_SEED=<seed> FC_PATH=<path>.
// FC_NUM_RUNS=<n> overrides the number of runs of every property.
import fc from 'fast-check';

/** The seed used when FC_SEED is not set. Changing it changes what CI explores: do it on purpose. */
export const DEFAULT_SEED = 20_260_105;

const seedText = process.env.FC_SEED;
const numRunsText = process.env.FC_NUM_RUNS;
const pathText = process.env.FC_PATH;

const seed = seedText !== undefined && seedText !== '' ? Number(seedText) : DEFAULT_SEED;
if (!Number.isInteger(seed)) {
  throw new TypeError(`FC_SEED must be an integer, received ${JSON.stringify(seedText)}`);
}
const numRuns = numRunsText !== undefined && numRunsText !== '' ? Number(numRunsText) : undefined;
if (numRuns !== undefined && !(Number.isInteger(numRuns) && numRuns > 0)) {
  throw new TypeError(
    `FC_NUM_RUNS must be a positive integer, received ${JSON.stringify(numRunsText)}`,
  );
}

fc.configureGlobal({
  seed,
  ...(pathText !== undefined && pathText !== '' ? { path: pathText } : {}),
  ...(numRuns !== undefined ? { numRuns } : {}),
  verbose: 1,
});
