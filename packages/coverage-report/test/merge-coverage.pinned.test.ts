// Mismatch detection in merge-coverage.ts at the same statement count (survivors of a mutation
// run: only different counts were tested), with the exact messages.
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { InstrumentationMismatchError, PathOutsideRootError } from '../src/errors.js';
import { mergeCoverage, statementSignature } from '../src/merge-coverage.js';
import { createPathNormalizer } from '../src/normalize-paths.js';

type Loc = [number, number, number, number];

function record(path: string, locs: Loc[], hits: number[]): FileCoverageData {
  const statementMap: FileCoverageData['statementMap'] = {};
  const s: FileCoverageData['s'] = {};
  locs.forEach(([sl, sc, el, ec], i) => {
    statementMap[String(i)] = { start: { line: sl, column: sc }, end: { line: el, column: ec } };
    s[String(i)] = hits[i] ?? 0;
  });
  return { path, statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}

const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-merge-')));
const normalizer = createPathNormalizer(root);

describe('statementSignature', () => {
  it('tells apart maps that differ only in a start or end column or line', () => {
    const base = statementSignature(record('a', [[1, 0, 1, 5]], []));
    expect(base).toBe('1:0-1:5');
    const others = (
      [
        [2, 0, 1, 5],
        [1, 1, 1, 5],
        [1, 0, 2, 5],
        [1, 0, 1, 6],
      ] as Loc[]
    ).map((l) => statementSignature(record('a', [l], [])));
    expect(new Set([base, ...others]).size).toBe(5);
  });

  it('ignores the order of statement ids', () => {
    const a = record(
      'a',
      [
        [1, 0, 1, 5],
        [2, 0, 2, 5],
      ],
      [],
    );
    const b = record(
      'a',
      [
        [2, 0, 2, 5],
        [1, 0, 1, 5],
      ],
      [],
    );
    expect(statementSignature(a)).toBe(statementSignature(b));
  });
});

describe('mergeCoverage mismatches at the same statement count', () => {
  const first = {
    file: 'a/coverage-final.json',
    data: {
      'src/x.ts': record(
        'src/x.ts',
        [
          [1, 0, 1, 9],
          [2, 0, 2, 9],
        ],
        [1, 0],
      ),
    },
  };
  const moved = {
    file: 'b/coverage-final.json',
    data: {
      'src/x.ts': record(
        'src/x.ts',
        [
          [1, 0, 1, 9],
          [3, 0, 3, 9],
        ],
        [0, 1],
      ),
    },
  };

  it('throws InstrumentationMismatchError naming both inputs', () => {
    let caught: unknown;
    try {
      mergeCoverage([first, moved], normalizer);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InstrumentationMismatchError);
    const e = caught as InstrumentationMismatchError;
    expect([e.code, e.path, e.inputs, e.file]).toEqual([
      'COVERAGE_MISMATCH',
      'src/x.ts',
      ['a/coverage-final.json', 'b/coverage-final.json'],
      'b/coverage-final.json',
    ]);
    expect(e.message).toBe(
      'b/coverage-final.json at /src~1x.ts: src/x.ts was instrumented differently than in a/coverage-final.json (statement maps differ); pass --allow-mismatch to merge anyway',
    );
  });

  it('merges under allowMismatch with one exact warning', () => {
    const result = mergeCoverage([first, moved], normalizer, { allowMismatch: true });
    expect(result.warnings).toEqual([
      'src/x.ts: instrumented differently in a/coverage-final.json and b/coverage-final.json (statement maps differ); merged anyway',
    ]);
    expect(result.filesPerInput).toEqual([1, 1]);
    expect(result.map.files()).toEqual([`${root}/src/x.ts`]);
  });

  it('the same map twice merges silently and adds the hits', () => {
    const again = { file: 'c/coverage-final.json', data: first.data };
    const result = mergeCoverage([first, again], normalizer);
    expect(result.warnings).toEqual([]);
    expect(result.map.fileCoverageFor(`${root}/src/x.ts`).data.s).toEqual({ 0: 2, 1: 0 });
  });

  it('an `all: true` placeholder never causes a mismatch', () => {
    const placeholder = {
      file: 'p/coverage-final.json',
      data: { 'src/x.ts': { ...record('src/x.ts', [[9, 0, 9, 1]], [0]), all: true } },
    };
    expect(mergeCoverage([placeholder, first], normalizer).warnings).toEqual([]);
    expect(mergeCoverage([first, placeholder], normalizer).warnings).toEqual([]);
  });

  it('counts the distinct sources of each input', () => {
    const two = {
      file: 'd/coverage-final.json',
      data: {
        'src/x.ts': record(
          'src/x.ts',
          [
            [1, 0, 1, 9],
            [2, 0, 2, 9],
          ],
          [0, 0],
        ),
        [`${root}/src/x.ts`]: record(
          `${root}/src/x.ts`,
          [
            [1, 0, 1, 9],
            [2, 0, 2, 9],
          ],
          [0, 0],
        ),
        'src/y.ts': record('src/y.ts', [], []),
      },
    };
    expect(mergeCoverage([two], normalizer).filesPerInput).toEqual([2]);
  });
});

describe('mergeCoverage paths', () => {
  it('throws PathOutsideRootError with the JSON pointer of the entry', () => {
    const input = {
      file: 'e/coverage-final.json',
      data: { '/nowhere/a~b.ts': record('/nowhere/a~b.ts', [], []) },
    };
    let caught: unknown;
    try {
      mergeCoverage([input], normalizer);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PathOutsideRootError);
    const e = caught as PathOutsideRootError;
    expect([e.pointer, e.path]).toEqual(['/~1nowhere~1a~0b.ts/path', '/nowhere/a~b.ts']);
    expect(e.message).toBe(
      `e/coverage-final.json at /~1nowhere~1a~0b.ts/path: source path "/nowhere/a~b.ts" cannot be placed under the root ${root}`,
    );
  });

  it('falls back to the key when the recorded path cannot be placed', () => {
    const input = {
      file: 'f/coverage-final.json',
      data: { 'src/z.ts': record('/elsewhere/z.ts', [], []) },
    };
    expect(mergeCoverage([input], normalizer).map.files()).toEqual([`${root}/src/z.ts`]);
  });
});
