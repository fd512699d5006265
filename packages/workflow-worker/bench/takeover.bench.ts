// Takeover time after a SIGKILL on the DATABASE_URL server: two worker processes, executions that
// run until cancelled; the one holding them is killed, the other reports each takeover. Time from
// the kill to each `takeover` event (the new owner holds the lease and recovers the execution).
import { executeRows } from '@atom/models';
import { createTestDatabase } from '@atom/models/testing';
import { sql } from 'drizzle-orm';
import { createWorkflowClient, setupWorkerDatabase } from '../src/index.js';
import type { BenchWorker } from './spawn-worker.js';
import { spawnBenchWorker } from './spawn-worker.js';

const LEASE_MS = Number(process.env.BENCH_LEASE_MS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const PER_ROUND = 4;

type Proc = BenchWorker;

const spawnWorker = (url: string): Promise<Proc> => spawnBenchWorker(url, PER_ROUND * 2, LEASE_MS);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs the takeover benchmark and prints p50/p99/max. */
export async function run(): Promise<void> {
  const server = process.env.DATABASE_URL ?? '';
  if (server === '') {
    console.log('takeover benchmark: needs DATABASE_URL (a PostgreSQL server); skipped');
    return;
  }
  const handle = await createTestDatabase(server);
  const client = createWorkflowClient({ database: handle.url, leaseMs: LEASE_MS });
  const procs: Proc[] = [];
  try {
    await setupWorkerDatabase(handle.url);
    const hold = { id: 'hold', steps: [{ id: 'h', service: 'hold', depends_on: [] }] };
    procs.push(await spawnWorker(handle.url), await spawnWorker(handle.url));
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ids = await Promise.all(Array.from({ length: PER_ROUND }, () => client.submit(hold)));
      // Wait until every execution is leased, then kill a process that holds some.
      let owners = new Map<string, string>();
      for (;;) {
        const rows = await executeRows<{ execution_id: string; owner: string }>(
          handle.db,
          sql`SELECT execution_id, owner FROM atom_worker_leases
              WHERE execution_id IN (${sql.join(
                ids.map((id) => sql`${id}`),
                sql`, `,
              )})`,
        );
        if (rows.length === ids.length) {
          owners = new Map(rows.map((r) => [r.execution_id, r.owner]));
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const victimOwner = owners.get(ids[0]!)!;
      const victim = procs.find((p) => victimOwner.includes(`:${p.child.pid}:`))!;
      const survivor = procs.find((p) => p !== victim)!;
      const held = ids.filter((id) => owners.get(id) === victimOwner);
      const before = survivor.takeovers.length;
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      while (survivor.takeovers.length - before < held.length) {
        await new Promise((r) => setTimeout(r, 20));
      }
      for (const t of survivor.takeovers.slice(before)) times.push(t.at - killedAt);
      procs.splice(procs.indexOf(victim), 1, await spawnWorker(handle.url));
      await Promise.all(ids.map((id) => client.cancel(id, 'round over')));
    }
    times.sort((a, b) => a - b);
    console.log(
      `takeover after SIGKILL (lease ${LEASE_MS} ms, heartbeat ${Math.ceil(LEASE_MS / 3)} ms, ` +
        `takeover check ${Math.ceil(Math.ceil(LEASE_MS / 3) / 4)} ms; goal lease + 1 s = ${LEASE_MS + 1000} ms): ` +
        `n=${times.length} p50=${percentile(times, 50)} ms p99=${percentile(times, 99)} ms max=${times.at(-1)} ms`,
    );
  } finally {
    for (const p of procs) p.child.kill('SIGKILL');
    await client.close();
    await handle.dispose();
  }
}
