// Mismatch detection at the SAME statement count, statements at different locations (survivors
// of mutation run 14): the compact merger (ShapeMismatch), the istanbul merger and the CLI, which
// tries the first and falls back to the second.
import { mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileCoverageData } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { compactRecords } from '../src/compact-coverage.js';
import { InstrumentationMismatchError } from '../src/errors.js';
import {
  ShapeMismatch,
  createCompactMerger,
  createCoverageMerger,
  statementSignature,
} from '../src/merge-coverage.js';
import { createPathNormalizer } from '../src/normalize-paths.js';
import { captureIo, istanbulRecord, makeWorkspace } from './fixture-workspace.js';

type Loc = [number, number, number, number];

function record(locs: Loc[], hits: number[]): FileCoverageData {
  const statementMap: FileCoverageData['statementMap'] = {};
  const s: FileCoverageData['s'] = {};
  locs.forEach(([sl, sc, el, ec], i) => {
    statementMap[String(i)] = { start: { line: sl, column: sc }, end: { line: el, column: ec } };
    s[String(i)] = hits[i] as number;
  });
  return { path: 'src/x.ts', statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}

const BASE: Loc[] = [
  [1, 0, 1, 9],
  [2, 0, 2, 9],
];
/** Each moves one coordinate of the second statement; the count stays 2. */
const MOVED: [string, Loc[]][] = [
  ['start line', [BASE[0] as Loc, [3, 0, 3, 9]]],
  ['start column', [BASE[0] as Loc, [2, 4, 2, 9]]],
  ['end line', [BASE[0] as Loc, [2, 0, 4, 9]]],
  ['end column', [BASE[0] as Loc, [2, 0, 2, 7]]],
];

const root = realpathSync(mkdtempSync(join(tmpdir(), 'atom-same-count-')));

describe('compact merger: same statement count, different locations', () => {
  it.each(MOVED)('throws ShapeMismatch naming the source when the %s differs', (_what, locs) => {
    const merger = createCompactMerger(createPathNormalizer(root));
    expect(merger.add('a.json', compactRecords({ 'src/x.ts': record(BASE, [1, 0]) }))).toBe(1);
    let caught: unknown;
    try {
      merger.add('b.json', compactRecords({ 'src/x.ts': record(locs, [0, 1]) }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ShapeMismatch);
    expect((caught as ShapeMismatch).path).toBe('src/x.ts');
    expect((caught as ShapeMismatch).message).toBe('src/x.ts: item shapes differ between inputs');
  });

  it('adds the hits item by item when the locations agree', () => {
    const merger = createCompactMerger(createPathNormalizer(root));
    merger.add('a.json', compactRecords({ 'src/x.ts': record(BASE, [1, 0]) }));
    merger.add('b.json', compactRecords({ 'src/x.ts': record(BASE, [2, 0]) }));
    const { files, filesPerInput } = merger.result();
    expect(filesPerInput).toEqual([1, 1]);
    expect([...files.keys()]).toEqual([`${root}/src/x.ts`]);
    expect([...(files.get(`${root}/src/x.ts`)?.s ?? [])]).toEqual([3, 0]);
  });
});

describe('istanbul merger: same statement count, different locations', () => {
  it.each(MOVED)('signatures differ and the merge throws when the %s differs', (_what, locs) => {
    expect(statementSignature(record(locs, [0, 0]))).not.toBe(
      statementSignature(record(BASE, [0, 0])),
    );
    const merger = createCoverageMerger(createPathNormalizer(root));
    merger.add({ file: 'a.json', data: { 'src/x.ts': record(BASE, [1, 0]) } });
    expect(() =>
      merger.add({ file: 'b.json', data: { 'src/x.ts': record(locs, [0, 1]) } }),
    ).toThrow(InstrumentationMismatchError);
  });

  it('compares every later input with the first one, not only the second with the first', () => {
    const merger = createCoverageMerger(createPathNormalizer(root), { allowMismatch: true });
    merger.add({ file: 'a.json', data: { 'src/x.ts': record(BASE, [1, 0]) } });
    merger.add({ file: 'b.json', data: { 'src/x.ts': record(BASE, [1, 0]) } });
    merger.add({ file: 'c.json', data: { 'src/x.ts': record(MOVED[0]![1], [1, 0]) } });
    merger.add({ file: 'd.json', data: { 'src/x.ts': record(MOVED[1]![1], [1, 0]) } });
    expect(merger.result().warnings).toEqual([
      'src/x.ts: instrumented differently in a.json and c.json (statement maps differ); merged anyway',
      'src/x.ts: instrumented differently in a.json and d.json (statement maps differ); merged anyway',
    ]);
  });
});

describe('CLI merge: one source, same statement count, one statement moved', () => {
  const MATH = 'packages/a/src/math.js';
  const unit = istanbulRecord('math.unit') as { statementMap: Record<string, Loc> };
  const count = Object.keys(unit.statementMap).length;
  const moved = (): string =>
    makeWorkspace({
      sources: [MATH],
      inputs: {
        'packages/a/coverage/coverage-final.json': [{ from: 'math.unit', at: MATH }],
        'packages/b/coverage/coverage-final.json': [
          {
            from: 'math.unit',
            at: MATH,
            patch: [{ op: 'set', pointer: '/statementMap/0/start/column', value: 77 }],
          },
        ],
      },
    });

  it('the moved input keeps the statement count', () => {
    const root2 = moved();
    const text = readFileSync(join(root2, 'packages/b/coverage/coverage-final.json'), 'utf8');
    const data = Object.values(JSON.parse(text) as Record<string, FileCoverageData>)[0];
    expect(Object.keys(data?.statementMap ?? {})).toHaveLength(count);
    expect(data?.statementMap['0']?.start.column).toBe(77);
  });

  it('exits 2 with COVERAGE_MISMATCH naming both inputs', async () => {
    const c = captureIo(moved());
    expect(await main(['merge', '--json'], c.io)).toBe(2);
    const message =
      'packages/b/coverage/coverage-final.json at /packages~1a~1src~1math.js: packages/a/src/math.js was instrumented differently than in packages/a/coverage/coverage-final.json (statement maps differ); pass --allow-mismatch to merge anyway';
    expect(c.stderr()).toBe(`atom-coverage: ${message}\n`);
    expect(JSON.parse(c.stdout())).toEqual({
      exitCode: 2,
      error: { code: 'COVERAGE_MISMATCH', message },
    });
  });

  it('merges under --allow-mismatch with the warning', async () => {
    const c = captureIo(moved());
    expect(await main(['merge', '--allow-mismatch'], c.io)).toBe(0);
    expect(c.stderr()).toContain(
      'packages/a/src/math.js: instrumented differently in packages/a/coverage/coverage-final.json and packages/b/coverage/coverage-final.json (statement maps differ); merged anyway',
    );
  });
});
