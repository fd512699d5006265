// A table whose CHECK constraints cannot be turned into zod rules fails when its schemas are built,
// naming the constraint, the table and the column.
import { sql } from 'drizzle-orm';
import { check, integer, pgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { atLeast, checkWith } from '../../src/schema/check-rules.js';
import { schemasOf } from '../../src/validation.js';

describe('schemasOf', () => {
  it('refuses a CHECK declared without a rule', () => {
    const table = pgTable('t', { n: integer('n') }, (t) => [check('t_n_check', sql`${t.n} > 0`)]);
    expect(() => schemasOf('t', table)).toThrow(
      new TypeError('CHECK t_n_check of t has no zod rule: declare it with checkWith'),
    );
  });

  it('refuses a rule for a column the table does not have', () => {
    const table = pgTable('t', { n: integer('n') }, (t) => [
      checkWith('t_n_check', sql`${t.n} >= 0`, { fields: { m: atLeast(0) } }),
    ]);
    expect(() => schemasOf('t', table)).toThrow(new TypeError('CHECK t_n_check: t.m unknown'));
  });

  it('applies the rule of a well-declared CHECK', () => {
    const table = pgTable('t', { n: integer('n') }, (t) => [
      checkWith('t_n_check', sql`${t.n} >= 0`, { fields: { n: atLeast(0) } }),
    ]);
    const { insert } = schemasOf('t', table);
    expect(insert.safeParse({ n: 0 }).success).toBe(true);
    expect(insert.safeParse({ n: -1 }).success).toBe(false);
  });
});
