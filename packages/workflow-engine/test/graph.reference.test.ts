// buildCsr, kahn and findCycles checked against plain reference implementations (an edge list,
// "lowest ready index first" by scanning, reachability sets) on random graphs with duplicate and
// empty ids, dangling edges, parallel edges and self-loops; plus a fixed corpus (a seeded sample,
// the same under every FC_NUM_RUNS) and hand-picked shapes with their exact answers.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { buildCsr, findCycles, kahn } from '../src/graph.js';
import { fromGraph } from '../src/normalize.js';

interface Graph {
  ids: string[];
  edges: Array<[string, string]>;
}

const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 0, max: 9 }).chain((n) => {
  const id = fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: Math.max(0, n - 1) }).map((i) => `n${i}`) },
    { weight: 1, arbitrary: fc.constant('') },
  );
  const end = fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: Math.max(0, n - 1) }).map((i) => `n${i}`) },
    { weight: 1, arbitrary: fc.constantFrom('missing', '') },
  );
  return fc.record({
    ids: fc.array(id, { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(end, end), { maxLength: 3 * n }),
  });
});

function toCsr({ ids, edges }: Graph) {
  const workflow = fromGraph({
    id: 'w',
    nodes: ids.map((id) => ({ id })),
    connections: edges.map(([source, target]) => ({ source, target })),
  });
  return buildCsr(workflow);
}

/** The reference adjacency: edges with both ends known, per source, in declaration order. */
function reference({ ids, edges }: Graph) {
  const n = ids.length;
  const first = (id: string): number => (id === '' ? -1 : ids.indexOf(id));
  const succ: Array<Array<{ t: number; e: number }>> = ids.map(() => []);
  const inDegree = new Array<number>(n).fill(0);
  edges.forEach(([s, t], e) => {
    const [si, ti] = [first(s), first(t)];
    if (si < 0 || ti < 0) return;
    (succ[si] as Array<{ t: number; e: number }>).push({ t: ti, e });
    inDegree[ti] = (inDegree[ti] as number) + 1;
  });
  return { n, first, succ, inDegree };
}

function checkCsr(graph: Graph): void {
  const csr = toCsr(graph);
  const ref = reference(graph);
  expect(csr.n).toBe(ref.n);
  const offsets = [0];
  for (const list of ref.succ) offsets.push((offsets.at(-1) as number) + list.length);
  expect([...csr.offsets]).toEqual(offsets);
  expect([...csr.targets]).toEqual(ref.succ.flat().map((s) => s.t));
  expect([...csr.edgeOf]).toEqual(ref.succ.flat().map((s) => s.e));
  expect([...csr.inDegree]).toEqual(ref.inDegree);
  expect([...csr.edgeSource]).toEqual(graph.edges.map(([s]) => ref.first(s)));
  expect([...csr.edgeTarget]).toEqual(graph.edges.map(([, t]) => ref.first(t)));
}

function referenceKahn(graph: Graph): number[] {
  const { n, succ, inDegree } = reference(graph);
  const degree = [...inDegree];
  const taken = new Array<boolean>(n).fill(false);
  const order: number[] = [];
  for (;;) {
    const v = degree.findIndex((d, i) => d === 0 && !taken[i]);
    if (v === -1) return order;
    taken[v] = true;
    order.push(v);
    for (const { t } of succ[v] as Array<{ t: number }>) degree[t] = (degree[t] as number) - 1;
  }
}

function checkCycles(graph: Graph): void {
  const csr = toCsr(graph);
  const { n, succ } = reference(graph);
  const order = kahn(csr);
  expect([...order]).toEqual(referenceKahn(graph));
  const next = (v: number): number[] => (succ[v] as Array<{ t: number }>).map((s) => s.t);
  // reach[u]: the nodes reachable from u along at least one edge.
  const reach = Array.from({ length: n }, (_, u) => {
    const seen = new Set<number>();
    const queue = next(u);
    while (queue.length > 0) {
      const v = queue.shift() as number;
      if (seen.has(v)) continue;
      seen.add(v);
      queue.push(...next(v));
    }
    return seen;
  });
  const onCycle = (v: number): boolean => (reach[v] as Set<number>).has(v);
  const component = (u: number): number[] =>
    [...Array(n).keys()].filter(
      (v) => v === u || ((reach[u] as Set<number>).has(v) && (reach[v] as Set<number>).has(u)),
    );
  const firsts = [...Array(n).keys()].filter((u) => onCycle(u) && Math.min(...component(u)) === u);
  expect(order.length === n).toBe(firsts.length === 0);

  const cycles = findCycles(csr, order);
  expect(cycles.map((c) => c[0])).toEqual(firsts);
  cycles.forEach((cycle, k) => {
    const first = firsts[k] as number;
    const members = new Set(component(first));
    expect(cycle.at(-1)).toBe(first);
    for (const v of cycle) expect(members.has(v)).toBe(true);
    for (let i = 0; i + 1 < cycle.length; i++) {
      expect(next(cycle[i] as number)).toContain(cycle[i + 1]);
    }
    // Shortest: BFS distances from `first` inside the component.
    const dist = new Map([[first, 0]]);
    const queue = [first];
    while (queue.length > 0) {
      const v = queue.shift() as number;
      for (const w of next(v)) {
        if (members.has(w) && !dist.has(w)) {
          dist.set(w, (dist.get(v) as number) + 1);
          queue.push(w);
        }
      }
    }
    const shortest = Math.min(
      ...[...dist].filter(([v]) => next(v).includes(first)).map(([, d]) => d + 1),
    );
    expect(cycle.length - 1).toBe(shortest);
  });
}

