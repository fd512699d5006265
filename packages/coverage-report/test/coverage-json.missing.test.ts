// `missing_lines` / `missing_branches` as they come out in the produced coverage.json — the
// per-file lists and the per-package and total counts — asserted exactly on small hand-made
// records, from both kinds of merged map and through the CLI (survivors of mutation run 14).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileCoverageData, Range } from 'istanbul-lib-coverage';
import libCoverage from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { compactFile } from '../src/compact-coverage.js';
import type { CompactFile } from '../src/compact-coverage.js';
import { buildCoverageJson, serializeCoverageJson } from '../src/coverage-json.js';
import type { CoverageJson } from '../src/types.js';
import { captureIo, makeWorkspace } from './fixture-workspace.js';

const at = (line: number, col = 0): Range => ({
  start: { line, column: col },
  end: { line, column: col + 2 },
});

/** Statements as [line, hits]; branches as [line, arm hits]. */
function record(
  path: string,
  statements: [number, number][],
  branches: [number, number[]][] = [],
): FileCoverageData {
  const data: FileCoverageData = {
    path,
    statementMap: {},
    s: {},
    fnMap: {},
    f: {},
    branchMap: {},
    b: {},
  };
  statements.forEach(([line, hits], i) => {
    data.statementMap[String(i)] = at(line, i * 3);
    data.s[String(i)] = hits;
  });
  branches.forEach(([line, arms], i) => {
    data.branchMap[String(i)] = {
      loc: at(line),
      type: 'if',
      line,
      locations: arms.map(() => at(line)),
    };
    data.b[String(i)] = arms;
  });
  return data;
}

// Listed out of line order on purpose: the lists must come out sorted.
const A = record(
  '/r/pa/a.ts',
  [
    [7, 0],
    [2, 3],
    [4, 0],
    [2, 0], // line 2 also has a hit: executed, not missing
    [9, 1],
    [4, 0], // a second miss on line 4 counts once
  ],
  [
    [8, [0, 2, 0]],
    [3, [1, 0]],
  ],
);
const B = record(
  '/r/pb/b.ts',
  [
    [1, 1],
    [5, 0],
  ],
  [
    [5, [1, 0]], // two branches on one line: pairs sorted by arm within the line
    [5, [0, 1]],
  ],
);
// Lines far apart (beyond the dense index): the sparse path, in reverse order.
const SPARSE = record('/r/pb/sparse.ts', [
  [90000, 0],
  [50000, 2],
  [3, 0],
  [50000, 0],
]);

const FILE_LISTS = {
  'pa/a.ts': {
    executed_lines: [2, 9],
    missing_lines: [4, 7],
    missing_branches: [
      [3, 1],
      [8, 0],
      [8, 2],
    ],
  },
  'pb/b.ts': {
    executed_lines: [1],
    missing_lines: [5],
    missing_branches: [
      [5, 0],
      [5, 1],
    ],
  },
  'pb/sparse.ts': { executed_lines: [50000], missing_lines: [3, 90000], missing_branches: [] },
};

function build(map: Parameters<typeof buildCoverageJson>[0]['map']): CoverageJson {
  return buildCoverageJson({
    map,
    root: '/r',
    packageOf: (path) => path.split('/')[0] as string,
    inputs: [],
    version: '0.0.0',
    generatedAt: '2024-01-01T00:00:00.000Z',
  });
}

const records = [A, B, SPARSE];
const istanbulMap = libCoverage.createCoverageMap({});
for (const r of records) istanbulMap.addFileCoverage(structuredClone(r));
const compactMap = new Map<string, CompactFile>(records.map((r) => [r.path, compactFile(r)]));

describe.each([
  ['an istanbul map', () => build(istanbulMap)],
  ['a compact map', () => build(compactMap)],
])('coverage.json built from %s', (_kind, make) => {
  const coverage = make();

  it('lists executed lines, missing lines and missing [line, arm] pairs per file, sorted', () => {
    const lists = Object.fromEntries(
      Object.entries(coverage.files).map(([path, f]) => [
        path,
        {
          executed_lines: f.executed_lines,
          missing_lines: f.missing_lines,
          missing_branches: f.missing_branches,
        },
      ]),
    );
    expect(lists).toEqual(FILE_LISTS);
  });

  it('counts missing_lines and missing_branches in every file summary', () => {
    const counts = Object.fromEntries(
      Object.entries(coverage.files).map(([path, f]) => [
        path,
        [f.summary.num_lines, f.summary.missing_lines, f.summary.missing_branches],
      ]),
    );
    expect(counts).toEqual({
      'pa/a.ts': [4, 2, 3],
      'pb/b.ts': [2, 1, 2],
      'pb/sparse.ts': [3, 2, 0],
    });
  });

  it('sums the counts per package and in the totals', () => {
    const pick = (s: CoverageJson['totals']) => ({
      num_lines: s.num_lines,
      covered_lines: s.covered_lines,
      missing_lines: s.missing_lines,
      num_branches: s.num_branches,
      covered_branches: s.covered_branches,
      missing_branches: s.missing_branches,
    });
    expect(pick(coverage.packages.pa!)).toEqual({
      num_lines: 4,
      covered_lines: 2,
      missing_lines: 2,
      num_branches: 5,
      covered_branches: 2,
      missing_branches: 3,
    });
    expect(pick(coverage.packages.pb!)).toEqual({
      num_lines: 5,
      covered_lines: 2,
      missing_lines: 3,
      num_branches: 4,
      covered_branches: 2,
      missing_branches: 2,
    });
    expect(pick(coverage.totals)).toEqual({
      num_lines: 9,
      covered_lines: 4,
      missing_lines: 5,
      num_branches: 9,
      covered_branches: 4,
      missing_branches: 5,
    });
  });

  it('writes the lists on one line each in the serialised file', () => {
    const text = serializeCoverageJson(coverage);
    expect(text).toContain('"missing_branches": [[3,1],[8,0],[8,2]],');
    expect(text).toContain('"missing_lines": [4,7],');
    expect(text).toContain('"missing_lines": [3,90000],');
    expect(text).toContain('"missing_branches": [],');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(coverage)));
  });
});

describe('coverage.json written by `merge`', () => {
  it('holds the same lists and counts as built in memory', async () => {
    const root = makeWorkspace({
      packages: ['pa'],
      files: { 'pa/a.ts': 'x\n' },
      inputs: { 'pa/coverage/coverage-final.json': { json: { [`/x/pa/a.ts`]: A } } },
    });
    // A's key and recorded path (/x/…, /r/…) are from another machine: re-rooted onto pa/a.ts.
    const c = captureIo(root);
    expect(await main(['merge'], c.io)).toBe(0);
    const written = JSON.parse(
      readFileSync(join(root, 'coverage/coverage.json'), 'utf8'),
    ) as CoverageJson;
    const entry = written.files['pa/a.ts'];
    expect([entry?.missing_lines, entry?.missing_branches]).toEqual([
      FILE_LISTS['pa/a.ts'].missing_lines,
      FILE_LISTS['pa/a.ts'].missing_branches,
    ]);
    expect([written.totals.missing_lines, written.totals.missing_branches]).toEqual([2, 3]);
  });
});
