// Executions/s and steps/s of 10-step no-op workflows with 1, 2 and 4 worker processes on the
// DATABASE_URL server; server transactions per step (pg_stat_database.xact_commit delta).
import { executeRows } from '@atom/models';
import { createTestDatabase } from '@atom/models/testing';
import { sql } from 'drizzle-orm';
import { createWorkflowClient, setupWorkerDatabase } from '../src/index.js';
import { spawnBenchWorker } from './spawn-worker.js';

const STEPS = 10;
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 300);
const CONCURRENCY = 8;

function chain(): unknown {
  return {
    id: 'bench',
    steps: Array.from({ length: STEPS }, (_, i) =>
      i === 0 ? { id: `s${i}`, service: 'noop', depends_on: [] } : { id: `s${i}`, service: 'noop' },
    ),
  };
}

/** Runs the worker benchmark and prints its figures. */
export async function run(): Promise<void> {
  const server = process.env.DATABASE_URL ?? '';
  if (server === '') {
    console.log('worker benchmark: needs DATABASE_URL (a PostgreSQL server); skipped');
    return;
  }
  const handle = await createTestDatabase(server);
  try {
    await setupWorkerDatabase(handle.url);
    const client = createWorkflowClient({ database: handle.url });
    const rates: number[] = [];
    console.log(
      `worker: ${EXECUTIONS} executions of a ${STEPS}-step no-op chain, concurrency ${CONCURRENCY} per worker`,
    );
    for (const n of [1, 2, 4]) {
      const workers = await Promise.all(
        Array.from({ length: n }, () => spawnBenchWorker(handle.url, CONCURRENCY)),
      );
      const xact = async (): Promise<number> =>
        (
          await executeRows<{ n: string }>(
            handle.db,
            sql`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`,
          )
        )[0]!.n as unknown as number;
      const before = Number(await xact());
      const started = performance.now();
      const ids = await Promise.all(
        Array.from({ length: EXECUTIONS }, () => client.submit(chain())),
      );
      for (const id of ids) {
        const r = await client.result(id);
        if (r.status !== 'COMPLETED') throw new Error(`execution ended ${r.status}`);
      }
      const ms = performance.now() - started;
      const transactions = Number(await xact()) - before;
      const rate = (EXECUTIONS / ms) * 1000;
      rates.push(rate);
      console.log(
        `  ${n} worker(s): ${rate.toFixed(1)} executions/s, ${(rate * STEPS).toFixed(0)} steps/s ` +
          `(${ms.toFixed(0)} ms); ${(transactions / (EXECUTIONS * STEPS)).toFixed(2)} server transactions per step`,
      );
      await Promise.all(
        workers.map(
          ({ child }) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    }
    console.log(
      `  scaling: 2 workers / 1 = ${(rates[1]! / rates[0]!).toFixed(2)}x, 4 workers / 1 = ${(rates[2]! / rates[0]!).toFixed(2)}x`,
    );
    await client.close();
  } finally {
    await handle.dispose();
  }
}
