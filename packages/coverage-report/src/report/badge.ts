import { escapeHtml } from './html-escape.js';
import { formatPercent } from './format.js';

/** Options of {@link renderBadge}. */
export interface BadgeOptions {
  /** Left-hand text. Default `"coverage"`. */
  label?: string;
}

/**
 * The shields.io colour for a coverage percentage: ≥ 95 bright green, ≥ 90 green, ≥ 75 yellow-green,
 * ≥ 60 yellow, ≥ 40 orange, below that red. `NaN` is treated as 0.
 */
export function badgeColor(percent: number): string {
  const p = Number.isFinite(percent) ? percent : 0;
  if (p >= 95) return '#4c1';
  if (p >= 90) return '#97ca00';
  if (p >= 75) return '#a4a61d';
  if (p >= 60) return '#dfb317';
  if (p >= 40) return '#fe7d37';
  return '#e05d44';
}

/** Approximate advance widths of Verdana 11px (what shields uses), in px. */
const NARROW = new Set(['.', ',', ':', ';', 'i', 'l', 'j', '!', '|', "'", ' ']);
const WIDE = new Set(['%', 'm', 'w', 'M', 'W', '@']);

/** Estimated rendered width of `text` in Verdana 11px. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) width += 3.9;
    else if (WIDE.has(ch)) width += 10.5;
    else if (ch >= 'A' && ch <= 'Z') width += 7.5;
    else width += 7;
  }
  return Math.ceil(width);
}

/**
 * Renders a shields-style flat SVG badge (`coverage | 97.3%`) coloured by `percent`
 * (see {@link badgeColor}). The output is deterministic and self-contained.
 */
export function renderBadge(percent: number, options: BadgeOptions = {}): string {
  const label = options.label ?? 'coverage';
  const value = formatPercent(percent);
  const lw = textWidth(label) + 10;
  const vw = textWidth(value) + 10;
  const w = lw + vw;
  const color = badgeColor(percent);
  const l = escapeHtml(label);
  const v = escapeHtml(value);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${v}">`,
    `<title>${l}: ${v}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><rect width="${w}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>`,
    `<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${v}</text><text x="${lw + vw / 2}" y="14">${v}</text>`,
    `</g></svg>`,
    '',
  ].join('\n');
}
