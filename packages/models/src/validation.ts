import type { PgTable } from 'drizzle-orm/pg-core';
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { BuildSchema } from 'drizzle-zod';
import { createInsertSchema, createUpdateSchema } from 'drizzle-zod';
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import type { CheckRule, FieldRefine, RowRule, RowValues } from './schema/check-rules.js';
import { ruleOfCheck } from './schema/check-rules.js';
import type { Schema, TableName } from './tables.js';
import { tables } from './tables.js';

type Columns<T extends TableName> = Schema[T]['_']['columns'];

/** The insert and update zod schemas of one table. */
export interface TableSchemas<T extends TableName> {
  /** Validates a new row (required columns present, CHECK rules applied). */
  readonly insert: BuildSchema<'insert', Columns<T>, undefined, undefined>;
  /** Validates a partial update (every field optional, CHECK rules applied to present fields). */
  readonly update: BuildSchema<'update', Columns<T>, undefined, undefined>;
}

/** The rules of every CHECK constraint of `table`, with the constraint's name. */
export function checkRulesOf(table: PgTable): { name: string; rule: CheckRule | undefined }[] {
  return getTableConfig(table).checks.map((c) => ({ name: c.name, rule: ruleOfCheck(c.value) }));
}

function withRowRules<S>(base: S, rules: readonly RowRule[], partial: boolean): S {
  return (base as unknown as z.ZodType).superRefine((value, ctx) => {
    for (const rule of rules) {
      if (!rule.ok(value as RowValues, partial))
        ctx.addIssue({ code: 'custom', path: [rule.path], message: rule.message });
    }
  }) as unknown as S;
}

const notNullJson: FieldRefine = (s) =>
  s.refine((value) => value !== null, { message: 'must not be null (the column is NOT NULL)' });

/**
 * The insert and update schemas of one table, refined by its CHECK rules. Exported for its tests
 * only (the registry's schemas are {@link tableSchemas}).
 *
 * @throws TypeError when a CHECK has no rule or a rule names a column the table does not have.
 */
export function schemasOf(name: string, table: PgTable): TableSchemas<TableName> {
  const fields: Record<string, FieldRefine> = {};
  const rows: RowRule[] = [];

  const properties = new Set(Object.keys(table));
  for (const { name: check, rule } of checkRulesOf(table)) {
    if (rule === undefined) {
      throw new TypeError(`CHECK ${check} of ${name} has no zod rule: declare it with checkWith`);
    }
    for (const [column, refine] of Object.entries(rule.fields ?? {})) {
      if (!properties.has(column)) throw new TypeError(`CHECK ${check}: ${name}.${column} unknown`);
      fields[column] = refine;
    }
    if (rule.row !== undefined) rows.push(rule.row);
  }

  // drizzle-zod's JSON schema accepts `null` as a JSON value; a NOT NULL jsonb column does not.
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (column.notNull && column.dataType === 'json') fields[key] = notNullJson;
  }
  const insert = createInsertSchema(table, fields as never);
  const update = createUpdateSchema(table, fields as never);
  return {
    insert: withRowRules(insert, rows, false),
    update: withRowRules(update, rows, true),
  } as unknown as TableSchemas<TableName>;
}

/**
 * Insert and update zod schemas (drizzle-zod) of every table of the registry, refined with the
 * rule each CHECK constraint declares next to it (`checkWith`): e-mail shape, score ranges,
 * ratings 1–5, counters ≥ 0, `completed_at ≥ started_at`, the access-log actor rule.
 */
export const tableSchemas: { readonly [K in TableName]: TableSchemas<K> } = Object.fromEntries(
  Object.entries(tables).map(([name, table]) => [name, schemasOf(name, table as PgTable)]),
) as { readonly [K in TableName]: TableSchemas<K> };

/** What {@link parseInsert} returns for `T`. */
export type ParsedInsert<T extends TableName> = z.output<TableSchemas<T>['insert']>;
/** What {@link parseUpdate} returns for `T`. */
export type ParsedUpdate<T extends TableName> = z.output<TableSchemas<T>['update']>;

function run<S extends z.ZodType>(table: string, zodSchema: S, input: unknown): z.output<S> {
  const result = zodSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    table,
    result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
    { cause: result.error },
  );
}

function schemasFor<T extends TableName>(table: T): TableSchemas<T> {
  const found = (tableSchemas as Partial<Record<string, TableSchemas<T>>>)[table];
  if (found === undefined) {
    throw new ValidationError(String(table), [
      {
        path: '',
        message: `unknown table ${JSON.stringify(table)}; expected one of ${Object.keys(tables).join(', ')}`,
      },
    ]);
  }
  return found;
}

/**
 * Validates an insert into `table` — the table's name in the registry (`'users'`,
 * `'agentRegistry'`), not the table object.
 *
 * @throws ValidationError naming every bad field (or the unknown table).
 */
export function parseInsert<T extends TableName>(table: T, input: unknown): ParsedInsert<T> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- narrows the registry-wide result to T
  return run(table, schemasFor(table).insert, input) as ParsedInsert<T>;
}

/**
 * Validates an update of `table` (every field optional; see {@link parseInsert} for `table`).
 *
 * @throws ValidationError naming every bad field (or the unknown table).
 */
export function parseUpdate<T extends TableName>(table: T, input: unknown): ParsedUpdate<T> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- narrows the registry-wide result to T
  return run(table, schemasFor(table).update, input) as ParsedUpdate<T>;
}
