import type { SQL } from 'drizzle-orm';
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { AtomDatabase } from './db.js';
import { ModelsConfigError } from './errors.js';
import { withDbErrors } from './normalize-db-error.js';
import type { NewRow, TableName } from './tables.js';
import { tables } from './tables.js';

/** Options of {@link insertMany}. */
export interface InsertManyOptions {
  /** Rows per statement (default 5,000); every chunk runs in one transaction. */
  chunkSize?: number;
}

function driverValue(column: PgColumn, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (column.dataType === 'json') return value;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function statement(table: PgTable, keys: readonly string[], rows: readonly object[]): SQL {
  if (keys.length === 0) throw new ModelsConfigError('insertMany: a row gives no column');
  const columns = getTableColumns(table);
  const picked = keys.map((key) => {
    const column = columns[key];
    if (column === undefined) {
      throw new ModelsConfigError(`insertMany: ${key} is not a column of this table`);
    }
    return column;
  });
  const payload = rows.map((row) =>
    Object.fromEntries(
      picked.map((column, i) => [
        column.name,
        driverValue(column, (row as Record<string, unknown>)[keys[i] as string]),
      ]),
    ),
  );
  const names = sql.join(
    picked.map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  const definitions = sql.raw(
    picked.map((c) => `"${c.name.replace(/"/g, '""')}" ${c.getSQLType()}`).join(', '),
  );
  return sql`INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) AS x(${definitions})`;
}

/**
 * Bulk insert: sends `rows` as one JSON parameter per chunk and lets PostgreSQL expand it
 * (`INSERT … SELECT … FROM jsonb_to_recordset($1)`), so a 10,000-row insert is one short
 * statement instead of 10,000 × columns bound parameters. Columns a row omits get their database
 * default (rows are grouped by the set of keys they give); values are not validated (use
 * `parseInsert` first for untrusted input). All chunks run in one transaction: all rows or none.
 *
 * @param table - the table's name in the registry (`'workflowExecutions'`).
 * @returns the number of rows inserted.
 * @throws DatabaseConstraintError when the database refuses a row (nothing is inserted).
 * @throws ModelsConfigError for an unknown table, an unknown column or a bad `chunkSize`.
 */
export async function insertMany<T extends TableName>(
  db: AtomDatabase,
  table: T,
  rows: readonly NewRow<T>[],
  options: InsertManyOptions = {},
): Promise<number> {
  const target = (tables as Partial<Record<string, PgTable>>)[table];
  if (target === undefined)
    throw new ModelsConfigError(`insertMany: unknown table ${JSON.stringify(table)}`);
  const chunkSize = options.chunkSize ?? 5000;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new ModelsConfigError(
      `insertMany: chunkSize must be a positive integer, received ${chunkSize}`,
    );
  }
  const groups = new Map<string, { keys: string[]; rows: object[] }>();
  for (const row of rows) {
    const keys = Object.keys(row)
      .filter((k) => (row as Record<string, unknown>)[k] !== undefined)
      .sort();
    const signature = keys.join(',');
    const group = groups.get(signature);
    if (group === undefined) groups.set(signature, { keys, rows: [row] });
    else group.rows.push(row);
  }
  const statements: SQL[] = [];
  for (const { keys, rows: grouped } of groups.values()) {
    for (let i = 0; i < grouped.length; i += chunkSize) {
      statements.push(statement(target, keys, grouped.slice(i, i + chunkSize)));
    }
  }
  if (statements.length === 0) return 0;
  await withDbErrors(async () => {
    if (statements.length === 1) await db.execute(statements[0] as SQL);
    else
      await db.transaction(async (tx) => {
        for (const s of statements) await tx.execute(s);
      });
  });
  return rows.length;
}
