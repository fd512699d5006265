/**
 * Compressed adjacency (CSR) of a normalised workflow, built once per {@link Workflow} object and
 * shared by topological order, levels, cycle detection and validation.
 *
 * @module
 */
import { StringIndex } from './string-index.js';
import type { Workflow } from './types.js';

/** Adjacency in typed arrays: successors of node `v` are `targets[offsets[v] .. offsets[v+1])`. */
export interface Csr {
  /** Node count. */
  n: number;
  /** Node id → first node index with that id (empty ids left out). Built on first read. */
  readonly indexOf: Map<string, number>;
  /** The same as {@link Csr.indexOf}, faster: `ids.get(id)` is the first index, or -1. */
  ids: StringIndex;
  /** Successor ranges, length n + 1. */
  offsets: Int32Array;
  /** Successor node indices, in edge declaration order. */
  targets: Int32Array;
  /** Edge index (into `workflow.edges`) of each entry of `targets`. */
  edgeOf: Int32Array;
  /** In-degree per node (edges with both ends known). */
  inDegree: Int32Array;
  /** Per edge of `workflow.edges`: its source node index, or -1 when the source is unknown. */
  edgeSource: Int32Array;
  /** Per edge of `workflow.edges`: its target node index, or -1 when the target is unknown. */
  edgeTarget: Int32Array;
}

const cache = new WeakMap<Workflow, Csr>();

/** Builds (or returns the cached) CSR of `workflow`. Edges with an unknown end are left out. */
export function buildCsr(workflow: Workflow): Csr {
  const cached = cache.get(workflow);
  if (cached !== undefined) return cached;
  const { nodes, edges } = workflow;
  const n = nodes.length;
  const ids = new StringIndex(n);
  for (let i = 0; i < n; i++) {
    const id = (nodes[i] as { id: string }).id;
    // An empty id (a shape error) is not addressable: edges to it are dangling.
    if (id !== '') ids.setIfAbsent(id, i);
  }
  const m = edges.length;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const offsets = new Int32Array(n + 1);
  const inDegree = new Int32Array(n);
  let kept = 0;
  for (let e = 0; e < m; e++) {
    const edge = edges[e] as { source: string; target: string };
    const s = ids.get(edge.source);
    const t = ids.get(edge.target);
    src[e] = s;
    dst[e] = t;
    if (s < 0 || t < 0) continue;
    offsets[s + 1] = (offsets[s + 1] as number) + 1;
    inDegree[t] = (inDegree[t] as number) + 1;
    kept++;
  }
  for (let i = 1; i <= n; i++) offsets[i] = (offsets[i] as number) + (offsets[i - 1] as number);
  const targets = new Int32Array(kept);
  const edgeOf = new Int32Array(kept);
  const fill = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const s = src[e] as number;
    if (s < 0 || (dst[e] as number) < 0) continue;
    const at = fill[s] as number;
    targets[at] = dst[e] as number;
    edgeOf[at] = e;
    fill[s] = at + 1;
  }
  let indexOf: Map<string, number> | undefined;
  const csr: Csr = {
    n,
    get indexOf(): Map<string, number> {
      if (indexOf === undefined) {
        indexOf = new Map();
        for (let i = 0; i < n; i++) {
          const id = (nodes[i] as { id: string }).id;
          if (ids.get(id) === i) indexOf.set(id, i);
        }
      }
      return indexOf;
    },
    ids,
    offsets,
    targets,
    edgeOf,
    inDegree,
    edgeSource: src,
    edgeTarget: dst,
  };
  cache.set(workflow, csr);
  return csr;
}

/** Min-heap of node indices in an `Int32Array` (priority = the index itself). */
class IndexHeap {
  private readonly items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }
  push(value: number): void {
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as number;
      if (p <= value) break;
      items[i] = p;
      i = parent;
    }
    items[i] = value;
  }
  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items[--this.size] as number;
    const size = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (items[right] as number) < (items[child] as number)) child = right;
      const c = items[child] as number;
      if (c >= last) break;
      items[i] = c;
      i = child;
    }
    if (size > 0) items[i] = last;
    return top;
  }
}

