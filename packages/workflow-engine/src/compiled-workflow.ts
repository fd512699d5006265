/**
 * Compiling a validated definition into the arrays the run loop reads: adjacency (the CSR of
 * `graph.ts`, not rebuilt), compiled edge and step conditions, merged retry policies.
 *
 * @module
 */
import type { CompiledCondition } from './conditions.js';
import type { Csr } from './graph.js';
import { buildCsr } from './graph.js';
import type { ResolvedEngineOptions } from './options.js';
import { mergeRetryPolicy } from './retry.js';
import type { RetryPolicy, Workflow, WorkflowEdge, WorkflowNode } from './types.js';

/** A definition prepared for one engine: everything a run needs that never changes. */
export interface CompiledWorkflow {
  /** The normalised definition. */
  readonly workflow: Workflow;
  /** `workflow.nodes`. */
  readonly nodes: readonly WorkflowNode[];
  /** Adjacency: out-edges of node `i` are `csr.edgeOf[csr.offsets[i] .. csr.offsets[i + 1])`. */
  readonly csr: Csr;
  /** Per edge: 1 for an ordering edge (active whatever its source's outcome). */
  readonly edgeOrdering: Uint8Array;
  /** Per edge: its compiled condition, if any. */
  readonly edgeCondition: ReadonlyArray<CompiledCondition | undefined>;
  /** Per node: its compiled own condition, if any. */
  readonly ownCondition: ReadonlyArray<CompiledCondition | undefined>;
  /** Per node: the engine policy merged with the node's `retry`. */
  readonly policies: readonly RetryPolicy[];
  /** Per node: 1 for a trigger without a service (completes at once with the execution input). */
  readonly trigger: Uint8Array;
  /** Per node: 1 when its `parameters` object has at least one key. */
  readonly hasParams: Uint8Array;
}

/** Compiles `workflow` (already validated) for an engine with `options`. */
export function compileWorkflow(
  workflow: Workflow,
  options: ResolvedEngineOptions,
): CompiledWorkflow {
  const nodes = workflow.nodes;
  const edges = workflow.edges;
  const n = nodes.length;
  const csr = buildCsr(workflow);
  const compiled = new Map<string, CompiledCondition | undefined>();
  const compile = (source: string | undefined): CompiledCondition | undefined => {
    if (source === undefined || source.trim() === '') return undefined;
    if (compiled.has(source)) return compiled.get(source);
    const r = options.conditions.compile(source);
    const c: CompiledCondition = r.ok
      ? r.condition
      : { source, evaluate: () => ({ ok: false, error: r.message }) };
    compiled.set(source, c);
    return c;
  };
  // Typed arrays by plain loops: `Uint8Array.from(list, fn)` goes through the iterator protocol,
  // about 40 times slower at 100,000 nodes, and this runs at every start.
  const edgeOrdering = new Uint8Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    edgeOrdering[e] = (edges[e] as WorkflowEdge).kind === 'ordering' ? 1 : 0;
  }
  const edgeCondition = edges.map((edge) => compile(edge.condition));
  const ownCondition = nodes.map((node) => compile(node.condition));
  const policies = nodes.map((node) => mergeRetryPolicy(options.retry, node.retry));
  const trigger = new Uint8Array(n);
  const hasParams = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const node = nodes[i] as WorkflowNode;
    trigger[i] = node.service === undefined && node.type === 'trigger' ? 1 : 0;
    for (const _ in node.parameters) {
      hasParams[i] = 1;
      break;
    }
  }
  return {
    workflow,
    nodes,
    csr,
    edgeOrdering,
    edgeCondition,
    ownCondition,
    policies,
    trigger,
    hasParams,
  };
}
