/**
 * Validate + topological order of random DAGs (10k and 100k nodes, ~3 edges each) against
 * toposort, dependency-graph and graphology-dag, in the same run. Each contender starts from the
 * same edge list and builds its own structure inside the timed region; ours starts from the Atom
 * graph-form JSON (validateWorkflow's every check included: shapes, ids, edges, conditions,
 * references, cycles).
 */
import { DepGraph } from 'dependency-graph';
import { MultiDirectedGraph } from 'graphology';
import { topologicalSort } from 'graphology-dag';
import toposort from 'toposort';
import { assertValidWorkflow } from '../src/validate-workflow.js';
import { topologicalOrder } from '../src/topological-order.js';
import type { GraphDefinition } from '../src/types.js';

/** Deterministic PRNG (mulberry32) so every run measures the same graphs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random DAG: a hidden order, ~3 edges per node to later nodes, nodes declared shuffled. */
export function randomDag(
  n: number,
  seed = 1,
): { def: GraphDefinition; edges: Array<[string, string]> } {
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
  const def: GraphDefinition = {
    id: `random-${n}`,
    nodes: declared.map((id) => ({ id, type: 'action', config: { service: 'noop' } })),
    connections: edges.map(([source, target], k) => ({ id: `e${k}`, source, target })),
  };
  return { def, edges };
}

/** Median wall time in ms of `fn` over `runs` runs after `warmup` runs. */
export function measure(fn: () => unknown, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const contenders = (
  def: GraphDefinition,
  edges: Array<[string, string]>,
): Array<[string, () => unknown]> => [
  [
    '@atom/workflow-engine: validate + topologicalOrder',
    () => topologicalOrder(assertValidWorkflow(def)),
  ],
  [
    '@atom/workflow-engine: topologicalOrder only',
    () => {
      // A fresh Workflow object each time: no cached adjacency.
      const wf = assertValidWorkflowOnce(def);
      return topologicalOrder({ ...wf });
    },
  ],
  ['toposort', () => toposort(edges)],
  [
    'dependency-graph (overallOrder)',
    () => {
      const g = new DepGraph<undefined>();
      for (const node of def.nodes) g.addNode(node.id);
      for (const [s, t] of edges) g.addDependency(t, s);
      return g.overallOrder();
    },
  ],
  [
    'graphology-dag (topologicalSort)',
    () => {
      const g = new MultiDirectedGraph();
      for (const node of def.nodes) g.addNode(node.id);
      for (const [s, t] of edges) g.addEdge(s, t);
      return topologicalSort(g);
    },
  ],
];

const normalized = new WeakMap<GraphDefinition, ReturnType<typeof assertValidWorkflow>>();
function assertValidWorkflowOnce(def: GraphDefinition): ReturnType<typeof assertValidWorkflow> {
  let wf = normalized.get(def);
  if (wf === undefined) {
    wf = assertValidWorkflow(def);
    normalized.set(def, wf);
  }
  return wf;
}

/** Runs the benchmark and prints one table per size. */
export async function run(): Promise<void> {
  for (const [n, runs] of [
    [10_000, 10],
    [100_000, 3],
  ] as const) {
    const { def, edges } = randomDag(n);
    console.log(
      `\nValidate + topological order: ${n.toLocaleString('en-US')} nodes, ${edges.length.toLocaleString('en-US')} edges (median of ${runs})`,
    );
    const rows: Array<{ name: string; ms: number | undefined; note?: string }> = [];
    for (const [name, fn] of contenders(def, edges)) {
      try {
        rows.push({ name, ms: measure(fn, runs, n >= 100_000 ? 1 : 2) });
      } catch (error) {
        rows.push({
          name,
          ms: undefined,
          note: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ours = rows[0]?.ms as number;
    for (const row of rows) {
      const cell = row.ms === undefined ? `failed (${row.note ?? ''})` : `${row.ms.toFixed(1)} ms`;
      const ratio = row.ms === undefined ? '' : `  ×${(row.ms / ours).toFixed(2)} vs ours`;
      console.log(`  ${row.name.padEnd(52)} ${cell.padStart(12)}${ratio}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await run();
