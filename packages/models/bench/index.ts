/**
 * `pnpm bench`: on both drivers in one run — PostgreSQL server through postgres.js (`createDb`,
 * DATABASE_URL or the local server; a database of its own, dropped afterwards) and PGlite in memory
 * (`createEmbeddedDb`) — three relational reads through `db.query` (unprepared, and prepared once
 * with `sql.placeholder` as the README documents) vs the same read hand-written over that driver's
 * own client (`db.$client`: postgres.js `sql`, PGlite `query`), and a 10,000-row bulk insert through
 * `insertMany` vs the hand-written multi-row INSERT on that client. Prints p50s and ratios (markdown)
 * and the EXPLAIN scan lines of the SQL `db.query` generates.
 *
 * Under a shared machine's changing load, a ratio is only fair if both sides ran at the same time:
 * variants are interleaved in short rounds (fixed rotation, no randomness), so each p50 is taken
 * over samples spread across the whole measurement window.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { Placeholder } from 'drizzle-orm';
import { desc, eq, sql } from 'drizzle-orm';
import type { Sql } from 'postgres';
import type { AtomDatabase, Db } from '../src/db.js';
import { createEmbeddedDb, migrate } from '../src/db.js';
import { insertMany } from '../src/insert-many.js';
import {
  agentExecutions,
  agentRegistry,
  episodes,
  workflowExecutions,
  workflowStepExecutions,
} from '../src/schema/index.js';
import { createTestDatabase } from '../src/testing/index.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Rows per large table, on both drivers. */
const ROWS = 100_000;
/** Rows per bulk insert. */
const BULK = 10_000;
/** Per read and driver: rounds × (calls per variant per round). */
const READ_ROUNDS = 12;
const READ_CALLS = 25;
/** Per driver: measured rounds of the bulk inserts (after one warm-up round). */
const BULK_ROUNDS = 5;

const SEED = `
  INSERT INTO users (id, email) VALUES ('u0', 'bench@example.com');
  INSERT INTO workspaces (id, name) VALUES ('w0', 'bench');
  INSERT INTO agent_registry (id, name, category, module_path, class_name)
    SELECT 'a' || g, 'agent ' || g, 'c', 'm', 'k' FROM generate_series(0, 999) g;
  INSERT INTO agent_executions (id, agent_id, started_at, status)
    SELECT 'x' || g, 'a' || (g % 1000), timestamptz '2026-01-01' - (g || ' seconds')::interval, 'COMPLETED'
    FROM generate_series(0, ${ROWS - 1}) g;
  INSERT INTO agent_feedback (id, agent_id, agent_execution_id, user_id, original_output, user_correction, rating)
    SELECT 'f' || g, 'a' || (g % 1000), 'x' || g, 'u0', 'out', 'fix', 1 + g % 5 FROM generate_series(0, ${ROWS - 1}) g;
  INSERT INTO workflow_executions (execution_id, workflow_id) SELECT 'e' || g, 'wf' FROM generate_series(0, 999) g;
  INSERT INTO workflow_step_executions (execution_id, workflow_id, step_id, step_name, step_type, sequence_order)
    SELECT 'e' || (g / 100), 'wf', 's' || (g % 100), 'step', 'action', g % 100 FROM generate_series(0, ${ROWS - 1}) g;
  INSERT INTO episodes (id, title, agent_id, workspace_id, maturity_at_time)
    SELECT 'ep' || g, 'episode', 'a' || g, 'w0', 'STUDENT' FROM generate_series(0, 999) g;
  INSERT INTO episode_segments (episode_id, segment_type, sequence_order, content, source_type)
    SELECT 'ep' || (g / 100), 'CONVERSATION', g % 100, 'content ' || g, 'MANUAL' FROM generate_series(0, ${ROWS - 1}) g;
  INSERT INTO episode_access_logs (episode_id, accessed_by, access_type)
    SELECT 'ep' || (g / 100), 'u0', 'SEMANTIC' FROM generate_series(0, ${ROWS - 1}) g;
  ANALYZE;
`;

