import type { History } from '../types.js';
import { escapeHtml } from './html-escape.js';
import { formatPercent } from './format.js';

/** Options of {@link renderTrendChart}. */
export interface TrendChartOptions {
  /** Width of the SVG viewBox in px. Default 720. */
  width?: number;
  /** Height of the SVG viewBox in px. Default 220. */
  height?: number;
}

/** The series drawn, with their CSS class suffix and label. */
const SERIES = [
  {
    key: 'lines',
    label: 'lines',
    pick: (t: History['entries'][number]) => t.totals.percent_lines_covered,
  },
  {
    key: 'branches',
    label: 'branches',
    pick: (t: History['entries'][number]) => t.totals.percent_branches_covered,
  },
] as const;

/** Rounds an SVG coordinate to 0.1 px so the output is short and stable. */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * Renders the history as an inline SVG line chart of total line and branch coverage, one point per
 * entry (oldest left), or an empty-state paragraph when the history has no entry.
 */
export function renderTrendChart(history: History, options: TrendChartOptions = {}): string {
  const entries = history.entries;
  if (entries.length === 0) {
    return '<p class="empty" id="trend-empty">No history yet: the trend appears after the first run that appends to <code>history.json</code>.</p>';
  }
  const width = options.width ?? 720;
  const height = options.height ?? 220;
  const left = 44;
  const right = 16;
  const top = 12;
  const bottom = 30;
  const values = entries.flatMap((e) => SERIES.map((s) => s.pick(e)));
  const lowest = Math.min(...values);
  const yMin = Math.max(0, Math.floor((lowest - 1) / 10) * 10);
  const span = 100 - yMin;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number): number =>
    entries.length === 1 ? left + plotW / 2 : left + (plotW * i) / (entries.length - 1);
  const y = (v: number): number =>
    top + plotH * (1 - (Math.min(100, Math.max(yMin, v)) - yMin) / span);
  const step = span <= 20 ? 5 : span <= 50 ? 10 : 20;
  const parts: string[] = [
    `<svg id="trend" class="trend" viewBox="0 0 ${width} ${height}" role="img" aria-label="Total coverage over the last ${entries.length} runs" xmlns="http://www.w3.org/2000/svg">`,
  ];
  for (let v = yMin; v <= 100; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - right}" y1="${px(y(v))}" y2="${px(y(v))}"/>`,
      `<text class="axis" x="${left - 6}" y="${px(y(v) + 4)}" text-anchor="end">${v}%</text>`,
    );
  }
  const dates = entries.map((e) => e.date.slice(0, 10));
  const first = dates[0] as string;
  const last = dates[dates.length - 1] as string;
  parts.push(
    `<text class="axis" x="${left}" y="${height - 8}" text-anchor="start">${escapeHtml(first)}</text>`,
  );
  if (entries.length > 1) {
    parts.push(
      `<text class="axis" x="${width - right}" y="${height - 8}" text-anchor="end">${escapeHtml(last)}</text>`,
    );
  }
  for (const series of SERIES) {
    const points = entries.map((e, i) => `${px(x(i))},${px(y(series.pick(e)))}`).join(' ');
    parts.push(`<polyline class="series series-${series.key}" points="${points}"/>`);
    entries.forEach((e, i) => {
      const label = `${e.date.slice(0, 10)}${e.commit === undefined ? '' : ` ${e.commit.slice(0, 8)}`} · ${series.label} ${formatPercent(series.pick(e))}`;
      parts.push(
        `<circle class="point point-${series.key}" data-series="${series.key}" cx="${px(x(i))}" cy="${px(y(series.pick(e)))}" r="3"><title>${escapeHtml(label)}</title></circle>`,
      );
    });
  }
  parts.push('</svg>');
  return parts.join('\n');
}
