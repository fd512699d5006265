import type { SQL } from 'drizzle-orm';
import type { AtomDatabase } from './db.js';

/**
 * Runs raw SQL and returns its rows as an array on either driver (postgres.js returns an array,
 * PGlite an object with `rows`).
 */
export async function executeRows<T extends Record<string, unknown>>(
  db: AtomDatabase,
  query: SQL,
): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return [...(result as T[])];
  return (result as { rows: T[] }).rows;
}
