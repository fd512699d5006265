/**
 * Validate + topological order, in one run, on two shapes of 100,000 nodes (a random DAG with
 * ~300,000 edges, and a 100,000-deep chain) and on a 10,000-node random DAG, against `toposort`,
 * `dependency-graph`, `graphology-dag` and a typed-array Kahn floor. Each contender starts from the
 * same data and builds its own structure inside the timed region: ours from the Atom graph-form JSON
 * (`assertValidWorkflow`, with every check: shapes, ids, edges, conditions, references, cycles,
 * then `topologicalOrder`), the others from the id list and the `[source, target]` edge list.
 * Contenders run round-robin (one repetition of each in turn), so a change of machine load hits
 * them alike; the median of each is reported, with its ratio to ours.
 */
import { Worker } from 'node:worker_threads';
import { DepGraph } from 'dependency-graph';
import { MultiDirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';
import toposort from 'toposort';
import { assertValidWorkflow } from '../src/validate-workflow.js';
import { topologicalOrder } from '../src/topological-order.js';
import type { GraphDefinition } from '../src/types.js';
import { prng } from '../../../test-setup/prng.ts';

/** One benchmark input: the Atom JSON, and the same graph as an id list and an edge list. */
export interface Shape {
  name: string;
  def: GraphDefinition;
  ids: string[];
  edges: Array<[string, string]>;
}

function shape(name: string, declared: string[], edges: Array<[string, string]>): Shape {
  return {
    name,
    ids: declared,
    edges,
    def: {
      id: name,
      nodes: declared.map((id) => ({ id, type: 'action', config: { service: 'noop' } })),
      connections: edges.map(([source, target], k) => ({ id: `e${k}`, source, target })),
    },
  };
}

/** A random DAG: a hidden order, ~3 edges per node to later nodes, nodes declared shuffled. */
export function randomDag(n: number, seed = 1): Shape {
  const random = prng(seed);
  const ids = Array.from({ length: n }, (_, i) => `node-${i}`);
  const edges: Array<[string, string]> = [];
  for (let i = 0; i < n - 1; i++) {
    for (let k = 0; k < 3; k++) {
      const span = Math.min(n - i - 1, 1 + Math.floor(random() * 200));
      edges.push([ids[i] as string, ids[i + 1 + Math.floor(random() * span)] as string]);
    }
  }
  const declared = ids.slice();
  for (let i = declared.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [declared[i], declared[j]] = [declared[j] as string, declared[i] as string];
  }
  return shape(`random DAG, ${n.toLocaleString('en-US')} nodes`, declared, edges);
}

/** A chain `step-0 → step-1 → … → step-(n-1)`, declared in order. */
export function chain(n: number): Shape {
  const ids = Array.from({ length: n }, (_, i) => `step-${i}`);
  const edges = ids.slice(1).map((id, i): [string, string] => [ids[i] as string, id]);
  return shape(`chain, ${n.toLocaleString('en-US')} deep`, ids, edges);
}

/**
 * The floor: Kahn's algorithm over typed arrays from the id and edge lists (ids interned in a
 * `Map`, CSR adjacency, FIFO queue), with no validation beyond refusing an unknown id and a cycle.
 */
export function kahnFloor(
  ids: readonly string[],
  edges: ReadonlyArray<[string, string]>,
): string[] {
  const n = ids.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(ids[i] as string, i);
  const m = edges.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const offsets = new Int32Array(n + 1);
  const degree = new Int32Array(n);
  for (let e = 0; e < m; e++) {
    const edge = edges[e] as [string, string];
    const s = index.get(edge[0]);
    const t = index.get(edge[1]);
    if (s === undefined || t === undefined) throw new Error(`unknown node in edge ${e}`);
    src[e] = s;
    dst[e] = t;
    (offsets[s + 1] as number)++;
    (degree[t] as number)++;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const targets = new Int32Array(m);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const s = src[e] as number;
    targets[fill[s] as number] = dst[e] as number;
    fill[s] = (fill[s] as number) + 1;
  }
  const queue = new Int32Array(n);
  let tail = 0;
  for (let i = 0; i < n; i++) if (degree[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    for (let k = offsets[v] as number; k < (offsets[v + 1] as number); k++) {
      const t = targets[k] as number;
      const d = (degree[t] as number) - 1;
      degree[t] = d;
      if (d === 0) queue[tail++] = t;
    }
  }
  if (tail < n) throw new Error('cycle');
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = ids[queue[i] as number] as string;
  return out;
}

/**
 * `toposort` recurses once per level, so a 100,000-deep chain overflows the main thread's stack.
 * This runs it in a worker with a 512 MB stack instead (same process, same machine), timing
 * `runs` repetitions after `warmup` there, and returns their times in ms.
 */
async function toposortInWorker(
  edges: ReadonlyArray<[string, string]>,
  runs: number,
  warmup: number,
): Promise<number[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const toposort = require('toposort');
    const { edges, runs, warmup } = workerData;
    for (let i = 0; i < warmup; i++) toposort(edges);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      toposort(edges);
      times.push(performance.now() - start);
    }
    parentPort.postMessage(times);
  `;
  const worker = new Worker(code, {
    eval: true,
    workerData: { edges, runs, warmup },
    resourceLimits: { stackSizeMb: 512 },
  });
  try {
    return await new Promise<number[]>((resolve, reject) => {
      worker.once('message', (times: number[]) => resolve(times));
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

/** A contender: a synchronous function timed in the main thread. */
type Contender = [name: string, fn: () => unknown];

const OURS = '@atom/workflow-engine: validate + topologicalOrder';
const FLOOR = 'floor: typed-array Kahn';

function contenders(s: Shape, peers: 'all' | 'fast'): Contender[] {
  const list: Contender[] = [
    [OURS, () => topologicalOrder(assertValidWorkflow(s.def))],
    [FLOOR, () => kahnFloor(s.ids, s.edges)],
    ['toposort', () => toposort(s.edges)],
    [
      'dependency-graph (overallOrder)',
      () => {
        const g = new DepGraph<undefined>();
        for (const id of s.ids) g.addNode(id);
        for (const [from, to] of s.edges) g.addDependency(to, from);
        return g.overallOrder();
      },
    ],
  ];
  if (peers === 'all') {
    list.push([
      'graphology-dag (topologicalSort)',
      () => {
        const g = new MultiDirectedGraph();
        for (const id of s.ids) g.addNode(id);
        for (const [from, to] of s.edges) g.addEdge(from, to);
        return topologicalSort(g);
      },
    ]);
  }
  return list;
}

function median(times: number[]): number {
  const sorted = times.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** One table: every contender run round-robin, `runs` times after one warm-up. */
async function table(s: Shape, runs: number, peers: 'all' | 'fast'): Promise<void> {
  console.log(
    `\nValidate + topological order: ${s.name}, ${s.edges.length.toLocaleString('en-US')} edges (median of ${runs}, round-robin)`,
  );
  const list = contenders(s, peers);
  const times = new Map<string, number[]>();
  const failed = new Map<string, string>();
  for (let rep = -1; rep < runs; rep++) {
    for (const [name, fn] of list) {
      if (failed.has(name)) continue;
      try {
        const start = performance.now();
        fn();
        const ms = performance.now() - start;
        if (rep >= 0) times.set(name, [...(times.get(name) ?? []), ms]);
      } catch (error) {
        failed.set(
          name,
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (failed.get('toposort')?.startsWith('RangeError') === true) {
    failed.delete('toposort');
    times.set('toposort (in a worker, 512 MB stack)', await toposortInWorker(s.edges, runs, 1));
  }
  const ours = median(times.get(OURS) ?? [Number.NaN]);
  const floor = median(times.get(FLOOR) ?? [Number.NaN]);
  for (const [name, ms] of times) {
    const m = median(ms);
    console.log(
      `  ${name.padEnd(52)} ${`${m.toFixed(1)} ms`.padStart(10)}  ours ÷ this ×${(ours / m).toFixed(2)}`,
    );
  }
  for (const [name, note] of failed) console.log(`  ${name.padEnd(52)} failed (${note})`);
  console.log(`  → ours ÷ floor ×${(ours / floor).toFixed(2)} (goal ≤ 2)`);
  const topo = times.get('toposort') ?? times.get('toposort (in a worker, 512 MB stack)');
  if (topo !== undefined)
    console.log(`  → ours ÷ toposort ×${(ours / median(topo)).toFixed(2)} (goal ≤ 0.5)`);
}

/** Runs the benchmark and prints one table per shape. */
export async function run(): Promise<void> {
  await table(randomDag(10_000), 10, 'all');
  await table(randomDag(100_000), 5, 'fast');
  await table(chain(100_000), 5, 'fast');
}

if (
  process.env.NO_BENCH_MAIN === undefined &&
  import.meta.url === `file://${process.argv[1] ?? ''}`
)
  await run();
