/**
 * Scheduler overhead (spec §10): 10k and 100k no-op steps at concurrency 8, events on, in-memory
 * store, against p-graph on the same DAG. Reports µs/step and the ratio engine / p-graph.
 */
import { PGraph } from 'p-graph';
import { createEngine } from '../src/engine.js';
import { InMemoryExecutionStore } from '../src/in-memory-store.js';
import type { GraphDefinition } from '../src/types.js';
import { prng } from '../../../test-setup/prng.ts';

/** A random DAG: each node depends on up to 3 of the previous 50 nodes. */
function randomDag(n: number): { def: GraphDefinition; edges: Array<[string, string]> } {
  const r = prng(n);
  const edges: Array<[string, string]> = [];
  for (let i = 1; i < n; i++) {
    const k = Math.floor(r() * 4);
    const seen = new Set<number>();
    for (let j = 0; j < k; j++) {
      const s = Math.max(0, i - 1 - Math.floor(r() * 50));
      if (seen.has(s)) continue;
      seen.add(s);
      edges.push([`n${s}`, `n${i}`]);
    }
  }
  return {
    def: {
      id: `bench-${n}`,
      nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, config: { service: 'noop' } })),
      connections: edges.map(([source, target]) => ({ source, target })),
    },
    edges,
  };
}

async function timeEngine(def: GraphDefinition): Promise<number> {
  let events = 0;
  const engine = createEngine({
    store: new InMemoryExecutionStore(),
    maxConcurrency: 8,
    executors: { noop: () => null },
    onEvent: () => {
      events++;
    },
  });
  const t0 = performance.now();
  const result = await engine.start(def).result;
  const ms = performance.now() - t0;
  if (result.status !== 'COMPLETED' || events === 0) throw new Error(`engine run ${result.status}`);
  return ms;
}

async function timePGraph(n: number, edges: Array<[string, string]>): Promise<number> {
  const nodes = new Map<string, { run: () => Promise<void> }>();
  for (let i = 0; i < n; i++) nodes.set(`n${i}`, { run: () => Promise.resolve() });
  const t0 = performance.now();
  await new PGraph(nodes, edges).run({ concurrency: 8 });
  return performance.now() - t0;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Runs the scheduler benchmark and prints a table. */
export async function run(): Promise<void> {
  console.log('\n## Scheduler overhead: no-op steps, concurrency 8, events on, in-memory store');
  console.log('| steps | engine ms | engine µs/step | p-graph ms | p-graph µs/step | ratio |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  for (const n of [10_000, 100_000]) {
    const { def, edges } = randomDag(n);
    const rounds = n >= 100_000 ? 1 : 3;
    const engine: number[] = [];
    const pgraph: number[] = [];
    if (n < 100_000) {
      await timeEngine(def); // warm-up
      await timePGraph(n, edges);
    }
    for (let k = 0; k < rounds; k++) {
      engine.push(await timeEngine(def));
      pgraph.push(await timePGraph(n, edges));
    }
    const e = median(engine);
    const p = median(pgraph);
    console.log(
      `| ${n} | ${e.toFixed(1)} | ${((e * 1000) / n).toFixed(2)} | ${p.toFixed(1)} | ${((p * 1000) / n).toFixed(2)} | ${(e / p).toFixed(2)}× |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await run();
