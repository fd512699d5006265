import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareBaseline,
  readBaseline,
  regressionFailures,
  validateBaseline,
} from '../src/baseline.js';
import { InvalidShapeError } from '../src/errors.js';
import { summaryOf } from '../src/summarize.js';

const sum = (covered: number) =>
  summaryOf({
    num_statements: 10,
    covered_statements: covered,
    num_lines: 10,
    covered_lines: covered,
    num_branches: 0,
    covered_branches: 0,
    num_functions: 1,
    covered_functions: 1,
  });

describe('baseline', () => {
  describe('validateBaseline', () => {
    it.each([
      [null, ''],
      [{ files: [] }, '/files'],
      [{ files: {}, totals: 1 }, '/totals'],
      [{ files: { 'a/b': 1 }, totals: sum(1) }, '/files/a~1b'],
      [
        { files: { a: { summary: { ...sum(1), percent_covered: 101 } } }, totals: sum(1) },
        '/files/a/summary/percent_covered',
      ],
    ])('rejects %j', (data, pointer) => {
      try {
        validateBaseline('b.json', data);
        throw new Error('no error');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidShapeError);
        expect((error as InvalidShapeError).pointer).toBe(pointer);
      }
    });
  });

  describe('readBaseline', () => {
    it('is undefined when the file does not exist, parsed otherwise', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'atom-base-'));
      expect(await readBaseline(join(dir, 'none.json'))).toBeUndefined();
      writeFileSync(
        join(dir, 'b.json'),
        JSON.stringify({ files: { a: { summary: sum(5) } }, totals: sum(5) }),
      );
      expect((await readBaseline(join(dir, 'b.json'), 'b.json'))?.totals.covered_lines).toBe(5);
    });
  });

  describe('compareBaseline and regressionFailures', () => {
    const current = {
      files: { a: { package: 'p', summary: sum(5) }, n: { package: 'p', summary: sum(1) } },
      packages: {},
      totals: sum(5),
    };
    const base = { files: { a: { summary: sum(8) }, gone: { summary: sum(1) } }, totals: sum(6) };
    const cmp = compareBaseline(current, base, 'b.json');

    it('computes percentage-point deltas, new and removed files', () => {
      expect(cmp.totals_delta.lines).toBeCloseTo(-10);
      expect(cmp.files.a?.statements).toBeCloseTo(-30);
      expect(cmp.files.a?.functions).toBe(0);
      expect(cmp.new_files).toEqual(['n']);
      expect(cmp.removed_files).toEqual(['gone']);
    });
    it('fails only metrics with a threshold, beyond maxDrop', () => {
      const target = { a: { rule: 'x', thresholds: { lines: 0, functions: 0 }, met: true } };
      const failures = regressionFailures(
        cmp,
        { total: 5, files: 20 },
        { total: { statements: 0 } },
        target,
      );
      expect(failures).toEqual([
        {
          scope: 'total',
          name: 'total',
          rule: 'baseline',
          metric: 'statements',
          actual: expect.closeTo(-10) as number,
          required: -5,
          kind: 'regression',
        },
        {
          scope: 'file',
          name: 'a',
          rule: 'baseline',
          metric: 'lines',
          actual: expect.closeTo(-30) as number,
          required: -20,
          kind: 'regression',
        },
      ]);
      expect(regressionFailures(cmp, { files: 30 }, {}, target)).toEqual([]);
      expect(regressionFailures(cmp, { total: 0 }, {}, target)).toEqual([]);
      expect(regressionFailures(cmp, { files: 0 }, {}, {})).toEqual([]);
    });
  });
});