/**
 * Kahn's algorithm, lowest declaration index first. Returns the node indices in order; when the
 * graph has a cycle the result is shorter than `n` (nodes on or after a cycle are missing).
 */
export function kahn(csr: Csr): Int32Array {
  const { n, offsets, targets } = csr;
  const degree = csr.inDegree.slice();
  const heap = new IndexHeap(n);
  for (let i = 0; i < n; i++) if (degree[i] === 0) heap.push(i);
  const order = new Int32Array(n);
  let count = 0;
  while (heap.size > 0) {
    const v = heap.pop();
    order[count++] = v;
    const end = offsets[v + 1] as number;
    for (let k = offsets[v] as number; k < end; k++) {
      const t = targets[k] as number;
      const d = (degree[t] as number) - 1;
      degree[t] = d;
      if (d === 0) heap.push(t);
    }
  }
  return order.subarray(0, count);
}

const orders = new WeakMap<Csr, Int32Array>();

/** {@link kahn} of `csr`, computed once per adjacency (validation and ordering share it). */
export function orderOf(csr: Csr): Int32Array {
  let order = orders.get(csr);
  if (order === undefined) {
    order = kahn(csr);
    orders.set(csr, order);
  }
  return order;
}

/**
 * One closed path per cyclic strongly connected component (`[n0, …, n0]` as node indices), starting
 * at the component's earliest-declared node, ordered by that node. Iterative Tarjan restricted to
 * the nodes Kahn could not order, then a BFS inside each component for a shortest cycle through its
 * first node.
 */
export function findCycles(csr: Csr, ordered: Int32Array): number[][] {
  const { n, offsets, targets } = csr;
  if (ordered.length === n) return [];
  const done = new Uint8Array(n);
  for (const v of ordered) done[v] = 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  let counter = 0;
  let comps = 0;
  const cyclic: Array<{ first: number; id: number }> = [];
  for (let root = 0; root < n; root++) {
    if (done[root] === 1 || index[root] !== -1) continue;
    callNode.push(root);
    callEdge.push(offsets[root] as number);
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top] as number;
      const k = callEdge[top] as number;
      if (k < (offsets[v + 1] as number)) {
        callEdge[top] = k + 1;
        // Never a node Kahn ordered: a node after an unordered one is unordered too.
        const w = targets[k] as number;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(offsets[w] as number);
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      if (callNode.length > 0) {
        const parent = callNode[callNode.length - 1] as number;
        if ((low[v] as number) < (low[parent] as number)) low[parent] = low[v] as number;
      }
      if (low[v] === index[v]) {
        let first = n;
        let size = 0;
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          comp[w] = comps;
          if (w < first) first = w;
          size++;
        } while (w !== v);
        // A single node is cyclic only with a self-loop (looked up only then).
        if (size > 1 || targets.subarray(offsets[v], offsets[v + 1]).includes(v)) {
          cyclic.push({ first, id: comps });
        }
        comps++;
      }
    }
  }
  cyclic.sort((a, b) => a.first - b.first);
  // Components are disjoint and each BFS stays inside its own, so `parent` is never reset.
  const parent = new Int32Array(n).fill(-1);
  return cyclic.map(({ first, id }) => {
    // BFS from `first` inside the component until an edge leads back to `first`.
    const queue = [first];
    parent[first] = first;
    let closing = -1;
    // `first` lies on a cycle inside the component: the search reaches an edge back to it.
    for (let head = 0; closing === -1; head++) {
      const v = queue[head] as number;
      for (let j = offsets[v] as number; j < (offsets[v + 1] as number); j++) {
        const w = targets[j] as number;
        if (w === first) {
          closing = v;
          break;
        }
        if (comp[w] !== id || parent[w] !== -1) continue;
        parent[w] = v;
        queue.push(w);
      }
    }
    const path: number[] = [first];
    for (let v = closing; v !== first; v = parent[v] as number) path.push(v);
    path.push(first);
    path.reverse();
    return path;
  });
}
