import { describe, expect, it } from 'vitest';
import { InvalidTargetsError, UnknownPackageError } from '../src/errors.js';
import { summaryOf } from '../src/summarize.js';
import {
  checkThresholds,
  evaluateTargets,
  metricPercent,
  metricUncovered,
  parseTargets,
} from '../src/targets.js';

const s = summaryOf({
  num_statements: 10,
  covered_statements: 7,
  num_lines: 8,
  covered_lines: 6,
  num_branches: 4,
  covered_branches: 1,
  num_functions: 2,
  covered_functions: 2,
});

function pointerOf(data: unknown): string {
  try {
    parseTargets('t.json', data);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTargetsError);
    return (error as InvalidTargetsError).pointer;
  }
  throw new Error('expected an InvalidTargetsError');
}

describe('targets', () => {
  describe('parseTargets', () => {
    it('reads every field', () => {
      const t = parseTargets('t.json', {
        $schema: 'x',
        inputs: ['a/*.json'],
        include: ['src/**'],
        exclude: ['**/*.d.ts'],
        total: { lines: 80, percent_covered: 70 },
        packages: { p: { branches: -3 } },
        files: { 'src/**': { functions: 90 }, 'src/a.ts': { statements: 50 } },
        baseline: { file: 'b.json', maxDrop: { total: 1, files: 2 } },
      });
      expect(t).toEqual({
        file: 't.json',
        inputs: ['a/*.json'],
        include: ['src/**'],
        exclude: ['**/*.d.ts'],
        total: { lines: 80, percent_covered: 70 },
        packages: { p: { branches: -3 } },
        files: [
          { glob: 'src/**', thresholds: { functions: 90 } },
          { glob: 'src/a.ts', thresholds: { statements: 50 } },
        ],
        baseline: { file: 'b.json', maxDrop: { total: 1, files: 2 } },
      });
    });
    it('accepts the baseline shorthands', () => {
      expect(parseTargets('t', { baseline: 'x.json' }).baseline).toEqual({
        file: 'x.json',
        maxDrop: {},
      });
      expect(parseTargets('t', { baseline: { maxDrop: 0.5 } }).baseline).toEqual({
        file: 'coverage-baseline.json',
        maxDrop: { total: 0.5, files: 0.5 },
      });
    });
    it.each([
      [[], ''],
      [null, ''],
      [{ inputs: 'a' }, '/inputs'],
      [{ include: [''] }, '/include'],
      [{ total: 5 }, '/total'],
      [{ packages: [] }, '/packages'],
      [{ files: 'x' }, '/files'],
      [{ files: { 'a/b': { lines: 'x' } } }, '/files/a~1b/lines'],
      [{ total: { lines: Infinity } }, '/total/lines'],
      [{ baseline: 3 }, '/baseline'],
      [{ baseline: '' }, '/baseline'],
      [{ baseline: { file: 3 } }, '/baseline/file'],
      [{ baseline: { other: 1 } }, '/baseline/other'],
      [{ baseline: { maxDrop: { total: 'x' } } }, '/baseline/maxDrop/total'],
      [{ baseline: { maxDrop: { nope: 1 } } }, '/baseline/maxDrop/nope'],
      [{ baseline: { maxDrop: [] } }, '/baseline/maxDrop'],
    ])('rejects %j at its pointer', (data, pointer) => {
      expect(pointerOf(data)).toBe(pointer);
    });
    it('keeps a baseline object without maxDrop', () => {
      expect(parseTargets('t', { baseline: { file: 'b.json' } }).baseline).toEqual({
        file: 'b.json',
        maxDrop: {},
      });
    });
    it('says what was expected and what was received', () => {
      expect(() => parseTargets('t.json', { total: { lines: undefined } })).toThrow(
        't.json at /total/lines: expected a number, received nothing',
      );
      expect(() => parseTargets('t.json', { total: { lines: '9' } })).toThrow(
        't.json at /total/lines: expected a number, received "9"',
      );
      expect(() => parseTargets('t.json', [1])).toThrow(
        't.json at /: expected an object, received an array',
      );
    });
  });

  describe('metrics', () => {
    it('reads percentages and uncovered counts of every metric', () => {
      expect(metricPercent(s, 'lines')).toBe(75);
      expect(metricPercent(s, 'percent_covered')).toBeCloseTo((8 / 14) * 100);
      expect(metricUncovered(s, 'lines')).toBe(2);
      expect(metricUncovered(s, 'statements')).toBe(3);
      expect(metricUncovered(s, 'branches')).toBe(3);
      expect(metricUncovered(s, 'functions')).toBe(0);
      expect(metricUncovered(s, 'percent_covered')).toBe(6);
    });
  });

  describe('checkThresholds', () => {
    it('fails below a percentage and above a maximum uncovered count', () => {
      expect(
        checkThresholds(
          s,
          { lines: 75, statements: 71, branches: -3, functions: -0 },
          'file',
          'a',
          'r',
        ),
      ).toEqual([
        {
          scope: 'file',
          name: 'a',
          rule: 'r',
          metric: 'statements',
          actual: 70,
          required: 71,
          kind: 'threshold',
        },
      ]);
      expect(checkThresholds(s, { branches: -2 }, 'total', 'total', 'total')).toEqual([
        {
          scope: 'total',
          name: 'total',
          rule: 'total',
          metric: 'branches',
          actual: 3,
          required: -2,
          kind: 'threshold',
        },
      ]);
    });
  });

  describe('evaluateTargets', () => {
    const subject = {
      files: { 'src/a.ts': { package: 'p', summary: s } },
      packages: { p: s },
      totals: s,
    };
    it('knows workspace packages without coverage and skips them', () => {
      const t = parseTargets('t', { packages: { q: { lines: 100 } } });
      expect(evaluateTargets(subject, t, ['q']).failures).toEqual([]);
      expect(() => evaluateTargets(subject, t)).toThrow(UnknownPackageError);
      expect(() => evaluateTargets(subject, t)).toThrow('(known: p)');
      expect(() => evaluateTargets({ ...subject, packages: {} }, t)).toThrow('(known: none)');
    });
    it('records the winning rule per file', () => {
      const t = parseTargets('t', { files: { '**': { lines: 100 }, 'src/*.ts': { lines: 50 } } });
      expect(evaluateTargets(subject, t).fileTargets).toEqual({
        'src/a.ts': { rule: 'src/*.ts', thresholds: { lines: 50 }, met: true },
      });
    });
    it('matches dotfiles', () => {
      const t = parseTargets('t', { files: { 'src/*': { lines: 100 } } });
      const dot = { ...subject, files: { 'src/.hidden.ts': { package: 'p', summary: s } } };
      expect(evaluateTargets(dot, t).failures).toHaveLength(1);
    });
  });
});
