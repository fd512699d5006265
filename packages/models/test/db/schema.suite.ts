import { eq, getTableColumns, getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { AtomDatabase } from '../../src/index.js';
import { executeRows, migrate, schema } from '../../src/index.js';
import { users } from '../../src/schema/index.js';
import * as f from '../../src/testing/factories.js';
import type { DbHarness } from './harness.js';
import { isolated, violation } from './harness.js';

type Factory = (db: AtomDatabase) => Promise<Record<string, unknown>>;

/** Each table's factory (which sets only required columns) and the defaults the database adds. */
const DEFAULTS: { table: string; make: Factory; expected: Record<string, unknown> }[] = [
  {
    table: 'tenants',
    make: f.createTenant,
    expected: { planType: 'standard', status: 'ACTIVE', settings: {} },
  },
  {
    table: 'users',
    make: f.createUser,
    expected: {
      role: 'MEMBER',
      status: 'ACTIVE',
      emailVerified: false,
      onboardingCompleted: false,
      onboardingStep: 'welcome',
      capacityHours: 40,
      hourlyCostRate: 0,
      preferences: {},
      twoFactorEnabled: false,
      skills: null,
    },
  },
  {
    table: 'workspaces',
    make: f.createWorkspace,
    expected: {
      status: 'ACTIVE',
      planTier: 'standard',
      isStartup: false,
      learningPhaseCompleted: false,
      metadataJson: {},
      satelliteApiKeyHash: null,
    },
  },
  { table: 'teams', make: f.createTeam, expected: { description: null } },
  { table: 'team_members', make: f.createTeamMember, expected: { role: 'MEMBER' } },
  { table: 'user_workspaces', make: f.createUserWorkspace, expected: { role: 'MEMBER' } },
  { table: 'team_messages', make: f.createTeamMessage, expected: { contextType: null } },
  {
    table: 'user_activities',
    make: f.createUserActivity,
    expected: { state: 'OFFLINE', manualOverride: false },
  },
  {
    table: 'user_activity_sessions',
    make: f.createUserActivitySession,
    expected: { terminatedAt: null },
  },
  {
    table: 'agent_registry',
    make: f.createAgent,
    expected: {
      maturity: 'STUDENT',
      lifecycle: 'ACTIVE',
      confidenceScore: 0.5,
      requiredRoleForAutonomy: 'TEAM_LEAD',
      version: '1.0.0',
      configuration: {},
      scheduleConfig: {},
    },
  },
  {
    table: 'agent_executions',
    make: f.createAgentExecution,
    expected: { status: 'RUNNING', triggeredBy: 'MANUAL', durationSeconds: 0 },
  },
  { table: 'agent_trace_steps', make: f.createAgentTraceStep, expected: { action: null } },
  {
    table: 'agent_feedback',
    make: f.createAgentFeedback,
    expected: { status: 'PENDING', rating: null },
  },
  {
    table: 'supervised_execution_queue',
    make: f.createSupervisedExecution,
    expected: { status: 'PENDING', priority: 0, maxAttempts: 3, attemptCount: 0 },
  },
  { table: 'blocked_triggers', make: f.createBlockedTrigger, expected: { resolved: false } },
  { table: 'agent_proposals', make: f.createAgentProposal, expected: { status: 'PROPOSED' } },
  {
    table: 'supervision_sessions',
    make: f.createSupervisionSession,
    expected: { status: 'RUNNING', interventionCount: 0, interventions: [], agentActions: [] },
  },
  {
    table: 'training_sessions',
    make: f.createTrainingSession,
    expected: { status: 'SCHEDULED', tasksCompleted: 0, errorsCount: 0, promotedToIntern: false },
  },
  {
    table: 'episodes',
    make: f.createEpisode,
    expected: {
      executionIds: [],
      canvasIds: [],
      feedbackIds: [],
      canvasActionCount: 0,
      interventionCount: 0,
      status: 'ACTIVE',
      topics: [],
      entities: [],
      humanEdits: [],
      importanceScore: 0.5,
      humanInterventionCount: 0,
      decayScore: 1,
      accessCount: 0,
    },
  },
  { table: 'episode_segments', make: f.createEpisodeSegment, expected: { contentSummary: null } },
  {
    table: 'episode_access_logs',
    make: f.createEpisodeAccessLog,
    expected: { governanceCheckPassed: true, resultsCount: 0 },
  },
  {
    table: 'workflow_executions',
    make: f.createWorkflowExecution,
    expected: { status: 'PENDING', version: 1, visibility: 'WORKSPACE' },
  },
  {
    table: 'workflow_step_executions',
    make: f.createWorkflowStepExecution,
    expected: { status: 'PENDING', retryCount: 0, attempts: 0 },
  },
  {
    table: 'workflow_execution_logs',
    make: f.createWorkflowExecutionLog,
    expected: { level: 'INFO', seq: null },
  },
  {
    table: 'workflow_snapshots',
    make: f.createWorkflowSnapshot,
    expected: { contextSnapshot: {} },
  },
  {
    table: 'canvas_audit',
    make: f.createCanvasAudit,
    expected: { canvasType: 'GENERIC', auditMetadata: {} },
  },
  {
    table: 'business_product_services',
    make: f.createBusinessProductService,
    expected: { type: 'service', basePrice: 0, unitCost: 0, currency: 'USD', stockQuantity: 0 },
  },
  { table: 'graph_nodes', make: f.createGraphNode, expected: { properties: {} } },
  {
    table: 'graph_communities',
    make: f.createGraphCommunity,
    expected: { keywords: [], level: 0 },
  },
];

/** Every table with `updated_at` (each must carry the trigger). */
const UPDATED_AT_TABLES = Object.values(schema)
  .filter((v): v is Extract<(typeof schema)[keyof typeof schema], PgTable> => is(v, PgTable))
  .filter((t) => 'updatedAt' in getTableColumns(t))
  .map((t) => getTableName(t));

/** Table → one of its enum columns and the enum type, for the rejection cases. */
const ENUM_CASES: { enumType: string }[] = [
  'user_role',
  'user_status',
  'workspace_status',
  'data_visibility',
  'membership_role',
  'user_state',
  'agent_maturity',
  'agent_lifecycle',
  'agent_execution_status',
  'execution_trigger',
  'feedback_status',
  'feedback_type',
  'queue_status',
  'trigger_source',
  'routing_decision',
  'proposal_status',
  'proposal_type',
  'supervision_status',
  'training_status',
  'episode_status',
  'segment_type',
  'segment_source',
  'access_type',
  'workflow_execution_status',
  'workflow_step_status',
  'log_level',
  'canvas_type',
  'canvas_action',
].map((enumType) => ({ enumType }));

/** Schema-wide behaviour: defaults, triggers, enums, jsonb, indexes. */
export function schemaSuite(h: DbHarness): void {
  describe(`schema (${h.driver})`, () => {
    it('has the 29 tables', async () => {
      const rows = await executeRows<{ n: number }>(
        h.db(),
        sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(rows[0]?.n).toBe(29);
      expect(DEFAULTS).toHaveLength(29);
    });

    it('migrate is idempotent', async () => {
      await expect(migrate(h.db())).resolves.toBeUndefined();
    });

    describe('defaults live in the database', () => {
      for (const c of DEFAULTS) {
        isolated(h, `${c.table} gets its defaults`, async (tx) => {
          const row = await c.make(tx);
          expect(row).toMatchObject(c.expected);
          if ('createdAt' in row) expect(row.createdAt).toBeInstanceOf(Date);
          if ('updatedAt' in row) expect(row.updatedAt).toBeInstanceOf(Date);
        });
      }
      isolated(h, 'a raw SQL insert gets prefixed ids and NOT NULL defaults', async (tx) => {
        const [u] = await executeRows<{ id: string; role: string; updated_at: unknown }>(
          tx,
          sql`INSERT INTO users (email) VALUES ('raw@example.com') RETURNING id, role, updated_at`,
        );
        expect(u?.role).toBe('MEMBER');
        expect(u?.updated_at).not.toBeNull();
        const [a] = await executeRows<{ id: string }>(
          tx,
          sql`INSERT INTO user_activities (user_id) VALUES (${u!.id}) RETURNING id`,
        );
        expect(a?.id).toMatch(/^ua_[0-9a-f-]{36}$/);
        const [s] = await executeRows<{ id: string }>(
          tx,
          sql`INSERT INTO user_activity_sessions (user_id, activity_id, session_type, session_token) VALUES (${u!.id}, ${a!.id}, 'web', 'raw-token') RETURNING id`,
        );
        expect(s?.id).toMatch(/^us_/);
        const agent = await f.createAgent(tx);
        const [q] = await executeRows<{ id: string }>(
          tx,
          sql`INSERT INTO supervised_execution_queue (agent_id, user_id, trigger_type, execution_context, supervisor_type, expires_at) VALUES (${agent.id}, ${u!.id}, 'manual', '{}', 'user', now()) RETURNING id`,
        );
        expect(q?.id).toMatch(/^queue_/);
      });
    });

    describe('updated_at trigger', () => {
      it('is installed on every table with updated_at', async () => {
        const rows = await executeRows<{ table_name: string }>(
          h.db(),
          sql`SELECT c.table_name FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_name = 'updated_at' ORDER BY 1`,
        );
        const triggers = await executeRows<{ tbl: string }>(
          h.db(),
          sql`SELECT tgrelid::regclass::text AS tbl FROM pg_trigger WHERE tgname LIKE '%_set_updated_at' ORDER BY 1`,
        );
        expect(triggers.map((t) => t.tbl.replace(/"/g, ''))).toEqual(rows.map((r) => r.table_name));
        expect(rows.map((r) => r.table_name).sort()).toEqual([...UPDATED_AT_TABLES].sort());
        expect(rows).toHaveLength(16);
      });
      isolated(h, 'moves on a raw SQL update, twice inside one transaction', async (tx) => {
        const u = await f.createUser(tx);
        const read = async () =>
          (await tx.select({ at: users.updatedAt }).from(users).where(eq(users.id, u.id)))[0]!.at;
        await tx.execute(sql`UPDATE users SET first_name = 'a' WHERE id = ${u.id}`);
        const first = await read();
        await tx.execute(sql`UPDATE users SET first_name = 'b' WHERE id = ${u.id}`);
        const second = await read();
        expect(first.getTime()).toBeGreaterThanOrEqual(u.updatedAt.getTime());
        expect(second.getTime()).toBeGreaterThan(first.getTime() - 1);
        const [diff] = await executeRows<{ moved: boolean }>(
          tx,
          sql`WITH a AS (SELECT updated_at FROM users WHERE id = ${u.id}), b AS (UPDATE users SET first_name = 'c' WHERE id = ${u.id} RETURNING updated_at) SELECT (SELECT updated_at FROM b) > (SELECT updated_at FROM a) AS moved`,
        );
        expect(diff?.moved).toBe(true);
      });
      isolated(h, 'overrides an explicit updated_at written by the ORM', async (tx) => {
        const u = await f.createUser(tx);
        const [row] = await tx
          .update(users)
          .set({ updatedAt: new Date(0) })
          .where(eq(users.id, u.id))
          .returning();
        expect(row!.updatedAt.getTime()).toBeGreaterThan(0);
      });
    });

    describe('enums', () => {
      for (const c of ENUM_CASES) {
        isolated(h, `${c.enumType} rejects an unknown value with 22P02`, async (tx) => {
          const err = await violation(tx, (sp) =>
            sp.execute(sql.raw(`SELECT 'BOGUS'::${c.enumType}`)),
          );
          expect(err.sqlstate).toBe('22P02');
        });
      }
      isolated(h, 'a lowercase Atom value is rejected by a column', async (tx) => {
        const err = await violation(tx, (sp) =>
          sp.execute(sql`INSERT INTO users (email, role) VALUES ('x@example.com', 'member')`),
        );
        expect(err.sqlstate).toBe('22P02');
      });
    });

    describe('jsonb', () => {
      const VALUES: unknown[] = [
        { nested: { a: [1, 2, { b: null }] }, s: 'ü"\\' },
        [],
        { big: 1e300, neg: -0.5, t: true },
      ];
      for (const [i, value] of VALUES.entries()) {
        isolated(h, `round-trips value #${i}`, async (tx) => {
          const agent = await f.createAgent(tx, { configuration: { value } as never });
          const loaded = await tx.query.agentRegistry.findFirst({
            where: (a, { eq: eq2 }) => eq2(a.id, agent.id),
          });
          expect(loaded?.configuration).toEqual({ value });
          const [raw] = await executeRows<{ t: string }>(
            tx,
            sql`SELECT jsonb_typeof(configuration) AS t FROM agent_registry WHERE id = ${agent.id}`,
          );
          expect(raw?.t).toBe('object');
        });
      }
    });

    describe('SQL-injection-shaped strings', () => {
      const NASTY = ["'; DROP TABLE users; --", 'Robert"); DELETE FROM teams;--', '$1 $$ \\x00 %s'];
      for (const value of NASTY) {
        isolated(h, `stores ${JSON.stringify(value)} verbatim`, async (tx) => {
          const u = await f.createUser(tx, { firstName: value, metadataJson: { value } });
          const [row] = await tx.select().from(users).where(eq(users.firstName, value));
          expect(row?.id).toBe(u.id);
          expect(row?.metadataJson).toEqual({ value });
          const [count] = await executeRows<{ n: number }>(
            tx,
            sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('users', 'teams')`,
          );
          expect(count?.n).toBe(2);
        });
      }
    });

    describe('indexes', () => {
      it('every foreign key is the prefix of an index', async () => {
        const rows = await executeRows<{ fk: string }>(
          h.db(),
          sql`SELECT c.conname AS fk FROM pg_constraint c WHERE c.contype = 'f' AND NOT EXISTS (
                SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid
                AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)`,
        );
        expect(rows.map((r) => r.fk)).toEqual([]);
        const [n] = await executeRows<{ n: number }>(
          h.db(),
          sql`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`,
        );
        expect(n?.n).toBeGreaterThanOrEqual(50);
      });
      it('no two indexes of a table cover the same columns', async () => {
        const rows = await executeRows<{ tbl: string }>(
          h.db(),
          sql`SELECT indrelid::regclass::text AS tbl FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
              GROUP BY indrelid, indkey::text, coalesce(pg_get_expr(indexprs, indrelid), '') HAVING count(*) > 1`,
        );
        expect(rows).toEqual([]);
      });
    });
  });
}
