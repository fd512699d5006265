import type { SQL } from 'drizzle-orm';
import type { CheckBuilder } from 'drizzle-orm/pg-core';
import { check } from 'drizzle-orm/pg-core';
import type { z } from 'zod';

/** Narrows the zod schema of one column (applied to the non-null schema: `NULL` still passes). */
export type FieldRefine = (schema: z.ZodType) => z.ZodType;

/** A row as the zod schemas see it. */
export type RowValues = Readonly<Record<string, unknown>>;

/** A rule over several columns of one row. */
export interface RowRule {
  /** The field an issue is reported on. */
  readonly path: string;
  readonly message: string;
  /**
   * True when the row is acceptable. `partial` is true for an update (every field optional): a rule
   * must then pass when the fields it reads are absent.
   */
  readonly ok: (row: RowValues, partial: boolean) => boolean;
}

/** What one CHECK constraint means for the zod schemas: column refinements and/or a row rule. */
export interface CheckRule {
  /** Refinements by column property name. */
  readonly fields?: Readonly<Record<string, FieldRefine>>;
  readonly row?: RowRule;
}

const rules = new WeakMap<SQL, CheckRule>();

/**
 * A CHECK constraint together with its zod equivalent: drizzle-kit writes `condition` to the
 * migrations, the validation schemas apply `rule`. Written once, next to the table.
 */
export function checkWith(name: string, condition: SQL, rule: CheckRule): CheckBuilder {
  rules.set(condition, rule);
  return check(name, condition);
}

/** The rule registered by {@link checkWith} for a check's condition, if any. */
export function ruleOfCheck(condition: SQL): CheckRule | undefined {
  return rules.get(condition);
}

/** `column >= min` (numbers). */
export const atLeast =
  (min: number): FieldRefine =>
  (s) =>
    (s as z.ZodNumber).min(min);

/** `min <= column <= max` (numbers). */
export const between =
  (min: number, max: number): FieldRefine =>
  (s) =>
    (s as z.ZodNumber).min(min).max(max);

/** `column ~ pattern`, optionally `char_length(column) <= maxLength` (strings). */
export const matches =
  (pattern: RegExp, maxLength?: number): FieldRefine =>
  (s) => {
    const re = (s as z.ZodString).regex(pattern);
    return maxLength === undefined ? re : re.max(maxLength);
  };

/** Several columns with the same refinement. */
export function each(columns: readonly string[], refine: FieldRefine): CheckRule {
  return { fields: Object.fromEntries(columns.map((c) => [c, refine])) };
}

/** `later IS NULL OR earlier IS NULL OR later >= earlier` (dates; absent fields pass). */
export function notBefore(later: string, earlier: string): CheckRule {
  return {
    row: {
      path: later,
      message: `must not be before ${earlier}`,
      ok: (row) => {
        const a = row[later];
        const b = row[earlier];
        return !(a instanceof Date && b instanceof Date) || a.getTime() >= b.getTime();
      },
    },
  };
}

/** `a IS NOT NULL OR b IS NOT NULL` (on an update, passes when neither field is given). */
export function oneOf(a: string, b: string): CheckRule {
  return {
    row: {
      path: a,
      message: `needs ${a} or ${b}`,
      ok: (row, partial) =>
        (partial && !(a in row) && !(b in row)) ||
        (row[a] ?? null) !== null ||
        (row[b] ?? null) !== null,
    },
  };
}