/** The three reads, by their README letter. `id` is a value, or a placeholder when prepared. */
const reads = {
  '(a) agent + latest 50 executions + their feedback': {
    id: 'a7',
    build: (db: AtomDatabase, id: string | Placeholder) =>
      db.query.agentRegistry.findFirst({
        where: eq(agentRegistry.id, id),
        with: {
          executions: {
            orderBy: [desc(agentExecutions.startedAt)],
            limit: 50,
            with: { feedback: true },
          },
        },
      }),
    sql: `
      SELECT a.*, (SELECT coalesce(json_agg(x), '[]') FROM (
        SELECT e.*, (SELECT coalesce(json_agg(f), '[]') FROM agent_feedback f WHERE f.agent_execution_id = e.id) AS feedback
        FROM agent_executions e WHERE e.agent_id = a.id ORDER BY e.started_at DESC LIMIT 50) x) AS executions
      FROM agent_registry a WHERE a.id = $1`,
  },
  '(b) workflow execution + all steps in order': {
    id: 'e7',
    build: (db: AtomDatabase, id: string | Placeholder) =>
      db.query.workflowExecutions.findFirst({
        where: eq(workflowExecutions.executionId, id),
        with: { stepExecutions: { orderBy: [workflowStepExecutions.sequenceOrder] } },
      }),
    sql: `
      SELECT w.*, (SELECT coalesce(json_agg(s ORDER BY s.sequence_order), '[]')
                   FROM workflow_step_executions s WHERE s.execution_id = w.execution_id) AS steps
      FROM workflow_executions w WHERE w.execution_id = $1`,
  },
  '(c) episode + segments + access logs': {
    id: 'ep7',
    build: (db: AtomDatabase, id: string | Placeholder) =>
      db.query.episodes.findFirst({
        where: eq(episodes.id, id),
        with: { segments: true, accessLogs: true },
      }),
    sql: `
      SELECT ep.*,
        (SELECT coalesce(json_agg(s), '[]') FROM episode_segments s WHERE s.episode_id = ep.id) AS segments,
        (SELECT coalesce(json_agg(l), '[]') FROM episode_access_logs l WHERE l.episode_id = ep.id) AS access_logs
      FROM episodes ep WHERE ep.id = $1`,
  },
};

/** What differs between the drivers: the hand-written side, over the driver's own client. */
interface Driver {
  label: string;
  db: Db;
  /** Runs SQL text with parameters over the driver's own client (`$1` = the id for a read). */
  raw(text: string, params: unknown[]): Promise<unknown>;
  /** Seeds the large tables (multi-statement SQL). */
  exec(text: string): Promise<unknown>;
  /** The hand-written bulk insert a user of this client would write. */
  rawBulk(rows: BulkRow[]): Promise<unknown>;
  rawBulkLabel: string;
}

interface BulkRow {
  workflowId: string;
  status: 'PENDING';
}

function postgresDriver(db: Db): Driver {
  const client = (db as unknown as { $client: Sql }).$client;
  return {
    label: 'PostgreSQL 15 server, postgres.js',
    db,
    // The same text as PGlite's; postgres.js prepares it (named statement) like its tagged template.
    raw: (text, params) => client.unsafe(text, params as never[], { prepare: true }),
    exec: (text) => client.unsafe(text),
    rawBulk: (rows) =>
      client`INSERT INTO workflow_executions ${client(
        rows.map((r) => ({ workflow_id: r.workflowId, status: r.status })),
        'workflow_id',
        'status',
      )}`,
    rawBulkLabel:
      'postgres.js sql`INSERT … ${sql(rows)}` (one multi-row VALUES, 20,000 parameters)',
  };
}

function pgliteDriver(db: Db): Driver {
  const client = (db as unknown as { $client: PGlite }).$client;
  return {
    label: 'PGlite 0.5 in memory',
    db,
    raw: (text, params) => client.query(text, params),
    exec: (text) => client.exec(text),
    rawBulk: (rows) => {
      const params: string[] = [];
      const tuples = rows.map((r) => {
        params.push(r.workflowId, r.status);
        return `($${params.length - 1}, $${params.length})`;
      });
      return client.query(
        `INSERT INTO workflow_executions (workflow_id, status) VALUES ${tuples.join(', ')}`,
        params,
      );
    },
    rawBulkLabel:
      'PGlite query(`INSERT … VALUES ($1, $2), …`, params) (one statement, 20,000 parameters)',
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Interleaved sampling: each round runs every variant `calls` times, in a rotating order. */
async function sample(
  variants: Record<string, () => Promise<unknown>>,
  rounds: number,
  calls: number,
): Promise<Record<string, number>> {
  const names = Object.keys(variants);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const name of names) await variants[name]!(); // warm-up: plans, prepared statements, JIT
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as string;
      const fn = variants[name]!;
      const out = samples.get(name)!;
      for (let c = 0; c < calls; c++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples.get(n)!)]));
}

interface DriverResult {
  label: string;
  seedSeconds: number;
  reads: { name: string; query: number; prepared: number; generated: number; raw: number }[];
  bulk: { insertMany: number; raw: number; drizzleValues: number; rawLabel: string };
}

