import { PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';

/** The schema registry (tables, relations, enums) as passed to `drizzle({ schema })`. */
export type Schema = typeof schema;

/** The name of a table in the registry (`users`, `agentRegistry`, `workflowExecutions`, …). */
export type TableName = {
  [K in keyof Schema]: Schema[K] extends PgTable ? K : never;
}[keyof Schema];

/** A row of table `T` as selected (`Row<'users'>` is `schema.User`). */
export type Row<T extends TableName> = Schema[T]['$inferSelect'];

/** An insert into table `T` (`NewRow<'users'>` is `schema.NewUser`). */
export type NewRow<T extends TableName> = Schema[T]['$inferInsert'];

/** The tables of the registry by name, derived from the barrel (nothing to list by hand). */
export const tables: { readonly [K in TableName]: Schema[K] } = Object.fromEntries(
  Object.entries(schema).filter(([, value]) => value instanceof PgTable),
) as { readonly [K in TableName]: Schema[K] };
