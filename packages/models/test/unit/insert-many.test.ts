import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/index.js';
import {
  createEmbeddedDb,
  DatabaseConstraintError,
  executeRows,
  insertMany,
  migrate,
  ModelsConfigError,
} from '../../src/index.js';

let db: Db;
beforeAll(async () => {
  db = await createEmbeddedDb();
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db.close();
});

const count = async (table: string) =>
  (await executeRows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;

describe('insertMany', () => {
  it('inserts every row with defaults for omitted columns, JSON, dates, enums and numbers', async () => {
    const startedAt = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
    const rows = Array.from({ length: 25 }, (_, i) => ({
      workflowId: `wf_${i}`,
      ...(i % 2 === 0 ? { status: 'RUNNING' as const, startedAt } : {}),
      inputData: { i, tags: ['a', 'b'], nested: { ok: true } },
    }));
    expect(await insertMany(db, 'workflowExecutions', rows, { chunkSize: 4 })).toBe(25);
    const stored = await db.query.workflowExecutions.findMany({
      orderBy: (w, { asc }) => [asc(w.workflowId)],
      where: (w, { like }) => like(w.workflowId, 'wf_%'),
    });
    expect(stored).toHaveLength(25);
    const first = stored.find((r) => r.workflowId === 'wf_0')!;
    expect(first.status).toBe('RUNNING');
    expect(first.startedAt).toEqual(startedAt);
    expect(first.inputData).toEqual({ i: 0, tags: ['a', 'b'], nested: { ok: true } });
    const odd = stored.find((r) => r.workflowId === 'wf_1')!;
    expect(odd.status).toBe('PENDING');
    expect(odd.version).toBe(1);
    expect(odd.executionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is all or nothing: a refused row rolls back every chunk', async () => {
    const before = await count('workflow_executions');
    const rows = [
      ...Array.from({ length: 10 }, (_, i) => ({ workflowId: `ok_${i}` })),
      { workflowId: 'bad', version: 0 },
    ];
    const error = await insertMany(db, 'workflowExecutions', rows, { chunkSize: 3 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseConstraintError);
    expect((error as DatabaseConstraintError).constraint).toBe('workflow_executions_version_check');
    expect(await count('workflow_executions')).toBe(before);
  });

  it('inserts a single row and an empty list', async () => {
    const user = (
      await executeRows<{ id: string }>(
        db,
        sql`INSERT INTO users (email) VALUES ('many@example.com') RETURNING id`,
      )
    )[0]!;
    expect(await insertMany(db, 'userActivities', [{ userId: user.id }])).toBe(1);
    expect(await insertMany(db, 'users', [])).toBe(0);
  });

  it('names a bad table, column or chunk size', async () => {
    await expect(insertMany(db, 'nope' as 'users', [{ email: 'x@y.z' }])).rejects.toThrow(
      /unknown table "nope"/,
    );
    await expect(insertMany(db, 'users', [{ email: 'x@y.z', nope: 1 } as never])).rejects.toThrow(
      ModelsConfigError,
    );
    await expect(insertMany(db, 'users', [], { chunkSize: 0 })).rejects.toThrow(
      /chunkSize must be a positive integer, received 0/,
    );
  });
});
