// Negative lines, negative columns and negative baseline percentages (survivors of mutation run
// 14): where each is validated, the error class, its code, its pointer and its exact message, and
// that the boundary value 0 is still accepted.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseline, validateBaseline } from '../src/baseline.js';
import { main } from '../src/cli.js';
import { InvalidShapeError } from '../src/errors.js';
import { readCompactRecords, validateCoverageData } from '../src/read-coverage.js';
import { scanIstanbulJson } from '../src/scan-istanbul.js';
import { summaryOf, ZERO_COUNTS } from '../src/summarize.js';
import { applyPatch, captureIo, istanbulRecord, makeWorkspace } from './fixture-workspace.js';

function caught(run: () => unknown): InvalidShapeError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidShapeError);
    return error as InvalidShapeError;
  }
  throw new Error('expected an InvalidShapeError');
}

/** math.unit with the value at `pointer` (inside the record) set. */
function patched(pointer: string, value: unknown): Record<string, unknown> {
  const r = istanbulRecord('math.unit');
  applyPatch(r, { op: 'set', pointer, value });
  return { 'a.js': r };
}

const LINE = 'expected a non-negative integer line';
const COLUMN = 'expected a non-negative integer column or null';

describe('a negative line or column in an istanbul input', () => {
  it.each([
    ['/statementMap/0/start/line', LINE],
    ['/statementMap/0/end/line', LINE],
    ['/statementMap/0/start/column', COLUMN],
    ['/statementMap/0/end/column', COLUMN],
    ['/fnMap/0/loc/start/line', LINE],
    ['/fnMap/0/decl/end/column', COLUMN],
    ['/branchMap/0/loc/start/column', COLUMN],
    ['/branchMap/0/locations/1/end/line', LINE],
  ])('%s = -1 throws InvalidShapeError naming the field', (pointer, expected) => {
    const e = caught(() => validateCoverageData('in.json', patched(pointer, -1)));
    expect([e.code, e.file, e.pointer]).toEqual([
      'COVERAGE_INVALID_SHAPE',
      'in.json',
      `/a.js${pointer}`,
    ]);
    expect(e.message).toBe(`in.json at /a.js${pointer}: ${expected}, received -1`);
  });

  it('accepts line 0 and column 0 (and a null column)', () => {
    const data = patched('/statementMap/0/start/line', 0);
    const r = data['a.js'] as Record<string, unknown>;
    applyPatch(r, { op: 'set', pointer: '/statementMap/0/start/column', value: 0 });
    applyPatch(r, { op: 'set', pointer: '/statementMap/0/end/column', value: null });
    applyPatch(r, { op: 'set', pointer: '/fnMap/0/loc/end/line', value: 0 });
    expect(validateCoverageData('in.json', data)).toBe(data);
  });

  it('is refused by the direct reader too: it gives up and the full path reports the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atom-neg-'));
    for (const [pointer, expected] of [
      ['/statementMap/1/start/line', LINE],
      ['/statementMap/1/start/column', COLUMN],
    ] as const) {
      const text = JSON.stringify(patched(pointer, -7));
      expect(scanIstanbulJson(Buffer.from(text))).toBeUndefined();
      const file = join(dir, 'c.json');
      writeFileSync(file, text);
      const e = caught(() => readCompactRecords(file, 'pkg/c.json'));
      expect(e.message).toBe(`pkg/c.json at /a.js${pointer}: ${expected}, received -7`);
    }
  });

  it('`merge` exits 2 with COVERAGE_INVALID_SHAPE and the JSON pointer', async () => {
    const root = makeWorkspace({
      inputs: {
        'packages/a/coverage/coverage-final.json': [
          {
            from: 'math.unit',
            at: 'packages/a/src/math.js',
            patch: [{ op: 'set', pointer: '/statementMap/2/end/column', value: -1 }],
          },
        ],
      },
    });
    const c = captureIo(root);
    expect(await main(['merge', '--json'], c.io)).toBe(2);
    const pointer = `/${`${root}/packages/a/src/math.js`.replace(/\//g, '~1')}/statementMap/2/end/column`;
    const message = `packages/a/coverage/coverage-final.json at ${pointer}: ${COLUMN}, received -1`;
    expect(c.stderr()).toBe(`atom-coverage: ${message}\n`);
    expect(JSON.parse(c.stdout())).toEqual({
      exitCode: 2,
      error: { code: 'COVERAGE_INVALID_SHAPE', message },
    });
  });
});

describe('a negative percentage in the baseline', () => {
  const good = summaryOf({ ...ZERO_COUNTS, num_lines: 4, covered_lines: 1 });

  it.each([
    'percent_statements_covered',
    'percent_lines_covered',
    'percent_branches_covered',
    'percent_functions_covered',
    'percent_covered',
  ] as const)('a negative %s in the totals throws InvalidShapeError naming it', (field) => {
    const e = caught(() =>
      validateBaseline('b.json', { files: {}, totals: { ...good, [field]: -0.5 } }),
    );
    expect([e.code, e.file, e.pointer]).toEqual([
      'COVERAGE_INVALID_SHAPE',
      'b.json',
      `/totals/${field}`,
    ]);
    expect(e.message).toBe(`b.json at /totals/${field}: expected a percentage, received -0.5`);
  });

  it('a negative percentage of a file names the file by JSON pointer', () => {
    const e = caught(() =>
      validateBaseline('b.json', {
        files: { 'src/a.ts': { summary: { ...good, percent_lines_covered: -1 } } },
        totals: good,
      }),
    );
    expect(e.message).toBe(
      'b.json at /files/src~1a.ts/summary/percent_lines_covered: expected a percentage, received -1',
    );
  });

  it('accepts exactly 0 and exactly 100', () => {
    const edge = { ...good, percent_lines_covered: 0, percent_statements_covered: 100 };
    const data = { files: { a: { summary: edge } }, totals: edge };
    expect(validateBaseline('b.json', data).totals.percent_lines_covered).toBe(0);
  });

  it('readBaseline reports it with the display name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atom-neg-base-'));
    writeFileSync(
      join(dir, 'base.json'),
      JSON.stringify({ files: {}, totals: { ...good, percent_covered: -3 } }),
    );
    await expect(readBaseline(join(dir, 'base.json'), 'coverage-baseline.json')).rejects.toThrow(
      'coverage-baseline.json at /totals/percent_covered: expected a percentage, received -3',
    );
  });

  it('`merge` exits 2 with COVERAGE_INVALID_SHAPE', async () => {
    const root = makeWorkspace({
      sources: ['packages/a/src/math.js'],
      files: {
        'coverage-baseline.json': { files: {}, totals: { ...good, percent_branches_covered: -2 } },
      },
      inputs: {
        'packages/a/coverage/coverage-final.json': [
          { from: 'math.unit', at: 'packages/a/src/math.js' },
        ],
      },
    });
    const c = captureIo(root);
    expect(await main(['merge', '--json'], c.io)).toBe(2);
    const message =
      'coverage-baseline.json at /totals/percent_branches_covered: expected a percentage, received -2';
    expect(c.stderr()).toBe(`atom-coverage: ${message}\n`);
    expect(JSON.parse(c.stdout())).toEqual({
      exitCode: 2,
      error: { code: 'COVERAGE_INVALID_SHAPE', message },
    });
  });
});
