// Shared fast-check setup: a replayable seed and a tunable number of runs.
// Failures print the seed and path; replay with FC_SEED=<seed> (and FC_PATH=<path>).
import fc from 'fast-check';

const seedText = process.env.FC_SEED;
const numRunsText = process.env.FC_NUM_RUNS;
const pathText = process.env.FC_PATH;

const seed = seedText !== undefined && seedText !== '' ? Number(seedText) : undefined;
if (seed !== undefined && !Number.isInteger(seed)) {
  throw new TypeError(`FC_SEED must be an integer, received ${JSON.stringify(seedText)}`);
}
const numRuns = numRunsText !== undefined && numRunsText !== '' ? Number(numRunsText) : undefined;
if (numRuns !== undefined && !(Number.isInteger(numRuns) && numRuns > 0)) {
  throw new TypeError(
    `FC_NUM_RUNS must be a positive integer, received ${JSON.stringify(numRunsText)}`,
  );
}

fc.configureGlobal({
  ...(seed !== undefined ? { seed } : {}),
  ...(pathText !== undefined && pathText !== '' ? { path: pathText } : {}),
  ...(numRuns !== undefined ? { numRuns } : {}),
  verbose: 1,
});
