import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { renderTrendChart } from '../../src/report/trend-chart.js';
import type { History } from '../../src/types.js';
import { makeHistory, makeSummary } from '../helpers.js';

const count = (svg: string, series: string) =>
  (svg.match(new RegExp(`<circle [^>]*data-series="${series}"`, 'g')) ?? []).length;

function historyOf(lines: readonly number[]): History {
  return {
    format: 1,
    entries: lines.map((covered, i) => ({
      date: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
      totals: makeSummary({ lines: [covered, 100], branches: [covered, 100] }),
      packages: {},
    })),
  };
}

describe('renderTrendChart', () => {
  it('shows an empty state for an empty history', () => {
    const html = renderTrendChart({ format: 1, entries: [] });
    expect(html).not.toContain('<svg');
    expect(html).toContain('No history yet');
  });

  it('centres a single run and labels only one date', () => {
    const svg = renderTrendChart(makeHistory(1), { width: 400, height: 200 });
    expect(count(svg, 'lines')).toBe(1);
    expect(svg).toContain('viewBox="0 0 400 200"');
    expect(svg).toContain('cx="214"'); // 44 + (400 - 44 - 16) / 2
    expect(svg.match(/2026-01-01/g)?.length).toBeGreaterThan(0);
    expect(svg).toContain('c0000000');
  });

  it('spans first to last date, oldest left', () => {
    const svg = renderTrendChart(makeHistory(3));
    expect(svg).toContain('>2026-01-01</text>');
    expect(svg).toContain('>2026-01-03</text>');
    const xs = [...svg.matchAll(/data-series="lines" cx="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBe(44);
    expect(xs[2]).toBe(704);
  });

  it('leaves out the commit when there is none and picks a grid step by range', () => {
    expect(renderTrendChart(historyOf([99]))).toContain('2026-01-01 · lines 99.0%');
    expect(renderTrendChart(historyOf([99]))).toContain('>95%</text>'); // 5-point grid
    expect(renderTrendChart(historyOf([60]))).toContain('>70%</text>'); // 10-point grid
    const wide = renderTrendChart(historyOf([5, 100]));
    expect(wide).toContain('>20%</text>');
    expect(wide).not.toContain('>10%</text>'); // 20-point grid
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 60 })])(
    'draws one point per entry and series, inside the plot',
    (lines) => {
      const svg = renderTrendChart(historyOf(lines));
      expect(count(svg, 'lines')).toBe(lines.length);
      expect(count(svg, 'branches')).toBe(lines.length);
      for (const m of svg.matchAll(/cy="([\d.]+)"/g)) {
        const y = Number(m[1]);
        expect(y).toBeGreaterThanOrEqual(12);
        expect(y).toBeLessThanOrEqual(190);
      }
    },
  );
});