async function measure(d: Driver): Promise<DriverResult> {
  const seedStart = performance.now();
  await d.exec(SEED);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`${d.label}: seeded ${ROWS} rows per table in ${seedSeconds.toFixed(1)} s`);

  const readResults: DriverResult['reads'] = [];
  for (const [i, [name, r]] of Object.entries(reads).entries()) {
    // As the README documents: build once with a placeholder, prepare once, execute with values.
    const prepared = r.build(d.db, sql.placeholder('id')).prepare(`bench_read_${i}`);
    // Diagnostic: the SQL db.query generates, run over the raw client (no drizzle in the loop), to
    // split the gap into drizzle's JS (prepared − generated) and the SQL's shape (generated − raw).
    const generated = r.build(d.db, r.id).toSQL();
    const p50 = await sample(
      {
        query: () => r.build(d.db, r.id),
        prepared: () => prepared.execute({ id: r.id }),
        generated: () => d.raw(generated.sql, generated.params),
        raw: () => d.raw(r.sql, [r.id]),
      },
      READ_ROUNDS,
      READ_CALLS,
    );
    readResults.push({
      name,
      query: p50.query as number,
      prepared: p50.prepared as number,
      generated: p50.generated as number,
      raw: p50.raw as number,
    });
  }

  let batch = 0;
  const rowsFor = (prefix: string): BulkRow[] => {
    batch += 1;
    return Array.from({ length: BULK }, (_, i) => ({
      workflowId: `${prefix}${batch}_${i}`,
      status: 'PENDING' as const,
    }));
  };
  const bulk = await sample(
    {
      insertMany: () => insertMany(d.db, 'workflowExecutions', rowsFor('m')),
      raw: () => d.rawBulk(rowsFor('r')),
      drizzleValues: () => d.db.insert(workflowExecutions).values(rowsFor('d')),
    },
    BULK_ROUNDS,
    1,
  );
  return {
    label: d.label,
    seedSeconds,
    reads: readResults,
    bulk: {
      insertMany: bulk.insertMany as number,
      raw: bulk.raw as number,
      drizzleValues: bulk.drizzleValues as number,
      rawLabel: d.rawBulkLabel,
    },
  };
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;

function report(r: DriverResult): void {
  console.log(`\n### ${r.label} (p50 ms; ratio = drizzle / hand-written)\n`);
  console.log(
    '| read | `db.query` | prepared | its SQL, raw | hand-written | ratio | ratio prepared | prepared ≤ 1.3× | its SQL raw / hand-written |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const x of r.reads) {
    console.log(
      `| ${x.name} | ${ms(x.query)} | ${ms(x.prepared)} | ${ms(x.generated)} | ${ms(x.raw)} | ${ratio(x.query, x.raw)} | ${ratio(x.prepared, x.raw)} | ${x.prepared / x.raw <= 1.3 ? 'yes' : 'NO'} | ${ratio(x.generated, x.raw)} |`,
    );
  }
  const b = r.bulk;
  console.log(`\nbulk insert ${BULK} rows into workflow_executions, hand-written = ${b.rawLabel}:`);
  console.log('| bulk insert | ms | ratio | ≤ 1.3× |');
  console.log('|---|---|---|---|');
  console.log(`| hand-written | ${ms(b.raw)} | 1.00× | |`);
  console.log(
    `| \`insertMany\` | ${ms(b.insertMany)} | ${ratio(b.insertMany, b.raw)} | ${b.insertMany / b.raw <= 1.3 ? 'yes' : 'NO'} |`,
  );
  console.log(
    `| \`db.insert().values()\` | ${ms(b.drizzleValues)} | ${ratio(b.drizzleValues, b.raw)} | |`,
  );
}

async function explain(d: Driver): Promise<void> {
  const client = (d.db as unknown as { $client: Sql }).$client;
  console.log('\nEXPLAIN of the SQL db.query generates (server; scan lines):');
  for (const [name, r] of Object.entries(reads)) {
    const built = r.build(d.db, r.id).toSQL();
    const plan = await client.unsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ${built.sql}`,
      built.params as never[],
    );
    const scans = plan.map((p) => p['QUERY PLAN']).filter((l) => /Scan/.test(l));
    console.log(`- ${name}:`);
    for (const line of scans) console.log(`    ${line.trim()}`);
    const seq = scans.filter((l) => /Seq Scan/.test(l));
    console.log(
      seq.length === 0 ? '    → index scans only' : `    → ${seq.length} sequential scan(s)`,
    );
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`load average at start: ${load()}`);
  const results: DriverResult[] = [];

  const handle = await createTestDatabase(SERVER);
  try {
    const server = postgresDriver(handle.db);
    results.push(await measure(server));
    await explain(server);
  } finally {
    await handle.dispose();
  }

  const embedded = await createEmbeddedDb();
  try {
    await migrate(embedded);
    results.push(await measure(pgliteDriver(embedded)));
  } finally {
    await embedded.close();
  }

  for (const r of results) report(r);

  const storeBench = fileURLToPath(new URL('./store.bench.ts', import.meta.url));
  if (existsSync(storeBench)) {
    const mod = (await import(pathToFileURL(storeBench).href)) as { run?: () => Promise<void> };
    if (mod.run !== undefined) {
      console.log('\nstore benchmark:');
      await mod.run();
    }
  }
  console.log(`\nload average at end: ${load()}`);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
