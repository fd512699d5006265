import { describe, expect, it } from 'vitest';
import {
  countsOf,
  deltaDirection,
  describeFailure,
  formatDelta,
  formatPercent,
  percentOf,
} from '../../src/report/format.js';
import { METRICS } from '../../src/types.js';
import type { TargetFailure } from '../../src/types.js';
import { makeSummary } from '../helpers.js';

describe('format', () => {
  describe('formatPercent', () => {
    it('rounds down so a near miss never shows as met', () => {
      expect(formatPercent(94.96)).toBe('94.9%');
      expect(formatPercent(100)).toBe('100.0%');
      expect(formatPercent(0)).toBe('0.0%');
      expect(formatPercent(33.35)).toBe('33.3%');
    });
    it('clamps out-of-range and non-finite values', () => {
      expect(formatPercent(120)).toBe('100.0%');
      expect(formatPercent(-3)).toBe('0.0%');
      expect(formatPercent(Number.NaN)).toBe('0.0%');
    });
  });

  describe('formatDelta', () => {
    it('draws an arrow by direction', () => {
      expect(formatDelta(1.24)).toBe('▲ +1.2');
      expect(formatDelta(-0.45)).toBe('▼ −0.5');
      expect(formatDelta(0.01)).toBe('= 0.0');
      expect(deltaDirection(0.05)).toBe('up');
      expect(deltaDirection(-0.05)).toBe('down');
      expect(deltaDirection(-0.04)).toBe('same');
    });
  });

  describe('percentOf / countsOf', () => {
    it('reads every metric from a summary', () => {
      const s = makeSummary({
        lines: [9, 10],
        statements: [8, 10],
        branches: [1, 4],
        functions: [2, 5],
      });
      expect(METRICS.map((m) => percentOf(s, m))).toEqual([90, 80, 25, 40, 900 / 14]);
      expect(METRICS.map((m) => countsOf(s, m))).toEqual([
        [9, 10],
        [8, 10],
        [1, 4],
        [2, 5],
        [9, 14],
      ]);
    });
  });

  describe('describeFailure', () => {
    const base: TargetFailure = {
      scope: 'total',
      name: 'total',
      rule: 'total',
      metric: 'lines',
      actual: 94.26,
      required: 95,
      kind: 'threshold',
    };
    it('names a percentage threshold', () => {
      expect(describeFailure(base)).toBe('✗ below 95% lines (94.2%)');
      expect(describeFailure({ ...base, metric: 'percent_covered' })).toBe(
        '✗ below 95% overall coverage (94.2%)',
      );
    });
    it('names a maximum uncovered count', () => {
      expect(describeFailure({ ...base, metric: 'branches', actual: 12, required: -10 })).toBe(
        '✗ 12 uncovered branches (max 10)',
      );
    });
    it('names a regression', () => {
      expect(
        describeFailure({
          ...base,
          kind: 'regression',
          rule: 'baseline',
          actual: -1.34,
          required: -0.5,
        }),
      ).toBe('✗ lines dropped 1.3 pp (max 0.5)');
    });
  });
});
