// A table whose CHECK constraints cannot be turned into zod rules fails when its schemas are built,
// naming the constraint, the table and the column.
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { atLeast, checkWith, notBefore } from '../../src/schema/check-rules.js';
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

  it('applies row rules to inserts and updates', () => {
    const table = pgTable(
      't',
      { startedAt: timestamp('started_at'), endedAt: timestamp('ended_at') },
      (t) => [
        checkWith(
          't_order_check',
          sql`${t.endedAt} >= ${t.startedAt}`,
          notBefore('endedAt', 'startedAt'),
        ),
      ],
    );
    const { insert, update } = schemasOf('t', table);
    const backwards = { startedAt: new Date(2), endedAt: new Date(1) };
    expect(insert.safeParse(backwards).success).toBe(false);
    expect(update.safeParse(backwards).success).toBe(false);
    expect(insert.safeParse({ startedAt: new Date(1), endedAt: new Date(2) }).success).toBe(true);
  });

  it('refuses null in a NOT NULL json column only', () => {
    const table = pgTable('t', {
      required: jsonb('required').notNull(),
      optional: jsonb('optional'),
    });
    const { insert } = schemasOf('t', table);
    expect(insert.safeParse({ required: null }).error?.issues.map((i) => i.message)).toEqual([
      'must not be null (the column is NOT NULL)',
    ]);
    expect(insert.safeParse({ required: {}, optional: null }).success).toBe(true);
  });

  it('keeps the CHECK rule of a NOT NULL column that is not json', () => {
    const table = pgTable('t', { n: integer('n').notNull() }, (t) => [
      checkWith('t_n_check', sql`${t.n} >= 0`, { fields: { n: atLeast(0) } }),
    ]);
    const { insert } = schemasOf('t', table);
    expect(insert.safeParse({ n: -1 }).success).toBe(false);
    expect(insert.safeParse({ n: 0 }).success).toBe(true);
  });
});
