/**
 * Shared fast-check arbitraries: random DAGs (graph and linear form), random directed graphs that
 * may have cycles, and DAGs with conditions, joins and flags for random executions.
 */
import fc from 'fast-check';
import { JOIN_RULES } from '../src/types.js';
import type {
  ConnectionDef,
  DependsOnEntry,
  GraphDefinition,
  GraphNodeDef,
  JoinRule,
  StepDef,
  StepsDefinition,
} from '../src/types.js';

/** Node id of the i-th node. */
export const nodeId = (i: number): string => `n${i}`;

/** Options of the DAG arbitraries. */
export interface DagOptions {
  /** Fewest nodes (default 1). */
  minNodes?: number;
  /** Most nodes (default 12). */
  maxNodes?: number;
  /** Probability-ish density of edges: each pair i < j is an edge with chance 1/density (default 3). */
  density?: number;
}

/** A random set of edges `i → j` with `i < j` over `n` nodes, as index pairs (a DAG by construction). */
export function dagEdgesArbitrary(
  options: DagOptions = {},
): fc.Arbitrary<{ n: number; edges: Array<[number, number]> }> {
  const { minNodes = 1, maxNodes = 12, density = 3 } = options;
  return fc.integer({ min: minNodes, max: maxNodes }).chain((n) => {
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
    return fc
      .array(fc.integer({ min: 0, max: density - 1 }), {
        minLength: pairs.length,
        maxLength: pairs.length,
      })
      .map((picks) => ({ n, edges: pairs.filter((_, k) => picks[k] === 0) }));
  });
}

/**
 * A random DAG in graph form. Nodes are declared in a shuffled order so the topological order is not
 * simply the declaration order.
 */
export function graphDagArbitrary(options: DagOptions = {}): fc.Arbitrary<GraphDefinition> {
  return dagEdgesArbitrary(options).chain(({ n, edges }) =>
    fc
      .shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      )
      .map((declared) => ({
        id: 'random-dag',
        nodes: declared.map((i) => ({ id: nodeId(i), type: 'action', config: { service: 'svc' } })),
        connections: edges.map(([s, t], k) => ({
          id: `e${k}`,
          source: nodeId(s),
          target: nodeId(t),
        })),
      })),
  );
}

/** A random directed graph (self-loops and cycles allowed) in graph form, with its edge list. */
export function randomGraphArbitrary(
  options: { maxNodes?: number; maxEdges?: number } = {},
): fc.Arbitrary<{ def: GraphDefinition; n: number; edges: Array<[number, number]> }> {
  const { maxNodes = 10, maxEdges = 20 } = options;
  return fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: maxEdges }).map((edges) => ({
      n,
      edges,
      def: {
        id: 'random-graph',
        nodes: Array.from({ length: n }, (_, i) => ({ id: nodeId(i) })),
        connections: edges.map(([s, t]) => ({ source: nodeId(s), target: nodeId(t) })),
      },
    })),
  );
}

/** A random DAG in linear form: every step lists its sources in `depends_on` (roots `[]`). */
export function stepsDagArbitrary(options: DagOptions = {}): fc.Arbitrary<StepsDefinition> {
  return dagEdgesArbitrary(options).map(({ n, edges }) => ({
    id: 'random-steps',
    steps: Array.from({ length: n }, (_, i): StepDef => ({
      id: nodeId(i),
      service: 'svc',
      sequence_order: i + 1,
      depends_on: edges.filter(([, t]) => t === i).map(([s]) => nodeId(s)),
    })),
  }));
}

/**
 * Edge conditions a random execution can use. `${input.go}` is a boolean of the execution input;
 * `${<source>.value}` is the number in [0, 100) a scripted executor returns as `{ value }`.
 */
export const EDGE_CONDITIONS: readonly ((source: string) => string)[] = [
  () => '${input.go} == true',
  () => 'not ${input.go}',
  (source) => `\${${source}.value} > 50`,
  (source) => `\${${source}.value} <= 50 or False`,
];

/** A DAG with the knobs of a random execution, in graph form. */
export interface FlaggedDag {
  def: GraphDefinition;
  /** The same DAG in linear form (`depends_on` with edge conditions). */
  steps: StepsDefinition;
  n: number;
  edges: Array<{ source: number; target: number; condition?: string }>;
  joins: JoinRule[];
  continueOnError: boolean[];
}

/**
 * A random DAG with conditional edges (about a third), per-node join rules, `continue_on_error`
 * flags and optional retry blocks — for random executions (scripted executors return `{ value }`).
 */
export function flaggedDagArbitrary(
  options: DagOptions & { conditionRate?: number } = {},
): fc.Arbitrary<FlaggedDag> {
  const rate = options.conditionRate ?? 3;
  return dagEdgesArbitrary(options).chain(({ n, edges }) =>
    fc
      .record({
        conditions: fc.array(
          fc.option(fc.nat(EDGE_CONDITIONS.length - 1), { freq: rate, nil: undefined }),
          { minLength: edges.length, maxLength: edges.length },
        ),
        joins: fc.array(fc.constantFrom(...JOIN_RULES), { minLength: n, maxLength: n }),
        continueOnError: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        retries: fc.array(fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), {
          minLength: n,
          maxLength: n,
        }),
      })
      .map(({ conditions, joins, continueOnError, retries }) => {
        // fc.option yields `undefined` with chance 1/freq: invert so conditions are the minority.
        const withConditions = edges.map(([source, target], k) => {
          const pick = conditions[k];
          return pick === undefined
            ? {
                source,
                target,
                condition: (EDGE_CONDITIONS[k % EDGE_CONDITIONS.length] as (s: string) => string)(
                  nodeId(source),
                ),
              }
            : { source, target };
        });
        const nodes: GraphNodeDef[] = Array.from({ length: n }, (_, i) => {
          const attempts = retries[i];
          return {
            id: nodeId(i),
            type: 'action',
            config: {
              service: 'svc',
              join: joins[i] as JoinRule,
              continue_on_error: continueOnError[i] === true,
              ...(attempts === undefined
                ? {}
                : { retry: { max_attempts: attempts, initial_delay_seconds: 1 } }),
            },
          };
        });
        const connections: ConnectionDef[] = withConditions.map((e, k) => ({
          id: `e${k}`,
          source: nodeId(e.source),
          target: nodeId(e.target),
          ...(e.condition === undefined ? {} : { condition: e.condition }),
        }));
        const steps: StepDef[] = nodes.map((node, i) => ({
          id: node.id,
          service: 'svc',
          sequence_order: i + 1,
          join: joins[i] as JoinRule,
          continue_on_error: continueOnError[i] === true,
          ...(node.config?.retry === undefined ? {} : { retry: node.config.retry }),
          depends_on: withConditions
            .filter((e) => e.target === i)
            .map((e): DependsOnEntry =>
              e.condition === undefined
                ? nodeId(e.source)
                : { id: nodeId(e.source), condition: e.condition },
            ),
        }));
        return {
          def: { id: 'flagged-dag', nodes, connections },
          steps: { id: 'flagged-dag', steps },
          n,
          edges: withConditions,
          joins,
          continueOnError,
        };
      }),
  );
}
