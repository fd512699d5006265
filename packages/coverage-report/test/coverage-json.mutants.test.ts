// coverage.json details a mutation run found unasserted: SOURCE_DATE_EPOCH must be all digits,
// include/exclude globs match dot-directories, packages come out in name order whatever the order
// of their files, `commit` is absent (not undefined) without one, non-finite numbers serialise as
// null.
import libCoverage from 'istanbul-lib-coverage';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import {
  buildCoverageJson,
  generatedAt,
  selectFiles,
  serializeDeterministic,
} from '../src/coverage-json.js';

const now = (): Date => new Date('2024-01-02T00:00:00.000Z');

function record(path: string): FileCoverageData {
  return {
    path,
    statementMap: { 0: { start: { line: 1, column: 0 }, end: { line: 1, column: 5 } } },
    s: { 0: 1 },
    fnMap: {},
    f: {},
    branchMap: {},
    b: {},
  };
}

function mapOf(paths: readonly string[]): libCoverage.CoverageMap {
  const map = libCoverage.createCoverageMap({});
  for (const p of paths) map.addFileCoverage(record(p));
  return map;
}

describe('generatedAt', () => {
  it('falls back to now unless SOURCE_DATE_EPOCH is digits from start to end', () => {
    expect(generatedAt({ SOURCE_DATE_EPOCH: 'x86400' }, now)).toBe('2024-01-02T00:00:00.000Z');
    expect(generatedAt({ SOURCE_DATE_EPOCH: '86400x' }, now)).toBe('2024-01-02T00:00:00.000Z');
    expect(generatedAt({ SOURCE_DATE_EPOCH: '86400' }, now)).toBe('1970-01-02T00:00:00.000Z');
  });
});

describe('selectFiles', () => {
  const map = mapOf(['/r/.config/a.ts', '/r/src/b.ts']);

  it('matches include globs against paths under dot-directories', () => {
    expect(selectFiles(map, '/r', ['**/*.ts'])).toEqual(['.config/a.ts', 'src/b.ts']);
  });

  it('matches exclude globs against paths under dot-directories', () => {
    expect(selectFiles(map, '/r', [], ['**/*.ts'])).toEqual([]);
    expect(selectFiles(map, '/r', ['**'], ['**/a.ts'])).toEqual(['src/b.ts']);
  });
});

describe('buildCoverageJson', () => {
  const build = (commit?: string) =>
    buildCoverageJson({
      // `a/` files belong to package "zeta", `b/` files to "alpha": file order is the reverse of
      // package-name order.
      map: mapOf(['/r/a/x.ts', '/r/b/y.ts']),
      root: '/r',
      packageOf: (path) => (path.startsWith('a/') ? 'zeta' : 'alpha'),
      inputs: [],
      version: '1.0.0',
      generatedAt: 'd',
      ...(commit === undefined ? {} : { commit }),
    });

  it('lists packages in name order', () => {
    expect(Object.keys(build().packages)).toEqual(['alpha', 'zeta']);
  });

  it('has no commit key without a commit, and the commit with one', () => {
    expect(Object.keys(build().meta)).not.toContain('commit');
    expect(build('abc1234').meta.commit).toBe('abc1234');
  });

  it('reports the targets as met with no failures when no targets are given', () => {
    expect(build().targets).toStrictEqual({ met: true, failures: [] });
  });
});

describe('serializeDeterministic', () => {
  it('writes non-finite numbers as null', () => {
    expect(serializeDeterministic({ a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 1.5 })).toBe(
      '{\n  "a": null,\n  "b": null,\n  "c": 1.5\n}\n',
    );
    expect(serializeDeterministic([{ x: Number.NEGATIVE_INFINITY }])).toBe(
      '[\n  {\n    "x": null\n  }\n]\n',
    );
  });
});
