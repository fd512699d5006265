// Zod and the database agree on every CHECK and NOT NULL constraint of the registry (enumerated
// from the schema, not listed by hand), and unique constraints are the documented boundary.
import fc from 'fast-check';
import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { AtomDatabase, TableName } from '../../src/index.js';
import { normalizeDbError, tableSchemas } from '../../src/index.js';
import { createRow } from '../../src/testing/factories.js';
import { tables } from '../../src/tables.js';
import { checkRulesOf } from '../../src/validation.js';
import type { DbHarness } from './harness.js';
import { rollback } from './harness.js';

/** Runs `op` in a savepoint: the normalised error, or undefined when the database accepted it. */
async function refusal(tx: AtomDatabase, op: (sp: AtomDatabase) => Promise<unknown>) {
  try {
    await tx.transaction(async (sp) => {
      await op(sp);
    });
    return undefined;
  } catch (e) {
    return normalizeDbError(e) as { sqlstate?: string; constraint?: string };
  }
}

const stringValues = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'f', '0', 'Z', '@', '.', '-', '_', ' ', 'v', '1', ':') }),
  fc.constantFrom('a'.repeat(64), 'A'.repeat(64), 'USD', 'usd', 'v1:x', 'a@b.co', 'acme', 'x-y'),
);
const numberValues = (integer: boolean) =>
  integer
    ? fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom(-1, 0, 1, 5, 6, 24, 25))
    : // quarters: exact in float4, float8 and numeric(14,4), so no rounding blurs a bound
      fc.oneof(
        fc.integer({ min: -12, max: 120 }).map((n) => n / 4),
        fc.constantFrom(-1, -0.25, 0, 0.25, 1, 1.25, 5, 24, 24.25),
      );
const dateValues = fc.date({
  min: new Date(Date.UTC(2020, 0, 1)),
  max: new Date(Date.UTC(2020, 0, 3)),
  noInvalidDate: true,
});

function arbitraryFor(column: PgColumn): fc.Arbitrary<unknown> {
  if (column.dataType === 'date') return dateValues;
  if (column.dataType === 'number') return numberValues(column.columnType === 'PgInteger');
  return stringValues;
}

/** Columns a CHECK reads: the ones its SQL names. */
function columnsOf(table: PgTable, condition: string): Record<string, PgColumn> {
  const all = getTableColumns(table);
  return Object.fromEntries(
    Object.entries(all).filter(([, column]) => condition.includes(`"${column.name}"`)),
  );
}

function sqlText(table: PgTable, name: string): string {
  const check = getTableConfig(table).checks.find((c) => c.name === name)!;
  return check.value.queryChunks
    .map((chunk) => {
      if (typeof chunk === 'object' && chunk !== null && 'name' in chunk) {
        return `"${String((chunk as { name: string }).name)}"`;
      }
      const value = (chunk as { value?: unknown }).value;
      return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
    })
    .join('');
}

const NUM_RUNS = 8;

/** Every CHECK: zod rejects ⇔ the database rejects, on random values of the columns it reads. */
export function agreementSuite(h: DbHarness): void {
  describe(`zod and the database agree on every constraint (${h.driver})`, () => {
    const entries = Object.entries(tables) as [TableName, PgTable][];

    it('every CHECK of the registry has a zod rule', () => {
      const missing = entries.flatMap(([name, table]) =>
        checkRulesOf(table)
          .filter((c) => c.rule === undefined)
          .map((c) => `${name}.${c.name}`),
      );
      expect(missing).toEqual([]);
      expect(entries.reduce((n, [, t]) => n + checkRulesOf(t).length, 0)).toBe(45);
    });

    for (const [name, table] of entries) {
      for (const { name: check } of checkRulesOf(table)) {
        const columns = columnsOf(table, sqlText(table, check));
        it(`${check}: rejected by the database ⇔ rejected by zod`, async () => {
          expect(Object.keys(columns).length).toBeGreaterThan(0);
          const values = fc.record(
            Object.fromEntries(
              Object.entries(columns).map(([key, column]) => [
                key,
                column.notNull ? arbitraryFor(column) : fc.option(arbitraryFor(column)),
              ]),
            ),
          );
          await fc.assert(
            fc.asyncProperty(values, async (overrides) => {
              const zodOk = tableSchemas[name].update.safeParse(overrides).success;
              let refused: { sqlstate?: string; constraint?: string } | undefined;
              await rollback(h.db(), async (tx) => {
                refused = await refusal(tx, (sp) =>
                  createRow(sp, name, overrides as Record<string, never>),
                );
              });
              // A refusal for another reason (a unique value repeated) is not this CHECK's.
              const checkRefused = refused?.sqlstate === '23514' || refused?.sqlstate === '22P02';
              expect({ overrides, dbOk: !checkRefused }).toEqual({ overrides, dbOk: zodOk });
              if (!zodOk) expect(refused).toBeDefined();
            }),
            { numRuns: NUM_RUNS },
          );
        });
      }
    }

    for (const [name, table] of entries) {
      it(`${name}: every NOT NULL column without default is required by zod and the database`, async () => {
        await rollback(h.db(), async (tx) => {
          const row = (await createRow(tx, name)) as Record<string, unknown>;
          const config = getTableConfig(table);
          const primary = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
          await tx.execute(
            sql`DELETE FROM ${table} WHERE ${sql.join(
              primary.map((c) => {
                const key = Object.entries(getTableColumns(table)).find(
                  ([, v]) => v.name === c.name,
                )![0];
                return sql`${c} = ${row[key]}`;
              }),
              sql` AND `,
            )}`,
          );
          // The row itself: accepted by both.
          expect(tableSchemas[name].insert.safeParse(row).success).toBe(true);
          expect(await refusal(tx, (sp) => sp.insert(table).values(row as never))).toBeUndefined();
          for (const [key, column] of Object.entries(getTableColumns(table))) {
            if (!column.notNull) continue;
            const nulled = { ...row, [key]: null };
            expect({ key, zod: tableSchemas[name].insert.safeParse(nulled).success }).toEqual({
              key,
              zod: false,
            });
            const refused = await refusal(tx, (sp) => sp.insert(table).values(nulled as never));
            expect({ key, sqlstate: refused?.sqlstate }).toEqual({ key, sqlstate: '23502' });
          }
        });
      });
    }

    it('unique constraints: each row passes zod alone, the database refuses the duplicate', async () => {
      const uniques = entries.flatMap(([name, table]) =>
        getTableConfig(table)
          .indexes.filter((i) => i.config.unique)
          .map((i) => `${name}.${i.config.name}`)
          .concat(getTableConfig(table).uniqueConstraints.map((u) => `${name}.${u.getName()}`)),
      );
      expect(uniques.length).toBeGreaterThan(10);
      await rollback(h.db(), async (tx) => {
        const user = await createRow(tx, 'users', { email: 'Dup@Example.com' });
        const again = { email: 'dup@example.COM' };
        expect(tableSchemas.users.insert.safeParse(again).success).toBe(true);
        const refused = await refusal(tx, (sp) => createRow(sp, 'users', again));
        expect(refused).toMatchObject({
          sqlstate: '23505',
          constraint: 'users_email_lower_unique',
        });
        expect(user.email).toBe('Dup@Example.com');
      });
    });
  });
}
