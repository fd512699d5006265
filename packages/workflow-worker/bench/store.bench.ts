// Steps per second of a 1,000-step workflow persisted by DrizzleExecutionStore (on the
// DATABASE_URL server, else PGlite in memory) vs InMemoryExecutionStore, and SQL round trips per
// step transition (every `db.execute` of the store is one statement, counted through a proxy).
import type { ExecutionStore } from '@atom/workflow-engine';
import { InMemoryExecutionStore, createEngine } from '@atom/workflow-engine';
import type { AtomDatabase, Db } from '@atom/models';
import { createEmbeddedDb, migrate } from '@atom/models';
import { createTestDatabase } from '@atom/models/testing';
import { DrizzleExecutionStore } from '../src/index.js';

const STEPS = 1000;

function chain(id: string): unknown {
  return {
    id,
    steps: Array.from({ length: STEPS }, (_, i) =>
      i === 0 ? { id: `s${i}`, service: 'noop', depends_on: [] } : { id: `s${i}`, service: 'noop' },
    ),
  };
}

async function timeRun(store: ExecutionStore): Promise<{ ms: number; events: number }> {
  const engine = createEngine({ executors: { noop: () => Promise.resolve(null) }, store });
  const started = performance.now();
  const run = engine.start(chain('bench'));
  const result = await run.result;
  const ms = performance.now() - started;
  if (result.status !== 'COMPLETED') throw new Error(`run ended ${result.status}`);
  const events = (await store.listEvents(run.executionId)).length;
  await engine.close();
  return { ms, events };
}

function counting(db: AtomDatabase): { db: AtomDatabase; count: () => number } {
  let n = 0;
  const proxy = new Proxy(db, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (key === 'execute' && typeof value === 'function') {
        return (...args: unknown[]) => {
          n += 1;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
  return { db: proxy, count: () => n };
}

/** Runs the store benchmark and prints its figures. */
export async function run(): Promise<void> {
  const url = process.env.DATABASE_URL ?? '';
  let db: Db;
  let dispose: () => Promise<void>;
  if (url !== '') {
    const handle = await createTestDatabase(url);
    db = handle.db;
    dispose = () => handle.dispose();
  } else {
    db = await createEmbeddedDb();
    await migrate(db);
    dispose = () => db.close();
  }
  const driver = db.driver;
  try {
    const memory = await timeRun(new InMemoryExecutionStore());
    const { db: counted, count } = counting(db);
    const persisted = await timeRun(new DrizzleExecutionStore(counted));
    const statements = count() - 1; // minus the listEvents read of the bench itself
    const memRate = (STEPS / memory.ms) * 1000;
    const dbRate = (STEPS / persisted.ms) * 1000;
    console.log(`store: ${STEPS}-step chain, ${persisted.events} events (transitions)`);
    console.log(
      `  in-memory store:        ${memRate.toFixed(0)} steps/s (${memory.ms.toFixed(0)} ms)`,
    );
    console.log(
      `  DrizzleExecutionStore (${driver}): ${dbRate.toFixed(0)} steps/s (${persisted.ms.toFixed(0)} ms)`,
    );
    console.log(`  ratio in-memory / ${driver}: ${(memRate / dbRate).toFixed(1)}x`);
    console.log(
      `  SQL round trips: ${statements} for ${persisted.events} transitions = ${(statements / persisted.events).toFixed(2)} per transition`,
    );
  } finally {
    await dispose();
  }
}

if (process.argv[1]?.endsWith('store.bench.ts') === true) {
  await run();
}