describe('graph against reference implementations', () => {
  test.prop([graphArb])('buildCsr: offsets, targets, edge indices and degrees', checkCsr);
  test.prop([graphArb])(
    'kahn and findCycles: order, one shortest cycle per component',
    checkCycles,
  );

  it('agree on a fixed corpus of 400 graphs (seeded, independent of FC_NUM_RUNS)', () => {
    for (const graph of fc.sample(graphArb, { seed: 20261207, numRuns: 400 })) {
      checkCsr(graph);
      checkCycles(graph);
    }
  });
});

describe('graph: exact answers', () => {
  const graph = (n: number, edges: Array<[number, number]>): Graph => ({
    ids: Array.from({ length: n }, (_, i) => `n${i}`),
    edges: edges.map(([s, t]) => [`n${s}`, `n${t}`]),
  });

  it('leaves a dangling edge out without shifting the edges after it', () => {
    const csr = toCsr({
      ids: ['n0', 'n1'],
      edges: [
        ['n0', 'n1'],
        ['n1', 'n0'],
        ['n0', 'missing'],
        ['n0', 'n1'],
      ],
    });
    expect([...csr.offsets]).toEqual([0, 2, 3]);
    expect([...csr.targets]).toEqual([1, 1, 0]);
    expect([...csr.edgeOf]).toEqual([0, 3, 1]);
  });

  it('orders the lowest ready index first, even when it was declared after its successors', () => {
    // 5 → 0, 4 → 1, and 2, 3 free: ready at start 2, 3, 4, 5.
    const csr = toCsr(
      graph(6, [
        [5, 0],
        [4, 1],
        [3, 2],
      ]),
    );
    expect([...kahn(csr)]).toEqual([3, 2, 4, 1, 5, 0]);
  });

  it('reports a self-loop, a two-cycle and a cycle back to node 0, sorted by first node', () => {
    const csr = toCsr(
      graph(7, [
        [6, 6],
        [0, 1],
        [1, 2],
        [2, 0],
        [4, 3],
        [3, 4],
        [2, 5],
      ]),
    );
    expect(findCycles(csr, kahn(csr))).toEqual([
      [0, 1, 2, 0],
      [3, 4, 3],
      [6, 6],
    ]);
  });

  it('starts a cycle at the lowest node of its component, not where the search entered it', () => {
    // The search enters {3, 5} at 5 (from 1).
    const csr = toCsr(
      graph(6, [
        [1, 1],
        [1, 5],
        [5, 3],
        [3, 5],
      ]),
    );
    expect(findCycles(csr, kahn(csr))).toEqual([
      [1, 1],
      [3, 5, 3],
    ]);
  });

  it('a search that looked past its own component does not hide the next one', () => {
    // The search from 0 reaches 2 and 3 (another component) before it closes 0 → 1 → 4 → 0.
    const csr = toCsr(
      graph(5, [
        [0, 1],
        [1, 2],
        [1, 4],
        [2, 3],
        [3, 2],
        [4, 0],
      ]),
    );
    expect(findCycles(csr, kahn(csr))).toEqual([
      [0, 1, 4, 0],
      [2, 3, 2],
    ]);
  });

  it('finds the shortest way back inside a component, not the first one seen', () => {
    // 0 → 1 → 2 → 3 → 0 and the chord 1 → 3.
    const csr = toCsr(
      graph(4, [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 0],
        [1, 3],
      ]),
    );
    expect(findCycles(csr, kahn(csr))).toEqual([[0, 1, 3, 0]]);
  });

  it('returns nothing for an acyclic graph, and the order Kahn could make as a prefix', () => {
    const acyclic = toCsr(
      graph(3, [
        [0, 1],
        [1, 2],
      ]),
    );
    expect(findCycles(acyclic, kahn(acyclic))).toEqual([]);
    const cyclic = toCsr(
      graph(4, [
        [0, 1],
        [1, 2],
        [2, 1],
        [2, 3],
      ]),
    );
    expect([...kahn(cyclic)]).toEqual([0]);
  });
});
