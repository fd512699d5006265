import { describe, expect, it } from 'vitest';
import { renderTrendChart } from '../../src/report/trend-chart.js';
import type { History } from '../../src/types.js';
import { makeSummary } from '../helpers.js';

/**
 * Two runs, lowest value 85% → y axis from 80% (span 20, 5-point grid). With a 200 × 100 viewBox the
 * plot is 140 × 58 px from (44, 12): y(v) = 12 + 58 · (1 − (v − 80) / 20).
 */
const TWO_RUNS: History = {
  format: 1,
  entries: [
    {
      date: '2026-03-01T10:00:00.000Z',
      commit: '0123456789abcdef',
      totals: makeSummary({ lines: [85, 100], branches: [9, 10] }),
      packages: {},
    },
    {
      date: '2026-03-02T10:00:00.000Z',
      commit: 'abc',
      totals: makeSummary({ lines: [95, 100], branches: [10, 10] }),
      packages: {},
    },
  ],
};

/** One run without commit, lowest 55% → y axis from 50% (span 50, 10-point grid), plot 40 × 60. */
const ONE_RUN: History = {
  format: 1,
  entries: [
    {
      date: '2026-03-01T10:00:00.000Z',
      totals: makeSummary({ lines: [55, 100], branches: [3, 4] }),
      packages: {},
    },
  ],
};

describe('renderTrendChart exact SVG', () => {
  it('draws grid, dates, lines and points of two runs (short commit, 5-point grid)', () => {
    expect(renderTrendChart(TWO_RUNS, { width: 200, height: 100 })).toBe(
      [
        '<svg id="trend" class="trend" viewBox="0 0 200 100" role="img" aria-label="Total coverage over the last 2 runs" xmlns="http://www.w3.org/2000/svg">',
        '<line class="grid" x1="44" x2="184" y1="70" y2="70"/>',
        '<text class="axis" x="38" y="74" text-anchor="end">80%</text>',
        '<line class="grid" x1="44" x2="184" y1="55.5" y2="55.5"/>',
        '<text class="axis" x="38" y="59.5" text-anchor="end">85%</text>',
        '<line class="grid" x1="44" x2="184" y1="41" y2="41"/>',
        '<text class="axis" x="38" y="45" text-anchor="end">90%</text>',
        '<line class="grid" x1="44" x2="184" y1="26.5" y2="26.5"/>',
        '<text class="axis" x="38" y="30.5" text-anchor="end">95%</text>',
        '<line class="grid" x1="44" x2="184" y1="12" y2="12"/>',
        '<text class="axis" x="38" y="16" text-anchor="end">100%</text>',
        '<text class="axis" x="44" y="92" text-anchor="start">2026-03-01</text>',
        '<text class="axis" x="184" y="92" text-anchor="end">2026-03-02</text>',
        '<polyline class="series series-lines" points="44,55.5 184,26.5"/>',
        '<circle class="point point-lines" data-series="lines" cx="44" cy="55.5" r="3"><title>2026-03-01 01234567 · lines 85.0%</title></circle>',
        '<circle class="point point-lines" data-series="lines" cx="184" cy="26.5" r="3"><title>2026-03-02 abc · lines 95.0%</title></circle>',
        '<polyline class="series series-branches" points="44,41 184,12"/>',
        '<circle class="point point-branches" data-series="branches" cx="44" cy="41" r="3"><title>2026-03-01 01234567 · branches 90.0%</title></circle>',
        '<circle class="point point-branches" data-series="branches" cx="184" cy="12" r="3"><title>2026-03-02 abc · branches 100.0%</title></circle>',
        '</svg>',
      ].join('\n'),
    );
  });

  it('centres a single run, labels one date and uses a 10-point grid for a 50-point span', () => {
    expect(renderTrendChart(ONE_RUN, { width: 100, height: 102 })).toBe(
      [
        '<svg id="trend" class="trend" viewBox="0 0 100 102" role="img" aria-label="Total coverage over the last 1 runs" xmlns="http://www.w3.org/2000/svg">',
        '<line class="grid" x1="44" x2="84" y1="72" y2="72"/>',
        '<text class="axis" x="38" y="76" text-anchor="end">50%</text>',
        '<line class="grid" x1="44" x2="84" y1="60" y2="60"/>',
        '<text class="axis" x="38" y="64" text-anchor="end">60%</text>',
        '<line class="grid" x1="44" x2="84" y1="48" y2="48"/>',
        '<text class="axis" x="38" y="52" text-anchor="end">70%</text>',
        '<line class="grid" x1="44" x2="84" y1="36" y2="36"/>',
        '<text class="axis" x="38" y="40" text-anchor="end">80%</text>',
        '<line class="grid" x1="44" x2="84" y1="24" y2="24"/>',
        '<text class="axis" x="38" y="28" text-anchor="end">90%</text>',
        '<line class="grid" x1="44" x2="84" y1="12" y2="12"/>',
        '<text class="axis" x="38" y="16" text-anchor="end">100%</text>',
        '<text class="axis" x="44" y="94" text-anchor="start">2026-03-01</text>',
        '<polyline class="series series-lines" points="64,66"/>',
        '<circle class="point point-lines" data-series="lines" cx="64" cy="66" r="3"><title>2026-03-01 · lines 55.0%</title></circle>',
        '<polyline class="series series-branches" points="64,42"/>',
        '<circle class="point point-branches" data-series="branches" cx="64" cy="42" r="3"><title>2026-03-01 · branches 75.0%</title></circle>',
        '</svg>',
      ].join('\n'),
    );
  });
});
