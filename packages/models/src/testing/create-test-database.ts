import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Db } from '../db.js';
import { createDb, migrate } from '../db.js';
import { ModelsConfigError } from '../errors.js';

/** A migrated database of its own on a PostgreSQL server, for one test file. */
export interface TestDatabase {
  /** Connection URL of the new database. */
  readonly url: string;
  /** Its name (`atom_test_<random>`). */
  readonly name: string;
  /** A migrated {@link Db} connected to it. */
  readonly db: Db;
  /** Closes {@link TestDatabase.db} and drops the database. */
  dispose(): Promise<void>;
}

/**
 * Creates `atom_test_<random>` on the server of `serverUrl`, applies the migrations and returns it,
 * so test files running in parallel against one shared server never see each other's rows.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  let parsed: URL;
  try {
    parsed = new URL(serverUrl);
  } catch (cause) {
    throw new ModelsConfigError(
      `createTestDatabase expected a URL, received ${JSON.stringify(serverUrl)}`,
      {
        cause,
      },
    );
  }
  const name = `atom_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const db = createDb(url);
  await migrate(db);
  return {
    url,
    name,
    db,
    async dispose() {
      await db.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => undefined });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
