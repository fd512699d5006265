import { sql } from 'drizzle-orm';
import { text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A `text` primary key defaulting to a UUID made by the database (`gen_random_uuid()`), with an
 * optional prefix (`ua_`, `us_`, `queue_`) as Atom had, so raw SQL inserts get the same ids.
 */
export function idColumn(name = 'id', prefix = '') {
  const generated =
    prefix === ''
      ? sql`gen_random_uuid()::text`
      : sql`${sql.raw(`'${prefix}'`)} || gen_random_uuid()::text`;
  return text(name).primaryKey().default(generated);
}

/** A `timestamptz` column mapped to `Date`. */
export function timestamptz(name: string) {
  return timestamp(name, { withTimezone: true, mode: 'date' });
}

/** `created_at timestamptz NOT NULL DEFAULT now()`. */
export function createdAt() {
  return timestamptz('created_at').notNull().defaultNow();
}

/**
 * `updated_at timestamptz NOT NULL DEFAULT now()`, moved by the `atom_set_updated_at` trigger
 * (custom migration, `clock_timestamp()`) on every update, ORM or raw SQL.
 */
export function updatedAt() {
  return timestamptz('updated_at').notNull().defaultNow();
}

/** JSON object value stored in a `jsonb` column. */
export type JsonObject = { [key: string]: JsonValue };
/** Any JSON value stored in a `jsonb` column. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
