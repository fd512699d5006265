import { describe, expect, it } from 'vitest';
import { badgeColor, renderBadge } from '../../src/report/badge.js';

describe('badge', () => {
  describe('badgeColor', () => {
    it.each([
      [100, '#4c1'],
      [95, '#4c1'],
      [94.99, '#97ca00'],
      [90, '#97ca00'],
      [80, '#a4a61d'],
      [60, '#dfb317'],
      [45, '#fe7d37'],
      [39.9, '#e05d44'],
      [0, '#e05d44'],
      [Number.NaN, '#e05d44'],
    ])('colours %d%% as %s', (percent, colour) => {
      expect(badgeColor(percent)).toBe(colour);
    });
  });

  describe('renderBadge', () => {
    it('draws a shields-style SVG with label, value and colour', () => {
      const svg = renderBadge(97.36);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).toContain('aria-label="coverage: 97.3%"');
      expect(svg).toContain('fill="#4c1"');
      expect(svg.match(/>97\.3%<\/text>/g)).toHaveLength(2);
    });
    it('grows with the label and escapes it', () => {
      const short = renderBadge(50);
      const long = renderBadge(50, { label: 'line coverage <all>' });
      const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)?.[1]);
      expect(width(long)).toBeGreaterThan(width(short));
      expect(long).toContain('line coverage &lt;all&gt;');
      expect(long).not.toContain('<all>');
      expect(long).toContain('fill="#fe7d37"');
    });
    it('measures capitals wider than lower case', () => {
      const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)?.[1]);
      expect(width(renderBadge(50, { label: 'COVERAGE' }))).toBeGreaterThan(width(renderBadge(50)));
    });
    it('is deterministic', () => {
      expect(renderBadge(88.8)).toBe(renderBadge(88.8));
    });
  });
});
