// normalizeDbError on hand-made driver errors (no database): field fallbacks, how deep it looks, what
// it refuses to read (issue 14's mutation run found these unpinned).
import { describe, expect, it } from 'vitest';
import {
  DatabaseConstraintError,
  DatabaseUnreachableError,
  normalizeDbError,
} from '../../src/index.js';

/** `error` wrapped in `levels` errors, each the `cause` of the next. */
function wrapped(error: unknown, levels: number): unknown {
  let current = error;
  for (let i = 0; i < levels; i++) current = { message: `wrapper ${i}`, cause: current };
  return current;
}

describe('normalizeDbError', () => {
  it('skips empty names for the next field that has one', () => {
    const e = normalizeDbError({
      code: '23505',
      constraint_name: '',
      constraint: 'users_email_unique',
      table_name: '',
      table: 'users',
      column_name: '',
      column: 'email',
      message: '',
    });
    expect(e).toBeInstanceOf(DatabaseConstraintError);
    expect(e).toMatchObject({
      constraint: 'users_email_unique',
      table: 'users',
      column: 'email',
      message: 'database error 23505',
    });
  });

  it('finds the driver error up to four causes deep, not five', () => {
    const driver = { code: '23505', message: 'duplicate' };
    const found = normalizeDbError(wrapped(driver, 4));
    expect(found).toBeInstanceOf(DatabaseConstraintError);
    expect((found as Error).cause).toEqual(wrapped(driver, 4));
    const tooDeep = wrapped(driver, 5);
    expect(normalizeDbError(tooDeep)).toBe(tooDeep);
  });

  it('stops at a cause that is null or not an object', () => {
    for (const cause of [null, undefined, 'text', 42]) {
      const error = { message: 'outer', cause };
      expect(normalizeDbError(error)).toBe(error);
    }
  });

  it('reads only string codes', () => {
    for (const code of [23505, ['23505'], { toString: () => 'ECONNREFUSED' }]) {
      const error = { code };
      expect(normalizeDbError(error)).toBe(error);
    }
  });

  it('keeps the original error as the cause of a connection failure, and only a numeric port', () => {
    const driver = { code: 'ECONNREFUSED', address: '10.0.0.1', port: '5432' };
    const e = normalizeDbError(driver);
    expect(e).toBeInstanceOf(DatabaseUnreachableError);
    expect(e).toMatchObject({ host: '10.0.0.1', port: undefined, systemCode: 'ECONNREFUSED' });
    expect((e as Error).cause).toBe(driver);
    expect(normalizeDbError({ code: 'ECONNREFUSED', port: 5433 })).toMatchObject({ port: 5433 });
  });
});
