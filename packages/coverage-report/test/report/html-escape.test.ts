import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from '../../src/report/html-escape.js';

/** Decodes the five entities {@link escapeHtml} writes. */
function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => {
    const map: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
    return map[name]!;
  });
}

describe('escapeHtml', () => {
  it('escapes a hostile file name so no tag survives', () => {
    const escaped = escapeHtml('<img src=x onerror="alert(1)">.ts');
    expect(escaped).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.ts');
    expect(escaped).not.toMatch(/[<>"]/);
  });

  it('escapes ampersands and single quotes', () => {
    expect(escapeHtml(`a&b'c`)).toBe('a&amp;b&#39;c');
  });

  test.prop([fc.string({ unit: 'binary' })])('round-trips and leaves no markup character', (s) => {
    const escaped = escapeHtml(s);
    expect(escaped).not.toMatch(/[<>"']/);
    expect(unescapeHtml(escaped)).toBe(s);
  });
});

describe('jsonForScript', () => {
  it('cannot close the script tag or open a comment', () => {
    const text = jsonForScript({ path: '</script><script>alert(1)</script><!-- x -->' });
    expect(text).not.toContain('</script');
    expect(text).not.toContain('<!--');
    expect(text).toContain('\\u003c/script\\u003e');
  });

  it('escapes U+2028 and U+2029', () => {
    expect(jsonForScript('a\u2028b\u2029')).toBe('"a\\u2028b\\u2029"');
  });

  it('writes null for undefined', () => {
    expect(jsonForScript(undefined)).toBe('null');
  });

  test.prop([fc.jsonValue()])('JSON.parse gives back the same value', (value) => {
    const text = jsonForScript(value);
    expect(text.toLowerCase()).not.toContain('</script');
    expect(text).not.toContain('<!--');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
  });
});
