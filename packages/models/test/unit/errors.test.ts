import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../src/testing/index.js';
import {
  createDb,
  createEmbeddedDb,
  executeRows,
  DatabaseConstraintError,
  DatabaseUnreachableError,
  isDatabaseUnreachableError,
  hashSatelliteApiKey,
  isDatabaseConstraintError,
  isModelsError,
  isValidationError,
  isVersionConflictError,
  migrate,
  ModelsConfigError,
  normalizeDbError,
  ValidationError,
  VersionConflictError,
  withDbErrors,
} from '../../src/index.js';
import type { Db } from '../../src/index.js';

describe('errors', () => {
  it('carry stable codes and structured fields', () => {
    const v = new ValidationError('users', [
      { path: 'email', message: 'bad' },
      { path: '', message: 'root' },
      { path: 'email', message: 'again' },
    ]);
    expect(v).toMatchObject({ code: 'MODELS_VALIDATION', table: 'users', fields: ['email', ''] });
    expect(v.message).toBe('Invalid users: email: bad; (root): root; email: again');
    expect(isValidationError(v)).toBe(true);
    expect(new VersionConflictError('e', 1, 3).message).toMatch(/at version 3, expected 1/);
    expect(new VersionConflictError('e', 1, undefined).message).toMatch(/does not exist/);
    expect(isVersionConflictError(new VersionConflictError('e', 1, 2))).toBe(true);
    expect(new ModelsConfigError('x').code).toBe('MODELS_CONFIG');
    expect(isModelsError(new Error('x'))).toBe(false);
  });
});

describe('normalizeDbError', () => {
  it('reads postgres.js fields through a DrizzleQueryError-like cause', () => {
    const driver = Object.assign(new Error('dup'), {
      code: '23505',
      constraint_name: 'users_email_lower_unique',
      table_name: 'users',
    });
    const wrapped = Object.assign(new Error('Failed query'), { cause: driver });
    const e = normalizeDbError(wrapped);
    expect(isDatabaseConstraintError(e)).toBe(true);
    expect(e).toMatchObject({
      sqlstate: '23505',
      constraint: 'users_email_lower_unique',
      table: 'users',
      column: undefined,
    });
    expect((e as Error).cause).toBe(wrapped);
    expect(normalizeDbError(e)).toBe(e);
  });
  it('reads PGlite fields', () => {
    const e = normalizeDbError({ code: '23502', table: 't', column: 'c' });
    expect(e).toMatchObject({
      sqlstate: '23502',
      table: 't',
      column: 'c',
      message: 'database error 23502',
    });
  });
  it('leaves other errors alone', async () => {
    const other = Object.assign(new Error('syntax'), { code: '42601' });
    expect(normalizeDbError(other)).toBe(other);
    expect(normalizeDbError('text')).toBe('text');
    await expect(withDbErrors(() => Promise.reject(other))).rejects.toBe(other);
    await expect(withDbErrors(() => Promise.resolve(1))).resolves.toBe(1);
    await expect(
      withDbErrors(() => Promise.reject(Object.assign(new Error('check'), { code: '23514' }))),
    ).rejects.toBeInstanceOf(DatabaseConstraintError);
  });
});

describe('createDb / migrate', () => {
  it('validates the URL', () => {
    expect(() => createDb('mysql://x')).toThrow(
      /expected a postgres:\/\/ or postgresql:\/\/ URL, received "mysql:\/\/x"/,
    );
  });
  it('refuses a Db it did not make', async () => {
    await expect(migrate({} as Db)).rejects.toThrow(/createDb or createEmbeddedDb/);
  });
  it('creates a lazy postgres.js pool and closes it', async () => {
    const db = createDb('postgres://nobody@127.0.0.1:1/none', { max: 1 });
    expect(db.driver).toBe('postgres');
    await db.close();
  });
});

describe('hashSatelliteApiKey', () => {
  it('is the SHA-256 hex digest', () => {
    expect(hashSatelliteApiKey('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('createTestDatabase', () => {
  it('validates the server URL', async () => {
    await expect(createTestDatabase('not a url')).rejects.toThrow(
      /expected a URL, received "not a url"/,
    );
  });
});

describe('createEmbeddedDb dataDir', () => {
  it('creates a missing dataDir with its parents', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atom-models-'));
    const dataDir = join(root, 'a', 'b');
    try {
      const db = await createEmbeddedDb({ dataDir });
      await migrate(db);
      const rows = await executeRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM users`);
      expect(rows).toEqual([{ n: 0 }]);
      await db.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails with ModelsConfigError naming dataDir when it cannot be created', async () => {
    const root = mkdtempSync(join(tmpdir(), 'atom-models-'));
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    const dataDir = join(file, 'db');
    try {
      const error = await createEmbeddedDb({ dataDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelsConfigError);
      expect((error as Error).message).toContain(JSON.stringify(dataDir));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('unreachable server', () => {
  it('migrate and withDbErrors throw DatabaseUnreachableError naming host and port', async () => {
    const db = createDb('postgres://postgres@127.0.0.1:1/nothing', { max: 1 });
    try {
      const error = await migrate(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUnreachableError);
      expect(isDatabaseUnreachableError(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'MODELS_DB_UNREACHABLE',
        host: '127.0.0.1',
        port: 1,
        systemCode: 'ECONNREFUSED',
      });
      expect((error as Error).message).toContain('127.0.0.1:1');
      const viaWrapper = await withDbErrors(() => db.execute(sql`SELECT 1`)).catch(
        (e: unknown) => e,
      );
      expect(viaWrapper).toBeInstanceOf(DatabaseUnreachableError);
      expect(normalizeDbError(viaWrapper)).toBe(viaWrapper);
    } finally {
      await db.close();
    }
  });

  it('names the server generically when the driver gives no address', () => {
    const e = normalizeDbError({ code: 'ENOTFOUND' });
    expect(e).toBeInstanceOf(DatabaseUnreachableError);
    expect((e as Error).message).toMatch(/the database server \(ENOTFOUND\)/);
    const withHost = normalizeDbError({ cause: { code: 'ETIMEDOUT', hostname: 'db.example' } });
    expect((withHost as Error).message).toContain('db.example (ETIMEDOUT)');
  });
});

describe('executeRows', () => {
  it('copies the array postgres.js returns (PGlite returns { rows })', async () => {
    const driverRows = [{ n: 1 }, { n: 2 }];
    const postgresJsShaped = { execute: () => Promise.resolve(driverRows) } as unknown as Db;
    const rows = await executeRows<{ n: number }>(postgresJsShaped, sql`SELECT 1`);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
    expect(rows).not.toBe(driverRows);
  });
});
