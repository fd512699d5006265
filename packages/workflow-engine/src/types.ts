/**
 * Definition types: the two Atom input forms (JSON, snake_case, seconds) and the normalised DAG the
 * engine runs (camelCase, milliseconds).
 *
 * @module
 */

/** How a node with several inbound edges decides whether it runs (see the spec, §4). */
export type JoinRule = 'all_success' | 'none_failed_min_one_success' | 'one_success' | 'all_done';

/** Every {@link JoinRule}, in documentation order. */
export const JOIN_RULES: readonly JoinRule[] = [
  'all_success',
  'none_failed_min_one_success',
  'one_success',
  'all_done',
];

/** Retry policy of a step (engine-wide default, overridable per step). Times in milliseconds. */
export interface RetryPolicy {
  /** Attempts in total, counting the first one. */
  maxAttempts: number;
  /** Delay before the second attempt. */
  initialDelayMs: number;
  /** Multiplier applied to the delay after each failed attempt (≥ 1). */
  backoffRate: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** `full`: a uniformly random delay in [0, computed delay]. */
  jitter: 'none' | 'full';
  /** Decides whether an error is retried at all; default: every error except non-retryable ones. */
  retryOn?: (error: unknown) => boolean;
}

/** A JSON Schema (an object, or `true`/`false`). */
export type JsonSchema = Record<string, unknown> | boolean;

/** Atom's retry block, in seconds (definition JSON). */
export interface RetryDef {
  max_attempts?: number;
  initial_delay_seconds?: number;
  backoff_rate?: number;
  max_delay_seconds?: number;
  jitter?: 'none' | 'full';
}

/** `config` of a graph-form node. */
export interface NodeConfig {
  service?: string;
  action?: string;
  parameters?: Record<string, unknown>;
  continue_on_error?: boolean;
  /** Seconds; 0 or null means no timeout. */
  timeout?: number | null;
  input_schema?: JsonSchema;
  output_schema?: JsonSchema;
  connectionId?: string;
  fallback_service?: string;
  retry?: RetryDef;
  join?: JoinRule;
}

/** A node of the graph form (visual builder). Fields the engine does not read are allowed. */
export interface GraphNodeDef {
  id: string;
  /** `trigger`, `action` (default) or any other string. */
  type?: string;
  title?: string;
  description?: string;
  position?: unknown;
  config?: NodeConfig;
}

/** A connection of the graph form. Two connections between the same nodes are two edges. */
export interface ConnectionDef {
  id?: string;
  source: string;
  target: string;
  /** Expression (see the README, "Expression language"); null or empty means unconditional. */
  condition?: string | null;
}

/** Graph form: `{ id | workflow_id, nodes, connections }`. */
export interface GraphDefinition {
  id?: string;
  workflow_id?: string;
  name?: string;
  created_by?: string;
  nodes: GraphNodeDef[];
  connections: ConnectionDef[];
}

/** An entry of a step's `depends_on`: a step id, or a step id with an edge condition. */
export type DependsOnEntry = string | { id: string; condition?: string | null };

/** A step of the linear form. */
export interface StepDef {
  id: string;
  name?: string;
  /** Stable ascending sort key; missing counts as 0. */
  sequence_order?: number;
  type?: string;
  service?: string;
  action?: string;
  parameters?: Record<string, unknown>;
  /** The step's own condition: false ⇒ SKIPPED. */
  condition?: string | null;
  /** Absent: the step follows the previous one (ordering edge). `[]`: a root. */
  depends_on?: DependsOnEntry[];
  continue_on_error?: boolean;
  /** Seconds; 0 or null means no timeout. */
  timeout?: number | null;
  fallback_service?: string;
  connection_id?: string;
  input_schema?: JsonSchema;
  output_schema?: JsonSchema;
  retry?: RetryDef;
  join?: JoinRule;
}

/** Linear form: `{ id, steps }`. */
export interface StepsDefinition {
  id: string;
  name?: string;
  steps: StepDef[];
}

/** Either Atom definition form. */
export type WorkflowDefinition = GraphDefinition | StepsDefinition;

/** A normalised node. */
export interface WorkflowNode {
  id: string;
  /** Declaration order (graph form: position in `nodes`; linear form: position after the stable sort by `sequence_order`). */
  index: number;
  type: string;
  title?: string;
  service?: string;
  action?: string;
  parameters: Record<string, unknown>;
  /** The step's own condition (linear form): false ⇒ SKIPPED. */
  condition?: string;
  continueOnError: boolean;
  timeoutMs?: number;
  inputSchema?: JsonSchema;
  outputSchema?: JsonSchema;
  connectionId?: string;
  fallbackService?: string;
  retry?: Partial<RetryPolicy>;
  join: JoinRule;
}

/** A normalised edge. */
export interface WorkflowEdge {
  id: string;
  source: string;
  target: string;
  condition?: string;
  /** `ordering`: a linear sequence edge, active once its source is terminal whatever its status. */
  kind: 'dependency' | 'ordering';
}

/** The normalised DAG. Treat it as immutable. */
export interface Workflow {
  id: string;
  name?: string;
  createdBy?: string;
  form: 'graph' | 'steps';
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}
