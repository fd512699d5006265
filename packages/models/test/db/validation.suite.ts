import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AtomDatabase, TableName } from '../../src/index.js';
import {
  createEncryptor,
  decryptTwoFactor,
  encryptTwoFactor,
  executeRows,
  findWorkspaceBySatelliteApiKey,
  generateSatelliteApiKey,
  tableSchemas,
} from '../../src/index.js';
import {
  agentFeedback,
  agentRegistry,
  users,
  workflowStepExecutions,
  workspaces,
} from '../../src/schema/index.js';
import * as f from '../../src/testing/factories.js';
import type { DbHarness } from './harness.js';
import { isolated, rollback } from './harness.js';

const encryptor = createEncryptor([{ id: 'k1', key: Buffer.alloc(32, 7) }]);

/** Tries the insert in a savepoint: true when the database accepted it. */
async function accepts(
  tx: AtomDatabase,
  insert: (sp: AtomDatabase) => Promise<unknown>,
): Promise<boolean> {
  try {
    await tx.transaction(async (sp) => {
      await insert(sp);
    });
    return true;
  } catch {
    return false;
  }
}

const text = fc.string({
  unit: fc.constantFrom('a', 'b', '1', '.', '@', ' ', '\t', '-', 'Z'),
  maxLength: 12,
});
const score = fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, -0));
const enumOr = (values: readonly string[]) =>
  fc.oneof(fc.constantFrom(...values), fc.constantFrom('bogus', 'student', ''));

let unique = 0;

/** Zod and the database agree: the schema accepts ⇔ the insert succeeds. */
export function validationSuite(h: DbHarness): void {
  describe(`validation agrees with the database (${h.driver})`, () => {
    const agree = async (
      table: TableName,
      input: Record<string, unknown>,
      insert: (sp: AtomDatabase, value: Record<string, unknown>) => Promise<unknown>,
    ) => {
      const zodOk = tableSchemas[table].insert.safeParse(input).success;
      let dbOk = false;
      await rollback(h.db(), async (tx) => {
        dbOk = await accepts(tx, (sp) => insert(sp, input));
      });
      expect({ table, input, dbOk }).toEqual({ table, input, dbOk: zodOk });
    };

    it('users', async () => {
      await fc.assert(
        fc.asyncProperty(
          text,
          fc.double({ min: -5, max: 100, noNaN: true }),
          enumOr(['MEMBER', 'GUEST', 'TEAM_LEAD']),
          async (email, capacityHours, role) => {
            unique += 1;
            await agree('users', { email: `u${unique}${email}`, capacityHours, role }, (sp, v) =>
              sp.insert(users).values(v as never),
            );
          },
        ),
        { numRuns: 40 },
      );
    });

    it('agent_registry', async () => {
      await fc.assert(
        fc.asyncProperty(
          score,
          enumOr(['STUDENT', 'INTERN', 'AUTONOMOUS']),
          async (confidenceScore, maturity) => {
            await agree(
              'agentRegistry',
              {
                name: 'a',
                category: 'c',
                modulePath: 'm',
                className: 'k',
                confidenceScore,
                maturity,
              },
              (sp, v) => sp.insert(agentRegistry).values(v as never),
            );
          },
        ),
        { numRuns: 30 },
      );
    });

    it('agent_feedback', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -2, max: 8 }),
          enumOr(['PENDING', 'ACCEPTED']),
          async (rating, status) => {
            await agree(
              'agentFeedback',
              {
                agentId: 'set-below',
                userId: 'set-below',
                originalOutput: 'o',
                userCorrection: 'c',
                rating,
                status,
              },
              async (sp, v) => {
                const agent = await f.createAgent(sp);
                const user = await f.createUser(sp);
                return sp
                  .insert(agentFeedback)
                  .values({ ...v, agentId: agent.id, userId: user.id } as never);
              },
            );
          },
        ),
        { numRuns: 30 },
      );
    });

    it('workflow_step_executions', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: -3, max: 3 }),
          fc.integer({ min: -3, max: 3 }),
          fc.option(fc.integer({ min: -2, max: 2 }), { nil: null }),
          fc.boolean(),
          async (sequenceOrder, attempts, durationMs, reversed) => {
            const startedAt = new Date(Date.UTC(2024, 0, 2));
            const completedAt = new Date(Date.UTC(2024, 0, reversed ? 1 : 3));
            await agree(
              'workflowStepExecutions',
              {
                executionId: 'set-below',
                workflowId: 'wf',
                stepId: 's',
                stepName: 'S',
                stepType: 'action',
                sequenceOrder,
                attempts,
                durationMs,
                startedAt,
                completedAt,
              },
              async (sp, v) => {
                const run = await f.createWorkflowExecution(sp);
                return sp
                  .insert(workflowStepExecutions)
                  .values({ ...v, executionId: run.executionId } as never);
              },
            );
          },
        ),
        { numRuns: 30 },
      );
    });
  });

  describe(`secrets (${h.driver})`, () => {
    isolated(
      h,
      'two-factor secret and backup codes are never readable in the raw columns',
      async (tx) => {
        const secret = 'JBSWY3DPEHPK3PXP';
        const codes = ['111111', '222222'];
        const user = await f.createUser(tx, {
          twoFactorEnabled: true,
          ...encryptTwoFactor(encryptor, secret, codes),
        });
        const [raw] = await executeRows<Record<string, string>>(
          tx,
          sql`SELECT two_factor_secret_encrypted AS s, two_factor_backup_codes_encrypted AS c, row_to_json(users)::text AS whole FROM users WHERE id = ${user.id}`,
        );
        expect(raw?.s).toMatch(/^v1:k1:[^:]+:[^:]+:[^:]+$/);
        for (const plain of [secret, ...codes]) expect(raw?.whole).not.toContain(plain);
        const [row] = await tx.select().from(users).where(eq(users.id, user.id));
        expect(decryptTwoFactor(encryptor, row!)).toEqual({ secret, backupCodes: codes });
      },
    );

    isolated(
      h,
      'the satellite API key is stored only as its SHA-256 and found by it',
      async (tx) => {
        const { key, hash } = generateSatelliteApiKey();
        const ws = await f.createWorkspace(tx, { satelliteApiKeyHash: hash });
        const [raw] = await executeRows<{ whole: string }>(
          tx,
          sql`SELECT row_to_json(workspaces)::text AS whole FROM workspaces WHERE id = ${ws.id}`,
        );
        expect(raw?.whole).not.toContain(key);
        expect(raw?.whole).toContain(hash);
        expect((await findWorkspaceBySatelliteApiKey(tx, key))?.id).toBe(ws.id);
        expect(await findWorkspaceBySatelliteApiKey(tx, `${key}x`)).toBeUndefined();
        const [count] = await tx
          .select()
          .from(workspaces)
          .where(eq(workspaces.satelliteApiKeyHash, key));
        expect(count).toBeUndefined();
      },
    );
  });
}
