import { describe, expect, it } from 'vitest';
import { badgeColor, renderBadge } from '../../src/report/badge.js';

/** The badge shields draws, with the widths this renderer estimates for label and value. */
function expectedBadge(opts: {
  label: string;
  value: string;
  lw: number;
  vw: number;
  color: string;
}): string {
  const { label, value, lw, vw, color } = opts;
  const w = lw + vw;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${label}: ${value}">`,
    `<title>${label}: ${value}</title>`,
    '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>',
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><rect width="${w}" height="20" fill="url(#s)"/></g>`,
    '<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">',
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${label}</text><text x="${lw / 2}" y="14">${label}</text>`,
    `<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${value}</text><text x="${lw + vw / 2}" y="14">${value}</text>`,
    '</g></svg>',
    '',
  ].join('\n');
}

describe('badgeColor at the boundaries', () => {
  it.each([
    [89.99, '#a4a61d'],
    [75, '#a4a61d'],
    [74.99, '#dfb317'],
    [59.99, '#fe7d37'],
    [40, '#fe7d37'],
    [39.99, '#e05d44'],
    [Number.POSITIVE_INFINITY, '#e05d44'],
  ])('colours %d as %s', (percent, colour) => {
    expect(badgeColor(percent)).toBe(colour);
  });
});

describe('renderBadge exact SVG', () => {
  it('draws the default badge', () => {
    // "coverage": 8 lower-case letters × 7 = 56 → 66; "97.3%": 3 digits × 7 + "." 3.9 + "%" 10.5
    // = 35.4 → 36 → 46.
    expect(renderBadge(97.36)).toBe(
      expectedBadge({ label: 'coverage', value: '97.3%', lw: 66, vw: 46, color: '#4c1' }),
    );
  });

  it('measures capitals at 7.5, narrow characters at 3.9 and wide ones at 10.5', () => {
    // A 7.5 + ":" 3.9 + Z 7.5 + "%" 10.5 = 29.4 → 30 → 40; "50.0%" = 21 + 3.9 + 10.5 → 36 → 46.
    expect(renderBadge(50, { label: 'A:Z%' })).toBe(
      expectedBadge({ label: 'A:Z%', value: '50.0%', lw: 40, vw: 46, color: '#fe7d37' }),
    );
  });

  it('treats the characters just outside A–Z as lower case and halves odd widths', () => {
    // "@" is wide (10.5), "[" and "`" are 7 each: 24.5 → 25 → 35, centred at 17.5.
    expect(renderBadge(75, { label: '@[`' })).toBe(
      expectedBadge({ label: '@[`', value: '75.0%', lw: 35, vw: 46, color: '#a4a61d' }),
    );
  });

  it('gives every narrow and wide character its width', () => {
    // 11 narrow × 3.9 = 42.9 plus 5 wide × 10.5 = 52.5 → 95.4 → 96 → 106;
    // "0.0%" = 14 + 3.9 + 10.5 = 28.4 → 29 → 39.
    const svg = renderBadge(0, { label: '.,:;ilj!| mwMW@' + "'" });
    expect(svg).toContain(
      '<svg xmlns="http://www.w3.org/2000/svg" width="145" height="20" role="img"',
    );
    expect(svg).toContain('<rect width="106" height="20" fill="#555"/>');
    expect(svg).toContain('<rect x="106" width="39" height="20" fill="#e05d44"/>');
  });

  it('escapes the label in every place it appears', () => {
    const svg = renderBadge(100, { label: 'a<b' });
    // "a<b": 7 × 3 = 21 → 31; "100.0%" = 28 + 3.9 + 10.5 = 42.4 → 43 → 53.
    expect(svg).toBe(
      expectedBadge({ label: 'a&lt;b', value: '100.0%', lw: 31, vw: 53, color: '#4c1' }),
    );
  });
});
