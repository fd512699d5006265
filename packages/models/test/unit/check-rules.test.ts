// The CHECK-rule builders, called inside each test: the schemas of the registry are built when the
// module loads, so mutation runs (issue 14) only see a builder's behaviour through direct calls.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { atLeast, between, each, matches, notBefore, oneOf } from '../../src/schema/check-rules.js';

describe('column refinements', () => {
  it('atLeast keeps the minimum itself and refuses below it', () => {
    const schema = atLeast(0)(z.number());
    expect(schema.safeParse(0).success).toBe(true);
    expect(schema.safeParse(-0.5).success).toBe(false);
  });

  it('between keeps both bounds and refuses outside them', () => {
    const schema = between(1, 5)(z.number());
    expect([0.9, 1, 5, 5.1].map((v) => schema.safeParse(v).success)).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('matches applies the pattern, and the length cap only when given', () => {
    expect(matches(/^a+$/)(z.string()).safeParse('a'.repeat(500)).success).toBe(true);
    expect(matches(/^a+$/)(z.string()).safeParse('b').success).toBe(false);
    const capped = matches(/^a+$/, 3)(z.string());
    expect(capped.safeParse('aaa').success).toBe(true);
    expect(capped.safeParse('aaaa').success).toBe(false);
  });

  it('each gives every listed column the same refinement', () => {
    const refine = atLeast(0);
    expect(each(['a', 'b'], refine)).toEqual({ fields: { a: refine, b: refine } });
  });
});

describe('row rules', () => {
  const at = (iso: string): Date => new Date(iso);

  it('notBefore accepts equal and later dates, refuses earlier ones, ignores absent ones', () => {
    const rule = notBefore('endedAt', 'startedAt').row;
    expect(rule).toMatchObject({ path: 'endedAt', message: 'must not be before startedAt' });
    const ok = (row: Record<string, unknown>): boolean => rule?.ok(row, false) ?? false;
    expect(ok({ startedAt: at('2026-01-01'), endedAt: at('2026-01-01') })).toBe(true);
    expect(ok({ startedAt: at('2026-01-01'), endedAt: at('2026-01-02') })).toBe(true);
    expect(ok({ startedAt: at('2026-01-02'), endedAt: at('2026-01-01') })).toBe(false);
    expect(ok({ startedAt: at('2026-01-02') })).toBe(true);
    expect(ok({ endedAt: at('2026-01-02'), startedAt: null })).toBe(true);
  });

  it('oneOf needs either field, except on an update that gives neither', () => {
    const rule = oneOf('accessedBy', 'accessedByAgent').row;
    expect(rule).toMatchObject({
      path: 'accessedBy',
      message: 'needs accessedBy or accessedByAgent',
    });
    const ok = (row: Record<string, unknown>, partial: boolean): boolean =>
      rule?.ok(row, partial) ?? false;
    expect(ok({ accessedBy: 'u' }, false)).toBe(true);
    expect(ok({ accessedByAgent: 'a' }, false)).toBe(true);
    expect(ok({ accessedBy: 'u', accessedByAgent: null }, false)).toBe(true);
    expect(ok({}, false)).toBe(false);
    expect(ok({ accessedBy: null, accessedByAgent: null }, false)).toBe(false);
    // An update that touches neither field keeps whatever the row had.
    expect(ok({}, true)).toBe(true);
    // An update that clears one and leaves the other out cannot be checked alone: refused.
    expect(ok({ accessedBy: null }, true)).toBe(false);
    expect(ok({ accessedByAgent: null }, true)).toBe(false);
    expect(ok({ accessedByAgent: 'a' }, true)).toBe(true);
  });
});
