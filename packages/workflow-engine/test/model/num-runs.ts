/**
 * The number of runs of a property: `FC_NUM_RUNS` when set (it must win over the per-property
 * default, which fast-check would otherwise prefer to the global setting), else `fallback`.
 */
export function numRuns(fallback: number): number {
  const text = process.env.FC_NUM_RUNS;
  const value = text === undefined || text === '' ? NaN : Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
