/**
 * `pnpm bench`: relational reads through `db.query` vs hand-written SQL over postgres.js at 100k
 * rows per table, with EXPLAIN plans, and a 10k-row bulk insert Drizzle vs raw postgres.js.
 * Uses DATABASE_URL or the local server; seeds a database of its own and drops it afterwards.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { desc, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { Bench } from 'tinybench';
import {
  agentExecutions,
  agentRegistry,
  episodes,
  workflowExecutions,
  workflowStepExecutions,
} from '../src/schema/index.js';
import { createTestDatabase } from '../src/testing/index.js';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = 100_000;

async function main(): Promise<void> {
  const started = performance.now();
  const handle = await createTestDatabase(SERVER);
  const raw = postgres(handle.url, { max: 4, onnotice: () => undefined });
  const db = handle.db;
  try {
    console.log(`seeding ${ROWS} rows per table…`);
    await raw.unsafe(`
      INSERT INTO users (id, email) VALUES ('u0', 'bench@example.com');
      INSERT INTO workspaces (id, name) VALUES ('w0', 'bench');
      INSERT INTO agent_registry (id, name, category, module_path, class_name)
        SELECT 'a' || g, 'agent ' || g, 'c', 'm', 'k' FROM generate_series(0, 999) g;
      INSERT INTO agent_executions (id, agent_id, started_at, status)
        SELECT 'x' || g, 'a' || (g % 1000), now() - (g || ' seconds')::interval, 'COMPLETED'
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
    `);
    console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const queries = {
      'agent + latest 50 executions + feedback': {
        drizzle: () =>
          db.query.agentRegistry.findFirst({
            where: eq(agentRegistry.id, 'a7'),
            with: {
              executions: {
                orderBy: [desc(agentExecutions.startedAt)],
                limit: 50,
                with: { feedback: true },
              },
            },
          }),
        raw: () => raw`
          SELECT a.*, (SELECT coalesce(json_agg(x), '[]') FROM (
            SELECT e.*, (SELECT coalesce(json_agg(f), '[]') FROM agent_feedback f WHERE f.agent_execution_id = e.id) AS feedback
            FROM agent_executions e WHERE e.agent_id = a.id ORDER BY e.started_at DESC LIMIT 50) x) AS executions
          FROM agent_registry a WHERE a.id = 'a7'`,
      },
      'workflow execution + steps in order': {
        drizzle: () =>
          db.query.workflowExecutions.findFirst({
            where: eq(workflowExecutions.executionId, 'e7'),
            with: { stepExecutions: { orderBy: [workflowStepExecutions.sequenceOrder] } },
          }),
        raw: () => raw`
          SELECT w.*, (SELECT coalesce(json_agg(s ORDER BY s.sequence_order), '[]')
                       FROM workflow_step_executions s WHERE s.execution_id = w.execution_id) AS steps
          FROM workflow_executions w WHERE w.execution_id = 'e7'`,
      },
      'episode + segments + access logs': {
        drizzle: () =>
          db.query.episodes.findFirst({
            where: eq(episodes.id, 'ep7'),
            with: { segments: true, accessLogs: true },
          }),
        raw: () => raw`
          SELECT ep.*,
            (SELECT coalesce(json_agg(s), '[]') FROM episode_segments s WHERE s.episode_id = ep.id) AS segments,
            (SELECT coalesce(json_agg(l), '[]') FROM episode_access_logs l WHERE l.episode_id = ep.id) AS access_logs
          FROM episodes ep WHERE ep.id = 'ep7'`,
      },
    };

    const bench = new Bench({ time: 1000, warmup: true });
    for (const [i, [name, q]] of Object.entries(queries).entries()) {
      const prepared = (
        q.drizzle() as unknown as { prepare(name: string): { execute(): Promise<unknown> } }
      ).prepare(`bench_${i}`);
      bench.add(`${name} · db.query`, async () => {
        await q.drizzle();
      });
      bench.add(`${name} · db.query prepared`, async () => {
        await prepared.execute();
      });
      bench.add(`${name} · raw SQL`, async () => {
        await q.raw();
      });
    }
    let batch = 0;
    const rowsFor = (prefix: string) =>
      Array.from({ length: 10_000 }, (_, i) => ({
        workflow_id: `${prefix}${batch}_${i}`,
        status: 'PENDING' as const,
      }));
    await bench.run();
    const bulk = new Bench({ time: 0, iterations: 5, warmup: false });
    bulk.add('bulk insert 10k · drizzle', async () => {
      batch += 1;
      await db
        .insert(workflowExecutions)
        .values(rowsFor('d').map((r) => ({ workflowId: r.workflow_id, status: r.status })));
    });
    bulk.add('bulk insert 10k · raw SQL', async () => {
      batch += 1;
      await raw`INSERT INTO workflow_executions ${raw(rowsFor('r'), 'workflow_id', 'status')}`;
    });
    await bulk.run();

    const p50 = (name: string): number => {
      const task = [...bench.tasks, ...bulk.tasks].find((t) => t.name === name);
      const result = task?.result;
      if (result === undefined || !('latency' in result)) throw new Error(`no result for ${name}`);
      return result.latency.p50 ?? result.latency.mean;
    };
    console.log(
      '| measurement | drizzle p50 ms | drizzle prepared p50 ms | raw postgres.js p50 ms | ratio | ratio prepared |',
    );
    console.log('|---|---|---|---|---|---|');
    for (const name of Object.keys(queries)) {
      const [d, dp, r] = [
        p50(`${name} · db.query`),
        p50(`${name} · db.query prepared`),
        p50(`${name} · raw SQL`),
      ];
      console.log(
        `| ${name} | ${d.toFixed(2)} | ${dp.toFixed(2)} | ${r.toFixed(2)} | ${(d / r).toFixed(2)}× | ${(dp / r).toFixed(2)}× |`,
      );
    }
    const [bd, br] = [p50('bulk insert 10k · drizzle'), p50('bulk insert 10k · raw SQL')];
    console.log(
      `| bulk insert 10k rows | ${bd.toFixed(1)} | – | ${br.toFixed(1)} | ${(bd / br).toFixed(2)}× | – |`,
    );

    console.log('\nEXPLAIN of the SQL db.query generates (scan lines):');
    for (const [name, q] of Object.entries(queries)) {
      const built = (
        q.drizzle() as unknown as { toSQL(): { sql: string; params: unknown[] } }
      ).toSQL();
      const plan = await raw.unsafe<{ 'QUERY PLAN': string }[]>(
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

    const storeBench = fileURLToPath(new URL('./store.bench.ts', import.meta.url));
    if (existsSync(storeBench)) {
      const mod = (await import(pathToFileURL(storeBench).href)) as { run?: () => Promise<void> };
      if (mod.run !== undefined) {
        console.log('\nstore benchmark:');
        await mod.run();
      }
    }
  } finally {
    await raw.end();
    await handle.dispose();
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
