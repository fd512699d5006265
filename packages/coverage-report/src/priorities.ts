import type { CoverageSummary, Priorities, PriorityTier, Tier } from './types.js';

/** Minimum statements of each size tier, Tier 1 first. */
export const TIER_MIN_STATEMENTS: Readonly<Record<Tier, number>> = {
  1: 500,
  2: 300,
  3: 200,
  4: 100,
  5: 0,
};

const TIERS: readonly Tier[] = [1, 2, 3, 4, 5];

/** The size tier of a file with `statements` statements. */
export function tierOf(statements: number): Tier {
  return TIERS.find((t) => statements >= TIER_MIN_STATEMENTS[t]) as Tier;
}

/**
 * Atom's "which file next": files with uncovered statements ranked by that count (then by path),
 * the five size tiers, and the files with statements of which none is covered. Ties keep path
 * order (files are visited sorted and the sort is stable).
 */
export function computePriorities(
  files: Readonly<Record<string, { package: string; summary: CoverageSummary }>>,
): Priorities {
  const tiers: PriorityTier[] = TIERS.map((tier) => ({
    tier,
    min_statements: TIER_MIN_STATEMENTS[tier],
    files: 0,
    num_statements: 0,
    covered_statements: 0,
  }));
  const ranked: Priorities['ranked'] = [];
  const zero: Priorities['zero_coverage'] = [];
  for (const path of Object.keys(files).sort()) {
    const { package: pkg, summary } = files[path] as { package: string; summary: CoverageSummary };
    const tier = tierOf(summary.num_statements);
    const bucket = tiers[tier - 1] as PriorityTier;
    bucket.files += 1;
    bucket.num_statements += summary.num_statements;
    bucket.covered_statements += summary.covered_statements;
    const uncovered = summary.num_statements - summary.covered_statements;
    if (uncovered > 0) {
      ranked.push({
        path,
        package: pkg,
        tier,
        num_statements: summary.num_statements,
        uncovered_statements: uncovered,
        percent_covered: summary.percent_covered,
      });
    }
    if (summary.num_statements > 0 && summary.covered_statements === 0) {
      zero.push({ path, num_statements: summary.num_statements });
    }
  }
  ranked.sort((a, b) => b.uncovered_statements - a.uncovered_statements);
  zero.sort((a, b) => b.num_statements - a.num_statements);
  return { ranked, tiers, zero_coverage: zero };
}
