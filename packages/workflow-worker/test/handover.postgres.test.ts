// Hand-over of expired leases on the DATABASE_URL server: any number of workers may run it at
// once; each expired lease is handed to the queue exactly once, naming its owner; a live lease is
// never touched.
import { fc, test } from '@fast-check/vitest';
import type { Db } from '@atom/models';
import { createDb, executeRows } from '@atom/models';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DRIVE_TASK } from '../src/schema-sql.js';
import { handOverExpiredLeases } from '../src/queue.js';
import { usePostgres } from './db/harness.js';

const CONNECTIONS = 4;

describe('handOverExpiredLeases (postgres)', () => {
  const h = usePostgres({ worker: true });
  const pools: Db[] = [];
  beforeAll(() => {
    for (let i = 0; i < CONNECTIONS; i++) pools.push(createDb(h.url(), { max: 1 }));
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  test.prop(
    [
      fc.array(
        fc.record({
          owner: fc.constantFrom('a', 'b', 'c'),
          // Negative: expired that long ago; positive: still live for that long.
          offsetMs: fc.oneof(
            fc.integer({ min: -5000, max: -1 }),
            fc.integer({ min: 5000, max: 60_000 }),
          ),
        }),
        { maxLength: 30 },
      ),
      fc.integer({ min: 1, max: CONNECTIONS }),
    ],
    { numRuns: 25, seed: Number(process.env.FC_SEED ?? 41) },
  )(
    'concurrent hand-overs queue each expired lease once, with its owner, and leave live ones',
    async (leases, racers) => {
      const db = h.db();
      await db.execute(sql`DELETE FROM atom_worker_leases`);
      await db.execute(sql`DELETE FROM graphile_worker._private_jobs`);
      for (const [i, lease] of leases.entries()) {
        await db.execute(
          sql`INSERT INTO atom_worker_leases (execution_id, owner, expires_at)
              VALUES (${`e${i}`}, ${lease.owner},
                now() + ${lease.offsetMs} * interval '1 millisecond')`,
        );
      }
      const counts = await Promise.all(pools.slice(0, racers).map((p) => handOverExpiredLeases(p)));
      const expired = leases.flatMap((l, i) => (l.offsetMs < 0 ? [`e${i}`] : []));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(expired.length);

      const jobs = await executeRows<{ executionId: string; from: string; priority: number }>(
        db,
        sql`SELECT j.payload->>'executionId' AS "executionId", j.payload->>'from' AS "from",
              j.priority
            FROM graphile_worker._private_jobs j
            JOIN graphile_worker._private_tasks t ON t.id = j.task_id AND t.identifier = ${DRIVE_TASK}`,
      );
      expect(jobs.map((j) => j.executionId).sort()).toEqual([...expired].sort());
      for (const job of jobs) {
        const index = Number(job.executionId.slice(1));
        expect(job.from).toBe(leases[index]!.owner);
        expect(job.priority).toBeLessThan(0); // before new submissions
      }
      const left = await executeRows<{ execution_id: string }>(
        db,
        sql`SELECT execution_id FROM atom_worker_leases ORDER BY 1`,
      );
      const live = leases.flatMap((l, i) => (l.offsetMs > 0 ? [`e${i}`] : []));
      expect(left.map((r) => r.execution_id).sort()).toEqual(live.sort());
    },
  );
});
