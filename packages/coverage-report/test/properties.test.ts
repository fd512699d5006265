// The fast-check properties of spec §9, on REAL istanbul records with random hits.
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect } from 'vitest';
import { buildCoverageJson } from '../src/coverage-json.js';
import { mergeCoverage } from '../src/merge-coverage.js';
import type { CoverageInput } from '../src/merge-coverage.js';
import { createPathNormalizer } from '../src/normalize-paths.js';
import { sumSummaries } from '../src/summarize.js';
import { evaluateTargets, parseTargets } from '../src/targets.js';
import type { CoverageJson, CoverageSummary } from '../src/types.js';
import { filesArb, normalPathArb } from './laws.js';

const ROOT = '/virtual/root';
const normalizer = createPathNormalizer(ROOT);

function input(name: string, files: readonly FileCoverageData[]): CoverageInput {
  const data: CoverageMapData = {};
  for (const f of files) data[f.path] = structuredClone(f);
  return { file: name, data };
}

function build(inputs: readonly CoverageInput[]): CoverageJson {
  const { map } = mergeCoverage(inputs, normalizer);
  return buildCoverageJson({
    map,
    root: normalizer.root,
    packageOf: (p) => p.split('/')[0] as string,
    inputs: [],
    version: '0.0.0',
    generatedAt: '2020-01-01T00:00:00.000Z',
  });
}

const PERCENT_KEYS = [
  'percent_statements_covered',
  'percent_lines_covered',
  'percent_branches_covered',
  'percent_functions_covered',
  'percent_covered',
] as const satisfies readonly (keyof CoverageSummary)[];

/** Inputs over one shared set of paths (same instrumentation per path, different hits). */
const inputsArb = filesArb.chain((files) =>
  fc.array(
    fc
      .tuple(...files.map((f) => fc.constant(f)))
      .chain((fs) =>
        fc.tuple(...fs.map((f) => fc.record({ keep: fc.boolean(), f: fc.constant(f) }))),
      ),
    { minLength: 1, maxLength: 4 },
  ),
);

describe('properties', () => {
  test.prop([
    inputsArb.chain((runs) =>
      fc.tuple(
        fc.constant(runs),
        fc.shuffledSubarray(runs, { minLength: runs.length, maxLength: runs.length }),
      ),
    ),
  ])('merging is order-independent (any permutation of the inputs)', ([runs, permuted]) => {
    const toInputs = (rs: typeof runs) =>
      rs.map((run, i) =>
        input(
          `in${i}`,
          run.filter((r) => r.keep).map((r) => r.f),
        ),
      );
    const a = build(toInputs(runs));
    const b = build(toInputs(permuted));
    expect(b.totals).toEqual(a.totals);
    expect(b.files).toEqual(a.files);
  });

  test.prop([inputsArb])('merging in reverse order gives the same totals', (runs) => {
    const inputs = runs.map((run, i) =>
      input(
        `in${i}`,
        run.filter((r) => r.keep).map((r) => r.f),
      ),
    );
    expect(build([...inputs].reverse()).totals).toEqual(build(inputs).totals);
  });

  test.prop([filesArb])('merging an empty map changes nothing', (files) => {
    const alone = build([input('a', files)]);
    const withEmpty = build([input('empty', []), input('a', files), input('empty2', [])]);
    expect(withEmpty.files).toEqual(alone.files);
    expect(withEmpty.totals).toEqual(alone.totals);
  });

  test.prop([filesArb])('merging a map with itself doubles hits but not percentages', (files) => {
    const once = mergeCoverage([input('a', files)], normalizer).map;
    const twice = mergeCoverage([input('a', files), input('b', files)], normalizer).map;
    for (const key of once.files()) {
      const a = once.fileCoverageFor(key).data;
      const b = twice.fileCoverageFor(key).data;
      for (const id of Object.keys(a.s)) expect(b.s[id]).toBe(2 * (a.s[id] as number));
      for (const id of Object.keys(a.f)) expect(b.f[id]).toBe(2 * (a.f[id] as number));
      for (const id of Object.keys(a.b))
        expect(b.b[id]).toEqual((a.b[id] as number[]).map((h) => 2 * h));
    }
    const single = build([input('a', files)]);
    const double = build([input('a', files), input('b', files)]);
    for (const key of PERCENT_KEYS) expect(double.totals[key]).toBe(single.totals[key]);
  });

  test.prop([filesArb])('totals equal the sum over files, and over packages', (files) => {
    const coverage = build([input('a', files)]);
    const fromFiles = sumSummaries(Object.values(coverage.files).map((f) => f.summary));
    const fromPackages = sumSummaries(Object.values(coverage.packages));
    expect(coverage.totals).toEqual(fromFiles);
    expect(coverage.totals).toEqual(fromPackages);
    const statements = Object.values(coverage.files).reduce(
      (n, f) => n + f.summary.num_statements,
      0,
    );
    expect(coverage.totals.num_statements).toBe(statements);
  });

  test.prop([filesArb])('percentages stay in [0, 100]', (files) => {
    const coverage = build([input('a', files)]);
    const summaries = [
      coverage.totals,
      ...Object.values(coverage.packages),
      ...Object.values(coverage.files).map((f) => f.summary),
    ];
    for (const s of summaries) {
      for (const key of PERCENT_KEYS) {
        expect(s[key]).toBeGreaterThanOrEqual(0);
        expect(s[key]).toBeLessThanOrEqual(100);
      }
    }
  });

  test.prop([normalPathArb])('normalising an already-normal path is the identity', (path) => {
    expect(normalizer.normalize(path)).toBe(path);
    const once = normalizer.normalize(`${ROOT}/${path}`) as string;
    expect(once).toBe(path);
    expect(normalizer.normalize(once)).toBe(once);
  });

  test.prop([filesArb, fc.nat({ max: 100 }), fc.nat({ max: 100 }), fc.nat()])(
    'a rule set and a coverage map give the same verdict however the files are ordered',
    (files, lines, branches, seed) => {
      const coverage = build([input('a', files)]);
      const targets = parseTargets('t.json', {
        total: { lines },
        files: { '**': { branches }, '**/*.ts': { lines, functions: -1 } },
      });
      const entries = Object.entries(coverage.files);
      const rotated = [
        ...entries.slice(seed % entries.length),
        ...entries.slice(0, seed % entries.length),
      ].reverse();
      const subjectA = { ...coverage, files: Object.fromEntries(entries) };
      const subjectB = { ...coverage, files: Object.fromEntries(rotated) };
      expect(evaluateTargets(subjectB, targets)).toEqual(evaluateTargets(subjectA, targets));
    },
  );
});
