import { DatabaseConstraintError, DatabaseUnreachableError } from './errors.js';

interface DriverErrorFields {
  code?: unknown;
  constraint_name?: unknown;
  constraint?: unknown;
  table_name?: unknown;
  table?: unknown;
  column_name?: unknown;
  column?: unknown;
  message?: unknown;
  address?: unknown;
  hostname?: unknown;
  port?: unknown;
}

/** Node system error codes meaning "no server there". */
const UNREACHABLE_CODES: ReadonlySet<unknown> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CONNECT_TIMEOUT',
]);

function stringField(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return undefined;
}

/** SQLSTATE classes normalised into {@link DatabaseConstraintError}: integrity (23) and data (22). */
const CONSTRAINT_SQLSTATE = /^2[23][0-9A-Z]{3}$/;

/**
 * Finds the driver error (postgres.js `PostgresError` or PGlite's error) inside `e` — drizzle wraps
 * it in a `DrizzleQueryError` whose `cause` carries the SQLSTATE in `code` — and normalises a
 * constraint or data violation (SQLSTATE class 22 or 23) into a {@link DatabaseConstraintError}
 * with `sqlstate`, `constraint` (postgres.js `constraint_name`, PGlite `constraint`), `table` and
 * `column`. A connection failure (`ECONNREFUSED`, `ENOTFOUND`, `ETIMEDOUT`, …) becomes a
 * {@link DatabaseUnreachableError} naming host and port. Anything else is returned unchanged.
 */
export function normalizeDbError(e: unknown): unknown {
  if (e instanceof DatabaseConstraintError || e instanceof DatabaseUnreachableError) return e;
  let current: unknown = e;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const fields = current as DriverErrorFields;
    if (typeof fields.code === 'string' && CONSTRAINT_SQLSTATE.test(fields.code)) {
      return new DatabaseConstraintError(
        {
          sqlstate: fields.code,
          constraint: stringField(fields.constraint_name, fields.constraint),
          table: stringField(fields.table_name, fields.table),
          column: stringField(fields.column_name, fields.column),
          message: stringField(fields.message) ?? `database error ${fields.code}`,
        },
        { cause: e },
      );
    }
    if (UNREACHABLE_CODES.has(fields.code)) {
      return new DatabaseUnreachableError(
        {
          host: stringField(fields.address, fields.hostname),
          port: typeof fields.port === 'number' ? fields.port : undefined,
          systemCode: fields.code as string,
        },
        { cause: e },
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  return e;
}

/**
 * Runs `operation`, rethrowing a constraint or data violation as a {@link DatabaseConstraintError}
 * and a connection failure as a {@link DatabaseUnreachableError}. Without it, drizzle throws its
 * own `DrizzleQueryError` (driver error in `cause`).
 */
export async function withDbErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw normalizeDbError(e);
  }
}
